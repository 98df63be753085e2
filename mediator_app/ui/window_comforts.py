"""What the main window offers beyond the case work: the split between list and case, the statistics
windows, the audit view and the PIPL access report, the text size (设置 → 字号, Ctrl+加号/减号), 设置, 帮助
and Ctrl+F. Functions of the window, kept apart from `main_window` (which builds and connects them) so
that each module stays small.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QDialog

from mediator_app.ui import actions as act
from mediator_app.ui import settings, text_size
from mediator_app.ui.toolbar_rows import ToolBarRows

if TYPE_CHECKING:
    from mediator_app.ui.main_window import MainWindow

CASE_PANE_MIN_CHARS = 34  # the case pane keeps room for this many characters a line (the stage strip in two lines)


def handlers(window: MainWindow) -> dict[str, Callable[[], object]]:
    """What the menu actions owned here do (the main window connects them with its own)."""
    return {
        act.STATISTICS: lambda: edit_statistics(window),
        act.FIND: lambda: focus_search(window),
        act.SETTINGS: lambda: open_settings(window),
        act.GUIDE: lambda: show_guide(window),
        act.ABOUT: lambda: show_about(window),
        act.DEMO: lambda: load_demo(window),
        act.TEXT_BIGGER: lambda: step_text_size(window, 1),
        act.TEXT_SMALLER: lambda: step_text_size(window, -1),
        act.STATISTICS_WINDOW: lambda: show_statistics(window),
        act.AUDIT: lambda: show_audit(window),
        act.PIPL_REPORT: lambda: ask_access_report(window),
        act.VOID: lambda: _void(window),
        act.CORRECT: lambda: _correct(window),
        act.ENCRYPT: lambda: _encrypt(window),
        act.RETENTION: lambda: _retention(window),
        act.WORK_ORDERS: lambda: show_work_orders(window),
        act.LEGAL_SUPPORT: lambda: show_legal_support(window),
        act.SATISFACTION: lambda: record_satisfaction(window),
        act.SATISFACTION_DAYS: lambda: edit_satisfaction_days(window),
        act.WORK_UNITS: lambda: edit_work_units(window),
        act.HOTLINE: lambda: show_hotline(window),
    }


# The dialogs below are imported when first asked for, not when the window connects its actions
# (after the first paint, but still on the way to a usable window).


def _void(window: MainWindow) -> None:
    from mediator_app.ui.void_dialog import ask_void

    ask_void(window)


def _correct(window: MainWindow) -> None:
    from mediator_app.ui.correction_dialog import ask_correction

    ask_correction(window)


def _encrypt(window: MainWindow) -> None:
    from mediator_app.ui.encrypt_dialog import ask_encrypt

    ask_encrypt(window)


def _retention(window: MainWindow) -> None:
    from mediator_app.ui.retention_dialog import show_retention

    show_retention(window)


def fit_splitter(window: MainWindow) -> None:
    """Give the list the width that shows its columns in full, as far as the case pane keeps room for
    its tabs and CASE_PANE_MIN_CHARS characters a line (at 1366×768 and 100 % both fit; at 125 % and
    150 % the list's cells are cut, with the full text as tooltip; docs/testing-notes.md, "Fit")."""
    window._splitter_fitted = True
    total = sum(window.splitter.sizes())
    if total <= 0:
        return
    em = window.fontMetrics().horizontalAdvance("中")
    # the tabs get their counts (调查调解记录（3）) when a case is shown: room for them too
    right_min = max(window.case_pane.tabs.tabBar().sizeHint().width() + 6 * em, CASE_PANE_MIN_CHARS * em)
    left = max(min(window.case_list.wanted_width(), total - right_min), total * 3 // 10)
    window.splitter.setSizes([left, total - left])


def _app() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app


def _preview(window: MainWindow, what: str) -> Callable[[bytes, str, str], object]:
    """A printed paper into the window's preview (its 打印 and 另存为PDF)."""
    from mediator_app.ui.documents.print_dialog import PreviewRequest

    return lambda pdf, title, file_name: window.documents.show_preview(PreviewRequest(pdf, title, file_name, what=what))


def show_work_orders(window: MainWindow) -> QDialog | None:
    """案件 → 工作联系单 of the case shown (docs/linkage.md); 打印 goes to the window's preview."""
    from mediator_app.ui.linkage.work_orders import WorkOrdersDialog

    case = window.case_view.case
    if window.desk is None or case is None or case.id is None:
        return None
    dialog = WorkOrdersDialog(window.desk, case, window.clock, _preview(window, "联系单"), window)
    dialog.open()
    return dialog


def show_legal_support(window: MainWindow) -> QDialog | None:
    """案件 → 法律支持申请 of the case shown (docs/linkage.md)."""
    from mediator_app.ui.linkage.legal_support import LegalSupportDialog

    case = window.case_view.case
    if window.desk is None or case is None or case.id is None:
        return None
    dialog = LegalSupportDialog(window.desk, case, window.clock, _preview(window, "申请单"), window)
    dialog.open()
    return dialog


def record_satisfaction(window: MainWindow) -> None:
    """案件 → 满意度回访 of the case shown, its earlier calls listed; the list and 今日待办 refresh after."""
    from mediator_app.ui.linkage.satisfaction import SatisfactionDialog
    from mediator_app.ui.tasks import run_db

    desk, case = window.desk, window.case_view.case
    if desk is None or case is None or case.id is None:
        return
    case_id = case.id
    run_db(lambda: desk.linkage.case_satisfaction(case_id), owner=window).on_success(
        lambda visits: SatisfactionDialog(desk, case, window.clock, visits, window).open()
    )


def edit_satisfaction_days(window: MainWindow) -> None:
    """设置 → 满意度回访提醒 (a committee setting)."""
    from mediator_app.ui.linkage.satisfaction import ReminderDialog
    from mediator_app.ui.tasks import run_db

    desk = window.desk
    if desk is not None:
        run_db(desk.linkage.satisfaction_days, owner=window).on_success(
            lambda days: ReminderDialog(desk, days, window).open()
        )


def edit_work_units(window: MainWindow) -> None:
    """设置 → 协办单位 (a committee setting; the shipped defaults until it is saved)."""
    from mediator_app.ui.linkage.work_orders import UnitsDialog
    from mediator_app.ui.tasks import run_db

    desk = window.desk
    if desk is None:
        return
    run_db(desk.linkage.work_units, owner=window).on_success(lambda units: UnitsDialog(desk, units, window).open())


def show_hotline(window: MainWindow) -> None:
    """工具 → 12345工单 (docs/hotline.md): the work orders, their steps and the replies."""
    from mediator_app.ui.hotline.window import HotlineWindow

    desk = window.desk
    if desk is not None:
        committee = window.committee
        dialog = HotlineWindow(desk, window.clock, committee.name if committee is not None else "", window)
        dialog.open()
        dialog.reload()


def connect_text_sizes(window: MainWindow) -> None:
    """设置 → 字号 → 标准 / 大 / 特大, the current one ticked."""
    for key in act.TEXT_SIZE_MENU:
        size = key.removeprefix(act.TEXT_SIZE_PREFIX)
        window.action_map[key].triggered.connect(lambda _checked=False, size=size: set_text_size(window, size))
    _tick(window)


def set_text_size(window: MainWindow, size: str) -> None:
    """标准 / 大 / 特大 for every window now, remembered; the panes take the room the new size needs."""
    text_size.apply_text_size(_app(), size, remember=True)
    _applied(window)


def step_text_size(window: MainWindow, steps: int) -> None:
    text_size.step(_app(), steps)
    _applied(window)


def _applied(window: MainWindow) -> None:
    _tick(window)
    window.case_list.columns_fitted = False
    window.case_list.fit_columns()
    fit_splitter(window)
    for rows in window.findChildren(ToolBarRows):
        rows.fit()  # the buttons grew or shrank with the text


def _tick(window: MainWindow) -> None:
    window.action_map[act.TEXT_SIZE_PREFIX + text_size.current()].setChecked(True)


def focus_search(window: MainWindow) -> None:
    """Ctrl+F: the 查找 box of the case list, its text selected so that typing replaces it."""
    window.left_tabs.setCurrentWidget(window.case_list)
    window.case_list.search.setFocus()
    window.case_list.search.selectAll()


def todo_first() -> bool:
    return bool(settings.value(settings.TODO_FIRST))


def open_settings(window: MainWindow) -> QDialog:
    """设置 (the settings registry); the text size chosen is applied at once."""
    from mediator_app.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(window, window.db_path, window.desk)
    dialog.text_size_chosen.connect(lambda size: set_text_size(window, size))
    dialog.database_saved.connect(lambda: window.show_status(window.tr("数据库设置已保存，下次启动程序时生效")))
    dialog.open()
    return dialog


def show_guide(window: MainWindow) -> QDialog:
    from mediator_app.ui.help import user_guide

    guide = user_guide(window)
    guide.show()
    return guide


def show_about(window: MainWindow) -> QDialog:
    from pathlib import Path

    from mediator_app.ui.help import about

    file = window.db_path if isinstance(window.db_path, Path) else None  # a server: its address is in the status bar
    about_window = about(file, window)
    about_window.open()
    return about_window


DEMO_CASES, DEMO_SEED = 60, 1  # enough to try the list, the search and 今日待办; written in a second


def load_demo(window: MainWindow) -> None:
    """工具 → 载入演示案件: asked first, written on the database thread, the list reloaded; a database
    with real cases is refused with the way to train on a file of its own (Desk.load_demo)."""
    from mediator_app.ui import messages
    from mediator_app.ui.errors import report_exception
    from mediator_app.ui.tasks import run_db

    desk = window.desk
    question = f"在当前数据文件中生成 {DEMO_CASES} 件虚构的演示案件，供培训和试用？"
    if desk is None or not messages.confirm(window, "载入演示案件", question, "生成演示案件"):
        return

    def loaded(count: int) -> None:
        window.refresh_all()
        window.show_status(f"已载入 {count} 件演示案件（内容均为虚构）")

    run_db(desk.load_demo, DEMO_CASES, DEMO_SEED, owner=window).on_success(loaded).on_error(
        lambda exc: report_exception(exc, window)
    )


def show_statistics(window: MainWindow) -> None:
    """工具 → 统计报表: the reports window (generate, check, confirm, save as XLSX or PDF)."""
    from mediator_app.ui.stats_window import StatisticsDialog

    if window.desk is not None:
        dialog = StatisticsDialog(window.desk, window.clock, window)
        dialog.case_requested.connect(window.open_case)  # the flagged case is shown behind the report
        dialog.open()


def edit_statistics(window: MainWindow) -> None:
    """The shown case's 统计信息 (outcome, difficulty, flags)."""
    from mediator_app.ui.stats_dialog import open_stats_dialog

    case = window.case_view.case
    if window.desk is not None and case is not None:
        open_stats_dialog(window.desk, window.clock, case, window)


def show_audit(window: MainWindow) -> None:
    """工具 → 审计记录 (the director's view of the audit trail, with its chain check)."""
    from mediator_app.ui.audit_dialog import AuditDialog

    if window.desk is not None:
        AuditDialog(window.desk, window.clock.today(), window).open()


def ask_access_report(window: MainWindow) -> None:
    """工具 → 个人信息查阅报告 (PIPL Art. 45: what the committee holds about one person)."""
    from mediator_app.ui.pipl_report import ask_for_report

    if window.desk is not None:
        ask_for_report(window, window.desk, window.clock.today())
