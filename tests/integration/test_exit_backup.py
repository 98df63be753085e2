"""The backup on closing the program (app._exit_backup): made when the newest backup is older than a day."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mediator_app.app import _exit_backup
from mediator_app.services import backup as backup_service
from mediator_app.services import cases as svc
from mediator_app.services.desk import Desk
from tests.factories import make_case, make_committee


def test_closing_backs_up_a_file_whose_newest_backup_is_two_days_old(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite3"
    desk = Desk.open(path)
    svc.save_committee(desk.db, make_committee())
    svc.register_case(desk.db, make_case())
    backup_service.make_backup(path, "daily", now=dt.datetime.now() - dt.timedelta(days=2))
    desk.close()
    _exit_backup(desk)
    newest = backup_service.newest_backup(path)
    assert newest is not None and newest.kind == "exit"
    assert backup_service.verify_backup(newest.path).cases == 1
    _exit_backup(desk)  # closing again the same day: nothing new
    assert [b.kind for b in backup_service.list_backups(newest.path.parent)].count("exit") == 1


def test_a_failed_exit_backup_is_logged_not_raised(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "d.sqlite3"
    desk = Desk.open(path)
    desk.close()
    (tmp_path / "backups").write_text("a file where the backup folder should be", encoding="utf-8")
    _exit_backup(desk)
    assert "backup on exit failed" in caplog.text
