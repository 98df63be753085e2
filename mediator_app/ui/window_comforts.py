"""What the main window offers beyond the case work: the split between list and case, the statistics
windows, the audit view and the PIPL access report, the text size (设置 → 字号, Ctrl+加号/减号), 设置, 帮助
and Ctrl+F. Functions of the window, kept apart from `main_window` (which builds and connects them) so
that each module stays small.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QDialog

from mediator_app.ui import actions as act
from mediator_app.ui import settings, text_size

if TYPE_CHECKING:
    from mediator_app.ui.main_window import MainWindow

CASE_PANE_MIN_CHARS = 34  # the case pane keeps room for this many characters a line (the stage strip in two lines)


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

    dialog = SettingsDialog(window, window.db_path)
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
        StatisticsDialog(window.desk, window.clock, window).open()


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
