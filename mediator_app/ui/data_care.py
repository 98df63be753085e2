"""The main window's care of its data file: the daily backup and integrity watches, the backups
dialog, and what the window shows when the file cannot be opened.

Kept out of `ui/main_window.py` so the window stays a frame that wires panes and actions together;
each function takes the window and sets or reads only the attributes named in its docstring.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:
    from mediator_app.services.desk import Desk
    from mediator_app.ui.main_window import MainWindow


def _tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


def start_watches(window: MainWindow, desk: Desk) -> None:
    """Start the daily backup (`window.backup_watch`) and the integrity check (`window.integrity_watch`)
    once the file is open; a read-only file gets neither (nothing can be written beside it), only the
    status-bar note saying so in `window.backup_label`; a server gets neither either: its backups and
    checks are the server's (pg_dump, docs/centre.md section 5), and the file checks would only fail
    there. Every file and server gets the watch of other workstations' changes (`window.change_watch`)."""
    watch_changes(window, desk)
    if isinstance(window.db_path, str):
        return
    if desk.db.read_only:
        window.backup_label.setText(_tr("数据文件只读：只能查看和打印，不能保存"))
        window.backup_label.setToolTip(desk.db.writes_refused or "")
        return
    from mediator_app.ui.backup_dialog import BackupWatch
    from mediator_app.ui.integrity_watch import IntegrityWatch

    window.backup_watch = BackupWatch(desk, window.clock.today(), window.backup_label)
    window.backup_watch.start()
    window.integrity_watch = IntegrityWatch(desk, window.clock.today(), window.backup_label, window)
    window.integrity_watch.restored.connect(lambda _aside: window.refresh_all())
    window.integrity_watch.start()


def watch_changes(window: MainWindow, desk: Desk) -> None:
    """Reload the lists when another workstation (or program) commits a change; say so in the status
    bar while the server (or the file) cannot be reached (ui/change_watch.py)."""
    from PySide6.QtWidgets import QLabel

    from mediator_app.ui.change_watch import ChangeWatch

    label = QLabel()
    label.setProperty("role", "error")
    window.statusBar().insertPermanentWidget(1, label)  # after the count (index 0): first on the right
    window.change_watch = ChangeWatch(desk, label, isinstance(window.db_path, str), window)
    window.change_watch.changed.connect(window.refresh)
    window.change_watch.start()


def show_backups(window: MainWindow) -> None:
    """工具 → 数据备份: the backups dialog; a restore reloads every view, and closing it updates the
    status-bar reminder of `window.backup_watch`."""
    from mediator_app.ui.backup_dialog import BackupDialog

    if window.desk is None:
        return
    dialog = BackupDialog(window.desk, window)
    dialog.restored.connect(window.refresh_all)
    watch = window.backup_watch
    if watch is not None:
        dialog.finished.connect(lambda _r: watch.update())
    dialog.open()


def database_failed(window: MainWindow, exc: BaseException) -> None:
    """The file could not be opened: say why in the case view; a damaged file is offered the newest
    good backup instead of a bare error (`window.open_database` is tried again after a restore); an
    encrypted file whose key the credential store lacks asks for the passphrase or recovery code."""
    from mediator_app.errors import UserFacingError
    from mediator_app.storage.engine import DatabaseDamaged
    from mediator_app.ui.access.key_prompt import ask_for_key
    from mediator_app.ui.errors import report_exception
    from mediator_app.ui.integrity_watch import offer_after_failed_open

    text = exc.message if isinstance(exc, UserFacingError) else _tr("无法打开数据文件。")
    window.case_view.show_message(text)
    path = window.db_path
    if isinstance(path, str):  # a server: its problems are the server's (docs/centre.md)
        report_exception(exc, window)
        return
    if isinstance(exc, DatabaseDamaged):
        offer_after_failed_open(window, path, exc.message, window.open_database)
        return
    if not ask_for_key(window, path, exc, window._database_opened):  # an encrypted file: its key
        report_exception(exc, window)
