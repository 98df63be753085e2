"""Window sizes against the screen. Kept apart from `widgets.py` because the main window uses it before
its first paint, when nothing may import the Qt namespace's enums (see `main_window`)."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize to width×height, but never beyond the screen: office PCs often have 1366×768, and a
    dialog taller than the screen would hide its 保存 button (the content scrolls instead)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        available = screen.availableGeometry()
        width, height = min(width, available.width() - 20), min(height, available.height() - 40)
    widget.resize(width, height)
