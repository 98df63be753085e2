"""Background work for the UI: database jobs on one worker thread, results delivered on the GUI thread.

    run_db(lambda: desk.get_case(case_id), owner=self).on_success(self._show).on_error(self._failed)

SQLite work runs on a single-thread pool, in submission order, so two jobs never
race for the file and results arrive in the order they were asked for. The worker only calls the
function; it never sees a widget. Results (plain dataclasses) and exceptions travel back through a
queued signal and the callbacks run on the GUI thread. The job itself (the function and its
arguments, often a lambda that holds a widget) stays in the executor until its result is delivered,
so its last reference is dropped on the GUI thread: a widget it held alone is deleted there, never on
the worker (ui/gui_gc.py says why that matters).

`run_aside` runs a long job on a thread of its own instead (the day's backup, the start's integrity
check, a probe of a server that may take its connect timeout to answer), so that it holds up no
database job; its outcome comes back the same way, and it does not count as the window being busy.

A `Task` is promise-like: a callback registered after the outcome is known runs at once, which is
what makes `set_synchronous(True)` (jobs run inline, for tests) behave like the threaded mode. An
error nobody handles goes to `errors.report_exception` (message box or crash dialog). If the
task's `owner` widget is destroyed before the result arrives, the result is dropped.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThreadPool, QTimer, Signal, Slot

log = logging.getLogger(__name__)

T = TypeVar("T")
ErrorCallback = Callable[[BaseException], object]


class Task(QObject, Generic[T]):
    """The outcome of one background job, delivered on the GUI thread: its result is a `T`, so mypy
    checks each `on_success` callback against what the job returns."""

    def __init__(self, name: str, owner: QObject | None = None) -> None:
        super().__init__(owner)
        self.name = name
        self._on_success: list[Callable[[T], object]] = []
        self._on_error: list[ErrorCallback] = []
        self._done = False
        self._result: Any = None
        self._error: BaseException | None = None
        self._error_handled = False
        self.worker: threading.Thread | None = None  # `run_aside`'s thread

    def on_success(self, callback: Callable[[T], object]) -> Task[T]:
        if self._done:
            if self._error is None:
                callback(self._result)
        else:
            self._on_success.append(callback)
        return self

    def on_error(self, callback: ErrorCallback) -> Task[T]:
        if self._done:
            if self._error is not None:
                self._error_handled = True
                callback(self._error)
        else:
            self._on_error.append(callback)
        return self

    def _resolve(self, result: Any, error: BaseException | None) -> None:
        self._done, self._result, self._error = True, result, error
        if error is None:
            for success in self._on_success:
                success(result)
        elif self._on_error:
            self._error_handled = True
            for failure in self._on_error:
                failure(error)
        else:
            # In synchronous mode on_error() may still be chained after run_db() returns: decide later.
            QTimer.singleShot(0, self, self._report_if_unhandled)
        self._on_success.clear()
        self._on_error.clear()

    @Slot()
    def _report_if_unhandled(self) -> None:
        if self._error is not None and not self._error_handled:
            from mediator_app.ui.errors import report_exception

            report_exception(self._error, _window_of(self.parent()))


def _window_of(obj: QObject | None) -> Any:
    from PySide6.QtWidgets import QWidget

    return obj.window() if isinstance(obj, QWidget) else None


class DbExecutor(QObject):
    """One worker thread for database jobs; `busy_changed` tells the window to show it is working."""

    busy_changed = Signal(bool)
    _finished = Signal(int, object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._tasks: dict[int, Task[Any]] = {}  # database jobs not yet delivered: the window is busy
        self._aside: dict[int, Task[Any]] = {}  # `run_aside` jobs not yet delivered
        self._jobs: dict[int, tuple[Callable[..., Any], tuple[Any, ...]]] = {}  # released in `_deliver`
        self._keys = itertools.count(1)
        self.synchronous = False
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def pending(self) -> int:
        return len(self._tasks)

    def submit(self, fn: Callable[..., T], args: tuple[Any, ...], owner: QObject | None) -> Task[T]:
        key = next(self._keys)
        task: Task[T] = Task(getattr(fn, "__qualname__", repr(fn)), owner)
        self._tasks[key] = task
        self._jobs[key] = (fn, args)
        if len(self._tasks) == 1:
            self.busy_changed.emit(True)
        if self.synchronous:
            self._deliver(key, *self._run(key))
        else:
            self._pool.start(lambda: self._finished.emit(key, *self._run(key)))
        return task

    def aside(self, fn: Callable[..., T], args: tuple[Any, ...], owner: QObject | None, name: str) -> Task[T]:
        key = next(self._keys)
        task: Task[T] = Task(name, owner)
        self._aside[key] = task
        self._jobs[key] = (fn, args)
        worker = threading.Thread(target=lambda: self._finished.emit(key, *self._run(key)), name=name, daemon=True)
        task.worker = worker
        worker.start()
        return task

    def _run(self, key: int) -> tuple[Any, BaseException | None]:
        """On the worker: the job's references here end with this call, while `_jobs` still holds it."""
        fn, args = self._jobs[key]
        return _call(fn, args)

    @Slot(int, object, object)
    def _deliver(self, key: int, result: Any, error: BaseException | None) -> None:
        job = self._jobs.pop(key, None)
        task = self._aside.pop(key, None)
        if task is None:
            task = self._tasks.pop(key, None)
            if not self._tasks:
                self.busy_changed.emit(False)
        del job  # on the GUI thread, whatever the job held
        if task is None or not shiboken6.isValid(task):
            log.debug("result of %s dropped: its owner is gone", task.name if task else "?")
            return
        task._resolve(result, error)

    def wait(self, msecs: int = 10_000) -> bool:
        """Block until the worker is idle (used at exit); queued results are not delivered."""
        return self._pool.waitForDone(msecs)


def _call(fn: Callable[..., Any], args: tuple[Any, ...]) -> tuple[Any, BaseException | None]:
    try:
        return fn(*args), None
    except BaseException as exc:  # every failure is handed back to the GUI thread, never lost here
        return None, exc


_executor: DbExecutor | None = None


def executor() -> DbExecutor:
    """The program's database executor, created on first use as a child of the application."""
    global _executor
    if _executor is None or not shiboken6.isValid(_executor):
        _executor = DbExecutor(QCoreApplication.instance())
    return _executor


def run_db(fn: Callable[..., T], *args: Any, owner: QObject | None = None) -> Task[T]:
    """Run `fn(*args)` on the database thread. Pass `owner` to drop the result if that widget is gone."""
    return executor().submit(fn, args, owner)


def run_aside(fn: Callable[..., T], *args: Any, owner: QObject | None = None, name: str = "aside") -> Task[T]:
    """Run `fn(*args)` on a thread of its own (named `name`); the outcome as for `run_db`. The task's
    `worker` is the thread, to join at exit."""
    return executor().aside(fn, args, owner, name)


def set_synchronous(on: bool) -> None:
    """Run jobs inline on the calling thread (tests); callbacks still run on the GUI thread."""
    executor().synchronous = on
