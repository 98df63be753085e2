"""The monthly, quarterly and annual statistics (docs/statistics.md; the layout the justice bureau's
forms use): 上月结转, 新收, 办结 by dispute type, 成功 and the success rate (成功 ÷ 办结, blank when
nothing closed; the 合计 rate is Σ成功 ÷ Σ办结, not a mean of rates), people, amounts, sources
subdivided, prevention figures in 件 and 人, 环比 and 同比, per-mediator and per-committee rows with
their totals. Computed from the SQL aggregates of `storage.stats_query`, read in one snapshot.

A `Report` is plain data (tables of cells) so that it can be frozen as JSON (`snapshots`) and written
as XLSX or PDF from the frozen figures alone.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from mediator_app.domain.model import DISPUTE_TYPES, CaseSource
from mediator_app.domain.statistics import (
    FAILURES,
    LONG_RUNNING_YEARS,
    PREVENTION,
    SOURCE_GROUPS,
    AgreementForm,
    Difficulty,
    Outcome,
)
from mediator_app.services.statistics.period import Kind, Period
from mediator_app.storage import stats_query as q
from mediator_app.storage.database import Database

TEXT, COUNT, RATE, MONEY = "text", "count", "rate", "money"  # a cell's kind; MONEY cells hold 分


@dataclass
class ReportTable:
    """One table: one sheet of the XLSX, one section of the PDF."""

    title: str
    columns: list[tuple[str, str]]  # (caption, kind)
    rows: list[list[Any]]
    total: list[Any] | None = None  # the 合计 row: each count and amount the sum of the rows
    row_kinds: list[str] | None = None  # the value column's kind per row (tables of mixed indicators)
    chart: str = ""  # the caption of the column charted per row, "" for none


@dataclass
class Report:
    kind: str
    year: int
    number: int
    unit: str  # 填报单位
    generated_on: dt.date
    tables: list[ReportTable]
    problems: list[str] = field(default_factory=list)  # what the checks found (services.statistics.checks)
    problem_cases: list[int | None] = field(default_factory=list)  # per problem: the case it names, if one
    version: int = 0  # 0: generated, not confirmed; n: the n-th confirmed version
    confirmed_by: str = ""
    reason: str = ""
    # The committee whose cases it counts (a committee's own report, docs/centre.md); None: every case
    # of the database (a room's report, a centre's). Confirmed reports frozen before it existed read None.
    committee_id: int | None = None

    @property
    def period(self) -> Period:
        return Period(Kind(self.kind), self.year, self.number)

    def table(self, title: str) -> ReportTable:
        return next(t for t in self.tables if t.title == title)

    def to_json(self) -> str:
        data = asdict(self)
        data["generated_on"] = self.generated_on.isoformat()
        return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> Report:
        data = json.loads(text)
        data["generated_on"] = dt.date.fromisoformat(data["generated_on"])
        tables = []
        for t in data.pop("tables"):
            t["columns"] = [tuple(c) for c in t["columns"]]
            tables.append(ReportTable(**t))
        return cls(tables=tables, **data)


def rate(success: int, closed: int) -> float | None:
    """成功 ÷ 办结 in per cent, two decimals; None (blank) when nothing closed."""
    return None if closed == 0 else round(100 * success / closed, 2)


def growth(now: float | None, before: float | None) -> float | None:
    """The change against an earlier figure in per cent; None when there is nothing to compare with."""
    if now is None or not before:
        return None
    return round(100 * (now - before) / before, 2)


@dataclass
class _Figures:
    """What the queries returned for one period."""

    carried: int
    open_at_end: int
    intake: dict[str, int]
    groups: list[q.ClosedGroup]
    totals: q.Totals  # what only the totals show
    mediator_intake: dict[str, int]
    committees: dict[int, tuple[str, int]]  # every committee: its name and 新收

    def __post_init__(self) -> None:
        self._by: dict[str, dict[Any, q.Measures]] = {}

    def closed(self) -> q.Measures:
        """Sums over every case closed in the period."""
        total = q.Measures()
        for m in self.by("committee_id").values():
            total.add(m)
        return total

    def by(self, key: str) -> dict[Any, q.Measures]:
        """Sums per value of a group key (``dispute_type``, ``source``, ``committee_id``, ``mediator``):
        one pass over the groups per key, kept."""
        if key not in self._by:
            sums: dict[Any, q.Measures] = {}
            for g in self.groups:
                sums.setdefault(getattr(g, key), q.Measures()).add(g.measures)
            self._by[key] = sums
        return self._by[key]

    def get(self, key: str, value: Any) -> q.Measures:
        return self.by(key).get(value) or q.Measures()


def _read(conn: Any, period: Period, own: int | None) -> _Figures:
    start, end = period.start, period.end
    carried, open_at_end = q.open_on_both(conn, start, end + dt.timedelta(days=1), own)
    intake = q.intake(conn, start, end, own)
    names = q.committee_names(conn, own)
    return _Figures(
        carried=carried,
        open_at_end=open_at_end,
        intake=intake.by_type,
        groups=q.closed_groups(conn, start, end, LONG_RUNNING_YEARS, own),
        totals=q.closed_totals(conn, start, end, own),
        mediator_intake=intake.by_mediator,
        committees={i: (name, intake.by_committee.get(i, 0)) for i, name in names.items()},
    )


def _core(conn: Any, period: Period, own: int | None) -> tuple[int, int, int]:
    """新收, 办结, 成功 of a comparison period."""
    return q.core_counts(conn, period.start, period.end, own)


def _summary(f: _Figures) -> ReportTable:
    m, t = f.closed(), f.totals
    by_outcome = {str(o): t.counts[f"outcome:{o}"] for o in Outcome}
    by_form = {str(o): t.counts[f"form:{o}"] for o in AgreementForm}
    by_grade = {str(d): t.counts[f"difficulty:{d}"] for d in Difficulty}
    rows: list[tuple[str, Any, str]] = [
        ("上期结转", f.carried, COUNT),
        ("本期新收", sum(f.intake.values()), COUNT),
        ("本期办结", m.cases, COUNT),
        ("其中：调解成功", by_outcome["成功"], COUNT),
        ("调解不成功", by_outcome["不成功"], COUNT),
        ("终止调解", by_outcome["终止"], COUNT),
        ("调解成功率（%）", rate(by_outcome["成功"], m.cases), RATE),
        ("期末未结", f.open_at_end, COUNT),
        ("口头协议", by_form["口头"], COUNT),
        ("书面协议", by_form["书面"], COUNT),
        ("涉及人数", m.people, COUNT),
        ("涉及金额（元）", m.amount_fen, MONEY),
        ("自动履行", t.self_performed, COUNT),
        ("司法确认：申请", t.confirmation_applied, COUNT),
        ("司法确认：确认有效", t.confirmed, COUNT),
        ("司法确认：驳回", t.rejected, COUNT),
        ("司法确认：不予受理", t.not_accepted, COUNT),
        ("当事人三人以上", t.three_parties, COUNT),
        ("涉及特殊群体", t.special_group, COUNT),
        ("涉及农民工", t.migrant_worker, COUNT),
        (f"纠纷持续{LONG_RUNNING_YEARS}年以上", m.long_running, COUNT),
        *((f"难度：{d}", n, COUNT) for d, n in by_grade.items()),
    ]
    return ReportTable(
        "综合情况",
        [("指标", TEXT), ("数值", COUNT)],
        [[caption, value] for caption, value, _ in rows],
        row_kinds=[kind for _, _, kind in rows],
    )


def _total(rows: Iterable[list[Any]], columns: list[tuple[str, str]], rate_of: tuple[int, int] | None) -> list[Any]:
    """The 合计 row: sums of counts and amounts; the rate recomputed from the summed columns."""
    rows = list(rows)
    total: list[Any] = ["合计"]
    for i, (_, kind) in enumerate(columns[1:], start=1):
        total.append(sum(r[i] for r in rows) if kind in (COUNT, MONEY) else None)
    if rate_of is not None:
        success, closed = rate_of
        total[[k for _, k in columns].index(RATE)] = rate(total[success], total[closed])
    return total


_TYPE_COLUMNS = [
    ("纠纷类型", TEXT),
    ("新收", COUNT),
    ("办结", COUNT),
    ("成功", COUNT),
    ("成功率（%）", RATE),
    ("涉及人数", COUNT),
    ("涉及金额（元）", MONEY),
]


def _by_type(f: _Figures) -> ReportTable:
    types = list(DISPUTE_TYPES) + sorted({g.dispute_type for g in f.groups} - set(DISPUTE_TYPES))
    rows = []
    for t in types:
        m = f.get("dispute_type", t)
        rows.append([t, f.intake.get(t, 0), m.cases, m.success, rate(m.success, m.cases), m.people, m.amount_fen])
    return ReportTable("纠纷类型", _TYPE_COLUMNS, rows, _total(rows, _TYPE_COLUMNS, (3, 2)), chart="办结")


_SOURCE_COLUMNS = [("案件来源", TEXT), ("办结", COUNT), ("成功", COUNT), ("成功率（%）", RATE)]


def _by_source(f: _Figures) -> ReportTable:
    rows = []
    for caption, sources in SOURCE_GROUPS:
        values = {s.value for s in sources}
        closed = sum(f.get("source", v).cases for v in values)
        success = sum(f.get("source", v).success for v in values)
        rows.append([caption, closed, success, rate(success, closed)])
    known = {s.value for s in CaseSource}
    if other := sum(m.cases for v, m in f.by("source").items() if v not in known):  # from an imported file
        success = sum(m.success for v, m in f.by("source").items() if v not in known)
        rows.append(["其他来源", other, success, rate(success, other)])
    return ReportTable("案件来源", _SOURCE_COLUMNS, rows, _total(rows, _SOURCE_COLUMNS, (2, 1)))


def _prevention(f: _Figures) -> ReportTable:
    rows = [[caption, *f.totals.flags.get(name, (0, 0))] for name, caption in (*PREVENTION, *FAILURES)]
    return ReportTable("预防效果", [("项目", TEXT), ("件", COUNT), ("人", COUNT)], rows, chart="件")


def _trend(conn: Any, period: Period, now: tuple[int, int, int], own: int | None) -> ReportTable:
    before, a_year_ago = _core(conn, period.previous(), own), _core(conn, period.last_year(), own)
    rows = []
    for i, caption in enumerate(("新收", "办结", "调解成功")):
        rows.append(
            [caption, now[i], before[i], growth(now[i], before[i]), a_year_ago[i], growth(now[i], a_year_ago[i])]
        )
    rates = [rate(x[2], x[1]) for x in (now, before, a_year_ago)]
    rows.append(
        ["调解成功率（%）", rates[0], rates[1], growth(rates[0], rates[1]), rates[2], growth(rates[0], rates[2])]
    )
    columns = [("指标", TEXT), ("本期", COUNT), ("上期", COUNT), ("环比（%）", RATE)]
    columns += [("去年同期", COUNT), ("同比（%）", RATE)]
    return ReportTable("环比同比", columns, rows, row_kinds=[COUNT, COUNT, COUNT, RATE])


_DETAIL_COLUMNS = [
    ("{who}", TEXT),
    ("新收", COUNT),
    ("办结", COUNT),
    ("成功", COUNT),
    ("成功率（%）", RATE),
    ("涉及人数", COUNT),
    ("涉及金额（元）", MONEY),
]


def _detail(title: str, who: str, people: list[q.PersonRow]) -> ReportTable:
    columns = [(c.format(who=who), k) for c, k in _DETAIL_COLUMNS]
    rows = [
        [p.name or "（未指定）", p.intake, p.closed, p.success, rate(p.success, p.closed), p.people, p.amount_fen]
        for p in people
    ]
    return ReportTable(title, columns, rows, _total(rows, columns, (3, 2)))


def _mediator_rows(f: _Figures) -> list[q.PersonRow]:
    closed = f.by("mediator")
    names = sorted(set(f.mediator_intake) | set(closed), key=lambda n: (n == "", n))
    rows = []
    for name in names:
        m = closed.get(name) or q.Measures()
        rows.append(q.PersonRow(name, f.mediator_intake.get(name, 0), m.cases, m.success, m.people, m.amount_fen))
    return rows


def _committee_rows(f: _Figures) -> list[q.PersonRow]:
    rows = []
    for committee_id, (name, intake) in f.committees.items():
        m = f.get("committee_id", committee_id)
        if intake or m.cases:
            rows.append(q.PersonRow(name, intake, m.cases, m.success, m.people, m.amount_fen))
    return rows


def build(db: Database, period: Period, unit: str, today: dt.date, committee_id: int | None = None) -> Report:
    """The report of `period` from the case data as it is now (one read snapshot), not yet checked:
    of one committee's cases (`committee_id`), or of every case (None)."""
    with db.stats_connection() as conn:
        return build_on(conn, period, unit, today, committee_id)


def build_on(conn: Any, period: Period, unit: str, today: dt.date, committee_id: int | None = None) -> Report:
    f = _read(conn, period, committee_id)
    closed = f.closed()
    now = (sum(f.intake.values()), closed.cases, closed.success)
    tables = [
        _summary(f),
        _by_type(f),
        _by_source(f),
        _prevention(f),
        _trend(conn, period, now, committee_id),
        _detail("调解员明细", "调解员", _mediator_rows(f)),
        _detail("调委会明细", "调解组织", _committee_rows(f)),
    ]
    return Report(period.kind.value, period.year, period.number, unit, today, tables, committee_id=committee_id)
