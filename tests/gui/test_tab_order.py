"""Tab through each editing dialog as a keyboard user does: every field first, then 保存 and 取消, then
round to the first field again (the buttons once came first: Qt orders by creation and the buttons
were made before the fields)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from mediator_app.domain.model import Case
from mediator_app.services import cases as svc
from mediator_app.services.desk import Desk
from mediator_app.storage.database import Database
from mediator_app.ui.agreement import AgreementDialog
from mediator_app.ui.register import RegisterDialog
from mediator_app.ui.settings_dialog import SettingsDialog
from tests.factories import make_case

pytestmark = pytest.mark.gui


def ring(qtbot: Any, dialog: QDialog) -> list[QWidget]:
    """The Tab stops in the order Tab visits them, from the widget the dialog opens on, once round."""
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None and dialog.isAncestorOf(QApplication.focusWidget()))
    start = QApplication.focusWidget()
    stops = [start]
    for _ in range(200):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        assert widget is not None and dialog.isAncestorOf(widget), "Tab left the dialog"
        if widget is start:
            return stops
        stops.append(widget)
    raise AssertionError("Tab never came round")


def assert_fields_then_buttons(stops: list[QWidget], save: QWidget, cancel: QWidget) -> None:
    """Opened on a field, every field, then 保存 and 取消 (and Tab goes round to the first field)."""
    assert stops[-2:] == [save, cancel]
    assert stops.count(save) == 1 and stops.count(cancel) == 1


@pytest.fixture
def case(committee_db: Database) -> Case:
    new = make_case(3)
    new.agreement = None
    return svc.register_case(committee_db, new)


def test_the_agreement_dialog_tabs_through_its_fields_before_save_and_cancel(
    qtbot: Any, committee_db: Database, case: Case
) -> None:
    dialog = AgreementDialog(Desk(committee_db), case)
    stops = ring(qtbot, dialog)
    assert_fields_then_buttons(stops, dialog.save_button, dialog.cancel_button)
    assert stops[0] is dialog.disputed_matters and stops[-3] is dialog.editor.place
    dialog.mark_clean()


def test_the_register_dialog_tabs_through_its_fields_before_save_and_cancel(qtbot: Any, committee_db: Database) -> None:
    dialog = RegisterDialog(Desk(committee_db), None)
    stops = ring(qtbot, dialog)
    assert_fields_then_buttons(stops, dialog.save_button, dialog.cancel_button)
    assert dialog.facts in stops and dialog.editor.id_number in stops and dialog.privacy_notice in stops
    dialog.mark_clean()


def test_the_settings_dialog_tabs_through_its_fields_before_save_and_cancel(qtbot: Any) -> None:
    dialog = SettingsDialog()
    stops = ring(qtbot, dialog)
    assert_fields_then_buttons(stops, dialog.save_button, dialog.cancel_button)
    assert all(field in stops for field in dialog.fields.values())
