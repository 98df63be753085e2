"""The bulk demo path writes exactly what the ordinary per-case path writes."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from mediator_app.services import cases, demo, procedure
from mediator_app.storage import audit_check
from mediator_app.storage import search as index

N, SEED = 120, 11
TIMESTAMPS = {"created_at", "updated_at", "at"}  # the moment of writing, not content
CHAIN = {"prev_hash", "row_hash"}  # cover the moment too; checked by walking each chain instead


def _dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(path) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' "
                "AND name NOT LIKE 'search_fts_%' AND name NOT LIKE 'sqlite_%' "
                "AND name != 'alembic_version'"
            )
        ]
        out = {}
        for table in tables:
            columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")') if r[1] not in TIMESTAMPS | CHAIN]
            out[table] = conn.execute(f'SELECT {", ".join(columns)} FROM "{table}" ORDER BY 1, 2').fetchall()
    conn.close()
    return out


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("bulk")
    bulk, per_case = folder / "bulk.sqlite3", folder / "per_case.sqlite3"
    seen: list[tuple[int, int]] = []
    db = cases.open_database(bulk)
    assert demo.fill_demo(db, N, SEED, progress=lambda d, t: seen.append((d, t)), batch_size=50) == N
    assert seen == [(50, N), (100, N), (120, N)]
    db.close()
    db = cases.open_database(per_case)
    assert demo.fill_demo_per_case(db, N, SEED, batch_size=50) == N
    db.close()
    return bulk, per_case


def test_bulk_and_per_case_paths_write_the_same_rows(both: tuple[Path, Path]) -> None:
    bulk, per_case = both
    a, b = _dump(bulk), _dump(per_case)
    assert set(a) == set(b) and {"dispute_case", "step_record", "search_doc", "case_procedure"} <= set(a)
    for table in a:
        assert a[table] == b[table], table
    for path in both:  # both writers chain the same rows the same way
        with closing(sqlite3.connect(path)) as conn:
            state = audit_check.walk(audit_check.iter_rows(conn))
        assert state.broken is None and state.rows == len(a["audit_log"]) > N
    assert len(a["step_record"]) > N  # the generator gives records to cases past 受理


def test_bulk_cases_equal_the_generated_ones(both: tuple[Path, Path]) -> None:
    db = cases.open_database(both[0])
    generated = list(demo.iter_demo(N, SEED))
    stored = sorted(cases.list_cases(db), key=lambda s: s.id)
    assert len(stored) == N
    for item, summary in zip(generated, stored, strict=True):
        got = cases.get_case(db, summary.id)
        item.case.id, item.case.number, item.case.committee_id = got.id, got.number, got.committee_id
        item.case.version = got.version  # storage keeps the version
        assert got == item.case
        view = procedure.workflow(db, summary.id, today=demo.LAST_DAY)
        assert [r.content for r in view.records] == [r.content for r in item.records]
        assert [(r.kind, r.held_at, r.result) for r in view.records] == [
            (r.kind, r.held_at, r.result) for r in item.records
        ]
        assert view.state == demo.procedure_state(item.case)
    db.close()


def test_bulk_index_is_complete_and_current(both: tuple[Path, Path]) -> None:
    from tests.integration.test_search import check_index

    for path in both:
        db = cases.open_database(path)
        check_index(db)
        with db.reader() as session:
            assert index.is_current(session.connection())
        db.close()


def test_generator_gives_records_that_fit_the_stage() -> None:
    for item in demo.iter_demo(200, 3):
        stage = item.case.status
        if stage in ("登记", "受理", "不予受理"):
            assert item.records == []
        if stage == "调查":
            assert [r.kind.value for r in item.records] == ["调查"]
        if item.records:
            assert [r.held_at for r in item.records] == sorted(r.held_at for r in item.records)
            start = item.case.accepted_on or item.case.registered_on
            assert all(start <= r.held_at.date() <= demo.LAST_DAY for r in item.records)
    texts = [len(d.case.facts) + sum(len(r.content) for r in d.records) for d in demo.iter_demo(200, 3)]
    assert 250 < sum(texts) / len(texts) < 900  # "a few hundred characters" per case
