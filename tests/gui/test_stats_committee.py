"""统计报表 in a centre of several committees (docs/centre.md): the centre-wide director chooses the
whole centre or one committee; a committee's director is not asked and gets their committee's report,
titled with its name; a room with one committee shows no choice."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from mediator_app.domain.access import Role
from mediator_app.domain.statistics import OralEntry
from mediator_app.services import accounts, oral_entry
from mediator_app.services.desk import Desk
from mediator_app.storage.database import Database
from mediator_app.ui.clock import Clock
from mediator_app.ui.stats_window import StatisticsDialog
from tests.centre_db import PASSWORD, TRAFFIC, Centre, make_centre
from tests.factories import make_case
from tests.gui.conftest import wait_for_tasks

pytestmark = pytest.mark.gui

AT = dt.datetime(2026, 11, 3, 9)
CLOCK = Clock(dt.date(2026, 12, 3))  # last month, the report asked for by default: November 2026


@pytest.fixture
def centre(committee_db: Database) -> Centre:
    made = make_centre(committee_db)
    accounts.add_account(made.as_("admin"), "zhu", "朱主任", Role.DIRECTOR, PASSWORD, made.traffic.id)
    for login, settled in (("ma", 2), ("jiao", 1)):
        db = made.as_(login)
        for _ in range(settled):
            oral_entry.record_oral_case(db, OralEntry(make_case(2), AT, "当面道歉"), AT.date())
    return made


def _dialog(qtbot: Any, db: Database) -> StatisticsDialog:
    dialog = StatisticsDialog(Desk(db), CLOCK)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_for_tasks(qtbot)
    return dialog


def _generate(qtbot: Any, dialog: StatisticsDialog) -> None:
    qtbot.mouseClick(dialog.generate_button, Qt.MouseButton.LeftButton)
    wait_for_tasks(qtbot)


def _settled(dialog: StatisticsDialog) -> int:
    assert dialog.report is not None
    return int(next(r[1] for r in dialog.report.table("综合情况").rows if r[0] == "本期办结"))


def test_the_centres_director_chooses_a_committee_or_the_whole_centre(qtbot: Any, centre: Centre) -> None:
    dialog = _dialog(qtbot, centre.as_("boss"))
    choice = dialog.committee
    qtbot.waitUntil(choice.isVisible, timeout=10_000)
    assert choice.itemText(0) == "全中心" and choice.count() == 3
    _generate(qtbot, dialog)
    assert dialog.report is not None and dialog.report.committee_id is None and _settled(dialog) == 3
    choice.setCurrentIndex(2)
    choice.activated.emit(2)  # as a user's pick: the report follows at once
    wait_for_tasks(qtbot)
    assert dialog.report.committee_id == centre.traffic.id and _settled(dialog) == 1
    assert dialog.state.text().startswith(TRAFFIC.name)
    if folder := os.environ.get("MEDIATOR_SCREENSHOTS"):
        dialog.grab().save(str(Path(folder) / "stats-committee-choice.png"))


def test_a_committees_director_gets_their_committees_report_unasked(qtbot: Any, centre: Centre) -> None:
    dialog = _dialog(qtbot, centre.as_("zhu"))
    _generate(qtbot, dialog)
    assert not dialog.committee.isVisible()
    assert dialog.report is not None and dialog.report.unit == TRAFFIC.name and _settled(dialog) == 1


def test_a_room_with_one_committee_shows_no_choice(qtbot: Any, committee_db: Database) -> None:
    dialog = _dialog(qtbot, committee_db)
    _generate(qtbot, dialog)
    assert not dialog.committee.isVisible() and dialog.report is not None and dialog.report.committee_id is None


def test_the_board_opened_for_a_committee_shows_its_cases(qtbot: Any, centre: Centre) -> None:
    from mediator_app.ui.dashboard_window import DashboardDialog

    board = DashboardDialog(Desk(centre.as_("boss")), CLOCK, None, (centre.traffic.id or 0, TRAFFIC.name))
    qtbot.addWidget(board)
    wait_for_tasks(qtbot)
    assert board.windowTitle() == f"主任看板：{TRAFFIC.name}"
    assert board.view.board is not None and sum(m.closed for m in board.view.board.months) == 1
