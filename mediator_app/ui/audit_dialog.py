"""工具 → 审计记录: the director's view of the audit trail (PIPL Art. 51; docs/privacy.md).

Who did what to which case and when, newest first, filtered by person, case number, action and days;
the 核对 button walks the hash chain and compares it with the checkpoint (`services.audit.verify`) and
says in one line whether the trail is whole or where it is first broken. Reads run on the database
thread (`run_db`); details arrive masked.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mediator_app.services.audit import AuditEntry, AuditFilter, AuditReport, local_day_bounds
from mediator_app.ui.errors import report_exception
from mediator_app.ui.tasks import run_db

if TYPE_CHECKING:
    from mediator_app.services.desk import Desk

ANY = "（全部）"
COLUMNS = ("时间", "操作人", "案件编号", "操作", "说明")


def shown_time(moment: dt.datetime) -> str:
    """A UTC moment in the computer's local time, as the mediator reads a clock."""
    local = moment.astimezone()
    return f"{local:%Y-%m-%d %H:%M:%S}"


class AuditDialog(QDialog):
    """The 审计记录 page."""

    def __init__(self, desk: Desk, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.setWindowTitle(self.tr("审计记录"))
        self.actor = QComboBox(self)
        self.action = QComboBox(self)
        self.case_number = QLineEdit(self)
        self.case_number.setPlaceholderText(self.tr("案件编号的一部分，如 2026 或 第12号"))
        self.use_days = QCheckBox(self.tr("只看这段日期："), self)
        self.since = QDateEdit(QDate(today.year, today.month, 1), self)
        self.until = QDateEdit(QDate(today.year, today.month, today.day), self)
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        search = QPushButton(self.tr("查询"), self)
        search.clicked.connect(self.reload)
        self.case_number.returnPressed.connect(self.reload)

        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("操作人："), self), 0, 0)
        grid.addWidget(self.actor, 0, 1)
        grid.addWidget(QLabel(self.tr("操作："), self), 0, 2)
        grid.addWidget(self.action, 0, 3)
        grid.addWidget(QLabel(self.tr("案件："), self), 1, 0)
        grid.addWidget(self.case_number, 1, 1)
        grid.addWidget(self.use_days, 1, 2)
        days = QWidget(self)
        row = QGridLayout(days)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.since, 0, 0)
        row.addWidget(QLabel(self.tr("至"), days), 0, 1)
        row.addWidget(self.until, 0, 2)
        grid.addWidget(days, 1, 3)
        grid.addWidget(search, 1, 4)

        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.count_label = QLabel(self)
        self.chain_label = QLabel(self.tr("点“核对”检查审计记录有没有被改动、插入、调换或删除。"), self)
        self.chain_label.setWordWrap(True)
        self.verify_button = QPushButton(self.tr("核对审计记录"), self)
        self.verify_button.clicked.connect(self.verify)

        buttons = QDialogButtonBox(self)
        buttons.addButton(self.verify_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        close.setAutoDefault(False)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.chain_label)
        layout.addWidget(buttons)
        self.resize(1000, 560)
        run_db(self.desk.audit_choices, owner=self).on_success(self._show_choices).on_error(self._failed)
        self.reload()

    # -- the filter and the list -----------------------------------------------------------------

    def _show_choices(self, choices: tuple[list[str], list[str]]) -> None:
        for combo, values in zip((self.actor, self.action), choices, strict=True):
            current = combo.currentText()
            combo.clear()
            combo.addItems([self.tr(ANY), *values])
            if current and combo.findText(current) >= 0:
                combo.setCurrentText(current)

    def current_filter(self) -> AuditFilter:
        def chosen(combo: QComboBox) -> str:
            text = combo.currentText()
            return "" if text in ("", self.tr(ANY)) else text

        since = until = None
        if self.use_days.isChecked():
            since, until = local_day_bounds(self.since.date().toPython(), self.until.date().toPython())  # type: ignore[arg-type]
        return AuditFilter(chosen(self.actor), self.case_number.text().strip(), chosen(self.action), since, until)

    def reload(self) -> None:
        f = self.current_filter()
        run_db(lambda: self.desk.audit_entries(f), owner=self).on_success(self._show).on_error(self._failed)

    def _show(self, found: list[AuditEntry]) -> None:
        self.table.setRowCount(len(found))
        for row, e in enumerate(found):
            values = (shown_time(e.at), e.actor, e.case_number, e.action, e.detail)
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)  # a long detail is cut at the column's edge
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.count_label.setText(self.tr("共 {n} 条（最新的在前）").format(n=len(found)))

    # -- the chain -------------------------------------------------------------------------------

    def verify(self) -> None:
        self.verify_button.setEnabled(False)
        self.chain_label.setText(self.tr("正在核对……"))
        run_db(self.desk.verify_audit, owner=self).on_success(self._verified).on_error(self._failed)

    def _verified(self, report: AuditReport) -> None:
        self.verify_button.setEnabled(True)
        self.chain_label.setText(report.summary())
        self.chain_label.setProperty("problem", not report.ok)
        self.chain_label.setStyleSheet("" if report.ok else "color: #b00020;")

    def _failed(self, exc: BaseException) -> None:
        self.verify_button.setEnabled(True)
        report_exception(exc, self)
