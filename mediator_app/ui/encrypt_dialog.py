"""工具 → 加密数据文件: converting the room's plain database into an encrypted one from the window
(services/encryption.py; docs/privacy.md, "Encrypting an existing file").

The conversion closes the database, so the window ends after it: the recovery code is shown once,
large and selectable, with what to do with it, and the program is started again on the encrypted file.
Where the computer has no credential store a passphrase is required (it is then the way in at every
start); where it has one, a passphrase is an optional second way in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from mediator_app.ui.access.login import BIG
from mediator_app.ui.errors import report_exception
from mediator_app.ui.tasks import run_db
from mediator_app.ui.text_size import set_style_sheet
from mediator_app.ui.widgets import label

if TYPE_CHECKING:
    from mediator_app.services.encryption import Encrypted
    from mediator_app.ui.main_window import MainWindow

MIN_PASSPHRASE = 8  # as services.keys.MIN_PASSPHRASE (not imported: keys is not needed to draw this)


def ask_encrypt(window: MainWindow) -> None:
    """Open the dialog for a local plain file; say why not for anything else."""
    from mediator_app.services.keys import is_encrypted
    from mediator_app.ui import messages

    path = window.db_path
    if window.desk is None:
        return
    if isinstance(path, str):
        messages.inform(
            window, window.tr("加密数据文件"), window.tr("服务器上的数据库由服务器加密保护，不在这里设置。")
        )
        return
    if is_encrypted(path):
        messages.inform(window, window.tr("加密数据文件"), window.tr("数据文件已经加密。"))
        return
    EncryptDialog(window).open()


class EncryptDialog(QDialog):
    def __init__(self, window: MainWindow) -> None:
        from mediator_app.services.keys import store_available

        super().__init__(window)
        self.window_ = window
        self.needs_passphrase = not store_available()
        self.setObjectName("encrypt_dialog")
        self.setWindowTitle(self.tr("加密数据文件"))
        layout = QVBoxLayout(self)
        intro = self.tr(
            "加密后，别人拷走或偷走数据文件也打不开。程序先做一份加密副本并逐表核对，无误后才替换；"
            "未加密的原文件另名保留在同一文件夹，确认能正常使用后再删除。"
        )
        layout.addWidget(label(intro, "hint", word_wrap=True))
        then = self.tr("完成后会显示一次“恢复码”，请抄写下来交委员会放进保险柜；然后程序关闭，请重新启动。")
        layout.addWidget(label(then, word_wrap=True))
        form = QFormLayout()
        self.passphrase = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.again = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        need = self.tr("（必填：这台电脑没有系统密码保管服务）") if self.needs_passphrase else self.tr("（可不填）")
        form.addRow(self.tr("口令") + need, self.passphrase)
        form.addRow(self.tr("再输入一次口令"), self.again)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setProperty("role", "error")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton(self.tr("加密"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.start)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        _fit(self)

    def _passphrase(self) -> str | None:
        """The passphrase to set, None for none; '' with the message shown when it cannot be used."""
        text = self.passphrase.text()
        if text != self.again.text():
            self.message.setText(self.tr("两次输入的口令不一样，请重新输入"))
            return ""
        if not text and not self.needs_passphrase:
            return None
        if len(text) < MIN_PASSPHRASE:
            self.message.setText(self.tr("口令至少 {n} 个字符").replace("{n}", str(MIN_PASSPHRASE)))
            return ""
        return text

    def start(self) -> None:
        passphrase = self._passphrase()
        desk = self.window_.desk
        if passphrase == "" or desk is None:
            return
        self.ok.setEnabled(False)
        self.message.setText(self.tr("正在加密并核对，请稍候…"))
        run_db(lambda: desk.encrypt(passphrase), owner=self).on_success(self._done).on_error(self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.ok.setEnabled(True)
        self.message.setText("")
        report_exception(exc, self)

    def _done(self, made: Encrypted) -> None:
        window = self.window_
        window.desk = None  # the database is closed: nothing may use it (no backup on exit either)
        self.accept()
        RecoveryCodeDialog(made, window).open()


class RecoveryCodeDialog(QDialog):
    """The recovery code, shown once; closing it closes the program."""

    def __init__(self, made: Encrypted, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("recovery_code_dialog")
        self.setWindowTitle(self.tr("数据文件已加密"))
        layout = QVBoxLayout(self)
        kept = self.tr("数据文件已加密并核对（{rows} 条记录）。未加密的原文件保留为：\n{path}").replace(
            "{rows}", str(made.rows)
        )
        layout.addWidget(label(kept.replace("{path}", str(made.plain_copy)), word_wrap=True))
        layout.addWidget(label(self.tr("恢复码（只显示这一次，请抄写下来交委员会放进保险柜）："), word_wrap=True))
        self.code = QLabel(made.recovery_code)
        set_style_sheet(self.code, f"QLabel {{ {BIG} font-weight: bold; }}")
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.code)
        after = self.tr(
            "重装系统、换电脑或忘记口令时，要靠恢复码打开数据。程序现在关闭，请重新启动；确认能正常使用后，"
            "再删除未加密的原文件（以前的备份也没有加密，请一并妥善处理）。"
        )
        layout.addWidget(label(after, "hint", word_wrap=True))
        buttons = QDialogButtonBox()
        buttons.addButton(self.tr("已抄写，关闭程序"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.finished.connect(lambda _result: window.close())
        _fit(self)


def _fit(dialog: QDialog) -> None:
    """Wide enough for the wrapped texts to be read in a few lines, as tall as they then need."""
    dialog.setMinimumWidth(dialog.fontMetrics().horizontalAdvance("字") * 34)
    dialog.adjustSize()
