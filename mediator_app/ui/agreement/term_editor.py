"""The form for one term of the agreement, and the draft it edits.

The amount stays the text the user typed (`TermDraft.amount_text`) until saving, so an amount that
does not parse is kept as typed and its message shown at the field; while typing, the amount is
echoed in words (人民币叁仟陆佰元整) so the mediator can check it against what the parties said, and
what would make the clause unclear to a court (a payment with no amount, 适当 / 相应 / 等 …, status or
title) is shown below the form while typing (`domain.term_check`), before anything is saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QWidget

from mediator_app.domain.model import Party, Term
from mediator_app.domain.money import Money
from mediator_app.domain.term_check import TermFinding, check_term
from mediator_app.errors import FieldError
from mediator_app.services.term_rules import term_rules
from mediator_app.ui.field_errors import LABELS, FieldErrors
from mediator_app.ui.widgets import FieldBox, LiveHint, OptionalDateEdit, TextArea, label

NO_OBLIGEE = "无（不向特定当事人履行）"


@dataclass
class TermDraft:
    obligor: int | None = None
    obligee: int | None = None
    action: str = ""
    amount_text: str = ""
    deadline: dt.date | None = None
    manner: str = ""
    place: str = ""

    @classmethod
    def from_term(cls, term: Term) -> TermDraft:
        return cls(
            obligor=term.obligor,
            obligee=term.obligee,
            action=term.action,
            amount_text=term.amount.plain() if term.amount else "",
            deadline=term.deadline,
            manner=term.manner,
            place=term.place,
        )

    def to_term(self, seq: int, index: int) -> tuple[Term, list[FieldError]]:
        """The term numbered `seq`; an amount that does not parse is left out and reported."""
        errors: list[FieldError] = []
        amount = None
        if self.amount_text.strip():
            try:
                amount = Money.parse(self.amount_text)
            except ValueError as exc:
                errors.append(FieldError(f"agreement.terms[{index}].amount", str(exc)))
        term = Term(
            seq=seq,
            obligor=self.obligor or 0,
            obligee=self.obligee,
            action=self.action.strip(),
            deadline=self.deadline,
            amount=amount,
            manner=self.manner.strip(),
            place=self.place.strip(),
        )
        return term, errors


def party_choice(party: Party) -> str:
    return f"{party.role.value} {party.name}"


class TermEditor(QWidget):
    changed = Signal()

    def __init__(self, parties: Sequence[Party], field_errors: FieldErrors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self.obligor = QComboBox()
        self.obligor.setPlaceholderText(self.tr("请选择谁来履行"))
        self.obligee = QComboBox()
        self.obligee.addItem(self.tr(NO_OBLIGEE), 0)
        for party in parties:
            self.obligor.addItem(party_choice(party), party.seq)
            self.obligee.addItem(party_choice(party), party.seq)
        self.action = TextArea(2, self.tr("例如：支付房屋修复费用；拆除搭建在公共通道的雨棚"))
        self.amount = QLineEdit(placeholderText=self.tr("例如 3600 或 3600.50；不涉及金钱可不填"))
        self.amount_words = LiveHint(2)  # wraps in a narrow column
        self.deadline = OptionalDateEdit()
        self.manner = QLineEdit(placeholderText=self.tr("例如：现金、银行转账、一次性付清"))
        self.place = QLineEdit(placeholderText=self.tr("可不填"))
        # What would make the clause unclear to a court (SPC Interp. Arts. 355, 358), shown while typing,
        # right under 履行内容 where the words are typed.
        self.index = 0  # which clause is being edited (the dialog sets it): the findings name it
        self.warnings = label("", "warning", word_wrap=True)
        self.warnings.hide()

        form = self.form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        for key, widget in (
            ("obligor", self.obligor),
            ("obligee", self.obligee),
            ("action", self.action),
            ("amount", self.amount),
            ("deadline", self.deadline),
            ("manner", self.manner),
            ("place", self.place),
        ):
            full_key = f"agreement.terms[].{key}"
            form.addRow(LABELS[full_key], field_errors.bind(full_key, FieldBox(widget)))
            if key == "amount":
                form.addRow("", self.amount_words)
            if key == "action":
                form.addRow("", self.warnings)

        for combo in (self.obligor, self.obligee):
            combo.currentIndexChanged.connect(self._edited)
        for line in (self.amount, self.manner, self.place):
            line.textChanged.connect(self._edited)
        self.action.textChanged.connect(self._edited)
        self.deadline.changed.connect(self._edited)
        self.amount.textChanged.connect(self._update_amount_words)
        self.changed.connect(self._update_warnings)

    def load(self, draft: TermDraft) -> None:
        self._loading = True
        try:
            self.obligor.setCurrentIndex(self.obligor.findData(draft.obligor) if draft.obligor else -1)
            self.obligee.setCurrentIndex(max(0, self.obligee.findData(draft.obligee or 0)))
            self.action.setText(draft.action)
            self.amount.setText(draft.amount_text)
            self.deadline.set_value(draft.deadline)
            self.manner.setText(draft.manner)
            self.place.setText(draft.place)
        finally:
            self._loading = False
        self._update_amount_words()
        self._update_warnings()

    def draft(self) -> TermDraft:
        return TermDraft(
            obligor=self.obligor.currentData() if self.obligor.currentIndex() >= 0 else None,
            obligee=self.obligee.currentData() or None,
            action=self.action.text(),
            amount_text=self.amount.text(),
            deadline=self.deadline.value(),
            manner=self.manner.text(),
            place=self.place.text(),
        )

    def findings(self) -> list[TermFinding]:
        term, _ = self.draft().to_term(self.index + 1, self.index)
        if not term.action.strip():
            return []  # nothing typed yet: the required-field message says what is missing
        return check_term(self.index, term, term_rules())

    def _update_warnings(self) -> None:
        lines = [f"提示：{f.text}" for f in self.findings()]
        self.warnings.setText("\n".join(lines))
        self.warnings.setVisible(bool(lines))

    def _edited(self) -> None:
        if not self._loading:
            self.changed.emit()

    def _update_amount_words(self) -> None:
        try:
            words = Money.parse(self.amount.text()).legal() if self.amount.text().strip() else ""
        except ValueError:
            words = ""
        self.amount_words.setText(self.tr("即：{words}").format(words=words) if words else "")
