"""A window that Python owns is deleted on the GUI thread even when another thread's allocation sets
off the cycle collection that finds it garbage (ui/gui_gc.py): the GUI suite once crashed at random
when a database thread's collection deleted a closed dialog there."""

from __future__ import annotations

import gc
import threading
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit

from mediator_app.ui.gui_gc import delete_on_gui_thread

pytestmark = pytest.mark.gui


class Dialog(QDialog):
    """A dialog class of the program's own (PySide deletes a plain QDialog's wrapper on the GUI thread
    by itself; a Python subclass's, as every window of the program is, in the collecting thread)."""


def _garbage_dialog(deleted_on: list[str]) -> None:
    """A shown-and-closed dialog with a field, held only by a reference cycle."""
    dialog = Dialog()
    field = QLineEdit(dialog)
    field.setFocus()
    dialog.show()
    dialog.close()
    # The field's signal, connected directly: recorded in the thread that runs the destructors.
    field.destroyed.connect(
        lambda: deleted_on.append(threading.current_thread().name), Qt.ConnectionType.DirectConnection
    )
    cycle: dict[str, Any] = {"dialog": dialog}
    cycle["self"] = cycle  # only the cycle collector can free it


def test_a_collection_on_a_worker_thread_leaves_the_dialog_to_the_gui_thread(qtbot: Any) -> None:
    deleter = delete_on_gui_thread(QApplication.instance())
    rescued_before = deleter.rescued_total
    deleted_on: list[str] = []
    gc.disable()  # no automatic collection on this thread before the worker's
    try:
        _garbage_dialog(deleted_on)
        worker = threading.Thread(target=gc.collect, name="database")
        worker.start()
        worker.join()
    finally:
        gc.enable()
    assert deleted_on == []  # not on the database thread
    assert deleter.rescued_total > rescued_before
    qtbot.waitUntil(lambda: deleted_on != [], timeout=5_000)  # the GUI thread's next turn
    assert deleted_on == [threading.main_thread().name]


def test_a_collection_on_the_gui_thread_deletes_at_once() -> None:
    deleted_on: list[str] = []
    _garbage_dialog(deleted_on)
    gc.collect()
    assert deleted_on == [threading.main_thread().name]


def test_the_guard_is_installed_once() -> None:
    app = QApplication.instance()
    assert delete_on_gui_thread(app) is delete_on_gui_thread(app)
    assert sum(1 for callback in gc.callbacks if getattr(callback, "__name__", "") == "on_collection") == 1
