"""Python's cycle collector runs on the GUI thread only.

Python collects reference cycles in whichever thread happens to allocate when a generation's
threshold is passed; with `run_db` jobs (`ui/tasks.py`) that is often a database thread. A cycle
can hold the last reference to a widget that Python owns (a window or dialog made without a Qt
parent, a lambda connected to its own signal); collecting it there deletes the widget off the GUI
thread, while the GUI thread may be painting or laying it out. The GUI suite crashed that way at
random places ("QBasicTimer::stop: Failed. Possibly trying to stop from a different thread",
"QPaintDevice: Cannot destroy paint device that is being painted", then a segfault), and any
change in how much a test allocated moved the crash (a Tab-order change was blamed once).

So the automatic collection is switched off and a GUI-thread timer does the same work: each
generation is collected when its count passes its threshold, as Python itself would decide.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500  # often enough that garbage does not pile up; a young-generation pass costs well under 1 ms


class GuiThreadCollector(QObject):
    """Owned by the application object: lives as long as the event loop that drives it."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.collect_due)
        self.timer.start()

    def stop(self) -> None:
        """Automatic collection back on (tests that leave the GUI behind)."""
        self.timer.stop()
        gc.enable()
        self.setParent(None)

    @staticmethod
    def collect_due() -> None:
        """Collect the oldest generation whose count has passed its threshold (and the younger ones)."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        due = [generation for generation in range(3) if counts[generation] > thresholds[generation]]
        if due:
            gc.collect(due[-1])


def collect_on_gui_thread(app: QObject) -> GuiThreadCollector:
    """Install the collector once per application (a second call returns the first)."""
    existing = app.findChild(GuiThreadCollector)
    return existing if existing is not None else GuiThreadCollector(app)
