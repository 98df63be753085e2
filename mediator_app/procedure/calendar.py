"""Working days and periods counted the way the Civil Code counts them.

Civil Code Art. 201: a period in days does not count its first day. Art. 203: if the last day is a
statutory holiday (法定休假日), the period ends on the day after the holiday. Rest days are the
published statutory holidays plus ordinary weekends, minus the weekends declared working days (调休).
The holiday data is a file a user can update each year (resources/calendar/cn-holidays.json).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import field
from pathlib import Path
from typing import Any

from mediator_app.frozen import frozen


@frozen
class HolidayCalendar:
    rest_days: frozenset[dt.date] = field(default_factory=frozenset)
    work_days: frozenset[dt.date] = field(default_factory=frozenset)
    years: frozenset[int] = field(default_factory=frozenset)  # years the data covers

    def is_rest_day(self, day: dt.date) -> bool:
        if day in self.work_days:
            return False
        return day in self.rest_days or day.weekday() >= 5

    def covers(self, day: dt.date) -> bool:
        return day.year in self.years

    def next_working_day(self, day: dt.date) -> dt.date:
        while self.is_rest_day(day):
            day += dt.timedelta(days=1)
        return day

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> HolidayCalendar:
        rest: set[dt.date] = set()
        work: set[dt.date] = set()
        years = set()
        for year, spec in data["years"].items():
            years.add(int(year))
            for first, last in spec.get("rest", []):
                rest.update(_span(dt.date.fromisoformat(first), dt.date.fromisoformat(last)))
            work.update(dt.date.fromisoformat(d) for d in spec.get("work", []))
        return cls(frozenset(rest), frozenset(work), frozenset(years))

    @classmethod
    def load(cls, path: Path) -> HolidayCalendar:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls.from_data(data)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"节假日数据文件“{path.name}”无法读取：{exc}") from exc


def _span(first: dt.date, last: dt.date) -> Iterable[dt.date]:
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


@frozen
class Period:
    """A period of `days` days from `start`: the plain last day and the holiday-extended last day."""

    start: dt.date
    days: int
    plain_end: dt.date  # start + days (Civil Code Art. 201: the first day is not counted)
    end: dt.date  # moved past a statutory holiday (Civil Code Art. 203)
    calendar_covers: bool  # False: no holiday data for that year, only weekends were considered

    def days_left(self, today: dt.date) -> int:
        return (self.end - today).days


def period(start: dt.date, days: int, calendar: HolidayCalendar) -> Period:
    plain = start + dt.timedelta(days=days)
    return Period(start, days, plain, calendar.next_working_day(plain), calendar.covers(plain))


def add_working_days(start: dt.date, days: int, calendar: HolidayCalendar) -> dt.date:
    """The last day of a time limit of `days` working days from `start` (a work order's 办理时限): like
    Civil Code Art. 201 the first day is not counted; weekends and statutory holidays are skipped and
    declared working days (调休) count."""
    day = start
    left = days
    while left > 0:
        day += dt.timedelta(days=1)
        if not calendar.is_rest_day(day):
            left -= 1
    return day
