"""The frozen bundle's run-time hook for PySide6, in place of PyInstaller's own (build_installer.spec).

PyInstaller's hook (PyInstaller/hooks/rthooks/pyi_rth_pyside6.py) runs before the program at every
start and ends by importing PySide6.QtCore to register an embedded qt.conf naming the bundle's Qt
folder. On Linux the command line is the same executable started with MEDIATOR_COMMAND_LINE=1
(mediator_app/__main__.py), and a command never imports Qt: that import loaded shiboken, Qt Core and
ICU for nothing, ~150 ms of a 400 ms `mediator-cli render agreement` (strace of the stop-21 bundle:
`mediator-cli --version` 180 ms, of which Qt from 0.13 s to 0.29 s). The window does everything the
original hook does; the command line only sets the environment (a command that started Qt later would
still find its plugins: the PyPI wheel registers its own qt.conf when PySide6 is imported).
macOS, which the original also handles, is not a platform this program is built for.
"""


def _pyi_rthook() -> None:
    import os
    import sys

    from _pyi_rth_utils import prepend_path_to_environment_variable
    from _pyi_rth_utils import qt as qt_rth_utils

    qt_rth_utils.ensure_single_qt_bindings_package("PySide6")
    base = sys._MEIPASS  # type: ignore[attr-defined]
    qt_path = os.path.join(base, "PySide6") if sys.platform.startswith("win") else os.path.join(base, "PySide6", "Qt")
    os.environ["QT_PLUGIN_PATH"] = os.path.join(qt_path, "plugins")
    os.environ["QML2_IMPORT_PATH"] = os.path.join(qt_path, "qml")
    if sys.platform.startswith("win"):
        prepend_path_to_environment_variable(base, "PATH")  # QtNetwork's OpenSSL DLLs, as the original
    if os.environ.get("MEDIATOR_COMMAND_LINE") == "1":
        return
    qt_rth_utils.create_embedded_qt_conf("PySide6", qt_path)


_pyi_rthook()
del _pyi_rthook
