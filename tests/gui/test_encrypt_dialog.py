"""工具 → 加密数据文件: a passphrase required where there is no credential store, mismatches said at the
field; the conversion made, the recovery code shown once (and it opens the file), the window closed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import keyring
import pytest

from mediator_app.services import cases as svc
from mediator_app.services import encryption, keys
from mediator_app.storage.cipher import is_plain_sqlite
from mediator_app.storage.database import Database
from mediator_app.ui import actions as act
from mediator_app.ui.encrypt_dialog import EncryptDialog, RecoveryCodeDialog
from tests.factories import make_case
from tests.gui.conftest import wait_for_tasks
from tests.gui.test_main_window import db_path, open_window

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("committee_db")]
PASSPHRASE = "桃源村调委会2026"


@pytest.fixture(autouse=True)
def no_keyring() -> Iterator[None]:
    from keyring.backends.fail import Keyring as Fail

    before = keyring.get_keyring()
    keyring.set_keyring(Fail())
    yield
    keyring.set_keyring(before)


def test_the_window_encrypts_its_file_shows_the_recovery_code_and_closes(qtbot: Any, db: Database) -> None:
    svc.register_case(db, make_case(2))
    path = db_path(db)
    db.close()
    window = open_window(qtbot, path)
    wait_for_tasks(qtbot)
    assert window.action_map[act.ENCRYPT].isEnabled()
    window.action_map[act.ENCRYPT].trigger()
    dialog = window.findChild(EncryptDialog)
    assert dialog is not None and dialog.needs_passphrase
    dialog.ok.click()  # no passphrase on a computer without a credential store
    assert "至少 8 个字符" in dialog.message.text() and is_plain_sqlite(path)
    dialog.passphrase.setText(PASSPHRASE)
    dialog.again.setText(PASSPHRASE + "x")
    dialog.ok.click()
    assert "不一样" in dialog.message.text()
    dialog.again.setText(PASSPHRASE)
    dialog.ok.click()
    wait_for_tasks(qtbot)
    shown = window.findChild(RecoveryCodeDialog)
    assert shown is not None and shown.isVisible()
    code = shown.code.text()
    assert not is_plain_sqlite(path) and window.desk is None
    assert keys.unlock(path, recovery_code=code) == keys.unlock(path, passphrase=PASSPHRASE)
    assert len(encryption.plain_copies(path)) == 1
    shown.accept()
    assert not window.isVisible()
