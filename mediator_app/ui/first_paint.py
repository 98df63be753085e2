"""Running something once a widget has painted for the first time: how the program shows its frame
before it imports and builds the rest (docs/architecture.md, "Start-up"). Light on purpose: imported
before the first paint, by the main window and by the start-up probe of bench/bench_startup.py."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


def after_first_paint(widget: QWidget, then: Callable[[], object]) -> None:
    """Call `then` once, after `widget`'s first paint has been handled. Of several callbacks on the same
    widget, the one registered last runs first (Qt calls the newest event filter first)."""
    _FirstPaint(widget, then)


class _FirstPaint(QObject):
    def __init__(self, watched: QWidget, then: Callable[[], object]) -> None:
        super().__init__(watched)
        self._then = then
        watched.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._then)  # after this paint has been flushed to the screen
        return False
