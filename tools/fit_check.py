"""Does every window fit a 1366×768 screen at 100 %, 125 % and 150 %? Opens the main window, 修改案件信息,
登记新案件, 填写协议条款, 打印文书, 设置, 登录 and the 另存为PDF file dialog on the procedure screenshots' demo
database, checks each against the available screen geometry, saves a PNG of each and prints what does not fit.

    xvfb-run -s "-screen 0 1366x768x24" python tools/fit_check.py 1.25 docs/screenshots/fit
    xvfb-run -s "-screen 0 1366x768x24" python tools/fit_check.py 1 docs/screenshots/fit 特大   # text size
    xvfb-run -s "-screen 0 1366x768x24" python tools/fit_check.py 1.5 /tmp/fit 特大 main,save   # only these windows

The scale is Qt's `QT_SCALE_FACTOR` (what Windows' 125 % / 150 % display setting does to a Qt program);
it must be set before the application exists, so each scale is its own process
(`tests/e2e/test_fit.py` runs one per scale). Exit status 1 when something does not fit.

What counts as not fitting (docs/testing-notes.md, "Fit"):
- a window larger than the available screen, or smaller than its own minimum size (Qt would then
  grow it past the screen edge);
- a visible widget outside its window, or narrower or lower than its minimum size hint (a button or
  label cut off), unless it sits inside a scroll area (which scrolls to it);
- a tool-bar action pushed into the overflow menu, a tab that does not show in its tab bar;
- a case-list cell of a demo row narrower than its text (elided), at every scale: where the list is
  narrow it folds columns away (their text goes to the row's tooltip) rather than cutting cells; one
  demo row has a committee pattern's long number (LONG_PATTERN), which wraps rather than being cut;
- fewer than MIN_ROWS (5) whole rows of the case list in sight (`ui/caselist/room.py`: the filter bar
  folds behind 筛选, then the rows take fewer lines, the case number cut in the middle), or the filters
  neither shown nor behind a 筛选 button;
- two status-bar texts closer than half a character (they read as one);
- the procedure's stage strip taking more than two lines;
- English left in the file dialog (Qt's own: its labels, buttons and column titles come from Qt's
  Chinese catalogue and `ui/qt_words.py`, installed here as the program installs them).
"""

from __future__ import annotations

import itertools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))


# A committee whose numbers hold its whole name: （2026）青山镇桃源村人民调解委员会调字第6号, 24 characters.
LONG_PATTERN = "（{年}）{简称}人民调解委员会调字第{序号}号"
LONG_SHORT_NAME = "青山镇桃源村"


def add_long_numbered_case(db_path: Path) -> int:
    """One more demo case, registered after the committee took a pattern with its whole name in it."""
    import datetime as dt

    from mediator_app.selftest import sample_case
    from mediator_app.services import cases as svc

    db = svc.open_database(db_path)
    try:
        committee = svc.get_committee(db)
        assert committee is not None
        committee.short_name, committee.case_number_pattern = LONG_SHORT_NAME, LONG_PATTERN
        svc.save_committee(db, committee)
        case = sample_case()
        case.registered_on, case.agreement = dt.date(2026, 11, 18), None
        case.parties[0].name, case.parties[1].name = "陈秀珍", "林建华"
        case.parties[1].representatives = []
        saved = svc.register_case(db, case, today=case.registered_on)
        assert saved.id is not None
        return saved.id
    finally:
        db.close()


def widget_problems(top: Any, name: str) -> list[str]:
    """What is cut off or outside in `top` (a shown window)."""
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QWidget

    problems: list[str] = []
    available = (top.screen() or QGuiApplication.primaryScreen()).availableGeometry()
    frame, minimum = top.frameGeometry(), top.minimumSizeHint()
    screen = f"screen {available.width()}×{available.height()}"
    if frame.width() > available.width() or frame.height() > available.height():
        problems.append(f"{name}: {frame.width()}×{frame.height()} larger than the {screen}")
    if minimum.width() > available.width() or minimum.height() > available.height():
        problems.append(f"{name}: needs at least {minimum.width()}×{minimum.height()}, {screen}")
    for widget in top.findChildren(QWidget):
        if widget.isVisible() and not _in_scroll_area(widget, top):
            problems.extend(_cut(widget, top, name))
    return problems


