"""The case list's height: rows first. A mediator chooses a case by seeing several, so the list keeps at
least MIN_ROWS rows in sight (docs/testing-notes.md, "Fit"). Where the pane is too low for them (1366×768
at 125 % or 150 %, or with 特大: the filter bar took all but one row at 150 % with 特大), in turn:

1. the filter bar folds behind the 筛选 button beside 查找 (`filter_bar.FilterButton`), which says how
   many filters are set and shows the bar again when pressed;
2. the rows take fewer lines than their texts need to wrap in full; the case number gives way first
   (cut in the middle: 「（2026）青山…第6号」 keeps the year and the sequence number that tell cases apart,
   the tooltip and the case view have it whole), the other columns keep their width;
3. where even so the columns do not fit, 状态 folds away as 登记日期 and 纠纷类型 do (its text joins the
   row's tooltip; the case view shows the chosen case's stage), and the pane takes as its least width what
   the other columns need in full and NUMBER_LEAST_CHARS of the number (`least_width`; the splitter keeps it).

Measured on the list's page (the bar and the table together), so the choice does not depend on itself:
showing the bar by hand never folds it again or changes the rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mediator_app.ui.caselist.columns import FOLD_ORDER, PANE_MARGIN, line_width, tallest_line
from mediator_app.ui.caselist.model import COL_NUMBER, COL_STATUS

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTableView

    from mediator_app.ui.caselist.pane import CaseListPane

MIN_ROWS = 5
NUMBER_LEAST_CHARS = 8  # of a cut case number: 「（2026）…第12号」 at 150 % with 特大 (9 took the case pane's room)
ROW_PADDING = 10  # the item padding above and below a row's text, and the grid line


def row_height(table: QTableView, lines: int) -> int:
    """A row of `lines` lines: one line of the sans face, or several as tall as the tallest fallback
    face's (a wrapped 刘䶮、吉𠮷祥 has a line in LXGW WenKai, 3 px taller; too short, Qt cut the name)."""
    metrics = table.fontMetrics()
    height = metrics.height() if lines == 1 else lines * max(metrics.lineSpacing(), tallest_line(table.font()))
    return height + ROW_PADDING


def rows_in(table: QTableView, height: int, lines: int) -> int:
    """How many whole rows of `lines` lines a table `height` px high shows below its header."""
    inside = height - table.horizontalHeader().sizeHint().height() - 2 * table.frameWidth()
    return max(inside, 0) // row_height(table, lines)


def rows_in_view(table: QTableView) -> int:
    """The whole rows the table shows now."""
    return table.viewport().height() // table.verticalHeader().defaultSectionSize()


def lines_for_rows(pane: CaseListPane, lines: int) -> int:
    """Fold the filter bar where it leaves fewer than MIN_ROWS rows of `lines` lines, and return the most
    lines (up to `lines`) a row may have with MIN_ROWS of them in sight (at least one)."""
    page = pane.list_stack.height()
    if page <= 0:  # not laid out yet
        return lines
    bar = pane.filter_bar
    page_widget = pane.list_stack.widget(0)
    layout = page_widget.layout() if page_widget is not None else None
    spacing = max(layout.spacing(), 0) if layout is not None else 0
    with_bar = page - bar.sizeHint().height() - spacing
    fold = rows_in(pane.table, with_bar, lines) < MIN_ROWS
    fold_filters(pane, fold)
    height = page if fold else with_bar
    while lines > 1 and rows_in(pane.table, height, lines) < MIN_ROWS:
        lines -= 1
    return lines


def fold_filters(pane: CaseListPane, fold: bool) -> None:
    """The filter bar behind 筛选 (closed), or above the list with no 筛选 button, as on a large screen."""
    if fold == pane.filters_folded:
        return
    pane.filters_folded = fold
    pane.filter_button.setChecked(False)
    pane.filter_button.setVisible(fold)
    pane.filter_bar.setVisible(not fold)


def number_gives_way(least: dict[int, int], room: int, em: int) -> dict[int, int]:
    """The columns' least widths in `room` px where the rows have fewer lines than the texts need: the case
    number takes what the others leave (at least three characters), cut in the middle."""
    if COL_NUMBER not in least:
        return least
    others = sum(width for column, width in least.items() if column != COL_NUMBER)
    return {**least, COL_NUMBER: max(3 * em, min(least[COL_NUMBER], room - others))}


def capped_least(pane: CaseListPane, shown: list[int], lines: int, room: int, em: int) -> dict[int, int]:
    """Each shown column's least width for rows of `lines` lines, fewer than the texts need."""
    least = {c: line_width(pane.text_widths[c], lines, em) for c in shown}
    return number_gives_way(least, room, em)


def fold_status(pane: CaseListPane, least: dict[int, int], room: int) -> bool:
    """Let 状态 fold after FOLD_ORDER where the number is cut and the columns still need more than `room`,
    and back once the number is whole; True when the columns must be spread again."""
    crowded = pane.numbers_cut and room > 0 and sum(least.values()) > room
    if pane.numbers_cut and not crowded:
        return False  # as it is: 状态 folded or not, the columns fit
    order: tuple[int, ...] = (*FOLD_ORDER, COL_STATUS) if crowded else FOLD_ORDER
    if order == pane.fold_order:
        return False
    pane.fold_order = order
    return True


def fold_columns(pane: CaseListPane, room: int) -> None:
    """Hide the fewest of the pane's fold_order columns that let the others show in full in `room` px."""
    header = pane.table.horizontalHeader()
    wanted = [c for c in pane.content_widths if c in pane.folded or not header.isSectionHidden(c)]
    need = sum(pane.text_widths[c] for c in wanted)
    folded = []
    for column in pane.fold_order:
        if need <= room:
            break
        if column in wanted:
            folded.append(column)
            need -= pane.text_widths[column]
    if folded == pane.folded:
        return
    pane._spreading = True
    for column in wanted:
        header.setSectionHidden(column, column in folded)
    pane._spreading = False
    pane.folded = folded
    pane.model.folded = tuple(folded)


def least_width(pane: CaseListPane) -> int:
    """Where the number is cut: the pane's width below which the other shown columns are cut too at the
    rows' lines (NUMBER_LEAST_CHARS of the number); the pane's least width, which the window's splitter keeps."""
    if not pane.numbers_cut:
        return 0  # the texts in full: the splitter's own rule (window_comforts.fit_splitter)
    header = pane.table.horizontalHeader()
    em = pane.table.fontMetrics().horizontalAdvance("中")
    widths = {c: line_width(w, pane.lines, em) for c, w in pane.text_widths.items() if not header.isSectionHidden(c)}
    if COL_NUMBER in widths:
        widths[COL_NUMBER] = min(widths[COL_NUMBER], NUMBER_LEAST_CHARS * em)
    frame = 2 * pane.table.frameWidth() + pane.table.verticalScrollBar().sizeHint().width()
    return sum(widths.values()) + frame + 2 * PANE_MARGIN + 8
