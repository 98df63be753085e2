"""A damaged database found at start in the window: writes refused, the newest good backup offered with its
date and what would be lost, restored, the damaged file kept aside."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from mediator_app.services import backup as backup_service
from mediator_app.services import cases as svc
from mediator_app.services.demo import fill_demo
from mediator_app.storage.integrity import check
from mediator_app.ui.main_window import MainWindow
from tests.factories import make_committee
from tests.gui.conftest import Answers, wait_for_tasks
from tests.integration.test_integrity import damage_table
from tests.integration.test_read_only import read_only_db  # noqa: F401 - the fixture

pytestmark = pytest.mark.gui


@pytest.fixture
def live(tmp_path: Path) -> Path:
    path = tmp_path / "live.sqlite3"
    db = svc.open_database(path)
    svc.save_committee(db, make_committee())
    fill_demo(db, 12, 5)
    db.close()
    backup_service.make_backup(path, "daily", now=dt.datetime(2026, 3, 1, 8, 0))
    return path


def test_damage_found_at_start_is_restored_from_the_newest_good_backup(
    qtbot: Any, live: Path, answers: Answers
) -> None:
    damage_table(live, "dispute_case")
    window = MainWindow(live)
    qtbot.addWidget(window)
    window.show()
    window.open_database()
    qtbot.waitUntil(lambda: window.integrity_watch is not None, timeout=10_000)
    watch = window.integrity_watch
    assert watch is not None
    with qtbot.waitSignal(watch.restored, timeout=20_000) as restored:
        pass
    wait_for_tasks(qtbot)
    question = next(q for q in answers.asked if q.startswith("confirm:"))
    assert "已损坏" in question and "2026年03月01日 08:00 的每日自动备份" in question
    assert "这个时间以后登记和修改的内容将不在数据文件中" in question
    aside = restored.args[0]
    assert aside.exists() and aside != live
    assert check(live, full=True).ok
    assert window.desk is not None and window.desk.db.writes_refused is None


def test_a_file_too_damaged_to_open_is_offered_its_backup(qtbot: Any, live: Path, answers: Answers) -> None:
    with open(live, "r+b") as fh:  # the schema page
        fh.seek(100)
        fh.write(b"\xa5" * 3996)
    window = MainWindow(live)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.database_ready, timeout=20_000):
        window.open_database()
    assert any("已损坏，无法打开" in q for q in answers.asked)
    assert window.case_list.model.rowCount() == 12
    assert list(live.parent.glob("live.damaged-*.sqlite3"))


def test_a_read_only_database_opens_for_reading_and_says_so(qtbot: Any, read_only_db: Path) -> None:  # noqa: F811
    window = MainWindow(read_only_db)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.database_ready, timeout=20_000):
        window.open_database()
    assert window.case_list.model.rowCount() == 12
    assert "只读" in window.backup_label.text() and window.backup_watch is None
    wait_for_tasks(qtbot)
    window.desk.close()  # the mount is taken away after the test
