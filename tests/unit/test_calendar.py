"""Civil Code period counting against the holiday calendar shipped in resources/."""

from __future__ import annotations

import datetime as dt

import pytest

from mediator_app.paths import resource_path
from mediator_app.procedure.calendar import HolidayCalendar, period

D = dt.date


@pytest.fixture(scope="module")
def cal() -> HolidayCalendar:
    return HolidayCalendar.load(resource_path("calendar", "cn-holidays.json"))


@pytest.mark.parametrize(
    ("start", "plain", "end"),
    [
        # month ends: the first day is not counted (Civil Code Art. 201)
        (D(2026, 1, 31), D(2026, 3, 2), D(2026, 3, 2)),
        (D(2026, 3, 31), D(2026, 4, 30), D(2026, 4, 30)),
        (D(2026, 12, 15), D(2027, 1, 14), D(2027, 1, 14)),
        # leap year: February 2028 has 29 days, 2027 has 28
        (D(2028, 2, 1), D(2028, 3, 2), D(2028, 3, 2)),
        (D(2027, 2, 1), D(2027, 3, 3), D(2027, 3, 3)),
        (D(2028, 1, 30), D(2028, 2, 29), D(2028, 2, 29)),
        # last day in the 2026 Spring Festival holiday (Feb 15-23) -> next working day (Art. 203)
        (D(2026, 1, 20), D(2026, 2, 19), D(2026, 2, 24)),
        # last day in the 2025 Spring Festival (Jan 28 - Feb 4)
        (D(2024, 12, 30), D(2025, 1, 29), D(2025, 2, 5)),
        # last day in the 2026 National Day holiday (Oct 1-7)
        (D(2026, 9, 5), D(2026, 10, 5), D(2026, 10, 8)),
        # last day in the 2025 National Day holiday (Oct 1-8)
        (D(2025, 9, 2), D(2025, 10, 2), D(2025, 10, 9)),
        # last day on an ordinary Sunday -> Monday
        (D(2026, 10, 16), D(2026, 11, 15), D(2026, 11, 16)),
        # last day on a weekend declared a working day (调休 Saturday 2026-02-28) stays
        (D(2026, 1, 29), D(2026, 2, 28), D(2026, 2, 28)),
    ],
)
def test_thirty_day_period(cal: HolidayCalendar, start: dt.date, plain: dt.date, end: dt.date) -> None:
    p = period(start, 30, cal)
    assert (p.plain_end, p.end) == (plain, end)


def test_calendar_knows_which_years_it_covers(cal: HolidayCalendar) -> None:
    assert period(D(2026, 5, 1), 30, cal).calendar_covers
    assert not period(D(2031, 5, 1), 30, cal).calendar_covers


def test_days_left(cal: HolidayCalendar) -> None:
    p = period(D(2026, 11, 1), 30, cal)
    assert p.days_left(D(2026, 11, 22)) == (p.end - D(2026, 11, 22)).days == 9


def test_calendar_is_data_a_user_can_update() -> None:
    cal = HolidayCalendar.from_data({"years": {"2031": {"rest": [["2031-01-01", "2031-01-01"]], "work": []}}})
    assert cal.is_rest_day(D(2031, 1, 1)) and not cal.is_rest_day(D(2031, 1, 2))


def test_bad_calendar_file_gives_chinese_message(tmp_path) -> None:
    bad = tmp_path / "holidays.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="节假日数据文件"):
        HolidayCalendar.load(bad)
