"""Guard against the PySide6 6.12.0 defect: ``SignalInstance.emit()`` returned ``True`` without a
reference, so on Python 3.11 every emit took a reference from ``True`` and after ~10,000 emits (a
morning of typing) the process aborted with "bool_dealloc", losing unsaved input. pyproject.toml
pins PySide6 below 6.12; this test fails if an upgrade brings the defect back."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class Source(QObject):
    happened = Signal(int)
    pinged = Signal()


def test_emitting_leaves_the_reference_count_of_true_alone() -> None:
    source = Source()
    received: list[int] = []
    source.happened.connect(received.append)
    source.pinged.connect(lambda: None)
    before = sys.getrefcount(True)
    for n in range(200):
        source.happened.emit(n)
        source.pinged.emit()
    assert sys.getrefcount(True) >= before
    assert len(received) == 200
