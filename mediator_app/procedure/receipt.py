"""What a party is told on the 受理回执 (acceptance receipt) about what happens next, and by when.
Pure: the case's stage and dates in, one `NextStep` out.

No national rule fixes how soon a committee must decide whether to accept an application; the
receipt promises the committee's own answer time, `ANSWER_WORKING_DAYS` working days (the holiday
calendar, first day not counted as Civil Code Art. 201 counts periods). Once accepted, the party is
told the mediation's usual time limit (2002 MoJ rule Art. 33: generally within a month, extendable
with both parties' consent; docs/linkage.md).
"""

from __future__ import annotations

import datetime as dt

from mediator_app.domain.stages import Stage
from mediator_app.frozen import frozen
from mediator_app.procedure.calendar import HolidayCalendar, add_working_days

S = Stage
ANSWER_WORKING_DAYS = 3
_MEDIATING = frozenset({S.ACCEPTED, S.INVESTIGATING, S.MEDIATING})


@frozen
class NextStep:
    text: str  # the sentence printed for the party
    due: dt.date | None  # by when; None: no date can be promised
    basis: str  # why that date (printed small under it)


def next_step(
    stage: Stage,
    registered_on: dt.date,
    accepted_on: dt.date | None,
    mediation_days: int,
    calendar: HolidayCalendar,
) -> NextStep:
    if stage is S.REGISTERED:
        return NextStep(
            "调解委员会告知您的权利义务，征得各方同意后受理并安排人民调解员；不予受理的，书面告知理由。",
            add_working_days(registered_on, ANSWER_WORKING_DAYS, calendar),
            f"本委员会承诺在登记后{ANSWER_WORKING_DAYS}个工作日内答复是否受理",
        )
    if stage in _MEDIATING and accepted_on is not None:
        return NextStep(
            "人民调解员与各方当事人联系，了解情况并安排调解，请保持电话畅通。",
            accepted_on + dt.timedelta(days=mediation_days),
            f"调解一般在受理后{mediation_days}日内结束，经各方同意可以延长（《人民调解工作若干规定》第三十三条）",
        )
    return NextStep("请按人民调解员的通知办理；有疑问请拨打委员会电话。", None, "")
