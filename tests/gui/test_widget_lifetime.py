"""The window owns the widgets it shows: a widget owned by Python is deleted when its Python object
goes, whatever its Qt parent is doing (docs/testing-notes.md, "Widget lifetime and the Tab order")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtWidgets import QApplication

from mediator_app.storage.database import Database
from tests.gui.test_main_window import open_window

pytestmark = pytest.mark.gui


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
