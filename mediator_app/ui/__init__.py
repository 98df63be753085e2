"""The Qt user interface. Only this package (and the composition root `app.py`) imports PySide6."""
