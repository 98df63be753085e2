"""The statistics reports' queries (services.statistics.report): aggregates over `dispute_case` and
`case_stats` for a period, grouped so that each report table is a pivot of a few hundred rows at most.

Portable SQL (SQLite now, PostgreSQL later): CASE, COALESCE, correlated COUNT, GROUP BY; booleans
are tested as booleans (SQLite stores 0/1); dates are compared as ISO text, which is how SQLite
stores a DATE and what PostgreSQL casts an untyped literal from. Parameters are the connection's
dialect's (`storage.dialect`). No SQLAlchemy import.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from mediator_app.domain.statistics import (
    FAILURES,
    PREVENTION,
    SPECIAL_GROUPS,
    AgreementForm,
    Confirmation,
    Difficulty,
    Outcome,
)
from mediator_app.frozen import frozen
from mediator_app.storage.dashboard_query import committee_clause
from mediator_app.storage.dialect import dialect_of

_PARTIES = "(SELECT COUNT(*) FROM party p WHERE p.case_id = s.case_id)"
_FLAG_NAMES = tuple(name for name, _ in (*PREVENTION, *FAILURES))
_SPECIAL = " OR ".join(f"s.{name}" for name, _ in SPECIAL_GROUPS)


def _count(condition: str) -> str:
    return f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)"


_SUCCESS = _count(f"s.outcome = '{Outcome.SUCCESS}'")
_PEOPLE = f"SUM(CASE WHEN s.people_involved > 0 THEN s.people_involved ELSE {_PARTIES} END)"
# The closed cases' figures come in two passes (bench/bench_reports.py, docs/statistics.md): the
# grouped pass has the keys the detail tables need (committee, type, source, presiding mediator) and
# the five measures they show; what only the totals show is one ungrouped pass over `case_stats`
# alone. One pass grouped by every key with every measure sorted 47,000 wide rows into 4,500 groups
# and cost three times these two together.
_GROUPED = ("COUNT(*)", _SUCCESS, _PEOPLE, "SUM(s.amount_fen)")
# The totals, in `Totals` field order, then one count per value of `_VALUES`, then (件, 人) per flag.
# COUNT(column) counts the non-NULL values and SUM skips NULLs: cheaper than a CASE per row.
_VALUES: tuple[tuple[str, str], ...] = (
    *((f"outcome:{o}", f"s.outcome = '{o}'") for o in Outcome),
    *((f"form:{f}", f"s.outcome = '{Outcome.SUCCESS}' AND s.agreement_form = '{f}'") for f in AgreementForm),
    *((f"difficulty:{d}", f"s.difficulty = '{d}'") for d in Difficulty),
)
_TOTALS = (
    _count("s.self_performed"),
    "COUNT(s.confirmation)",
    _count(f"s.confirmation = '{Confirmation.CONFIRMED}'"),
    _count(f"s.confirmation = '{Confirmation.REJECTED}'"),
    _count(f"s.confirmation = '{Confirmation.NOT_ACCEPTED}'"),
    # Parties are numbered 1..n without gaps (domain.validation): a third party is one index probe.
    _count("EXISTS (SELECT 1 FROM party p WHERE p.case_id = s.case_id AND p.seq = 3)"),
    _count(f"({_SPECIAL})"),
    _count("s.migrant_worker"),
    *(_count(condition) for _, condition in _VALUES),
    *(m for name in _FLAG_NAMES for m in (f"COUNT(s.{name})", f"SUM(s.{name})")),
)


@dataclass
class Totals:
    """What only the period's totals show, over the cases closed in it."""

    self_performed: int = 0
    confirmation_applied: int = 0
    confirmed: int = 0
    rejected: int = 0
    not_accepted: int = 0
    three_parties: int = 0
    special_group: int = 0
    migrant_worker: int = 0
    counts: dict[str, int] = field(default_factory=dict)  # "outcome:成功", "form:口头", "difficulty:一般" → 件
    flags: dict[str, tuple[int, int]] = field(default_factory=dict)  # flag → (件, 人)

    @classmethod
    def of(cls, values: Sequence[Any]) -> Totals:
        numbers = [int(v or 0) for v in values]
        n = len(_VALUES)
        counts = {key: numbers[8 + i] for i, (key, _) in enumerate(_VALUES)}
        flags = {name: (numbers[8 + n + 2 * i], numbers[9 + n + 2 * i]) for i, name in enumerate(_FLAG_NAMES)}
        names = [f.name for f in fields(cls)][:8]
        return cls(**dict(zip(names, numbers[:8], strict=True)), counts=counts, flags=flags)


@dataclass
class Measures:
    """件, 成功, 人, 金额 and 持续两年以上 over a group of closed cases."""

    cases: int = 0
    success: int = 0
    people: int = 0
    amount_fen: int = 0
    long_running: int = 0

    def add(self, other: Measures) -> None:
        self.cases += other.cases
        self.success += other.success
        self.people += other.people
        self.amount_fen += other.amount_fen
        self.long_running += other.long_running


