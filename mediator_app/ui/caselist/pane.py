"""案件列表, the left-hand pane of the main window: 查找, the filter bar, the lazy table of cases and,
while the 查找 box holds text, the ranked search results in its place.

The pane owns what the list remembers between sessions (the header's columns, widths and sort, and
the filter) and the timers that coalesce typing. It does not know the case shown on the right: the
window tells it (`highlight`) and it says when the mediator picks a case (`case_chosen`, from a row
or a search result) or opens one to edit (`case_activated`, a double click). `list_loaded(total,
filtered)` follows every reload of the list, so the window can say how many cases there are.

The list is lazy (`caselist.model`): the case shown need not be among the loaded rows (今日待办 can
open a case from years ago on a list of 100,000); its row is highlighted once its page is loaded.
"""

from __future__ import annotations

import dataclasses
import json
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mediator_app.ui.caselist.columns import (
    CELL_PADDING,
    COLUMN_MAX_CHARS,
    COLUMN_WIDTHS,
    FIT_ROWS,
    FOLD_ORDER,
    NUMBER_MAX_CHARS,
    PANE_MARGIN,
    fewest_lines,
    line_width,
)
from mediator_app.ui.caselist.filter_bar import FilterBar, FilterButton
from mediator_app.ui.caselist.model import (
    CASE_ID_ROLE,
    COL_DATE,
    COL_MEDIATORS,
    COL_NUMBER,
    COL_PARTIES,
    SORT_KEYS,
    ElideMiddleDelegate,
    LazyCaseModel,
    filter_from_json,
    filter_is_empty,
    filter_to_json,
)
from mediator_app.ui.caselist.room import (
    capped_least,
    fold_columns,
    fold_status,
    least_width,
    lines_for_rows,
    row_height,
)
from mediator_app.ui.caselist.search_view import SearchResultsView
from mediator_app.ui.errors import report_exception
from mediator_app.ui.tasks import run_db

if TYPE_CHECKING:
    import datetime as dt

    from PySide6.QtCore import QItemSelection

    from mediator_app.services.desk import Desk
    from mediator_app.services.search import SearchResult

SEARCH_DELAY_MS = 200  # wait for the mediator to pause typing before searching
FILTER_DELAY_MS = 120  # coalesce quick filter changes (dates typed digit by digit)
HEADER_KEY, FILTER_KEY = "caselist/header", "caselist/filter"
# Whether the saved widths are the mediator's (a column dragged): only those are kept at the next start.
# The program's own were kept too, so a list once cut (a first case after a size change) stayed cut.
OWN_WIDTHS_KEY = "caselist/own_widths"


