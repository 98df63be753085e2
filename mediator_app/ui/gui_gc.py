"""Python's cycle collection runs on the GUI thread only, so a Qt object that Python owns is never
deleted on another thread.

Python collects reference cycles in whichever thread allocates when a generation's threshold is
passed; with `run_db` jobs (`ui/tasks.py`) and the day's backup that is often a worker thread. A
cycle can hold the last reference to a Qt object that Python owns (a window or dialog made without a
Qt parent, as the tests make them; a lambda connected to its own object's signal), and collecting it
there runs the C++ destructor off the GUI thread while the GUI thread may be painting, laying the
widget out or calling it as an event filter. (PySide hands a plain Qt class's deletion to the object's
thread, but not a Python subclass's, and every window of the program is one: docs/testing-notes.md.)

A first guard held the GUI thread's Qt objects of the generations being collected when a collection
started on another thread. It could not see an old window whose last reference was held by young
garbage: freeing that garbage freed the window, on the worker. CI's GUI suite crashed so, in an
application event filter (`ui/access/idle.py`) of a window a test had just let go, in one run of two
(docs/testing-notes.md). So automatic collection is off while the collector is installed, and the GUI
thread collects what the thresholds call for:

- each time its event loop is about to wait (`QAbstractEventDispatcher.aboutToBlock`): after every
  burst of events, and never while idle;
- every `BUSY_MS` while database jobs run (`set_busy`, on `ui.tasks` executor's `busy_changed`), so a
  long job's garbage waits no longer.

A collection someone starts explicitly on another thread (`gc.collect()` in a library) still gets the
first guard: the GUI thread's Qt objects of those generations are held, and dropped and collected at
the GUI thread's next turn.
"""

from __future__ import annotations

import gc
import threading
from typing import Any

import shiboken6
from PySide6.QtCore import QAbstractEventDispatcher, QCoreApplication, QObject, Qt, QTimer, Signal, Slot

BUSY_MS = 250  # while a background job runs: its garbage is collected at least this often
NAME = "GuiThreadCollector"


class GuiThreadCollector(QObject):
    """Collects cycles on the GUI thread when Python's thresholds call for it; keeps what another
    thread's explicit collection would have deleted until the GUI thread can."""

    rescued = Signal()

    def __init__(self, app: QObject) -> None:
        super().__init__(app)
        self.setObjectName(NAME)
        self.gui_thread = threading.current_thread()
        self.held: list[QObject] = []
        self.generation = 0  # the oldest generation a held object was rescued from
        self.rescued_total = 0  # what the tests and the notes count
        self.collected = [0, 0, 0]  # collections run here, per generation (tests, notes)
        # Python's rule against quadratic full passes, kept here: a full pass only once the objects moved
        # to the oldest generation since the last one are a quarter of those it then held.
        self.long_lived_total = len(gc.get_objects(2))
        self.long_lived_pending = 0
        self._lock = threading.Lock()
        self._busy_timer = QTimer(self)
        self._busy_timer.setInterval(BUSY_MS)
        self._busy_timer.timeout.connect(self.collect_due)
        self.rescued.connect(self.release, Qt.ConnectionType.QueuedConnection)
        dispatcher = QAbstractEventDispatcher.instance(self.thread())
        assert dispatcher is not None, "the GUI thread has its event dispatcher once the application exists"
        dispatcher.aboutToBlock.connect(self.collect_due)
        from mediator_app.ui.tasks import executor

        executor().busy_changed.connect(self.set_busy)
        gc.callbacks.append(self.on_collection)
        gc.disable()

    def uninstall(self) -> None:
        """Automatic collection on again, after collecting here what is garbage now (tests)."""
        dispatcher = QAbstractEventDispatcher.instance(self.thread())
        if dispatcher is not None:
            dispatcher.aboutToBlock.disconnect(self.collect_due)
        self._busy_timer.stop()
        gc.callbacks.remove(self.on_collection)
        gc.collect()
        gc.enable()
        self.deleteLater()

    @Slot(bool)
    def set_busy(self, busy: bool) -> None:
        """Background jobs started (True) or all finished (False)."""
        if busy:
            self._busy_timer.start()
        else:
            self._busy_timer.stop()

    @Slot()
    def collect_due(self) -> None:
        """The collection Python would have run by now, if any: the oldest generation whose count
        passed its threshold, a full pass only when the long-lived objects grew by a quarter (as
        CPython 3.11's `gc_collect_generations`; the objects promoted are counted before each
        middle-generation pass, garbage included, so a full pass may come a little sooner)."""
        counts = gc.get_count()
        thresholds = gc.get_threshold()
        if not thresholds[0]:
            return
        for generation in (2, 1, 0):
            if counts[generation] <= thresholds[generation]:
                continue
            if generation == 2 and self.long_lived_pending < self.long_lived_total // 4:
                continue
            if generation == 1:
                self.long_lived_pending += len(gc.get_objects(1))
            gc.collect(generation)
            if generation == 2:
                self.long_lived_total = len(gc.get_objects(2))
                self.long_lived_pending = 0
            self.collected[generation] += 1
            return

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


def installed(app: QObject | None = None) -> GuiThreadCollector | None:
    """The application's collector, if `collect_on_gui_thread` was called."""
    owner = app if app is not None else QCoreApplication.instance()
    return None if owner is None else owner.findChild(GuiThreadCollector, NAME)


def collect_on_gui_thread(app: QObject | None = None) -> GuiThreadCollector:
    """Install the collector once per application, on the GUI thread, before the first worker thread
    starts (a second call returns the first)."""
    owner = app if app is not None else QCoreApplication.instance()
    assert owner is not None, "the application object comes first"
    existing = installed(owner)
    return existing if existing is not None else GuiThreadCollector(owner)
