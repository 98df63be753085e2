"""The satisfaction return visit (满意度回访) every case gets after it is closed: who called whom, when,
the result (满意 / 基本满意 / 不满意) and, when not satisfied, why. Pure: no I/O.

It is not the procedure's return visit (回访, PML Art. 31), which checks that an agreement is
performed while the case is open; this one asks, after closure, how the party found the service,
whatever the outcome (docs/linkage.md). A closed case without one is due `days` days after closing
(a committee setting) and stays on 今日待办 for `WINDOW_DAYS` more days: a call months later helps nobody,
and a file migrated from before this feature would otherwise list every case ever closed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mediator_app.domain.linkage import name_errors
from mediator_app.errors import FieldError

RESULTS = ("满意", "基本满意", "不满意")
# The reminder is on until a committee turns it off (OFF) or sets its own day: 7 days after closing.
# The hotline calls its callers back the next day; a committee's call a week later also learns whether
# the first days of the agreement went as agreed, and still reaches the party while the case is fresh
# (docs/linkage.md). A file migrated from before this feature is not flooded: only cases closed within
# the last `days + WINDOW_DAYS` days are ever listed.
DEFAULT_DAYS = 7
OFF = 0  # 不提醒
DAYS_RANGE = (1, 60)
WINDOW_DAYS = 30
SETTING = "satisfaction_visit_days"  # its name among the committee's numeric settings
TEXT_LIMIT = 2000


@dataclass
class SatisfactionVisit:
    visited_on: dt.date
    visitor: str
    visited: str
    result: str
    reason: str = ""
    id: int | None = None


def visit_errors(visit: SatisfactionVisit, closed_on: dt.date | None, today: dt.date) -> list[FieldError]:
    errors = []
    if closed_on is None:
        errors.append(FieldError("visited_on", "案件尚未结案，结案后才做满意度回访"))
    elif visit.visited_on < closed_on:
        errors.append(FieldError("visited_on", "回访日期不能早于结案日期"))
    if visit.visited_on > today:
        errors.append(FieldError("visited_on", "回访日期不能晚于今天"))
    if not visit.visitor.strip():
        errors.append(FieldError("visitor", "请填写回访人"))
    if not visit.visited.strip():
        errors.append(FieldError("visited", "请填写被回访人"))
    if visit.result not in RESULTS:
        errors.append(FieldError("result", "请选择满意、基本满意或不满意"))
    if visit.result == "不满意" and not visit.reason.strip():
        errors.append(FieldError("reason", "不满意的，请写明原因"))
    if len(visit.reason) > TEXT_LIMIT:
        errors.append(FieldError("reason", f"不能超过{TEXT_LIMIT}个字"))
    return errors + name_errors(visitor=visit.visitor, visited=visit.visited)


def days_errors(days: int) -> list[FieldError]:
    low, high = DAYS_RANGE
    return [] if days == OFF or low <= days <= high else [FieldError("days", f"应在{low}至{high}天之间（0为不提醒）")]


def due_on(closed_on: dt.date, days: int) -> dt.date:
    return closed_on + dt.timedelta(days=days)


def still_due(closed_on: dt.date, days: int, today: dt.date, soon: int) -> bool:
    """On 今日待办: due within `soon` days, or overdue by at most `WINDOW_DAYS` days."""
    left = (due_on(closed_on, days) - today).days
    return -WINDOW_DAYS <= left <= soon