def _in_scroll_area(widget: Any, top: Any) -> bool:
    from PySide6.QtWidgets import QAbstractScrollArea

    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def _cut(widget: Any, top: Any, name: str) -> list[str]:
    """How `widget` (shown, not inside a scroll area) is cut, outside its window or hidden."""
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtWidgets import QLabel, QScrollArea, QTabBar, QToolBar

    label = f"{name}: {type(widget).__name__} {widget.objectName() or _text(widget)!r}"
    rect = QRect(widget.mapTo(top, QPoint(0, 0)), widget.size())
    if not QRect(QPoint(0, 0), top.size()).contains(rect):
        return [f"{label} outside the window ({rect.x()},{rect.y()} {rect.width()}×{rect.height()})"]
    problems = []
    hint = widget.minimumSizeHint()
    if isinstance(widget, QLabel) and widget.wordWrap():
        hint.setWidth(0)  # wraps instead
    squeezed = widget.width() < hint.width() - 1 or widget.height() < hint.height() - 1
    if hint.isValid() and squeezed and widget.toolTip() == "":
        problems.append(f"{label} cut to {widget.width()}×{widget.height()}, needs {hint.width()}×{hint.height()}")
    if isinstance(widget, QToolBar):
        for action in widget.actions():
            button = widget.widgetForAction(action)
            if button is not None and action.isVisible() and not button.isVisible():
                problems.append(f"{name}: tool-bar button {action.text()!r} in the overflow menu")
    if isinstance(widget, QScrollArea) and widget.horizontalScrollBar().isVisible():
        problems.append(f"{name}: {widget.objectName() or 'a scroll area'} scrolls sideways")
    if isinstance(widget, QTabBar):
        for index in range(widget.count()):
            cut = widget.tabRect(index).width() < widget.tabSizeHint(index).width() - 1
            if not widget.rect().contains(widget.tabRect(index)) or (cut and not widget.tabToolTip(index)):
                problems.append(f"{name}: tab {widget.tabText(index)!r} not shown in full")
    return problems


def _text(widget: Any) -> str:
    text = getattr(widget, "text", None)
    return str(text())[:20] if callable(text) else ""


def case_list_problems(window: Any) -> list[str]:
    """Case-list cells narrower than their text (the loaded demo rows; wrapped where rows have two
    lines), or scrolled out of view."""
    from PySide6.QtCore import QRect, Qt

    from mediator_app.ui.caselist.model import COL_NUMBER

    table = window.case_list.table
    model = table.model()
    header = table.horizontalHeader()
    metrics = table.fontMetrics()
    problems = []
    for row in range(min(model.rowCount(), 20)):
        for column in range(model.columnCount()):
            if header.isSectionHidden(column):
                continue
            index = model.index(row, column)
            text = str(model.data(index, Qt.ItemDataRole.DisplayRole) or "")
            # item padding, text margins, grid, and 1 px: with none to spare Qt elides
            need = metrics.horizontalAdvance(text) + 2 * 4 + 2 * 3 + 2
            if table.wordWrap():  # rows of several lines: the text must fit them, wrapped at the cell's width
                box = QRect(0, 0, header.sectionSize(column) - 2 * 4 - 2 * 3 - 2, 10_000)
                # measured with the fallback faces' taller lines (a rare character's), as Qt draws it
                wrapped = metrics.boundingRect(box, Qt.TextFlag.TextWordWrap, text).height()
                need = need if wrapped > table.verticalHeader().defaultSectionSize() - 10 else 0
            out_of_view = header.sectionViewportPosition(column) + header.sectionSize(column) > table.viewport().width()
            # the number gives way to keep rows in sight: cut in the middle, its 第…号 kept (ui/caselist/room.py)
            need = 0 if column == COL_NUMBER and window.case_list.numbers_cut else need
            if text and (need > header.sectionSize(column) or out_of_view):
                title = model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
                problems.append(f"case list: {title} {text!r} elided ({header.sectionSize(column)} < {need})")
    return problems


