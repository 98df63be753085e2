"""The statistics report against a reference implementation written here from the definitions
(docs/statistics.md), over generated cases covering every dispute type, source, outcome, difficulty,
confirmation result, prevention and failure flag and special group; compared cell by cell with the
XLSX read back by openpyxl. Then: a frozen report does not change when cases change; a correction
keeps both versions; the checks name the case that is wrong."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import random
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from openpyxl import load_workbook

from mediator_app.domain.model import DISPUTE_TYPES, CaseSource
from mediator_app.domain.money import Money
from mediator_app.domain.statistics import (
    FAILURES,
    PREVENTION,
    SOURCE_GROUPS,
    SPECIAL_GROUPS,
    CaseStats,
    Confirmation,
    Difficulty,
    Outcome,
)
from mediator_app.errors import UserFacingError
from mediator_app.services import demo
from mediator_app.services.statistics import snapshots, workflow
from mediator_app.services.statistics.period import Kind, Period
from mediator_app.services.statistics.xlsx import HEADER_ROWS, workbook_bytes
from mediator_app.storage import loader
from mediator_app.storage import stats_repo as srepo
from mediator_app.storage.database import Database
from tests.conftest import ENGINES
from tests.engines import new_database, sql

pytestmark = pytest.mark.engines  # the reports' SQL runs on SQLite and on PostgreSQL

TODAY = dt.date(2026, 11, 20)
PERIODS = (
    Period.of(Kind.ANNUAL, 2025),
    Period.of(Kind.QUARTERLY, 2025, quarter=3),
    Period.of(Kind.MONTHLY, 2026, month=3),
)


@pytest.fixture(scope="module", params=ENGINES)
def stats_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """400 generated cases; the closed ones get statistics that cover every value at least once (on
    each engine)."""
    cluster = request.getfixturevalue("pg_cluster") if request.param == "postgresql" else None
    with new_database(request.param, cluster, tmp_path_factory.mktemp("stats") / "stats.sqlite3") as db:
        yield _fill(db)


def _fill(db: Database) -> Database:
    demo.fill_demo(db, 400, seed=14)
    rng = random.Random(3)
    flags = [name for name, _ in (*PREVENTION, *FAILURES)]
    groups = [name for name, _ in SPECIAL_GROUPS]
    with db.unit_of_work() as session:
        closed = [
            cid for (cid,) in session.connection().exec_driver_sql("SELECT case_id FROM case_stats ORDER BY case_id")
        ]
        for i, case_id in enumerate(closed):
            s = srepo.load_stats(session, case_id)
            s.difficulty = list(Difficulty)[i % 3]
            s.people_involved = rng.choice((0, 0, 3, 7))
            s.amount = Money(rng.randrange(0, 10**7)) if s.amount is not None or i % 5 == 0 else None
            s.self_performed, s.migrant_worker = i % 4 == 0, i % 9 == 0
            setattr(s, flags[i % len(flags)], rng.randint(1, 30))
            setattr(s, groups[i % len(groups)], i % 2 == 0)
            if s.outcome is Outcome.SUCCESS and i % 7 == 0:
                s.confirmation = list(Confirmation)[(i // 7) % 4]
                s.confirmation_ruled_on = s.closed_on if s.confirmation is not Confirmation.APPLIED else None
            if s.outcome is not Outcome.SUCCESS and i % 2:
                s.outcome = Outcome.ENDED
            srepo.save_stats(session, case_id, s)
    return db


# ---------------------------------------------------------------- the reference implementation


@dataclasses.dataclass
class Fact:
    number: str
    dispute_type: str
    source: str
    accepted_on: dt.date | None
    mediator: str
    parties: int
    stats: CaseStats


def facts(db: Database) -> list[Fact]:
    with db.read_connection() as conn:
        return [
            Fact(
                f.case.number,
                f.case.dispute_type,
                f.case.source.value,
                f.case.accepted_on,
                f.case.mediators[0] if f.case.mediators else "",
                len(f.case.parties),
                loader.load_stats(conn, f.case.id or 0),
            )
            for f in loader.iter_case_files(conn)
        ]


def within(day: dt.date | None, p: Period) -> bool:
    return day is not None and p.start <= day <= p.end


def people(f: Fact) -> int:
    return f.stats.people_involved or f.parties


def rate(success: int, closed: int) -> float | None:
    return None if closed == 0 else round(100 * success / closed, 2)


def growth(now: float | None, before: float | None) -> float | None:
    return None if now is None or not before else round(100 * (now - before) / before, 2)


def yuan(fen: int) -> float:
    return round(fen / 100, 2)


class Reference:
    def __init__(self, all_facts: list[Fact], p: Period) -> None:
        self.all, self.p = all_facts, p
        self.closed = [f for f in all_facts if within(f.stats.closed_on, p)]
        self.intake = [f for f in all_facts if within(f.accepted_on, p)]

    def count(self, test: Callable[[Fact], bool]) -> int:
        return sum(1 for f in self.closed if test(f))

    def success(self, test: Callable[[Fact], bool] | None = None) -> int:
        return self.count(lambda f: f.stats.outcome is Outcome.SUCCESS and (test is None or test(f)))

    def core(self) -> tuple[int, int, int]:
        return len(self.intake), len(self.closed), self.success()

    def open_at(self, day: dt.date) -> int:
        return sum(
            1
            for f in self.all
            if f.accepted_on is not None
            and f.accepted_on < day
            and (f.stats.closed_on is None or f.stats.closed_on >= day)
        )

    def long_running(self, f: Fact) -> bool:
        began, came = f.stats.dispute_began_on, f.accepted_on
        return (
            began is not None
            and came is not None
            and (came.year - began.year, came.month, came.day)
            > (
                2,
                began.month,
                began.day,
            )
        )

    def summary(self) -> list[Any]:
        c = self.count
        confirmation = Counter(f.stats.confirmation for f in self.closed)
        return [
            self.open_at(self.p.start),
            len(self.intake),
            len(self.closed),
            self.success(),
            c(lambda f: f.stats.outcome is Outcome.FAILURE),
            c(lambda f: f.stats.outcome is Outcome.ENDED),
            rate(self.success(), len(self.closed)),
            self.open_at(self.p.end + dt.timedelta(days=1)),
            self.success(lambda f: f.stats.agreement_form == "口头"),
            self.success(lambda f: f.stats.agreement_form == "书面"),
            sum(people(f) for f in self.closed),
            yuan(sum(f.stats.amount.fen for f in self.closed if f.stats.amount is not None)),
            c(lambda f: f.stats.self_performed),
            sum(n for k, n in confirmation.items() if k is not None),
            confirmation[Confirmation.CONFIRMED],
            confirmation[Confirmation.REJECTED],
            confirmation[Confirmation.NOT_ACCEPTED],
            c(lambda f: f.parties >= 3),
            c(lambda f: f.stats.special_group),
            c(lambda f: f.stats.migrant_worker),
            c(self.long_running),
            *(c(lambda f, d=d: f.stats.difficulty is d) for d in Difficulty),
        ]

    def detail(self, name: str, key: Callable[[Fact], str]) -> list[Any]:
        closed = [f for f in self.closed if key(f) == name]
        success = sum(1 for f in closed if f.stats.outcome is Outcome.SUCCESS)
        amount = sum(f.stats.amount.fen for f in closed if f.stats.amount is not None)
        intake = sum(1 for f in self.intake if key(f) == name)
        return [name, intake, len(closed), success, rate(success, len(closed)), sum(map(people, closed)), yuan(amount)]

    def types(self) -> list[list[Any]]:
        return [self.detail(t, lambda f: f.dispute_type) for t in DISPUTE_TYPES]

    def sources(self) -> list[list[Any]]:
        rows = []
        for caption, members in SOURCE_GROUPS:
            values = {m.value for m in members}
            closed, success = (
                self.count(lambda f, v=values: f.source in v),
                self.success(lambda f, v=values: f.source in v),
            )
            rows.append([caption, closed, success, rate(success, closed)])
        return rows

    def prevention(self) -> list[list[Any]]:
        rows = []
        for name, caption in (*PREVENTION, *FAILURES):
            flagged = [getattr(f.stats, name) for f in self.closed if getattr(f.stats, name) is not None]
            rows.append([caption, len(flagged), sum(flagged)])
        return rows

    def trend(self) -> list[list[Any]]:
        now, before = self.core(), Reference(self.all, self.p.previous()).core()
        ago = Reference(self.all, self.p.last_year()).core()
        rows = [
            [c, now[i], before[i], growth(now[i], before[i]), ago[i], growth(now[i], ago[i])]
            for i, c in enumerate(("新收", "办结", "调解成功"))
        ]
        rates = [rate(x[2], x[1]) for x in (now, before, ago)]
        rows.append(
            ["调解成功率（%）", rates[0], rates[1], growth(rates[0], rates[1]), rates[2], growth(rates[0], rates[2])]
        )
        return rows

    def mediators(self) -> list[list[Any]]:
        names = sorted({f.mediator for f in (*self.intake, *self.closed)})
        return [self.detail(n, lambda f: f.mediator) for n in names]


def total(rows: list[list[Any]], rate_at: tuple[int, int, int] | None) -> list[Any]:
    sums: list[Any] = ["合计", *(round(sum(r[i] for r in rows if r[i] is not None), 2) for i in range(1, len(rows[0])))]
    if rate_at is not None:
        at, success, closed = rate_at
        sums[at] = rate(sums[success], sums[closed])
    return sums


def sheet(data: bytes, title: str) -> list[list[Any]]:
    ws = load_workbook(io.BytesIO(data))[title]
    return [list(r) for r in ws.iter_rows(min_row=HEADER_ROWS + 1, values_only=True)]


# ---------------------------------------------------------------- the comparisons


def test_the_data_covers_every_value(stats_db: Database) -> None:
    all_facts = facts(stats_db)
    closed = [f for f in all_facts if f.stats.closed_on is not None]
    assert {f.stats.outcome for f in closed} == set(Outcome)
    assert {f.stats.confirmation for f in closed} >= set(Confirmation)
    assert {f.stats.difficulty for f in closed} == set(Difficulty)
    assert {f.source for f in closed} == {s.value for s in CaseSource}
    assert len({f.dispute_type for f in closed}) >= 15
    for name, _ in (*PREVENTION, *FAILURES, *SPECIAL_GROUPS):
        assert any(getattr(f.stats, name) for f in closed), name
    assert any(Reference(all_facts, PERIODS[0]).long_running(f) for f in closed)


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.label)
def test_every_figure_equals_the_reference_cell_by_cell(stats_db: Database, period: Period) -> None:
    made = workflow.generate(stats_db, period, TODAY)
    data = workbook_bytes(made)
    ref = Reference(facts(stats_db), period)
    assert [r[1] for r in sheet(data, "综合情况")] == ref.summary()
    types = ref.types()
    assert sheet(data, "纠纷类型") == [*types, total(types, (4, 3, 2))]
    sources = ref.sources()
    assert sheet(data, "案件来源") == [*sources, total(sources, (3, 2, 1))]
    assert sheet(data, "预防效果") == ref.prevention()
    assert sheet(data, "环比同比") == ref.trend()
    mediators = ref.mediators()
    assert sheet(data, "调解员明细") == [*mediators, total(mediators, (4, 3, 2))]
    committee = sheet(data, "调委会明细")  # one committee: its row and the total are the mediators' total
    assert [r[1:] for r in committee] == [total(mediators, (4, 3, 2))[1:]] * 2


def test_the_workbook_is_ready_to_print_with_a_native_chart(stats_db: Database) -> None:
    data = workbook_bytes(workflow.generate(stats_db, PERIODS[0], TODAY))
    wb = load_workbook(io.BytesIO(data))
    for ws in wb.worksheets:
        assert int(ws.page_setup.paperSize) == 9  # A4 in the OOXML paper-size table
    assert len(wb["纠纷类型"]._charts) == 1
    assert isinstance(wb["纠纷类型"].cell(HEADER_ROWS + 1, 2).value, int)


def test_a_frozen_report_does_not_change_and_a_correction_keeps_both(stats_db: Database) -> None:
    period = Period.of(Kind.MONTHLY, 2025, month=6)
    first = snapshots.confirm(stats_db, workflow.generate(stats_db, period, TODAY), "王主任")
    assert first.version == 1
    frozen_json = first.to_json()
    with stats_db.unit_of_work() as session:
        case_id = (
            session.connection()
            .exec_driver_sql(
                "SELECT case_id FROM case_stats WHERE closed_on >= '2025-06-01' AND closed_on <= '2025-06-30' LIMIT 1"
            )
            .scalar_one()
        )
        s = srepo.load_stats(session, case_id)
        srepo.save_stats(session, case_id, dataclasses.replace(s, people_involved=s.people_involved + 500))
    assert workflow.current(stats_db, period, TODAY).to_json() == frozen_json  # the frozen figures
    fresh = workflow.generate(stats_db, period, TODAY)
    people_row = next(r for r in fresh.table("综合情况").rows if r[0] == "涉及人数")
    assert people_row != next(r for r in first.table("综合情况").rows if r[0] == "涉及人数")
    with pytest.raises(UserFacingError, match="理由"):
        snapshots.confirm(stats_db, fresh, "王主任")
    second = snapshots.confirm(stats_db, fresh, "王主任", reason="补录涉及人数")
    kept = snapshots.versions(stats_db, period)
    assert [r.version for r in kept] == [2, 1]
    assert kept[1].to_json() == frozen_json and kept[0].reason == "补录涉及人数"
    assert second.table("综合情况").rows == fresh.table("综合情况").rows
    with stats_db.read_connection() as conn:
        rows = conn.execute("SELECT detail FROM audit_log WHERE action = '确认统计报表' ORDER BY id").fetchall()
    assert len(rows) == 2
    assert "第1版" in rows[0][0] and "SHA-256" in rows[0][0]
    assert "第2版" in rows[1][0] and "补录涉及人数" in rows[1][0]


def test_the_checks_name_the_case_and_confirmation_is_refused(stats_db: Database) -> None:
    period = Period.of(Kind.MONTHLY, 2025, month=9)
    with stats_db.unit_of_work() as session:
        case_id, number = (
            session.connection()
            .exec_driver_sql(
                "SELECT s.case_id, c.number FROM case_stats s JOIN dispute_case c ON c.id = s.case_id"
                " WHERE s.closed_on >= '2025-09-01' AND s.closed_on <= '2025-09-30' ORDER BY s.case_id LIMIT 1"
            )
            .one()
        )
        s = srepo.load_stats(session, case_id)
        srepo.save_stats(session, case_id, dataclasses.replace(s, closed_on=dt.date(2025, 9, 1)))
        session.connection().exec_driver_sql(
            sql(stats_db, "UPDATE dispute_case SET accepted_on = '2025-09-05' WHERE id = ?"), (case_id,)
        )
    made = workflow.generate(stats_db, period, TODAY)
    assert any(p.startswith(f"{number}：办结日期早于受理日期") for p in made.problems)
    with pytest.raises(UserFacingError, match="问题"):
        snapshots.confirm(stats_db, made, "王主任")
    assert snapshots.frozen(stats_db, period) is None
