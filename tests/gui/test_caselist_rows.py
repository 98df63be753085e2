"""The case list keeps MIN_ROWS rows in sight (ui/caselist/room.py): seen at 1366×768 with 150 % scaling and
特大 (911×512 logical pixels, as a window of that size at 100 % lays out), where the filter bar left one row.
The filter bar folds behind 筛选, the rows take fewer lines, a long case number is cut in its middle with
its 第…号 kept; on a large window everything is as before."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem

from mediator_app.domain.model import Committee
from mediator_app.storage.database import Database
from mediator_app.ui import actions as act
from mediator_app.ui import text_size
from mediator_app.ui.caselist.model import COL_NUMBER
from mediator_app.ui.caselist.room import MIN_ROWS, rows_in_view
from tests.factories import make_committee
from tests.gui.procedure_helpers import register
from tests.gui.test_main_window import open_window
from tools.fit_check import LONG_PATTERN, LONG_SHORT_NAME, case_list_problems, case_list_rows_problems

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def standard_afterwards(qapp: QApplication) -> Iterator[None]:
    yield
    text_size.apply_text_size(qapp, text_size.STANDARD)


@pytest.fixture
def committee() -> Committee:
    """A committee whose numbers hold its whole name: （2026）青山镇桃源村人民调解委员会调字第1号."""
    committee = make_committee()
    committee.short_name, committee.case_number_pattern = LONG_SHORT_NAME, LONG_PATTERN
    return committee


@pytest.fixture
def window(qtbot: Any, committee_db: Database) -> Any:
    for parties in (2, 3, 2, 9, 2, 2, 4, 2):
        register(committee_db, parties=parties)
    window = open_window(qtbot, Path(committee_db.description))
    window.activateWindow()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.case_list.columns_fitted, timeout=10_000)
    return window


def _small_and_extra_large(qtbot: Any, window: Any) -> Any:
    window.action_map[act.TEXT_SIZE_PREFIX + "特大"].trigger()
    window.resize(911, 512)
    qtbot.wait(100)
    pane = window.case_list
    qtbot.waitUntil(lambda: pane.filters_folded, timeout=5_000)
    qtbot.wait(50)
    return pane


def _shown_number(pane: Any, row: int) -> str:
    """The case number as the list draws it in its cell."""
    table = pane.table
    index = pane.model.index(row, COL_NUMBER)
    option = QStyleOptionViewItem()
    option.initFrom(table.viewport())
    option.rect = table.visualRect(index)
    option.font = table.font()
    option.fontMetrics = table.fontMetrics()
    if table.wordWrap():
        option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
    delegate = table.itemDelegateForColumn(COL_NUMBER)
    delegate.initStyleOption(option, index)
    metrics = table.fontMetrics()
    room = option.rect.width() - 16
    shown = metrics.elidedText(option.text, Qt.TextElideMode.ElideMiddle, room) if pane.lines == 1 else option.text
    return str(shown)


def test_at_150_percent_with_extra_large_the_list_shows_five_rows(qtbot: Any, window: Any) -> None:
    pane = _small_and_extra_large(qtbot, window)
    assert rows_in_view(pane.table) >= MIN_ROWS
    assert case_list_rows_problems(window) == []
    assert not pane.filter_bar.isVisible() and pane.filter_button.isVisible()
    assert pane.numbers_cut  # one line a row, or two: the 24-character numbers cannot be whole
    assert case_list_problems(window) == []  # the parties (and 状态, where it is shown) whole
    for row in range(3):
        number = str(pane.model.index(row, COL_NUMBER).data())
        shown = _shown_number(pane, row)
        assert "…" in shown and shown.startswith("（20"), shown
        assert shown.endswith(number[number.rindex("第") :]), (shown, number)  # 第8号 kept
        tooltip = str(pane.model.index(row, COL_NUMBER).data(Qt.ItemDataRole.ToolTipRole))
        assert number in tooltip


def test_the_filter_button_shows_the_filters_and_says_which_are_set(qtbot: Any, window: Any) -> None:
    pane = _small_and_extra_large(qtbot, window)
    button, bar = pane.filter_button, pane.filter_bar
    assert button.text() == "筛选" and "未筛选" in button.toolTip()
    pane.search.setFocus()
    qtbot.keyClick(pane.search, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is button  # Tab reaches it after 查找
    qtbot.keyClick(button, Qt.Key.Key_Space)
    assert bar.isVisible() and QApplication.focusWidget() is bar.stage  # the keyboard on 阶段
    qtbot.waitUntil(lambda: bar.source.count() > 1, timeout=5_000)
    bar.source.setCurrentIndex(1)
    bar.overdue.setChecked(True)
    assert button.text() == "筛选（2项）"
    assert f"来源：{bar.source.currentText()}" in button.toolTip() and "只看逾期" in button.toolTip()
    button.click()
    assert not bar.isVisible() and pane.filters_folded  # folded again; the filter stays set
    assert bar.overdue.isChecked()
    bar.clear()
    assert button.text() == "筛选"


def test_the_filter_button_during_a_search_goes_back_to_the_list_and_its_filters(qtbot: Any, window: Any) -> None:
    pane = _small_and_extra_large(qtbot, window)
    pane.search.setText("刘")
    qtbot.waitUntil(pane.searching, timeout=10_000)
    pane.filter_button.click()
    assert not pane.searching() and pane.search.text() == ""
    assert pane.filter_bar.isVisible() and QApplication.focusWidget() is pane.filter_bar.stage


def test_on_a_large_window_the_filters_show_and_numbers_are_whole(qtbot: Any, window: Any) -> None:
    pane = _small_and_extra_large(qtbot, window)
    window.action_map[act.TEXT_SIZE_PREFIX + "标准"].trigger()
    window.resize(1366, 900)
    qtbot.waitUntil(lambda: not pane.filters_folded, timeout=5_000)
    qtbot.wait(50)
    assert pane.filter_bar.isVisible() and not pane.filter_button.isVisible()
    assert not pane.numbers_cut and case_list_problems(window) == []
    assert rows_in_view(pane.table) > MIN_ROWS
