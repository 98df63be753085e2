"""Statistics from a streaming read replica (docs/centre.md, "The county's server, on paper"), against a
REAL hot standby of the session's PostgreSQL cluster (tests/pgcluster.py `start_standby`, one per
module): the standby opens read-only (nothing migrated or written) and refuses saves in words; a
report read through `--stats-db` counts a case saved on the primary once the standby has replayed it,
and not before (replay paused); saves and confirmations go to the primary; an unreachable replica, or
one behind the program's schema, leaves the reports on the primary with a note, never an error.
PostgreSQL only: skipped without the server binaries, failed in CI (tests/engines.py `require`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.exc import DatabaseError

from mediator_app.services import cases
from mediator_app.services.statistics import snapshots, workflow
from mediator_app.services.statistics.period import Kind, Period
from mediator_app.storage.database import Database, DatabaseUnavailable
from mediator_app.storage.server_probe import check_server
from tests import engines
from tests.clirun import Run
from tests.factories import make_case, make_committee
from tests.pgcluster import Cluster, _free_port, start_standby, stop_cluster, wait_replayed, wait_true

AT = dt.datetime(2026, 11, 3, 9)
MONTH = Period.of(Kind.MONTHLY, 2026, month=11)
NAME = "stats_replica"  # the module's database on the primary, replayed to the standby


@dataclass
class Pair:
    primary: Cluster
    standby: Cluster

    def url(self, on_standby: bool, database: str = NAME) -> str:
        return (self.standby if on_standby else self.primary).libpq(database)


@pytest.fixture(scope="module")
def pair(pg_cluster: Cluster | None) -> Iterator[Pair]:
    primary = engines.require(pg_cluster)
    primary.execute(f"CREATE DATABASE {NAME} TEMPLATE {engines.TEMPLATE_DB}")
    db = cases.open_database(primary.libpq(NAME))
    cases.save_committee(db, make_committee())
    db.close()
    standby = start_standby(primary)
    try:
        yield Pair(primary, standby)
    finally:
        stop_cluster(standby)
        primary.execute(f"DROP DATABASE {NAME} WITH (FORCE)")


@pytest.fixture
def primary_db(pair: Pair) -> Iterator[Database]:
    """The primary, its statistics read from the standby (as `--stats-db` sets it)."""
    db = cases.open_database(pair.url(False), stats_db=pair.url(True))
    yield db
    db.close()


def _new_cases(report: workflow.Report) -> int:
    return int(next(row[1] for row in report.table("综合情况").rows if row[0] == "本期新收"))


def test_a_hot_standby_opens_read_only_and_refuses_every_write_in_words(pair: Pair) -> None:
    wait_replayed(pair.primary, pair.standby)
    db = cases.open_database(pair.url(True))
    try:
        assert db.read_only and db.writes_refused is not None and "热备库" in db.writes_refused
        with pytest.raises(DatabaseUnavailable, match="只读"):
            cases.register_case(db, make_case(2), AT.date())
        # A write that went round the refusal is refused by the server itself, and told in words.
        with pytest.raises(DatabaseError, match="read-only transaction"), db.engine.begin() as conn:
            conn.exec_driver_sql("DELETE FROM dispute_case")
        db.writes_refused = None
        with pytest.raises(DatabaseUnavailable, match="热备库"):
            cases.register_case(db, make_case(2), AT.date())
        assert cases.get_committee(db) is not None  # reading works
    finally:
        db.close()


def test_the_connection_test_says_a_standby_is_a_replica_for_the_statistics(pair: Pair) -> None:
    wait_replayed(pair.primary, pair.standby)
    found = check_server(pair.url(True))
    assert found.ok and "只读的热备库" in found.message
    assert "热备库" not in check_server(pair.url(False)).message


def test_the_report_reads_the_replica_and_counts_a_case_once_it_is_replayed(pair: Pair, primary_db: Database) -> None:
    before = _new_cases(workflow.generate(primary_db, MONTH, AT.date()))
    pair.primary.execute("SELECT 1")  # (the replay is paused on the standby, not on the primary)
    pair.standby.execute("SELECT pg_wal_replay_pause()")
    try:
        cases.register_case(primary_db, make_case(2), AT.date())  # saved on the primary
        paused = workflow.generate(primary_db, MONTH, AT.date())
        # Read from the standby, which has not replayed the save yet: not counted; no note (not a fallback)
        assert _new_cases(paused) == before and primary_db.stats_note is None
    finally:
        pair.standby.execute("SELECT pg_wal_replay_resume()")
    wait_replayed(pair.primary, pair.standby)
    made = workflow.generate(primary_db, MONTH, AT.date())
    assert _new_cases(made) == before + 1 and primary_db.stats_note is None
    # Confirming writes: on the primary, where the frozen version is then read.
    report = workflow.generate(primary_db, MONTH, AT.date())
    assert report.problems == []
    confirmed = snapshots.confirm(primary_db, report, "王主任")
    assert confirmed.version == 1 and snapshots.frozen(primary_db, MONTH) == confirmed


def test_an_unreachable_replica_leaves_the_reports_on_the_primary_with_a_note(pair: Pair) -> None:
    nowhere = f"postgresql://{pair.primary.libpq().split('//')[1].split('@')[0]}@127.0.0.1:{_free_port()}/{NAME}"
    db = cases.open_database(pair.url(False), stats_db=nowhere)
    try:
        cases.register_case(db, make_case(2), AT.date())
        made = workflow.generate(db, MONTH, AT.date())
        with db.read_connection() as conn:  # what the primary counts
            cur = conn.cursor()
            cur.execute("SELECT COUNT(*) FROM dispute_case WHERE accepted_on >= '2026-11-01'")
            counted = cur.fetchone()[0]
        assert _new_cases(made) == counted > 0
        assert db.stats_note is not None and "从主库读取" in db.stats_note and "统计库" in db.stats_note
    finally:
        db.close()


def test_a_replica_behind_the_programs_schema_is_refused_in_words_and_the_primary_answers(pair: Pair) -> None:
    old = "stats_replica_old"
    pair.primary.execute(f"CREATE DATABASE {old} TEMPLATE {engines.TEMPLATE_DB}")
    try:
        pair.primary.execute("UPDATE alembic_version SET version_num = '0015'", old)  # as before an upgrade
        wait_true(pair.standby, "SELECT version_num = '0015' FROM alembic_version", old)
        with pytest.raises(DatabaseUnavailable, match="版本落后于程序"):
            cases.open_database(pair.url(True, old))
        db = cases.open_database(pair.url(False), stats_db=pair.url(True, old))
        try:
            workflow.generate(db, MONTH, AT.date())
            assert db.stats_note is not None and "版本落后于程序" in db.stats_note
        finally:
            db.close()
    finally:
        pair.primary.execute(f"DROP DATABASE {old} WITH (FORCE)")


def test_the_report_command_reads_the_replica_and_says_when_it_cannot(pair: Pair, run: Run, tmp_path: Path) -> None:
    wait_replayed(pair.primary, pair.standby)
    out = tmp_path / "2026-10.xlsx"
    args = ("report", "monthly", "--year", "2026", "--month", "10", "-o", str(out))  # November is confirmed
    code, _, err = run("--db", pair.url(False), "--stats-db", pair.url(True), *args)
    assert code in (0, 2) and "提示" not in err and out.exists()
    nowhere = f"postgresql://127.0.0.1:{_free_port()}/{NAME}"
    code, _, err = run("--db", pair.url(False), "--stats-db", nowhere, *args)
    assert code in (0, 2) and "提示：统计库" in err and "Traceback" not in err