@frozen
class ClosedGroup:
    committee_id: int
    dispute_type: str
    source: str
    mediator: str  # the presiding (first) mediator's name, "" for none
    measures: Measures


def _rows(conn: Any, sql: str, params: Sequence[Any]) -> list[Any]:
    cur = conn.cursor()
    try:
        cur.execute(sql, tuple(params))
        return list(cur.fetchall())
    finally:
        cur.close()


def _iso(day: dt.date) -> str:
    return day.isoformat()


def closed_groups(
    conn: Any, start: dt.date, end: dt.date, years: int, committee_id: int | None = None
) -> list[ClosedGroup]:
    """The cases closed in [start, end], grouped by committee, type, source and presiding mediator,
    with 件, 成功, 人, 金额 and how many had lasted more than `years` years when they came in (the one
    pass over the period's cases and their rows every table by type, source, committee or mediator
    is made from). `committee_id`, here and below: one committee's cases only; None for every case
    (the clause tests `committee_id`, a column only `dispute_case` of the tables joined here has)."""
    own, args = committee_clause(conn, committee_id)
    d = dialect_of(conn)
    p = d.param
    keys = "c.committee_id, c.dispute_type, c.source, COALESCE(m.name, '')"
    # "More than two years": the dispute began before the same calendar day `years` earlier than the
    # day the case came in (ISO dates compared as text: portable, and 29 February needs no rule).
    came = "COALESCE(c.accepted_on, c.registered_on)"
    long_running = _count(f"s.dispute_began_on < {d.years_before(came, years)}")
    sql = (
        f"SELECT {keys}, {', '.join(_GROUPED)}, {long_running}"
        " FROM case_stats s JOIN dispute_case c ON c.id = s.case_id"
        " LEFT JOIN case_mediator m ON m.case_id = s.case_id AND m.position = 1"
        f" WHERE s.closed_on >= {p} AND s.closed_on <= {p}{own} GROUP BY {keys}"
    )
    groups = []
    for row in _rows(conn, sql, (_iso(start), _iso(end), *args)):
        measures = Measures(*(int(v or 0) for v in row[4:]))
        groups.append(ClosedGroup(int(row[0]), str(row[1]), str(row[2]), str(row[3]), measures))
    return groups


def closed_totals(conn: Any, start: dt.date, end: dt.date, committee_id: int | None = None) -> Totals:
    """What only the totals show (outcomes, forms, grades, 自动履行, 司法确认, 三人以上, groups, flags)
    over the cases closed in [start, end]: one pass over `case_stats` without the wide case rows."""
    p = dialect_of(conn).param
    own, args = committee_clause(conn, committee_id, "s.case_id")
    sql = f"SELECT {', '.join(_TOTALS)} FROM case_stats s WHERE s.closed_on >= {p} AND s.closed_on <= {p}{own}"
    return Totals.of(_rows(conn, sql, (_iso(start), _iso(end), *args))[0])


def core_counts(conn: Any, start: dt.date, end: dt.date, committee_id: int | None = None) -> tuple[int, int, int]:
    """新收, 办结 and 成功 of [start, end], from the indexes alone (环比 and 同比 need only these)."""
    p = dialect_of(conn).param
    own, args = committee_clause(conn, committee_id)
    own_closed, _ = committee_clause(conn, committee_id, "s.case_id")
    period = (_iso(start), _iso(end), *args)
    intake = _rows(
        conn, f"SELECT COUNT(*) FROM dispute_case WHERE accepted_on >= {p} AND accepted_on <= {p}{own}", period
    )
    closed = _rows(
        conn,
        f"SELECT COUNT(*), {_SUCCESS} FROM case_stats s WHERE s.closed_on >= {p} AND s.closed_on <= {p}{own_closed}",
        period,
    )
    return int(intake[0][0]), int(closed[0][0]), int(closed[0][1] or 0)


@frozen
class Intake:
    """新收 of a period: per dispute type, per presiding (first) mediator ("" for none), per committee."""

    by_type: dict[str, int]
    by_mediator: dict[str, int]
    by_committee: dict[int, int]


def intake(conn: Any, start: dt.date, end: dt.date, committee_id: int | None = None) -> Intake:
    """The cases accepted in [start, end] in one grouped pass (committee, type, presiding mediator),
    summed per key here: three passes over the same rows cost about three times as much
    (docs/statistics.md, "Measured")."""
    p = dialect_of(conn).param
    own, args = committee_clause(conn, committee_id)
    name = "COALESCE(m.name, '')"
    sql = (
        f"SELECT c.committee_id, c.dispute_type, {name}, COUNT(*) FROM dispute_case c"
        " LEFT JOIN case_mediator m ON m.case_id = c.id AND m.position = 1"
        f" WHERE c.accepted_on >= {p} AND c.accepted_on <= {p}{own}"
        f" GROUP BY c.committee_id, c.dispute_type, {name}"
    )
    found = Intake({}, {}, {})
    for committee_id, dispute_type, mediator, n in _rows(conn, sql, (_iso(start), _iso(end), *args)):
        found.by_type[str(dispute_type)] = found.by_type.get(str(dispute_type), 0) + int(n)
        found.by_mediator[str(mediator)] = found.by_mediator.get(str(mediator), 0) + int(n)
        found.by_committee[int(committee_id)] = found.by_committee.get(int(committee_id), 0) + int(n)
    return found


