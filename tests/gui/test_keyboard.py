"""Keyboard and eyes: the date picker's weekdays and first page, Tab leaving a date field, a focus
ring a mediator can see, Ctrl+F to the 查找 box."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QTableView, QVBoxLayout, QWidget

from mediator_app.storage.database import Database
from mediator_app.ui.style import FOCUS_COLOUR
from mediator_app.ui.widgets import DateEdit, OptionalDateEdit, PopupDateEdit
from tests.gui.test_main_window import open_window

pytestmark = pytest.mark.gui


def test_the_calendar_names_the_weekdays_in_chinese_from_monday(qtbot: Any) -> None:
    edit = DateEdit()
    qtbot.addWidget(edit)
    calendar = edit.calendarWidget()
    assert calendar.firstDayOfWeek() == Qt.DayOfWeek.Monday
    names = [calendar.locale().dayName(day, calendar.locale().FormatType.NarrowFormat) for day in range(1, 8)]
    assert names == ["一", "二", "三", "四", "五", "六", "日"]  # one character: fits a column, no "…"
    assert calendar.horizontalHeaderFormat() == calendar.HorizontalHeaderFormat.SingleLetterDayNames


def open_popup(qtbot: Any, edit: PopupDateEdit) -> None:
    """A click on the field's arrow, as a mediator opens the calendar."""
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton, pos=QPoint(edit.width() - 6, edit.height() // 2))
    qtbot.waitUntil(edit.calendarWidget().isVisible)


# The offscreen platform cannot raise a pop-up or grab the keyboard for it (the real platforms do).
POPUP_WARNINGS = pytest.mark.qt_log_ignore(r"This plugin does not support (raise\(\)|grabbing the keyboard)")


def opened(qtbot: Any, day: QDate | None = None) -> tuple[OptionalDateEdit, QCalendarWidget]:
    """An optional date field (empty, or on `day`) with its calendar opened by a click on the arrow."""
    field = OptionalDateEdit()
    qtbot.addWidget(field)
    if day is not None:
        field.edit.setDate(day)
    field.show()
    qtbot.waitExposed(field)
    open_popup(qtbot, field.edit)
    return field, field.edit.calendarWidget()


@POPUP_WARNINGS
def test_every_day_and_weekday_fits_its_cell(qtbot: Any) -> None:
    """The application's cell padding once cut 周一 and every two-digit day to "…"."""
    _field, calendar = opened(qtbot)
    table = calendar.findChild(QTableView)
    assert table is not None
    for column in range(7):
        assert table.columnWidth(column) >= table.fontMetrics().horizontalAdvance("28") + 8
    calendar.window().hide()


@POPUP_WARNINGS
def test_an_empty_date_opens_on_today_without_filling_the_field(qtbot: Any) -> None:
    field, calendar = opened(qtbot)
    today = QDate.currentDate()
    assert calendar.selectedDate() == today
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year(), today.month())
    assert field.value() is None  # opening is not choosing
    calendar.window().hide()


@POPUP_WARNINGS
def test_a_filled_date_opens_on_its_own_day(qtbot: Any) -> None:
    _field, calendar = opened(qtbot, QDate(2024, 3, 15))
    assert calendar.selectedDate() == QDate(2024, 3, 15)
    calendar.window().hide()


def test_tab_leaves_a_date_field_for_the_next_field(qtbot: Any) -> None:
    host = QWidget()
    layout = QVBoxLayout(host)
    date, after = PopupDateEdit(), QLineEdit()
    layout.addWidget(date)
    layout.addWidget(after)
    qtbot.addWidget(host)
    host.show()
    qtbot.waitExposed(host)
    host.activateWindow()
    date.setFocus()
    qtbot.waitUntil(date.hasFocus)
    qtbot.keyClick(date, Qt.Key.Key_Tab)  # QDateEdit's own Tab would move to the month section
    assert after.hasFocus()


def test_the_focused_field_has_a_strong_ring(qtbot: Any) -> None:
    host = QWidget()
    layout = QVBoxLayout(host)
    first, second = QLineEdit(), QLineEdit()
    layout.addWidget(first)
    layout.addWidget(second)
    qtbot.addWidget(host)
    host.show()
    qtbot.waitExposed(host)
    host.activateWindow()
    second.setFocus()
    qtbot.waitUntil(second.hasFocus)
    image = host.grab().toImage()
    ring = QColor(FOCUS_COLOUR)

    def ring_pixels(widget: QLineEdit) -> int:
        top = widget.geometry().top() + 1
        row = range(widget.geometry().left() + 5, widget.geometry().right() - 5)
        return sum(1 for x in row if QColor(image.pixel(x, top)) == ring)

    assert ring_pixels(second) > second.width() // 2
    assert ring_pixels(first) == 0


def test_ctrl_f_goes_to_the_search_box(qtbot: Any, committee_db: Database) -> None:
    window = open_window(qtbot, Path(committee_db.description))
    window.show_todo()
    window.activateWindow()
    qtbot.waitExposed(window)
    window.case_list.search.setText("刘")
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.left_tabs.currentWidget() is window.case_list
    qtbot.waitUntil(window.case_list.search.hasFocus)
    assert window.case_list.search.selectedText() == "刘"


def focused_empty_date(qtbot: Any) -> OptionalDateEdit:
    field = OptionalDateEdit()
    qtbot.addWidget(field)
    field.show()
    qtbot.waitExposed(field)
    field.activateWindow()
    field.setFocus()
    qtbot.waitUntil(field.edit.hasFocus)
    return field


def test_an_empty_date_takes_the_digits_a_mediator_types(qtbot: Any) -> None:
    """Typed digits once landed behind “（未填写）” and the field stayed empty."""
    field = focused_empty_date(qtbot)
    qtbot.keyClicks(field.edit, "20270315")
    assert field.value() == dt.date(2027, 3, 15)


def test_arrow_up_in_an_empty_date_starts_from_today(qtbot: Any) -> None:
    """↑ once went from the empty sentinel to 1901年1月1日."""
    field = focused_empty_date(qtbot)
    qtbot.keyClick(field.edit, Qt.Key.Key_Up)
    today = QDate.currentDate()
    assert field.value() == dt.date(today.year(), today.month(), today.day())
    qtbot.keyClick(field.edit, Qt.Key.Key_Up)  # the next press steps the year
    assert field.value() == dt.date(today.year() + 1, today.month(), today.day())
