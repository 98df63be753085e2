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
from mediator_app.ui.caselist.model import COL_PARTIES
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
    assert window.action_map[act.TEXT_BIGGER].shortcut().toString() == "Ctrl++"  # as the menu shows it
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)  # Ctrl+加号
    assert text_size.current() == "大"
    assert window.action_map[act.TEXT_SIZE_PREFIX + "大"].isChecked()
    window.action_map[act.TEXT_SIZE_PREFIX + "特大"].trigger()
    assert text_size.current() == "特大"
    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert text_size.current() == "大"


def _list_layout(window: Any) -> dict[str, Any]:
    """What the case list looks like: columns shown and their widths, lines a row, the row height, and
    the cells tools/fit_check.py finds cut (at 特大 on 1366×768 a long committee name's case numbers
    are, in a window opened at that size too)."""
    from tools.fit_check import case_list_problems

    pane = window.case_list
    header = pane.table.horizontalHeader()
    columns = range(pane.model.columnCount())
    return {
        "hidden": [header.isSectionHidden(c) for c in columns],
        # 当事人 takes what the splitter leaves, which depends on the case pane too
        "widths": [header.sectionSize(c) for c in columns if c != COL_PARTIES],
        "lines": pane.lines,
        "row height": pane.table.verticalHeader().defaultSectionSize(),
        "cut": [problem.split(" elided")[0] for problem in case_list_problems(window)],
    }


def _opened(qtbot: Any, db: Database) -> Any:
    window = open_window(qtbot, Path(db.description))
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: window.case_list.model.rowCount() == 2, timeout=10_000)
    qtbot.waitUntil(lambda: window.case_list.columns_fitted, timeout=10_000)
    qtbot.wait(50)
    return window


def test_the_case_list_after_a_size_change_is_as_after_a_restart(qtbot: Any, committee_db: Database) -> None:
    """Found by the README-only trial: after 特大 the columns stayed as measured at 标准, cut, until the
    program was started again. Switching now lays the list out as a window opened at that size."""
    from tests.gui.procedure_helpers import register

    for parties in (2, 9):
        register(committee_db, parties=parties)
    window = _opened(qtbot, committee_db)
    standard = _list_layout(window)
    assert standard["cut"] == [] and standard["lines"] == 1
    window.action_map[act.TEXT_SIZE_PREFIX + "特大"].trigger()
    qtbot.wait(50)
    switched = _list_layout(window)
    second = _opened(qtbot, committee_db)  # as after a restart: opened at 特大
    assert text_size.current() == "特大"
    assert switched == _list_layout(second)
    second.close()
    assert switched["row height"] > standard["row height"]
    window.action_map[act.TEXT_SIZE_PREFIX + "标准"].trigger()
    qtbot.wait(50)
    assert _list_layout(window) == standard


def test_the_login_dialog_is_as_large_as_the_chosen_size(
    qtbot: Any, qapp: QApplication, committee_db: Database
) -> None:
    """Found by the README-only trial: with 特大 chosen, the login dialog still opened at 15 pt."""
    from mediator_app.services.desk import Desk
    from mediator_app.ui.access.login import LoginDialog

    text_size.apply_text_size(qapp, "特大")
    dialog = LoginDialog(Desk(committee_db))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.ok.font().pointSizeF() == pytest.approx(15 * 1.45, abs=0.1)
    big = dialog.sizeHint()
    text_size.apply_text_size(qapp, "标准")  # and back, while it is open
    assert dialog.ok.font().pointSizeF() == pytest.approx(15)
    assert dialog.sizeHint().width() < big.width()


def test_a_long_committee_number_keeps_its_sequence_at_extra_large(qtbot: Any, committee_db: Database) -> None:
    """Seen in the 特大 fit screenshots: a committee whose numbers hold its whole name
    (（2026）青山镇桃源村人民调解委员会调字第1号) had them cut to 「（2026）青山…委员…」, 第…号 lost. It
    wraps, or where rows must stay low to keep five in sight it is cut in the middle, its year and 第…号
    kept (tests/unit/test_case_number.py); fit_check counts neither as cut."""
    from mediator_app.services import cases
    from tests.factories import make_committee
    from tests.gui.procedure_helpers import register
    from tools.fit_check import LONG_PATTERN, LONG_SHORT_NAME

    committee = make_committee()
    committee.short_name, committee.case_number_pattern = LONG_SHORT_NAME, LONG_PATTERN
    cases.save_committee(committee_db, committee)
    numbers = [register(committee_db, parties=parties).number for parties in (2, 9)]
    assert all(len(number) == 24 for number in numbers), numbers
    window = _opened(qtbot, committee_db)
    assert _list_layout(window)["cut"] == []
    window.action_map[act.TEXT_SIZE_PREFIX + "特大"].trigger()
    qtbot.wait(50)
    layout = _list_layout(window)
    assert layout["cut"] == []
    assert layout["lines"] > 1  # wrapped: one line of it would leave no room for the parties


def test_the_first_case_after_a_size_change_on_an_empty_list_is_not_cut(qtbot: Any, committee_db: Database) -> None:
    """Found by the README-only trial: 特大 chosen on the empty list of a first start measured the
    columns' titles only, and the first case registered then showed 「（…号」「2026…」「刘…」."""
    from tests.gui.procedure_helpers import register

    window = open_window(qtbot, Path(committee_db.description))
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: window.case_list.model.rowCount() == 0 and window.desk is not None, timeout=10_000)
    window.action_map[act.TEXT_SIZE_PREFIX + "特大"].trigger()
    qtbot.wait(50)
    register(committee_db)
    window.refresh()
    qtbot.waitUntil(lambda: window.case_list.model.rowCount() == 1, timeout=10_000)
    qtbot.waitUntil(lambda: window.case_list.columns_fitted, timeout=10_000)
    qtbot.wait(50)
    assert _list_layout(window)["cut"] == []


