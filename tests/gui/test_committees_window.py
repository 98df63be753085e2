"""The window in a centre of several committees (docs/centre.md): the centre-wide director filters the
case list by committee, a committee's mediator sees its own cases under its own committee's title, the
account window shows and changes each account's committee, 设置 lists the committees; a room with one
committee shows none of it."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from mediator_app.domain.access import Role
from mediator_app.domain.model import Committee
from mediator_app.services import accounts, cases, committees
from mediator_app.services.desk import Desk
from mediator_app.storage.database import Database
from mediator_app.ui.access.accounts_dialog import AccountsDialog, NewAccountDialog
from mediator_app.ui.committees_tab import CommitteesBox
from mediator_app.ui.main_window import MainWindow
from mediator_app.ui.settings_dialog import SettingsDialog
from tests.clirun import act_as
from tests.factories import REGISTERED_ON, make_case
from tests.gui.conftest import wait_for_tasks

pytestmark = pytest.mark.gui

TRAFFIC = Committee(name="青山镇道路交通事故纠纷人民调解委员会", short_name="青山交调", phone="0571-88001234")
PASSWORD = "pass-word-2026"


@pytest.fixture
def centre(committee_db: Database) -> Database:
    """Two committees, a case in each; admin and director centre-wide, `jiao` in the traffic committee."""
    db = committee_db
    accounts.create_first_admin(db, "admin", "管理员", PASSWORD)
    traffic = committees.add_committee(db, dataclasses.replace(TRAFFIC))
    accounts.add_account(db, "boss", "赵主任", Role.DIRECTOR, PASSWORD)
    accounts.add_account(db, "jiao", "焦调解", Role.MEDIATOR, PASSWORD, traffic.id)
    cases.register_case(db, make_case(2), REGISTERED_ON)
    db.actor = dataclasses.replace(db.actor, committee_id=traffic.id)  # type: ignore[arg-type]
    cases.register_case(db, make_case(2), REGISTERED_ON)
    return db


def _window(qtbot: Any, db: Database, user: str, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    act_as(monkeypatch, user, PASSWORD)
    window = MainWindow(Path(db.description))
    qtbot.addWidget(window)
    window.resize(1300, 800)
    window.show()
    with qtbot.waitSignal(window.database_ready, timeout=15_000):
        window.open_database()
    wait_for_tasks(qtbot)
    return window


def test_the_director_filters_the_case_list_by_committee(
    qtbot: Any, centre: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _window(qtbot, centre, "boss", monkeypatch)
    bar = window.case_list.filter_bar
    qtbot.waitUntil(lambda: bar.committee.count() == 3, timeout=10_000)
    assert bar.committee.isVisible() and [bar.committee.itemText(i) for i in (1, 2)] == ["望京西园", "青山交调"]
    qtbot.waitUntil(lambda: window.case_list.model.rowCount() == 2, timeout=10_000)
    bar.committee.setCurrentIndex(2)
    qtbot.waitUntil(lambda: window.case_list.model.rowCount() == 1, timeout=10_000)
    assert "青山交调" in (window.case_list.model.row(0) or pytest.fail("no row")).number


def test_a_committees_mediator_sees_its_cases_under_its_committees_name(
    qtbot: Any, centre: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _window(qtbot, centre, "jiao", monkeypatch)
    assert window.windowTitle().startswith(TRAFFIC.name)
    qtbot.waitUntil(lambda: window.case_list.model.rowCount() == 1, timeout=10_000)
    assert "青山交调" in (window.case_list.model.row(0) or pytest.fail("no row")).number
    assert not window.case_list.filter_bar.committee.isVisible()  # nothing to choose from


def test_the_account_window_shows_and_changes_each_accounts_committee(qtbot: Any, centre: Database) -> None:
    centre.actor = None
    desk = Desk(centre)
    desk.login("admin", PASSWORD)
    dialog = AccountsDialog(desk)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: len(dialog.committees) == 2, timeout=10_000)
    shown = {dialog.table.item(r, 0).text(): dialog.table.item(r, 4).text() for r in range(dialog.table.rowCount())}
    assert shown == {"admin": "全中心", "boss": "全中心", "jiao": TRAFFIC.name}
    assert not dialog.table.isColumnHidden(4) and dialog.committee_button.isVisible()
    new = NewAccountDialog(dialog, dialog.committees)
    assert [new.committee.itemText(i) for i in range(new.committee.count())] == [
        "全中心",
        "北京市朝阳区东湖街道望京西园社区人民调解委员会",
        TRAFFIC.name,
    ]
    desk.centre.set_account_committee("jiao", None)
    dialog.reload()
    qtbot.waitUntil(lambda: dialog.table.item(2, 4).text() == "全中心", timeout=10_000)


def test_settings_lists_the_committees(qtbot: Any, centre: Database) -> None:
    centre.actor = None
    desk = Desk(centre)
    desk.login("admin", PASSWORD)
    dialog = SettingsDialog(None, Path(centre.description), desk)
    qtbot.addWidget(dialog)
    box = dialog.findChild(CommitteesBox)
    assert box is not None and dialog.tabs.tabText(2) == "调委会"
    qtbot.waitUntil(lambda: box.table.rowCount() == 2, timeout=10_000)
    assert box.table.item(1, 0).text() == "青山交调" and box.table.item(1, 3).text() == "0571-88001234"
    assert box.add_button.isEnabled()
    desk.login("jiao", PASSWORD)
    assert not CommitteesBox(desk, dialog).add_button.isEnabled()


def test_a_room_with_one_committee_shows_no_committee_choice(qtbot: Any, committee_db: Database) -> None:
    accounts.create_first_admin(committee_db, "admin", "管理员", PASSWORD)
    dialog = AccountsDialog(Desk(committee_db))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10_000)
    assert dialog.table.isColumnHidden(4) and not dialog.committee_button.isVisible()
    new = NewAccountDialog(dialog, dialog.committees)
    new.show()
    assert not new.committee.isVisible() and new.committee.currentData() is None
