"""Working-day time limits (work orders, the receipt's answer date) across weekends, the 2026 National
Day holiday and its declared working days; what the 受理回执 tells a party; work-order validation."""

from __future__ import annotations

import datetime as dt

import pytest

from mediator_app.domain.legal_support import request_errors
from mediator_app.domain.linkage import WorkOrder, name_errors, reply_errors, work_order_errors
from mediator_app.domain.satisfaction import SatisfactionVisit, visit_errors
from mediator_app.domain.stages import Stage
from mediator_app.paths import resource_path
from mediator_app.procedure.calendar import HolidayCalendar, add_working_days
from mediator_app.procedure.receipt import ANSWER_WORKING_DAYS, next_step

D = dt.date


@pytest.fixture(scope="module")
def cal() -> HolidayCalendar:
    return HolidayCalendar.load(resource_path("calendar", "cn-holidays.json"))


@pytest.mark.parametrize(
    ("start", "days", "end"),
    [
        (D(2026, 11, 4), 2, D(2026, 11, 6)),  # Wednesday + 2: Friday (the first day is not counted)
        (D(2026, 11, 6), 1, D(2026, 11, 9)),  # Friday + 1: over the weekend to Monday
        (D(2026, 9, 30), 1, D(2026, 10, 8)),  # the day before National Day: the holiday is skipped
        (D(2026, 9, 30), 3, D(2026, 10, 10)),  # …and Saturday 10 October is a declared working day (调休)
        (D(2026, 2, 13), 1, D(2026, 2, 14)),  # Saturday 14 February is a working day before Spring Festival
        (D(2026, 2, 14), 1, D(2026, 2, 24)),  # then nine days of Spring Festival
        (D(2026, 11, 2), 0, D(2026, 11, 2)),
    ],
)
def test_working_days_skip_weekends_and_holidays(cal: HolidayCalendar, start: D, days: int, end: D) -> None:
    assert add_working_days(start, days, cal) == end


def test_without_holiday_data_only_weekends_are_skipped() -> None:
    assert add_working_days(D(2026, 9, 30), 1, HolidayCalendar()) == D(2026, 10, 1)


def test_the_receipt_promises_an_answer_in_working_days(cal: HolidayCalendar) -> None:
    step = next_step(Stage.REGISTERED, D(2026, 9, 29), None, 30, cal)
    assert step.due == add_working_days(D(2026, 9, 29), ANSWER_WORKING_DAYS, cal) == D(2026, 10, 9)
    assert "受理" in step.text and "工作日" in step.basis


def test_the_receipt_of_an_accepted_case_gives_the_mediation_time_limit(cal: HolidayCalendar) -> None:
    step = next_step(Stage.MEDIATING, D(2026, 11, 2), D(2026, 11, 3), 45, cal)
    assert step.due == D(2026, 12, 18)
    assert "45日" in step.basis and "第三十三条" in step.basis


@pytest.mark.parametrize(("stage", "accepted"), [(Stage.ACCEPTED, None), (Stage.ARCHIVED, D(2026, 11, 3))])
def test_no_date_is_promised_when_none_can_be(cal: HolidayCalendar, stage: Stage, accepted: D | None) -> None:
    step = next_step(stage, D(2026, 11, 2), accepted, 30, cal)
    assert step.due is None and step.basis == ""


def test_a_work_order_names_every_missing_field() -> None:
    errors = work_order_errors(" ", "", "", 0, "")
    assert [e.path for e in errors] == ["unit", "matter", "action", "limit_days", "issued_by"]
    assert "工作日" in errors[3].message
    assert [e.path for e in work_order_errors("派" * 101, "事" * 2001, "请核实", 61, "马")] == [
        "unit",
        "matter",
        "limit_days",
    ]
    assert work_order_errors("派出所", "争执", "请出警", 5, "马德明") == []


def test_a_reply_is_recorded_once_and_dated_sensibly() -> None:
    order = WorkOrder("派出所", "争执", "请出警", 3, D(2026, 11, 2), D(2026, 11, 5), "马德明", seq=2)
    assert order.number("（2026）东湖调字第7号") == "（2026）东湖调字第7号-联2"
    assert order.status(D(2026, 11, 5)) == "待回复" and not order.overdue(D(2026, 11, 5))
    assert order.status(D(2026, 11, 8)) == "已逾期3天"
    assert [e.path for e in reply_errors(order, D(2026, 11, 1), "", D(2026, 11, 3))] == ["reply", "replied_on"]
    assert [e.path for e in reply_errors(order, D(2026, 11, 4), "已出警", D(2026, 11, 3))] == ["replied_on"]
    assert reply_errors(order, D(2026, 11, 3), "已出警调处", D(2026, 11, 3)) == []
    done = WorkOrder("派出所", "争执", "请出警", 3, D(2026, 11, 2), D(2026, 11, 5), "马德明", replied_on=D(2026, 11, 3))
    assert done.status(D(2026, 12, 1)) == "已回复" and not done.overdue(D(2026, 12, 1))
    assert reply_errors(done, D(2026, 11, 3), "x" * 2001, D(2026, 11, 3))[0].message == "此联系单已记录回复，不能再改"


def test_names_longer_than_their_columns_are_refused_where_they_enter() -> None:
    long = "王" * 101
    assert [e.path for e in work_order_errors("派出所", "争执", "请出警", 5, long)] == ["issued_by"]
    assert [e.path for e in request_errors(long, "", "通道归谁？", "马德明")] == ["recipient"]
    visit = SatisfactionVisit(D(2026, 11, 5), "马德明", long, "满意")
    assert [e.path for e in visit_errors(visit, D(2026, 11, 1), D(2026, 11, 5))] == ["visited"]
    assert name_errors(reply_by="王" * 100) == []
