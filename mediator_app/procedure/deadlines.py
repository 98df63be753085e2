"""Deadlines of a case and what is due today (今日待办). Pure: a snapshot in, dated items out.

- Mediation time limit: soft, default 30 days from acceptance, extendable with both parties' consent
  (2002 MoJ rule Art. 33 "一般在一个月内调结"; Ningbo 2015 Art. 27) — a reminder, never a block.
- Each term's performance date (instalments are terms of their own), while performance is supervised
  (PML Art. 31).
- Return visit: due at the last performance date, or 30 days after an agreement without dated terms.
- Judicial confirmation: 30 days from the effective date (PML Art. 33), warned from day 25.
- The court's decision: expected within 30 days of filing (CPL Art. 187).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import field

from mediator_app.domain.stages import Stage
from mediator_app.frozen import frozen
from mediator_app.procedure.calendar import HolidayCalendar, period
from mediator_app.procedure.machine import CONFIRMATION_DAYS, CONFIRMATION_WARN_FROM_DAY

S = Stage
MEDIATION_DAYS_DEFAULT = 30
COURT_DECISION_DAYS = 30
VISIT_AFTER_DAYS = 30
DUE_SOON_DAYS = 7
_OPEN_MEDIATION = frozenset({S.ACCEPTED, S.INVESTIGATING, S.MEDIATING})
# Not accepted by a court, an agreement still binds the parties (PML Art. 31): its terms stay supervised.
_SUPERVISED = frozenset(
    {S.WRITTEN_AGREEMENT, S.ORAL_AGREEMENT, S.PERFORMING, S.VISITED, S.CONFIRMATION_APPLIED, S.CONFIRMED}
    | {S.CONFIRMATION_NOT_ACCEPTED}
)
_BEFORE_CONFIRMATION = frozenset({S.WRITTEN_AGREEMENT, S.PERFORMING, S.VISITED, S.CONFIRMATION_NOT_ACCEPTED})


@frozen
class TermDue:
    label: str  # e.g. 第1项：李四向张三支付…
    deadline: dt.date
    performed: bool = False


@frozen
class DeadlineInput:
    stage: Stage
    accepted_on: dt.date | None = None
    mediation_days: int = MEDIATION_DAYS_DEFAULT  # including agreed extensions
    agreement_on: dt.date | None = None  # written: effective date; oral: date reached (PML Art. 30)
    written: bool = False
    terms: tuple[TermDue, ...] = ()
    visit_count: int = 0
    confirmation_applied_on: dt.date | None = None
    calendar: HolidayCalendar = field(default_factory=HolidayCalendar)


@frozen
class DueItem:
    kind: str  # 调解期限 / 履行期限 / 回访 / 司法确认期限 / 法院审查期限
    text: str
    due: dt.date
    days_left: int
    rule: str

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    def urgency(self) -> str:
        if self.days_left < 0:
            return f"已逾期{-self.days_left}天"
        if self.days_left == 0:
            return "今天到期"
        return f"还剩{self.days_left}天"


def due_items(d: DeadlineInput, today: dt.date) -> list[DueItem]:
    """Every open deadline of the case, earliest first."""
    items: list[DueItem] = []
    if d.stage in _OPEN_MEDIATION and d.accepted_on:
        due = d.accepted_on + dt.timedelta(days=d.mediation_days)
        items.append(
            DueItem(
                "调解期限",
                f"调解一般应在{d.mediation_days}天内结束，经双方同意可延长",
                due,
                (due - today).days,
                "《人民调解工作若干规定》第三十三条",
            )
        )
    if d.stage in _SUPERVISED:
        items += _term_items(d, today)
        items += _visit_items(d, today)
    if d.stage in _BEFORE_CONFIRMATION and d.written and d.agreement_on:
        window = period(d.agreement_on, CONFIRMATION_DAYS, d.calendar)
        items.append(
            DueItem(
                "司法确认期限",
                "如需司法确认，当事人须在协议生效之日起三十日内共同向人民法院申请",
                window.plain_end,
                (window.plain_end - today).days,
                "《人民调解法》第三十三条",
            )
        )
    if d.stage is S.CONFIRMATION_APPLIED and d.confirmation_applied_on:
        due = d.confirmation_applied_on + dt.timedelta(days=COURT_DECISION_DAYS)
        items.append(
            DueItem(
                "法院审查期限",
                "人民法院一般应在立案之日起三十日内作出裁定",
                due,
                (due - today).days,
                "《民事诉讼法》第一百八十七条",
            )
        )
    return sorted(items, key=lambda i: i.due)


def overdue_from(
    stage: Stage, accepted_on: dt.date | None, mediation_days: int, terms: Iterable[tuple[dt.date, bool]]
) -> dt.date | None:
    """The date after which the case list shows the case as overdue (逾期), or None.

    The 调解期限 of an open mediation, or, while performance is supervised, the earliest deadline of a
    term not yet recorded as performed (`terms`: (deadline, performed)). A case is overdue on `today`
    when this date is before `today`, exactly when `due_items` has an overdue 调解期限 or 履行期限 item.
    """
    if stage in _OPEN_MEDIATION:
        return accepted_on + dt.timedelta(days=mediation_days) if accepted_on else None
    if stage in _SUPERVISED:
        return min((deadline for deadline, performed in terms if not performed), default=None)
    return None


def _term_items(d: DeadlineInput, today: dt.date) -> list[DueItem]:
    return [
        DueItem("履行期限", t.label, t.deadline, (t.deadline - today).days, "《人民调解法》第三十一条")
        for t in d.terms
        if not t.performed
    ]


def _visit_items(d: DeadlineInput, today: dt.date) -> list[DueItem]:
    if d.visit_count or d.agreement_on is None:
        return []
    due = max((t.deadline for t in d.terms), default=d.agreement_on + dt.timedelta(days=VISIT_AFTER_DAYS))
    return [DueItem("回访", "回访当事人，了解协议履行情况", due, (due - today).days, "《人民调解法》第三十一条")]


def todo(items: list[DueItem], soon: int = DUE_SOON_DAYS) -> list[DueItem]:
    """今日待办: overdue or due within `soon` days; the confirmation window shows from day 25."""
    out = []
    for item in items:
        horizon = CONFIRMATION_DAYS - CONFIRMATION_WARN_FROM_DAY if item.kind == "司法确认期限" else soon
        if item.days_left <= horizon:
            out.append(item)
    return out
