"""工具 → 到期卷宗: the archived dossiers past their 保管期限 listed for the director, nothing deleted."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from mediator_app.services import cases as svc
from mediator_app.services.desk import Desk
from mediator_app.storage.database import Database
from mediator_app.ui.retention_dialog import RetentionDialog
from tests.factories import make_case
from tests.gui.conftest import wait_for_tasks
from tests.integration.test_privacy import _archive

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("committee_db")]


def test_the_dossiers_past_their_retention_are_listed(qtbot: Any, db: Database, db_path: Path) -> None:
    made = [svc.register_case(db, make_case(2, number=""), dt.date(2026, 11, 2)) for _ in range(2)]
    assert made[0].id is not None and made[1].id is not None
    _archive(db, made[0].id, "2015-06-30 02:00:00.000000", "10年")
    _archive(db, made[1].id, "2001-01-01 02:00:00.000000", "永久")
    dialog = RetentionDialog(Desk(db, db_path), dt.date(2026, 12, 6))
    qtbot.addWidget(dialog)
    wait_for_tasks(qtbot)
    rows = [[dialog.table.item(r, c).text() for c in range(5)] for r in range(dialog.table.rowCount())]
    assert rows == [[made[0].number, rows[0][1], "10年", "2015年6月30日", "2025年6月30日"]]
    assert "共 1 件" in dialog.count.text()
    assert len(svc.list_cases(db)) == 2  # listed, not deleted
