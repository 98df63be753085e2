"""所属调委会 on 登记新案件 and 口头协议登记 (docs/centre.md, "Several committees in one database"): a
centre-wide person of a centre chooses the committee a new case is registered in (the centre's own at
first); a person of one committee, and a room with one committee, are not asked."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from mediator_app.services import caselist, cases
from mediator_app.storage.database import Database
from tests.centre_db import Centre, make_centre
from tests.gui.conftest import wait_for_tasks
from tests.gui.test_register_dialog import JI_ID, LIU_ID, click_save, fill_case, fill_party, open_dialog

pytestmark = pytest.mark.gui


@pytest.fixture
def centre(committee_db: Database) -> Centre:
    return make_centre(committee_db)


def _typed(qtbot: Any, db: Database) -> Any:
    dialog = open_dialog(qtbot, db)
    wait_for_tasks(qtbot)
    fill_case(dialog)
    fill_party(dialog, 0, "刘䶮", LIU_ID)
    fill_party(dialog, 1, "吉𠮷祥", JI_ID)
    return dialog


def test_the_centres_director_chooses_the_committee_of_a_new_case(qtbot: Any, centre: Centre) -> None:
    db = centre.as_("boss")
    dialog = _typed(qtbot, db)
    choice = dialog.committee
    qtbot.waitUntil(choice.isVisible, timeout=10_000)
    assert choice.count() == 2 and choice.currentData() == centre.home.id  # the centre's own first
    assert "青山交调" in choice.itemText(1)
    choice.setCurrentIndex(1)
    if folder := os.environ.get("MEDIATOR_SCREENSHOTS"):
        dialog.grab().save(str(Path(folder) / "register-committee-choice.png"))
    with qtbot.waitSignal(dialog.case_saved) as saved:
        click_save(qtbot, dialog)
    case = saved.args[0]
    assert case.committee_id == centre.traffic.id and "青山交调" in case.number
    assert cases.get_case(db, case.id).committee_id == centre.traffic.id


def test_a_committees_mediator_is_not_asked_and_registers_in_their_committee(qtbot: Any, centre: Centre) -> None:
    db = centre.as_("jiao")
    dialog = _typed(qtbot, db)
    assert not dialog.committee.isVisible() and dialog.committee.chosen() is None
    with qtbot.waitSignal(dialog.case_saved) as saved:
        click_save(qtbot, dialog)
    assert saved.args[0].committee_id == centre.traffic.id
    assert caselist.count(centre.as_("boss")) == 1


def test_a_room_with_one_committee_is_not_asked(qtbot: Any, committee_db: Database) -> None:
    dialog = _typed(qtbot, committee_db)
    assert dialog.committee.count() == 1  # read, and nothing to choose from
    assert not dialog.committee.isVisible() and dialog.committee.chosen() is None


def test_the_oral_entry_offers_the_committee_too(qtbot: Any, centre: Centre) -> None:
    from tests.gui.test_oral_entry_dialog import fill, save_oral
    from tests.gui.test_oral_entry_dialog import open_dialog as open_oral

    dialog = open_oral(qtbot, centre.as_("boss"))
    qtbot.waitUntil(dialog.committee.isVisible, timeout=10_000)
    fill(dialog)
    dialog.committee.setCurrentIndex(1)
    case = save_oral(qtbot, dialog)
    assert case.committee_id == centre.traffic.id and "青山交调" in case.number
    mediator = open_oral(qtbot, centre.as_("ma"))
    wait_for_tasks(qtbot)
    assert not mediator.committee.isVisible()