def open_on_both(conn: Any, first: dt.date, after: dt.date, committee_id: int | None = None) -> tuple[int, int]:
    """Cases open on `first` (上期结转) and on `after`, the day after the period (期末未结): accepted
    before the day and not closed before it, both counted in one pass."""
    p = dialect_of(conn).param
    own, args = committee_clause(conn, committee_id)

    def still_open(at: str) -> str:
        return _count(f"c.accepted_on < {at} AND (s.closed_on IS NULL OR s.closed_on >= {at})")

    sql = (
        f"SELECT {still_open(p)}, {still_open(p)} FROM dispute_case c LEFT JOIN case_stats s ON s.case_id = c.id"
        f" WHERE c.accepted_on < {p}{own}"
    )
    row = _rows(conn, sql, (_iso(first), _iso(first), _iso(after), _iso(after), _iso(after), *args))
    return int(row[0][0] or 0), int(row[0][1] or 0)


def committee_names(conn: Any, committee_id: int | None = None) -> dict[int, str]:
    """Every committee's id and name (or the one's), in id order (a committee without cases still has
    its row)."""
    where, args = ("", ()) if committee_id is None else (f" WHERE id = {dialect_of(conn).param}", (committee_id,))
    return {int(i): str(n) for i, n in _rows(conn, f"SELECT id, name FROM committee{where} ORDER BY id", args)}


@frozen
class PersonRow:
    """One detail row (a mediator or a committee): intake, closed, successful, people, amount."""

    name: str
    intake: int
    closed: int
    success: int
    people: int
    amount_fen: int


_CLOSED_MESSAGES = {
    1: "办结日期早于受理日期或没有受理日期",
    2: "调解成功但没有记录协议形式（口头或书面）",
    3: "协议约定了给付金额，但没有填写涉及金额（请在该案件的“统计信息”中填写）",
}


@frozen
class CaseIssue:
    case_id: int
    number: str
    message: str


def case_issues(conn: Any, start: dt.date, end: dt.date, committee_id: int | None = None) -> list[CaseIssue]:
    """Cases that would make the period's figures wrong: closed by the procedure without a closing date
    or outcome; closed before accepted or without acceptance; a money agreement without an amount;
    a successful case without the agreement's form."""
    p = dialect_of(conn).param
    own, args = committee_clause(conn, committee_id)
    ended = "('达成书面协议', '达成口头协议', '调解终止', '履行中', '回访', "
    ended += "'司法确认申请中', '司法确认有效', '司法确认驳回', '司法确认不予受理')"
    ended_unrecorded = f"c.status IN {ended} AND (s.closed_on IS NULL OR s.outcome IS NULL) AND c.accepted_on <= {p}"
    money_terms = (
        "EXISTS (SELECT 1 FROM agreement a JOIN agreement_term t ON t.agreement_id = a.id"
        " WHERE a.case_id = c.id AND t.amount_fen > 0)"
    )
    # One pass over the period's closed cases: each row says which check it fails first, and only the
    # failing rows are sorted and returned (sorting and fetching all 47,000 rows of a year took half
    # of the checks' time: docs/statistics.md, "Measured").
    closed_sql = (
        "SELECT id, number, code FROM (SELECT c.id, c.number, c.year, c.seq,"
        " CASE WHEN c.accepted_on IS NULL OR s.closed_on < c.accepted_on THEN 1"
        " WHEN s.outcome = '成功' AND s.agreement_form IS NULL THEN 2"
        f" WHEN s.outcome = '成功' AND s.amount_fen IS NULL AND {money_terms} THEN 3 ELSE 0 END AS code"
        " FROM case_stats s JOIN dispute_case c ON c.id = s.case_id"
        f" WHERE s.closed_on >= {p} AND s.closed_on <= {p}{own}) checked WHERE code > 0 ORDER BY year, seq"
    )
    issues = [
        CaseIssue(int(i), str(n), _CLOSED_MESSAGES[int(code)])
        for i, n, code in _rows(conn, closed_sql, (_iso(start), _iso(end), *args))
    ]
    unrecorded_sql = (
        "SELECT c.id, c.number, c.status FROM dispute_case c LEFT JOIN case_stats s ON s.case_id = c.id"
        f" WHERE {ended_unrecorded}{own} ORDER BY c.year, c.seq"
    )
    message = "已办结（办理状态为“{status}”）但没有办结日期或调解结果，未计入统计"
    issues += [
        CaseIssue(int(i), str(n), message.format(status=st))
        for i, n, st in _rows(conn, unrecorded_sql, (_iso(end), *args))
    ]
    return issues
