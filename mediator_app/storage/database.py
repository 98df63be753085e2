"""An opened, migrated database: the one object the services receive."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError
from sqlmodel import Session

from mediator_app.domain.access import LOCAL_ACTOR, Actor
from mediator_app.errors import UserFacingError
from mediator_app.storage import accounts, derived
from mediator_app.storage.audit_chain import Head as AuditHead
from mediator_app.storage.audit_chain import HeadAnchor
from mediator_app.storage.engine import WRITE_OPTION, DatabaseDamaged, DatabaseTarget, damaged_message
from mediator_app.storage.migrate import check_not_newer, current_revisions, head_revision, needs_upgrade, upgrade
from mediator_app.storage.postgres import refuses_writes
from mediator_app.storage.readonly import read_only_message, server_read_only_message
from mediator_app.storage.repository import AUDIT_HEAD, raw_connection

if TYPE_CHECKING:
    from mediator_app.storage.replica import Replica

log = logging.getLogger(__name__)


class DatabaseUnavailable(UserFacingError):
    """A foreseeable condition of the file or disk (busy, full, read-only, damaged): nothing was written."""


def is_damage(exc: DatabaseError) -> bool:
    text = str(exc.orig).lower()
    return "malformed" in text or "not a database" in text or "corrupt" in text


# What psycopg/libpq say when the server went away (restart, cable, sleep) or cannot be reached.
_CONNECTION_LOST = (
    "server closed the connection",
    "terminating connection",
    "connection refused",
    "could not connect",
    "connection is closed",
    "the connection is lost",
    "consuming input failed",
    "connection timeout",
    "timeout expired",
    "no route to host",
    "network is unreachable",
    "the database system is starting up",
    "the database system is shutting down",
)


def connection_lost(exc: DatabaseError) -> bool:
    text = str(exc.orig).lower()
    return exc.connection_invalidated or any(phrase in text for phrase in _CONNECTION_LOST)


def explain(exc: DatabaseError, description: str) -> DatabaseUnavailable:
    """The Chinese message for a database error the user can do something about, or the error itself."""
    text = str(exc.orig).lower()
    if connection_lost(exc):
        # Not committed: the server rolls back a transaction whose connection broke. The pool
        # (pool_pre_ping, storage/postgres.py) opens a new connection for the next action.
        what = (
            "与数据库服务器的连接中断了（服务器重启、网线或网络故障），这次没有保存。"
            "填写的内容仍在窗口中；程序会自动重新连接，请稍后再保存"
        )
    elif "deadlock detected" in text or "could not serialize" in text:
        what = "另一台电脑正在同时修改相关的记录，这次没有保存。请再保存一次"
    elif "locked" in text or "busy" in text:
        what = (
            "数据文件正被另一个窗口或程序长时间占用（例如另一台电脑上的调解工作台、备份或杀毒软件），"
            "这次没有保存。请稍候再试；如一直如此，请关闭其他使用该文件的程序"
        )
    elif "full" in text:
        what = "磁盘空间已满，这次没有保存，数据文件完好。请删除不需要的文件、腾出磁盘空间后再保存"
    elif "read-only transaction" in text or "during recovery" in text:  # a hot standby (storage.replica)
        what = "这是只读的数据库（统计用的热备库），不能保存。保存请连接主库"
    elif "readonly" in text or "read-only" in text:
        what = "数据文件或其所在文件夹是只读的，不能保存。请检查文件属性或权限，或把数据文件复制到可写的位置"
    elif is_damage(exc):
        what = "数据文件已损坏，这次没有保存。请用“数据备份”中最近的备份恢复"
    elif "disk i/o" in text:
        what = "读写磁盘出错（磁盘已满、U盘被拔出或磁盘故障），这次没有保存，请检查磁盘后再试"
    else:
        what = f"数据库出错：{exc.orig}"
    return DatabaseUnavailable(f"{what}。（数据文件：{description}）")


def _check_readable(engine: Engine, description: str) -> None:
    """A read-only file is read as it is: at this program's schema, with nothing to migrate."""
    if engine.dialect.name == "postgresql":
        _check_server_at_head(engine, description)
        return
    if needs_upgrade(engine):
        raise DatabaseUnavailable(
            f"数据文件“{description}”是只读的，而且是旧版本程序的数据文件，需要升级后才能打开。"
            "请把它复制到可写的位置再打开（升级前会先自动备份）"
        )


def _check_server_at_head(engine: Engine, description: str) -> None:
    """A read-only server database (a hot standby) is read only at this program's schema: a replica
    that has not yet replayed the primary's upgrade, or holds no data of ours, is refused."""
    with engine.connect() as conn:
        check_not_newer(conn)
        found = current_revisions(conn)
    if not found:
        raise DatabaseUnavailable(
            f"只读的数据库“{description}”（统计用的热备库）中还没有调解工作台的数据。"
            "请先在主库上建立（mediator-cli init），等它同步到热备库后再试"
        )
    if found != (head_revision(),):
        raise DatabaseUnavailable(
            f"只读的数据库“{description}”（统计用的热备库）的版本落后于程序，不能读取。请等待主库升级并同步到热备库后再试"
        )


AUDIT_ACTOR = "audit_actor"  # the session.info key repository.add_audit reads the acting person from


