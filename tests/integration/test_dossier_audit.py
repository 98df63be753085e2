"""The dossier audit over a generated database against the facts the full loader reads case by case,
and `mediator-cli audit-dossiers` (table, --json, exit status, a print counted as the paper)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from mediator_app.domain.dossier import DOSSIER_PRINT, ENDED_STAGES, audit
from mediator_app.domain.records import RecordKind
from mediator_app.services import cases, demo
from mediator_app.services.dossier_audit import audit_dossiers, case_lacks
from mediator_app.storage import loader
from mediator_app.storage.database import Database
from mediator_app.storage.dossier_query import dossier_facts
from tests.clirun import Run
from tests.conftest import ENGINES
from tests.engines import filled_location, sql

pytestmark = pytest.mark.engines  # the audit's SQL runs on SQLite and on PostgreSQL


@pytest.fixture(scope="module", params=ENGINES)
def demo_path(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path | str]:
    with filled_location(request, tmp_path_factory.mktemp("dossier") / "demo.sqlite3", _fill) as location:
        yield location


def _fill(db: Database) -> None:
    demo.fill_demo(db, 300, seed=9)


@pytest.fixture
def demo_db(demo_path: Path | str) -> Iterator[Database]:
    db = cases.open_database(demo_path)
    yield db
    db.close()


def test_the_facts_match_what_the_loader_reads(demo_db: Database) -> None:
    with demo_db.read_connection() as conn:
        facts = {f.case_id: f for f in dossier_facts(conn)}
        files = [f for f in loader.iter_case_files(conn) if f.state.stage in ENDED_STAGES]
    assert len(files) == len(facts) > 50
    for file in files:
        f = facts[file.case.id or 0]
        kinds = [r.kind for r in file.records]
        assert f.number == file.case.number
        assert (f.investigations, f.sessions) == (
            kinds.count(RecordKind.INVESTIGATION),
            kinds.count(RecordKind.SESSION),
        )
        assert f.visits == len(file.visits)
        assert f.accepted_on == file.case.accepted_on
        assert (f.parties_signed_on, f.mediator_signed_on, f.sealed_on) == (
            file.state.parties_signed_on,
            file.state.mediator_signed_on,
            file.state.sealed_on,
        )
        assert f.mediator == (file.case.mediators[0] if file.case.mediators else "")
    results = [audit(f) for f in facts.values()]
    assert any(r.complete for r in results) and any(not r.complete for r in results)


def test_the_command_lists_the_lacks_and_a_print_is_seen(demo_path: Path | str, demo_db: Database, run: Run) -> None:
    results = audit_dossiers(demo_db)
    incomplete = [r for r in results if not r.complete]
    code, out, _ = run("--db", str(demo_path), "audit-dossiers", "--json")
    assert code == 2
    listed = json.loads(out)
    assert [x["number"] for x in listed] == [r.facts.number for r in incomplete]
    assert all(x["lacks"] for x in listed)
    code, out, _ = run("--db", str(demo_path), "audit-dossiers")
    assert f"卷宗不全 {len(incomplete)} 件" in out and incomplete[0].lacks[0] in out
    # Printing the whole dossier is recorded and seen by the audit.
    case_id = results[0].facts.case_id
    with demo_db.unit_of_work() as session:
        session.connection().exec_driver_sql(
            sql(
                demo_db,
                "INSERT INTO audit_log (at, actor, case_id, action, detail)"
                " VALUES ('2026-01-01 00:00:00', 't', ?, ?, '')",
            ),
            (case_id, DOSSIER_PRINT),
        )
    again = {r.facts.case_id: r for r in audit_dossiers(demo_db)}
    assert DOSSIER_PRINT in again[case_id].facts.printed
    code, _, err = run("--db", str(demo_path), "audit-dossiers", "--from", "2026-02-01", "--to", "2026-01-01")
    assert code != 0 and "起始日期晚于截止日期" in err


def test_before_archiving_one_case_the_same_lacks_are_named(demo_db: Database) -> None:
    incomplete = next(r for r in audit_dossiers(demo_db) if not r.complete)
    assert case_lacks(demo_db, incomplete.facts.case_id) == incomplete.lacks
    with demo_db.read_connection() as conn:
        open_case = next(f.case.id for f in loader.iter_case_files(conn) if f.state.stage not in ENDED_STAGES)
    assert open_case is not None
    assert case_lacks(demo_db, open_case) == ()  # not ended: nothing to archive yet
