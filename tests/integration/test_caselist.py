"""The lazy case list's queries against a Python reference: filters, sorts, pages, overdue."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections.abc import Iterator

import pytest

from mediator_app.domain.records import ReturnVisit, TermCheck
from mediator_app.services import caselist as cl
from mediator_app.services import cases, demo, procedure
from mediator_app.services.statistics import facts
from mediator_app.storage import procedure_repo as prepo
from mediator_app.storage.database import Database
from tests.conftest import ENGINES
from tests.engines import new_database

pytestmark = pytest.mark.engines  # on SQLite and on PostgreSQL

TODAY = dt.date(2026, 9, 1)


@pytest.fixture(scope="module", params=ENGINES)
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """400 demo cases with visits and extensions, on each engine."""
    cluster = request.getfixturevalue("pg_cluster") if request.param == "postgresql" else None
    with new_database(request.param, cluster, tmp_path_factory.mktemp("list") / "list.sqlite3") as database:
        _fill(database)
        yield database


def _fill(database: Database) -> None:
    demo.fill_demo(database, 400, seed=8)
    # Some terms found performed by a return visit, some mediations extended: overdue must follow.
    rows = cl.page(database, cl.CaseFilter(stages=("履行中",)), limit=1000)
    for row in rows[:15]:
        case = cases.get_case(database, row.id)
        assert case.agreement is not None
        with database.unit_of_work() as session:
            prepo.add_visit(
                session,
                row.id,
                ReturnVisit(
                    visited_on=TODAY,
                    visitor="王桂兰",
                    visited="申请人",
                    satisfaction="满意",
                    terms=[TermCheck(t.seq, "已履行") for t in case.agreement.terms],
                ),
            )
    for row in cl.page(database, cl.CaseFilter(stages=("调解中",)), limit=5):
        procedure.extend_mediation(database, row.id, 60, both_parties_consent=True)


def _reference(db: Database) -> list[dict[str, object]]:
    """Every case with what the list shows, computed the slow way (the case view's own deadlines)."""
    out = []
    for summary in cases.list_cases(db):
        case = cases.get_case(db, summary.id)
        view = procedure.workflow(db, summary.id, today=TODAY)
        overdue = any(i.overdue for i in view.due if i.kind in ("调解期限", "履行期限"))
        seq = int(case.number.split("第")[1].rstrip("号"))
        out.append(
            {
                "id": case.id,
                "number": case.number,
                "year": case.registered_on.year,
                "seq": seq,
                "date": case.registered_on,
                "type": case.dispute_type,
                "source": case.source.value,
                "status": case.status,
                "mediators": case.mediators,
                "overdue": overdue,
                "parties": "、".join(p.name for p in case.parties),
                "first": facts.get_stats(db, summary.id).special_group,  # served first (docs/linkage.md)
            }
        )
    return out


@pytest.fixture(scope="module")
def reference(db: Database) -> list[dict[str, object]]:
    return _reference(db)


FILTERS = [
    cl.CaseFilter(),
    cl.CaseFilter(stages=("调解中",)),
    cl.CaseFilter(stages=("履行中", "结案归档")),
    cl.CaseFilter(dispute_type="邻里纠纷"),
    cl.CaseFilter(mediator="王桂兰"),
    cl.CaseFilter(source="网格员上报"),
    cl.CaseFilter(registered_from=dt.date(2026, 1, 1), registered_to=dt.date(2026, 3, 31)),
    cl.CaseFilter(overdue=True),
    cl.CaseFilter(overdue=True, dispute_type="邻里纠纷", mediator="李建国"),
    cl.CaseFilter(stages=("结案归档",), source="当事人申请", registered_from=dt.date(2025, 6, 1)),
]


def _keep(f: cl.CaseFilter, r: dict[str, object]) -> bool:
    date = r["date"]
    assert isinstance(date, dt.date)
    return (
        (not f.stages or r["status"] in f.stages)
        and (not f.dispute_type or r["type"] == f.dispute_type)
        and (not f.source or r["source"] == f.source)
        and (not f.mediator or f.mediator in r["mediators"])
        and (f.registered_from is None or date >= f.registered_from)
        and (f.registered_to is None or date <= f.registered_to)
        and (not f.overdue or bool(r["overdue"]))
    )


def _key(sort: cl.CaseSort, r: dict[str, object]) -> tuple[object, ...]:
    if sort.key is cl.SortKey.NUMBER:
        return (r["year"], r["seq"])
    if sort.key is cl.SortKey.TYPE:
        return (r["type"],)
    if sort.key is cl.SortKey.STAGE:
        return (cl.STAGE_ORDER.index(str(r["status"])),)
    # By date (the default order) the special groups' cases come first, in either direction.
    return (r["first"] if sort.descending else not r["first"], r["date"])


@pytest.mark.parametrize("f", FILTERS, ids=range(len(FILTERS)))
def test_count_and_pages_match_the_reference(
    db: Database, reference: list[dict[str, object]], f: cl.CaseFilter
) -> None:
    f = cl.CaseFilter(**{**f.__dict__, "today": TODAY})
    wanted = [r for r in reference if _keep(f, r)]
    assert cl.count(db, f) == len(wanted)
    assert wanted or f.overdue is False
    for key, descending in itertools.product(cl.SortKey, (False, True)):
        sort = cl.CaseSort(key, descending)
        rows = [row for offset in range(0, len(wanted) + 40, 40) for row in cl.page(db, f, sort, offset, 40)]
        assert sorted(r.id for r in rows) == sorted(int(r["id"]) for r in wanted)
        keys = [_key(sort, next(w for w in wanted if w["id"] == row.id)) for row in rows]
        if key is cl.SortKey.STAGE:  # stages in procedure order, the newest first within a stage
            assert keys == sorted(keys, reverse=descending)
            by_stage = itertools.groupby(rows, key=lambda row: row.status)
            assert all(
                [r.registered_on for r in g] == sorted((r.registered_on for r in g), reverse=True)
                for _, group in by_stage
                for g in [list(group)]
            )
        else:
            assert keys == sorted(keys, reverse=descending)
        assert rows == [
            row for offset in range(0, len(wanted) + 40, 40) for row in cl.page(db, f, sort, offset, 40)
        ]  # stable


def test_rows_show_names_mediators_and_overdue(db: Database, reference: list[dict[str, object]]) -> None:
    rows = cl.page(db, cl.CaseFilter(today=TODAY), cl.CaseSort(cl.SortKey.NUMBER), 0, 1000)
    by_id = {int(r["id"]): r for r in reference}
    for row in rows:
        r = by_id[row.id]
        assert (row.number, row.party_names, row.overdue) == (r["number"], r["parties"], r["overdue"])
        assert row.mediators == "、".join(r["mediators"])
        assert row.party_count == len(row.party_names.split("、"))
    assert any(r.overdue for r in rows) and not all(r.overdue for r in rows)


def test_filter_choices(db: Database) -> None:
    choices = cl.choices(db)
    assert choices.stages[0] in cl.STAGE_ORDER and list(choices.stages) == sorted(
        choices.stages, key=cl.STAGE_ORDER.index
    )
    assert "王桂兰" in choices.mediators and "邻里纠纷" in choices.dispute_types
    assert choices.first_day is not None and choices.first_day >= demo.FIRST_DAY


def test_pages_in_the_far_half_read_from_the_end_are_the_same_rows(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    f = cl.CaseFilter(today=TODAY)
    sorts = [
        cl.CaseSort(key, descending)
        for key in (cl.SortKey.NUMBER, cl.SortKey.DATE, cl.SortKey.TYPE)
        for descending in (True, False)
    ]
    offsets = [(150, 40), (201, 100), (360, 40), (395, 40), (399, 1), (400, 10)]
    near = {(s, o, n): cl.page(db, f, s, o, n) for s in sorts for o, n in offsets}
    monkeypatch.setattr("mediator_app.storage.case_list.FAR_OFFSET", 0)
    for (sort, offset, limit), rows in near.items():
        assert cl.page(db, f, sort, offset, limit) == rows, (sort, offset, limit)
    assert [len(near[(sorts[0], o, n)]) for o, n in offsets] == [40, 100, 40, 5, 1, 0]


def test_the_default_orders_far_pages_read_from_the_end_are_the_same_rows(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The special groups' cases first, then the rest (each part by date): a page in the far half of a
    part is read from that part's end (`FAR_OFFSET`), and a page across the two parts joins them."""
    f = cl.CaseFilter(today=TODAY)
    everything = cl.page(db, f, cl.CaseSort(cl.SortKey.DATE), 0, 400)
    first = sum(1 for r in everything if r.priority)
    assert 0 < first < 200 and not any(r.priority for r in everything[first:])
    offsets = [(first - 3, 10), (first, 40), (first + 150, 100), (360, 40), (399, 5), (0, 400)]
    sorts = [cl.CaseSort(cl.SortKey.DATE, descending) for descending in (True, False)]
    near = {(s, o, n): cl.page(db, f, s, o, n) for s in sorts for o, n in offsets}
    monkeypatch.setattr("mediator_app.storage.case_list.FAR_OFFSET", 0)
    for (sort, offset, limit), rows in near.items():
        assert cl.page(db, f, sort, offset, limit) == rows, (sort, offset, limit)
    assert near[(sorts[0], first - 3, 10)] == everything[first - 3 : first + 7]


def test_page_bounds(db: Database) -> None:
    total = cl.count(db)
    assert cl.page(db, offset=total) == [] and cl.page(db, limit=0) == []
    assert len(cl.page(db, offset=total - 3, limit=50)) == 3


def test_list_cases_still_lists_everything(db: Database) -> None:
    assert len(cases.list_cases(db)) == cl.count(db)


@pytest.mark.parametrize("given_total", [False, True])
def test_far_pages_of_every_order_are_the_same_rows_read_from_the_end(
    db: Database, monkeypatch: pytest.MonkeyPatch, given_total: bool
) -> None:
    """Every sort order (stages included), filtered or not: a far page read from the end, with the
    caller's count (the list model's) or without it (counted only as far as the page), equals the page
    read forwards; no count of the whole list or of every stage is needed for it."""
    filters = [cl.CaseFilter(today=TODAY), cl.CaseFilter(dispute_type="邻里纠纷", today=TODAY)]
    sorts = [cl.CaseSort(key, descending) for key in cl.SortKey for descending in (True, False)]
    offsets = [(0, 40), (37, 60), (150, 40), (201, 100), (360, 40), (395, 40), (399, 1), (400, 10)]
    near = {(f, s, o, n): cl.page(db, f, s, o, n) for f in filters for s in sorts for o, n in offsets}
    totals = {f: cl.count(db, f) for f in filters}
    monkeypatch.setattr("mediator_app.storage.case_list.FAR_OFFSET", 0)
    for (f, sort, offset, limit), rows in near.items():
        total = totals[f] if given_total else None
        assert cl.page(db, f, sort, offset, limit, total) == rows, (f, sort, offset, limit)
    assert len(near[(filters[0], sorts[0], 395, 40)]) == 5 and near[(filters[0], sorts[0], 400, 10)] == []


def test_the_first_page_says_how_many_as_far_as_it_knows(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a filter change PostgreSQL counts nothing: a page that is not full is the whole list, a full
    one says "more than" (one row more is read to know it), never a wrong exact number; SQLite counts
    exactly. The rows are the page's either way."""
    from mediator_app.storage import case_list, dialect

    everything, few = cl.CaseFilter(today=TODAY), cl.CaseFilter(stages=("调解中",), today=TODAY)
    total, some = cl.count(db, everything), cl.count(db, few)
    assert 0 < some < 50 < total
    first_50 = cl.page(db, everything, cl.CaseSort(), 0, 50)
    with db.read_connection() as conn:
        assert case_list.count(conn, everything, at_most=7) == 7
        assert case_list.count(conn, few, at_most=total) == some
        counts_first = dialect.dialect_of(conn).count_first
        as_postgres = dataclasses.replace(dialect.dialect_of(conn), count_first=False)
    assert counts_first == (db.engine.dialect.name == "sqlite")
    assert cl.first_page(db, everything, limit=50) == (
        cl.ListCount(total, exact=counts_first) if counts_first else cl.ListCount(50, exact=False),
        first_50,
    )
    monkeypatch.setattr(case_list, "dialect_of", lambda _conn: as_postgres)
    assert cl.first_page(db, everything, limit=50) == (cl.ListCount(50, exact=False), first_50)
    assert cl.first_page(db, everything, limit=total) == (cl.ListCount(total), cl.page(db, everything, limit=total))
    known, rows = cl.first_page(db, few, cl.CaseSort(cl.SortKey.STAGE), limit=50)
    assert known == cl.ListCount(some) and rows == cl.page(db, few, cl.CaseSort(cl.SortKey.STAGE), 0, 50)
    assert cl.count(db, everything) == total  # the exact count that follows
