"""登记新案件 (and 修改案件信息): the case particulars, then the parties as a list plus one party's form.

A wage dispute with 27 workers is ordinary, so parties are not stacked forms: the list shows them
all, the form below edits the selected one, and every edit goes straight into the list. On 保存 the
whole case is built and handed to `services.register_case` (or `update_case`) on the database
thread; validation errors come back as `FieldError`s and are shown at their fields — a party's
message appears when that party is selected, and parties with problems are marked in the list.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDate, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mediator_app.domain.case_diff import EDITED_FIELDS, keep_their_changes
from mediator_app.domain.labels import LABELS, REFERRAL_LABELS
from mediator_app.domain.model import (
    DISPUTE_TYPES,
    RETENTION_PERIODS,
    Agreement,
    Case,
    CaseSource,
    Party,
    PartyKind,
    PartyRole,
)
from mediator_app.domain.statistics import SPECIAL_GROUPS
from mediator_app.errors import EditConflict, ValidationError
from mediator_app.ui import messages
from mediator_app.ui.committee_choice import CommitteeChoice
from mediator_app.ui.dialog_base import EditDialog
from mediator_app.ui.register.history_panel import HistoryPanel
from mediator_app.ui.register.party_editor import PartyEditor
from mediator_app.ui.register.party_table import PartyTable
from mediator_app.ui.screen import stack_while_too_wide
from mediator_app.ui.tasks import run_db
from mediator_app.ui.widgets import DateEdit, FieldBox, OptionalDateEdit, TextArea, fit_to_screen, label

if TYPE_CHECKING:
    from mediator_app.services.desk import Desk

_NAME_SEPARATORS = re.compile(r"[、，,；;\s]+")


class RegisterDialog(EditDialog):
    """New case (`case=None`) or changes to a saved one. Emits `case_saved(Case)` after saving."""

    case_saved = Signal(object)

    def __init__(self, desk: Desk, case: Case | None = None, parent: QWidget | None = None) -> None:
        title = QCoreApplication.translate("RegisterDialog", "登记新案件" if case is None else "修改案件信息")
        super().__init__(title, parent)
        self.what = self.tr("案件登记信息")
        self.desk = desk
        self.original = case
        # The stored case the save goes on top of: the one opened, or, after the mediator chose to save
        # over someone else's save (`_save_conflicted`), theirs (version, stage and agreement from it).
        self._on_top_of = case
        self._parties: list[Party] = []
        self._origin_seq: list[int | None] = []  # each draft party's seq in the saved case (edit mode)
        self._current: int | None = None

        content = QVBoxLayout(self.content)
        content.addWidget(label(self.tr("案件情况"), "section"))
        content.addLayout(self._build_case_section())
        content.addWidget(label(self.tr("当事人（可以添加任意多位；在左边列表中选中一位，在右边填写）"), "section"))
        self.party_section = self._build_party_section()
        content.addLayout(self.party_section, 1)

        self._load(case)
        fit_to_screen(self, 1280, 880)
        self._stack_if_narrow()
        self.mark_clean()

    def _stack_if_narrow(self) -> None:
        """The party list above the party's fields, then the party's two columns of fields one above the
        other, then the special groups' boxes, when side by side they would not fit the width the screen
        allows (150 % scaling on 1366×768, and with the text size 特大): the dialog then scrolls one way
        only, down. The privacy notice's long box text breaks before its bracket where it is still too wide."""
        stacked = stack_while_too_wide(self, self.content, [self.party_section, self.editor.columns, self.groups_row])
        if stacked and self.privacy_notice.sizeHint().width() > self.width() - 80:
            self.privacy_notice.setText(self.privacy_notice.text().replace("（", "\n（", 1))

    # -- building ----------------------------------------------------------------------------------

    def _build_case_section(self) -> QVBoxLayout:
        self.dispute_type = QComboBox()
        self.dispute_type.addItems(DISPUTE_TYPES)
        self.dispute_type.setPlaceholderText(self.tr("请选择"))
        self.dispute_type.setCurrentIndex(-1)
        self.source = QComboBox()
        for source in CaseSource:
            self.source.addItem(source.value, source)
        self.source_ref = QLineEdit(placeholderText=self.tr("如12345工单号、公安移送编号，可不填"))
        # A court's referral (CPL Art. 205(1)): the confirmation application goes back to this court.
        self.referral_court = QLineEdit(placeholderText=self.tr("如北京市朝阳区人民法院"))
        self.referral_ref = QLineEdit(placeholderText=self.tr("如（2026）京0105民诉前调123号"))
        self.referral_deadline = OptionalDateEdit()
        # Any other referral (12345, 110 linkage, grid): who sent it; its reference is source_ref.
        self.referral_body = QLineEdit()
        self.subject_location = QLineEdit(placeholderText=self.tr("如争议房屋、土地的地址，可不填"))
        self.registered_on = DateEdit()
        self.registered_on.setMaximumDate(QDate.currentDate())
        self.mediators = QLineEdit(placeholderText=self.tr("多人用顿号“、”隔开"))
        self.recorder = QLineEdit()
        self.facts = TextArea(4, self.tr("发生了什么事、什么时候、双方怎么说"))
        self.claims = TextArea(3, self.tr("当事人希望怎样解决"))
        self.retention = QComboBox()
        self.retention.addItems(RETENTION_PERIODS)
        # PIPL Art. 17: the notice (权利义务告知书, part 五) is given at intake and its acknowledgement kept.
        self.privacy_notice = QCheckBox(
            self.tr("已向当事人告知个人信息处理规则（权利义务告知书第五部分），当事人已确认")
        )

        left, right, wide = QFormLayout(), QFormLayout(), QFormLayout()
        for form, key, widget in (
            (left, "dispute_type", self.dispute_type),
            (left, "source", self.source),
            (left, "referral_body", self.referral_body),
            (left, "source_ref", self.source_ref),
            (left, "referral_court", self.referral_court),
            (left, "referral_ref", self.referral_ref),
            (left, "retention", self.retention),
            (right, "registered_on", self.registered_on),
            (right, "mediators", self.mediators),
            (right, "recorder", self.recorder),
            (right, "referral_deadline", self.referral_deadline),
            (wide, "subject_location", self.subject_location),
            (wide, "facts", self.facts),
            (wide, "claims", self.claims),
        ):
            self.add_field(form, key, widget)
        self.committee = CommitteeChoice(self.content)  # a centre-wide person of a centre: which committee
        committee_box = self.add_field(right, "committee_id", self.committee)
        right.setRowVisible(committee_box, False)
        if self.original is None:
            self.committee.load(self.desk, lambda several: right.setRowVisible(committee_box, several))
        self._referral_rows = [(left, "referral_court"), (left, "referral_ref"), (right, "referral_deadline")]
        self._source_form = left
        self.source.currentIndexChanged.connect(self._source_changed)
        self._source_changed()
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addSpacing(24)
        columns.addLayout(right, 1)
        section = QVBoxLayout()
        section.addLayout(columns)
        section.addLayout(wide)
        self._add_groups(wide)
        section.addWidget(self.privacy_notice)
        return section

    def _add_groups(self, form: QFormLayout) -> None:
        """涉及特殊群体 at intake, a new case only (later changes go through 统计信息…): the case's
        statistics facts, saved with the case, so that it is served first from the start (docs/linkage.md)."""
        holder = QWidget(self.content)
        row = self.groups_row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        self.groups = {name: QCheckBox(self.tr(caption), holder) for name, caption in SPECIAL_GROUPS}
        for check in self.groups.values():
            row.addWidget(check)
        row.addStretch(1)
        form.setRowVisible(self.add_field(form, "stats.groups", holder), self.original is None)

    def special_groups(self) -> tuple[str, ...]:
        """The ticked groups (`CaseStats` field names); none when editing a saved case."""
        if self.original is not None:
            return ()
        return tuple(name for name, box in self.groups.items() if box.isChecked())

    def is_court_referral(self) -> bool:
        return bool(self.source.currentData() == CaseSource.COURT)

    def referral_labels(self) -> tuple[str, str] | None:
        """(the sender's caption, the reference's caption) for a non-court referral; None otherwise."""
        return REFERRAL_LABELS.get(str(self.source.currentData()))

    def _source_changed(self) -> None:
        """The referring court's rows are shown only for a court referral (委派/委托调解); the referring
        body's for 12345, police and grid referrals, captioned as that source names them."""
        court = self.is_court_referral()
        for form, key in self._referral_rows:
            form.setRowVisible(self.field_errors.box(key), court)
        # A court's reference is referral_ref: source_ref is not offered for it (one road per value).
        left = self._source_form
        left.setRowVisible(self.field_errors.box("source_ref"), not court)
        captions = self.referral_labels()
        left.setRowVisible(self.field_errors.box("referral_body"), captions is not None)
        body, ref = captions or (LABELS["referral_body"], LABELS["source_ref"])
        for key, text in (("referral_body", body), ("source_ref", ref)):
            caption = left.labelForField(self.field_errors.box(key))
            if isinstance(caption, QLabel):
                caption.setText(text)

    def _build_party_section(self) -> QBoxLayout:
        self.party_table = PartyTable()
        self.party_table.itemSelectionChanged.connect(self._selection_changed)
        self.field_errors.bind("parties", FieldBox(self.party_table))
        # Alt+A / Alt+B from any field (a trial needed 13 × Shift+Tab from a party's fields back to the
        # buttons); the new party's 姓名 takes the keyboard: its role comes from the button, its kind is 自然人.
        self.add_applicant = QPushButton(self.tr("添加申请人(&A)"))
        self.add_respondent = QPushButton(self.tr("添加被申请人(&B)"))
        self.add_applicant.setToolTip(self.tr("添加一位申请人（Alt+A），光标到其姓名；已有空白的申请人时到那一位"))
        self.add_respondent.setToolTip(self.tr("添加一位被申请人（Alt+B），光标到其姓名；已有空白的被申请人时到那一位"))
        self.remove_party = QPushButton(self.tr("删除所选当事人"))
        self.add_applicant.clicked.connect(lambda: self.add_party(PartyRole.APPLICANT))
        self.add_respondent.clicked.connect(lambda: self.add_party(PartyRole.RESPONDENT))
        self.remove_party.clicked.connect(self._remove_clicked)
        for button in (self.add_applicant, self.add_respondent, self.remove_party):
            button.setAutoDefault(False)

        self.editor = PartyEditor(self.field_errors)
        self.editor.changed.connect(self._party_edited)

        buttons = QHBoxLayout()
        buttons.addWidget(self.add_applicant)
        buttons.addWidget(self.add_respondent)
        side = QVBoxLayout()
        side.addWidget(self.field_errors.box("parties"), 1)
        side.addLayout(buttons)
        side.addWidget(self.remove_party)
        # 以前的纠纷 of these people or addresses, looked up while they are typed in.
        self.history = HistoryPanel(self.desk, self.original.id if self.original is not None else None)
        side.addWidget(self.history)
        section = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        section.addLayout(side, 0)
        section.addWidget(self.editor, 1)
        return section

    def _load(self, case: Case | None) -> None:
        if case is None:
            parties = [
                Party(seq=1, role=PartyRole.APPLICANT, kind=PartyKind.PERSON, name=""),
                Party(seq=2, role=PartyRole.RESPONDENT, kind=PartyKind.PERSON, name=""),
            ]
            self._set_parties(parties, [None, None])
            return
        self.dispute_type.setCurrentIndex(self.dispute_type.findText(case.dispute_type))
        self.source.setCurrentIndex(self.source.findData(case.source))
        self.source_ref.setText(case.source_ref)
        self.referral_body.setText(case.referral_body)
        self.subject_location.setText(case.subject_location)
        self.referral_court.setText(case.referral_court)
        self.referral_ref.setText(case.referral_ref)
        self.referral_deadline.set_value(case.referral_deadline)
        self.registered_on.set_value(case.registered_on)
        self.mediators.setText("、".join(case.mediators))
        self.recorder.setText(case.recorder)
        self.facts.setText(case.facts)
        self.claims.setText(case.claims)
        self.retention.setCurrentText(case.retention)
        self.privacy_notice.setChecked(case.privacy_notice_on is not None)
        parties = copy.deepcopy(case.parties)
        self._set_parties(parties, [p.seq for p in parties])

    def _set_parties(self, parties: list[Party], origin: list[int | None]) -> None:
        self._parties, self._origin_seq = parties, origin
        self._refresh_table()
        self.select_item("parties", 0)
        self.history.parties_changed(self._parties)

    # -- the party list ----------------------------------------------------------------------------

    def party_names(self) -> list[str]:
        return [p.name.strip() for p in self._parties]

    def _refresh_table(self) -> None:
        self.party_table.blockSignals(True)
        self.party_table.setRowCount(len(self._parties))
        with_errors = self.field_errors.items_with_errors("parties")
        for row, party in enumerate(self._parties):
            self.party_table.set_row(row, party, row in with_errors)
        self.party_table.blockSignals(False)
        self.remove_party.setEnabled(len(self._parties) > 0)

    def select_item(self, list_key: str, index: int) -> None:
        if list_key == "parties" and 0 <= index < len(self._parties):
            self.party_table.selectRow(index)
            self._selection_changed()  # also when the row was already selected but now holds another party

    def _selection_changed(self) -> None:
        rows = self.party_table.selectionModel().selectedRows()
        index = rows[0].row() if rows else None
        if index == self._current and index is not None:
            return
        self._current = index
        if index is not None:
            self.editor.load(self._parties[index])
        self.editor.setEnabled(index is not None)
        self.field_errors.set_selected("parties", index)

    def _party_edited(self) -> None:
        if self._current is None:
            return
        party = self.editor.party()
        self._parties[self._current] = party
        self.party_table.set_row(self._current, party, self._current in self.field_errors.items_with_errors("parties"))
        self.history.parties_changed(self._parties)

    def add_party(self, role: PartyRole) -> None:
        """A new party of `role`, its 姓名 in the keyboard. From a party already filled in, a blank one of
        that role waiting in the list (the respondent a new case starts with) is taken instead: a trial
        pressed 添加被申请人 for the second party and got a third, empty one."""
        blank = [i for i, p in enumerate(self._parties) if _untouched(p) and p.role is role]
        current = self._current
        if current is None or _untouched(self._parties[current]):
            blank = []  # pressed again on a blank party: the mediator wants one more
        if not blank:
            self._parties.append(Party(seq=len(self._parties) + 1, role=role, kind=PartyKind.PERSON, name=""))
            self._origin_seq.append(None)
            self._refresh_table()
        self.select_item("parties", blank[0] if blank else len(self._parties) - 1)
        self.editor.name.setFocus()

    def _remove_clicked(self) -> None:
        index = self._current
        if index is None:
            return
        party = self._parties[index]
        if self._referenced_by_agreement(self._origin_seq[index]):
            messages.warn(
                self,
                self.tr("不能删除"),
                self.tr(
                    "{name}在调解协议的条款中是义务人或权利人。请先在“填写协议条款”中修改这些条款，再删除这位当事人。"
                ).format(name=party.name or self.tr("这位当事人")),
            )
            return
        if not _untouched(party) and not messages.confirm(
            self,
            self.tr("删除当事人"),
            self.tr("确定要删除第{n}位当事人{name}吗？").format(n=index + 1, name=party.name),
            self.tr("删除"),
        ):
            return
        del self._parties[index]
        del self._origin_seq[index]
        self.field_errors.clear()  # positions changed: old messages would point at the wrong parties
        self._current = None
        self._refresh_table()
        if self._parties:
            self.select_item("parties", min(index, len(self._parties) - 1))
        else:
            self.party_table.clearSelection()
            self._selection_changed()

    def _referenced_by_agreement(self, seq: int | None) -> bool:
        agreement = self.original.agreement if self.original else None
        if seq is None or agreement is None:
            return False
        return any(seq in (t.obligor, t.obligee) for t in agreement.terms)

    # -- the case ----------------------------------------------------------------------------------

    def _notice_on(self) -> dt.date | None:
        """When the notice was acknowledged: kept from before, else the registration day (at intake)."""
        if not self.privacy_notice.isChecked():
            return None
        earlier = self.original.privacy_notice_on if self.original is not None else None
        return earlier or self.registered_on.value()

    def build_case(self) -> Case:
        """The case as typed (a fresh copy: the worker thread may normalise it)."""
        parties = [dataclasses.replace(p, seq=n) for n, p in enumerate(copy.deepcopy(self._parties), start=1)]
        mediators = [m for m in _NAME_SEPARATORS.split(self.mediators.text()) if m]
        base = self.original
        referral = self.is_court_referral()
        case = Case(
            dispute_type=self.dispute_type.currentText() if self.dispute_type.currentIndex() >= 0 else "",
            source=CaseSource(self.source.currentData()),
            source_ref=self.source_ref.text().strip(),
            # Kept only for a court referral: another source has no referring court to send it back to.
            referral_court=self.referral_court.text().strip() if referral else "",
            referral_ref=self.referral_ref.text().strip() if referral else "",
            referral_deadline=self.referral_deadline.value() if referral else None,
            referral_body=self.referral_body.text().strip() if self.referral_labels() else "",
            subject_location=self.subject_location.text().strip(),
            registered_on=self.registered_on.value(),
            facts=self.facts.text().strip(),
            claims=self.claims.text().strip(),
            parties=parties,
            mediators=mediators,
            recorder=self.recorder.text().strip(),
            retention=self.retention.currentText(),
            privacy_notice_on=self._notice_on(),
        )
        top = self._on_top_of
        if base is not None and top is not None:
            agreement = self._renumbered_agreement() if top.agreement == base.agreement else top.agreement
            case = dataclasses.replace(
                case,
                id=base.id,
                number=base.number,
                status=top.status,
                title=top.title,
                accepted_on=top.accepted_on,
                committee_id=base.committee_id,
                agreement=agreement,
                version=top.version,
            )
            if top is not base:  # saving over someone else's save: what only they changed stays theirs
                case = keep_their_changes(case, base, top, EDITED_FIELDS)
        return case

    def _renumbered_agreement(self) -> Agreement | None:
        """The saved agreement with its terms pointing at the parties' new numbers after removals."""
        if self.original is None or self.original.agreement is None:
            return None
        new_seq = {old: n for n, old in enumerate(self._origin_seq, start=1) if old is not None}
        agreement = copy.deepcopy(self.original.agreement)
        for term in agreement.terms:
            term.obligor = new_seq.get(term.obligor, 0)
            term.obligee = None if term.obligee is None else new_seq.get(term.obligee, 0)
        return agreement

    def snapshot(self) -> tuple[Case, tuple[str, ...]]:
        return self.build_case(), self.special_groups()

    def save(self) -> None:
        case, groups = self.snapshot()
        desk, new, base, committee = self.desk, self.original is None, self._on_top_of, self.committee.chosen()
        run_db(
            lambda: desk.register_case(case, groups, committee) if new else desk.update_case(case, base), owner=self
        ).on_success(self._case_saved).on_error(self.save_failed)

    def save_failed(self, exc: BaseException) -> None:
        if isinstance(exc, EditConflict) and isinstance(exc.current, Case):
            self.set_busy(False)
            self._save_conflicted(exc.message, exc.current)
        else:
            super().save_failed(exc)

    def _save_conflicted(self, message: str, current: Case) -> None:
        """Someone else saved the case while it was open here: say what they changed; the typed input
        stays. Saved over theirs only if the mediator says so (the safe default is to go back)."""
        question = self.tr(
            "要以您现在填写的内容保存吗？您没有改动的内容保留对方的修改；对方改动过、您这里又改得不同的内容，"
            "将以您填写的为准。"
        )
        if messages.confirm(
            self, self.tr("其他人已修改这个案件"), f"{message}\n\n{question}", self.tr("以我填写的内容保存")
        ):
            self._on_top_of = current
            self._save_clicked()

    def _case_saved(self, case: Case) -> None:
        self.saved()
        self.case_saved.emit(case)

    def show_errors(self, exc: ValidationError) -> None:
        super().show_errors(exc)
        self._refresh_table()


def _untouched(party: Party) -> bool:
    """Nothing typed for this party yet (its role and kind aside)."""
    return party == Party(seq=party.seq, role=party.role, kind=party.kind, name="")
