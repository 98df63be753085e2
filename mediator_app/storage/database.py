"""An opened, migrated database: the one object the services receive."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError
from sqlmodel import Session

from mediator_app.errors import UserFacingError
from mediator_app.storage import derived
from mediator_app.storage.engine import DatabaseTarget
from mediator_app.storage.migrate import upgrade
from mediator_app.storage.repository import raw_connection

log = logging.getLogger(__name__)


class Database:
    def __init__(self, engine: Engine, description: str) -> None:
        self.engine = engine
        self.description = description

    @classmethod
    def open(cls, target: DatabaseTarget) -> Database:
        """Create the engine, create or upgrade the schema (refusing a newer database), and bring the
        search index up to date (rebuilt only after a change of its format or an interrupted bulk load)."""
        engine = target.create_engine()
        try:
            upgrade(engine)
            if derived.ensure_current(engine):
                log.info("search index rebuilt: %s", target.describe())
        except DatabaseError as exc:  # also "file is not a database" (a wrong or damaged file), not only locks
            engine.dispose()
            raise UserFacingError(f"无法打开数据文件“{target.describe()}”：{exc.orig}") from exc
        except BaseException:
            engine.dispose()
            raise
        log.info("database opened: %s", target.describe())
        return cls(engine, target.describe())

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """One transaction: committed if the block ends normally, rolled back on any exception.

        Just before the commit, the derived data (`due_on`, the search index) is brought up to date
        for every case the block changed (`storage.changes`, `storage.derived`), inside the same
        transaction.
        """
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session
            derived.sync_pending(session)

    @contextmanager
    def reader(self) -> Iterator[Session]:
        with Session(self.engine) as session:
            yield session

    @contextmanager
    def read_connection(self) -> Iterator[Any]:
        """The DB-API connection inside one read transaction (one consistent snapshot), for the
        loader and the query modules of storage/ (which import no SQLAlchemy)."""
        with self.reader() as session:
            yield raw_connection(session)

    def close(self) -> None:
        self.engine.dispose()
