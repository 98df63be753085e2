"""After a start the list's first row is shown at once (issue 13): a keyboard user has a case for
Ctrl+E / Ctrl+T / Ctrl+P and the arrow keys without Ctrl+F and eight Tabs; only at the first load, so
a refresh keeps the case the mediator chose."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from mediator_app.services import cases as svc
from mediator_app.storage.database import Database
from mediator_app.ui import actions as act
from mediator_app.ui.caselist.model import CASE_ID_ROLE
from tests.factories import make_case
from tests.gui.conftest import wait_for_tasks
from tests.gui.test_main_window import db_path, open_window

pytestmark = pytest.mark.gui


def shown_id(window: Any) -> int | None:
    case = window.case_view.case
    return None if case is None else int(case.id)


def test_the_first_row_is_shown_when_the_list_first_loads(qtbot: Any, committee_db: Database) -> None:
    for parties in (2, 3, 4):
        svc.register_case(committee_db, make_case(parties))
    window = open_window(qtbot, db_path(committee_db))
    table = window.case_list.table
    first = table.model().index(0, 0).data(CASE_ID_ROLE)
    qtbot.waitUntil(lambda: shown_id(window) == first, timeout=10_000)
    assert [index.row() for index in table.selectionModel().selectedRows()] == [0]
    assert table.currentIndex().row() == 0  # the arrow keys go on from here
    assert window.selected_case_id() == first
    assert window.action_map[act.EDIT_CASE].isEnabled()  # Ctrl+E works at once

    table.setFocus()
    second = table.model().index(1, 0).data(CASE_ID_ROLE)
    with qtbot.waitSignal(window.case_shown, timeout=10_000):
        qtbot.keyClick(table, Qt.Key.Key_Down)
    assert shown_id(window) == second

    window.refresh()  # a later load keeps the mediator's choice, not the first row
    wait_for_tasks(qtbot)
    qtbot.waitUntil(lambda: not window.case_list.model.loading, timeout=10_000)
    wait_for_tasks(qtbot)
    assert shown_id(window) == second
    assert [index.row() for index in table.selectionModel().selectedRows()] == [1]


def test_an_empty_list_shows_no_case_and_says_what_to_do(qtbot: Any, committee_db: Database) -> None:
    window = open_window(qtbot, db_path(committee_db))
    assert window.case_view.case is None
    assert "登记新案件" in window.case_view.toPlainText()
    assert not window.action_map[act.EDIT_CASE].isEnabled()
