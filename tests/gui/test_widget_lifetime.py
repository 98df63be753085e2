"""A window that Python owns is deleted on the GUI thread, whichever thread allocates or collects
(ui/gui_gc.py): the GUI suite crashed at random when a database thread's collection deleted a closed
dialog there, and later when freeing young garbage there freed an old window it held."""

from __future__ import annotations

import gc
import threading
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit

from mediator_app.ui.gui_gc import GuiThreadCollector, collect_on_gui_thread

pytestmark = pytest.mark.gui


class Dialog(QDialog):
    """A dialog class of the program's own (PySide deletes a plain QDialog's wrapper on the GUI thread
    by itself; a Python subclass's, as every window of the program is, in the collecting thread)."""


def _closed_dialog(deleted_on: list[str]) -> Dialog:
    """A shown-and-closed dialog with a field; `deleted_on` gets the thread its field is deleted on."""
    dialog = Dialog()
    field = QLineEdit(dialog)
    field.setFocus()
    dialog.show()
    dialog.close()
    # The field's signal, connected directly: recorded in the thread that runs the destructors.
    field.destroyed.connect(
        lambda: deleted_on.append(threading.current_thread().name), Qt.ConnectionType.DirectConnection
    )
    return dialog


def _garbage_dialog(deleted_on: list[str]) -> None:
    """A closed dialog held only by a reference cycle."""
    cycle: dict[str, Any] = {"dialog": _closed_dialog(deleted_on)}
    cycle["self"] = cycle  # only the cycle collector can free it


def _allocate_cycles(count: int) -> None:
    """What a database job does to the collector's counts: many small reference cycles."""
    for _ in range(count):
        cycle: dict[str, Any] = {}
        cycle["self"] = cycle


def _on_worker(target: Any) -> None:
    worker = threading.Thread(target=target, name="database")
    worker.start()
    worker.join()


def test_a_workers_allocations_set_off_no_collection_there(qtbot: Any) -> None:
    collector = collect_on_gui_thread(QApplication.instance())
    assert not gc.isenabled()
    deleted_on: list[str] = []
    _garbage_dialog(deleted_on)
    _on_worker(lambda: _allocate_cycles(20 * gc.get_threshold()[0]))  # twenty times what starts a collection
    assert deleted_on == []  # not on the database thread
    before = sum(collector.collected)
    qtbot.waitUntil(lambda: deleted_on != [], timeout=5_000)  # the GUI thread's next wait for events
    assert deleted_on == [threading.main_thread().name]
    assert sum(collector.collected) > before


def test_an_old_window_freed_by_young_garbage_is_freed_on_the_gui_thread(qtbot: Any) -> None:
    """The hole of the first guard: an old dialog whose last reference young garbage holds."""
    deleted_on: list[str] = []
    old = [_closed_dialog(deleted_on)]  # no cycle: only its references keep it
    gc.collect()  # it survives a full pass: it is old now
    young: dict[str, Any] = {"old": old}
    young["self"] = young
    del old, young  # only young garbage holds it
    _on_worker(lambda: _allocate_cycles(20 * gc.get_threshold()[0]))
    assert deleted_on == []
    qtbot.waitUntil(lambda: deleted_on != [], timeout=5_000)
    assert deleted_on == [threading.main_thread().name]


def test_an_explicit_collection_on_a_worker_leaves_the_dialog_to_the_gui_thread(qtbot: Any) -> None:
    collector = collect_on_gui_thread(QApplication.instance())
    rescued_before = collector.rescued_total
    deleted_on: list[str] = []
    _garbage_dialog(deleted_on)
    _on_worker(gc.collect)
    assert deleted_on == []  # not on the database thread
    assert collector.rescued_total > rescued_before
    qtbot.waitUntil(lambda: deleted_on != [], timeout=5_000)  # the GUI thread's next turn
    assert deleted_on == [threading.main_thread().name]


def test_a_collection_on_the_gui_thread_deletes_at_once() -> None:
    deleted_on: list[str] = []
    _garbage_dialog(deleted_on)
    gc.collect()
    assert deleted_on == [threading.main_thread().name]


def test_the_gui_thread_collects_what_the_thresholds_call_for() -> None:
    collector = collect_on_gui_thread(QApplication.instance())
    collector.collect_due()  # whatever was due
    before = list(collector.collected)
    collector.collect_due()
    assert collector.collected == before  # nothing due: nothing collected
    _allocate_cycles(2 * gc.get_threshold()[0])  # past the threshold, whatever else is freed meanwhile
    collector.collect_due()
    assert sum(collector.collected) == sum(before) + 1
    assert gc.get_count()[0] < gc.get_threshold()[0]


def test_a_full_pass_waits_until_the_long_lived_objects_grew_by_a_quarter() -> None:
    collector = collect_on_gui_thread(QApplication.instance())
    for _ in range(gc.get_threshold()[2] + 1):
        gc.collect(1)  # the oldest generation's count past its threshold
    collector.long_lived_pending = 0
    before = list(collector.collected)
    _allocate_cycles(2 * gc.get_threshold()[0])  # past the threshold, whatever else is freed meanwhile
    collector.collect_due()
    assert collector.collected == [before[0] + 1, before[1], before[2]]  # a young pass instead
    collector.long_lived_pending = collector.long_lived_total // 4  # a quarter more
    _allocate_cycles(2 * gc.get_threshold()[0])  # past the threshold, whatever else is freed meanwhile
    collector.collect_due()
    assert collector.collected == [before[0] + 1, before[1], before[2] + 1]
    assert collector.long_lived_pending == 0
    assert abs(collector.long_lived_total - len(gc.get_objects(2))) < 100  # counted after the pass


def test_the_collector_is_installed_once() -> None:
    app = QApplication.instance()
    assert isinstance(collect_on_gui_thread(app), GuiThreadCollector)
    assert collect_on_gui_thread(app) is collect_on_gui_thread(app)
    assert sum(1 for callback in gc.callbacks if getattr(callback, "__name__", "") == "on_collection") == 1
