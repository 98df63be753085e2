"""What the main window remembers between runs (QSettings): its size and place, the split between the
list and the case, the list's columns and filters. Kept out of `ui/main_window.py`, which calls these
at start (`restore`, and `restore_built` once the panes exist) and on closing (`save`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings

if TYPE_CHECKING:
    from mediator_app.ui.main_window import MainWindow


def restore(window: MainWindow) -> None:
    """The window's geometry as it was left (or fitted to the screen the first time); the panes'
    state now if they are built, else `finish_building` restores it."""
    from mediator_app.ui.screen import fit_to_screen

    window.remember_state = True
    settings = QSettings()
    geometry = settings.value("window/geometry")
    if geometry is None or not window.restoreGeometry(geometry):
        fit_to_screen(window, 1400, 900)
    if window._built:
        restore_built(window, settings)


def restore_built(window: MainWindow, settings: QSettings) -> None:
    splitter = settings.value("window/splitter")
    if splitter is not None and window.splitter.restoreState(splitter):
        window._splitter_fitted = True  # the mediator's own split
    window.case_list.restore_state(settings)


def save(window: MainWindow) -> None:
    settings = QSettings()
    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/splitter", window.splitter.saveState())
    window.case_list.save_state(settings)
