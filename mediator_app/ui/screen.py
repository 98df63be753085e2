"""Window sizes against the screen. Kept apart from `widgets.py` because the main window uses it before
its first paint, when nothing may import the Qt namespace's enums (see `main_window`)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QLayout, QWidget


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize to width×height, but never beyond the screen: office PCs often have 1366×768, and a
    dialog taller than the screen would hide its 保存 button (the content scrolls instead)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        available = screen.availableGeometry()
        width, height = min(width, available.width() - 20), min(height, available.height() - 40)
    widget.resize(width, height)


def room_beside_scroll_bar(window: QWidget) -> int:
    """The width a window's scroll area gives its content: the window's, less its layout's margins and
    a vertical scroll bar."""
    style = window.style()
    margin = style.pixelMetric(style.PixelMetric.PM_LayoutLeftMargin)
    return window.width() - 2 * margin - style.pixelMetric(style.PixelMetric.PM_ScrollBarExtent)


def stack_while_too_wide(window: QWidget, content: QWidget, rows: Sequence[QBoxLayout]) -> bool:
    """Turn the side-by-side `rows` of `content` (what a window's scroll area holds, or the window) one above the
    other, in the order given, for as long as `content` needs more width than the window has: so a
    dialog at 150 % scaling with the text size 特大 (911 px wide) scrolls one way only, down, and is
    never wider than the screen. True when `content` is still too wide with every row stacked."""
    room = room_beside_scroll_bar(window)
    if content is window:  # the window's own layout, margins included, no scroll bar beside it
        room = window.width()
    for row in rows:
        if content.minimumSizeHint().width() <= room:
            return False
        row.setDirection(QBoxLayout.Direction.TopToBottom)
        layout: QObject | None = row
        while isinstance(layout, QLayout):  # the layouts around it keep their measure until told
            layout.invalidate()
            layout = layout.parent()
    return content.minimumSizeHint().width() > room


def grid_as_wide_as_fits(window: QWidget, content: QWidget, grid: QGridLayout, widgets: Sequence[QWidget]) -> int:
    """Put `widgets` into `grid` (inside `content`, which the window's scroll area holds) three to a
    row, or two or one where three need more width than the window has beside its scroll bar, so the
    content never scrolls sideways (打印文书 at 150 % with 特大). Returns how many to a row."""
    room = room_beside_scroll_bar(window)
    for per_row in (3, 2, 1):
        for widget in widgets:
            grid.removeWidget(widget)
        for n, widget in enumerate(widgets):
            grid.addWidget(widget, n // per_row, n % per_row)
        for col in range(3):
            grid.setColumnStretch(col, 1 if col < per_row else 0)
        if content.minimumSizeHint().width() <= room:
            break
    return per_row
