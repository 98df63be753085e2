"""The main window: the case list on the left, the selected case on the right, actions above.

It only composes: actions come from `actions.py`, dialogs from their packages, all data through
`run_db(backend.…)`. A database without a committee opens the first-run dialog.

Start-up (the issue "start fast"): the window is built in two steps. The constructor builds only
the frame (title, menus, tool bar, status bar, the two panes' places) from light modules, so that
the window paints as soon as possible; after the first paint `finish_building` imports the case
list, the case view, the procedure screens and the printing (their modules and the Qt types they
use cost more than the rest of start-up) and puts them in, and then the database is opened in the
background. `open_database` builds what is missing first, so a caller (tests) may call it at once.

The case list is lazy (`caselist.model`): the shown case is the window's `current case`, which need
not be among the loaded rows (今日待办 can open a case from years ago on a list of 100,000); the row is
highlighted when it is loaded. While the 查找 box holds text, ranked search results replace the list.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer, Signal
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QToolBar, QWidget

from mediator_app import APP_TITLE
from mediator_app.ui import actions as act
from mediator_app.ui.clock import Clock

if TYPE_CHECKING:
    from PySide6.QtCore import QItemSelection, QModelIndex, Qt
    from PySide6.QtGui import QCloseEvent
    from PySide6.QtWidgets import QMessageBox

    from mediator_app.domain.model import Case, Committee
    from mediator_app.services.caselist import FilterChoices
    from mediator_app.services.procedure import TodoItem
    from mediator_app.services.search import SearchResult
    from mediator_app.storage.database import Database
    from mediator_app.ui.agreement import AgreementDialog
    from mediator_app.ui.preview import PdfPreviewDialog
    from mediator_app.ui.register import RegisterDialog

    _CaseDialog = TypeVar("_CaseDialog", RegisterDialog, AgreementDialog)

log = logging.getLogger(__name__)

SEARCH_DELAY_MS = 200  # wait for the mediator to pause typing before searching
FILTER_DELAY_MS = 120  # coalesce quick filter changes (dates typed digit by digit)
HEADER_KEY, FILTER_KEY = "caselist/header", "caselist/filter"
SPLITTER_SIZES = (590, 776)  # the procedure needs the room more than the list


def _find_cases(db: Database, text: str) -> SearchResult:
    from mediator_app.services.search import search

    return search(db, text)


def _filter_choices(db: Database) -> FilterChoices:
    from mediator_app.services.caselist import choices

    return choices(db)


def after_first_paint(widget: QWidget, then: Callable[[], object]) -> None:
    """Call `then` once, after `widget`'s first paint has been handled. Of several callbacks on the same
    widget, the one registered last runs first (Qt calls the newest event filter first)."""
    _FirstPaint(widget, then)


class _FirstPaint(QObject):
    def __init__(self, watched: QWidget, then: Callable[[], object]) -> None:
        super().__init__(watched)
        self._then = then
        watched.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._then)  # after this paint has been flushed to the screen
        return False


class MainWindow(QMainWindow):
    """`database_ready` fires once the database is open and the case list loaded (tests, screenshots).

    `clock` is the program's today (fixed in tests and screenshots): deadlines, the to-do list and
    the procedure's checks are computed for it.
    """

    database_ready = Signal()
    case_shown = Signal(object)  # Case

    def __init__(self, db_path: Path, parent: QWidget | None = None, clock: Clock | None = None) -> None:
        super().__init__(parent)
        self.db_path = db_path
        self.clock = clock or Clock()
        self._first_todo = True
        self.db: Database | None = None
        self.committee: Committee | None = None
        self.remember_state = False
        self._select_after_refresh: int | None = None
        self._loading_case_id: int | None = None
        self.current_case_id: int | None = None  # the case shown on the right (or being loaded)
        self._list_ready_pending = False
        self._search_generation = 0
        self._built = False
        self.setWindowTitle(APP_TITLE)
        self.action_map = act.create_actions(self)
        self.action_map[act.QUIT].triggered.connect(self.close)
        self._build_menu_and_toolbar()
        self._build_frame()
        self._build_status_bar()
        for key, action in self.action_map.items():
            action.setEnabled(key == act.QUIT)  # until the window is built and the database open

    # -- building ----------------------------------------------------------------------------------

    def _build_menu_and_toolbar(self) -> None:
        menu = self.menuBar().addMenu(self.tr("案件(&A)"))
        for key in act.CASE_MENU:
            if key is None:
                menu.addSeparator()
            else:
                menu.addAction(self.action_map[key])
        documents_menu = self.menuBar().addMenu(self.tr("文书(&D)"))
        for key in act.DOCUMENT_MENU:
            if key is None:
                documents_menu.addSeparator()
            else:
                documents_menu.addAction(self.action_map[key])
        toolbar = QToolBar(self.tr("常用操作"), self)
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        # Text only (there are no icons): set through the property, which does not make PySide build
        # the whole Qt namespace of enums (≈25 ms) before the first paint.
        toolbar.setProperty("toolButtonStyle", 2)  # Qt::ToolButtonTextOnly
        for key in act.TOOLBAR:
            toolbar.addAction(self.action_map[key])
        self.addToolBar(toolbar)

    def _build_frame(self) -> None:
        """The two panes' places: what the window shows until `finish_building` fills them."""
        self.splitter = QSplitter()  # horizontal
        self.splitter.setObjectName("main_splitter")
        opening = QLabel(self.tr("正在打开…"))
        opening.setMargin(12)
        opening.setProperty("alignment", 0x21)  # Qt::AlignLeft | Qt::AlignTop, without the Qt namespace (above)
        opening.setProperty("role", "hint")
        self.splitter.addWidget(opening)
        self.splitter.addWidget(QWidget())
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes(list(SPLITTER_SIZES))
        self.setCentralWidget(self.splitter)

    def _build_status_bar(self) -> None:
        self.count_label = QLabel()
        self.busy_label = QLabel()
        self.statusBar().addWidget(self.count_label, 1)
        self.statusBar().addPermanentWidget(self.busy_label)
        self.statusBar().addPermanentWidget(QLabel(self.tr("数据文件：{path}").format(path=self.db_path)))

    def open_database_after_first_paint(self, prepare: Callable[[], object] | None = None) -> None:
        """What the program does at start: paint the frame; then `prepare()` (the application's own
        remaining set-up), build the rest and open the database."""

        def after_paint() -> None:
            if prepare is not None:
                prepare()
            self.open_database()  # builds the rest first

        after_first_paint(self, after_paint)

    def finish_building(self) -> None:
        """Put in the case list, 今日待办 and the case view, connect the actions (once)."""
        if self._built:
            return
        self._built = True
        from mediator_app.ui.documents import DocumentPrinting
        from mediator_app.ui.tasks import executor

        self.documents = DocumentPrinting(self, self)  # 打印协议书, 打印文书, 空白文书, 卷宗, 司法确认申请材料
        act.set_shortcuts(self.action_map)
        self._connect_actions()
        sizes = self.splitter.sizes()
        left, right = self._build_list_pane(), self._build_case_pane()
        for index, widget in ((0, left), (1, right)):
            self.splitter.replaceWidget(index, widget).deleteLater()
        self.splitter.setSizes(sizes)
        executor().busy_changed.connect(self._busy_changed)
        if self.remember_state:
            self._restore_built_state(QSettings())
        self._update_actions()

    def _connect_actions(self) -> None:
        handlers = {
            act.REGISTER: self.register_case,
            act.EDIT_CASE: self.edit_case,
            act.AGREEMENT: self.edit_agreement,
            act.PRINT_AGREEMENT: self.documents.print_agreement,
            act.REFRESH: self.refresh_all,
            act.TODO: self.show_todo,
            act.COMMITTEE: self.edit_committee,
            act.PRINT_DOCUMENTS: lambda: self.documents.print_documents(),
            act.PRINT_BLANK: self.documents.print_blank,
            act.PRINT_DOSSIER: self.documents.print_dossier,
            act.CONFIRMATION_PACKAGE: self.documents.confirmation_package,
        }
        for key, handler in handlers.items():
            self.action_map[key].triggered.connect(handler)

    def _build_table(self) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

        from mediator_app.ui.caselist.model import (
            COL_DATE,
            COL_MEDIATORS,
            COL_NUMBER,
            COL_PARTIES,
            COL_STATUS,
            COL_TYPE,
            ElideMiddleDelegate,
            LazyCaseModel,
        )
        from mediator_app.ui.errors import report_exception

        self.model = LazyCaseModel(self)
        self.model.set_today(self.clock.today())
        self.model.loaded.connect(self._list_loaded)
        self.model.page_loaded.connect(self._page_loaded)
        self.model.failed.connect(lambda exc: report_exception(exc, self))

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        # Every row one line high, so the view never measures rows (which would fetch their pages).
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # ResizeToContents reads 1,000 rows
        # The list pane is ~590 px wide at 1366×768: a case number elides in the middle (its sequence number
        # stays visible), 调解员 is hidden at first (the filter bar has it; a header's state is remembered).
        widths = {COL_NUMBER: 160, COL_DATE: 118, COL_TYPE: 84, COL_STATUS: 100, COL_MEDIATORS: 80}
        for column, width in widths.items():
            header.resizeSection(column, width)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_PARTIES, QHeaderView.ResizeMode.Stretch)
        header.hideSection(COL_MEDIATORS)
        self.table.setItemDelegateForColumn(COL_NUMBER, ElideMiddleDelegate(self.table))  # keeps 第…号 visible
        header.setSortIndicatorShown(True)
        header.setSortIndicator(COL_DATE, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        header.sortIndicatorChanged.connect(self._sort_changed)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(self._row_double_clicked)

    def _build_list_pane(self) -> QWidget:
        """案件列表 (查找, filters, the list or the search results) and 今日待办, as tabs."""
        from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QStackedWidget, QTabWidget, QVBoxLayout

        from mediator_app.ui.caselist.filter_bar import FilterBar
        from mediator_app.ui.caselist.search_view import SearchResultsView
        from mediator_app.ui.procedure import TodoView

        self._build_table()
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

        self.results = SearchResultsView()
        self.results.clicked.connect(self._result_clicked)
        self.results.activated.connect(self._result_clicked)
        self.results_label = QLabel()
        list_page = QWidget()
        list_layout = QVBoxLayout(list_page)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addWidget(self.filter_bar)
        list_layout.addWidget(self.table, 1)
        results_page = QWidget()
        results_layout = QVBoxLayout(results_page)
        results_layout.setContentsMargins(0, 0, 0, 0)
        results_layout.addWidget(self.results_label)
        results_layout.addWidget(self.results, 1)
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(list_page)
        self.list_stack.addWidget(results_page)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 6, 6)
        left_layout.addLayout(search_row)
        left_layout.addWidget(self.list_stack, 1)

        # 今日待办 beside the case list: opening a case from it keeps the list of what is due in view.
        self.todo_view = TodoView(self.clock)
        self.todo_view.case_requested.connect(self.open_case)
        self.todo_view.loaded.connect(self._todo_loaded)
        self.left_tabs = QTabWidget()
        self.left_tabs.addTab(left, self.tr("案件列表"))
        self.left_tabs.addTab(self.todo_view, self.tr("今日待办"))
        return self.left_tabs

    def _build_case_pane(self) -> QWidget:
        """The case view, with the procedure as its first tab (where the case stands, what to do next)."""
        from mediator_app.ui.procedure import CasePane

        self.case_pane = CasePane(self.clock)
        self.case_pane.case_changed.connect(self._procedure_changed)
        self.case_pane.agreement_requested.connect(self.edit_agreement)
        self.case_view = self.case_pane.case_view
        return self.case_pane

    def _busy_changed(self, busy: bool) -> None:
        self.busy_label.setText(self.tr("正在处理…") if busy else "")

    # -- database and committee --------------------------------------------------------------------

    def open_database(self) -> None:
        from mediator_app.ui import backend
        from mediator_app.ui.tasks import run_db

        self.finish_building()
        self.case_view.show_message(self.tr("正在打开数据文件…"))
        run_db(backend.open_database_and_committee, self.db_path, owner=self).on_success(
            self._database_opened
        ).on_error(self._database_failed)

    def _database_opened(self, opened: tuple[Database, Committee | None]) -> None:
        self.db, committee = opened
        self.case_pane.set_database(self.db)
        self.todo_view.set_database(self.db)
        self.model.set_database(self.db)
        self._load_filter_choices()
        if committee is None:
            self.case_view.show_message(self.tr("请先填写本调解委员会的信息。"))
            self.edit_committee()
        else:
            self._set_committee(committee)
        self.refresh(ready=True)

    def _database_failed(self, exc: BaseException) -> None:
        from mediator_app.errors import UserFacingError
        from mediator_app.ui.errors import report_exception

        text = exc.message if isinstance(exc, UserFacingError) else self.tr("无法打开数据文件。")
        self.case_view.show_message(text)
        report_exception(exc, self)

    def _set_committee(self, committee: Committee) -> None:
        self.committee = committee
        self.setWindowTitle(f"{committee.name} — {APP_TITLE}")
        self._update_actions()

    def edit_committee(self) -> None:
        from PySide6.QtCore import Qt

        from mediator_app.ui.setup_dialog import CommitteeDialog

        if self.db is None:
            return
        dialog = CommitteeDialog(self.db, self.committee, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.committee_saved.connect(self._committee_saved)
        dialog.open()

    def _committee_saved(self, committee: Committee) -> None:
        first = self.committee is None
        self._set_committee(committee)
        if first:
            self.case_view.show_message(self.tr("设置完成。请点击上方的“登记新案件”登记第一件纠纷。"))

    # -- the case list -----------------------------------------------------------------------------

    def refresh(self, ready: bool = False) -> None:
        """Reload the list (count and first page) and the to-do list; `database_ready` after the first."""
        if self.db is None:
            return
        self._list_ready_pending = self._list_ready_pending or ready
        self.model.set_today(self.clock.today())
        self.model.reload()
        self.todo_view.reload()
        if self.search.text().strip():
            self._run_search()

    def _list_loaded(self, total: int) -> None:
        keep = self._select_after_refresh or self.current_case_id
        self._select_after_refresh = None
        if self.model.query.filter.is_empty():
            self.count_label.setText(self.tr("共 {n} 件案件").format(n=total))
        else:
            self.count_label.setText(self.tr("符合筛选条件的案件 {n} 件").format(n=total))
        if keep is not None:
            self.select_case(keep)
        elif total == 0 and self.committee is not None and self.model.query.filter.is_empty():
            self.case_view.show_message(self.tr("还没有案件。请点击上方的“登记新案件”。"))
        elif total:
            self.case_view.show_message(self.tr("请在左边的列表中选择一件案件。"))
        self._update_actions()
        if self._list_ready_pending:
            self._list_ready_pending = False
            self.database_ready.emit()

    def _page_loaded(self, _first_row: int) -> None:
        """A page came in: highlight the current case if it is there and nothing is selected."""
        if self.current_case_id is not None and not self.table.selectionModel().hasSelection():
            row = self.model.row_of(self.current_case_id)
            if row is not None:
                self._highlight_row(row)

    def _sort_changed(self, column: int, _order: Qt.SortOrder) -> None:
        from mediator_app.ui.caselist.model import COL_DATE, COL_NUMBER, COL_STATUS, COL_TYPE

        if column not in (COL_NUMBER, COL_DATE, COL_TYPE, COL_STATUS):  # no index order: keep the old one
            sorted_column, sorted_order = self.model.sort_column()
            QTimer.singleShot(0, lambda: self.table.horizontalHeader().setSortIndicator(sorted_column, sorted_order))

    def _apply_filter(self) -> None:
        value = self.filter_bar.value()
        if value != self.model.query.filter:
            self.model.set_filter(value)
            self._save_filter()

    def _load_filter_choices(self) -> None:
        from mediator_app.ui.tasks import run_db

        if self.db is not None:
            run_db(_filter_choices, self.db, owner=self).on_success(self.filter_bar.set_choices)

    def selected_case_id(self) -> int | None:
        """The case shown (or being opened) on the right."""
        return self.current_case_id

    def select_case(self, case_id: int) -> bool:
        """Show the case and highlight its row; False if the row is not among the loaded list rows."""
        if self.current_case_id != case_id:
            self.current_case_id = case_id
        if self.case_view.case is None or self.case_view.case.id != case_id:
            self._load_case(case_id)
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
        from PySide6.QtCore import QModelIndex

        index = self.model.index(row, 0)
        if self.table.selectionModel().isRowSelected(row, QModelIndex()):
            return
        self.table.selectionModel().blockSignals(True)
        self.table.selectRow(row)
        self.table.selectionModel().blockSignals(False)
        self.table.viewport().update()
        self.table.scrollTo(index)

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        from mediator_app.ui.caselist.model import CASE_ID_ROLE

        rows = self.table.selectionModel().selectedRows()
        case_id = rows[0].data(CASE_ID_ROLE) if rows else None
        if case_id is not None:  # a row not loaded yet ("…") opens nothing
            self.current_case_id = case_id
            self._load_case(case_id)
        self._update_actions()

    def _row_double_clicked(self, index: QModelIndex) -> None:
        from mediator_app.ui.caselist.model import CASE_ID_ROLE

        if index.data(CASE_ID_ROLE) is not None:
            self.edit_case()

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
        from mediator_app.ui.tasks import run_db

        text = self.search.text().strip()
        if self.db is None or not text:
            return
        self._search_generation += 1
        generation = self._search_generation
        run_db(_find_cases, self.db, text, owner=self).on_success(lambda result: self._search_done(generation, result))

    def _search_done(self, generation: int, result: SearchResult) -> None:
        if generation != self._search_generation:
            return  # the mediator typed on
        self.results.results.set_result(result)
        self.results_label.setText(result.message)
        self.list_stack.setCurrentIndex(1)
        if self.current_case_id is not None:
            for row, hit in enumerate(result.hits):
                if hit.case_id == self.current_case_id:
                    self.results.setCurrentIndex(self.results.results.index(row))
                    break

    def _result_clicked(self, index: QModelIndex) -> None:
        from mediator_app.ui.caselist.model import CASE_ID_ROLE

        case_id = index.data(CASE_ID_ROLE)
        if case_id is not None:
            self.select_case(case_id)

    def _open_first_result(self) -> None:
        self._search_timer.stop()
        if self.results.results.rowCount():
            first = self.results.results.index(0)
            self.results.setCurrentIndex(first)
            self._result_clicked(first)

    def searching(self) -> bool:
        return self.list_stack.currentIndex() == 1

    def _load_case(self, case_id: int) -> None:
        from mediator_app.ui import backend
        from mediator_app.ui.tasks import run_db

        if self.db is None or self._loading_case_id == case_id:
            return
        self._loading_case_id = case_id
        run_db(backend.get_case, self.db, case_id, owner=self).on_success(self._case_loaded).on_error(self._case_failed)

    def _case_loaded(self, case: Case) -> None:
        self._loading_case_id = None
        if case.id != self.selected_case_id():
            return  # the user has moved on to another case meanwhile
        self.case_view.show_case(case)
        self._update_actions()
        self.case_shown.emit(case)

    def _case_failed(self, exc: BaseException) -> None:
        from mediator_app.ui.errors import report_exception

        self._loading_case_id = None
        report_exception(exc, self)

    def _update_actions(self) -> None:
        if not self._built:
            return  # everything but 退出 stays off until the window is built
        ready = self.db is not None and self.committee is not None
        has_case = ready and self.case_view.case is not None and self.case_view.case.id == self.selected_case_id()
        needs_case, needs_db = set(act.case_actions()), {act.REGISTER, act.REFRESH, act.TODO, act.COMMITTEE}
        for key, action in self.action_map.items():
            # the rest (退出, 打印文书 and 空白文书: blank forms need neither) is always on once built
            action.setEnabled(has_case if key in needs_case else self.db is not None if key in needs_db else True)

    # -- the procedure and 今日待办 -------------------------------------------------------------------

    def show_todo(self) -> None:
        self.left_tabs.setCurrentWidget(self.todo_view)
        self.todo_view.reload()

    def _todo_loaded(self, items: list[TodoItem]) -> None:
        overdue = sum(1 for t in items if t.item.overdue)
        self.left_tabs.setTabText(1, self.tr("今日待办（{n}）").format(n=len(items)) if items else self.tr("今日待办"))
        if self._first_todo and overdue:
            self.left_tabs.setCurrentWidget(self.todo_view)  # at start, what is overdue comes first
        self._first_todo = False

    def open_case(self, case_id: int) -> None:
        """Show a case (from 今日待办); a search in the way is cleared so the list shows again."""
        if self.search.text():
            self.search.clear()
        self.select_case(case_id)

    def refresh_all(self) -> None:
        """刷新: the list, the to-do list and the shown case's procedure (the date may have changed)."""
        self.refresh()
        self.case_pane.reload()

    def _procedure_changed(self, case_id: int) -> None:
        """A step was written: reload the case (its status, dates) and the list and the to-do list."""
        self._select_after_refresh = case_id
        self._loading_case_id = None
        self._load_case(case_id)
        self.refresh()

    # -- actions -----------------------------------------------------------------------------------

    def register_case(self) -> RegisterDialog | None:
        from mediator_app.ui.register import RegisterDialog

        if self.db is None:
            return None
        if self.committee is None:
            self.edit_committee()
            return None
        return self._open_case_dialog(RegisterDialog(self.db, None, self))

    def edit_case(self) -> RegisterDialog | None:
        from mediator_app.ui.register import RegisterDialog

        case = self.case_view.case
        if self.db is None or case is None:
            return None
        return self._open_case_dialog(RegisterDialog(self.db, case, self))

    def edit_agreement(self) -> AgreementDialog | None:
        from mediator_app.ui import backend, messages
        from mediator_app.ui.agreement import AgreementDialog

        case = self.case_view.case
        if self.db is None or case is None:
            return None
        if case.status not in backend.AGREEMENT_EDITABLE:
            # Say so before the mediator types anything; save_agreement enforces the same rule.
            messages.warn(
                self,
                self.tr("不能修改协议条款"),
                self.tr(
                    "案件处于“{status}”阶段，协议已经达成或案件已结束，不能再修改协议条款；如需变更，应重新调解。"
                ).format(status=case.status),
            )
            return None
        return self._open_case_dialog(AgreementDialog(self.db, case, self))

    def _open_case_dialog(self, dialog: _CaseDialog) -> _CaseDialog:
        from PySide6.QtCore import Qt

        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.case_saved.connect(self._case_saved)
        dialog.open()
        return dialog

    def _case_saved(self, case: Case) -> None:
        self._select_after_refresh = case.id
        if self.case_view.case is not None and self.case_view.case.id == case.id:
            self.case_view.show_case(case)
        self.refresh()

    # -- what printing needs from the window (ui.documents.controller.PrintingHost) --------------------

    def shown_case(self) -> Case | None:
        """The case selected in the list and shown, if any."""
        case = self.case_view.case
        if self.db is None or case is None or case.id is None or case.id != self.selected_case_id():
            return None
        return case

    def show_status(self, text: str) -> None:
        if text:
            self.statusBar().showMessage(text)
        else:
            self.statusBar().clearMessage()

    def show_procedure(self) -> None:
        self.case_pane.tabs.setCurrentWidget(self.case_pane.panel_scroll)

    @property
    def preview(self) -> PdfPreviewDialog | None:
        """The last preview opened (tests look at it)."""
        return self.documents.preview if self._built else None

    @property
    def print_problems(self) -> QMessageBox | None:
        """The last “cannot be printed yet” box (tests look at it)."""
        return self.documents.problem_box if self._built else None

    # -- state and closing -------------------------------------------------------------------------

    def restore_state(self) -> None:
        """The window's size and place, the panes' split, the list's columns and filters as they were left."""
        from mediator_app.ui.screen import fit_to_screen

        self.remember_state = True
        settings = QSettings()
        geometry = settings.value("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            fit_to_screen(self, 1400, 900)
        if self._built:
            self._restore_built_state(settings)
        # else: finish_building restores the rest

    def _restore_built_state(self, settings: QSettings) -> None:
        splitter = settings.value("window/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        self.restore_list_state(settings)

    def restore_list_state(self, settings: QSettings | None = None) -> None:
        """The list's columns (widths, order, sort) and filters as the mediator left them."""
        import dataclasses
        import json

        from PySide6.QtWidgets import QHeaderView

        from mediator_app.ui.caselist.model import COL_PARTIES, ListFilter

        settings = settings or QSettings()
        header = self.table.horizontalHeader()
        state = settings.value(HEADER_KEY)
        if state is not None and header.restoreState(state):
            header.setSectionResizeMode(COL_PARTIES, QHeaderView.ResizeMode.Stretch)
            column, order = header.sortIndicatorSection(), header.sortIndicatorOrder()
            self.model.sort(column, order)
            column, order = self.model.sort_column()
            header.setSortIndicator(column, order)
        saved = settings.value(FILTER_KEY)
        try:
            restored = ListFilter.from_json(json.loads(saved)) if isinstance(saved, str) else ListFilter()
        except ValueError:
            restored = ListFilter()
        self.filter_bar.set_value(restored)
        self.model.set_query(dataclasses.replace(self.model.query, filter=restored), reload=self.db is not None)

    def save_list_state(self) -> None:
        settings = QSettings()
        settings.setValue(HEADER_KEY, self.table.horizontalHeader().saveState())
        self._save_filter()

    def _save_filter(self) -> None:
        import json

        if self.remember_state:
            QSettings().setValue(FILTER_KEY, json.dumps(self.model.query.filter.to_json(), ensure_ascii=False))

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._built:
            super().closeEvent(event)
            return
        from mediator_app.ui.dialog_base import EditDialog

        for dialog in self.findChildren(EditDialog):
            if dialog.isVisible():
                dialog.reject()  # asks before throwing away typed input
                if dialog.isVisible():
                    event.ignore()
                    return
        if not self.case_pane.may_close():  # records kept as drafts live only in memory
            event.ignore()
            return
        if self.remember_state:
            settings = QSettings()
            settings.setValue("window/geometry", self.saveGeometry())
            settings.setValue("window/splitter", self.splitter.saveState())
            self.save_list_state()
        super().closeEvent(event)
