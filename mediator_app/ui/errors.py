"""What the user sees when something fails (docs/architecture.md, "Conventions in force").

`UserFacingError` (expected: bad input, locked file, …) → a message box with its Chinese message.
Anything else is a bug → logged with its traceback (personal numbers masked by the log filter) and
a crash dialog that says where the log file is. `install_excepthook` routes uncaught exceptions —
including those raised in Qt slots — through the same path.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QWidget

from mediator_app.logging_setup import records_held, setup_logging

log = logging.getLogger(__name__)

_log_file: Path | None = None
_reporting = False


def _tr(text: str) -> str:
    return QCoreApplication.translate("errors", text)


def set_log_file(path: Path | None) -> None:
    global _log_file
    _log_file = path


def crash_text(log_file: Path | None) -> str:
    where = (
        _tr("错误的详细情况已记录在日志文件中：\n{path}\n\n如需帮助，请把这个文件交给技术支持人员。").format(
            path=log_file
        )
        if log_file
        else _tr("错误的详细情况未能写入日志文件。")
    )
    return _tr("程序遇到了意外问题，刚才的操作没有完成。\n\n") + where


def report_exception(exc: BaseException, parent: QWidget | None = None) -> None:
    """Show `exc` to the user: its message if expected, else log it and show the crash dialog."""
    global _reporting
    from mediator_app.domain.masking import crash_report  # not at start-up either: it compiles its patterns
    from mediator_app.errors import UserFacingError
    from mediator_app.ui import messages  # not at start-up: the message boxes' Qt types are slow to set up

    if isinstance(exc, UserFacingError):
        log.info("user-facing error: %s", exc.message)
        messages.warn(parent or _active_window(), _tr("无法完成"), exc.message)
        return
    log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
    if records_held():  # a bug before the first paint, whose log file is set up after it: set it up now
        set_log_file(setup_logging())
    if _reporting or QApplication.instance() is None:
        return  # an error while showing the crash dialog: the log has it, do not loop
    _reporting = True
    try:
        details = crash_report(type(exc), exc, exc.__traceback__)  # no names, addresses, birth dates
        messages.crash(parent or _active_window(), crash_text(_log_file), details)
    finally:
        _reporting = False


def _active_window() -> QWidget | None:
    return QApplication.activeWindow()


def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, exc, tb)
        return
    if exc.__traceback__ is None:
        exc = exc.with_traceback(tb)
    report_exception(exc)


def install_excepthook(log_file: Path | None) -> None:
    set_log_file(log_file)
    sys.excepthook = _excepthook
