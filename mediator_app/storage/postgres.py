"""A PostgreSQL server as a `DatabaseTarget`: a township one-stop centre's workstations share one
database (docs/centre.md). SQLAlchemy with the psycopg 3 driver; the schema is created and upgraded by
the same Alembic migrations as a village room's SQLite file.

The connection pool checks a connection before handing it out (``pool_pre_ping``) and renews
connections older than half an hour, so a workstation that slept, lost the cable for a while or saw
the server restart reconnects by itself on its next action; TCP keepalives find a dead server while
a connection is idle. A write that fails because the connection broke is rolled back by the server
(nothing half-written) and the user is told it was not saved (`storage.database.explain`).
"""

from __future__ import annotations

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from mediator_app.errors import UserFacingError
from mediator_app.frozen import frozen
from mediator_app.paths import is_server_url as is_server_url  # re-exported: the one test of a URL

CONNECT_TIMEOUT_S = 10  # a workstation waits this long for an unreachable server, then says so
POOL_RECYCLE_S = 1800  # firewalls and NAT often drop connections idle for an hour


@frozen
class PostgresServer:
    """A PostgreSQL 15+ database at a libpq URL (``postgresql://user@host:5432/mediation?sslmode=…``)."""

    url: str
    # Open for reading only (the statistics' read replica, storage.replica): the server refuses every
    # write of the session (default_transaction_read_only), and nothing is migrated or rebuilt.
    read_only: bool = False
    connect_timeout: int = CONNECT_TIMEOUT_S

    def sqlalchemy_url(self) -> str:
        try:
            url = make_url(self.url.strip())
            url.port  # noqa: B018  (parsed here: a port that is not a number fails now, not at connect)
        except (ArgumentError, ValueError) as exc:  # not a URL at all, or a port that is not a number
            raise UserFacingError(f"数据库地址格式不对：{exc}。应为 postgresql://用户名@服务器:5432/数据库名") from exc
        if url.get_backend_name() not in ("postgresql", "postgres"):
            raise UserFacingError("数据库地址应以 postgresql:// 开头")
        return url.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)

    def describe(self) -> str:
        """The address without its password (shown in the status bar and written to logs)."""
        return make_url(self.sqlalchemy_url()).set(drivername="postgresql").render_as_string(hide_password=True)

    def backup_before_upgrade(self) -> None:
        # PostgreSQL runs the whole upgrade in one transaction (DDL is transactional): a failed
        # migration leaves the database as it was. The centre's backups are pg_dump's (docs/centre.md).
        return None

    def create_engine(self) -> Engine:
        return create_engine(
            self.sqlalchemy_url(),
            pool_pre_ping=True,
            pool_recycle=POOL_RECYCLE_S,
            connect_args={
                "connect_timeout": self.connect_timeout,
                "application_name": "mediator-desk",
                # The audit log and the case history hold UTC moments in columns without a zone (as on
                # SQLite); an aware value is converted with the session's zone, so that zone is UTC.
                "options": "-c timezone=UTC" + (" -c default_transaction_read_only=on" if self.read_only else ""),
                "keepalives": 1,
                "keepalives_idle": 60,
                "keepalives_interval": 10,
                "keepalives_count": 3,
            },
        )


def refuses_writes(engine: Engine) -> bool:
    """Whether the server behind `engine` takes no writes: a hot standby (a streaming read replica,
    ``pg_is_in_recovery()``) or a session whose transactions are read-only. Such a database is opened
    like a read-only file: nothing migrated, no search index state written (storage.database)."""
    if engine.dialect.name != "postgresql":
        return False
    with engine.connect() as conn:
        row = conn.exec_driver_sql("SELECT pg_is_in_recovery(), current_setting('default_transaction_read_only')").one()
    return bool(row[0]) or row[1] == "on"
