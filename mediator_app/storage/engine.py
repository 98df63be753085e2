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
from mediator_app.storage.dialect import BUSY_TIMEOUT_MS, SQLITE

__all__ = ["BUSY_TIMEOUT_MS", "DatabaseTarget", "SqliteFile"]


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
        for pragma in SQLITE.connect_pragmas(BUSY_TIMEOUT_MS):
            cur.execute(pragma)
        mode = cur.execute(SQLITE.journal_mode("WAL")).fetchone()[0]
        if mode != "wal":  # pragma: no cover - e.g. a network share that cannot do WAL
            cur.execute(SQLITE.journal_mode("DELETE"))
        cur.execute(SQLITE.durable())
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")
