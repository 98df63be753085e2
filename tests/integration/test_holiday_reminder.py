"""Next year's holiday arrangement (docs/linkage.md): in November and December, while the holiday
calendar lacks next year, 今日待办 says so and offers the import; the import is a setting (设置委员会),
audited, and a file that is not a holiday file installs nothing."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlmodel import col, select

from mediator_app.errors import UserFacingError
from mediator_app.services import holidays
from mediator_app.services.calendar import holiday_calendar, next_year_missing
from mediator_app.storage.database import Database
from mediator_app.storage.tables import AuditRow

pytestmark = pytest.mark.usefixtures("committee_db")

D = dt.date
SHIPPED = Path(__file__).resolve().parents[2] / "resources" / "calendar" / "cn-holidays.json"


def _file_with_next_year(tmp_path: Path, year: int) -> Path:
    """The shipped file plus a year of made-up test data (the program itself never invents dates)."""
    data = json.loads(SHIPPED.read_text(encoding="utf-8"))
    data["years"][str(year)] = {"source": "测试数据", "rest": [[f"{year}-01-01", f"{year}-01-01"]], "work": []}
    path = tmp_path / "holidays-next.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_next_year_is_asked_for_in_november_and_december_only(tmp_path: Path) -> None:
    year = max(holiday_calendar(tmp_path).years) + 1  # the first year the shipped file lacks
    assert next_year_missing(D(year - 1, 10, 31), tmp_path) is None
    assert next_year_missing(D(year - 1, 11, 1), tmp_path) == year
    assert next_year_missing(D(year - 1, 12, 31), tmp_path) == year
    assert next_year_missing(D(year - 2, 12, 1), tmp_path) is None  # that next year is covered


def test_the_import_is_a_recorded_setting_and_ends_the_reminder(db: Database, tmp_path: Path) -> None:
    year = max(holiday_calendar(tmp_path).years) + 1
    bad = tmp_path / "not-holidays.json"
    bad.write_text('{"工单编号": []}', encoding="utf-8")
    with pytest.raises(UserFacingError, match="无法读取"):
        holidays.install_holidays(db, bad, tmp_path)
    assert next_year_missing(D(year - 1, 11, 20), tmp_path) == year  # nothing installed
    assert holidays.install_holidays(db, _file_with_next_year(tmp_path, year), tmp_path)[-1] == year
    assert next_year_missing(D(year - 1, 11, 20), tmp_path) is None
    assert holiday_calendar(tmp_path).is_rest_day(D(year, 1, 1))
    with db.reader() as session:
        details = session.exec(
            select(AuditRow.detail).where(AuditRow.action == holidays.ACTION).order_by(col(AuditRow.id))
        )
        assert [str(d) for d in details] == ["、".join(f"{y}年" for y in sorted(holiday_calendar(tmp_path).years))]
