"""run_db: work on the database thread, callbacks on the GUI thread, errors handed back, owners respected."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from mediator_app.errors import UserFacingError
from mediator_app.ui import errors as ui_errors
from mediator_app.ui import tasks
from mediator_app.ui.tasks import executor, run_db
from tests.gui.conftest import wait_for_tasks


def test_result_arrives_on_the_gui_thread(qtbot: Any) -> None:
    worker_threads: list[threading.Thread] = []
    callback_threads: list[threading.Thread] = []

    def job(a: int, b: int) -> int:
        worker_threads.append(threading.current_thread())
        return a + b

    results: list[int] = []
    run_db(job, 2, 3).on_success(lambda r: (results.append(r), callback_threads.append(threading.current_thread())))
    wait_for_tasks(qtbot)
    assert results == [5]
    assert worker_threads[0] is not threading.main_thread()
    assert callback_threads == [threading.main_thread()]


def test_jobs_run_one_at_a_time_in_order(qtbot: Any) -> None:
    order: list[int] = []
    for n in range(5):
        run_db(lambda n=n: n).on_success(order.append)
    wait_for_tasks(qtbot)
    assert order == [0, 1, 2, 3, 4]
    assert executor()._pool.maxThreadCount() == 1


def test_error_goes_to_on_error(qtbot: Any) -> None:
    def job() -> None:
        raise UserFacingError("数据文件被占用")

    seen: list[BaseException] = []
    run_db(job).on_success(lambda _r: pytest.fail("no result expected")).on_error(seen.append)
    wait_for_tasks(qtbot)
    assert isinstance(seen[0], UserFacingError) and seen[0].message == "数据文件被占用"


def test_unhandled_error_is_reported(qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    reported: list[BaseException] = []
    monkeypatch.setattr(ui_errors, "report_exception", lambda exc, _parent=None: reported.append(exc))

    def job() -> None:
        raise RuntimeError("bug")

    run_db(job)
    wait_for_tasks(qtbot)
    qtbot.waitUntil(lambda: len(reported) == 1)
    assert str(reported[0]) == "bug"


def test_result_for_a_destroyed_owner_is_dropped(qtbot: Any) -> None:
    gate = threading.Event()
    owner = QWidget()
    results: list[object] = []
    run_db(lambda: gate.wait(5), owner=owner).on_success(results.append)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not tasks.shiboken6.isValid(owner))
    gate.set()
    wait_for_tasks(qtbot)
    assert results == []


def test_synchronous_mode_runs_inline(qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    reported: list[BaseException] = []
    monkeypatch.setattr(ui_errors, "report_exception", lambda exc, _parent=None: reported.append(exc))
    monkeypatch.setattr(executor(), "synchronous", True)
    results: list[object] = []
    errors: list[BaseException] = []
    run_db(threading.current_thread).on_success(results.append)
    run_db(lambda: 1 / 0).on_error(errors.append)  # registered after the job already failed
    assert results == [threading.main_thread()]
    assert isinstance(errors[0], ZeroDivisionError)
    assert executor().pending() == 0
    qtbot.wait(20)
    assert reported == []  # handled, if late


class BusyWatcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.states: list[bool] = []

    def record(self, busy: bool) -> None:
        self.states.append(busy)


def test_busy_signal(qtbot: Any) -> None:
    watcher = BusyWatcher()
    executor().busy_changed.connect(watcher.record)  # ends with the watcher: no disconnect() (see ui/signals.py)
    run_db(lambda: None)
    wait_for_tasks(qtbot)
    assert watcher.states == [True, False]
