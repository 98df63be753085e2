"""Driving the procedure screens in tests: a window with a fixed clock, clicking the buttons the
mediator sees, filling and saving step dialogs, and reading what the screen says."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton

from mediator_app.domain.model import Case
from mediator_app.services import cases as svc
from mediator_app.storage.database import Database
from mediator_app.ui.clock import Clock
from mediator_app.ui.main_window import MainWindow
from mediator_app.ui.procedure.dialog import StepDialog
from mediator_app.ui.procedure.panel import ProcedurePanel
from tests.factories import make_case
from tests.gui.conftest import wait_for_tasks

D = dt.date
REGISTERED_ON = D(2026, 11, 2)


def register(db: Database, parties: int = 2, registered_on: dt.date = REGISTERED_ON) -> Case:
    """A walk-in dispute as the register dialog saves it: no acceptance yet, no agreement."""
    case = make_case(parties)
    case.agreement, case.accepted_on, case.registered_on = None, None, registered_on
    return svc.register_case(db, case, today=registered_on)


def open_window(qtbot: Any, db: Database, clock: Clock) -> MainWindow:
    window = MainWindow(Path(db.description), clock=clock)
    qtbot.addWidget(window)
    window.resize(1366, 900)
    window.show()
    with qtbot.waitSignal(window.database_ready, timeout=10_000):
        window.open_database()
    wait_for_tasks(qtbot)
    return window


def show_case(qtbot: Any, window: MainWindow, case_id: int) -> None:
    window.left_tabs.setCurrentIndex(0)
    window.select_case(case_id)
    wait_for_tasks(qtbot)
    assert window.case_pane.view is not None and window.case_pane.view.case_id == case_id


def click(qtbot: Any, button: QAbstractButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    wait_for_tasks(qtbot)


def panel(window: MainWindow) -> ProcedurePanel:
    return window.case_pane.panel


def act(qtbot: Any, window: MainWindow, text: str) -> StepDialog:
    """Click the step button labelled `text` in the case view; returns the dialog it opened."""
    click(qtbot, panel(window).buttons[text])
    dialog = window.case_pane.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def fact(qtbot: Any, window: MainWindow, text: str) -> StepDialog:
    click(qtbot, panel(window).fact_buttons[text])
    dialog = window.case_pane.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def save(qtbot: Any, dialog: StepDialog) -> None:
    click(qtbot, dialog.save_button)


def stage(window: MainWindow) -> str:
    view = window.case_pane.view
    assert view is not None
    return view.stage.value


def error_at(dialog: StepDialog, key: str) -> str:
    return dialog.field_errors.box(key).message


def general_error(dialog: StepDialog) -> str:
    return dialog.general_error.text() if dialog.general_error.isVisible() else ""


def list_status(window: MainWindow, case_id: int) -> str:
    from mediator_app.ui.caselist.model import COL_STATUS

    row = window.case_list.model.row_of(case_id)
    assert row is not None
    return str(window.case_list.model.index(row, COL_STATUS).data())


def closed(dialog: StepDialog) -> bool:
    """The dialog was closed (step dialogs delete themselves on close)."""
    import shiboken6

    return not shiboken6.isValid(dialog) or not dialog.isVisible()