class CaseListPane(QWidget):
    case_chosen = Signal(int)  # a row selected or a search result clicked: show this case
    case_activated = Signal(int)  # a row double-clicked: edit this case
    list_loaded = Signal(int, bool)  # the list's count after a reload, and whether a filter is on
    list_counted = Signal(str)  # the count's text once an exact count followed a bound (count_text)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk: Desk | None = None
        self.remember_state = False  # the filter is saved as it changes once the state was restored
        self.shown_case_id: int | None = None  # the case the window shows (highlighted when loaded)
        self._search_generation = 0
        self._first_chosen = False  # choose_first: once, at the first load
        self.columns_fitted = False  # sized to the content once; not again over the mediator's own widths
        self.own_widths = False  # the mediator dragged a column (saved with the header)
        self.content_widths: dict[int, int] = {}  # each column's need (fit_columns); 当事人 stretches
        self.folded: list[int] = []  # columns hidden for want of room (FOLD_ORDER), not by the mediator
        self.lines = 1  # text lines a row shows: 2 where the columns cannot show their text on one
        self.numbers_cut = False  # fewer lines than the texts need, to keep rows in sight (caselist.room)
        self.filters_folded = False  # the filter bar behind the 筛选 button (caselist.room)
        self.fold_order: tuple[int, ...] = FOLD_ORDER  # and 状态 after them where the number is cut (caselist.room)
        self.text_widths: dict[int, int] = {}  # what the cells' texts need, without the header's title
        self._spreading = False
        self.model = LazyCaseModel(self)
        self.model.loaded.connect(self._loaded)
        self.model.page_loaded.connect(self._page_loaded)
        self.model.counted.connect(lambda total: self.list_counted.emit(self.count_text(total)))
        self.model.failed.connect(lambda exc: report_exception(exc, self))
        self.table = self._build_table()
        self.filter_bar = FilterBar()
        self._filter_timer = QTimer(self, singleShot=True, interval=FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self._apply_filter)
        self.filter_bar.changed.connect(lambda _f: self._filter_timer.start())

        self.search = QLineEdit(placeholderText=self.tr("输入姓名、案件编号、身份证号、电话或地址查找"))
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._run_search)
        self.search.textChanged.connect(self._search_text_changed)
        self.search.returnPressed.connect(self._open_first_result)
        search_row = QHBoxLayout()
        search_row.addWidget(QLabel(self.tr("查找：")))
        search_row.addWidget(self.search, 1)
        self.filter_button = FilterButton(self.filter_bar)
        self.filter_button.setVisible(False)
        self.filter_button.toggled.connect(self._filters_asked)
        search_row.addWidget(self.filter_button)

        self.results = SearchResultsView()
        self.results.clicked.connect(self._result_clicked)
        self.results.activated.connect(self._result_clicked)
        self.results_label = QLabel()
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(_column(self.filter_bar, self.table))
        self.list_stack.addWidget(_column(self.results_label, self.results))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(PANE_MARGIN, PANE_MARGIN, PANE_MARGIN, PANE_MARGIN)
        layout.addLayout(search_row)
        layout.addWidget(self.list_stack, 1)
        QWidget.setTabOrder(self.search, self.filter_button)  # then the filters, when shown
        QWidget.setTabOrder(self.filter_button, self.filter_bar.stage)

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Tab leaves the list for the case view (↑/↓ choose the row): walking the cells, Tab never reached
        # 办理步骤's buttons, so a case could not be accepted with the keyboard alone (docs/install-check.md).
        table.setTabKeyNavigation(False)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        # Every row one line high, so the view never measures rows (which would fetch their pages).
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
        header = table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # ResizeToContents reads 1,000 rows
        for column, width in COLUMN_WIDTHS.items():
            header.resizeSection(column, width)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_PARTIES, QHeaderView.ResizeMode.Stretch)
        header.hideSection(COL_MEDIATORS)
        table.setItemDelegateForColumn(COL_NUMBER, ElideMiddleDelegate(table))  # keeps 第…号 visible
        header.setSortIndicatorShown(True)
        header.setSortIndicator(COL_DATE, Qt.SortOrder.DescendingOrder)
        table.setSortingEnabled(True)
        header.sortIndicatorChanged.connect(self._sort_changed)
        table.selectionModel().selectionChanged.connect(self._selection_changed)
        table.doubleClicked.connect(self._row_double_clicked)
        header.sectionResized.connect(self._section_resized)
        table.viewport().installEventFilter(self)
        return table

    # -- the database ------------------------------------------------------------------------------

    def set_desk(self, desk: Desk) -> None:
        """The database is open: remember it and fill the filter boxes with what it holds."""
        self.desk = desk
        self.model.set_desk(desk)
        run_db(lambda: desk.filter_choices(), owner=self).on_success(self.filter_bar.set_choices)

    def reload(self, today: dt.date) -> None:
        """Count and first page again (and the search, if one is shown), for the window's today."""
        self.model.set_today(today)
        self.model.reload()
        if self.search.text().strip():
            self._run_search()

    def count_text(self, total: int) -> str:
        """共 N 件案件 / 符合筛选条件的案件 N 件, or, while the exact count is read (a bound was reached,
        `LazyCaseModel.exact`), what is known: more than N."""
        filtered = not filter_is_empty(self.model.query.filter)
        if not self.model.exact:
            more = (
                self.tr("符合筛选条件的案件超过 {n} 件，正在清点…")
                if filtered
                else self.tr("案件超过 {n} 件，正在清点…")
            )
            return more.format(n=total)
        return (self.tr("符合筛选条件的案件 {n} 件") if filtered else self.tr("共 {n} 件案件")).format(n=total)

    def _loaded(self, total: int) -> None:
        if not self.columns_fitted and total:
            self.fit_columns()
        self.list_loaded.emit(total, not filter_is_empty(self.model.query.filter))

    def fit_columns(self) -> None:
        """Each shown column as wide as the longest of its header and loaded texts (capped): at 1366×768
        the number, date, type, parties and stage of a case all show unelided (docs/testing-notes.md, "Fit")."""
        # Measured on no rows (a text size chosen before the first case), the widths are the titles'
        # only: the first page measures again, or its cells stay cut (found by the README-only trial).
        self.columns_fitted = self.model.rowCount() > 0
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        self.lines = 0  # the text size may have changed: the row height is set again (_set_lines)
        bold = header.font()
        bold.setBold(True)
        header_metrics = QFontMetrics(bold)
        padding = 2 * 4 + 6 + header.style().pixelMetric(header.style().PixelMetric.PM_HeaderMarkSize)
        em = metrics.horizontalAdvance("中")
        rows = min(self.model.rowCount(), FIT_ROWS)
        for column in range(self.model.columnCount()):
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole))
            texts = 0
            for row in range(rows):
                text = self.model.loaded_text(row, column)
                if text:
                    texts = max(texts, metrics.horizontalAdvance(text))
            width = max(texts, header_metrics.horizontalAdvance(title))
            limit = em * (NUMBER_MAX_CHARS if column == COL_NUMBER else COLUMN_MAX_CHARS)
            self.content_widths[column] = min(width, limit) + padding
            self.text_widths[column] = min(texts, limit) + CELL_PADDING
        self._spreading = True
        for column, width in self.content_widths.items():
            if column != COL_PARTIES:
                header.resizeSection(column, width)
        self._spreading = False
        self.spread_columns()

    def spread_columns(self, again: bool = True) -> None:
        """The content widths when the list is wide enough. Else, in turn: the FOLD_ORDER columns folded
        away; rows of two lines, each column about half as wide (1366×768 at 150 %); and, narrower
        still, every column narrowed in proportion (never below three characters), so that all of
        them stay in view, cut, with the full text as the cell's tooltip. Rows in sight come first: where
        the pane is low, fewer lines, the number cut (`caselist.room`)."""
        if not self.content_widths:
            return
        header = self.table.horizontalHeader()
        room = self.table.viewport().width()
        if room > 0:
            fold_columns(self, room)
        shown = [c for c in self.content_widths if not header.isSectionHidden(c)]
        em = self.table.fontMetrics().horizontalAdvance("中")
        wrapped, least = fewest_lines({c: self.text_widths[c] for c in shown}, room, em)
        lines = lines_for_rows(self, wrapped)  # rows in sight first
        self.numbers_cut = self.model.numbers_cut = lines < wrapped
        if self.numbers_cut:
            least = capped_least(self, shown, lines, room, em)
        if again and fold_status(self, least, room):
            return self.spread_columns(again=False)  # with 状态 folded away or back
        self._set_lines(lines)
        widths = {c: max(least[c], line_width(self.content_widths[c], lines, em)) for c in shown}
        excess = sum(widths.values()) - room if room > 0 else 0
        slack = sum(widths[c] - least[c] for c in shown)
        if 0 < excess <= slack:  # the header titles' room given up first: every text still shows in full
            # rounded up, so the columns give up at least the excess and 当事人 keeps its last pixel
            widths = {c: widths[c] - -(-(widths[c] - least[c]) * excess // slack) for c in shown}
        elif excess > 0:  # too narrow even for the texts: cut in proportion, tooltips have the full text
            widths = {c: least[c] * room // sum(least.values()) for c in shown}
        self._spreading = True
        for column in shown:
            if column != COL_PARTIES:  # 当事人 stretches over what is left
                header.resizeSection(column, max(3 * em, widths[column]))
        self._spreading = False
        self.setMinimumWidth(least_width(self))  # the splitter keeps it: the case pane gives way

    def _set_lines(self, lines: int) -> None:
        """Rows of `lines` lines of text, wrapped; still one fixed height, so rows are never measured."""
        if lines == self.lines:
            return
        self.lines = lines
        self.table.setWordWrap(lines > 1)
        self.table.verticalHeader().setDefaultSectionSize(row_height(self.table, lines))

    def _section_resized(self, column: int, old: int, new: int) -> None:
        # Hiding or showing a section (a fold) resizes it from or to 0, and QHeaderView reports that
        # later, outside `_spreading`; a mediator's drag never does.
        if not self._spreading and column != COL_PARTIES and old and new:
            self.content_widths.clear()  # the mediator dragged a column: the widths are theirs now
            self.own_widths = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self.spread_columns()
        return super().eventFilter(watched, event)

    def wanted_width(self) -> int:
        """The pane's width that shows every shown column in full (the window's splitter asks)."""
        header = self.table.horizontalHeader()
        columns = sum(w for c, w in self.content_widths.items() if c in self.folded or not header.isSectionHidden(c))
        frame = 2 * self.table.frameWidth() + self.table.verticalScrollBar().sizeHint().width()
        return columns + frame + 2 * PANE_MARGIN + 8

    # -- the case shown ----------------------------------------------------------------------------

    def highlight(self, case_id: int) -> bool:
        """Mark the case shown; highlight its row, or clear the selection (False) if it is not loaded."""
        self.shown_case_id = case_id
        row = self.model.row_of(case_id)
        if row is None:
            self.table.selectionModel().blockSignals(True)
            self.table.clearSelection()
            self.table.selectionModel().blockSignals(False)
            self.table.viewport().update()
            return False
        self._highlight_row(row)
        return True

    def _highlight_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        if self.table.selectionModel().isRowSelected(row, QModelIndex()):
            return
        self.table.selectionModel().blockSignals(True)
        self.table.selectRow(row)
        self.table.selectionModel().blockSignals(False)
        self.table.viewport().update()
        self.table.scrollTo(index)

    def choose_first(self) -> bool:
        """At the list's first load (after a start) with no case shown: its first row chosen and shown,
        so that a keyboard user has a case at once (Ctrl+E, Ctrl+T, Ctrl+P, the arrow keys) instead of
        Ctrl+F and eight Tabs. The first page has arrived with the count (`LazyCaseModel.loaded`), so
        the first paint does not wait for it. False after the first load, or with no row."""
        if self._first_chosen or self.model.row(0) is None:
            self._first_chosen = True
            return False
        self._first_chosen = True
        self.table.selectRow(0)  # _selection_changed: case_chosen
        return True

    def _page_loaded(self, _first_row: int) -> None:
        """A page came in: highlight the case shown if it is there and nothing is selected."""
        if self.shown_case_id is not None and not self.table.selectionModel().hasSelection():
            row = self.model.row_of(self.shown_case_id)
            if row is not None:
                self._highlight_row(row)

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        case_id = rows[0].data(CASE_ID_ROLE) if rows else None
        if case_id is not None:  # a row not loaded yet ("…") opens nothing
            self.shown_case_id = case_id
            self.case_chosen.emit(case_id)

    def _row_double_clicked(self, index: QModelIndex) -> None:
        case_id = index.data(CASE_ID_ROLE)
        if case_id is not None:
            self.case_activated.emit(case_id)

    # -- sort and filter ---------------------------------------------------------------------------

    def _sort_changed(self, column: int, _order: Qt.SortOrder) -> None:
        if column not in SORT_KEYS:  # no index order: keep the old one
            sorted_column, sorted_order = self.model.sort_column()
            QTimer.singleShot(0, lambda: self.table.horizontalHeader().setSortIndicator(sorted_column, sorted_order))

    def _apply_filter(self) -> None:
        value = self.filter_bar.value()
        if value != self.model.query.filter:
            self.model.set_filter(value)
            self._save_filter()

    # -- 查找 -----------------------------------------------------------------------------------------

    def _search_text_changed(self, text: str) -> None:
        if text.strip():
            self._search_timer.start()
            return
        self._search_timer.stop()
        self._search_generation += 1  # a search still running is dropped
        self.results.results.set_result(None)
        self.results_label.clear()
        self.list_stack.setCurrentIndex(0)

    def _run_search(self) -> None:
        desk, text = self.desk, self.search.text().strip()
        if desk is None or not text:
            return
        self._search_generation += 1
        generation = self._search_generation
        run_db(lambda: desk.search(text), owner=self).on_success(lambda result: self._search_done(generation, result))

    def _search_done(self, generation: int, result: SearchResult) -> None:
        if generation != self._search_generation:
            return  # the mediator typed on
        self.results.results.set_result(result)
        self.results_label.setText(result.message)
        self.list_stack.setCurrentIndex(1)
        if self.shown_case_id is not None:
            for row, hit in enumerate(result.hits):
                if hit.case_id == self.shown_case_id:
                    self.results.setCurrentIndex(self.results.results.index(row))
                    break

    def _result_clicked(self, index: QModelIndex) -> None:
        case_id = index.data(CASE_ID_ROLE)
        if case_id is not None:
            self.case_chosen.emit(case_id)

    def _open_first_result(self) -> None:
        self._search_timer.stop()
        if self.results.results.rowCount():
            first = self.results.results.index(0)
            self.results.setCurrentIndex(first)
            self._result_clicked(first)

    def searching(self) -> bool:
        return self.list_stack.currentIndex() == 1

    def _filters_asked(self, shown: bool) -> None:
        """筛选 pressed while 查找's results are shown: the filters are the list's, so the search gives way
        to the list (its bar was on the hidden page, and the press showed nothing)."""
        if shown and self.searching():
            self.clear_search()
            self.filter_bar.stage.setFocus()

    def clear_search(self) -> None:
        if self.search.text():
            self.search.clear()

    # -- remembered state --------------------------------------------------------------------------

    def restore_state(self, settings: QSettings) -> None:
        """The columns (widths, order, sort) and the filter as the mediator left them; saved from now on."""
        self.remember_state = True
        header = self.table.horizontalHeader()
        state = settings.value(HEADER_KEY)
        self._spreading = True  # restoring resizes the sections: not a drag
        restored_header = state is not None and header.restoreState(state)
        self._spreading = False
        if restored_header:
            self.own_widths = settings.value(OWN_WIDTHS_KEY) in (True, "true")
            self.columns_fitted = self.own_widths  # else measured again on the first page
            header.setSectionResizeMode(COL_PARTIES, QHeaderView.ResizeMode.Stretch)
            column, order = header.sortIndicatorSection(), header.sortIndicatorOrder()
            self.model.sort(column, order)
            column, order = self.model.sort_column()
            header.setSortIndicator(column, order)
        saved = settings.value(FILTER_KEY)
        try:
            restored = filter_from_json(json.loads(saved)) if isinstance(saved, str) else filter_from_json(None)
        except ValueError:
            restored = filter_from_json(None)
        self.filter_bar.set_value(restored)
        self.model.set_query(dataclasses.replace(self.model.query, filter=restored), reload=self.desk is not None)

    def save_state(self, settings: QSettings) -> None:
        """The columns as the mediator set them: a column folded for want of room is saved as shown."""
        header = self.table.horizontalHeader()
        self._spreading = True
        for column in self.folded:
            header.showSection(column)
        settings.setValue(HEADER_KEY, header.saveState())
        settings.setValue(OWN_WIDTHS_KEY, self.own_widths)
        for column in self.folded:
            header.hideSection(column)
        self._spreading = False
        self._save_filter()

    def _save_filter(self) -> None:
        if self.remember_state:
            QSettings().setValue(FILTER_KEY, json.dumps(filter_to_json(self.model.query.filter), ensure_ascii=False))


def _column(top: QWidget, main: QWidget) -> QWidget:
    """A page of the stack: `top` above `main`, which takes the height."""
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(top)
    layout.addWidget(main, 1)
    return page
