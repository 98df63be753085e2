"""The form for one party (当事人) and, optionally, one representative (委托代理人 / 法定代理人).

Shows the fields of a natural person or of an organisation (单位) as chosen. As soon as a checked ID
number is complete it shows the sex, birth date and age it encodes (and fills 性别 if empty);
that is a display only — validation in the domain decides what is saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import StrEnum
from typing import TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from mediator_app.domain.dates import arabic_date
from mediator_app.domain.ids import IdNumber, ResidentId
from mediator_app.domain.model import (
    ETHNIC_GROUPS,
    Capacity,
    IdType,
    Party,
    PartyKind,
    PartyRole,
    Representative,
    RepresentativeKind,
)
from mediator_app.ui.field_errors import LABELS, FieldErrors
from mediator_app.ui.widgets import FieldBox, LiveHint, label

KIND_TEXT = {PartyKind.PERSON: "自然人", PartyKind.ORGANISATION: "单位（法人或非法人组织）"}
NO_REPRESENTATIVE = "无"


def _combo(items: Sequence[tuple[str, object]], placeholder: str = "") -> QComboBox:
    combo = QComboBox()
    for text, data in items:
        combo.addItem(text, data)
    if placeholder:
        combo.setPlaceholderText(placeholder)
    return combo


def _select_data(combo: QComboBox, data: object) -> None:
    combo.setCurrentIndex(combo.findData(data))


E = TypeVar("E", bound=StrEnum)


def _enum(combo: QComboBox, kind: type[E]) -> E | None:
    """The chosen enum member (Qt hands a StrEnum item's data back as a plain str; '' means none)."""
    value = combo.currentData()
    return kind(value) if value else None


class PartyEditor(QWidget):
    """Edits one `Party`; emits `changed` on every edit made by the user."""

    changed = Signal()

    def __init__(self, field_errors: FieldErrors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._errors = field_errors
        self._loading = False
        self._seq = 1
        self._sex_was_derived = False
        self._kept_birth_date: dt.date | None = None
        self._kept_reps: list[Representative] = []
        self._rep_id_type = IdType.RESIDENT_ID

        self.role = _combo([(r.value, r) for r in PartyRole])
        self.kind = _combo([(text, k) for k, text in KIND_TEXT.items()])
        self.name = QLineEdit()
        self.id_type = _combo([(t.value, t) for t in IdType])
        self.id_number = QLineEdit(placeholderText=self.tr("18位身份证号码"))
        self.derived = LiveHint(3)
        self.sex = _combo([("男", "男"), ("女", "女")], self.tr("请选择"))
        self.ethnicity = QComboBox(editable=True)
        self.ethnicity.addItems(ETHNIC_GROUPS)
        self.occupation = QLineEdit()
        # An adult declared without (full) capacity needs a guardian (Civil Code Arts. 21-24, 28).
        self.capacity = _combo(
            [(self.tr("完全民事行为能力"), Capacity.FULL)]
            + [(self.tr(f"{c.value}（成年人，须有监护人）"), c) for c in (Capacity.LIMITED, Capacity.NONE)]
        )
        self.uscc = QLineEdit(placeholderText=self.tr("18位代码，可不填"))
        self.legal_rep = QLineEdit()
        self.legal_rep_title = QLineEdit(placeholderText=self.tr("例如：经理"))
        self.address = QLineEdit()
        self.phone = QLineEdit(placeholderText=self.tr("手机或固定电话"))
        self.rep_kind = _combo([(NO_REPRESENTATIVE, "")] + [(k.value, k) for k in RepresentativeKind])
        self.rep_name = QLineEdit()
        self.rep_id_number = QLineEdit()
        self.rep_phone = QLineEdit()
        self.rep_relation = QLineEdit(placeholderText=self.tr("例如：父子、律师"))

        self.left = QFormLayout()
        self.right = QFormLayout()
        for key, widget in (
            ("role", self.role),
            ("kind", self.kind),
            ("name", self.name),
            ("id_type", self.id_type),
            ("id_number", self.id_number),
            ("sex", self.sex),
            ("ethnicity", self.ethnicity),
            ("occupation", self.occupation),
            ("capacity", self.capacity),
            ("uscc", self.uscc),
            ("legal_rep", self.legal_rep),
            ("legal_rep_title", self.legal_rep_title),
        ):
            self._add(self.left, f"parties[].{key}", widget)
            if key == "id_number":
                self.left.addRow("", self.derived)  # what the number says, right under it
        self._errors.bind("parties[].birth_date", self._box("id_number"))
        self._box("id_number").on_error_changed.append(self._update_derived)
        for key, widget in (("address", self.address), ("phone", self.phone)):
            self._add(self.right, f"parties[].{key}", widget)
        self.right.addRow(label(self.tr("代理人（没有可以不填）"), "section"))
        self._add(self.right, "parties[].representatives", self.rep_kind, self.tr("代理人"))
        for key, widget in (
            ("name", self.rep_name),
            ("id_number", self.rep_id_number),
            ("phone", self.rep_phone),
            ("relation", self.rep_relation),
        ):
            self._add(
                self.right,
                f"parties[].representatives[].{key}",
                widget,
                LABELS[f"parties[].representatives[].{key}"].removeprefix("代理人"),
            )
        self._errors.set_selected("parties[].representatives", 0)  # one representative is edited

        columns = self.columns = QHBoxLayout(self)  # one above the other where the dialog is narrow
        columns.setContentsMargins(0, 0, 0, 0)
        for form in (self.left, self.right):
            holder = QVBoxLayout()
            holder.addLayout(form)
            holder.addStretch(1)
            columns.addLayout(holder, 1)

        for line in (
            self.name,
            self.id_number,
            self.occupation,
            self.uscc,
            self.legal_rep,
            self.legal_rep_title,
            self.address,
            self.phone,
            self.rep_name,
            self.rep_id_number,
            self.rep_phone,
            self.rep_relation,
        ):
            line.textChanged.connect(self._edited)
        for combo in (self.role, self.kind, self.id_type, self.sex, self.capacity, self.rep_kind):
            combo.currentIndexChanged.connect(self._edited)
        self.ethnicity.editTextChanged.connect(self._edited)
        self.sex.activated.connect(self._sex_chosen)
        self.kind.currentIndexChanged.connect(self._update_visibility)
        self.rep_kind.currentIndexChanged.connect(self._update_visibility)
        self.id_number.textChanged.connect(self._update_derived)
        self.id_type.currentIndexChanged.connect(self._update_derived)
        self.load(Party(seq=1, role=PartyRole.APPLICANT, kind=PartyKind.PERSON, name=""))

    def _add(self, form: QFormLayout, key: str, widget: QWidget, caption: str | None = None) -> None:
        form.addRow(caption if caption is not None else LABELS[key], self._errors.bind(key, FieldBox(widget)))

    def _box(self, field: str) -> FieldBox:
        return self._errors.box(f"parties[].{field}")

    # -- loading and reading -----------------------------------------------------------------------

    def load(self, party: Party) -> None:
        self._loading = True
        try:
            self._seq = party.seq
            _select_data(self.role, party.role)
            _select_data(self.kind, party.kind)
            self.name.setText(party.name)
            _select_data(self.id_type, party.id_type)
            self.id_number.setText(party.id_number)
            self.sex.setCurrentIndex(self.sex.findData(party.sex) if party.sex else -1)
            self.ethnicity.setCurrentIndex(-1)
            self.ethnicity.setEditText(party.ethnicity)
            self.occupation.setText(party.occupation)
            _select_data(self.capacity, party.capacity)
            self.uscc.setText(party.uscc)
            self.legal_rep.setText(party.legal_rep)
            self.legal_rep_title.setText(party.legal_rep_title)
            self.address.setText(party.address)
            self.phone.setText(party.phone)
            self._kept_birth_date = party.birth_date
            self._sex_was_derived = False
            rep = party.representatives[0] if party.representatives else None
            self._kept_reps = party.representatives[1:]
            self._rep_id_type = rep.id_type if rep else IdType.RESIDENT_ID
            _select_data(self.rep_kind, rep.kind if rep else "")
            self.rep_name.setText(rep.name if rep else "")
            self.rep_id_number.setText(rep.id_number if rep else "")
            self.rep_phone.setText(rep.phone if rep else "")
            self.rep_relation.setText(rep.relation if rep else "")
        finally:
            self._loading = False
        self._update_visibility()
        self._update_derived()

    def party(self) -> Party:
        kind = _enum(self.kind, PartyKind) or PartyKind.PERSON  # the combo always has a choice
        role = _enum(self.role, PartyRole) or PartyRole.APPLICANT
        id_type = _enum(self.id_type, IdType) or IdType.RESIDENT_ID
        rid = self._resident_id()
        birth = rid.birth_date if rid else (None if id_type.has_checksum else self._kept_birth_date)
        person = kind is PartyKind.PERSON
        return Party(
            seq=self._seq,
            role=role,
            kind=kind,
            name=self.name.text(),
            id_type=id_type,
            id_number=self.id_number.text().strip() if person else "",
            sex=(self.sex.currentData() or "") if person else "",
            birth_date=birth if person else None,
            ethnicity=self.ethnicity.currentText().strip() if person else "",
            occupation=self.occupation.text().strip() if person else "",
            address=self.address.text().strip(),
            phone=self.phone.text().strip(),
            uscc=self.uscc.text().strip() if not person else "",
            legal_rep=self.legal_rep.text().strip() if not person else "",
            legal_rep_title=self.legal_rep_title.text().strip() if not person else "",
            capacity=(_enum(self.capacity, Capacity) or Capacity.FULL) if person else Capacity.FULL,
            representatives=self._representatives(),
        )

    def _representatives(self) -> list[Representative]:
        kind = _enum(self.rep_kind, RepresentativeKind)
        if kind is None:
            return list(self._kept_reps)
        first = Representative(
            kind=kind,
            name=self.rep_name.text().strip(),
            id_type=self._rep_id_type,
            id_number=self.rep_id_number.text().strip(),
            phone=self.rep_phone.text().strip(),
            relation=self.rep_relation.text().strip(),
        )
        return [first, *self._kept_reps]

    # -- reactions ---------------------------------------------------------------------------------

    def _edited(self) -> None:
        if not self._loading:
            self.changed.emit()

    def _sex_chosen(self) -> None:
        self._sex_was_derived = False

    def _update_visibility(self) -> None:
        person = _enum(self.kind, PartyKind) is PartyKind.PERSON
        for field in ("id_type", "id_number", "sex", "ethnicity", "occupation", "capacity"):
            self.left.setRowVisible(self._box(field), person)
        self._show_derived(self.derived.text())
        for field in ("uscc", "legal_rep", "legal_rep_title"):
            self.left.setRowVisible(self._box(field), not person)
        caption = self.left.labelForField(self._box("name"))
        if isinstance(caption, QLabel):
            caption.setText(self.tr("姓名") if person else self.tr("名称"))
        address_caption = self.right.labelForField(self._box("address"))
        if isinstance(address_caption, QLabel):
            address_caption.setText(self.tr("住址") if person else self.tr("住所"))
        has_rep = _enum(self.rep_kind, RepresentativeKind) is not None
        for field in ("name", "id_number", "phone", "relation"):
            self._errors.box(f"parties[].representatives[].{field}").setEnabled(has_rep)

    def _check_id(self) -> tuple[ResidentId | None, str]:
        """(the checked number, or None; why a complete number is wrong, or '')."""
        id_type = _enum(self.id_type, IdType)
        number = IdNumber(self.id_number.text())
        if id_type is None or not id_type.has_checksum or len(number.normalised) != 18:
            return None, ""
        problem = number.problem_on(dt.date.today())
        return (None, problem) if problem else (number.resident, "")

    def _resident_id(self) -> ResidentId | None:
        return self._check_id()[0]

    def _update_derived(self) -> None:
        """Show what a complete ID number says (or why it is wrong), and fill an empty 性别 from it."""
        rid, problem = self._check_id()
        if rid is None:
            # The same words are shown in red under the field once 保存 has found them.
            text = self.tr("号码有误：{reason}").format(reason=problem) if problem else ""
            self._show_derived("" if self._box("id_number").message else text)
            return
        if self.sex.currentIndex() < 0 or self._sex_was_derived:
            self.sex.setCurrentIndex(self.sex.findData(rid.sex))
            self._sex_was_derived = True
        age = rid.age_on(dt.date.today())
        note = self.tr("（未满十八周岁，须填写法定代理人）") if age < 18 else ""
        self._show_derived(
            self.tr("由证件号码得出：{sex}，{birth}出生，{age}岁{note}").format(
                sex=rid.sex, birth=arabic_date(rid.birth_date), age=age, note=note
            )
        )

    def _show_derived(self, text: str) -> None:
        self.derived.setText(text)
        person = _enum(self.kind, PartyKind) is PartyKind.PERSON
        self.left.setRowVisible(self.derived, person)  # kept while empty: the fields below stay put
