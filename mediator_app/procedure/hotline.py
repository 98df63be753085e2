"""Time limits of 12345 hotline work orders in working days (docs/hotline.md, "Time limits"). Pure.

- 签收: within one working day of the assignment (交办).
- Reply (办结): the platform's own 办结期限 when its export gives one; otherwise a number of working days
  by order type (a setting; the shipped defaults are in resources/hotline/deadlines.json). An approved
  extension replaces the date.
- Working days follow the holiday calendar (weekends, statutory rest days and the swapped working
  Saturdays/Sundays); for a year the calendar does not cover only weekends count, and the item says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from mediator_app.domain.hotline import HotlineOrder, OrderStatus
from mediator_app.frozen import frozen
from mediator_app.procedure.calendar import HolidayCalendar
from mediator_app.procedure.deadlines import DueItem

SIGN_WITHIN_WORKING_DAYS = 1
DEFAULT_TYPE = "其他"
SIGN_KIND = "12345签收"
REPLY_KIND = "12345回复"
RULE = "12345热线工单办理时限（工作日）"
NO_CALENDAR = "（该年节假日数据未安装，仅按周末计算）"


def add_working_days(start: dt.date, days: int, calendar: HolidayCalendar) -> dt.date:
    """The `days`-th working day after `start` (the start day itself is not counted); 0: the start day
    if it is a working day, else the next one (an urgent order answered the same day)."""
    day = calendar.next_working_day(start) if days == 0 else start
    for _ in range(days):
        day = calendar.next_working_day(day + dt.timedelta(days=1))
    return day


@frozen
class OrderDeadlines:
    sign_by: dt.date | None  # None: signed already, or no assignment time known
    reply_by: dt.date | None  # None: nothing known to count from
    reply_rule: str  # how the reply date was set
    calendar_covers: bool


def reply_days(order_type: str, days_by_type: Mapping[str, int]) -> int:
    """The working days the type has; a type missing from the setting gets the `其他` figure."""
    return days_by_type.get(order_type.strip(), days_by_type[DEFAULT_TYPE])


def deadlines(order: HotlineOrder, days_by_type: Mapping[str, int], calendar: HolidayCalendar) -> OrderDeadlines:
    assigned = order.assigned_at.date() if order.assigned_at is not None else None
    sign_by = None
    if assigned is not None and order.status is OrderStatus.NEW:
        sign_by = add_working_days(assigned, SIGN_WITHIN_WORKING_DAYS, calendar)
    if order.extension_until is not None:
        reply_by, rule = order.extension_until, f"延期至此（{order.extension_reason}）"
    elif order.deadline is not None:
        reply_by, rule = order.deadline, "热线平台规定的办结期限"
    elif assigned is not None:
        days = reply_days(order.order_type, days_by_type)
        reply_by, rule = (
            add_working_days(assigned, days, calendar),
            f"{order.order_type or DEFAULT_TYPE}类{days}个工作日",
        )
    else:
        reply_by, rule = None, ""
    covers = all(calendar.covers(d) for d in (sign_by, reply_by) if d is not None)
    return OrderDeadlines(sign_by, reply_by, rule, covers)


def order_due_items(
    order: HotlineOrder, days_by_type: Mapping[str, int], calendar: HolidayCalendar, today: dt.date
) -> list[DueItem]:
    """The open time limits of an order for 今日待办: signing while unsigned, the reply until it is sent."""
    if not order.is_open:
        return []
    d = deadlines(order, days_by_type, calendar)
    note = "" if d.calendar_covers else NO_CALENDAR
    items = []
    if d.sign_by is not None:
        text = f"工单{order.order_no}尚未签收：应在交办后1个工作日内签收并联系来电人{note}"
        items.append(DueItem(SIGN_KIND, text, d.sign_by, (d.sign_by - today).days, RULE))
    if d.reply_by is not None:
        text = f"工单{order.order_no}应回复热线（{d.reply_rule}）{note}"
        items.append(DueItem(REPLY_KIND, text, d.reply_by, (d.reply_by - today).days, RULE))
    return items