def test_check_boxes_radio_buttons_and_the_focus_ring_grow_with_the_text(qtbot: Any, qapp: QApplication) -> None:
    """Seen in the 特大 screenshots: the boxes of 只看逾期 and 大字本 stayed 20 px beside 19 pt text."""
    from PySide6.QtWidgets import QCheckBox, QRadioButton, QStyle, QStyleOptionButton

    from mediator_app.ui.style import FOCUS_COLOUR

    check, radio = QCheckBox("只看逾期"), QRadioButton("本案文书")
    for button in (check, radio):
        qtbot.addWidget(button)
        button.show()

    def box(button: QCheckBox | QRadioButton, element: QStyle.SubElement) -> int:
        option = QStyleOptionButton()
        button.initStyleOption(option)
        return button.style().subElementRect(element, option, button).height()

    def boxes() -> tuple[int, int]:
        return box(check, QStyle.SubElement.SE_CheckBoxIndicator), box(radio, QStyle.SubElement.SE_RadioButtonIndicator)

    assert boxes() == (20, 20)
    assert f"border: 2px solid {FOCUS_COLOUR}" in qapp.styleSheet()
    text_size.apply_text_size(qapp, "特大")
    assert boxes() == (29, 29)  # 20 px × 1.45, as the text
    assert f"border: 3px solid {FOCUS_COLOUR}" in qapp.styleSheet()
    assert "@" not in qapp.styleSheet()
    panel = ProcedurePanel()
    qtbot.addWidget(panel)
    assert f"border: 4px solid {FOCUS_COLOUR}" in panel.styleSheet()  # the step buttons' thick ring
    text_size.apply_text_size(qapp, "标准")
    assert boxes() == (20, 20)


def test_a_new_cases_two_parties_are_both_in_sight_at_extra_large(
    qtbot: Any, qapp: QApplication, committee_db: Database
) -> None:
    """Found by the README-only trial: at 特大 登记新案件 stacks its party list above the party's fields
    and squeezed it to one row; the respondent a new case starts with was out of sight, and the mediator
    added a second one."""
    from PySide6.QtWidgets import QBoxLayout

    from mediator_app.services.desk import Desk
    from mediator_app.ui.register import RegisterDialog

    text_size.apply_text_size(qapp, "特大")
    dialog = RegisterDialog(Desk(committee_db), None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.party_section.direction() == QBoxLayout.Direction.TopToBottom  # as on 1366×768
    table = dialog.party_table
    assert table.rowCount() == 2
    assert table.rowViewportPosition(1) + table.rowHeight(1) <= table.viewport().height()
    dialog.mark_clean()


def test_widths_the_program_chose_are_measured_again_at_the_next_start(qtbot: Any, committee_db: Database) -> None:
    """Found by the README-only trial: the list's widths were saved at quit and kept at the next start as
    if the mediator had set them, so a list once cut stayed cut; only a dragged column's widths stay."""
    from mediator_app.ui.main_window import MainWindow
    from tests.gui.procedure_helpers import register

    window = open_window(qtbot, Path(committee_db.description))
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: window.desk is not None, timeout=10_000)
    window.action_map[act.TEXT_SIZE_PREFIX + "特大"].trigger()
    window.case_list.save_state(QSettings())  # as at quit, on the empty list
    register(committee_db)
    again = MainWindow(Path(committee_db.description))
    qtbot.addWidget(again)
    again.restore_state()
    again.resize(1366, 768)
    again.show()
    with qtbot.waitSignal(again.database_ready, timeout=10_000):
        again.open_database()
    qtbot.waitUntil(lambda: again.case_list.model.rowCount() == 1, timeout=10_000)
    qtbot.waitUntil(lambda: again.case_list.columns_fitted, timeout=10_000)
    qtbot.wait(50)
    assert _list_layout(again)["cut"] == []
    again.close()


def test_the_file_dialog_grows_with_the_text(qtbot: Any, qapp: QApplication) -> None:
    """Found by the README-only trial: 另存为PDF's dialog (Qt's own) kept its standard size at 特大, its
    side bar cut to 「mediat」 and its folder box to 「/hom…tor6」."""
    from PySide6.QtWidgets import QFileDialog, QListView

    def opened() -> tuple[int, int, QListView, QFileDialog]:
        dialog = QFileDialog(None, "另存为PDF")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        sidebar = dialog.findChild(QListView, "sidebar")
        assert sidebar is not None
        return dialog.width(), dialog.height(), sidebar, dialog

    width, height, _, _standard = opened()
    text_size.apply_text_size(qapp, "特大")
    big_width, big_height, sidebar, large = opened()
    screen = large.screen().availableGeometry()  # never past it (style.fit_file_dialog; 150 % with 特大)
    assert big_width >= min(width * 1.4, screen.width()) and big_height > height
    assert big_width <= screen.width() and big_height <= screen.height()
    assert sidebar.width() >= sidebar.fontMetrics().horizontalAdvance("计算机") + sidebar.iconSize().width()
    assert big_width <= 1366 and big_height <= 768 - 40  # a 1366×768 screen with its task bar
