"""Widgets are deleted on the GUI thread, by their Qt parent or by the GUI-thread collector
(ui/gui_gc.py): the GUI suite once crashed at random when a database thread's allocation set off
Python's cycle collection and it deleted a window there."""

from __future__ import annotations

import gc
import threading
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtWidgets import QApplication, QWidget

from mediator_app.storage.database import Database
from tests.gui.test_main_window import open_window

pytestmark = pytest.mark.gui


def test_automatic_collection_is_off_and_a_cycle_is_collected_on_the_gui_thread(qtbot: Any) -> None:
    assert not gc.isenabled()
    deleted_on: list[str] = []
    widget = QWidget()
    widget.destroyed.connect(lambda: deleted_on.append(threading.current_thread().name))
    cycle: dict[str, Any] = {"widget": widget}
    cycle["self"] = cycle  # only the cycle collector can free it
    del widget, cycle

    kept: list[list[object]] = []

    def allocate() -> None:  # what a database job does: containers, more than the young generation's threshold
        kept.extend([] for _ in range(gc.get_threshold()[0] * 3))

    worker = threading.Thread(target=allocate, name="database")
    worker.start()
    worker.join()
    assert deleted_on == []  # not collected on the database thread
    qtbot.waitUntil(lambda: deleted_on != [], timeout=5_000)
    assert deleted_on == [threading.main_thread().name]
    assert len(kept) > gc.get_threshold()[0]


def test_the_window_owns_every_widget_it_holds(qtbot: Any, committee_db: Database) -> None:
    """A widget with a Qt parent but owned by Python is deleted when its Python object goes, whatever
    the parent is doing (PySide's QSplitter.replaceWidget left the list and case panes so)."""
    window = open_window(qtbot, Path(committee_db.description))
    owned = [
        type(w).__name__
        for w in QApplication.allWidgets()
        if window.isAncestorOf(w) and shiboken6.ownedByPython(w) and w.parent() is not None
    ]
    assert owned == []
