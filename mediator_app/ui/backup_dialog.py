"""工具 → 数据备份: when the last backup was made and where, back up now (with progress), restore.

Backups are made and checked by `services/backup.py` on the database thread; progress comes back
through a Qt signal (queued to the GUI thread). A second place (a USB stick) is remembered in the
settings; when it is missing or read-only the dialog says so plainly and the backup beside the database
still counts. A restore asks first, names the backup's date and what would be lost (everything entered
after it), and keeps a safety copy of the current data.
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mediator_app.errors import UserFacingError
from mediator_app.services.backup import WARN_AFTER_DAYS
from mediator_app.storage.backup import BackupFile
from mediator_app.ui import messages
from mediator_app.ui.errors import report_exception
from mediator_app.ui.tasks import run_aside, run_db
from mediator_app.ui.widgets import ErrorLabel

if TYPE_CHECKING:
    from mediator_app.services.backup import BackupResult
    from mediator_app.services.desk import Desk

SECOND_PLACE_KEY = "backup/also_to"
KIND_NAMES = {"manual": "手动", "daily": "每日自动", "exit": "退出时", "migration": "升级前", "restore": "恢复前"}


class _Progress(QObject):
    """Carries (done, total) from the database thread to the progress bar."""

    step = Signal(int, int)


def when(moment: dt.datetime) -> str:
    """A time as messages write it: 2026年12月6日 8:05."""
    return f"{moment.year}年{moment.month}月{moment.day}日 {moment.hour}:{moment.minute:02d}"


def describe(backup: BackupFile) -> str:
    size = backup.size / 1_048_576
    return f"{backup.made_at:%Y-%m-%d %H:%M}　{KIND_NAMES.get(backup.kind, backup.kind)}　{size:.1f} MB"


class BackupDialog(QDialog):
    """The 数据备份 page."""

    restored = Signal()

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self._busy = False
        self._backups: list[BackupFile] = []
        self.setWindowTitle(self.tr("数据备份"))
        self._progress = _Progress(self)
        self._progress.step.connect(self._show_progress)

        self.last_label = QLabel(self)
        self.last_label.setWordWrap(True)
        self.problem_label = ErrorLabel(self)
        self.list = QListWidget(self)
        self.bar = QProgressBar(self)
        self.bar.setVisible(False)

        self.second_place = QLineEdit(self)
        self.second_place.setPlaceholderText(self.tr("可选：另存一份到U盘或其他文件夹"))
        self.second_place.setText(str(QSettings().value(SECOND_PLACE_KEY, "") or ""))
        choose = QPushButton(self.tr("选择…"), self)
        choose.clicked.connect(self._choose_place)
        place_row = QHBoxLayout()
        place_row.addWidget(QLabel(self.tr("另存位置："), self))
        place_row.addWidget(self.second_place, 1)
        place_row.addWidget(choose)

        self.backup_button = QPushButton(self.tr("立即备份"), self)
        self.backup_button.clicked.connect(self.back_up)
        self.restore_button = QPushButton(self.tr("用所选备份恢复…"), self)
        self.restore_button.clicked.connect(self.restore_selected)
        self.list.currentRowChanged.connect(lambda row: self.restore_button.setEnabled(row >= 0 and not self._busy))
        buttons = QDialogButtonBox(self)
        close = buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        close.setAutoDefault(False)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.backup_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)

        layout = QVBoxLayout(self)
        layout.addWidget(self.last_label)
        layout.addWidget(QLabel(self.tr("本机的备份（在数据文件旁的 backups 文件夹中，最新的在前）："), self))
        layout.addWidget(self.list, 1)
        layout.addLayout(place_row)
        layout.addWidget(self.bar)
        layout.addWidget(self.problem_label)
        layout.addWidget(buttons)
        self.resize(640, 460)
        self.refresh()

    # -- the list ----------------------------------------------------------------------------------

    def refresh(self) -> None:
        self._backups = self.desk.backups()
        self.list.clear()
        for backup in self._backups:
            item = QListWidgetItem(describe(backup))
            item.setToolTip(str(backup.path))
            self.list.addItem(item)
        if self._backups:
            newest = self._backups[0]
            text = self.tr("最近一次备份：{when}，保存在 {folder}").format(
                when=when(newest.made_at), folder=newest.path.parent
            )
        else:
            text = self.tr("还没有备份。请点“立即备份”。")
        self.last_label.setText(text)
        self.restore_button.setEnabled(self.list.currentRow() >= 0 and not self._busy)

    def _choose_place(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("选择另存备份的位置"), self.second_place.text())
        if folder:
            self.second_place.setText(folder)

    # -- backing up --------------------------------------------------------------------------------

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.backup_button.setEnabled(not busy)
        self.restore_button.setEnabled(not busy and self.list.currentRow() >= 0)
        self.bar.setVisible(busy)
        if busy:
            self.bar.setRange(0, 0)

    def _show_progress(self, done: int, total: int) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)

    def back_up(self) -> None:
        place = self.second_place.text().strip()
        QSettings().setValue(SECOND_PLACE_KEY, place)
        self.problem_label.show_message("")
        self._set_busy(True)
        desk, relay = self.desk, self._progress
        also_to = Path(place) if place else None
        run_db(lambda: desk.back_up(also_to, relay.step.emit), owner=self).on_success(self._backed_up).on_error(
            self._failed
        )

    def _backed_up(self, result: BackupResult) -> None:
        self._set_busy(False)
        self.refresh()
        text = self.tr("已备份并核对无误：{cases} 件案件。").format(cases=result.made.cases)
        if result.extra is not None:
            text += self.tr("另存的一份也已核对：{path}").format(path=result.extra.path)
        self.problem_label.show_message(result.extra_problem)
        messages.inform(
            self, self.tr("数据备份"), text + (f"\n\n{result.extra_problem}" if result.extra_problem else "")
        )

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.refresh()
        report_exception(exc, self)

    # -- restoring ---------------------------------------------------------------------------------

    def restore_selected(self) -> None:
        row = self.list.currentRow()
        if row < 0 or row >= len(self._backups):
            return
        backup = self._backups[row]
        question = self.tr(
            "用 {when} 的备份恢复数据吗？\n\n这个时间以后登记和修改的内容都会丢失。"
            "恢复前，现在的数据会先另存为一份“恢复前”备份，需要时可以再用它恢复。"
        ).format(when=when(backup.made_at))
        if not messages.confirm(self, self.tr("从备份恢复"), question, self.tr("恢复")):
            return
        self._set_busy(True)
        desk, path = self.desk, backup.path
        run_db(lambda: desk.restore(path), owner=self).on_success(self._restored).on_error(self._failed)

    def _restored(self, safety: Path) -> None:
        self._set_busy(False)
        self.refresh()
        self.restored.emit()
        messages.inform(
            self,
            self.tr("从备份恢复"),
            self.tr("已恢复并核对无误。恢复前的数据另存为：{path}").format(path=safety),
        )


class BackupWatch(QObject):
    """At start: today's automatic backup, then the status bar's reminder when the newest backup is older
    than `WARN_AFTER_DAYS` (or there is none).

    The backup runs on a thread of its own, not the database thread: it reads through its own read-only
    connection (WAL: writers are not blocked), and a large database (100,000 cases: about 20 s) must
    not hold up opening a case. If the program is closed meanwhile the unfinished ``.part`` file never
    counts as a backup.
    """

    done = Signal(object)  # None, or the exception that stopped the backup

    def __init__(self, desk: Desk, today: dt.date, label: QLabel) -> None:
        super().__init__(label)
        self.desk, self.today, self.label = desk, today, label
        self.label.setObjectName("errorLabel")
        self.done.connect(self._finished)
        self._worker: threading.Thread | None = None

    def start(self) -> None:
        task = run_aside(self.desk.daily_backup, self.today, owner=self, name="daily-backup")
        task.on_success(lambda _made: self.done.emit(None)).on_error(self.done.emit)  # said in the status bar
        self._worker = task.worker

    def wait(self) -> None:
        """Let an unfinished day's backup finish (on closing: the window is already gone)."""
        if self._worker is not None:
            self._worker.join()

    def _finished(self, error: BaseException | None) -> None:
        if error is None:
            self.update()
        else:
            self._failed(error)

    def update(self) -> None:
        age = self.desk.backup_age_days(self.today)
        if self.desk.path is None or (age is not None and age <= WARN_AFTER_DAYS):
            self.label.clear()
        elif age is None:
            self.label.setText(self.tr("还没有数据备份，请在“工具 → 数据备份”中备份"))
        else:
            self.label.setText(self.tr("已有 {days} 天没有备份数据，请在“工具 → 数据备份”中备份").format(days=age))

    def _failed(self, exc: BaseException) -> None:
        message = exc.message if isinstance(exc, UserFacingError) else str(exc)
        self.label.setText(self.tr("今天的自动备份没有完成：{why}").format(why=message[:80]))
        self.label.setToolTip(message)
