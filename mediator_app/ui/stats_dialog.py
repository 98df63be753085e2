"""统计信息 of a case: what the justice bureau's reports count and the procedure cannot know by itself
(difficulty grade, people, amount, performance without enforcement, special groups, prevention and
failure flags with their people, the court's answer when it is not a ruling the steps recorded).
The closing date and the form of the agreement are shown, not edited: the procedure steps set them
(docs/statistics.md). Saved in one transaction through `Desk.save_case_stats`."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QGridLayout, QLineEdit, QSpinBox, QWidget

from mediator_app.domain.dates import arabic_date
from mediator_app.domain.model import Case
from mediator_app.domain.money import Money
from mediator_app.domain.statistics import (
    FAILURES,
    PREVENTION,
    SPECIAL_GROUPS,
    CaseStats,
    Confirmation,
    Difficulty,
    Outcome,
)
from mediator_app.errors import FieldError, ValidationError
from mediator_app.ui.dialog_base import EditDialog
from mediator_app.ui.field_errors import LABELS
from mediator_app.ui.tasks import run_db
from mediator_app.ui.widgets import Choice, OptionalDateEdit, fit_to_screen, label, to_qdate

if TYPE_CHECKING:
    from mediator_app.services.desk import Desk
    from mediator_app.ui.clock import Clock

STATS_LABELS = {
    **LABELS,
    "stats.closed": "办结情况",
    "stats.flags": "预防效果（人数，0为无）",
    "stats.groups": "涉及特殊群体",
}
NONE = "（无）"
_NOT_AGREED = (Outcome.FAILURE.value, Outcome.ENDED.value)


class StatsDialog(EditDialog):
    """Emits `stats_saved(CaseStats)` once written."""

    stats_saved = Signal(object)
    what = "统计信息"

    def __init__(self, desk: Desk, clock: Clock, case: Case, stats: CaseStats, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("统计信息 — {number}").format(number=case.number), parent, STATS_LABELS)
        self.desk, self.clock, self.case_id, self.original = desk, clock, case.id or 0, stats
        form = QFormLayout(self.content)
        closed = (
            f"{arabic_date(stats.closed_on)}办结，{stats.outcome}" if stats.closed_on and stats.outcome else "尚未办结"
        )
        form.addRow(
            self.labels["stats.closed"],
            label(closed + (f"（{stats.agreement_form}协议）" if stats.agreement_form else "")),
        )
        self.outcome = Choice(list(_NOT_AGREED))
        self.outcome.set_value(stats.outcome.value if stats.outcome else "")
        if stats.outcome is not None and stats.outcome.value in _NOT_AGREED:
            self.add_field(form, "stats.outcome", self.outcome)
        self.difficulty = Choice([d.value for d in Difficulty])
        self.difficulty.set_value(stats.difficulty.value)
        self.add_field(form, "stats.difficulty", self.difficulty)
        self.people = QSpinBox()
        self.people.setRange(0, 100_000)
        self.people.setSpecialValueText(self.tr("按当事人人数"))
        self.people.setValue(stats.people_involved)
        self.add_field(form, "stats.people_involved", self.people)
        self.amount = QLineEdit(
            stats.amount.plain() if stats.amount is not None else "", placeholderText=self.tr("例如 12000 或 12000.50")
        )
        self.add_field(form, "stats.amount", self.amount)
        agreed = sum(t.amount.fen for t in case.agreement.terms if t.amount) if case.agreement else 0
        if agreed:  # what the agreement pays, so that 涉及金额 is not looked up in the papers
            form.addRow("", label(self.tr("协议约定的给付金额合计：{sum}").format(sum=Money(agreed).figures())))
        self.self_performed = QCheckBox(self.tr("当事人自动履行了协议"))
        self.self_performed.setChecked(stats.self_performed)
        self.add_field(form, "stats.self_performed", self.self_performed)
        self.began_on = OptionalDateEdit()
        self.began_on.edit.setMaximumDate(to_qdate(clock.today()))
        self.began_on.set_value(stats.dispute_began_on)
        self.add_field(form, "stats.dispute_began_on", self.began_on)
        self._confirmation(form, stats)
        self._flags(form, stats)
        fit_to_screen(self, 900, 820)
        self.mark_clean()

    def _confirmation(self, form: QFormLayout, stats: CaseStats) -> None:
        self.confirmation = QComboBox()
        self.confirmation.addItems([NONE, *(c.value for c in Confirmation)])
        self.confirmation.setCurrentText(stats.confirmation.value if stats.confirmation else NONE)
        self.add_field(form, "stats.confirmation", self.confirmation)
        self.ruled_on = OptionalDateEdit()
        self.ruled_on.edit.setMaximumDate(to_qdate(self.clock.today()))
        self.ruled_on.set_value(stats.confirmation_ruled_on)
        self.add_field(form, "stats.confirmation_ruled_on", self.ruled_on)
        self.ruling = QLineEdit(stats.confirmation_ruling)
        self.add_field(form, "stats.confirmation_ruling", self.ruling)

    def _flags(self, form: QFormLayout, stats: CaseStats) -> None:
        flags = QWidget()
        grid = QGridLayout(flags)
        grid.setContentsMargins(0, 0, 0, 0)
        self.flags: dict[str, QSpinBox] = {}
        for i, (name, caption) in enumerate((*PREVENTION, *FAILURES)):
            spin = QSpinBox()
            spin.setRange(0, 100_000)
            spin.setSuffix(self.tr(" 人"))
            spin.setValue(getattr(stats, name) or 0)
            self.flags[name] = spin
            spin.setMaximumWidth(120)
            grid.addWidget(label(self.tr(caption)), i, 0)
            grid.addWidget(spin, i, 1)
        self.add_field(form, "stats.flags", flags)
        groups = QWidget()
        grid = QGridLayout(groups)
        grid.setContentsMargins(0, 0, 0, 0)
        self.groups = {name: QCheckBox(self.tr(caption)) for name, caption in SPECIAL_GROUPS}
        self.migrant = QCheckBox(self.tr("农民工"))
        self.groups["migrant_worker"] = self.migrant
        for i, (name, box) in enumerate(self.groups.items()):
            box.setChecked(bool(getattr(stats, name)))
            grid.addWidget(box, i // 3, i % 3)
        self.add_field(form, "stats.groups", groups)

    def snapshot(self) -> tuple[Any, ...]:
        return (
            self.outcome.value(),
            self.difficulty.value(),
            self.people.value(),
            self.amount.text(),
            self.self_performed.isChecked(),
            self.began_on.value(),
            self.confirmation.currentText(),
            self.ruled_on.value(),
            self.ruling.text(),
            tuple(s.value() for s in self.flags.values()),
            tuple(b.isChecked() for b in self.groups.values()),
        )

    def stats(self) -> CaseStats:
        """The statistics as typed; an amount that does not parse raises a ValidationError at its field."""
        amount = None
        if self.amount.text().strip():
            try:
                amount = Money.parse(self.amount.text())
            except ValueError as exc:
                raise ValidationError([FieldError("stats.amount", str(exc))]) from None
        confirmation = self.confirmation.currentText()
        stats = dataclasses.replace(
            self.original,
            difficulty=Difficulty(self.difficulty.value() or Difficulty.ORDINARY.value),
            people_involved=self.people.value(),
            amount=amount,
            self_performed=self.self_performed.isChecked(),
            dispute_began_on=self.began_on.value(),
            confirmation=None if confirmation == NONE else Confirmation(confirmation),
            confirmation_ruled_on=self.ruled_on.value(),
            confirmation_ruling=self.ruling.text().strip(),
        )
        if self.outcome.value():
            stats.outcome = Outcome(self.outcome.value())
        for name, spin in self.flags.items():
            setattr(stats, name, spin.value() or None)
        for name, box in self.groups.items():
            setattr(stats, name, box.isChecked())
        return stats

    def save(self) -> None:
        try:
            stats = self.stats()
        except ValidationError as exc:
            self.save_failed(exc)
            return
        desk, case_id, today = self.desk, self.case_id, self.clock.today()
        run_db(lambda: desk.save_case_stats(case_id, stats, today), owner=self).on_success(self._saved).on_error(
            self.save_failed
        )

    def _saved(self, stats: CaseStats) -> None:
        self.saved()
        self.stats_saved.emit(stats)


def open_stats_dialog(desk: Desk, clock: Clock, case: Case, parent: QWidget) -> None:
    """Read the case's statistics on the database thread, then open the dialog over `parent`."""
    from mediator_app.ui.errors import report_exception

    case_id = case.id or 0

    def show(stats: CaseStats) -> None:
        StatsDialog(desk, clock, case, stats, parent).open()

    run_db(lambda: desk.case_stats(case_id), owner=parent).on_success(show).on_error(
        lambda exc: report_exception(exc, parent)
    )
