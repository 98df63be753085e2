"""The main window on a narrow screen with large text (1366×768 at 150 % with 特大 is 911 logical
pixels wide): every tool-bar action stays a visible button (short words, then a second row, never
Qt's overflow chevron) and comes back in full words when the window is wide again; the stage strip
turns compact rather than take more than two lines."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QToolBar

from mediator_app.services import cases as svc
from mediator_app.storage.database import Database
from mediator_app.ui import text_size
from mediator_app.ui import window_comforts as comforts
from mediator_app.ui.toolbar_rows import SHORT
from tests.factories import make_case
from tests.gui.test_main_window import db_path, open_window, select_first_case

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def standard_afterwards(qapp: QApplication) -> Iterator[None]:
    yield
    text_size.apply_text_size(qapp, text_size.STANDARD)


def buttons(window: Any) -> dict[str, tuple[str, bool]]:
    """Each tool-bar action's text: (the words on its button, whether the button shows)."""
    shown = {}
    for bar in window.findChildren(QToolBar):
        for action in bar.actions():
            button = bar.widgetForAction(action)
            shown[action.text()] = (action.iconText(), button is not None and button.isVisible())
    return shown


def test_a_narrow_window_keeps_every_action_on_a_button(qtbot: Any, committee_db: Database) -> None:
    svc.register_case(committee_db, make_case(2))
    window = open_window(qtbot, db_path(committee_db))
    select_first_case(qtbot, window)
    wide = buttons(window)
    assert all(on and words == text for text, (words, on) in wide.items())  # full words, one row

    comforts.set_text_size(window, "特大")
    window.resize(911, 512)
    qtbot.waitUntil(lambda: window.case_pane.panel.steps.compact, timeout=5_000)
    narrow = buttons(window)
    assert narrow.keys() == wide.keys()
    assert all(on for _words, on in narrow.values()), narrow  # none behind the overflow chevron
    assert narrow["修改案件信息"][0] == SHORT["修改案件信息"] == "修改案件"
    steps = window.case_pane.panel.steps
    line = max(chip.sizeHint().height() for chip in steps.chips)
    qtbot.waitUntil(lambda: steps.height() <= 2 * line + 2 * 2, timeout=5_000)

    comforts.set_text_size(window, text_size.STANDARD)
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: not steps.compact, timeout=5_000)
    assert buttons(window) == wide
