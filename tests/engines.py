"""Running a test on both engines (`pytest.mark.engines`, tests/conftest.py): a new, migrated database
on SQLite or on the session's throwaway PostgreSQL cluster, and the parameter marks of the driver for
a test that writes its own SQL. Everything else the tests say through the program's own services
and loader, which take the engine's SQL from storage/dialect.py.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from mediator_app.services import cases
from mediator_app.storage.database import Database
from tests.pgcluster import Cluster

if TYPE_CHECKING:
    import psycopg

TEMPLATE_DB = "mediator_template"  # migrated once per session; each test's database is a copy of it
_numbers = itertools.count(1)


def is_postgres(db: Database) -> bool:
    return db.engine.dialect.name == "postgresql"


def sql(db: Database, text: str) -> str:
    """`text` with its ``?`` parameters in the driver's style (``%s`` for psycopg)."""
    return text.replace("?", "%s") if is_postgres(db) else text


def connect(url: str, autocommit: bool = False) -> psycopg.Connection[Any]:
    """A plain psycopg connection to the server database `url` names (the program's SQLAlchemy URL,
    ``postgresql+psycopg://``), for a test's own SQL."""
    import psycopg

    return psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=autocommit)


def require(cluster: Cluster | None) -> Cluster:
    """The cluster, or skip (fail in CI: ``CI=true``) when PostgreSQL is not installed here."""
    if cluster is None:
        if os.environ.get("CI") == "true":
            pytest.fail("PostgreSQL server binaries not found: CI must run the PostgreSQL variants (.ci/run)")
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not installed")
    return cluster


@contextmanager
def new_location(engine: str, cluster: Cluster | None, file: Path) -> Iterator[Path | str]:
    """Where a new, migrated, empty database is: `file` on SQLite, a new database on PostgreSQL
    (a copy of the template, dropped afterwards)."""
    if engine != "postgresql":
        yield file
        return
    server = require(cluster)
    name = f"t{os.getpid()}_{next(_numbers)}"
    server.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE_DB}")
    try:
        yield server.url(name)
    finally:
        server.execute(f"DROP DATABASE {name} WITH (FORCE)")


@contextmanager
def module_location(request: pytest.FixtureRequest, file: Path) -> Iterator[Path | str]:
    """`new_location` for a module-scoped fixture with ``params=ENGINES``: the engine is
    ``request.param``, the cluster the session's."""
    engine = str(request.param)
    cluster = request.getfixturevalue("pg_cluster") if engine == "postgresql" else None
    with new_location(engine, cluster, file) as location:
        yield location


@contextmanager
def filled_location(
    request: pytest.FixtureRequest, file: Path, fill: Callable[[Database], object]
) -> Iterator[Path | str]:
    """`module_location` with the data `fill` writes into it, its connections closed again (each
    test opens its own, as a program or a command would)."""
    with module_location(request, file) as location:
        db = cases.open_database(location)
        try:
            fill(db)
        finally:
            db.close()
        yield location


@contextmanager
def new_database(engine: str, cluster: Cluster | None, file: Path) -> Iterator[Database]:
    with new_location(engine, cluster, file) as location:
        db = cases.open_database(location)
        try:
            yield db
        finally:
            db.close()
