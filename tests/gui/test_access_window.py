"""The window and the accounts, tried as a new user would: the first start creates the administrator
before any case shows; a mediator logs in (a wrong password first) and finds the director's and the
administrator's actions disabled with the reason; the idle lock hides everything and gives it back,
typed text included, after the password (docs/privacy.md)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from mediator_app.domain.access import Role
from mediator_app.domain.stages import Event
from mediator_app.services import access, accounts, cases, keys
from mediator_app.services import procedure as proc
from mediator_app.storage.database import Database
from mediator_app.ui import actions as act
from mediator_app.ui.access.key_prompt import KeyDialog
from mediator_app.ui.access.login import FirstAdminDialog, LoginDialog
from mediator_app.ui.main_window import MainWindow
from mediator_app.ui.register import RegisterDialog
from tests.docfixtures import agreement_case
from tests.gui.conftest import type_text, wait_for_tasks
from tests.integration.test_encryption import digest
from tests.keyrings import MemoryKeyring

pytestmark = pytest.mark.gui


@pytest.fixture
def nobody(monkeypatch: pytest.MonkeyPatch) -> None:
    """A person at the keyboard, not a script: no account in the environment."""
    monkeypatch.delenv("MEDIATOR_USER")
    monkeypatch.delenv("MEDIATOR_PASSWORD")


def _start(qtbot: Any, path: Path) -> MainWindow:
    window = MainWindow(path)
    qtbot.addWidget(window)
    window.resize(1300, 800)
    window.show()
    window.open_database()
    return window


def _dialog(qtbot: Any, window: MainWindow, kind: type[Any]) -> Any:
    qtbot.waitUntil(lambda: window.findChild(kind) is not None, timeout=10_000)
    return window.findChild(kind)


@pytest.mark.usefixtures("nobody")
def test_the_first_start_creates_the_administrator_before_any_case_shows(qtbot: Any, committee_db: Database) -> None:
    window = _start(qtbot, Path(committee_db.description))
    dialog = _dialog(qtbot, window, FirstAdminDialog)
    assert dialog.isVisible() and dialog.windowTitle() == "建立管理员账户"
    assert window.case_list.model.rowCount() == 0 and not window.action_map[act.REGISTER].isEnabled()
    type_text(dialog.user, "zhaoren")
    type_text(dialog.name, "赵主任")
    type_text(dialog.password, "admin-2026")
    type_text(dialog.again, "admin-2027")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "两次输入的密码不一致"
    dialog.again.clear()
    type_text(dialog.again, "admin-2026")
    with qtbot.waitSignal(window.database_ready, timeout=10_000):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert window.desk is not None and window.desk.actor is not None
    assert window.desk.actor.role is Role.ADMIN
    assert window.action_map[act.ACCOUNTS].isEnabled() and window.action_map[act.REGISTER].isEnabled()


@pytest.mark.usefixtures("nobody")
def test_a_mediator_logs_in_and_finds_the_directors_actions_unavailable(qtbot: Any, committee_db: Database) -> None:
    accounts.create_first_admin(committee_db, "zhaoren", "赵主任", "admin-2026")
    accounts.add_account(committee_db, "mawu", "马调解", Role.MEDIATOR, "mediator-2026")
    window = _start(qtbot, Path(committee_db.description))
    dialog = _dialog(qtbot, window, LoginDialog)
    type_text(dialog.user, "mawu")
    type_text(dialog.password, "wrong-one")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "再错4次" in dialog.message.text(), timeout=10_000)
    assert dialog.password.text() == "" and dialog.isVisible()
    type_text(dialog.password, "mediator-2026")
    with qtbot.waitSignal(window.database_ready, timeout=10_000):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert window.action_map[act.REGISTER].isEnabled()
    shown = window.findChild(QLabel, "current_user")
    assert shown is not None and shown.text() == "当前用户：马调解（调解员）"
    for key, why in ((act.ACCOUNTS, "不能管理账户"), (act.BACKUP, "不能备份与恢复"), (act.COMMITTEE, "不能设置委员会")):
        action = window.action_map[key]
        assert not action.isEnabled() and why in action.toolTip() and "只有" in action.toolTip(), key


@pytest.mark.usefixtures("nobody")
def test_no_case_action_is_on_before_the_login_nor_while_the_screen_is_locked(
    qtbot: Any, committee_db: Database
) -> None:
    """A trial found 打印文书 the one tool-bar button on under the login dialog."""
    accounts.create_first_admin(committee_db, "zhaoren", "赵主任", "admin-2026")
    window = _start(qtbot, Path(committee_db.description))
    dialog = _dialog(qtbot, window, LoginDialog)
    on = {key for key, action in window.action_map.items() if action.isEnabled()}
    assert on == set(act.WITHOUT_LOGIN) and act.QUIT in on and act.PRINT_DOCUMENTS not in on
    window.action_map[act.PRINT_DOCUMENTS].trigger()  # its shortcut or a click: nothing opens
    window.action_map[act.PRINT_BLANK].trigger()
    assert window.documents.dialog is None
    type_text(dialog.user, "zhaoren")
    type_text(dialog.password, "admin-2026")
    with qtbot.waitSignal(window.database_ready, timeout=10_000):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    wait_for_tasks(qtbot)
    for key in (act.PRINT_DOCUMENTS, act.PRINT_BLANK, act.REGISTER, act.LOCK):
        assert window.action_map[key].isEnabled(), key
    lock = window.idle_lock
    assert lock is not None
    lock.lock()
    assert {key for key, action in window.action_map.items() if action.isEnabled()} == set(act.WITHOUT_LOGIN)
    prompt = lock.prompt
    assert isinstance(prompt, LoginDialog)
    type_text(prompt.password, "admin-2026")
    qtbot.mouseClick(prompt.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not lock.locked, timeout=10_000)
    assert window.action_map[act.PRINT_DOCUMENTS].isEnabled() and window.action_map[act.REGISTER].isEnabled()
    lock.stop()


def test_a_step_the_role_may_not_take_is_shown_with_the_reason(committee_db: Database) -> None:
    case_id = agreement_case(committee_db, confirm=False)  # visited: may be archived
    accounts.create_first_admin(committee_db, "zhaoren", "赵主任", "admin-2026")
    accounts.add_account(committee_db, "mawu", "马调解", Role.MEDIATOR, "mediator-2026")
    access.login(committee_db, "mawu", "mediator-2026")
    archive = next(a for a in proc.workflow(committee_db, case_id).actions if a.event is Event.ARCHIVE)
    assert not archive.enabled and "不能结案归档" in archive.reason and archive.refusals
    access.login(committee_db, "zhaoren", "admin-2026")
    archive = next(a for a in proc.workflow(committee_db, case_id).actions if a.event is Event.ARCHIVE)
    assert archive.enabled


def test_the_idle_lock_hides_everything_and_keeps_what_was_typed(qtbot: Any, committee_db: Database) -> None:
    window = _start(qtbot, Path(committee_db.description))  # as the suite's administrator (MEDIATOR_USER)
    qtbot.waitSignal(window.database_ready, timeout=10_000).wait()
    wait_for_tasks(qtbot)
    register = window.register_case()
    assert isinstance(register, RegisterDialog)
    type_text(register.facts, "楼上漏水，尚未写完")
    lock = window.idle_lock
    assert lock is not None and lock.timer.interval() == 10 * 60_000  # the default: ten minutes
    lock.timer.setInterval(50)
    lock.timer.start()
    qtbot.waitUntil(lambda: lock.locked, timeout=5_000)
    lock.timer.setInterval(10 * 60_000)  # unlocked, the idle time starts again: not another lock at once
    prompt = lock.prompt
    assert isinstance(prompt, LoginDialog) and prompt.isVisible() and prompt.user.isReadOnly()
    assert not window.isVisible() and not register.isVisible()
    prompt.reject()  # Esc does not unlock
    assert prompt.isVisible() and lock.locked
    type_text(prompt.password, "not-it")
    qtbot.mouseClick(prompt.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "不正确" in prompt.message.text(), timeout=10_000)
    assert not window.isVisible()
    type_text(prompt.password, os.environ["MEDIATOR_PASSWORD"])
    qtbot.mouseClick(prompt.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not lock.locked, timeout=10_000)
    assert window.isVisible() and register.isVisible()
    assert register.facts.toPlainText() == "楼上漏水，尚未写完"
    lock.stop()
    register.mark_clean()
    assert QApplication.activeModalWidget() is not prompt


def test_the_recovery_code_opens_the_file_when_the_credential_entry_is_gone(
    qtbot: Any, tmp_path: Path, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MEDIATOR_PASSPHRASE", raising=False)
    path = tmp_path / "secret.sqlite3"
    db, code = cases.create_encrypted(path, None)
    db.close()
    keys.keyring_delete(path)  # a new Windows profile, a reinstall
    assert memory_keyring.items == {}
    before = digest(path)
    window = _start(qtbot, path)
    dialog = _dialog(qtbot, window, KeyDialog)
    assert "需要口令" in dialog.message.text()
    dialog.use_code.setChecked(True)
    type_text(dialog.secret, "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE-FFFFF")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "恢复码不正确" in dialog.message.text(), timeout=10_000)
    assert digest(path) == before  # refused before the file was touched
    type_text(dialog.secret, code.lower())
    with qtbot.waitSignal(window.database_ready, timeout=20_000):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert window.desk is not None and window.desk.actor is not None  # the window's account, as ever
    assert keys.keyring_get(path) is not None  # the key is back in the credential store
