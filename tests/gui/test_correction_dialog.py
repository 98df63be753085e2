"""案件 → 更正当事人信息: a party's correction saved with who asked, recorded with what changed; an
invalid ID number is said at its field and nothing is saved."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from mediator_app.services import cases as svc
from mediator_app.storage.database import Database
from mediator_app.ui import actions as act
from mediator_app.ui.correction_dialog import CorrectionDialog
from tests.factories import make_case
from tests.gui.conftest import wait_for_tasks
from tests.gui.test_main_window import db_path, open_window, select_first_case

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("committee_db")]


def test_a_phone_number_is_corrected_and_recorded(qtbot: Any, db: Database) -> None:
    saved = svc.register_case(db, make_case(2))
    assert saved.id is not None
    window = open_window(qtbot, db_path(db))
    wait_for_tasks(qtbot)
    select_first_case(qtbot, window)
    window.action_map[act.CORRECT].trigger()
    dialog = window.findChild(CorrectionDialog)
    assert dialog is not None
    dialog.party.setCurrentIndex(1)
    assert dialog.editor.name.text() == saved.parties[1].name
    dialog.editor.id_number.setText("110105196503150013")  # a wrong check digit
    dialog.requested_by.setText("本人")
    dialog.save_button.click()
    wait_for_tasks(qtbot)
    assert dialog.isVisible() and dialog.field_errors.errors
    dialog.editor.id_number.setText(saved.parties[1].id_number)
    dialog.editor.phone.setText("13911112222")
    dialog.save_button.click()
    wait_for_tasks(qtbot)
    assert not dialog.isVisible()
    assert svc.get_case(db, saved.id).parties[1].phone == "13911112222"
    assert "已更正：联系电话（139****" in window.statusBar().currentMessage()  # masked in the status bar too
    with closing(sqlite3.connect(Path(db.description))) as conn:
        action, detail = conn.execute("SELECT action, detail FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    assert action == "更正个人信息" and "本人" in detail and "13911112222" not in detail
