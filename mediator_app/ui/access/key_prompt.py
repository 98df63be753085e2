"""Opening an encrypted database whose key the credential store does not give (a headless or locked
Linux, a new Windows profile, a deleted entry): the passphrase, or the recovery code from the
committee's safe (docs/privacy.md, "The key"). A wrong one is refused with the file untouched
(`services/keys.unlock` checks before the database is read) and the prompt stays."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from mediator_app.ui.access.gate import OpenedDesk, Secret, open_desk
from mediator_app.ui.access.login import BIG
from mediator_app.ui.tasks import run_db
from mediator_app.ui.text_size import set_style_sheet
from mediator_app.ui.widgets import label


def ask_for_key(window: QWidget, path: Path, exc: BaseException, opened: Callable[[OpenedDesk], None]) -> bool:
    """Ask for the key when `exc` says the file needs one; False for any other failure."""
    from mediator_app.services.keys import KeyProblem, is_encrypted

    if not isinstance(exc, KeyProblem) or not is_encrypted(path):
        return False
    dialog = KeyDialog(path, exc.message, window)
    dialog.setObjectName("key_dialog")
    dialog.opened.connect(opened)
    dialog.open()
    return True


class KeyDialog(QDialog):
    opened = Signal(object)  # OpenedDesk

    def __init__(self, path: Path, why: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.setWindowTitle(self.tr("打开加密的数据文件"))
        set_style_sheet(self, f"QLabel, QLineEdit, QPushButton, QRadioButton {{ {BIG} }}")
        layout = QVBoxLayout(self)
        intro = self.tr(
            "数据文件已加密，本机的密码保管服务中没有它的密钥。请输入口令；忘记口令或换了电脑的，请输入保险柜中的恢复码。"
        )
        layout.addWidget(label(intro, "hint", word_wrap=True))
        self.use_passphrase = QRadioButton(self.tr("口令"))
        self.use_code = QRadioButton(self.tr("恢复码（六组字母和数字，横线可省略）"))
        self.use_passphrase.setChecked(True)
        layout.addWidget(self.use_passphrase)
        layout.addWidget(self.use_code)
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.use_code.toggled.connect(self._kind_changed)
        layout.addWidget(self.secret)
        self.message = QLabel(why)
        self.message.setProperty("role", "error")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton(self.tr("打开"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._try)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(600, self.sizeHint().height())

    def _kind_changed(self, code: bool) -> None:
        self.secret.setEchoMode(QLineEdit.EchoMode.Normal if code else QLineEdit.EchoMode.Password)

    def _try(self) -> None:
        text = self.secret.text().strip()
        if not text:
            self.message.setText(self.tr("请输入口令或恢复码"))
            return
        secret = Secret(recovery_code=text) if self.use_code.isChecked() else Secret(passphrase=text)
        self.ok.setEnabled(False)
        self.message.setText(self.tr("正在核对…"))
        run_db(open_desk, self.path, secret, owner=self).on_success(self._opened).on_error(self._refused)

    def _opened(self, opened: OpenedDesk) -> None:
        self.accept()
        self.opened.emit(opened)

    def _refused(self, exc: BaseException) -> None:
        from mediator_app.errors import UserFacingError

        if not isinstance(exc, UserFacingError):
            raise exc
        self.ok.setEnabled(True)
        self.secret.clear()
        self.message.setText(exc.message)
