"""工具 → 数据备份: back up now, a missing USB stick said plainly, restore with a safety copy, the reminder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from mediator_app.services import cases as svc
from mediator_app.services.desk import Desk
from mediator_app.storage.database import Database
from mediator_app.ui.backup_dialog import BackupDialog, BackupWatch
from tests.factories import make_case
from tests.gui.conftest import Answers, wait_for_tasks

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("committee_db")]


@pytest.fixture
def desk(db: Database, db_path: Path) -> Desk:
    svc.register_case(db, make_case())
    return Desk(db, db_path)


def test_back_up_now_lists_the_backup(qtbot: Any, desk: Desk) -> None:
    dialog = BackupDialog(desk)
    qtbot.addWidget(dialog)
    assert "还没有备份" in dialog.last_label.text()
    dialog.second_place.setText("")
    dialog.backup_button.click()
    wait_for_tasks(qtbot)
    assert dialog.list.count() == 1
    assert "手动" in dialog.list.item(0).text()
    assert "最近一次备份" in dialog.last_label.text()


def test_a_missing_usb_stick_is_said_and_the_local_backup_stands(qtbot: Any, desk: Desk, tmp_path: Path) -> None:
    dialog = BackupDialog(desk)
    qtbot.addWidget(dialog)
    dialog.second_place.setText(str(tmp_path / "pulled-usb"))
    dialog.backup_button.click()
    wait_for_tasks(qtbot)
    assert "U盘是否已插好" in dialog.problem_label.text()
    assert dialog.list.count() == 1


def test_restore_asks_then_restores_and_keeps_a_safety_copy(
    qtbot: Any, desk: Desk, db: Database, answers: Answers
) -> None:
    dialog = BackupDialog(desk)
    qtbot.addWidget(dialog)
    dialog.second_place.setText("")
    dialog.back_up()
    wait_for_tasks(qtbot)
    svc.register_case(db, make_case())  # entered after the backup: lost by the restore
    assert len(svc.list_cases(db)) == 2
    dialog.list.setCurrentRow(0)
    with qtbot.waitSignal(dialog.restored, timeout=20_000):
        dialog.restore_button.click()
    wait_for_tasks(qtbot)
    assert any("这个时间以后登记和修改的内容都会丢失" in q for q in answers.asked)
    assert len(svc.list_cases(db)) == 1
    assert [b.kind for b in desk.backups()].count("restore") == 1


def test_restore_is_not_done_without_a_yes(qtbot: Any, desk: Desk, db: Database, answers: Answers) -> None:
    dialog = BackupDialog(desk)
    qtbot.addWidget(dialog)
    dialog.second_place.setText("")
    dialog.back_up()
    wait_for_tasks(qtbot)
    svc.register_case(db, make_case())
    answers.confirm = False
    dialog.list.setCurrentRow(0)
    dialog.restore_button.click()
    wait_for_tasks(qtbot)
    assert len(svc.list_cases(db)) == 2


def test_the_status_bar_reminds_when_backups_are_old(qtbot: Any, desk: Desk) -> None:
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    qtbot.addWidget(label)
    today = dt.date.today()
    watch = BackupWatch(desk, today, label)
    with qtbot.waitSignal(watch.done, timeout=20_000):
        watch.start()  # the day's automatic backup, on its own thread
    assert label.text() == ""
    assert [b.kind for b in desk.backups()] == ["daily"]
    with qtbot.waitSignal(watch.done, timeout=20_000):
        watch.start()  # the same day again: no second one
    assert len(desk.backups()) == 1
    later = BackupWatch(desk, today + dt.timedelta(days=10), label)
    later.update()
    assert "已有 10 天没有备份数据" in label.text()
