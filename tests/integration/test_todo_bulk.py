"""The to-do list read in bulk gives exactly what the per-case deadlines of the case view give."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from mediator_app.domain.records import ReturnVisit, TermCheck
from mediator_app.domain.stages import Stage
from mediator_app.procedure.deadlines import todo
from mediator_app.services import cases as svc
from mediator_app.services import demo, satisfaction
from mediator_app.services import procedure as proc
from mediator_app.storage.database import Database

TODAY = dt.date(2026, 11, 22)


def _reference(db: svc.Database, today: dt.date) -> list[tuple[int, str, str, dt.date]]:
    out = []
    for summary in svc.list_cases(db):
        if summary.status in proc.CLOSED_STAGES:
            continue
        for item in todo(list(proc.workflow(db, summary.id, today).due)):
            out.append((summary.id, item.kind, item.text, item.due))
    return sorted(out, key=lambda t: (t[3], t[0], t[1], t[2]))


@pytest.mark.engines
def test_bulk_todo_equals_per_case_deadlines(new_db: Callable[[str], Database]) -> None:
    db = new_db("demo.sqlite3")
    demo.fill_demo(db, 250, seed=3)
    satisfaction.save_satisfaction_days(db, 0)  # the procedure's deadlines only (calls: test_linkage.py)
    visited = 0
    for summary in svc.list_cases(db):  # some performed terms and visits, so those paths are exercised
        if summary.status == Stage.PERFORMING.value and visited < 15:
            case = svc.get_case(db, summary.id)
            first = case.agreement.terms[0].seq if case.agreement and case.agreement.terms else 1
            proc.record_visit(
                db,
                summary.id,
                ReturnVisit(
                    visited_on=TODAY,
                    visitor="王德明",
                    visited=case.parties[0].name,
                    satisfaction="满意",
                    terms=[TermCheck(first, "已履行")],
                ),
                today=TODAY,
            )
            visited += 1
    for day in (TODAY, TODAY + dt.timedelta(days=40)):
        bulk = sorted(
            ((t.case_id, t.item.kind, t.item.text, t.item.due) for t in proc.todo_list(db, day)),
            key=lambda t: (t[3], t[0], t[1], t[2]),
        )
        assert bulk == _reference(db, day)
        assert bulk  # the demo has open deadlines: the comparison is not vacuous
    titles = {t.case_id: t.title for t in proc.todo_list(db, TODAY)}
    for case_id, title in list(titles.items())[:20]:
        assert title == svc.get_case(db, case_id).display_title
    db.close()
