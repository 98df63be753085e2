"""The director's dashboard (主任看板, docs/statistics.md): open cases by stage and age, overdue cases,
the success rate of each of the last twelve months, long-running disputes resolved in them, and the
agreements whose 30-day judicial-confirmation window closes soonest (PML Art. 33, CPL Art. 205). One
read transaction of small index queries, then the long-running count in a second one
(bench/bench_dashboard.py).
"""

from __future__ import annotations

import datetime as dt

from mediator_app.domain.access import Permission, check_committee
from mediator_app.domain.statistics import LONG_RUNNING_YEARS
from mediator_app.frozen import frozen
from mediator_app.procedure.calendar import HolidayCalendar, period
from mediator_app.procedure.machine import CONFIRMATION_DAYS
from mediator_app.services.access import require
from mediator_app.storage import dashboard_query as q
from mediator_app.storage.database import Database

DEADLINES_SHOWN = 8


@frozen
class MonthRate:
    year: int
    month: int
    closed: int
    success: int

    @property
    def rate(self) -> float | None:
        return None if self.closed == 0 else round(100 * self.success / self.closed, 2)


@frozen
class Dashboard:
    today: dt.date
    open_cases: dict[str, list[int]]  # stage → per age bucket (storage.dashboard_query.AGE_DAYS, then older)
    overdue: int
    months: list[MonthRate]  # oldest first, the current month last
    deadlines: list[tuple[str, dt.date]]  # (case number, last day to apply), soonest first


def _months(today: dt.date) -> list[tuple[dt.date, dt.date]]:
    out = []
    y, m = today.year, today.month
    for _ in range(12):
        start = dt.date(y, m, 1)
        end = (dt.date(y + m // 12, m % 12 + 1, 1)) - dt.timedelta(days=1)
        out.append((start, min(end, today)))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out[::-1]


def dashboard(db: Database, today: dt.date, calendar: HolidayCalendar, committee_id: int | None = None) -> Dashboard:
    """The board of `committee_id` (a centre-wide director's choice), else of the person's committee,
    else of every case (docs/centre.md). Whoever may read the statistics reports may read it."""
    require(db, Permission.VIEW)
    months = _months(today)
    own = _committee(db, committee_id)  # a committee's director sees that committee's board
    with db.stats_connection() as conn:
        open_cases = q.open_by_stage_and_age(conn, today, own)
        overdue = q.overdue(conn, today, own)
        rates = [MonthRate(s.year, s.month, *q.closed_and_success(conn, s, e, own)) for s, e in months]
        # The window is 30 days (moved past a holiday): an agreement older than 40 days is past it.
        since = today - dt.timedelta(days=CONFIRMATION_DAYS + 10)
        candidates = q.confirmation_candidates(conn, since, own)
    deadlines = []
    for number, effective in candidates:
        last = period(effective, CONFIRMATION_DAYS, calendar).end
        if last >= today:
            deadlines.append((number, last))
    deadlines.sort(key=lambda d: (d[1], d[0]))
    return Dashboard(today, open_cases, overdue, rates, deadlines[:DEADLINES_SHOWN])


def long_running_resolved(db: Database, today: dt.date, committee_id: int | None = None) -> int:
    """Successful cases closed in the last twelve months (as the dashboard counts them) whose dispute
    had lasted more than two years: a pass over those cases, asked for after the rest of the board."""
    require(db, Permission.VIEW)
    own = _committee(db, committee_id)
    with db.stats_connection() as conn:
        return q.long_running_resolved(conn, _months(today)[0][0], today, LONG_RUNNING_YEARS, own)


def _committee(db: Database, chosen: int | None) -> int | None:
    """The committee whose board it is: the one chosen, which a person of one committee may only name
    as their own; else theirs; None (every case) for a centre-wide person who chose none."""
    own = None if db.actor is None else db.actor.committee_id
    if chosen is None:
        return own
    check_committee(db.actor, chosen)
    return chosen
