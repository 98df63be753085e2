"""设置 → 数据库 (ui/database_settings.py): the database in use is shown, a server address is tested off
the GUI thread with a Chinese answer, kept for the next start with its password masked on screen, and
an empty address goes back to the file; an address that is not one is refused before anything is kept."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from mediator_app import paths
from mediator_app.ui.settings_dialog import SettingsDialog
from tests import engines
from tests.gui.conftest import wait_for_tasks
from tests.pgcluster import SUPERUSER, Cluster

pytestmark = pytest.mark.gui


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user data folder where the address is kept, a temporary one."""
    monkeypatch.setattr(paths, "user_data_dir", lambda: tmp_path / "data")
    monkeypatch.delenv(paths.DB_ENV_VAR, raising=False)
    monkeypatch.delenv(paths.STATS_ENV_VAR, raising=False)
    return tmp_path / "data"


def open_dialog(qtbot: Any, current: Path | str) -> SettingsDialog:
    dialog = SettingsDialog(None, current)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentWidget(dialog.database)
    return dialog


def test_an_address_is_tested_kept_masked_and_cleared(
    qtbot: Any, data_dir: Path, pg_cluster: Cluster | None, tmp_path: Path
) -> None:
    server = engines.require(pg_cluster)
    dialog = open_dialog(qtbot, tmp_path / "room.sqlite3")
    box = dialog.database
    assert box.in_use.text() == f"正在使用：数据文件：{tmp_path / 'room.sqlite3'}" and box.address.text() == ""

    box.address.setText("mysql://desk@server/mediation")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "应以 postgresql:// 开头" in box.result.text()
    assert paths.saved_server() is None

    box.address.setText(f"postgresql://{SUPERUSER}:secret@127.0.0.1:{server.port}/{engines.TEMPLATE_DB}")
    qtbot.mouseClick(box.test_button, Qt.MouseButton.LeftButton)
    wait_for_tasks(qtbot)
    assert box.result.text().startswith("已连接：PostgreSQL ") and "版本一致" in box.result.text()
    assert "secret" not in box.result.text() and box.result.property("role") == "hint"
    if shot := os.environ.get("MEDIATOR_SCREENSHOTS"):
        dialog.grab().save(str(Path(shot) / "settings-database.png"))

    url = box.address.text()
    with qtbot.waitSignal(dialog.database_saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and paths.saved_server() == url and paths.database_location() == url

    again = open_dialog(qtbot, url)
    assert (
        again.database.address.text() == f"postgresql://{SUPERUSER}:***@127.0.0.1:{server.port}/{engines.TEMPLATE_DB}"
    )
    assert "secret" not in again.database.in_use.text() and "数据库服务器：" in again.database.in_use.text()
    qtbot.mouseClick(again.database.test_button, Qt.MouseButton.LeftButton)  # the saved password is used
    wait_for_tasks(qtbot)
    assert again.database.result.text().startswith("已连接")
    qtbot.mouseClick(again.save_button, Qt.MouseButton.LeftButton)  # left as it was: kept as it was
    assert paths.saved_server() == url

    last = open_dialog(qtbot, url)
    last.database.address.setText("")
    with qtbot.waitSignal(last.database_saved):
        qtbot.mouseClick(last.save_button, Qt.MouseButton.LeftButton)
    assert paths.saved_server() is None and paths.database_location() == data_dir / "mediation.sqlite3"


def test_a_refused_connection_is_told_and_nothing_is_kept(qtbot: Any, data_dir: Path, tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:  # a port where nothing listens
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    dialog = open_dialog(qtbot, tmp_path / "room.sqlite3")
    box = dialog.database
    qtbot.mouseClick(box.test_button, Qt.MouseButton.LeftButton)
    assert box.result.text() == "请先填写数据库服务器的地址"
    box.address.setText(f"postgresql://desk01@127.0.0.1:{port}/mediation")
    qtbot.mouseClick(box.test_button, Qt.MouseButton.LeftButton)
    wait_for_tasks(qtbot)
    assert box.result.text().startswith("服务器拒绝连接") and box.result.property("role") == "error"
    assert box.test_button.isEnabled()
    dialog.reject()
    assert paths.saved_server() is None and not (data_dir / "server.txt").exists()


def test_the_statistics_replicas_address_is_checked_kept_masked_and_cleared(
    qtbot: Any, data_dir: Path, tmp_path: Path
) -> None:
    """The second address of the tab (docs/centre.md, "The county's server, on paper"): the read replica
    the statistics read; the server's address is left as it was."""
    dialog = open_dialog(qtbot, tmp_path / "room.sqlite3")
    stats = dialog.database.stats
    stats.address.setText("replica.county:5432")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "应以 postgresql:// 开头" in stats.result.text()
    assert dialog.focusWidget() is stats.address
    assert paths.stats_location() is None
    url = "postgresql://stats:secret@replica.county:5432/mediation"
    stats.address.setText(url)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and paths.stats_location() == url and paths.saved_server() is None
    again = open_dialog(qtbot, tmp_path / "room.sqlite3")
    assert again.database.stats.address.text() == "postgresql://stats:***@replica.county:5432/mediation"
    again.database.stats.address.setText("")
    qtbot.mouseClick(again.save_button, Qt.MouseButton.LeftButton)
    assert paths.stats_location() is None and not (data_dir / "stats-server.txt").exists()
