"""The satisfaction return visit after closure (满意度回访, docs/linkage.md): recorded once per call
(满意 / 基本满意 / 不满意, the reason when not satisfied), shown on the case, and a closed case without
one on 今日待办 after the committee's number of days (设置 → 满意度回访; `DEFAULT_DAYS` until it sets
its own, 0 turns it off), only while the call is still useful (`WINDOW_DAYS`), so that a file from
before this feature does not fill 今日待办 with every case it ever closed. Every write is one
transaction with its audit row.
"""

from __future__ import annotations

import datetime as dt

from mediator_app.domain.access import Permission as P
from mediator_app.domain.satisfaction import (
    DEFAULT_DAYS,
    OFF,
    SETTING,
    WINDOW_DAYS,
    SatisfactionVisit,
    days_errors,
    due_on,
    still_due,
    visit_errors,
)
from mediator_app.domain.validation import raise_if
from mediator_app.frozen import frozen
from mediator_app.procedure.deadlines import DUE_SOON_DAYS, DueItem
from mediator_app.services.access import case_for, require
from mediator_app.storage import accounts, loader
from mediator_app.storage import linkage_repo as lrepo
from mediator_app.storage import repository as repo
from mediator_app.storage.database import Database
from mediator_app.storage.repository import raw_connection

DUE_KIND = "满意度回访"


@frozen
class DueVisit:
    case_id: int
    number: str
    title: str
    item: DueItem


def satisfaction_days(db: Database) -> int:
    """Days after closing when the satisfaction visit is due: the committee's setting, `DEFAULT_DAYS`
    until it has one; `OFF` (0): no reminders."""
    require(db, P.VIEW)
    with db.read_connection() as conn:
        return accounts.settings(conn).get(SETTING, DEFAULT_DAYS)


def save_satisfaction_days(db: Database, days: int) -> int:
    require(db, P.SETTINGS)
    raise_if(days_errors(days))
    with db.unit_of_work() as session:
        accounts.set_setting(raw_connection(session), SETTING, days)
        repo.add_audit(session, "设置满意度回访时间", None, f"结案后{days}天" if days != OFF else "不提醒")
    return days


def record_satisfaction(db: Database, case_id: int, visit: SatisfactionVisit, today: dt.date) -> SatisfactionVisit:
    actor = require(db, P.EDIT)
    with db.unit_of_work() as session:
        case_for(session, actor, case_id)
        closed_on = loader.load_stats(raw_connection(session), case_id).closed_on
        raise_if(visit_errors(visit, closed_on, today))
        saved = lrepo.add_satisfaction(session, case_id, visit)
        repo.add_audit(session, "满意度回访", case_id, visit.result)
    return saved


def case_satisfaction(db: Database, case_id: int) -> list[SatisfactionVisit]:
    actor = require(db, P.VIEW)
    with db.reader() as session:
        case_for(session, actor, case_id)
        return lrepo.list_satisfaction(session, case_id)


def due_satisfaction(db: Database, today: dt.date, soon: int = DUE_SOON_DAYS) -> list[DueVisit]:
    """今日待办: closed cases without a satisfaction visit, due within `soon` days or overdue by at most
    `WINDOW_DAYS` days."""
    days = satisfaction_days(db)
    if days == OFF:
        return []
    who = db.actor
    since = today - dt.timedelta(days=days + WINDOW_DAYS)
    out = []
    with db.reader() as session:
        for case_id, number, closed_on in loader.closed_without_satisfaction(raw_connection(session), since):
            if not still_due(closed_on, days, today, soon):
                continue
            case = repo.load_case(session, case_id)
            if who is not None and not who.sees_committee(case.committee_id):
                continue  # another committee's case in a centre (docs/centre.md)
            due = due_on(closed_on, days)
            title = case.display_title
            text = f"结案后{days}天内回访当事人，了解是否满意（满意、基本满意、不满意）"
            out.append(
                DueVisit(case_id, number, title, DueItem(DUE_KIND, text, due, (due - today).days, "本委员会设置"))
            )
    return out
