"""12345 work-order time limits in working days (procedure/hotline.py, docs/hotline.md "Time limits"):
across weekends, the 2026 holidays and their swapped working days, into 2027 (not yet in the shipped
calendar), per order type, after an extension; and the orders' steps (domain/hotline.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from mediator_app.domain.hotline import HotlineOrder, OrderStatus, Reply, ResultCode, reply_errors, step_refusal
from mediator_app.procedure.calendar import HolidayCalendar
from mediator_app.procedure.hotline import (
    NO_CALENDAR,
    REPLY_KIND,
    SIGN_KIND,
    add_working_days,
    deadlines,
    order_due_items,
    reply_days,
)
from mediator_app.services.calendar import holiday_calendar
from mediator_app.services.hotline.orders import days_by_type

D = dt.date
CAL = holiday_calendar()
DAYS = {"咨询": 3, "投诉举报": 5, "建议": 13, "紧急": 0, "其他": 5}


def _order(assigned: dt.datetime | None, order_type: str = "投诉举报", **kw: object) -> HotlineOrder:
    return HotlineOrder("BJ1", order_type, content="噪音", assigned_at=assigned, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (D(2026, 11, 6), 1, D(2026, 11, 9)),  # Friday → Monday
        (D(2026, 11, 7), 1, D(2026, 11, 9)),  # assigned on a Saturday
        (D(2026, 11, 6), 0, D(2026, 11, 6)),  # urgent: the same working day
        (D(2026, 11, 7), 0, D(2026, 11, 9)),  # urgent on a Saturday: the next working day
        (D(2026, 9, 30), 1, D(2026, 10, 8)),  # National Day 10-01…10-07
        (D(2026, 9, 30), 5, D(2026, 10, 13)),  # 10-08, 09, 10 (a swapped working Saturday), 12, 13
        (D(2026, 2, 13), 1, D(2026, 2, 14)),  # Spring Festival: Saturday 02-14 is a working day
        (D(2026, 2, 14), 1, D(2026, 2, 24)),  # then 02-15…02-23 are rest days
        (D(2026, 12, 30), 3, D(2027, 1, 4)),  # into 2027: only weekends count (no 2027 data shipped)
    ],
)
def test_add_working_days(start: dt.date, days: int, due: dt.date) -> None:
    assert add_working_days(start, days, CAL) == due


def test_2027_holidays_when_installed() -> None:
    cal = HolidayCalendar.from_data(
        {"years": {"2027": {"rest": [["2027-01-01", "2027-01-03"], ["2027-02-06", "2027-02-13"]], "work": []}}}
    )
    assert add_working_days(D(2026, 12, 31), 1, cal) == D(2027, 1, 4)
    assert add_working_days(D(2027, 2, 5), 1, cal) == D(2027, 2, 15)


@pytest.mark.parametrize(
    ("order_type", "due"),
    [
        ("咨询", D(2026, 11, 5)),
        ("投诉举报", D(2026, 11, 9)),
        ("建议", D(2026, 11, 19)),
        ("紧急", D(2026, 11, 2)),
        ("未知类型", D(2026, 11, 9)),
    ],
)
def test_reply_due_by_order_type(order_type: str, due: dt.date) -> None:
    d = deadlines(_order(dt.datetime(2026, 11, 2, 16), order_type), DAYS, CAL)  # Monday
    assert d.reply_by == due and d.sign_by == D(2026, 11, 3) and d.calendar_covers


def test_platform_deadline_then_extension_win() -> None:
    given = _order(dt.datetime(2026, 11, 2, 16), deadline=D(2026, 11, 20))
    assert deadlines(given, DAYS, CAL).reply_by == D(2026, 11, 20)
    extended = _order(dt.datetime(2026, 11, 2, 16), deadline=D(2026, 11, 20), extension_until=D(2026, 12, 4))
    d = deadlines(extended, DAYS, CAL)
    assert d.reply_by == D(2026, 12, 4) and d.reply_rule.startswith("延期至此")


def test_nothing_to_count_from() -> None:
    d = deadlines(_order(None), DAYS, CAL)
    assert d.sign_by is None and d.reply_by is None and d.reply_rule == ""
    assert order_due_items(_order(None), DAYS, CAL, D(2026, 11, 2)) == []


def test_due_items_unsigned_signed_and_closed() -> None:
    today = D(2026, 11, 4)
    new = order_due_items(_order(dt.datetime(2026, 11, 2, 9)), DAYS, CAL, today)
    assert [(i.kind, i.days_left, i.overdue) for i in new] == [(SIGN_KIND, -1, True), (REPLY_KIND, 5, False)]
    signed = _order(dt.datetime(2026, 11, 2, 9), status=OrderStatus.SIGNED)
    assert [i.kind for i in order_due_items(signed, DAYS, CAL, today)] == [REPLY_KIND]
    returned = _order(dt.datetime(2026, 11, 2, 9), status=OrderStatus.RETURNED)
    assert order_due_items(returned, DAYS, CAL, today) == []


def test_a_year_without_holiday_data_is_said() -> None:
    items = order_due_items(_order(dt.datetime(2026, 12, 30, 9)), DAYS, CAL, D(2026, 12, 30))
    assert all(NO_CALENDAR in i.text for i in items)


def test_reply_days_fall_back_to_other() -> None:
    assert reply_days(" 咨询 ", DAYS) == 3 and reply_days("", DAYS) == 5


def test_shipped_setting_and_a_committee_override(tmp_path: object) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path))
    assert days_by_type(folder)["咨询"] == 3
    (folder / "hotline-deadlines.json").write_text('{"working_days": {"咨询": 2, "求助": 4}}', encoding="utf-8")
    days_by_type.cache_clear()
    assert days_by_type(folder)["咨询"] == 2 and days_by_type(folder)["建议"] == 13
    days_by_type.cache_clear()


def test_steps_allowed_by_state() -> None:
    order = _order(dt.datetime(2026, 11, 2, 9))
    assert step_refusal(order, "签收") == "" and step_refusal(order, "转为案件") == ""
    assert "还没有填写回复" in step_refusal(order, "审签")
    signed = _order(None, status=OrderStatus.SIGNED)
    assert "已签收" in step_refusal(signed, "签收")
    linked = _order(None, status=OrderStatus.LINKED, case_id=3)
    assert "已对应一件案件" in step_refusal(linked, "关联")
    returned = _order(None, status=OrderStatus.RETURNED)
    assert "不能转为案件" in step_refusal(returned, "转为案件")
    assert "不能延期" in step_refusal(returned, "延期") and "不能回复" in step_refusal(returned, "回复")
    replied = _order(None, status=OrderStatus.REPLIED, reply_result=ResultCode.SOLVED)
    assert step_refusal(replied, "回复") == "" and step_refusal(replied, "审签") == ""
    assert "还没有经主任审签" in step_refusal(replied, "报送")
    sent = _order(None, status=OrderStatus.REPLIED, sent_at=dt.datetime(2026, 11, 20, 9))
    assert "已冻结" in step_refusal(sent, "回复")


def test_reply_needs_what_was_done() -> None:
    bare = Reply(ResultCode.SOLVED, "", "", "", "", "")
    assert {e.path for e in reply_errors(bare)} == {"done", "handler", "unit", "contact"}
    good = Reply(ResultCode.SOLVED, "上门调解", "11月5日与双方面谈", "", "马德明", "望京街道调委会")
    assert reply_errors(good) == []


def test_masked_line_hides_numbers() -> None:
    order = HotlineOrder(
        "BJ9", "求助", caller="刘䶮", phone="13912345678", content="电话13812345678，身份证110105196503150012"
    )
    line = order.masked_line()
    assert "139****5678" in line and "13812345678" not in line and "196503" not in line
