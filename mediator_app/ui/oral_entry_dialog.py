"""口头协议登记: one screen for a dispute settled on the spot, saved in one transaction as registered,
accepted, mediated and concluded with its oral agreement (`services.oral_entry`; PML Arts. 28, 30),
so that it is counted in the statistics like any written case (docs/statistics.md). Only what such a
case needs: the two parties with their phones, the type and source, one line on the dispute, what was
agreed, when and by whom, and the few statistics a director asks for."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from mediator_app.domain.model import DISPUTE_TYPES, Case, CaseSource, Party, PartyKind, PartyRole
from mediator_app.domain.statistics import PREVENTION, SPECIAL_GROUPS, CaseStats, Difficulty, OralEntry
from mediator_app.errors import FieldError, ValidationError
from mediator_app.ui.committee_choice import CommitteeChoice
from mediator_app.ui.dialog_base import EditDialog
from mediator_app.ui.field_errors import LABELS
from mediator_app.ui.procedure.record_dialogs import DateTimeEdit
from mediator_app.ui.tasks import run_db
from mediator_app.ui.widgets import Choice, TextArea, fit_to_screen, label

if TYPE_CHECKING:
    from mediator_app.services.desk import Desk
    from mediator_app.ui.clock import Clock

ORAL_LABELS = {
    **LABELS,
    "applicant": "申请人（姓名、电话）",
    "respondent": "被申请人（姓名、电话）",
    "held_at": "调解时间",
    "stats.prevention": "预防效果（涉及人数）",
    "stats.groups": "涉及特殊群体",
}
NO_FLAG = "无"


class OralEntryDialog(EditDialog):
    """Emits `case_saved(Case)` once the case is written."""

    case_saved = Signal(object)
    what = "口头协议登记"

    def __init__(self, desk: Desk, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("口头协议登记"), parent, ORAL_LABELS)
        self.desk, self.clock = desk, clock
        form = QFormLayout(self.content)
        form.addRow(
            label(
                self.tr(
                    "当场调解、口头达成协议的纠纷在这里一次登记完毕，与书面协议的案件一样计入统计。"
                    "必填：双方姓名、纠纷简要情况、协议内容、人民调解员；不是现在调解的，请改调解时间。"
                ),
                word_wrap=True,
            )
        )
        self.dispute_type = QComboBox()
        self.dispute_type.addItems(DISPUTE_TYPES)
        self.dispute_type.setCurrentText("邻里纠纷")
        self.source = QComboBox()
        self.source.addItems([s.value for s in CaseSource])
        self.source.setCurrentText(CaseSource.OWN_INITIATIVE.value)
        self.add_field(form, "dispute_type", self.dispute_type)
        self.add_field(form, "source", self.source)
        self.committee = CommitteeChoice(self.content)  # a centre-wide person of a centre: which committee
        committee_box = self.add_field(form, "committee_id", self.committee)
        form.setRowVisible(committee_box, False)
        self.committee.load(desk, lambda several: form.setRowVisible(committee_box, several))
        self.applicant, self.applicant_phone = self._person(form, "applicant")
        self.respondent, self.respondent_phone = self._person(form, "respondent")
        self.facts = QLineEdit(placeholderText=self.tr("一句话说明纠纷，例如：两家因排水沟堵塞发生争吵"))
        self.add_field(form, "facts", self.facts)
        self.agreement = TextArea(3, self.tr("双方口头达成的协议内容"))
        self.agreement.setMaximumHeight(120)  # one screen: the form must not stretch it
        self.add_field(form, "state.oral_content", self.agreement)
        now = clock.now()
        # The procedure's date-and-time field: Tab leaves it (a plain QDateTimeEdit walked its sections)
        # and its calendar is the program's own.
        self.held_at = DateTimeEdit(now, latest=clock.today())
        self.add_field(form, "held_at", self.held_at)
        self.mediator = QLineEdit(placeholderText=self.tr("主持调解的人民调解员"))
        self.add_field(form, "mediators", self.mediator)
        self._statistics(form)
        fit_to_screen(self, 900, 760)
        self.mark_clean()

    def _person(self, form: QFormLayout, key: str) -> tuple[QLineEdit, QLineEdit]:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        name, phone = QLineEdit(placeholderText=self.tr("姓名")), QLineEdit(placeholderText=self.tr("联系电话"))
        layout.addWidget(name, 2)
        layout.addWidget(phone, 3)
        self.add_field(form, key, row)
        return name, phone

    def _statistics(self, form: QFormLayout) -> None:
        form.addRow(label(self.tr("统计信息"), "section"))
        self.difficulty = Choice([d.value for d in Difficulty])
        self.difficulty.set_value(Difficulty.ORDINARY.value)
        self.add_field(form, "stats.difficulty", self.difficulty)
        self.people = QSpinBox()
        self.people.setRange(0, 100_000)
        self.people.setSpecialValueText(self.tr("按当事人人数"))
        self.add_field(form, "stats.people_involved", self.people)
        prevention = QWidget()
        row = QHBoxLayout(prevention)
        row.setContentsMargins(0, 0, 0, 0)
        self.prevention = QComboBox()
        self.prevention.addItems([NO_FLAG, *(caption for _, caption in PREVENTION)])
        self.prevention_people = QSpinBox()
        self.prevention_people.setRange(1, 100_000)
        self.prevention_people.setSuffix(self.tr(" 人"))
        row.addWidget(self.prevention, 3)
        row.addWidget(self.prevention_people, 1)
        self.add_field(form, "stats.prevention", prevention)
        groups = QWidget()
        grid = QGridLayout(groups)
        grid.setContentsMargins(0, 0, 0, 0)
        self.groups = {name: QCheckBox(self.tr(caption)) for name, caption in SPECIAL_GROUPS}
        self.migrant = QCheckBox(self.tr("农民工"))
        for i, box in enumerate((*self.groups.values(), self.migrant)):
            grid.addWidget(box, i // 4, i % 4)
        self.add_field(form, "stats.groups", groups)

    def snapshot(self) -> tuple[Any, ...]:
        texts = (
            self.applicant,
            self.applicant_phone,
            self.respondent,
            self.respondent_phone,
            self.facts,
            self.mediator,
        )
        boxes = tuple(b.isChecked() for b in (*self.groups.values(), self.migrant))
        return (*(t.text() for t in texts), self.agreement.text(), self.prevention.currentIndex(), boxes)

    def entry(self) -> OralEntry:
        """What was typed, as the service takes it (read on the GUI thread before saving)."""
        stats = CaseStats(
            difficulty=Difficulty(self.difficulty.value() or Difficulty.ORDINARY.value),
            people_involved=self.people.value(),
            migrant_worker=self.migrant.isChecked(),
        )
        for name, box in self.groups.items():
            setattr(stats, name, box.isChecked())
        if self.prevention.currentIndex() > 0:
            setattr(stats, PREVENTION[self.prevention.currentIndex() - 1][0], self.prevention_people.value())
        held_at = self.held_at.value()
        parties = [
            Party(
                1,
                PartyRole.APPLICANT,
                PartyKind.PERSON,
                self.applicant.text().strip(),
                phone=self.applicant_phone.text(),
            ),
            Party(
                2,
                PartyRole.RESPONDENT,
                PartyKind.PERSON,
                self.respondent.text().strip(),
                phone=self.respondent_phone.text(),
            ),
        ]
        case = Case(
            dispute_type=self.dispute_type.currentText(),
            source=CaseSource(self.source.currentText()),
            registered_on=held_at.date(),
            facts=self.facts.text().strip(),
            parties=parties,
            mediators=[self.mediator.text().strip()] if self.mediator.text().strip() else [],
        )
        return OralEntry(case, held_at.replace(second=0, microsecond=0), self.agreement.text(), stats=stats)

    def show_errors(self, exc: ValidationError) -> None:
        """A party's problems at its row (申请人 is party 1, 被申请人 party 2), not above the form."""
        rows = {"parties[0]": "applicant", "parties[1]": "respondent"}
        errors = [FieldError(rows.get(e.path.split(".")[0], e.path), e.message) for e in exc.errors]
        super().show_errors(ValidationError(errors))

    def save(self) -> None:
        entry, today, desk, committee = self.entry(), self.clock.today(), self.desk, self.committee.chosen()
        run_db(lambda: desk.record_oral_case(entry, today, committee), owner=self).on_success(
            self._case_saved
        ).on_error(self.save_failed)

    def _case_saved(self, case: Case) -> None:
        self.saved()
        self.case_saved.emit(case)
