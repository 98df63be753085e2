"""The read replica the statistics read from (docs/centre.md, "The county's server, on paper"): a
PostgreSQL hot standby of the centre's database, named by ``--stats-db``, $MEDIATOR_STATS_DB or
设置 → 数据库. `Database.stats_connection` asks it for a read connection; every save, and a report's
confirmation, stays on the primary.

The replica is opened on its first use, read-only (nothing migrated, no index state written; the
server refuses every write of the session), with a short connection timeout. When it cannot be
reached, is behind the program's schema, or is not a standby of ours, the statistics read the primary
and the reason is shown; it is tried again after `RETRY_S`, so an unreachable replica does not hold up
every report for the connection timeout.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

from sqlalchemy.exc import DatabaseError

from mediator_app.errors import UserFacingError
from mediator_app.storage.database import Database
from mediator_app.storage.postgres import PostgresServer

CONNECT_TIMEOUT_S = 3  # a report waits this long for an unreachable replica, then reads the primary
RETRY_S = 60.0  # after a failure the primary answers for this long before the replica is tried again


class Replica:
    """The statistics' read replica at `url`, opened when first asked."""

    def __init__(self, url: str) -> None:
        self.server = PostgresServer(url, read_only=True, connect_timeout=CONNECT_TIMEOUT_S)
        self._db: Database | None = None
        self._failed: tuple[float, str] | None = None  # when it last failed, and why
        self._bad = ""  # why the address cannot be used at all (told at each report, never retried)
        try:
            self.description = self.server.describe()
        except UserFacingError as exc:
            self.description, self._bad = "统计库", f"统计库的地址不对：{exc.message}"

    def database(self) -> Database:
        """The replica, opened read-only; a `UserFacingError` saying why not."""
        if self._bad:
            raise UserFacingError(self._bad)
        if self._failed is not None and time.monotonic() - self._failed[0] < RETRY_S:
            raise UserFacingError(self._failed[1])
        if self._db is not None:
            return self._db
        try:
            opened = Database.open(self.server)
        except UserFacingError as exc:
            self._failed = (time.monotonic(), exc.message)
            raise
        if not opened.read_only:  # cannot happen with read_only=True; a writable replica would be a bug
            opened.close()
            raise UserFacingError(f"统计库“{self.description}”不是只读的热备库")
        self._db, self._failed = opened, None
        return opened

    @contextmanager
    def read_connection(self) -> Iterator[Any]:
        """A read transaction on the replica; the `UserFacingError` before anything is read when it
        does not answer (a lost connection is retried on the next report, the pool reconnecting)."""
        db = self.database()
        with ExitStack() as stack:
            try:
                conn = stack.enter_context(db.read_connection())
            except DatabaseError as exc:
                self._failed = (time.monotonic(), f"无法连接统计库“{self.description}”：{exc.orig}")
                raise UserFacingError(self._failed[1]) from exc
            except UserFacingError as exc:
                self._failed = (time.monotonic(), exc.message)
                raise
            yield conn

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
