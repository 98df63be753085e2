"""Test-wide setup and the fixtures every layer of tests shares.

Qt must run offscreen (no display needed): set before anything imports Qt. Its screen is 800×800
unless `MEDIATOR_TEST_SCREEN=1366x768` (say) asks for the office PC's screen, as the screenshots of
tests/gui/test_new_user_walk.py are taken.

The shared fixtures, defined here once:
- `db`: a migrated, empty SQLite file (`room.sqlite3` in the test's temporary folder), closed after the test;
  in a module marked `pytest.mark.engines` the test runs twice, the second time (`engine` =
  "postgresql") against a database of its own on a throwaway PostgreSQL cluster (`tests/pgcluster.py`,
  one per session). Without PostgreSQL's server binaries those variants skip, except in CI (``CI=true``),
  where they fail.
- `db_location`: what `--db` is given for `db` (the file path, or the server URL).
- `committee`: the committee `committee_db` is set up with (`make_committee()`); a module that needs
  another overrides this one fixture.
- `committee_db`: `db` with `committee` saved, the state every service that registers a case needs.
  A module whose tests all expect a committee in `db` says `pytestmark = pytest.mark.usefixtures("committee_db")`.
- `run`: `mediator-cli` run in process (`tests/clirun.py`).
- `memory_keyring`: a working credential store for one test (`tests/keyrings.py`).

Qt-only fixtures (the application, waiting for background jobs, answered message boxes) stay in
`tests/gui/conftest.py`.
"""

from __future__ import annotations

import gc
import os
import warnings
from collections.abc import Callable, Generator, Iterator
from contextlib import ExitStack
from pathlib import Path

import keyring
import pytest

from mediator_app.domain.model import Committee
from mediator_app.services import cases
from mediator_app.storage.database import Database
from tests import engines, pgcluster
from tests.clirun import Run, run_cli
from tests.factories import make_committee
from tests.keyrings import MemoryKeyring
from tests.screens import offscreen_platform

os.environ["QT_QPA_PLATFORM"] = offscreen_platform(os.environ.get("MEDIATOR_TEST_SCREEN", ""))  # nothing above loads Qt
# The account every command and window of the suite acts as (docs/privacy.md, "Scripts and tests"):
# `mediator-cli init` creates it as the administrator, later commands log in with it, and so does the
# window on a file that has accounts. Tests of the rules without accounts remove these.
TEST_USER, TEST_PASSWORD = "admin", "test-admin-2026"
os.environ["MEDIATOR_USER"] = TEST_USER
os.environ["MEDIATOR_PASSWORD"] = TEST_PASSWORD

DB_FILE = "room.sqlite3"


def pytest_configure(config: pytest.Config) -> None:
    # The offscreen platform plugin warns whenever a top-level window's size limits change
    # (QPlatformWindow::propagateSizeHints has no offscreen implementation). Real platforms (xcb,
    # windows) implement it; the message says nothing about the program, so it must not fail a test.
    config.addinivalue_line("qt_log_ignore", r"This plugin does not support propagateSizeHints\(\)")
    config.addinivalue_line("markers", "engines: run the module's `db` tests on SQLite and on PostgreSQL")
    config.addinivalue_line("markers", "sqlite_only: in an `engines` module, a test of SQLite itself (PRAGMAs, files)")


ENGINES = ("sqlite", "postgresql")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Generator[None, None, None]:
    """After a test on the PostgreSQL server, once all its fixtures are gone, collect what it left in
    reference cycles. A psycopg connection some test leaves open (its database dropped WITH (FORCE)
    under it) was otherwise collected during a random later test and failed that one with psycopg's
    ResourceWarning (test_dashboard[sqlite] in a CI run). Which test leaves it is not found yet: see
    docs/testing-notes.md."""
    yield
    if "postgresql" in item.nodeid:  # the engine's id in a parametrised test's name
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            gc.collect()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """`engines`-marked modules: every test that uses `engine` (through `db`) runs on both engines."""
    marked = metafunc.definition.get_closest_marker("engines") and not metafunc.definition.get_closest_marker(
        "sqlite_only"
    )
    if "engine" in metafunc.fixturenames and marked:
        metafunc.parametrize("engine", ENGINES, indirect=True)


@pytest.fixture
def engine(request: pytest.FixtureRequest) -> str:
    """The database engine of this test: "sqlite" unless the module is marked `engines`."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[pgcluster.Cluster | None]:
    """A throwaway PostgreSQL cluster for the session, or None when the binaries are absent."""
    try:
        cluster = pgcluster.start_cluster()
    except FileNotFoundError:
        yield None
        return
    try:
        cluster.execute(f"CREATE DATABASE {engines.TEMPLATE_DB}")
        migrated = cases.open_database(cluster.url(engines.TEMPLATE_DB))  # the migrations, once per session
        migrated.close()
        yield cluster
    finally:
        pgcluster.stop_cluster(cluster)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where `db` lives on SQLite."""
    return tmp_path / DB_FILE


@pytest.fixture
def db_location(engine: str, request: pytest.FixtureRequest, db_path: Path) -> Iterator[Path | str]:
    """What `--db` names for this test's database: the SQLite file, or a PostgreSQL URL."""
    cluster = request.getfixturevalue("pg_cluster") if engine == "postgresql" else None
    with engines.new_location(engine, cluster, db_path) as location:
        yield location


@pytest.fixture
def db(db_location: Path | str) -> Iterator[Database]:
    """A migrated, empty database, closed after the test."""
    database = cases.open_database(db_location)
    yield database
    database.close()


@pytest.fixture
def new_db(engine: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[str], Database]]:
    """`new_db(name)`: another new, migrated, empty database on this test's engine, closed after the test."""
    cluster = request.getfixturevalue("pg_cluster") if engine == "postgresql" else None
    with ExitStack() as stack:
        yield lambda name: stack.enter_context(engines.new_database(engine, cluster, tmp_path / name))


@pytest.fixture
def committee() -> Committee:
    """The committee of `committee_db`; override it in a module for another name or short name."""
    return make_committee()


@pytest.fixture
def committee_db(db: Database, committee: Committee) -> Database:
    """`db` with `committee` saved."""
    cases.save_committee(db, committee)
    return db


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """A working credential store for one test (the machine's own is never touched)."""
    before = keyring.get_keyring()
    store = MemoryKeyring()
    keyring.set_keyring(store)
    yield store
    keyring.set_keyring(before)


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    """`run(*argv)` -> (exit code, stdout, stderr) of `mediator-cli argv`, run in process."""

    def _run(*argv: str) -> tuple[int, str, str]:
        return run_cli(capsys, argv)

    return _run
