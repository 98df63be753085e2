"""Program logging: one rotating file in the platform log folder, personal numbers masked in every record.

PIPL Art. 51 (docs/legal-basis.md §9): ID numbers and mobile numbers never reach a log file unmasked. The
mask is applied by a filter on each handler (a filter on the root logger would not see records
that propagate from child loggers), to the message, its arguments, the traceback and stack text.
No Qt here; `ui/qtlog.py` routes Qt's own messages into this logging.

The window's start holds its records (`hold_records`) and installs the handlers after its first paint:
finding the log folder (`platformdirs`) and opening the file cost ≈10 ms before the first paint
(docs/architecture.md, "Start-up"); `setup_logging` then hands the held records to the handlers.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

LOG_FILE_NAME = "mediator.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
_FORMAT = "%(asctime)s %(levelname)-7s %(threadName)s %(name)s: %(message)s"

_installed: list[logging.Handler] = []


class _Held(logging.Handler):
    """The records logged before `setup_logging`, kept for the handlers it installs."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


_held: list[_Held] = []


def hold_records(level: int = logging.INFO) -> None:
    """Keep every record of `level` and above until `setup_logging` installs the handlers (the window's
    start: they are installed after its first paint, or at once should the program stop before)."""
    if _held:
        return
    held = _Held()
    _held.append(held)
    root = logging.getLogger()
    root.addHandler(held)
    root.setLevel(level)
    logging.captureWarnings(True)


def records_held() -> bool:
    """Whether records are held for handlers `setup_logging` has not installed yet."""
    return bool(_held)


