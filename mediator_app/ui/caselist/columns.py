"""The case list's column geometry: the first widths, how wide a column may grow, how many lines a row
may wrap to, which columns fold away first on a narrow screen, and the cell's padding as Qt draws it
(docs/testing-notes.md, "Fit"). `ui/caselist/pane.py` applies them to its table.
"""

from __future__ import annotations

import math

from PySide6.QtGui import QFont, QTextLayout

from mediator_app.ui.caselist.model import COL_DATE, COL_MEDIATORS, COL_NUMBER, COL_STATUS, COL_TYPE

# Widths until the first page is in; then each column is as wide as its loaded texts (`fit_columns`), up
# to COLUMN_MAX_CHARS characters. A case number cut at a narrow window elides in the middle (its sequence
# number stays visible), every cell has the full text as its tooltip, 调解员 is hidden at first (the
# filter bar has it; a header's state is remembered).
COLUMN_WIDTHS = {COL_NUMBER: 160, COL_DATE: 118, COL_TYPE: 84, COL_STATUS: 100, COL_MEDIATORS: 80}
COLUMN_MAX_CHARS = 16
# A case number is never cut for its length: a committee's pattern may hold its whole name
# (（2026）青山镇桃源村人民调解委员会调字第123号, 26 characters); it wraps instead, up to MAX_LINES lines.
NUMBER_MAX_CHARS = 48
MAX_LINES = 3
PANE_MARGIN = 6
FIT_ROWS = 200  # rows measured: the first page, never a fetch
# Where the list is too narrow for every column in full (1366×768 at 125 % or 150 %: the window is then
# 1093 or 911 px wide), these columns are folded away in this order instead of every cell being cut; their
# text moves into the row's tooltip, and they come back as soon as the pane has the room.
FOLD_ORDER = (COL_DATE, COL_TYPE)
# The style sheet's item padding, the style's text margin inside it (PM_FocusFrameHMargin + 1 a side, 3 px
# in Fusion), the grid line and a spare pixel: with no pixel to spare Qt elides (seen in the sans UI font).
CELL_PADDING = 2 * 4 + 2 * 3 + 1 + 1


def line_width(width: int, lines: int, em: int) -> int:
    """A column `width` wide for one line, for its text in `lines` lines (a character of slack where a
    line breaks)."""
    if lines == 1:
        return width
    return (width - CELL_PADDING + lines - 1) // lines + em + CELL_PADDING


def fewest_lines(text_widths: dict[int, int], room: int, em: int) -> tuple[int, dict[int, int]]:
    """The fewest lines a row (up to MAX_LINES) in which the columns' texts (`text_widths`, one line each)
    fit `room` px, and each column's least width for them."""
    for lines in range(1, MAX_LINES + 1):
        least = {c: line_width(width, lines, em) for c, width in text_widths.items()}
        if room <= 0 or sum(least.values()) <= room:
            return lines, least
    return MAX_LINES, least


def tallest_line(font: QFont) -> int:
    """The height of a line holding a character from each fallback face of the application font."""
    layout = QTextLayout("中䶮𠮷", font)
    layout.beginLayout()
    line = layout.createLine()
    layout.endLayout()
    return math.ceil(line.height())
