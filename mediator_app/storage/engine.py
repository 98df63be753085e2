"""Engine creation, one class per kind of database.

Everything above storage receives an `Engine` and never builds URLs itself, so an encrypted SQLite
(SQLCipher through ``creator=`` plus ``PRAGMA key``) or a PostgreSQL server for a township centre can
be added as another `DatabaseTarget` without touching the rest.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import URL, Engine, create_engine, event

from mediator_app.errors import UserFacingError

BUSY_TIMEOUT_MS = 10_000
WRITE_OPTION = "mediator_write"  # execution option: this transaction will write (see _on_begin)


class DatabaseTarget(Protocol):
    """Where the data lives. `describe()` is shown to users and written to logs (no secrets)."""

    def create_engine(self) -> Engine: ...

    def describe(self) -> str: ...


@dataclass(frozen=True)
class SqliteFile:
    """A plain SQLite file: WAL, foreign keys on, busy timeout, durable commits (synchronous=FULL)."""

    path: Path

    def describe(self) -> str:
        return str(self.path)

    def create_engine(self) -> Engine:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserFacingError(f"无法创建数据文件夹“{self.path.parent}”：{exc.strerror}") from exc
        # URL.create, not an f-string: a folder name with "?" or "%xx" must not become URL syntax.
        engine = create_engine(
            URL.create("sqlite", database=str(self.path)),
            connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        )
        _install_sqlite_hooks(engine)
        return engine


def _install_sqlite_hooks(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy, not pysqlite, decide where transactions begin (SQLAlchemy's documented
        # recipe), so every unit of work - migrations included - is one real transaction.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        mode = cur.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if mode != "wal":  # pragma: no cover - e.g. a network share that cannot do WAL
            cur.execute("PRAGMA journal_mode=DELETE")
        # FULL: a commit that returned survives a power cut (NORMAL in WAL mode may lose it).
        cur.execute("PRAGMA synchronous=FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # A unit of work takes the write lock at its start (BEGIN IMMEDIATE), inside the busy timeout.
        # A deferred transaction that reads, then writes, cannot wait for the lock in WAL mode: if
        # another writer committed since its snapshot, SQLite answers SQLITE_BUSY at once (two parallel
        # imports lost 10 of 120 writes that way). Readers stay deferred and never block a writer.
        write = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
