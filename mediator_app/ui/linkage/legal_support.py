"""法律支持申请 of one case (案件 → 法律支持申请…): the requests sent to the judges' workstation or 12368
with their status, 新申请 (the recipient, the case summary offered with names replaced by roles and
numbers masked — the mediator reads and may shorten it — and the legal question), 记录答复 (once),
打印 (the form `legal_support_request`, through the printing service, into the preview).
docs/linkage.md.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, ClassVar

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mediator_app.domain.dates import arabic_date
from mediator_app.domain.legal_support import RECIPIENTS, LegalSupportRequest
from mediator_app.domain.model import Case
from mediator_app.ui.clock import Clock
from mediator_app.ui.dialog_base import EditDialog
from mediator_app.ui.errors import report_exception
from mediator_app.ui.linkage.work_orders import Preview
from mediator_app.ui.screen import fit_to_screen
from mediator_app.ui.tasks import run_db
from mediator_app.ui.widgets import DateEdit, TextArea, label, to_qdate

if TYPE_CHECKING:
    from mediator_app.services.desk import Desk

COLUMNS = ("序号", "申请对象", "法律问题", "申请日期", "状态")


class AskDialog(EditDialog):
    LABELS: ClassVar[dict[str, str]] = {
        "recipient": "申请对象",
        "summary": "案情摘要",
        "question": "法律问题",
        "asked_by": "申请人",
    }
    what = "申请"

    def __init__(self, desk: Desk, case: Case, clock: Clock, summary: str, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("申请法律支持 — {number}").format(number=case.number), parent, self.LABELS)
        self.save_button.setText(self.tr("保存申请"))
        self.desk, self.case_id, self.clock = desk, case.id or 0, clock
        form = QFormLayout(self.content)
        form.addRow(
            label(
                self.tr(
                    "案情摘要已隐去当事人姓名、遮蔽证件号码和电话；请核对，删去对方解答问题用不到的内容（如住址）。"
                ),
                "help",
                word_wrap=True,
            )
        )
        self.recipient = QComboBox()
        self.recipient.setEditable(True)
        self.recipient.addItems(list(RECIPIENTS))
        self.summary = TextArea(6)
        self.summary.setText(summary)
        self.question = TextArea(4, self.tr("例如：村集体分配的宅基地，分户后通道属于谁？"))
        self.asked_by = QLineEdit(case.mediators[0] if case.mediators else "")
        for key, widget in (
            ("recipient", self.recipient),
            ("summary", self.summary),
            ("question", self.question),
            ("asked_by", self.asked_by),
        ):
            self.add_field(form, key, widget)
        fit_to_screen(self, 860, 600)
        self.mark_clean()

    def snapshot(self) -> tuple[str, ...]:
        return (self.recipient.currentText(), self.summary.text(), self.question.text(), self.asked_by.text())

    def save(self) -> None:
        desk, case_id, today = self.desk, self.case_id, self.clock.today()
        recipient, summary, question, by = self.snapshot()
        run_db(
            lambda: desk.linkage.ask_legal_support(case_id, recipient, summary, question, by, today), owner=self
        ).on_success(self.saved).on_error(self.save_failed)


class AnswerDialog(EditDialog):
    LABELS: ClassVar[dict[str, str]] = {"answer": "答复意见", "answered_by": "答复人", "answered_on": "答复日期"}
    what = "答复"

    def __init__(self, desk: Desk, request: LegalSupportRequest, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("记录答复 — {recipient}").format(recipient=request.recipient), parent, self.LABELS)
        self.desk, self.request_id, self.clock = desk, request.id or 0, clock
        form = QFormLayout(self.content)
        form.addRow(label(self.tr("问题：{question}").format(question=request.question), "hint", word_wrap=True))
        self.answer = TextArea(6)
        self.answered_by = QLineEdit(placeholderText=self.tr("例如：东湖法庭 王法官"))
        self.answered_on = DateEdit()
        self.answered_on.set_value(clock.today())
        self.answered_on.setMaximumDate(to_qdate(clock.today()))
        for key, widget in (
            ("answer", self.answer),
            ("answered_by", self.answered_by),
            ("answered_on", self.answered_on),
        ):
            self.add_field(form, key, widget)
        fit_to_screen(self, 760, 480)
        self.mark_clean()

    def snapshot(self) -> tuple[str, str]:
        return (self.answer.text(), self.answered_by.text())

    def save(self) -> None:
        desk, request_id, today = self.desk, self.request_id, self.clock.today()
        answer, by, day = self.answer.text(), self.answered_by.text(), self.answered_on.value()
        run_db(lambda: desk.linkage.record_legal_answer(request_id, day, answer, by, today), owner=self).on_success(
            self.saved
        ).on_error(self.save_failed)


def _print_request(desk: Desk, case_id: int, index: int, today: dt.date) -> bytes:
    from mediator_app.services import printing

    job = printing.PrintJob.forms(case_id, ["legal_support_request"], item=index, today=today)
    return printing.render(printing.DatabaseStore(desk.db), job)


class LegalSupportDialog(QDialog):
    def __init__(self, desk: Desk, case: Case, clock: Clock, preview: Preview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("法律支持申请 — {number}").format(number=case.number))
        self.desk, self.case, self.clock, self.preview = desk, case, clock, preview
        self.requests: list[LegalSupportRequest] = []
        self.child: EditDialog | None = None
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.empty = label(self.tr("本案还没有申请过法律支持。"), "hint")
        self.ask_button = QPushButton(self.tr("新申请…"))
        self.answer_button = QPushButton(self.tr("记录答复…"))
        self.print_button = QPushButton(self.tr("打印"))
        close = QPushButton(self.tr("关闭"))
        buttons = QHBoxLayout()
        for button in (self.ask_button, self.answer_button, self.print_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        self.ask_button.clicked.connect(self.ask)
        self.answer_button.clicked.connect(self.record_answer)
        self.print_button.clicked.connect(self.print_selected)
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        fit_to_screen(self, 1000, 480)
        self.reload()

    def reload(self) -> None:
        desk, case_id = self.desk, self.case.id or 0
        run_db(lambda: desk.linkage.case_legal_support(case_id), owner=self).on_success(self._loaded).on_error(
            lambda exc: report_exception(exc, self)
        )

    def _loaded(self, requests: list[LegalSupportRequest]) -> None:
        self.requests = requests
        self.table.setRowCount(len(requests))
        for row, r in enumerate(requests):
            for column, value in enumerate((str(r.seq), r.recipient, r.question, arabic_date(r.asked_on), r.status())):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.table.setItem(row, column, item)
        self.empty.setVisible(not requests)
        if requests and not self.table.selectedItems():
            self.table.selectRow(len(requests) - 1)
        self._update_buttons()

    def selected(self) -> tuple[int, LegalSupportRequest] | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.requests):
            return None
        return rows[0].row(), self.requests[rows[0].row()]

    def _update_buttons(self) -> None:
        chosen = self.selected()
        self.answer_button.setEnabled(chosen is not None and not chosen[1].answered)
        self.print_button.setEnabled(chosen is not None)

    def _open(self, dialog: EditDialog) -> EditDialog:
        dialog.accepted.connect(self.reload)
        dialog.open()
        self.child = dialog
        return dialog

    def ask(self) -> None:
        desk, case_id = self.desk, self.case.id or 0
        run_db(lambda: desk.linkage.draft_legal_summary(case_id), owner=self).on_success(
            lambda summary: self._open(AskDialog(desk, self.case, self.clock, summary, self))
        ).on_error(lambda exc: report_exception(exc, self))

    def record_answer(self) -> EditDialog | None:
        chosen = self.selected()
        if chosen is None or chosen[1].answered:
            return None
        return self._open(AnswerDialog(self.desk, chosen[1], self.clock, self))

    def print_selected(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        index = chosen[0]
        desk, case_id, today, number = self.desk, self.case.id or 0, self.clock.today(), self.case.number
        run_db(lambda: _print_request(desk, case_id, index, today), owner=self).on_success(
            lambda pdf: self.preview(
                pdf, self.tr("法律支持申请单 — {number}").format(number=number), f"{number}法律支持申请单.pdf"
            )
        ).on_error(lambda exc: report_exception(exc, self))
