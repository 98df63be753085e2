"""The idle lock: after the set minutes without a key press or mouse use the window locks itself.

Every window of the program is hidden (not closed: what is typed in an open dialog stays as it is)
and only the password prompt shows; the same person's password shows them again (PIPL Art. 51: an
office PC is shared and left unattended). The minutes are an access setting (default 10).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from mediator_app.services.desk import Desk

_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.InputMethod,
        QEvent.Type.TouchBegin,
    }
)


class IdleLock(QObject):
    locked_changed = Signal()  # locked or unlocked: the window turns its actions off or on again

    def __init__(self, window: QWidget, desk: Desk, minutes: int) -> None:
        super().__init__(window)
        self.window = window
        self.desk = desk
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(minutes * 60_000)
        self.timer.timeout.connect(self.lock)
        self.hidden: list[QWidget] = []
        self.prompt: QWidget | None = None
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.timer.start()

    @property
    def locked(self) -> bool:
        return self.prompt is not None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.locked and event.type() in _INPUT:
            self.timer.start()  # restart: the idle time counts from the last input
        return super().eventFilter(watched, event)

    def lock(self) -> None:
        """Hide every window and ask for the password (also 工具 → 锁定屏幕)."""
        from mediator_app.ui.access.login import LoginDialog

        if self.locked or self.desk.actor is None or self.desk.actor.role is None:
            return
        self.hidden = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        for widget in self.hidden:
            widget.hide()
        prompt = LoginDialog(self.desk, None, unlock=True)
        prompt.setObjectName("unlock_dialog")
        prompt.logged_in.connect(lambda _actor: self._unlocked())
        self.prompt = prompt
        self.locked_changed.emit()
        prompt.show()

    def _unlocked(self) -> None:
        for widget in self.hidden:
            widget.show()
        self.hidden = []
        self.prompt = None
        self.locked_changed.emit()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
