"""Composition root: `mediator-app [--db PATH] [--self-test]`.

Decides what to run before importing any Qt widget module: `--self-test` runs without a display
(and works frozen). Otherwise it holds the log records (`logging_setup.hold_records`), sets up the Qt
application (the bundled body font, the style), the crash handler, and shows the main window's frame;
after its first paint the log file is set up (rotating file, personal numbers masked, Qt messages
routed in; the held records first), the Chinese locale and Qt's own Chinese texts are installed, the
window builds the rest (`MainWindow.finish_building`), the fallback fonts are registered and the
database is opened in the background. Before the window, it takes the database's lock file
(`instance_lock`: one window per file; a second start is told who has it and exits 4); after the window
is closed and hidden, it makes the backup on exit when the newest is older than a day. The hidden
`--screenshot PATH` saves the main window with the first case selected and exits (for the README
image: `tools/screenshot.py`). The hidden
`--first-paint-exit` prints "first-paint <ms>" (time since `main()` started) when the main window has
painted for the first time and exits at once (`bench/bench_startup.py` times the whole process from
outside). Nothing on the way to the first paint may import SQLAlchemy, alembic or reportlab: the
database is opened, and the services imported, on the database thread afterwards.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from mediator_app import APP_NAME, __version__
from mediator_app.logging_setup import hold_records, records_held, setup_logging

if TYPE_CHECKING:
    from mediator_app.instance_lock import InstanceLock

log = logging.getLogger(__name__)

SCREENSHOT_SIZE = (1400, 860)


def parse_args(argv: list[str]) -> argparse.Namespace:
    # A fixed help width: argparse would otherwise import shutil to ask the terminal (on the way to the first paint).
    parser = argparse.ArgumentParser(
        prog="mediator-app",
        description="调解工作台 Mediation Desk",
        formatter_class=lambda prog: argparse.HelpFormatter(prog, width=100),
    )
    parser.add_argument("--db", metavar="PATH", help="数据文件（SQLite）路径 / database file")
    parser.add_argument("--self-test", action="store_true", help="不显示窗口，检查程序能否正常工作后退出")
    parser.add_argument("--screenshot", metavar="PATH", help=argparse.SUPPRESS)
    parser.add_argument("--first-paint-exit", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    started = time.perf_counter()
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.self_test:
        from mediator_app.selftest import main as self_test

        return self_test()
    hold_records()  # the log file is set up after the window's first paint (`_start_logging`)
    log.info("Mediation Desk %s starting, Python %s", __version__, sys.version.split()[0])
    # MEDIATOR_FIRST_PAINT_EXIT=1 does the same as --first-paint-exit (bench/bench_search.py sets it).
    first_paint_exit = args.first_paint_exit or os.environ.get("MEDIATOR_FIRST_PAINT_EXIT") == "1"
    from mediator_app.paths import database_location
    from mediator_app.platform_check import check_platform

    problem = check_platform()  # Qt would abort (exit 134) blaming the wrong library
    if problem is not None:
        log.error("%s", problem)
        setup_logging()
        print(problem, file=sys.stderr)
        return 3
    return run_gui(database_location(args.db), args.screenshot, started, first_paint_exit)


def run_gui(
    db_path: Path | str,
    screenshot: str | None = None,
    started: float | None = None,
    first_paint_exit: bool = False,
) -> int:
    import gc

    # No cyclic garbage collection until the frame has painted: the imports and the frame allocate
    # many objects and free few, so its passes find almost nothing (docs/architecture.md, "Start-up").
    # No other thread runs before the paint; after it the GUI thread's collector (`ui/gui_gc.py`,
    # installed before the first worker thread starts) keeps automatic collection off and collects there.
    gc.disable()
    from PySide6.QtCore import QCoreApplication

    drop_feature_import_hook()  # before the next import statement
    from PySide6.QtWidgets import QApplication

    from mediator_app.ui.errors import install_excepthook
    from mediator_app.ui.fonts import install_fonts
    from mediator_app.ui.main_window import MainWindow
    from mediator_app.ui.qtlog import install_qt_message_handler
    from mediator_app.ui.text_size import apply_text_size
    from mediator_app.ui.text_size import remembered as remembered_text_size

    install_qt_message_handler()
    QCoreApplication.setOrganizationName(APP_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    fonts = install_fonts(app, body_only=True)  # the fallback faces after the first paint
    apply_text_size(app, remembered_text_size(), remember=False)  # 标准 / 大 / 特大, with the style sheet
    install_excepthook(None)  # told the log file once there is one (`_start_logging`)
    lock = _claim_database(db_path) if isinstance(db_path, Path) else None  # a server has no lock file
    if lock is False:
        gc.enable()
        setup_logging()
        return 4

    window = MainWindow(db_path)
    if screenshot:
        window.resize(*SCREENSHOT_SIZE)
        _arrange_screenshot(window, Path(screenshot))
    else:
        window.restore_state()

    # First the frame paints; then the log file, the lock file's note, the locale and the other fonts, the
    # rest of the window, the database.
    def after_first_paint() -> None:
        _start_logging(window)
        if lock is not None:
            _write_lock_note(lock)
        finish_setup(app)

    window.open_database_after_first_paint(prepare=after_first_paint)
    if first_paint_exit:  # installed last, so its filter sees the paint first and reports before the build
        _exit_on_first_paint(window, started if started is not None else time.perf_counter())
    window.show()
    if started is not None:
        log.info(
            "window shown %.0f ms after start (body font %.0f ms)",
            (time.perf_counter() - started) * 1000,
            fonts.elapsed_ms,
        )
    code = app.exec()
    from mediator_app.ui.gui_gc import installed

    if installed(app) is None:
        gc.enable()  # closed before its first paint; else collection stays the GUI thread's (ui/gui_gc.py)
    if records_held():  # closed before its first paint
        setup_logging()
    window.hide()  # gone from the screen at once: what follows must not look like a hanging close
    app.processEvents()
    from mediator_app.ui.tasks import executor

    executor().wait()
    if window.desk is not None:
        window.desk.close()
        if window.backup_watch is not None:
            window.backup_watch.wait()  # the day's backup, if still running, is the backup on exit
        _exit_backup(window.desk)
    if lock is not None:
        lock.release()
    log.info("Mediation Desk closed (exit code %s)", code)
    return code


def drop_feature_import_hook() -> bool:
    """Take PySide6's `__feature__` import hook out again; True if it was there.

    PySide6 replaces `__import__` with a hook that serves `from __feature__ import snake_case` (and
    true_property): after every import statement it reads the whole source of the module it names, once
    per module, to see whether it mentions PySide6. Before the first paint that was 48 modules (the
    standard library's and ours), ≈16 M instructions (2 % of the start) and 4-10 ms; after it, every
    SQLAlchemy module the database thread imports. The program selects no feature
    (tests/e2e/test_app.py checks that no module imports `__feature__`), so the hook is put back
    to the import it wraps (PySide6's own lazy import of Qt classes, which stays)."""
    import builtins

    wrapped = getattr(builtins, "__orig_import__", None)
    if wrapped is None or getattr(builtins.__import__, "__name__", "") != "__feature_import__":
        return False
    setattr(builtins, "__import__", wrapped)  # noqa: B010 - mypy types builtins.__import__ as a function
    return True


def _start_logging(window: object) -> None:
    """The log file, after the first paint: the held records are written first; the crash dialog is
    told where the file is. When the folder cannot be written the window says so, the program goes on."""
    from PySide6.QtWidgets import QMainWindow

    from mediator_app.ui.errors import set_log_file

    if not records_held():  # a bug reported before the first paint set it up already (ui/errors.py)
        return
    log_file = setup_logging()
    set_log_file(log_file)
    if log_file is None:
        from mediator_app.logging_setup import default_log_dir

        assert isinstance(window, QMainWindow)
        window.statusBar().showMessage(f"无法写入日志文件夹“{default_log_dir()}”，本次的日志没有保存")


def _exit_backup(desk: object) -> float:
    """The backup on closing when the newest one is older than a day, after the window is gone (a
    100,000-case file takes about 20 s: bench/bench_backup.py); a failure is logged, the next start's
    status bar reminds. The lock is still held, so a new window cannot start a restore meanwhile.
    Returns the seconds it took."""
    from mediator_app.errors import UserFacingError
    from mediator_app.services.desk import Desk

    assert isinstance(desk, Desk)
    started = time.perf_counter()
    try:
        made = desk.exit_backup()
    except UserFacingError as exc:
        log.warning("backup on exit failed: %s", exc.message)
        return time.perf_counter() - started
    took = time.perf_counter() - started
    if made is None:
        log.info("no backup on exit: the newest is less than a day old")
    else:
        log.info("backup on exit made in %.1f s (%d cases)", took, made.made.cases)
    return took


def _claim_database(db_path: Path) -> InstanceLock | Literal[False] | None:
    """This window's lock on the database (`instance_lock`); False when another window holds it, after
    saying who; None when the folder cannot hold a lock file (the database's own locks still protect it,
    and a read-only folder is reported when the database opens)."""
    from mediator_app.instance_lock import DatabaseInUse, claim

    try:
        lock = claim(db_path, note=False)  # its note after the first paint (`_write_lock_note`)
    except DatabaseInUse as exc:
        from PySide6.QtWidgets import QMessageBox

        log.warning("database in use by another window (pid %s)", exc.holder.pid if exc.holder else "?")
        if sys.stderr is not None:  # a frozen windowed program has none
            print(exc.message, file=sys.stderr)
        if os.environ.get("MEDIATOR_NO_DIALOGS") != "1":
            set_window_icon()
            QMessageBox.warning(None, "数据文件正在使用", exc.message)
        return False
    except OSError as exc:
        log.warning("no lock file beside the database: %s", exc.strerror)
        return None
    return lock


def _write_lock_note(lock: InstanceLock) -> None:
    """Who holds the database, in its lock file for a second start to show, written after the first
    paint (`instance_lock`: its json, datetime and getpass stay off the way to it)."""
    try:
        lock.write_note()
    except OSError as exc:  # the lock itself holds; a second start then names no holder
        log.warning("could not write the lock file's note: %s", exc.strerror)
    taken_from = lock.taken_from
    if taken_from is not None:
        log.info("lock taken over from a program that ended without closing (pid %s)", taken_from.pid)


def set_window_icon() -> None:
    """The program's icon on its windows and in the task bar (the frozen program's executable carries the
    same one: build_installer.spec). Set after the first paint: the first use of `QIcon` builds its
    Python enums (`ThemeIcon`, 151 members), ≈10 ms that the frame's paint would otherwise wait for."""
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from mediator_app.paths import resource_path

    QApplication.setWindowIcon(QIcon(str(resource_path("icon.png"))))


def finish_setup(app: object) -> None:
    """The application's set-up that the first paint does not need: the window icon, the Chinese locale
    (dates in the widgets built next), Qt's own dialogs (file, print) in Chinese, and the fallback fonts
    for rare characters (two large files)."""
    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QApplication

    from mediator_app.ui.fonts import install_fonts
    from mediator_app.ui.gui_gc import collect_on_gui_thread

    assert isinstance(app, QApplication)
    set_window_icon()
    collect_on_gui_thread(app)  # before the first database job starts a worker thread
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    install_qt_translations(app)
    install_fonts(app)


QT_TRANSLATIONS = ("qtbase_zh_CN", "qt_zh_CN")  # qt_zh_CN only points at qtbase_zh_CN and the others


def install_qt_translations(app: object) -> bool:
    """Qt's own dialogs (file, print, page set-up, message-box buttons) in Chinese: qtbase_zh_CN.qm from
    PySide6's translations folder (in the wheel; the installer bundles it, build_installer.spec). False,
    logged, when it is missing: the dialogs then speak English, which is no reason to stop."""
    from PySide6.QtCore import QLibraryInfo, QTranslator
    from PySide6.QtWidgets import QApplication

    assert isinstance(app, QApplication)
    from mediator_app.ui.qt_words import MissingQtWords

    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in QT_TRANSLATIONS:
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            app.installTranslator(MissingQtWords(app))  # asked first: the labels the catalogue lacks
            return True
    log.warning("Qt's Chinese translations (%s.qm) not found in %s", QT_TRANSLATIONS[0], folder)
    return False


def _exit_on_first_paint(window: object, started: float) -> None:
    """Print the time to the window's first paint and quit (the benchmark's probe)."""
    from PySide6.QtWidgets import QWidget

    from mediator_app.ui.first_paint import after_first_paint

    def report() -> None:
        print(f"first-paint {(time.perf_counter() - started) * 1000:.1f}", flush=True)
        # Leave at once: the rest of the window and the database need not be waited for.
        os._exit(0)

    assert isinstance(window, QWidget)
    after_first_paint(window, report)


def _arrange_screenshot(window: object, path: Path) -> None:
    """Select the first case once the list is loaded, save the window once the case is shown, quit."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from mediator_app.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)

    def ready() -> None:
        if window.case_list.model.rowCount() == 0:
            save()
        else:
            window.case_list.table.selectRow(0)

    def save() -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(path))
        log.info("screenshot saved: %s", path)
        QTimer.singleShot(0, QApplication.quit)

    window.database_ready.connect(ready)
    window.case_shown.connect(lambda _case: QTimer.singleShot(100, save))
