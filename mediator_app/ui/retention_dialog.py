"""工具 → 到期卷宗: the archived dossiers past their 保管期限, for the director to decide (PIPL Art. 47:
personal information is not kept longer than needed; the retention periods of people's-mediation
dossiers: docs/privacy.md). The program lists; it deletes nothing. Titles are masked like every list.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mediator_app.domain.dates import arabic_date
from mediator_app.ui.errors import report_exception
from mediator_app.ui.screen import fit_to_screen
from mediator_app.ui.tasks import run_db
from mediator_app.ui.widgets import label

if TYPE_CHECKING:
    from mediator_app.services.desk import Desk
    from mediator_app.services.privacy import RetentionDue
    from mediator_app.ui.main_window import MainWindow

COLUMNS = ("案件编号", "案由", "保管期限", "归档日期", "期满日期")


def show_retention(window: MainWindow) -> None:
    if window.desk is not None:
        RetentionDialog(window.desk, window.clock.today(), window).open()


class RetentionDialog(QDialog):
    def __init__(self, desk: Desk, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("retention_dialog")
        self.setWindowTitle(self.tr("已过保管期限的卷宗"))
        layout = QVBoxLayout(self)
        note = self.tr(
            "以下卷宗自归档之日起已超过保管期限（“永久”的除外）。是否销毁、去除个人信息或继续保管，由调委会主任"
            "按规定决定并办理；程序不会删除任何卷宗。"
        )
        layout.addWidget(label(note, "hint", word_wrap=True))
        self.count = label(self.tr("正在查找…"))
        layout.addWidget(self.count)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        fit_to_screen(self, 900, 520)
        run_db(lambda: desk.past_retention(today), owner=self).on_success(self._show).on_error(
            lambda exc: report_exception(exc, self)
        )

    def _show(self, due: list[RetentionDue]) -> None:
        self.table.setRowCount(len(due))
        for row, d in enumerate(due):
            cells = (d.number, d.title, d.retention, arabic_date(d.archived_on), arabic_date(d.expired_on))
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnToContents(0)
        self.count.setText(
            self.tr("共 {n} 件。").replace("{n}", str(len(due))) if due else self.tr("没有已过保管期限的卷宗。")
        )
