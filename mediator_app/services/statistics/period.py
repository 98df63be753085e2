"""A reporting period: a month, a quarter or a year, with its first and last day, its caption and the
periods it is compared with (环比: the one before; 同比: the same one a year earlier)."""

from __future__ import annotations

import calendar
import datetime as dt
from enum import StrEnum

from mediator_app.errors import UserFacingError
from mediator_app.frozen import frozen


class Kind(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUAL = "annual"


CAPTIONS = {Kind.MONTHLY: "月报", Kind.QUARTERLY: "季报", Kind.ANNUAL: "年报"}
_QUARTER_NAMES = ("一", "二", "三", "四")


@frozen
class Period:
    kind: Kind
    year: int
    number: int = 0  # the month (1-12) or quarter (1-4); 0 for a year

    @classmethod
    def of(cls, kind: Kind, year: int, month: int | None = None, quarter: int | None = None) -> Period:
        """The period asked for, or a Chinese message saying what is missing or out of range."""
        if not 2000 <= year <= 2100:
            raise UserFacingError(f"年份{year}不在合理范围内（2000—2100）")
        if kind is Kind.MONTHLY:
            if month is None or not 1 <= month <= 12:
                raise UserFacingError("月报须指定月份（1—12），例如 --month 11")
            return cls(kind, year, month)
        if kind is Kind.QUARTERLY:
            if quarter is None or not 1 <= quarter <= 4:
                raise UserFacingError("季报须指定季度（1—4），例如 --quarter 4")
            return cls(kind, year, quarter)
        return cls(kind, year, 0)

    @property
    def _months(self) -> tuple[int, int]:
        if self.kind is Kind.MONTHLY:
            return self.number, self.number
        if self.kind is Kind.QUARTERLY:
            return 3 * self.number - 2, 3 * self.number
        return 1, 12

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self._months[0], 1)

    @property
    def end(self) -> dt.date:
        last = self._months[1]
        return dt.date(self.year, last, calendar.monthrange(self.year, last)[1])

    @property
    def label(self) -> str:
        if self.kind is Kind.MONTHLY:
            return f"{self.year}年{self.number}月"
        if self.kind is Kind.QUARTERLY:
            return f"{self.year}年第{_QUARTER_NAMES[self.number - 1]}季度"
        return f"{self.year}年度"

    def previous(self) -> Period:
        if self.kind is Kind.ANNUAL or self.number == 1:
            last = {Kind.MONTHLY: 12, Kind.QUARTERLY: 4, Kind.ANNUAL: 0}[self.kind]
            return Period(self.kind, self.year - 1, last)
        return Period(self.kind, self.year, self.number - 1)

    def last_year(self) -> Period:
        return Period(self.kind, self.year - 1, self.number)
