"""Schema creation and upgrade, only through Alembic, run by the program itself.

A database whose revision this program does not know was written by a newer program; it is
refused rather than opened, so an old installation cannot damage newer data.
"""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from mediator_app.errors import UserFacingError
from mediator_app.paths import migrations_path
from mediator_app.storage.engine import APPLICATION_ID

# FTS5 virtual tables, their shadow tables and fts5vocab tables are created by hand-written DDL in
# the migrations; autogenerate (and the schema test) must not see them as unknown tables.
FTS_TABLE_PREFIXES = ("search_fts_", "search_vocab_")


def include_name(name: str | None, type_: str, _parent_names: object) -> bool:
    """Alembic `include_name` hook: leave the full-text tables out of schema comparisons."""
    return not (type_ == "table" and name is not None and name.startswith(FTS_TABLE_PREFIXES))


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_path()))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revisions(conn: Connection) -> tuple[str, ...]:
    return tuple(MigrationContext.configure(conn).get_current_heads())


def check_not_newer(conn: Connection) -> None:
    script = ScriptDirectory.from_config(alembic_config())
    known = {rev.revision for rev in script.walk_revisions()}
    unknown = [rev for rev in current_revisions(conn) if rev not in known]
    if unknown:
        raise UserFacingError(
            "这个数据文件是由更新版本的调解工作台创建的（数据库版本 "
            f"{', '.join(unknown)}），当前程序无法打开。请安装最新版本的程序后再打开，数据没有被改动。"
        )


def needs_upgrade(engine: Engine) -> bool:
    """Whether an existing database (one with a schema revision) is older than this program's schema."""
    with engine.connect() as conn:
        found = current_revisions(conn)
    return bool(found) and found != (head_revision(),) and not set(found) - known_revisions()


def known_revisions() -> set[str]:
    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest revision in one transaction; refuse a newer database."""
    with engine.begin() as conn:
        check_not_newer(conn)
        mark_ours(conn)
        if current_revisions(conn) == (head_revision(),):
            return
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def mark_ours(conn: Connection) -> None:
    """Stamp the file with this program's application id (storage.engine.check_ours reads it)."""
    if conn.dialect.name == "sqlite" and conn.exec_driver_sql("PRAGMA application_id").scalar() != APPLICATION_ID:
        conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
