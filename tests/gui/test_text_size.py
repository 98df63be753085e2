"""设置 → 字号: one text size for the whole program, applied at once and remembered."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QLabel

from mediator_app.storage.database import Database
from mediator_app.ui import actions as act
from mediator_app.ui import text_size
from mediator_app.ui.fonts import BASE_POINT_SIZE
from mediator_app.ui.procedure.panel import ProcedurePanel
from tests.gui.test_main_window import open_window

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def standard_afterwards(qapp: QApplication) -> Iterator[None]:
    yield
    text_size.apply_text_size(qapp, text_size.STANDARD)


def test_the_size_reaches_the_font_every_style_sheet_and_the_settings(qtbot: Any, qapp: QApplication) -> None:
    panel = ProcedurePanel()
    qtbot.addWidget(panel)
    assert "font-size: 14pt" in panel.styleSheet()
    text_size.apply_text_size(qapp, "特大")
    assert qapp.font().pointSizeF() == pytest.approx(BASE_POINT_SIZE * 1.45)
    assert "font-size: 20.3pt" in panel.styleSheet()  # the step buttons' 14 pt, scaled
    assert "font-size: 14pt" not in panel.styleSheet()
    assert "font-size: 20.3pt" in qapp.styleSheet()  # the section headings of the application's sheet
    assert QSettings().value(text_size.SETTINGS_KEY) == "特大"
    label = QLabel("调解")
    qtbot.addWidget(label)
    assert label.font().pointSizeF() == pytest.approx(BASE_POINT_SIZE * 1.45)  # a window opened later too
    text_size.apply_text_size(qapp, "标准")
    assert "font-size: 14pt" in panel.styleSheet()
    assert qapp.font().pointSizeF() == pytest.approx(BASE_POINT_SIZE)


def test_steps_stay_between_standard_and_extra_large(qapp: QApplication) -> None:
    assert [text_size.step(qapp, 1) for _ in range(3)] == ["大", "特大", "特大"]
    assert [text_size.step(qapp, -1) for _ in range(3)] == ["大", "标准", "标准"]


def test_the_menu_and_ctrl_plus_change_the_size(qtbot: Any, committee_db: Database) -> None:
    window = open_window(qtbot, Path(committee_db.description))
    window.activateWindow()
    qtbot.waitExposed(window)
    assert window.action_map[act.TEXT_SIZE_PREFIX + "标准"].isChecked()
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)  # Ctrl+加号
    assert text_size.current() == "大"
    assert window.action_map[act.TEXT_SIZE_PREFIX + "大"].isChecked()
    window.action_map[act.TEXT_SIZE_PREFIX + "特大"].trigger()
    assert text_size.current() == "特大"
    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert text_size.current() == "大"
