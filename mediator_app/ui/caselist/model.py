"""The case list as a lazy table model: the count, then pages of rows fetched as they are shown.

A township's whole history (100,000 cases) never sits in memory. `rowCount()` is
the first count (`services.caselist.first_page`); `data()` reads a small cache of pages and, for a row not loaded yet, shows
"…" and asks the database thread for its page (`caselist.page`). Filtering and sorting are done by
SQLite: a change of either runs `count` + the first page off the GUI thread, and every result carries
the generation it was asked for, so a result that arrives after the mediator changed the filter again
is dropped. Where the first count is only "more than the first page" (PostgreSQL, where a count grows
with the cases: docs/centre.md), the list shows that page at once and the exact count follows as a
second job; the rows past it are then added (`counted`). Clicking a header sorts through `CaseSort` (columns without an index order are not sortable).

The query and row types come from `services.caselist`, which imports no SQLAlchemy; the jobs are
`Desk.first_page` and `Desk.case_page`, run on the database thread.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from mediator_app.domain.case_number import shorten_case_number
from mediator_app.domain.dates import arabic_date
from mediator_app.domain.stages import Stage
from mediator_app.frozen import frozen
from mediator_app.services.caselist import CaseFilter, CaseListRow, CaseSort, ListCount, SortKey
from mediator_app.ui.style import ERROR_COLOUR
from mediator_app.ui.tasks import run_db

if TYPE_CHECKING:
    from mediator_app.services.desk import Desk

COL_NUMBER, COL_DATE, COL_TYPE, COL_PARTIES, COL_STATUS, COL_MEDIATORS = range(6)
HEADERS = ("案件编号", "登记日期", "纠纷类型", "当事人", "状态", "调解员")

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 2

# Header column -> sort key; the other columns have no index order.
SORT_KEYS = {COL_NUMBER: SortKey.NUMBER, COL_DATE: SortKey.DATE, COL_TYPE: SortKey.TYPE, COL_STATUS: SortKey.STAGE}
STAGE_VALUES = frozenset(Stage)
COLUMN_OF_SORT_KEY = {key: column for column, key in SORT_KEYS.items()}

PAGE = 200  # rows per request: a screen is ~30 rows, a page is a few ms of SQLite
MAX_PAGES = 25  # pages kept (5,000 rows); the ones farthest from the last shown are dropped
PLACEHOLDER = "…"
MAX_NAMES_SHOWN = 2  # 张建国、李卫东等9人: the column fits 1366×768 (the tooltip names everyone)

Index = QModelIndex | QPersistentModelIndex


@frozen
class ListQuery:
    """What the model shows: the filter bar's filter (its `today` left empty), the sort, and the day
    逾期 is measured against (the window's clock), put into the filter when the query runs."""

    filter: CaseFilter = dataclasses.field(default_factory=CaseFilter)
    sort: CaseSort = dataclasses.field(default_factory=CaseSort)
    today: dt.date | None = None

    def case_filter(self) -> CaseFilter:
        return dataclasses.replace(self.filter, today=self.today)


def filter_is_empty(f: CaseFilter) -> bool:
    return dataclasses.replace(f, today=None) == CaseFilter()


def filter_to_json(f: CaseFilter) -> dict[str, Any]:
    """The filter as the settings keep it between sessions (`today` is not kept)."""
    return {
        "stages": [str(stage) for stage in f.stages],
        "dispute_type": f.dispute_type,
        "mediator": f.mediator,
        "source": f.source,
        "registered_from": f.registered_from.isoformat() if f.registered_from else None,
        "registered_to": f.registered_to.isoformat() if f.registered_to else None,
        "overdue": f.overdue,
    }


def filter_from_json(data: Any) -> CaseFilter:
    """What `filter_to_json` wrote (or an older version's single "stage"); what does not parse is dropped."""
    if not isinstance(data, dict):
        return CaseFilter()
    stages = data.get("stages", [data.get("stage")])
    stages = stages if isinstance(stages, list) else []
    return CaseFilter(
        stages=tuple(Stage(s) for s in stages if isinstance(s, str) and s in STAGE_VALUES),
        dispute_type=_text(data.get("dispute_type")),
        mediator=_text(data.get("mediator")),
        source=_text(data.get("source")),
        registered_from=_day(data.get("registered_from")),
        registered_to=_day(data.get("registered_to")),
        overdue=bool(data.get("overdue")),
    )


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _day(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


# -- the model -------------------------------------------------------------------------------------


def parties_text(row: CaseListRow) -> str:
    """刘䶮、吉𠮷祥  /  张三、李四等27人"""
    names = [n for n in row.party_names.split("、") if n]
    if len(names) <= MAX_NAMES_SHOWN:
        return "、".join(names)
    return "、".join(names[:MAX_NAMES_SHOWN]) + f"等{row.party_count}人"


class LazyCaseModel(QAbstractTableModel):
    """`loaded(count)` fires when a query's count and first page have arrived (the rows are reset);
    `counted(count)` when a first count that was a lower bound (`exact` False) was followed by the exact one."""

    loaded = Signal(int)
    counted = Signal(int)
    page_loaded = Signal(int)  # the page's first row
    failed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.desk: Desk | None = None
        self.query = ListQuery()
        self.generation = 0  # bumped at each query; results of older queries are dropped
        self.loading = False
        self._count = 0
        self.exact = True  # whether the row count is the list's whole count (else the rows up to a bound)
        self._pages: OrderedDict[int, list[CaseListRow]] = OrderedDict()  # page number -> rows, LRU order
        self._requested: set[int] = set()
        self._bold = QFont()
        self._bold.setBold(True)
        self.folded: tuple[int, ...] = ()  # columns the pane folded away: their text joins the tooltip
        self.numbers_cut = False  # the pane cut the numbers (caselist/room.py): the whole one joins it too

    # -- querying --

    def set_desk(self, desk: Desk) -> None:
        self.desk = desk

    def set_filter(self, f: CaseFilter) -> None:
        self.set_query(dataclasses.replace(self.query, filter=f))

    def set_today(self, today: dt.date) -> None:
        self.query = dataclasses.replace(self.query, today=today)

    def set_query(self, query: ListQuery, reload: bool = True) -> None:
        self.query = query
        if reload:
            self.reload()

    def reload(self) -> None:
        """Run the current query again (count + first page) in the background; rows stay until it answers."""
        self.generation += 1
        desk, query = self.desk, self.query
        if desk is None:
            return
        self.loading = True
        generation = self.generation
        run_db(lambda: desk.first_page(query.case_filter(), query.sort, PAGE), owner=self).on_success(
            lambda result: self._first_arrived(generation, result)
        ).on_error(lambda exc: self._failed(generation, exc))

    def _first_arrived(self, generation: int, result: tuple[ListCount, list[CaseListRow]]) -> None:
        if generation != self.generation:
            return  # the filter or the sort changed meanwhile
        first, rows = result
        total = first.n
        self.beginResetModel()
        self._count = total
        self.exact = first.exact
        self._pages = OrderedDict([(0, rows)]) if rows else OrderedDict()
        self._requested = set()
        self.endResetModel()
        self.loading = False
        self.loaded.emit(total)
        if not first.exact:
            self._count_exactly(generation)

    def _count_exactly(self, generation: int) -> None:
        desk, query = self.desk, self.query
        if desk is None:
            return
        run_db(lambda: desk.case_count(query.case_filter()), owner=self).on_success(
            lambda total: self._counted(generation, total)
        ).on_error(lambda exc: self._failed(generation, exc))

    def _counted(self, generation: int, total: int) -> None:
        if generation != self.generation:
            return
        if total > self._count:
            self.beginInsertRows(QModelIndex(), self._count, total - 1)
            self._count = total
            self.endInsertRows()
        elif total < self._count:  # cases went away between the two reads
            self.beginRemoveRows(QModelIndex(), total, self._count - 1)
            self._count = total
            self.endRemoveRows()
        self.exact = True
        self.counted.emit(total)

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation == self.generation:
            self.loading = False
            self.failed.emit(exc)

    def _request(self, page: int) -> None:
        desk, query = self.desk, self.query
        if desk is None or page in self._requested:
            return
        self._requested.add(page)
        generation = self.generation
        total = self._count if self.exact else None  # a far page is then read from the end, not counted again
        run_db(
            lambda: desk.case_page(query.case_filter(), query.sort, page * PAGE, PAGE, total), owner=self
        ).on_success(lambda rows: self._page_arrived(generation, page, rows)).on_error(
            lambda exc: self._failed(generation, exc)
        )

    def _page_arrived(self, generation: int, page: int, rows: list[CaseListRow]) -> None:
        if generation != self.generation:
            return
        self._requested.discard(page)
        self._pages[page] = rows
        self._pages.move_to_end(page)
        while len(self._pages) > MAX_PAGES:
            far = max((p for p in self._pages if p != page), key=lambda p: abs(p - page))
            del self._pages[far]
        first = page * PAGE
        last = min(first + PAGE, self._count) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(HEADERS) - 1))
        self.page_loaded.emit(first)

    # -- reading rows --

    def row(self, row: int) -> CaseListRow | None:
        """The row if its page is loaded (no request)."""
        rows = self._pages.get(row // PAGE)
        offset = row % PAGE
        return rows[offset] if rows is not None and offset < len(rows) else None

    def row_of(self, case_id: int) -> int | None:
        """The row of a case among the loaded pages."""
        for page, rows in self._pages.items():
            for n, r in enumerate(rows):
                if r.id == case_id:
                    return page * PAGE + n
        return None

    def loaded_rows(self) -> int:
        return sum(len(rows) for rows in self._pages.values())

    def loaded_text(self, row: int, column: int) -> str | None:
        """The text of a cell if its page is loaded (never asks for a page: `fit_columns` measures)."""
        rows = self._pages.get(row // PAGE)
        if rows is None or row % PAGE >= len(rows):
            return None
        return self._display(rows[row % PAGE], column)

    def _get(self, row: int) -> CaseListRow | None:
        page = row // PAGE
        rows = self._pages.get(page)
        if rows is None:
            self._request(page)
            return None
        self._pages.move_to_end(page)
        offset = row % PAGE
        return rows[offset] if offset < len(rows) else None

    # -- Qt --

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.tr(HEADERS[section])
            if role == Qt.ItemDataRole.ToolTipRole and section not in SORT_KEYS:
                return self.tr("此列不能排序")
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._count:
            return None
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            SORT_ROLE,
            CASE_ID_ROLE,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.FontRole,
        ):
            return None
        row, column = self._get(index.row()), index.column()
        if row is None:
            return PLACEHOLDER if role == Qt.ItemDataRole.DisplayRole and column == COL_NUMBER else None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == SORT_ROLE:
            return self._sort_value(row, column)
        if role == CASE_ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [row.title or row.party_names]
            # the columns folded away for want of room (caselist/pane.py, FOLD_ORDER)
            lines += [f"{self.tr(HEADERS[c])}：{self._display(row, c) or ''}" for c in self.folded]
            # the number cut to keep rows in sight (caselist/room.py): whole here
            lines += [f"{self.tr(HEADERS[COL_NUMBER])}：{row.number}"] if self.numbers_cut else []
            lines += [f"{self.tr('优先办理')}：{row.priority}"] if row.priority else []
            return "\n".join([*lines, self.tr("已逾期")] if row.overdue else lines)
        if row.overdue and column == COL_STATUS:
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor(ERROR_COLOUR))
            if role == Qt.ItemDataRole.FontRole:
                return self._bold
        return None

    def _display(self, row: CaseListRow, column: int) -> str | None:
        if column == COL_NUMBER:
            return row.number
        if column == COL_DATE:
            return arabic_date(row.registered_on)
        if column == COL_TYPE:
            return row.dispute_type
        if column == COL_PARTIES:
            # special groups are served first (docs/linkage.md): the mark leads the parties' names
            return f"{self.tr('【优先】')}{parties_text(row)}" if row.priority else parties_text(row)
        if column == COL_STATUS:
            return row.status  # overdue: red and bold, and said in the tooltip
        if column == COL_MEDIATORS:
            return row.mediators
        return None

    def _sort_value(self, row: CaseListRow, column: int) -> Any:
        if column == COL_DATE:
            day = row.registered_on  # a QDate: Qt cannot compare a Python date held in a QVariant
            return QDate(day.year, day.month, day.day)
        if column == COL_STATUS:
            order = list(Stage)  # the procedure's order; a Stage equals its value
            return order.index(Stage(row.status)) if row.status in order else len(order)
        if column == COL_NUMBER:
            return row.number
        return self._display(row, column)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = SORT_KEYS.get(column)
        if key is None:
            return  # the window puts the header's indicator back (sort_column)
        sort = CaseSort(key, order == Qt.SortOrder.DescendingOrder)
        if sort != self.query.sort:
            self.set_query(dataclasses.replace(self.query, sort=sort), reload=self.desk is not None)

    def sort_column(self) -> tuple[int, Qt.SortOrder]:
        order = Qt.SortOrder.DescendingOrder if self.query.sort.descending else Qt.SortOrder.AscendingOrder
        return COLUMN_OF_SORT_KEY[self.query.sort.key], order


