"""案件 → 作废案件 from the window: the reason asked with the case named, the case kept and shown as
已作废, the status bar says so; a case already accepted is refused with the service's reason."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QInputDialog

from mediator_app.domain.stages import Stage
from mediator_app.services import cases as svc
from mediator_app.services import procedure as proc
from mediator_app.storage.database import Database
from mediator_app.ui import actions as act
from mediator_app.ui import messages
from tests.factories import REGISTERED_ON, make_case
from tests.gui.conftest import wait_for_tasks
from tests.gui.test_main_window import db_path, open_window, select_first_case

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("committee_db")]


def _answer(monkeypatch: pytest.MonkeyPatch, reason: str, asked: list[str]) -> None:
    def get_text(_parent: Any, _title: str, label: str, *_args: Any) -> tuple[str, bool]:
        asked.append(label)
        return reason, True

    monkeypatch.setattr(QInputDialog, "getText", get_text)


def test_a_case_registered_twice_is_voided_and_kept(qtbot: Any, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    case = make_case(2)
    case.agreement = None
    saved = svc.register_case(db, case, REGISTERED_ON)
    window = open_window(qtbot, db_path(db))
    wait_for_tasks(qtbot)
    select_first_case(qtbot, window)
    assert window.action_map[act.VOID].isEnabled()
    asked: list[str] = []
    _answer(monkeypatch, "重复登记", asked)
    window.action_map[act.VOID].trigger()
    wait_for_tasks(qtbot)
    assert saved.number in asked[0] and case.parties[0].name in asked[0]
    assert saved.id is not None
    assert svc.get_case(db, saved.id).status == Stage.VOIDED
    assert "已作废案件" in window.statusBar().currentMessage()


def test_an_accepted_case_is_refused_with_the_reason(qtbot: Any, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    case = make_case(2)
    case.agreement = None
    saved = svc.register_case(db, case, REGISTERED_ON)
    assert saved.id is not None
    proc.accept(db, saved.id, rights_notified_on=REGISTERED_ON, today=REGISTERED_ON)
    window = open_window(qtbot, db_path(db))
    wait_for_tasks(qtbot)
    select_first_case(qtbot, window)
    shown: list[str] = []
    monkeypatch.setattr(messages, "warn", lambda _parent, _title, text: shown.append(text))
    _answer(monkeypatch, "登记错误", [])
    window.action_map[act.VOID].trigger()
    wait_for_tasks(qtbot)
    assert svc.get_case(db, saved.id).status == Stage.ACCEPTED
    assert len(shown) == 1 and "不能作废" in shown[0] and "不予受理" in shown[0]
