"""The start's integrity check of the database file, and the offer of the newest good backup on damage.

The check (`Desk.check_integrity`: quick at every start, full weekly) runs on a thread of its own over a
read-only connection, after the case list is shown: on the 100,000-case demo database a quick check takes
about 1 s and a full one about 3 s (more from a cold disk), too long before the first paint or on the
database thread, where it would hold up opening a case (docs/durability.md, "Integrity").

On damage the desk refuses every write, the status bar says so, and the user is asked whether to restore
the newest backup that verifies, with its date and what would be lost (everything entered after it).
The damaged file is kept aside, never deleted. The same offer is made when the file is too damaged to
open at all (`offer_restore` with no desk).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QWidget

from mediator_app.ui import messages
from mediator_app.ui.backup_dialog import KIND_NAMES
from mediator_app.ui.errors import report_exception
from mediator_app.ui.tasks import run_aside, run_db

if TYPE_CHECKING:
    from mediator_app.services.desk import Desk
    from mediator_app.services.integrity import GoodBackup


def restore_question(good: GoodBackup | None, damage: str) -> str:
    if good is None:
        return (
            f"{damage}\n\n没有找到完好的备份。请不要再用这个文件登记，"
            "把数据文件和 backups 文件夹复制一份后，请懂电脑的人或软件支持人员帮助处理。"
        )
    made = good.backup.made_at
    return (
        f"{damage}\n\n最近一份完好的备份是 {made:%Y年%m月%d日 %H:%M} 的{KIND_NAMES.get(good.backup.kind, '')}备份"
        f"（{good.verified.cases} 件纠纷）。用它恢复后，这个时间以后登记和修改的内容将不在数据文件中；"
        "损坏的文件另存在数据文件旁边，不会删除。\n\n现在用这份备份恢复吗？"
    )


class IntegrityWatch(QObject):
    """Runs the start's check on its own thread and, on damage, offers the newest good backup."""

    checked = Signal(object, object)  # (damage message or None, GoodBackup or None); or (exception, None)
    restored = Signal(Path)  # where the damaged file was put aside

    def __init__(self, desk: Desk, today: dt.date, label: QLabel, parent: QWidget) -> None:
        super().__init__(parent)
        self.desk, self.today, self.label, self.window = desk, today, label, parent
        self.checked.connect(self._checked)

    def start(self) -> None:
        desk, today = self.desk, self.today

        def work() -> tuple[object, GoodBackup | None]:
            result = desk.check_integrity(today)
            good = None if result.ok else desk.newest_good_backup()
            return desk.db.writes_refused, good

        run_aside(work, owner=self, name="integrity-check").on_success(
            lambda found: self.checked.emit(*found)
        ).on_error(
            lambda exc: self.checked.emit(exc, None)  # reported, never lost in a thread
        )

    def _checked(self, damage: object, good: GoodBackup | None) -> None:
        if isinstance(damage, BaseException):
            self.label.setText(self.tr("数据文件检查没有完成"))
            report_exception(damage, self.window)
            return
        if damage is None:
            return
        self.label.setText(self.tr("数据文件已损坏：只能查看，不能保存"))
        self.label.setToolTip(str(damage))
        desk = self.desk
        offer_restore(self.window, str(damage), good, lambda path: desk.restore_damaged(path), self.restored.emit)


def offer_restore(
    parent: QWidget,
    damage: str,
    good: GoodBackup | None,
    restore: Callable[[Path], Path],
    done: Callable[[Path], object],
) -> None:
    """Ask whether to restore `good` (or say there is none); restore on the database thread, then `done`."""
    title = parent.tr("数据文件已损坏")
    if good is None:
        messages.warn(parent, title, restore_question(None, damage))
        return
    if not messages.confirm(parent, title, restore_question(good, damage), parent.tr("用备份恢复")):
        return
    source = good.backup.path

    def restored(aside: Path) -> None:
        messages.inform(
            parent,
            title,
            parent.tr("已用备份恢复并核对无误。损坏的文件另存为：{path}").format(path=aside),
        )
        done(aside)

    run_db(restore, source, owner=parent).on_success(restored).on_error(lambda exc: report_exception(exc, parent))


def _good_backup_of(db_path: Path) -> GoodBackup | None:
    from mediator_app.services.integrity import newest_good_backup  # on the database thread (import costs)

    return newest_good_backup(db_path)


def _restore_file(db_path: Path, source: Path) -> Path:
    from mediator_app.services.integrity import restore_damaged

    return restore_damaged(db_path, source)[1]


def offer_after_failed_open(parent: QWidget, db_path: Path, damage: str, reopen: Callable[[], object]) -> None:
    """The file is too damaged to open: look for the newest good backup, offer it, open again once restored."""
    run_db(_good_backup_of, db_path, owner=parent).on_success(
        lambda good: offer_restore(
            parent, damage, good, lambda source: _restore_file(db_path, source), lambda _a: reopen()
        )
    ).on_error(lambda exc: report_exception(exc, parent))
