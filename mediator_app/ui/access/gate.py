"""Between opening the database and showing any case: who is working (docs/privacy.md).

`open_desk` (database thread) opens the file and, when `MEDIATOR_USER` / `MEDIATOR_PASSWORD` are set
(scripts, tests, screenshots: the same variables as the command line), logs in with them — or, on a
file without accounts, creates the administrator from them. `AccessGate.run` (GUI thread) then asks
whatever is still missing: the first administrator on a file without accounts, else the login; only
after that does the window load the case list. `apply_roles` disables the actions the person's role
may not use, with a tooltip saying why; `IdleLock` locks the window after the set idle time.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

from mediator_app.ui.toolbar_rows import ToolBarRows

if TYPE_CHECKING:
    from mediator_app.domain.access import Actor
    from mediator_app.domain.model import Committee
    from mediator_app.services.desk import Desk

USER_ENV, PASSWORD_ENV = "MEDIATOR_USER", "MEDIATOR_PASSWORD"


class OpenedDesk(NamedTuple):
    desk: Desk
    committee: Committee | None
    has_accounts: bool
    idle_minutes: int


class Secret(NamedTuple):
    """What the person typed to open an encrypted file (ui/access/key_prompt.py)."""

    passphrase: str | None = None
    recovery_code: str | None = None


def open_desk(path: Path | str, secret: Secret | None = None) -> OpenedDesk:
    """The first database job: import the services (SQLAlchemy, SQLModel, Alembic; docs/tech-notes.md,
    "Import costs") here on the database thread, not the GUI thread; open the file; log in from the
    environment if it says who; read the committee."""
    from mediator_app.errors import UserFacingError
    from mediator_app.services.desk import Desk

    given = secret or Secret()
    desk = Desk.open(path, passphrase=given.passphrase, recovery_code=given.recovery_code)
    has_accounts = desk.has_accounts()
    user, password = os.environ.get(USER_ENV, "").strip(), os.environ.get(PASSWORD_ENV, "")
    if user and password:
        try:
            if has_accounts:
                desk.login(user, password)
            else:
                desk.create_first_admin(user, user, password)
                has_accounts = True
        except UserFacingError:
            pass  # a wrong or unusable account: the dialog asks (and the failure is in the audit log)
    elif has_accounts:
        desk.db.actor = None
    return OpenedDesk(desk, desk.committee(), has_accounts, desk.access_settings().idle_minutes)


class AccessGate(QObject):
    """Asks for the administrator or the login, then calls `then`; `refused` when the user quits."""

    def __init__(self, window: QWidget, desk: Desk) -> None:
        super().__init__(window)
        self.window = window
        self.desk = desk

    def run(self, has_accounts: bool, then: Callable[[], None], refused: Callable[[], object]) -> None:
        from PySide6.QtCore import Qt

        from mediator_app.ui.access.login import FirstAdminDialog, LoginDialog

        if has_accounts and self.desk.actor is not None and self.desk.actor.role is not None:
            then()
            return
        if not has_accounts and self.desk.db.read_only:
            # No administrator can be created in a file that cannot be written; it is read (viewed and
            # printed, never changed) as 本机用户, as every file without accounts is (docs/privacy.md).
            then()
            return
        dialog = LoginDialog(self.desk, self.window) if has_accounts else FirstAdminDialog(self.desk, self.window)
        dialog.setObjectName("access_dialog")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.logged_in.connect(lambda _actor: then())
        dialog.rejected.connect(refused)
        dialog.open()


def show_accounts(window: QWidget, desk: Desk | None) -> None:
    """工具 → 账户管理."""
    from mediator_app.ui.access.accounts_dialog import AccountsDialog

    if desk is not None:
        AccountsDialog(desk, window).open()


def show_person(window: QMainWindow, actor: Actor | None) -> None:
    """Who is working, in the status bar (the audit log names the same person)."""
    if actor is not None and actor.role is not None:
        who = QLabel(window.tr("当前用户：{name}（{role}）").format(name=actor.display_name, role=actor.role.value))
        who.setObjectName("current_user")
        who.setToolTip(who.text())
        who.setProperty("fullText", who.text())  # 当前用户： dropped where the bar is narrow (ui/toolbar_rows.py)
        window.statusBar().addPermanentWidget(who)
        for rows in window.findChildren(ToolBarRows):
            rows.fit_status_bar()


def apply_roles(actions: dict[str, QAction], permissions: dict[str, str], actor: Actor | None) -> None:
    """Disable each action whose permission the person's role lacks, its tooltip saying why; the
    tooltip of an allowed action is its own (kept in the `base_tip` property)."""
    from mediator_app.domain.access import Permission, refusal

    for key, action in actions.items():
        if action.property("base_tip") is None:
            action.setProperty("base_tip", action.toolTip())
        needed = permissions.get(key, "")
        if not needed or actor is None or actor.may(Permission(needed)):
            action.setToolTip(str(action.property("base_tip")))
            continue
        action.setEnabled(False)
        action.setToolTip(refusal(actor, Permission(needed)))
