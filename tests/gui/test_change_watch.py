"""Two workstations on one database (ui/change_watch.py): a case registered through another `Database`
on the same file or server shows in this window's list and 今日待办 without 刷新; the window's own
save reloads it once, not again at the next probe; a server that goes away is told in the status
bar and the note clears by itself when it is back."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest

from mediator_app.services import access, cases, procedure
from mediator_app.storage.database import Database
from mediator_app.ui.clock import Clock
from mediator_app.ui.main_window import MainWindow
from tests.conftest import TEST_PASSWORD, TEST_USER
from tests.factories import make_case
from tests.gui.conftest import wait_for_tasks
from tests.pgcluster import Cluster

pytestmark = [pytest.mark.gui, pytest.mark.engines, pytest.mark.usefixtures("committee_db")]

POLL_MS = 150  # instead of the program's few seconds
TODAY = dt.date(2026, 11, 20)


def open_window(qtbot: Any, location: Path | str) -> MainWindow:
    window = MainWindow(location, clock=Clock(TODAY))
    qtbot.addWidget(window)
    window.resize(1300, 800)
    window.show()
    with qtbot.waitSignal(window.database_ready, timeout=20_000):
        window.open_database()
    assert window.change_watch is not None
    window.change_watch.timer.setInterval(POLL_MS)
    return window


def new_case(number_of_parties: int = 2, registered_on: dt.date = TODAY) -> Any:
    case = make_case(number_of_parties)
    case.registered_on = registered_on
    case.agreement = None
    return case


def other_workstation(location: Path | str) -> Database:
    """Another program's `Database` on the same file or server, logged in as the test account if the
    window made it the administrator (tests/conftest.py)."""
    other = cases.open_database(location)
    if other.actor is None:
        access.login(other, TEST_USER, TEST_PASSWORD)
    return other


def test_a_case_registered_on_another_workstation_shows_without_refreshing(qtbot: Any, db_location: Path | str) -> None:
    cases.register_case(other := other_workstation(db_location), new_case(), today=TODAY)
    try:
        window = open_window(qtbot, db_location)
        assert window.case_list.model.rowCount() == 1
        todo_before = window.todo_view.model.rowCount()
        assert window.count_label.text() == "共 1 件案件"
        # The other workstation registers a case accepted 25 days ago: its mediation deadline is near.
        accepted_on = TODAY - dt.timedelta(days=25)
        saved = cases.register_case(other, new_case(3, accepted_on), today=accepted_on)
        procedure.accept(other, saved.id or 0, rights_notified_on=accepted_on, today=accepted_on)
        qtbot.waitUntil(lambda: window.count_label.text() == "共 2 件案件", timeout=10_000)
        assert window.case_list.model.rowCount() == 2
        qtbot.waitUntil(lambda: window.todo_view.model.rowCount() == todo_before + 1, timeout=10_000)
        assert window.statusBar().findChildren(type(window.count_label))  # and no lost-connection note
        assert window.change_watch is not None and not window.change_watch.lost
        if isinstance(db_location, str):  # a server: no file backup or file check, and nothing said of them
            assert window.integrity_watch is None and window.backup_watch is None
            assert window.backup_label.text() == ""
    finally:
        other.close()
        wait_for_tasks(qtbot)


def test_the_windows_own_save_reloads_the_list_once(qtbot: Any, db_location: Path | str) -> None:
    window = open_window(qtbot, db_location)
    loads: list[int] = []
    window.case_list.list_loaded.connect(lambda total, _filtered: loads.append(total))
    assert window.desk is not None
    window._case_saved(window.desk.register_case(new_case()))  # what the registration dialog's save does
    qtbot.waitUntil(lambda: loads == [1], timeout=10_000)
    qtbot.wait(POLL_MS * 6)  # several probes: each sees the stamp the reload already showed
    wait_for_tasks(qtbot)
    assert loads == [1]
    other = other_workstation(db_location)  # and a change from elsewhere after it is still seen
    try:
        cases.register_case(other, new_case(), today=TODAY)
        qtbot.waitUntil(lambda: loads == [1, 2], timeout=10_000)
    finally:
        other.close()
        wait_for_tasks(qtbot)


def test_a_lost_server_is_told_and_the_note_clears_by_itself(
    qtbot: Any, engine: str, db_location: Path | str, request: pytest.FixtureRequest
) -> None:
    if engine != "postgresql":
        pytest.skip("a server that goes away: PostgreSQL only")
    cluster: Cluster = request.getfixturevalue("pg_cluster")
    window = open_window(qtbot, db_location)
    watch = window.change_watch
    assert watch is not None and watch.label.text() == ""
    cluster.stop()
    try:
        qtbot.waitUntil(lambda: watch.label.text() == "与服务器的连接已中断，正在重新连接…", timeout=20_000)
        assert watch.label.isVisible()
        if shot := os.environ.get("MEDIATOR_SCREENSHOTS"):
            qtbot.wait(100)  # the status bar's layout follows the new text
            window.grab().save(str(Path(shot) / "server-lost.png"))
    finally:
        cluster.start()
    qtbot.waitUntil(lambda: watch.label.text() == "", timeout=30_000)
    assert not watch.lost
    other = other_workstation(db_location)  # reconnected: changes show again
    try:
        cases.register_case(other, new_case(), today=TODAY)
        qtbot.waitUntil(lambda: window.count_label.text() == "共 1 件案件", timeout=15_000)
    finally:
        other.close()
        wait_for_tasks(qtbot)
