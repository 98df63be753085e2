"""The holiday calendar in force: the shipped data plus a user's yearly update in the data folder, and
whether next year's arrangement is still to be imported. No database here: the print path reads it."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from functools import lru_cache
from pathlib import Path

from mediator_app.errors import UserFacingError
from mediator_app.paths import resource_path, user_data_dir
from mediator_app.procedure.calendar import HolidayCalendar

USER_FILE = "holidays.json"


def _merged_data(shipped: Path, user: Path) -> dict[str, object]:
    data = json.loads(shipped.read_text(encoding="utf-8"))
    if user.exists():
        data["years"].update(json.loads(user.read_text(encoding="utf-8"))["years"])
    return dict(data)


@lru_cache(maxsize=4)
def holiday_calendar(user_dir: Path | None = None) -> HolidayCalendar:
    user = (user_dir or user_data_dir()) / USER_FILE
    try:
        return HolidayCalendar.from_data(_merged_data(resource_path("calendar", "cn-holidays.json"), user))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise UserFacingError(f"节假日数据无法读取（{user}）：{exc}") from exc


def import_holidays(source: Path, user_dir: Path | None = None) -> list[int]:
    """Validate a holiday file (same format as the shipped one) and install it; returns its years."""
    calendar = HolidayCalendar.load(source)
    target_dir = user_dir or user_data_dir()
    target_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target_dir / USER_FILE)
    holiday_calendar.cache_clear()
    return sorted(calendar.years)


# The State Council's General Office publishes next year's holiday arrangement in the autumn, usually in
# November: from then on a committee should import it, or every working-day deadline running into the
# new year counts its holidays as working days (docs/linkage.md). The dates are never guessed here.
ASK_FROM_MONTH = 11


def next_year_missing(today: dt.date, user_dir: Path | None = None) -> int | None:
    """Next year, in November and December, when the holiday calendar does not cover it; else None."""
    if today.month < ASK_FROM_MONTH:
        return None
    year = today.year + 1
    return None if year in holiday_calendar(user_dir).years else year