def case_list_rows_problems(window: Any) -> list[str]:
    """Fewer than MIN_ROWS whole rows of the case list in sight (a mediator chooses a case among several;
    at 150 % with 特大 the filter bar once left one), or a filter bar folded away with no 筛选 button."""
    from mediator_app.ui.caselist.room import MIN_ROWS, rows_in_view

    pane = window.case_list
    rows = rows_in_view(pane.table)
    print(f"case list: {rows} rows in view, {pane.lines} line(s) a row, filters folded: {pane.filters_folded}")
    problems = []
    if rows < MIN_ROWS:
        problems.append(f"case list: {rows} rows in view, fewer than {MIN_ROWS}")
    if not pane.filter_bar.isVisible() and not pane.filter_button.isVisible():
        problems.append("case list: the filters can be neither seen nor reached")
    return problems


def status_bar_problems(window: Any) -> list[str]:
    """Status-bar texts that touch: less than half a character between one label's text and the next."""
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QLabel

    bar = window.statusBar()
    spans = []
    for label in bar.findChildren(QLabel):
        if label.isVisible() and label.text():
            left = label.mapTo(bar, QPoint(0, 0)).x() + label.contentsRect().left()
            spans.append((left, left + label.fontMetrics().horizontalAdvance(label.text()), label.text()))
    spans.sort()
    gap = bar.fontMetrics().horizontalAdvance("中") // 2
    return [
        f"status bar: {a[2]!r} and {b[2]!r} touch ({b[0] - a[1]} px apart)"
        for a, b in itertools.pairwise(spans)
        if b[0] - a[1] < gap
    ]


def stage_strip_problems(window: Any) -> list[str]:
    steps = window.case_pane.panel.steps
    line = max(chip.sizeHint().height() for chip in steps.chips) if steps.chips else 0
    if line and steps.height() > 2 * line + 3 * 2 + 4:
        return [f"stage strip: {steps.height()} px high, more than two lines of {line} px"]
    return []


def english_problems(dialog: Any, name: str) -> list[str]:
    """Visible labels, buttons and column titles of a Qt dialog that still speak English ("PDF" aside)."""
    import re

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractButton, QHeaderView, QLabel

    texts = [w.text() for w in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton) if w.isVisible()]
    for header in dialog.findChildren(QHeaderView):
        if header.isVisible() and header.model() is not None:
            count = header.model().columnCount() if header.orientation() == Qt.Orientation.Horizontal else 0
            texts += [str(header.model().headerData(i, Qt.Orientation.Horizontal) or "") for i in range(count)]
    english = [t for t in texts if re.search(r"[A-Za-z]{3,}", t.replace("PDF", ""))]
    return [f"{name}: English text {t!r}" for t in english]


