"""The director's dashboard's queries (services.dashboard): open cases by stage and age, overdue cases,
closed and successful per month, long-running disputes resolved, agreements whose judicial-confirmation
window is still open. Each an index range or a small grouped pass; portable SQL (ISO dates compared as
text), parameters the connection's dialect's. No SQLAlchemy import.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from mediator_app.domain.stages import Stage
from mediator_app.domain.statistics import Outcome
from mediator_app.storage.columns import load_date
from mediator_app.storage.dialect import dialect_of

# A case still being handled: registered or in mediation (a closed or declined case is not).
OPEN_STAGES: tuple[Stage, ...] = (Stage.REGISTERED, Stage.ACCEPTED, Stage.INVESTIGATING, Stage.MEDIATING)
AGE_DAYS: tuple[int, ...] = (30, 90, 180)  # age buckets: ≤30, 31-90, 91-180, >180 days since registration


def _rows(conn: Any, sql: str, params: tuple[Any, ...]) -> list[Any]:
    cur = conn.cursor()
    try:
        cur.execute(sql, params)
        return list(cur.fetchall())
    finally:
        cur.close()


def _in(stages: tuple[Stage, ...]) -> str:
    return "(" + ", ".join(f"'{s}'" for s in stages) + ")"


def committee_clause(conn: Any, committee_id: int | None, case_id: str = "") -> tuple[str, tuple[Any, ...]]:
    """The clause and parameter keeping one committee's cases (docs/centre.md); nothing for None (the
    whole centre, a room's only committee). `case_id`: the column to test when the table is not
    dispute_case itself. The statistics reports' queries use it too (storage.stats_query)."""
    if committee_id is None:
        return "", ()
    p = dialect_of(conn).param
    if case_id:
        return f" AND {case_id} IN (SELECT id FROM dispute_case WHERE committee_id = {p})", (committee_id,)
    return f" AND committee_id = {p}", (committee_id,)


def open_by_stage_and_age(conn: Any, today: dt.date, committee_id: int | None = None) -> dict[str, list[int]]:
    """Stage → counts per age bucket (AGE_DAYS, then older)."""
    p = dialect_of(conn).param
    own, args = committee_clause(conn, committee_id)
    bounds = [(today - dt.timedelta(days=d)).isoformat() for d in AGE_DAYS]
    buckets = " ".join(f"WHEN registered_on >= {p} THEN {i}" for i in range(len(bounds)))
    sql = (
        f"SELECT status, CASE {buckets} ELSE {len(bounds)} END, COUNT(*) FROM dispute_case"
        f" WHERE status IN {_in(OPEN_STAGES)}{own} GROUP BY 1, 2"
    )
    found = {str(s): [0] * (len(AGE_DAYS) + 1) for s in OPEN_STAGES}
    for stage, bucket, n in _rows(conn, sql, (*bounds, *args)):
        found[str(stage)][int(bucket)] += int(n)
    return found


def overdue(conn: Any, today: dt.date, committee_id: int | None = None) -> int:
    """Cases the case list shows as overdue (the derived `due_on` is before today)."""
    p = dialect_of(conn).param
    own, args = committee_clause(conn, committee_id)
    return int(
        _rows(conn, f"SELECT COUNT(*) FROM dispute_case WHERE due_on < {p}{own}", (today.isoformat(), *args))[0][0]
    )


def closed_and_success(conn: Any, start: dt.date, end: dt.date, committee_id: int | None = None) -> tuple[int, int]:
    p = dialect_of(conn).param
    own, args = committee_clause(conn, committee_id, "case_id")
    sql = (
        f"SELECT COUNT(*), SUM(CASE WHEN outcome = '{Outcome.SUCCESS}' THEN 1 ELSE 0 END) FROM case_stats"
        f" WHERE closed_on >= {p} AND closed_on <= {p}{own}"
    )
    closed, success = _rows(conn, sql, (start.isoformat(), end.isoformat(), *args))[0]
    return int(closed), int(success or 0)


def long_running_resolved(conn: Any, start: dt.date, end: dt.date, years: int, committee_id: int | None = None) -> int:
    """Successful cases closed in [start, end] whose dispute had lasted more than `years` years."""
    d = dialect_of(conn)
    came = "COALESCE(c.accepted_on, c.registered_on)"
    # Only a dispute that began `years` before the last day can qualify: that test on the narrow
    # statistics rows, read in table order (not through the closing-date index, which would look up
    # each of a year's rows at random: 845 ms against about 150 on the 100,000-case demo), leaves the
    # few rows whose case row is read.
    sql = (
        "SELECT COUNT(*) FROM case_stats s JOIN dispute_case c ON c.id = s.case_id"
        f" WHERE {d.test_in_scan('s.closed_on')} >= {d.param} AND {d.test_in_scan('s.closed_on')} <= {d.param}"
        f" AND {d.test_in_scan('s.outcome')} = '{Outcome.SUCCESS}' AND s.dispute_began_on < {d.param}"
        f" AND s.dispute_began_on < {d.years_before(came, years)}{committee_clause(conn, committee_id, 'c.id')[0]}"
    )
    bound = (
        end.replace(year=end.year - years)
        if (end.month, end.day) != (2, 29)
        else end.replace(year=end.year - years, day=28)
    )
    args = (start.isoformat(), end.isoformat(), bound.isoformat(), *committee_clause(conn, committee_id)[1])
    return int(_rows(conn, sql, args)[0][0])


def confirmation_candidates(conn: Any, since: dt.date, committee_id: int | None = None) -> list[tuple[str, dt.date]]:
    """(case number, effective date) of written agreements not yet brought to court that took effect
    on or after `since` (the last signature or the seal, PML Art. 29)."""
    p = dialect_of(conn).param
    stages = _in((Stage.WRITTEN_AGREEMENT, Stage.PERFORMING, Stage.VISITED))
    sql = (
        "SELECT c.number, pr.parties_signed_on, pr.mediator_signed_on, pr.sealed_on FROM case_procedure pr"
        f" JOIN dispute_case c ON c.id = pr.case_id WHERE c.status IN {stages} AND pr.confirmation_applied_on IS NULL"
        " AND pr.parties_signed_on IS NOT NULL AND pr.mediator_signed_on IS NOT NULL AND pr.sealed_on IS NOT NULL"
        f" AND (pr.parties_signed_on >= {p} OR pr.mediator_signed_on >= {p} OR pr.sealed_on >= {p})"
    )
    own, args = committee_clause(conn, committee_id, "c.id")
    day = since.isoformat()
    found = []
    for number, *marks in _rows(conn, sql + own, (day, day, day, *args)):
        dates = [load_date(m) for m in marks]
        found.append((str(number), max(d for d in dates if d is not None)))
    return found
