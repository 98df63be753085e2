"""The main window: the case list on the left, the selected case on the right, actions above.

It only composes: actions come from `actions.py`, the case list from `caselist.pane`, the case from
`procedure.pane`, dialogs from their packages, and all data through the `Desk` it keeps
(`run_db(lambda: desk.…)`). A database without a committee opens the first-run dialog.

Start-up (docs/architecture.md): the constructor builds only the frame (title, menus, tool bar,
status bar, the two panes' places) from light modules, so that the window paints as soon as possible;
after the first paint `finish_building` imports the case list, the case view, the procedure screens
and the printing and puts them in, then the database opens in the background, where the `Desk` is
built. `open_database` builds what is missing first, so a caller (tests) may call it at once. The
case shown is `current_case_id`; the list pane highlights its row when it is loaded.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QWidget

from mediator_app import APP_TITLE
from mediator_app.paths import status_location
from mediator_app.ui import actions as act
from mediator_app.ui.clock import Clock
from mediator_app.ui.first_paint import after_first_paint

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent
    from PySide6.QtWidgets import QMessageBox

    from mediator_app.domain.model import Case, Committee
    from mediator_app.services.desk import Desk
    from mediator_app.services.procedure import TodoItem
    from mediator_app.storage.database import Database
    from mediator_app.ui.access.gate import OpenedDesk
    from mediator_app.ui.access.idle import IdleLock
    from mediator_app.ui.agreement import AgreementDialog
    from mediator_app.ui.backup_dialog import BackupWatch
    from mediator_app.ui.change_watch import ChangeWatch
    from mediator_app.ui.integrity_watch import IntegrityWatch
    from mediator_app.ui.oral_entry_dialog import OralEntryDialog
    from mediator_app.ui.preview import PdfPreviewDialog
    from mediator_app.ui.register import RegisterDialog

    _CaseDialog = TypeVar("_CaseDialog", RegisterDialog, AgreementDialog, OralEntryDialog)

SPLITTER_SIZES = (590, 776)  # until the list is loaded; then `fit_splitter`


class MainWindow(QMainWindow):
    """`database_ready` fires once the database is open and the case list loaded (tests, screenshots).

    `clock` is the program's today (fixed in tests and screenshots): deadlines, the to-do list and
    the procedure's checks are computed for it.
    """

    database_ready = Signal()
    case_shown = Signal(object)  # Case

    def __init__(self, db_path: Path | str, parent: QWidget | None = None, clock: Clock | None = None) -> None:
        super().__init__(parent)
        self.db_path = db_path
        self.clock = clock or Clock()
        self._first_todo = True
        self.desk: Desk | None = None
        self.backup_watch: BackupWatch | None = None
        self.integrity_watch: IntegrityWatch | None = None
        self.change_watch: ChangeWatch | None = None  # others' changes, a lost server (ui/change_watch.py)
        self.idle_lock: IdleLock | None = None
        self.db: Database | None = None  # the desk's database (the printing controller passes it on)
        self.committee: Committee | None = None
        self.remember_state = False
        self._select_after_refresh: int | None = None
        self._loading_case_id: int | None = None
        self.current_case_id: int | None = None  # the case shown on the right (or being loaded)
        self._list_ready_pending = False
        self._built = False
        self._splitter_fitted = False  # the list's width set from its columns once (or restored)
        self.setWindowTitle(APP_TITLE)
        self.action_map = act.create_actions(self)
        self.action_map[act.QUIT].triggered.connect(self.close)
        act.add_menus_and_toolbar(self, self.action_map)
        self._build_frame()
        self._build_status_bar()
        for key, action in self.action_map.items():
            action.setEnabled(key == act.QUIT)  # until the window is built and the database open

    # -- building ----------------------------------------------------------------------------------

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
        self.backup_label = QLabel()  # the reminder when the last backup is old (ui/backup_dialog.BackupWatch)
        self.statusBar().addPermanentWidget(self.backup_label)
        # The file's name only, its whole path as the tooltip (帮助 → 关于 shows it too): a long path pushed
        # the status bar past a 1366×768 screen at 150 %.
        location = self.db_path
        where = QLabel(status_location(Path(location.name) if isinstance(location, Path) else location))
        where.setProperty("fullText", where.text())  # its caption dropped where the bar is narrow (ui/toolbar_rows.py)
        where.setToolTip(status_location(location))
        self.statusBar().addPermanentWidget(where)

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
            placeholder = self.splitter.replaceWidget(index, widget)
            if placeholder is not None:
                placeholder.deleteLater()
        self.splitter.setSizes(sizes)
        executor().busy_changed.connect(self._busy_changed)
        if self.remember_state:
            from mediator_app.ui.window_state import restore_built

            restore_built(self, QSettings())
        self._update_actions()

    def _connect_actions(self) -> None:
        from mediator_app.ui import data_care
        from mediator_app.ui import window_comforts as comforts
        from mediator_app.ui.access.gate import show_accounts

        handlers = {
            act.REGISTER: self.register_case,
            act.ORAL_ENTRY: self.register_oral_case,
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
            act.BACKUP: lambda: data_care.show_backups(self),
            act.ACCOUNTS: lambda: show_accounts(self, self.desk),
            act.LOCK: lambda: self.idle_lock.lock() if self.idle_lock is not None else None,
            **comforts.handlers(self),  # the windows and dialogs opened from the menus (ui/window_comforts.py)
        }
        for key, handler in handlers.items():
            self.action_map[key].triggered.connect(handler)
        comforts.connect_text_sizes(self)

    def _build_list_pane(self) -> QWidget:
        """案件列表 (`CaseListPane`) and 今日待办, as tabs."""
        from PySide6.QtWidgets import QTabWidget

        from mediator_app.ui.caselist.pane import CaseListPane
        from mediator_app.ui.procedure import TodoView

        self.case_list = CaseListPane()
        self.case_list.case_chosen.connect(self._case_chosen)
        self.case_list.case_activated.connect(lambda _case_id: self.edit_case())
        self.case_list.list_loaded.connect(self._list_loaded)
        self.case_list.list_counted.connect(self.count_label.setText)
        # 今日待办 beside the case list: opening a case from it keeps the list of what is due in view.
        self.todo_view = TodoView(self.clock)
        self.todo_view.case_requested.connect(self.open_case)
        self.todo_view.loaded.connect(self._todo_loaded)
        self.left_tabs = QTabWidget()
        self.left_tabs.addTab(self.case_list, self.tr("案件列表"))
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
        from mediator_app.ui.access.gate import open_desk
        from mediator_app.ui.data_care import database_failed
        from mediator_app.ui.tasks import run_db

        self.finish_building()
        self.case_view.show_message(self.tr("正在打开数据文件…"))
        opening = run_db(open_desk, self.db_path, owner=self).on_success(self._database_opened)
        opening.on_error(lambda exc: database_failed(self, exc))

    def _database_opened(self, opened: OpenedDesk) -> None:
        """Ask who is working (the first administrator, or the login) before any case is shown."""
        from mediator_app.ui.access.gate import AccessGate

        self.desk = opened.desk
        self.case_view.show_message(self.tr("请登录。"))
        AccessGate(self, opened.desk).run(opened.has_accounts, lambda: self._access_granted(opened), self.close)

    def _access_granted(self, opened: OpenedDesk) -> None:
        from mediator_app.ui.access.gate import show_person
        from mediator_app.ui.access.idle import IdleLock

        assert self.desk is not None
        show_person(self, self.desk.actor)
        committee = opened.committee
        self.idle_lock = IdleLock(self, self.desk, opened.idle_minutes)
        self.idle_lock.locked_changed.connect(self._update_actions)
        self.db = self.desk.db
        self.case_pane.set_desk(self.desk)
        self.todo_view.set_desk(self.desk)
        self.case_list.set_desk(self.desk)
        self.case_view.set_desk(self.desk)
        if committee is None:
            self.case_view.show_message(self.tr("请先填写本调解委员会的信息。"))
            self.edit_committee()
        else:
            self._set_committee(committee)
        self.refresh(ready=True)
        from mediator_app.ui.data_care import start_watches

        start_watches(self, self.desk)

    def _set_committee(self, committee: Committee) -> None:
        self.committee = committee
        self.setWindowTitle(f"{committee.name} — {APP_TITLE}")
        self._update_actions()

    def edit_committee(self) -> None:
        from mediator_app.ui.setup_dialog import CommitteeDialog

        if self.desk is not None:
            CommitteeDialog.open_for(self.desk, self.committee, self).committee_saved.connect(self._committee_saved)

    def _committee_saved(self, committee: Committee) -> None:
        first = self.committee is None
        self._set_committee(committee)
        if first:
            self.case_view.show_message(self.tr("设置完成。请点击上方的“登记新案件”登记第一件纠纷。"))

    # -- the case list and the case shown ----------------------------------------------------------

    def refresh(self, ready: bool = False) -> None:
        """Reload the list (count and first page) and the to-do list; `database_ready` after the first."""
        if self.desk is None:
            return
        self._list_ready_pending = self._list_ready_pending or ready
        if self.change_watch is not None:  # before the reads: what they show is what it saw
            self.change_watch.rebase()
        self.case_list.reload(self.clock.today())
        self.todo_view.reload()

    def _list_loaded(self, total: int, filtered: bool) -> None:
        keep = self._select_after_refresh or self.current_case_id
        self._select_after_refresh = None
        self.count_label.setText(self.case_list.count_text(total))
        if keep is not None:
            self.select_case(keep)
        elif total == 0 and self.committee is not None and not filtered:
            self.case_view.show_message(self.tr("还没有案件。请点击上方的“登记新案件”。"))
        elif total and not self.case_list.choose_first():  # the first load: its first row shown
            self.case_view.show_message(self.tr("请在左边的列表中选择一件案件。"))
        self._update_actions()
        if not self._splitter_fitted and total:
            from mediator_app.ui.window_comforts import fit_splitter

            fit_splitter(self)
        if self._list_ready_pending:
            self._list_ready_pending = False
            self.database_ready.emit()

    def selected_case_id(self) -> int | None:
        """The case shown (or being opened) on the right."""
        return self.current_case_id

    def select_case(self, case_id: int) -> bool:
        """Show the case and highlight its row; False if the row is not among the loaded list rows."""
        self.current_case_id = case_id
        if self.case_view.case is None or self.case_view.case.id != case_id:
            self._load_case(case_id)
        return self.case_list.highlight(case_id)

    def _case_chosen(self, case_id: int) -> None:
        """A row or a search result was picked in the list pane."""
        self.select_case(case_id)
        self._update_actions()

    def _load_case(self, case_id: int) -> None:
        from mediator_app.ui.tasks import run_db

        desk = self.desk
        if desk is None or self._loading_case_id == case_id:
            return
        self._loading_case_id = case_id
        run_db(lambda: desk.get_case(case_id), owner=self).on_success(self._case_loaded).on_error(self._case_failed)

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
        # Nothing of the cases until someone has logged in, nor while the screen is locked (ui/actions.py).
        signed_in = self.db is not None and not (self.idle_lock is not None and self.idle_lock.locked)
        ready = signed_in and self.committee is not None
        has_case = ready and self.case_view.case is not None and self.case_view.case.id == self.selected_case_id()
        for key, action in self.action_map.items():
            action.setEnabled(act.enabled(key, signed_in, has_case))
        from mediator_app.ui.access.gate import apply_roles

        apply_roles(self.action_map, act.permissions(), self.desk.actor if ready and self.desk else None)

    # -- the procedure and 今日待办 -------------------------------------------------------------------

    def show_todo(self) -> None:
        self.left_tabs.setCurrentWidget(self.todo_view)
        self.todo_view.reload()

    def _todo_loaded(self, items: list[TodoItem]) -> None:
        overdue = sum(1 for t in items if t.item.overdue)
        self.left_tabs.setTabText(1, self.tr("今日待办（{n}）").format(n=len(items)) if items else self.tr("今日待办"))
        from mediator_app.ui.window_comforts import todo_first

        if self._first_todo and overdue and todo_first():
            self.left_tabs.setCurrentWidget(self.todo_view)  # at start, what is overdue comes first
        self._first_todo = False

    def open_case(self, case_id: int) -> None:
        """Show a case (from 今日待办); a search in the way is cleared so the list shows again."""
        self.case_list.clear_search()
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

        if self.desk is None:
            return None
        if self.committee is None:
            self.edit_committee()
            return None
        return self._open_case_dialog(RegisterDialog(self.desk, None, self))

    def register_oral_case(self) -> OralEntryDialog | None:
        from mediator_app.ui.oral_entry_dialog import OralEntryDialog

        if self.desk is None or self.committee is None:
            self.register_case()  # without a committee: its set-up first
            return None
        return self._open_case_dialog(OralEntryDialog(self.desk, self.clock, self))

    def edit_case(self) -> RegisterDialog | None:
        from mediator_app.ui.register import RegisterDialog

        case = self.case_view.case
        if self.desk is None or case is None:
            return None
        return self._open_case_dialog(RegisterDialog(self.desk, case, self))

    def edit_agreement(self) -> AgreementDialog | None:
        from mediator_app.ui.agreement import AgreementDialog, terms_frozen

        case, desk = self.case_view.case, self.desk
        if desk is None or case is None or terms_frozen(desk, case, self):
            return None
        return self._open_case_dialog(AgreementDialog(desk, case, self))

    def _open_case_dialog(self, dialog: _CaseDialog) -> _CaseDialog:
        from PySide6.QtCore import Qt

        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.case_saved.connect(self._case_saved)
        # The keyboard focus back in the window (the list, on the saved case): it was nowhere once the
        # dialog had closed, and the window's shortcuts (Ctrl+P …) did nothing for a keyboard user.
        dialog.finished.connect(lambda _result: self.case_list.table.setFocus())
        dialog.open()
        return dialog

    def _case_saved(self, case: Case) -> None:
        self.show_status(self.tr("已保存：{number}").replace("{number}", case.number))  # README-only trial
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
        self.statusBar().showMessage(text)  # an empty text clears the message (as clearMessage does)

    def show_procedure(self) -> None:
        self.case_pane.tabs.setCurrentWidget(self.case_pane.panel_scroll)
        self.case_pane.panel.focus_first_action()  # the keyboard on the step to take, e.g. 受理

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
        from mediator_app.ui.window_state import restore

        restore(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._built:
            super().closeEvent(event)
            return
        from mediator_app.ui.dialog_base import close_edit_dialogs

        # typed input is asked about first; records kept as drafts live only in memory
        if not close_edit_dialogs(self) or not self.case_pane.may_close():
            event.ignore()
            return
        if self.remember_state:
            from mediator_app.ui.window_state import save

            save(self)
        super().closeEvent(event)
