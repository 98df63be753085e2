"""Qt objects that Python owns are deleted on the GUI thread only, whichever thread collects a cycle.

Python collects reference cycles in whichever thread happens to allocate when a generation's
threshold is passed; with `run_db` jobs (`ui/tasks.py`) and the day's backup that is often a worker
thread. A cycle can hold the last reference to a Qt object that Python owns (a window or dialog made
without a Qt parent, as the tests make them; a lambda connected to its own object's signal), and
collecting it there runs the C++ destructor off the GUI thread while the GUI thread may be painting
or laying the widget out. (PySide hands a plain Qt class's deletion to the object's thread, but not a
Python subclass's, and every window of the program is one: docs/testing-notes.md.) The GUI suite crashed that way at random places ("QBasicTimer::stop: Failed.
Possibly trying to stop from a different thread", "QPaintDevice: Cannot destroy paint device that is
being painted", then a segfault), and any change in how much a test allocated moved the crash: a
change of the dialogs' Tab order was twice blamed and reverted (docs/testing-notes.md).

Automatic collection stays on (switching it off and collecting from a timer delayed the deletion of
closed dialogs and failed a work-order test). Instead, when a collection starts on another thread,
every Python-owned Qt object of the generations being collected that belongs to the GUI thread is
held by a strong reference, so this collection cannot reach it; the GUI thread drops the references
at its next turn of the event loop and collects there. A young-generation pass looks at a few
hundred objects; a full pass, which looks at every object, seldom starts off the GUI thread.
"""

from __future__ import annotations

import gc
import threading
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot


class GuiThreadDeleter(QObject):
    """Keeps what a worker thread's collection would have deleted until the GUI thread can."""

    rescued = Signal()

    def __init__(self, app: QObject) -> None:
        super().__init__(app)
        self.setObjectName("GuiThreadDeleter")
        self.gui_thread = threading.current_thread()
        self.held: list[QObject] = []
        self.generation = 0  # the oldest generation a held object was rescued from
        self.rescued_total = 0  # what the tests and the notes count
        self._lock = threading.Lock()
        self.rescued.connect(self.release, Qt.ConnectionType.QueuedConnection)
        gc.callbacks.append(self.on_collection)

    def on_collection(self, phase: str, info: dict[str, Any]) -> None:
        if phase != "start" or threading.current_thread() is self.gui_thread:
            return
        generation = int(info["generation"])
        found = [
            obj
            for younger in range(generation + 1)
            for obj in gc.get_objects(younger)
            if issubclass(type(obj), QObject) and _owned_by_gui(obj, self.thread())
        ]
        if not found:
            return
        with self._lock:
            self.held.extend(found)
            self.generation = max(self.generation, generation)
            self.rescued_total += len(found)
        self.rescued.emit()

    @Slot()
    def release(self) -> None:
        """On the GUI thread: drop the references and collect what is garbage now, here."""
        with self._lock:
            if not self.held:
                return
            held, self.held = self.held, []
            generation, self.generation = self.generation, 0
        del held
        # What survived a collection of generation n moved to n + 1: collecting that one (and the
        # younger ones) reaches it, and a full pass happens only after a full pass elsewhere.
        gc.collect(min(generation + 1, 2))


def _owned_by_gui(obj: QObject, gui_thread: object) -> bool:
    """A live object whose C++ side Python deletes and whose thread is the GUI thread."""
    try:
        return shiboken6.isValid(obj) and shiboken6.ownedByPython(obj) and obj.thread() == gui_thread
    except RuntimeError:  # deleted between the two checks: its wrapper deletes nothing
        return False


def delete_on_gui_thread(app: QObject | None = None) -> GuiThreadDeleter:
    """Install the guard once per application, on the GUI thread, before the first worker thread
    starts (a second call returns the first)."""
    owner = app if app is not None else QCoreApplication.instance()
    assert owner is not None, "the application object comes first"
    existing = owner.findChild(GuiThreadDeleter, "GuiThreadDeleter")
    return existing if existing is not None else GuiThreadDeleter(owner)
