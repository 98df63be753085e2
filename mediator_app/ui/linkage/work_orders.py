"""工作联系单 of one case (案件 → 工作联系单…): the orders sent to other units with their status (overdue
ones in red), 发联系单 (unit from the committee's list or typed, matter, requested action, time limit in
working days), 记录回复 (once), 打印 (through the printing service, into the preview) and 导出Excel
(every case's orders, masked). The services compute the due date on the holiday calendar and check
the input (docs/linkage.md); a refusal is shown at its field and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mediator_app.domain.dates import arabic_date
from mediator_app.domain.linkage import DEFAULT_LIMIT_DAYS, LIMIT_DAYS_RANGE, WorkOrder
from mediator_app.domain.masking import mask_text
from mediator_app.domain.model import Case
from mediator_app.ui.clock import Clock
from mediator_app.ui.dialog_base import EditDialog
from mediator_app.ui.errors import report_exception
from mediator_app.ui.preview import dialog_folder, remember_folder
from mediator_app.ui.screen import fit_to_screen
from mediator_app.ui.style import ERROR_COLOUR
from mediator_app.ui.tasks import run_db
from mediator_app.ui.widgets import DateEdit, TextArea, label, to_qdate

if TYPE_CHECKING:
    from mediator_app.services.desk import Desk

Preview = Callable[[bytes, str, str], object]  # (pdf, title, file name): the window's preview
COLUMNS = ("编号", "协办单位", "协办事项", "发函日期", "回复期限", "状态")


class IssueDialog(EditDialog):
    """发联系单: one new work order of the case."""

    LABELS: ClassVar[dict[str, str]] = {
        "unit": "协办单位",
        "matter": "协办事项",
        "action": "请求协助",
        "limit_days": "办理时限（工作日）",
        "issued_by": "发函人",
    }
    what = "联系单"

    def __init__(self, desk: Desk, case: Case, clock: Clock, units: list[str], parent: QWidget | None = None) -> None:
        super().__init__(self.tr("发工作联系单 — {number}").format(number=case.number), parent, self.LABELS)
        self.save_button.setText(self.tr("发出联系单"))
        self.desk, self.case_id, self.clock = desk, case.id or 0, clock
        form = QFormLayout(self.content)
        form.addRow(
            label(
                self.tr(
                    "需要其他单位协助的（如核实界址、出警、核查欠薪），写明事项和请求；回复期限按工作日计算，节假日顺延。"
                ),
                "help",
                word_wrap=True,
            )
        )
        self.unit = QComboBox()
        self.unit.setEditable(True)
        self.unit.addItems(units)
        self.unit.setCurrentText("")
        self.matter = TextArea(4, self.tr("例如：双方宅基地东侧界址争议，需核实1998年宅基地使用证登记的四至"))
        self.action = TextArea(3, self.tr("例如：请派员到现场测量，并出具界址意见"))
        self.limit_days = QSpinBox()
        self.limit_days.setRange(*LIMIT_DAYS_RANGE)
        self.limit_days.setValue(DEFAULT_LIMIT_DAYS)
        self.issued_by = QLineEdit(case.mediators[0] if case.mediators else "")
        for key, widget in (
            ("unit", self.unit),
            ("matter", self.matter),
            ("action", self.action),
            ("limit_days", self.limit_days),
            ("issued_by", self.issued_by),
        ):
            self.add_field(form, key, widget)
        fit_to_screen(self, 860, 560)
        self.mark_clean()

    def snapshot(self) -> tuple[str, ...]:
        return (self.unit.currentText(), self.matter.text(), self.action.text(), str(self.limit_days.value()))

    def save(self) -> None:
        desk, case_id, today = self.desk, self.case_id, self.clock.today()
        unit, matter, action = self.unit.currentText(), self.matter.text(), self.action.text()
        days, issued_by = self.limit_days.value(), self.issued_by.text()
        run_db(
            lambda: desk.linkage.issue_work_order(case_id, unit, matter, action, days, issued_by, today), owner=self
        ).on_success(self.saved).on_error(self.save_failed)


class ReplyDialog(EditDialog):
    """记录回复: what the unit answered, once (a recorded reply is part of the dossier)."""

    LABELS: ClassVar[dict[str, str]] = {"reply": "回复内容", "reply_by": "回复人", "replied_on": "回复日期"}
    what = "回复"

    def __init__(self, desk: Desk, order: WorkOrder, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("记录协办回复 — {unit}").format(unit=order.unit), parent, self.LABELS)
        self.desk, self.order_id, self.clock = desk, order.id or 0, clock
        form = QFormLayout(self.content)
        form.addRow(label(self.tr("协办事项：{matter}").format(matter=mask_text(order.matter)), "hint", word_wrap=True))
        self.reply = TextArea(5, self.tr("对方单位办理的情况和结论"))
        self.reply_by = QLineEdit(placeholderText=self.tr("例如：东湖派出所 王警官"))
        self.replied_on = DateEdit()
        self.replied_on.set_value(clock.today())
        self.replied_on.setMaximumDate(to_qdate(clock.today()))
        for key, widget in (("reply", self.reply), ("reply_by", self.reply_by), ("replied_on", self.replied_on)):
            self.add_field(form, key, widget)
        fit_to_screen(self, 760, 460)
        self.mark_clean()

    def snapshot(self) -> tuple[str, str]:
        return (self.reply.text(), self.reply_by.text())

    def save(self) -> None:
        desk, order_id, today = self.desk, self.order_id, self.clock.today()
        reply, reply_by, replied_on = self.reply.text(), self.reply_by.text(), self.replied_on.value()
        run_db(
            lambda: desk.linkage.record_work_order_reply(order_id, replied_on, reply, reply_by, today), owner=self
        ).on_success(self.saved).on_error(self.save_failed)


def _print_order(desk: Desk, case_id: int, index: int, today: dt.date) -> bytes:
    """One 工作联系单 through the one printing service (on the database thread)."""
    from mediator_app.services import printing

    job = printing.PrintJob.forms(case_id, ["work_order"], item=index, today=today)
    return printing.render(printing.DatabaseStore(desk.db), job)


class WorkOrdersDialog(QDialog):
    """The case's work orders and what can be done with them."""

    def __init__(self, desk: Desk, case: Case, clock: Clock, preview: Preview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("工作联系单 — {number}").format(number=case.number))
        self.desk, self.case, self.clock, self.preview = desk, case, clock, preview
        self.orders: list[WorkOrder] = []
        self.units: list[str] = []
        self.child: EditDialog | None = None  # the last sub-dialog opened (tests look at it)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)  # the matter takes what is left
        self.table.verticalHeader().hide()
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.empty = label(self.tr("本案还没有发出工作联系单。"), "hint")
        self.issue_button = QPushButton(self.tr("发联系单…"))
        self.reply_button = QPushButton(self.tr("记录回复…"))
        self.print_button = QPushButton(self.tr("打印"))
        self.export_button = QPushButton(self.tr("导出全部（Excel）…"))
        self.close_button = QPushButton(self.tr("关闭"))
        buttons = QHBoxLayout()
        for button in (self.issue_button, self.reply_button, self.print_button, self.export_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        self.issue_button.clicked.connect(self.issue)
        self.reply_button.clicked.connect(self.record_reply)
        self.print_button.clicked.connect(self.print_selected)
        self.export_button.clicked.connect(self.export)
        self.close_button.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        fit_to_screen(self, 1100, 520)
        self.reload()

    # -- loading ------------------------------------------------------------------------------------

    def reload(self) -> None:
        desk, case_id = self.desk, self.case.id or 0
        run_db(lambda: (desk.linkage.case_work_orders(case_id), desk.linkage.work_units()), owner=self).on_success(
            self._loaded
        ).on_error(lambda exc: report_exception(exc, self))

    def _loaded(self, result: tuple[list[WorkOrder], list[str]]) -> None:
        self.orders, self.units = result
        today = self.clock.today()
        self.table.setRowCount(len(self.orders))
        for row, order in enumerate(self.orders):
            values = (
                f"联{order.seq}",
                order.unit,
                mask_text(order.matter),
                arabic_date(order.issued_on),
                arabic_date(order.due_on),
                order.status(today),
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(order.number(self.case.number) if column == 0 else value)
                if order.overdue(today):
                    item.setForeground(QBrush(QColor(ERROR_COLOUR)))
                self.table.setItem(row, column, item)
        self.empty.setVisible(not self.orders)
        if self.orders and not self.table.selectedItems():
            self.table.selectRow(len(self.orders) - 1)
        self._update_buttons()

    def selected(self) -> tuple[int, WorkOrder] | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.orders):
            return None
        return rows[0].row(), self.orders[rows[0].row()]

    def _update_buttons(self) -> None:
        chosen = self.selected()
        self.reply_button.setEnabled(chosen is not None and not chosen[1].replied)
        self.print_button.setEnabled(chosen is not None)
        self.export_button.setEnabled(bool(self.orders))

    # -- acting -------------------------------------------------------------------------------------

    def _open(self, dialog: EditDialog) -> EditDialog:
        dialog.accepted.connect(self.reload)
        dialog.open()
        self.child = dialog
        return dialog

    def issue(self) -> EditDialog:
        return self._open(IssueDialog(self.desk, self.case, self.clock, self.units, self))

    def record_reply(self) -> EditDialog | None:
        chosen = self.selected()
        if chosen is None or chosen[1].replied:
            return None
        return self._open(ReplyDialog(self.desk, chosen[1], self.clock, self))

    def print_selected(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        index, order = chosen
        desk, case_id, today = self.desk, self.case.id or 0, self.clock.today()
        number = order.number(self.case.number)
        run_db(lambda: _print_order(desk, case_id, index, today), owner=self).on_success(
            lambda pdf: self.preview(
                pdf, self.tr("工作联系单 — {number}").format(number=number), f"{number}工作联系单.pdf"
            )
        ).on_error(lambda exc: report_exception(exc, self))

    def export(self) -> None:
        name = f"工作联系单{self.clock.today().isoformat()}.xlsx"
        chosen, _ = QFileDialog.getSaveFileName(self, self.tr("另存为"), str(dialog_folder() / name), "*.xlsx")
        if chosen:
            remember_folder(Path(chosen))
            self.export_to(Path(chosen))

    def export_to(self, target: Path) -> Any:
        desk, today = self.desk, self.clock.today()
        return run_db(lambda: target.write_bytes(desk.linkage.export_work_orders(today)), owner=self).on_error(
            lambda exc: report_exception(exc, self)
        )


class UnitsDialog(EditDialog):
    """设置 → 协办单位: the committee's list of units for work orders, one a line."""

    LABELS: ClassVar[dict[str, str]] = {"units": "协办单位（每行一个）"}
    what = "协办单位"

    def __init__(self, desk: Desk, units: list[str], parent: QWidget | None = None) -> None:
        super().__init__(self.tr("协办单位"), parent, self.LABELS)
        self.desk = desk
        form = QFormLayout(self.content)
        form.addRow(label(self.tr("发工作联系单时可选的单位，每行一个，可以写本地的全称。"), "help", word_wrap=True))
        self.units = TextArea(12)
        self.units.setText("\n".join(units))
        self.add_field(form, "units", self.units)
        fit_to_screen(self, 640, 560)
        self.mark_clean()

    def snapshot(self) -> str:
        return self.units.text()

    def save(self) -> None:
        desk, names = self.desk, self.units.text().splitlines()
        run_db(lambda: desk.linkage.save_work_units(names), owner=self).on_success(self.saved).on_error(
            self.save_failed
        )
