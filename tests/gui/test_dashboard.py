"""主任看板: the figures it shows are the database's (open cases by stage and age, overdue, the twelve
months, long-running disputes resolved, confirmation deadlines), painted without error; and a
screenshot for the docs (docs/screenshots/dashboard.png)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest

from mediator_app.services import demo
from mediator_app.services.calendar import holiday_calendar
from mediator_app.services.dashboard import dashboard
from mediator_app.services.desk import Desk
from mediator_app.storage.database import Database
from mediator_app.ui.clock import Clock
from mediator_app.ui.dashboard_window import DashboardDialog
from tests.engines import sql
from tests.gui.conftest import wait_for_tasks

pytestmark = [pytest.mark.gui, pytest.mark.engines]  # the board's SQL on SQLite and on PostgreSQL
TODAY = dt.date(2026, 11, 20)


def test_the_board_shows_the_databases_figures(qtbot: Any, db: Database) -> None:
    demo.fill_demo(db, 400, seed=8)
    dialog = DashboardDialog(Desk(db), Clock(TODAY))
    qtbot.addWidget(dialog)
    dialog.show()
    wait_for_tasks(qtbot)
    board = dialog.view.board
    assert board is not None and dialog.view.long_running is not None
    with db.read_connection() as conn:
        open_count = conn.execute(
            "SELECT COUNT(*) FROM dispute_case WHERE status IN ('登记', '受理', '调查', '调解中')"
        ).fetchone()[0]
        overdue = conn.execute(
            sql(db, "SELECT COUNT(*) FROM dispute_case WHERE due_on < ?"), (TODAY.isoformat(),)
        ).fetchone()[0]
        november = conn.execute(
            sql(
                db,
                "SELECT COUNT(*), SUM(CASE WHEN outcome = '成功' THEN 1 ELSE 0 END) FROM case_stats"
                " WHERE closed_on >= '2026-11-01' AND closed_on <= ?",
            ),
            (TODAY.isoformat(),),
        ).fetchone()
    assert sum(sum(v) for v in board.open_cases.values()) == open_count > 0
    assert board.overdue == overdue
    assert len(board.months) == 12 and (board.months[-1].year, board.months[-1].month) == (2026, 11)
    assert (board.months[-1].closed, board.months[-1].success) == (november[0], november[1] or 0)
    assert (board.months[0].year, board.months[0].month) == (2025, 12)
    assert all(last >= TODAY for _, last in board.deadlines)
    assert [d[1] for d in board.deadlines] == sorted(d[1] for d in board.deadlines)
    image = dialog.grab()
    assert not image.isNull()
    if shot := os.environ.get("MEDIATOR_SCREENSHOTS"):
        image.save(str(Path(shot) / "dashboard.png"))


def test_an_empty_database_gives_an_empty_board(db: Database) -> None:
    board = dashboard(db, TODAY, holiday_calendar())
    assert board.overdue == 0 and board.deadlines == [] and all(m.rate is None for m in board.months)