def run(scale: str, out: Path, size: str = "标准", only: frozenset[str] = frozenset()) -> list[str]:
    """`only`: the names of the windows to check (main, register, new, agreement, print, settings, login,
    save); all when empty."""
    os.environ["QT_SCALE_FACTOR"] = scale
    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import tempfile

    from screenshot import build_procedure_database, demo_account

    demo_account()
    out.mkdir(parents=True, exist_ok=True)
    suffix = f"{round(float(scale) * 100)}" + {"标准": "", "大": "-large", "特大": "-xlarge"}[size]
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="mediator-fit-") as folder:
        os.environ["XDG_CONFIG_HOME"] = folder
        db_path = Path(folder) / "fit.sqlite3"
        ids = build_procedure_database(db_path)
        ids["long number"] = add_long_numbered_case(db_path)
        from PySide6.QtGui import QGuiApplication
        from screenshot import _main_window

        from mediator_app.app import install_qt_translations
        from mediator_app.ui import window_comforts as comforts
        from mediator_app.ui.tasks import executor

        window, settle = _main_window(db_path, out)
        install_qt_translations(QGuiApplication.instance())  # Qt's own dialogs in Chinese, as at start
        window.setGeometry(QGuiApplication.primaryScreen().availableGeometry())  # maximised (no window manager)
        settle()
        comforts.fit_splitter(window)  # as at start, where the window has its size before the list is loaded
        if size != "标准":
            comforts.set_text_size(window, size)  # 设置 → 字号, applied to the open window
        settle()

        def shoot(widget: Any, name: str) -> None:
            settle()
            problems.extend(widget_problems(widget, name))
            widget.grab().save(str(out / f"{name}-{suffix}.png"))

        window.select_case(ids["performing"])
        window.left_tabs.setCurrentIndex(0)
        window.case_list.table.scrollToTop()  # the newest row, the long number, in the picture
        settle()
        if not only or "main" in only:
            shoot(window, "main")
            problems.extend(case_list_problems(window))
            problems.extend(case_list_rows_problems(window))
            problems.extend(status_bar_problems(window))
            problems.extend(stage_strip_problems(window))

        dialogs: list[tuple[str, Callable[[], Any]]] = [
            ("register", window.edit_case),
            ("new", window.register_case),  # 登记新案件: with the special-group row editing hides
            ("agreement", window.edit_agreement),
            ("print", lambda: window.documents.print_documents()),
        ]
        dialogs.append(("settings", lambda: comforts.open_settings(window)))
        dialogs.append(("login", lambda: _login(window)))
        dialogs.append(("save", lambda: _save_dialog(window)))
        for name, opener in [(name, opener) for name, opener in dialogs if not only or name in only]:
            window.select_case(ids["mediating"] if name == "agreement" else ids["performing"])
            settle()
            dialog = opener()
            assert dialog is not None, name
            settle()
            shoot(dialog, name)
            if name == "save":
                problems.extend(english_problems(dialog, name))
            if hasattr(dialog, "mark_clean"):
                dialog.mark_clean()
            dialog.reject()
            settle()
        executor().wait()
        window.close()
        if window.db is not None:
            window.db.close()
    return problems


def _login(window: Any) -> Any:
    """登录, as at the start of a program whose text size was set to 特大 (or at 150 %)."""
    from mediator_app.ui.access.login import LoginDialog

    dialog = LoginDialog(window.desk, window)
    dialog.show()
    return dialog


def _save_dialog(window: Any) -> Any:
    """另存为PDF as the preview opens it (ui/preview.py): where no desktop supplies a native dialog (Xvfb,
    a minimal system) `QFileDialog.getSaveFileName` builds this very dialog, in the folder it starts in."""
    from PySide6.QtWidgets import QFileDialog

    from mediator_app.ui.preview import dialog_folder

    dialog = QFileDialog(window, "另存为PDF", str(dialog_folder()), "PDF 文件 (*.pdf)")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.selectFile("人民调解协议书（2026）朝和调字第3号.pdf")
    dialog.show()
    return dialog


def main(argv: list[str]) -> int:
    scale = argv[0] if argv else "1"
    out = Path(argv[1]) if len(argv) > 1 else ROOT / "docs" / "screenshots" / "fit"
    only = frozenset(argv[3].split(",")) if len(argv) > 3 else frozenset()
    problems = run(scale, out, argv[2] if len(argv) > 2 else "标准", only)
    for problem in problems:
        print(problem)
    print(f"scale {scale}: {len(problems)} problems; screenshots in {out}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
