"""Installing next year's holiday arrangement from the window (今日待办's reminder, docs/linkage.md):
who may (设置委员会, as every setting that changes the program's deadlines) and the audit row. The file
itself is checked and installed by `services.calendar.import_holidays`; nothing is installed from a
file that is not a valid holiday file."""

from __future__ import annotations

from pathlib import Path

from mediator_app.domain.access import Permission
from mediator_app.errors import UserFacingError
from mediator_app.services.access import require
from mediator_app.services.calendar import import_holidays
from mediator_app.storage import repository as repo
from mediator_app.storage.database import Database

ACTION = "导入节假日安排"


def install_holidays(db: Database, source: Path, user_dir: Path | None = None) -> list[int]:
    """Install the holiday file (same format as the shipped one); returns the years it covers."""
    require(db, Permission.SETTINGS)
    try:
        years = import_holidays(source, user_dir)
    except ValueError as exc:  # not a holiday file: nothing installed
        raise UserFacingError(f"{exc}。请选择国务院办公厅节假日安排的数据文件（与程序自带的格式相同）") from None
    with db.unit_of_work() as session:
        repo.add_audit(session, ACTION, None, "、".join(f"{year}年" for year in years))
    return years
