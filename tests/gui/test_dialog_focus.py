"""Found by the README-only trial on a fresh Debian (docs/install-check.md): an editing dialog opens with
the keyboard in its first field, not on 保存, and Tab leaves the agreement's term list for the term's
fields instead of walking its cells for ever."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from mediator_app.domain.model import Case, PartyRole
from mediator_app.services import cases as svc
from mediator_app.services.desk import Desk
from mediator_app.storage.database import Database
from mediator_app.ui.agreement import AgreementDialog
from mediator_app.ui.dialog_base import EditDialog
from mediator_app.ui.register import RegisterDialog
from mediator_app.ui.setup_dialog import CommitteeDialog
from tests.factories import make_case
from tests.gui.conftest import type_text

pytestmark = pytest.mark.gui


@pytest.fixture
def case(committee_db: Database) -> Case:
    return svc.register_case(committee_db, make_case(3))


def shown(qtbot: Any, dialog: EditDialog) -> EditDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitExposed(dialog)
    # Wait for the focus to arrive in this dialog: in a long run a window of an earlier test may still
    # hold it for a moment after the dialog is exposed (seen in the full GUI suite, never alone).
    qtbot.waitUntil(lambda: _in(dialog, QApplication.focusWidget()))
    return dialog


def _in(dialog: QWidget, widget: QWidget | None) -> bool:
    return widget is not None and widget.window() is dialog


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "the keyboard focus is nowhere"
    return widget


def test_the_register_dialog_opens_in_its_first_field(qtbot: Any, committee_db: Database) -> None:
    dialog = shown(qtbot, RegisterDialog(Desk(committee_db), None))
    assert isinstance(dialog, RegisterDialog)
    assert focused() is dialog.dispute_type


def test_the_first_start_dialog_opens_in_the_committee_name(qtbot: Any, committee_db: Database) -> None:
    dialog = shown(qtbot, CommitteeDialog(Desk(committee_db), None))
    assert focused() is not dialog.save_button
    assert dialog.content.isAncestorOf(focused())
    assert focused() is dialog.first_field()


def test_tab_leaves_the_term_list_for_the_terms_fields(qtbot: Any, committee_db: Database, case: Case) -> None:
    dialog = shown(qtbot, AgreementDialog(Desk(committee_db), case))
    assert isinstance(dialog, AgreementDialog)
    assert focused() is dialog.disputed_matters
    dialog.term_table.setFocus()
    qtbot.waitUntil(lambda: focused() is dialog.term_table)
    qtbot.keyClick(dialog.term_table, Qt.Key.Key_Tab)
    assert focused() is not dialog.term_table


def test_settings_open_in_the_text_size(qtbot: Any) -> None:
    """Found by the second README-only trial: 设置 opened with the keyboard on its tab bar, which shows
    no focus ring, so a mediator did not see that ↓ would change the tab."""
    from mediator_app.ui import settings as reg
    from mediator_app.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    assert focused() is dialog.fields[reg.TEXT_SIZE]


def test_alt_a_and_alt_b_add_a_party_and_go_to_its_name(qtbot: Any, committee_db: Database) -> None:
    """A trial needed 13 × Shift+Tab from a party's fields back to 添加申请人 / 添加被申请人."""
    dialog = shown(qtbot, RegisterDialog(Desk(committee_db), None))
    assert isinstance(dialog, RegisterDialog)
    assert "Alt+A" in dialog.add_applicant.toolTip() and "(A)" in dialog.add_applicant.text().replace("&", "")
    assert "Alt+B" in dialog.add_respondent.toolTip() and "(B)" in dialog.add_respondent.text().replace("&", "")
    type_text(dialog.editor.name, "刘䶮")  # in the first party's name, far from the buttons
    # A new case starts with a blank respondent: Alt+B goes to it rather than adding a third party.
    qtbot.keyClick(focused(), Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.party_table.selectionModel().selectedRows()[0].row() == 1)
    qtbot.waitUntil(lambda: focused() is dialog.editor.name)
    assert dialog.party_table.rowCount() == 2 and dialog.editor.party().role is PartyRole.RESPONDENT
    type_text(focused(), "吉𠮷祥")
    qtbot.keyClick(focused(), Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)  # now a second respondent
    qtbot.waitUntil(lambda: dialog.party_table.rowCount() == 3)
    qtbot.waitUntil(lambda: focused() is dialog.editor.name)
    assert dialog.party_table.selectionModel().selectedRows()[0].row() == 2
    assert dialog.editor.party().role is PartyRole.RESPONDENT and dialog.editor.name.text() == ""
    type_text(focused(), "王五")
    qtbot.keyClick(focused(), Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.party_table.rowCount() == 4)
    qtbot.waitUntil(lambda: focused() is dialog.editor.name)
    assert dialog.editor.party().role is PartyRole.APPLICANT
    assert [p.name for p in dialog._parties[:3]] == ["刘䶮", "吉𠮷祥", "王五"]
    dialog.mark_clean()


def test_ctrl_s_saves_a_dialog_whose_save_button_was_renamed(qtbot: Any, committee_db: Database) -> None:
    """The procedure's step dialogs rename 保存 (保存调解记录, 受理): in a trial Ctrl+S then did nothing."""
    dialog = shown(qtbot, RegisterDialog(Desk(committee_db), None))
    dialog.save_button.setText("保存调解记录")
    pressed: list[bool] = []
    dialog.save_button.clicked.connect(lambda: pressed.append(True))
    qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert pressed == [True]
    dialog.mark_clean()
