"""案件 → 更正当事人信息: a party's correction request (PIPL Art. 46) from the window.

Unlike 修改案件信息, a correction names who asked for it and is recorded as 更正个人信息 with the fields
that changed (ID numbers and phones masked): `services.privacy.correct_party`, which validates the party
like a registration and refuses a correction that changes nothing. The party form is the register
dialog's (`PartyEditor`), so a corrected ID number is checked as it is typed.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QVBoxLayout

from mediator_app.ui.dialog_base import EditDialog
from mediator_app.ui.register.party_editor import PartyEditor
from mediator_app.ui.screen import fit_to_screen
from mediator_app.ui.tasks import run_db
from mediator_app.ui.widgets import FieldBox, label

if TYPE_CHECKING:
    from mediator_app.domain.model import Case
    from mediator_app.services.desk import Desk
    from mediator_app.ui.main_window import MainWindow


def ask_correction(window: MainWindow) -> None:
    case, desk = window.case_view.case, window.desk
    if case is None or case.id is None or desk is None:
        return
    dialog = CorrectionDialog(desk, case, window.clock.today(), window)
    dialog.corrected.connect(lambda _changed: window.refresh_all())
    dialog.corrected.connect(window.show_status)
    dialog.open()


class CorrectionDialog(EditDialog):
    corrected = Signal(str)  # the status-bar text: what was corrected
    what = "更正的内容"

    def __init__(self, desk: Desk, case: Case, today: dt.date, parent: Any = None) -> None:
        super().__init__(f"更正当事人信息 — {case.number}", parent)
        self.setObjectName("correction_dialog")
        assert case.id is not None
        self.desk, self.case_id, self.today = desk, case.id, today
        self.parties = list(case.parties)
        layout = QVBoxLayout(self.content)
        note = self.tr(
            "当事人发现登记的个人信息有误、请求更正时使用（个人信息保护法第四十六条）。保存后记入审计记录：谁提出、改了哪些项。"
        )
        layout.addWidget(label(note, "hint", word_wrap=True))
        top = QFormLayout()
        self.party = QComboBox()
        for p in self.parties:
            self.party.addItem(f"{p.seq}. {p.name}（{p.role.value}）")
        top.addRow(self.tr("当事人"), self.party)
        self.requested_by = QLineEdit(placeholderText=self.tr("如：本人、其代理人张某"))
        top.addRow(self.tr("提出更正的人"), self.field_errors.bind("requested_by", FieldBox(self.requested_by)))
        layout.addLayout(top)
        self.editor = PartyEditor(self.field_errors)
        # What a correction may change (services.privacy.CORRECTABLE): the person's own data, not the
        # party's role or kind, nor the representative (修改案件信息 edits those).
        for fixed in (self.editor.role, self.editor.kind, self.editor.rep_kind):
            fixed.setEnabled(False)
        layout.addWidget(self.editor)
        self.party.currentIndexChanged.connect(self._party_chosen)
        self._party_chosen(0)
        fit_to_screen(self, 1000, 660)

    def party_names(self) -> list[str]:
        return [p.name.strip() for p in self.parties]

    def _party_chosen(self, index: int) -> None:
        if 0 <= index < len(self.parties):
            self.editor.load(self.parties[index])
            self.field_errors.set_selected("parties", index)
            self.mark_clean()

    def snapshot(self) -> Any:
        return (self.party.currentIndex(), self.editor.party(), self.requested_by.text())

    def save(self) -> None:
        corrected, requested_by = self.editor.party(), self.requested_by.text()
        run_db(
            lambda: self.desk.correct_party(self.case_id, corrected, requested_by, self.today), owner=self
        ).on_success(self._done).on_error(self.save_failed)

    def _done(self, changed: list[str]) -> None:
        self.corrected.emit(self.tr("已更正：{what}，并记入审计记录").replace("{what}", "、".join(changed)))
        self.saved()