class ElideMiddleDelegate(QStyledItemDelegate):
    """For case numbers too long for their cell: "（2026）桃源…第47108号" keeps the year and the sequence that
    tell cases apart (domain.case_number.shorten_case_number), else Qt's cut in the middle. In rows of
    several lines too short for the whole number (ui/caselist/room.py) the middle goes before it wraps:
    Qt wraps first and then cuts the last line's end, 第…号 with it."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle
        metrics = option.fontMetrics
        # rows are `lines` lines and 10 px of padding high (caselist.room.row_height)
        lines = max(1, (option.rect.height() - 10) // metrics.lineSpacing())
        wrapped = lines > 1 and bool(option.features & QStyleOptionViewItem.ViewItemFeature.WrapText)
        em = metrics.horizontalAdvance("中")
        # each line's room inside the cell's padding (caselist.columns.CELL_PADDING), a character of it
        # lost where a line breaks
        room = lines * (option.rect.width() - 16 - em) if wrapped else option.rect.width() - 16
        if metrics.horizontalAdvance(option.text) <= room:
            return
        short = shorten_case_number(option.text, lambda text: metrics.horizontalAdvance(text) <= room)
        if short is not None:
            option.text = short
        elif wrapped:
            option.text = metrics.elidedText(option.text, Qt.TextElideMode.ElideMiddle, room)
