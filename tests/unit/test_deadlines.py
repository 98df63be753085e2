"""Deadlines and the to-do list (今日待办)."""

from __future__ import annotations

import datetime as dt

import pytest

from mediator_app.domain.stages import Stage
from mediator_app.procedure.deadlines import DeadlineInput, DueItem, TermDue, due_items, todo

TODAY = dt.date(2026, 11, 22)
S = Stage


def _kinds(items: list[DueItem]) -> list[str]:
    return [i.kind for i in items]


def test_mediation_time_limit_is_thirty_days_from_acceptance_and_extendable() -> None:
    items = due_items(DeadlineInput(S.MEDIATING, accepted_on=dt.date(2026, 10, 20)), TODAY)
    assert _kinds(items) == ["调解期限"] and items[0].due == dt.date(2026, 11, 19)
    assert items[0].overdue and items[0].urgency() == "已逾期3天"
    extended = due_items(DeadlineInput(S.MEDIATING, accepted_on=dt.date(2026, 10, 20), mediation_days=45), TODAY)
    assert extended[0].due == dt.date(2026, 12, 4) and not extended[0].overdue


def test_closed_mediation_has_no_time_limit() -> None:
    assert due_items(DeadlineInput(S.TERMINATED, accepted_on=dt.date(2026, 10, 1)), TODAY) == []


def test_terms_visits_and_confirmation_window_for_a_written_agreement() -> None:
    d = DeadlineInput(
        S.PERFORMING,
        agreement_on=dt.date(2026, 11, 1),
        written=True,
        terms=(
            TermDue("第1期", dt.date(2026, 11, 22)),
            TermDue("第2期", dt.date(2026, 12, 22)),
            TermDue("已付", dt.date(2026, 11, 10), performed=True),
        ),
    )
    items = due_items(d, TODAY)
    assert [(i.kind, i.due) for i in items] == [
        ("履行期限", dt.date(2026, 11, 22)),
        ("司法确认期限", dt.date(2026, 12, 1)),
        ("履行期限", dt.date(2026, 12, 22)),
        ("回访", dt.date(2026, 12, 22)),
    ]
    assert items[0].urgency() == "今天到期"
    listed = todo(items)
    # confirmation window: 9 days left -> only shown from day 25 (5 days left); term due today shown
    assert [i.text for i in listed] == ["第1期"]


def test_confirmation_window_in_todo_from_day_25() -> None:
    d = DeadlineInput(S.WRITTEN_AGREEMENT, agreement_on=dt.date(2026, 10, 28), written=True)
    listed = todo(due_items(d, TODAY))
    assert _kinds(listed) == ["回访", "司法确认期限"] and listed[1].urgency() == "还剩5天"


def test_oral_agreement_has_no_confirmation_window_and_visit_after_thirty_days() -> None:
    items = due_items(DeadlineInput(S.ORAL_AGREEMENT, agreement_on=dt.date(2026, 11, 1)), TODAY)
    assert [(i.kind, i.due) for i in items] == [("回访", dt.date(2026, 12, 1))]


def test_no_visit_due_once_visited() -> None:
    d = DeadlineInput(S.VISITED, agreement_on=dt.date(2026, 11, 1), visit_count=1)
    assert due_items(d, TODAY) == []


def test_court_decision_expected_within_thirty_days() -> None:
    d = DeadlineInput(S.CONFIRMATION_APPLIED, confirmation_applied_on=dt.date(2026, 11, 2), written=True)
    items = due_items(d, TODAY)
    assert [(i.kind, i.due, i.days_left) for i in items] == [("法院审查期限", dt.date(2026, 12, 2), 10)]
    assert todo(items) == [] and todo(items, soon=10) == items


@pytest.mark.parametrize("stage", [S.REGISTERED, S.DECLINED, S.ARCHIVED, S.CONFIRMATION_REJECTED])
def test_stages_without_deadlines(stage: Stage) -> None:
    d = DeadlineInput(
        stage,
        accepted_on=dt.date(2026, 1, 1),
        agreement_on=dt.date(2026, 1, 1),
        written=True,
        terms=(TermDue("x", dt.date(2026, 1, 1)),),
        confirmation_applied_on=dt.date(2026, 1, 1),
    )
    assert due_items(d, TODAY) == []
