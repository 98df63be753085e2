"""Engine creation, one class per kind of database.

Everything above storage receives an `Engine` and never builds URLs itself, so an encrypted SQLite
(SQLCipher through ``creator=`` plus ``PRAGMA key``) or a PostgreSQL server for a township centre can
be added as another `DatabaseTarget` without touching the rest.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import URL, Engine, create_engine, event

from mediator_app.errors import UserFacingError
from mediator_app.frozen import frozen
from mediator_app.storage.backup import backup_file, backup_folder, backup_name
from mediator_app.storage.dialect import BUSY_TIMEOUT_MS as BUSY_TIMEOUT_MS  # re-exported: cipher.py reads it here
from mediator_app.storage.dialect import SQLITE
from mediator_app.storage.readonly import read_only_uri, writable

# PRAGMA application_id of this program's files ("MDSK"): set when a file is created or upgraded, so
# another program's SQLite file is told apart from ours before anything writes to it.
APPLICATION_ID = 0x4D44534B
WRITE_OPTION = "mediator_write"  # execution option: this transaction will write (see _on_begin)


class DatabaseTarget(Protocol):
    """Where the data lives. `describe()` is shown to users and written to logs (no secrets)."""

    def create_engine(self) -> Engine: ...

    def describe(self) -> str: ...

    def backup_before_upgrade(self) -> None:
        """Make a verified backup before the schema of an existing database is upgraded."""


@frozen
class SqliteFile:
    """A plain SQLite file: WAL, foreign keys on, busy timeout, durable commits (synchronous=FULL)."""

    path: Path

    def describe(self) -> str:
        return str(self.path)

    def backup_before_upgrade(self) -> None:
        # A migration rewrites tables in place; if it, the disk or the power fails half-way, the
        # backup beside the database is the way back (storage.backup verifies it before we go on).
        backup_file(self.path, backup_folder(self.path) / backup_name(dt.datetime.now(), "migration"))

    @property
    def read_only(self) -> bool:
        """An existing file that cannot be written (storage.readonly): opened for reading only."""
        return self.path.is_file() and not writable(self.path)

    def create_engine(self) -> Engine:
        check_ours(self.path)
        if self.read_only:
            uri = read_only_uri(self.path)
            engine = create_engine(
                "sqlite://",
                creator=lambda: sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False),
            )
            install_sqlite_hooks(engine, read_only=True)
            return engine
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserFacingError(f"无法创建数据文件夹“{self.path.parent}”：{exc.strerror}") from exc
        # URL.create, not an f-string: a folder name with "?" or "%xx" must not become URL syntax.
        engine = create_engine(
            URL.create("sqlite", database=str(self.path)),
            connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        )
        install_sqlite_hooks(engine)
        return engine


def install_sqlite_hooks(engine: Engine, read_only: bool = False) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy, not pysqlite, decide where transactions begin (SQLAlchemy's documented
        # recipe), so every unit of work - migrations included - is one real transaction.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        for pragma in SQLITE.connect_pragmas(BUSY_TIMEOUT_MS):
            cur.execute(pragma)
        if read_only:  # the journal mode is the file's to keep: a read-only connection cannot set it
            cur.close()
            return
        mode = cur.execute(SQLITE.journal_mode("WAL")).fetchone()[0]
        if mode != "wal":  # pragma: no cover - e.g. a network share that cannot do WAL
            cur.execute(SQLITE.journal_mode("DELETE"))
        cur.execute(SQLITE.durable())
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # A unit of work takes the write lock at its start (BEGIN IMMEDIATE), inside the busy timeout.
        # A deferred transaction that reads, then writes, cannot wait for the lock in WAL mode: if
        # another writer committed since its snapshot, SQLite answers SQLITE_BUSY at once (two parallel
        # imports lost 10 of 120 writes that way). Readers stay deferred and never block a writer.
        write = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


class NotOurFile(UserFacingError):
    """The path is not a database of this program; it was not opened for writing and is unchanged."""


class DatabaseUnreadable(UserFacingError):
    """The disk under the file failed while it was read; nothing was changed."""


class DatabaseDamaged(UserFacingError):
    """The file is ours but damaged so badly it cannot be opened; the newest good backup is the way back."""


def damaged_message(description: str, detail: object) -> str:
    return (
        f"数据文件“{description}”已损坏，无法打开（{detail}）。"
        "请用最近一份完好的备份恢复（工具 → 数据备份）；损坏的文件会另存一份，不会删除。"
    )


SQLITE_MAGIC = b"SQLite format 3\x00"


def check_ours(path: Path) -> None:
    """Refuse, before any write, a path that is not a new file nor this program's database.

    A new file (the path does not exist) is created by the caller. An existing file must carry this
    program's `APPLICATION_ID`, or - written by an earlier version - no application id and an Alembic
    version table. A directory, an empty (zero-byte) file, another program's SQLite file and bytes that
    are not SQLite are refused with a Chinese message; the file is only read (``mode=ro``), so its bytes
    stay as they were: connecting normally would already switch it to WAL mode and add our tables.
    """
    if not path.exists():
        return
    if path.is_dir():
        raise NotOurFile(f"无法打开数据文件“{path}”：这是一个文件夹。请指定数据文件本身（如 mediation.sqlite3）")
    if path.stat().st_size == 0:
        raise NotOurFile(
            f"“{path}”是一个空文件，不是调解工作台的数据文件，没有打开它。如要在这里新建数据文件，请先删除这个空文件"
        )
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            return  # a busy file of ours is reported by the normal path with its own message
        if "disk i/o" in str(exc).lower():
            raise DatabaseUnreadable(
                f"无法读取数据文件“{path}”：读写磁盘出错（磁盘已满、U盘被拔出或磁盘故障），文件没有改动。"
                "请检查磁盘、腾出空间后再试"
            ) from exc
        if "malformed" in str(exc) and _has_sqlite_header(path):
            raise DatabaseDamaged(damaged_message(str(path), exc)) from exc
        raise NotOurFile(f"无法打开数据文件“{path}”：它不是数据文件，或者已经损坏（{exc}），文件没有改动。") from exc
    if app_id == APPLICATION_ID or (app_id == 0 and "alembic_version" in tables):
        return
    raise NotOurFile(
        f"无法打开数据文件“{path}”：这是其他程序的数据文件，不是调解工作台的数据文件，没有改动它。"
        "请指定调解工作台的数据文件"
    )


def _has_sqlite_header(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False