class Database:
    """The open database and the person acting on it (`actor`): 本机用户 on a file without accounts,
    None until someone logs in on a file with accounts (docs/privacy.md, "Files without accounts").
    The services check `actor` against the permission matrix (services/access.py)."""

    def __init__(self, engine: Engine, description: str) -> None:
        self.engine = engine
        self.description = description
        # Transactions through this engine begin with BEGIN IMMEDIATE (storage.engine._on_begin).
        self.writer = engine.execution_options(**{WRITE_OPTION: True})
        # Told the new chain head after a unit of work that wrote audit rows has committed (set by
        # whoever opened the database: services.audit's checkpoint file beside it).
        self.audit_anchor: HeadAnchor | None = None
        # Why every write is refused, if it is: the file is read-only (storage.readonly), or a check
        # found it damaged (services.integrity) - a write into a damaged B-tree can spread the damage.
        self.writes_refused: str | None = None
        self.read_only = False  # opened from a file that cannot be written (storage.readonly)
        # Where the statistics read (`stats_connection`): the read replica when one is set (storage.replica).
        self.replica: Replica | None = None
        # Why the last statistics read was not from the replica that is set (shown in the status bar).
        self.stats_note: str | None = None
        self.actor: Actor | None = None
        with self.read_connection() as conn:
            if not accounts.has_accounts(conn):
                self.actor = LOCAL_ACTOR

    @classmethod
    def open(cls, target: DatabaseTarget) -> Database:
        """Create the engine, create or upgrade the schema (refusing a newer database), and bring the
        search index up to date (rebuilt only after a change of its format or an interrupted bulk load)."""
        engine = target.create_engine()
        read_only = bool(getattr(target, "read_only", False))
        try:
            # A hot standby refuses writes: opened like a read-only file, or opening would fail on
            # the first schema check or index-state write (docs/centre.md, "The county's server").
            read_only = read_only or refuses_writes(engine)
            if read_only:
                _check_readable(engine, target.describe())
            else:
                if needs_upgrade(engine):
                    target.backup_before_upgrade()
                upgrade(engine)
                if derived.ensure_current(engine):
                    log.info("search index rebuilt: %s", target.describe())
        except DatabaseError as exc:  # also "file is not a database" (a wrong or damaged file), not only locks
            engine.dispose()
            if engine.dialect.name == "postgresql":
                raise UserFacingError(
                    f"无法连接数据库服务器“{target.describe()}”：{exc.orig}。"
                    "请检查网络、服务器地址、用户名和密码，或请技术人员查看服务器是否运行"
                ) from exc
            if is_damage(exc):
                raise DatabaseDamaged(damaged_message(target.describe(), exc.orig)) from exc
            raise UserFacingError(f"无法打开数据文件“{target.describe()}”：{exc.orig}") from exc
        except BaseException:
            engine.dispose()
            raise
        log.info("database opened%s: %s", " read-only" if read_only else "", target.describe())
        db = cls(engine, target.describe())
        if read_only:
            refused = server_read_only_message if engine.dialect.name == "postgresql" else read_only_message
            db.writes_refused, db.read_only = refused(target.describe()), True
        return db

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """One transaction: committed if the block ends normally, rolled back on any exception.

        Just before the commit, the derived data (`due_on`, the search index) is brought up to date
        for every case the block changed (`storage.changes`, `storage.derived`), inside the same
        transaction.
        """
        if self.writes_refused is not None:
            raise DatabaseUnavailable(self.writes_refused)
        head: AuditHead | None = None
        try:
            with Session(self.writer, expire_on_commit=False) as session:
                with session.begin():
                    if self.actor is not None:
                        session.info[AUDIT_ACTOR] = self.actor.audit_name
                    yield session
                    derived.sync_pending(session)
                head = session.info.get(AUDIT_HEAD)
        except (OperationalError, DatabaseError) as exc:
            if isinstance(exc, IntegrityError):  # a constraint: the caller's bug or its own check
                raise
            raise explain(exc, self.description) from exc
        if head is not None and self.audit_anchor is not None:
            self.audit_anchor.record(head)  # the new head anchored outside the table (services.audit)

    @contextmanager
    def reader(self) -> Iterator[Session]:
        try:
            with Session(self.engine) as session:
                yield session
        except OperationalError as exc:
            # A read during a server restart (seen in CI: "the database system is shutting down")
            # is told like a write: nothing changed, the pool reconnects on the next action.
            if not connection_lost(exc):
                raise
            raise DatabaseUnavailable(
                "与数据库服务器的连接中断了（服务器重启、网线或网络故障），这次没有读到数据。"
                f"程序会自动重新连接，请稍后再试。（数据文件：{self.description}）"
            ) from exc

    @contextmanager
    def read_connection(self) -> Iterator[Any]:
        """The DB-API connection inside one read transaction (one consistent snapshot), for the
        loader and the query modules of storage/ (which import no SQLAlchemy)."""
        with self.reader() as session:
            yield raw_connection(session)

    @contextmanager
    def stats_connection(self) -> Iterator[Any]:
        """The read connection of the statistics (the reports, the platform export, the director's
        board, the 以案定补 claims): the read replica's when one is set and answers, else this
        database's, with `stats_note` saying why (docs/centre.md). Writes never go through it."""
        with ExitStack() as stack:
            conn = self._replica_connection(stack)
            if conn is None:
                conn = stack.enter_context(self.read_connection())
            yield conn

    def _replica_connection(self, stack: ExitStack) -> Any:
        self.stats_note = None
        if self.replica is None:
            return None
        try:
            return stack.enter_context(self.replica.read_connection())
        except UserFacingError as exc:
            # Unreachable, behind, or not ours: the primary answers instead, and the status bar says so.
            log.warning("statistics read from the primary: the read replica is unavailable")
            self.stats_note = f"统计库（只读热备库）暂时不能用，这次的统计从主库读取。{exc.message}"
            return None

    def close(self) -> None:
        if self.replica is not None:
            self.replica.close()
        self.engine.dispose()
