"""填写协议条款: 争议事项, 各方责任, 违约责任, 签订日期 and the list of terms with one term's form.

Saving: amounts are parsed here (`Money.parse`, where the value enters); if any does not parse, its
message is shown together with everything else the domain's `agreement_field_errors` finds, so
the mediator sees all problems at once. Otherwise `Desk.save_agreement` runs on the database
thread and validates again before writing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mediator_app.domain.dates import arabic_date
from mediator_app.domain.model import Agreement, Case
from mediator_app.domain.validation import agreement_field_errors
from mediator_app.errors import FieldError, ValidationError
from mediator_app.ui import messages
from mediator_app.ui.agreement.term_editor import TermDraft, TermEditor
from mediator_app.ui.dialog_base import EditDialog
from mediator_app.ui.field_errors import split_path
from mediator_app.ui.screen import stack_while_too_wide
from mediator_app.ui.style import ERROR_COLOUR
from mediator_app.ui.tasks import run_db
from mediator_app.ui.widgets import FieldBox, OptionalDateEdit, TextArea, fit_to_screen, label

if TYPE_CHECKING:
    from mediator_app.services.desk import Desk


class TermTable(QTableWidget):
    HEADERS = ("序号", "义务人", "履行内容", "金额（元）", "履行期限")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(self.HEADERS), parent)
        self.setHorizontalHeaderLabels([self.tr(h) for h in self.HEADERS])
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Tab leaves the list for the term's fields (↑/↓ choose the term), as in the register dialog's
        # party list; Qt's default moved Tab from cell to cell for ever (a keyboard trap, found on xcb).
        self.setTabKeyNavigation(False)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        for column in range(len(self.HEADERS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.setMinimumWidth(460)

    def set_row(self, row: int, draft: TermDraft, obligor: str, has_error: bool) -> None:
        texts = (
            str(row + 1),
            obligor,
            draft.action.strip().replace("\n", " ") or self.tr("（未填写）"),
            draft.amount_text.strip(),
            arabic_date(draft.deadline) if draft.deadline else self.tr("未填写"),
        )
        for column, text in enumerate(texts):
            item = self.item(row, column)
            if item is None:
                item = QTableWidgetItem()
                self.setItem(row, column, item)
            item.setText(text)
            item.setForeground(QBrush(QColor(ERROR_COLOUR)) if has_error else QBrush())


class AgreementDialog(EditDialog):
    """Edits `case.agreement`; emits `case_saved(Case)` with the saved case."""

    case_saved = Signal(object)
    what = "协议内容"

    def __init__(self, desk: Desk, case: Case, parent: QWidget | None = None) -> None:
        super().__init__(self.tr_title(case), parent)
        self.desk = desk
        self.case = case
        self._drafts: list[TermDraft] = []
        self._current: int | None = None

        self.disputed_matters = TextArea(2, self.tr("双方争的是什么"))
        self.responsibilities = TextArea(2, self.tr("各方当事人应承担的责任"))
        self.breach_clause = TextArea(2, self.tr("可不填"))
        self.signed_on = OptionalDateEdit()
        form = QFormLayout()
        for key, widget in (
            ("agreement.disputed_matters", self.disputed_matters),
            ("agreement.responsibilities", self.responsibilities),
            ("agreement.breach_clause", self.breach_clause),
            ("agreement.signed_on", self.signed_on),
        ):
            self.add_field(form, key, widget)

        self.term_table = TermTable()
        self.term_table.itemSelectionChanged.connect(self._selection_changed)
        self.field_errors.bind("agreement.terms", FieldBox(self.term_table))
        self.field_errors.bind("agreement", self.field_errors.box("agreement.terms"))
        self.add_term_button = QPushButton(self.tr("添加条款"))
        self.remove_term_button = QPushButton(self.tr("删除所选条款"))
        self.add_term_button.clicked.connect(self.add_term)
        self.remove_term_button.clicked.connect(self._remove_clicked)
        self.editor = TermEditor(case.parties, self.field_errors)
        self.editor.changed.connect(self._term_edited)

        buttons = QHBoxLayout()
        buttons.addWidget(self.add_term_button)
        buttons.addWidget(self.remove_term_button)
        side = QVBoxLayout()
        side.addWidget(self.field_errors.box("agreement.terms"), 1)
        side.addLayout(buttons)
        terms = self.terms_row = QHBoxLayout()  # the editor under the list where the dialog is narrow
        terms.addLayout(side, 1)
        terms.addWidget(self.editor, 1)

        content = QVBoxLayout(self.content)
        content.addWidget(label(self.tr("协议内容"), "section"))
        content.addLayout(form)
        content.addWidget(label(self.tr("协议条款（谁、在什么时候以前、为谁、做什么或付多少钱）"), "section"))
        content.addLayout(terms, 1)

        self._load(case.agreement)
        fit_to_screen(self, 1280, 860)
        stack_while_too_wide(self, self.content, [self.terms_row])  # 150 % with the text size 特大
        self.mark_clean()

    @staticmethod
    def tr_title(case: Case) -> str:
        return QCoreApplication.translate("AgreementDialog", "填写协议条款 — {number}").format(number=case.number)

    def _load(self, agreement: Agreement | None) -> None:
        agreement = agreement or Agreement()
        self.disputed_matters.setText(agreement.disputed_matters)
        self.responsibilities.setText(agreement.responsibilities)
        self.breach_clause.setText(agreement.breach_clause)
        self.signed_on.set_value(agreement.signed_on)
        self._drafts = [TermDraft.from_term(t) for t in agreement.terms] or [TermDraft()]
        self._refresh_table()
        self.select_item("agreement.terms", 0)

    # -- the term list -----------------------------------------------------------------------------

    def party_names(self) -> list[str]:
        return [p.name for p in self.case.parties]

    def _obligor_text(self, draft: TermDraft) -> str:
        party = next((p for p in self.case.parties if p.seq == draft.obligor), None)
        return party.name if party else self.tr("（未选）")

    def _refresh_table(self) -> None:
        self.term_table.blockSignals(True)
        self.term_table.setRowCount(len(self._drafts))
        with_errors = self.field_errors.items_with_errors("agreement.terms")
        for row, draft in enumerate(self._drafts):
            self.term_table.set_row(row, draft, self._obligor_text(draft), row in with_errors)
        self.term_table.blockSignals(False)
        self.remove_term_button.setEnabled(bool(self._drafts))

    def select_item(self, list_key: str, index: int) -> None:
        if list_key == "agreement.terms" and 0 <= index < len(self._drafts):
            self.term_table.selectRow(index)
            self._selection_changed()

    def _selection_changed(self) -> None:
        rows = self.term_table.selectionModel().selectedRows()
        index = rows[0].row() if rows else None
        if index == self._current and index is not None:
            return
        self._current = index
        if index is not None:
            self.editor.index = index
            self.editor.load(self._drafts[index])
        self.editor.setEnabled(index is not None)
        self.field_errors.set_selected("agreement.terms", index)

    def _term_edited(self) -> None:
        if self._current is None:
            return
        draft = self.editor.draft()
        self._drafts[self._current] = draft
        has_error = self._current in self.field_errors.items_with_errors("agreement.terms")
        self.term_table.set_row(self._current, draft, self._obligor_text(draft), has_error)

    def add_term(self) -> None:
        self._drafts.append(TermDraft())
        self._refresh_table()
        self.select_item("agreement.terms", len(self._drafts) - 1)
        self.editor.obligor.setFocus()

    def _remove_clicked(self) -> None:
        index = self._current
        if index is None:
            return
        if self._drafts[index] != TermDraft() and not messages.confirm(
            self, self.tr("删除条款"), self.tr("确定要删除第{n}项条款吗？").format(n=index + 1), self.tr("删除")
        ):
            return
        del self._drafts[index]
        self.field_errors.clear()  # positions changed
        self._current = None
        self._refresh_table()
        if self._drafts:
            self.select_item("agreement.terms", min(index, len(self._drafts) - 1))
        else:
            self.term_table.clearSelection()
            self._selection_changed()

    # -- saving ------------------------------------------------------------------------------------

    def build_agreement(self) -> tuple[Agreement, list[FieldError]]:
        """The agreement as typed (blank term rows left out) and the amounts that did not parse."""
        terms, errors = [], []
        kept = [d for d in self._drafts if d != TermDraft()]
        for index, draft in enumerate(kept):
            term, term_errors = draft.to_term(seq=index + 1, index=index)
            terms.append(term)
            errors += term_errors
        agreement = Agreement(
            disputed_matters=self.disputed_matters.text().strip(),
            responsibilities=self.responsibilities.text().strip(),
            breach_clause=self.breach_clause.text().strip(),
            signed_on=self.signed_on.value(),
            terms=terms,
        )
        return agreement, errors

    def snapshot(self) -> tuple[object, ...]:
        return (
            self.disputed_matters.text(),
            self.responsibilities.text(),
            self.breach_clause.text(),
            self.signed_on.value(),
            tuple(d for d in self._drafts if d != TermDraft()),
        )

    def save(self) -> None:
        agreement, parse_errors = self.build_agreement()
        if len(agreement.terms) != len(self._drafts):  # blank rows dropped: keep the list in step
            self._drafts = [d for d in self._drafts if d != TermDraft()] or [TermDraft()]
            self._current = None
            self._refresh_table()
            self.select_item("agreement.terms", 0)
        if parse_errors:
            errors = sorted(parse_errors + agreement_field_errors(self.case, agreement), key=_screen_order)
            self.save_failed(ValidationError(errors))
            return
        assert self.case.id is not None
        desk, case_id = self.desk, self.case.id
        run_db(lambda: desk.save_agreement(case_id, agreement), owner=self).on_success(self._agreement_saved).on_error(
            self.save_failed
        )

    def _agreement_saved(self, case: Case) -> None:
        self.saved()
        self.case_saved.emit(case)

    def show_errors(self, exc: ValidationError) -> None:
        super().show_errors(exc)
        self._refresh_table()


def _screen_order(error: FieldError) -> tuple[int, int]:
    """Fields above the term list first, then term by term (a stable sort keeps the rest in order)."""
    key, idx = split_path(error.path)
    return (1, idx[0]) if key.startswith("agreement.terms[]") else (0, 0)


def terms_frozen(desk: Desk, case: Case, parent: QWidget) -> bool:
    """True, after saying so, when the case's stage no longer allows the terms to change: told before
    the mediator types anything; `Desk.save_agreement` enforces the same rule."""
    if desk.agreement_editable(case.status):
        return False
    messages.warn(
        parent,
        QCoreApplication.translate("AgreementDialog", "不能修改协议条款"),
        QCoreApplication.translate(
            "AgreementDialog",
            "案件处于“{status}”阶段，协议已经达成或案件已结束，不能再修改协议条款；如需变更，应重新调解。",
        ).format(status=case.status),
    )
    return True