class MaskingFilter(logging.Filter):
    """Masks personal numbers in the final message text and the stack of a record; a traceback is
    written as a crash report (`domain.masking.crash_report`: frames and scrubbed messages only)."""

    def filter(self, record: logging.LogRecord) -> bool:
        # Here, not at the top: its patterns are compiled on import, and the window holds its records
        # until after its first paint (`hold_records`).
        from mediator_app.domain.masking import crash_report, mask_text

        try:
            message = record.getMessage()
        except Exception:  # a malformed %-format must still be logged, not dropped
            message = f"{record.msg!r} % {record.args!r}"
        record.msg, record.args = mask_text(message), None
        if record.exc_info and record.exc_info[1] is not None:
            kind, exc, tb = record.exc_info
            record.exc_text = crash_report(kind or type(exc), exc, tb).rstrip("\n")
        elif record.exc_text:
            record.exc_text = mask_text(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_text(record.stack_info)
        return True


class SizeRotatingFileHandler(logging.FileHandler):
    """A log file that is renamed to .1 (.1 to .2, …, `backups` kept) before it would pass `max_bytes`.

    The policy of `logging.handlers.RotatingFileHandler`, without importing `logging.handlers` (it
    pulls in socket, pickle and queue: ≈8 ms on the way to the window's first paint). Opened on the
    first record; emit runs under the handler's lock.
    """

    def __init__(self, path: Path, max_bytes: int, backups: int) -> None:
        super().__init__(path, encoding="utf-8", delay=True)
        self.max_bytes, self.backups = max_bytes, backups
        self.failed: str | None = None  # why the file could not be written, once it could not

    def emit(self, record: logging.LogRecord) -> None:
        if self.failed is not None:
            _to_stderr(record)
            return
        try:
            if self._would_pass_limit(record):
                self._rotate()
        except Exception:  # as logging does: a failing log file must not stop the program
            self.handleError(record)
            return
        super().emit(record)

    def handleError(self, record: logging.LogRecord) -> None:
        """The log file cannot be written (a full disk, a read-only folder, a pulled stick): say so once,
        in Chinese, then write the records' masked messages to stderr - never logging's raw traceback,
        which would show the record's unmasked arguments."""
        if self.failed is None:
            reason = sys.exc_info()[1]
            self.failed = getattr(reason, "strerror", None) or type(reason).__name__
            _note(f"无法写入日志文件“{self.baseFilename}”（{self.failed}），日志只输出到屏幕，不再保存")
        _to_stderr(record)

    def _would_pass_limit(self, record: logging.LogRecord) -> bool:
        if self.stream is None:
            self.stream = self._open()
        self.stream.seek(0, os.SEEK_END)  # another process (mediator-cli) may have written meanwhile
        size = self.stream.tell()
        return size > 0 and size + len(f"{self.format(record)}{self.terminator}".encode()) >= self.max_bytes

    def _rotate(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None  # reopened by the next emit
        base = Path(self.baseFilename)
        for n in range(self.backups - 1, 0, -1):
            older = base.with_name(f"{base.name}.{n}")
            if older.exists():
                os.replace(older, base.with_name(f"{base.name}.{n + 1}"))
        if base.exists():
            os.replace(base, base.with_name(f"{base.name}.1"))


class MessageOnlyHandler(logging.Handler):
    """Where records go when there is no log file and no console handler: their level and masked
    message on stderr (the masking filter runs before), never a traceback."""

    def emit(self, record: logging.LogRecord) -> None:
        _to_stderr(record)


def _note(text: str) -> None:
    if sys.stderr is not None:  # a frozen windowed program has no stderr
        print(text, file=sys.stderr)


def _to_stderr(record: logging.LogRecord) -> None:
    """A record the log file could not take: its level and masked message (the filter ran), no traceback."""
    if any(type(h) is logging.StreamHandler for h in _installed):
        return  # the console handler prints it already
    if sys.stderr is not None and record.levelno >= logging.WARNING:
        print(f"{record.levelname} {record.name}: {record.getMessage()}", file=sys.stderr)


def default_log_dir() -> Path:
    from mediator_app.paths import user_log_dir

    return user_log_dir()


def setup_logging(log_dir: Path | None = None, level: int = logging.INFO, console: bool = True) -> Path | None:
    """Install the rotating file (and a stderr handler for warnings); returns the log file, if any.

    Calling it again replaces the handlers it installed before. If the folder cannot be created or the
    file written, the program still runs and logs to stderr only (returns None), and says so once;
    should the file fail later (a full disk), the handler falls back to stderr the same way.
    """
    remove_handlers()
    root = logging.getLogger()
    held = _held.pop().records if _held else []
    for handler in root.handlers[:]:
        if isinstance(handler, _Held):
            root.removeHandler(handler)
    masking = MaskingFilter()
    formatter = logging.Formatter(_FORMAT)
    log_file: Path | None = None
    try:
        folder = log_dir or default_log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        log_file = folder / LOG_FILE_NAME
        with open(log_file, "a", encoding="utf-8"):  # a file that cannot be written is found now, not later
            pass
        file_handler: logging.Handler = SizeRotatingFileHandler(log_file, MAX_BYTES, BACKUP_COUNT)
        _installed.append(file_handler)
    except OSError as exc:
        _note(f"无法写入日志文件夹“{exc.filename or ''}”（{exc.strerror}），日志只输出到屏幕，不会保存")
        log_file = None
    if console and sys.stderr is not None:  # a frozen windowed program has no stderr
        stderr_handler = logging.StreamHandler()
        stderr_handler.setLevel(logging.WARNING)
        _installed.append(stderr_handler)
    elif log_file is None:  # else logging's last resort would print the records unmasked
        _installed.append(MessageOnlyHandler(logging.WARNING))
    for handler in _installed:
        handler.addFilter(masking)
        handler.setFormatter(formatter)
        root.addHandler(handler)
    root.setLevel(level)
    logging.captureWarnings(True)
    for record in held:  # as the root logger would have handed them over (the filters mask them)
        for handler in _installed if record.levelno >= level else ():
            if record.levelno >= handler.level:
                handler.handle(record)
    return log_file


def log_file_failed() -> bool:
    """Whether the log file could not take a record since `setup_logging` (it then went to stderr)."""
    return any(isinstance(h, SizeRotatingFileHandler) and h.failed is not None for h in _installed)


def remove_handlers() -> None:
    """Take away the handlers `setup_logging` installed (tests, and a second call)."""
    root = logging.getLogger()
    for handler in _installed:
        root.removeHandler(handler)
        handler.close()
    _installed.clear()
