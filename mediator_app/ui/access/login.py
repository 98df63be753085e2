"""The login dialog, the idle lock's password prompt and the first-run "create the administrator"
dialog: large clear text, the password checked on the database thread (Argon2id takes ≈0.12 s,
`services/login.py`), a refusal shown in red under the fields and the password field cleared."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mediator_app.ui.tasks import run_db
from mediator_app.ui.text_size import set_style_sheet
from mediator_app.ui.widgets import label

if TYPE_CHECKING:
    from mediator_app.domain.access import Actor
    from mediator_app.services.desk import Desk

# Set through `text_size.set_style_sheet`, so 大 and 特大 enlarge it too (the login dialog stayed at 15 pt
# after the mediator chose 特大, found in the README-only trial).
BIG = "font-size: 15pt;"


def _password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class _AccessDialog(QDialog):
    """What both dialogs share: the result signal and the refusal shown in red under the fields."""

    logged_in = Signal(object)  # Actor
    message: QLabel
    ok: QPushButton

    def _finish(self, layout: QVBoxLayout, form: QFormLayout, ok_text: str, can_quit: bool) -> QDialogButtonBox:
        """The fields, the red message line and the buttons under them."""
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setProperty("role", "error")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        if can_quit:
            buttons.addButton(self.tr("退出程序"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        return buttons

    def _accepted(self, actor: Actor) -> None:
        self.logged_in.emit(actor)
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        from mediator_app.errors import UserFacingError, ValidationError

        if not isinstance(exc, UserFacingError):
            raise exc
        self.ok.setEnabled(True)
        if isinstance(exc, ValidationError):
            names = {"login": "用户名", "display_name": "姓名", "password": "密码"}
            self.message.setText("\n".join(f"{names.get(e.path, e.path)}：{e.message}" for e in exc.errors))
        else:
            self.message.setText(exc.message)


class LoginDialog(_AccessDialog):
    """登录 (at start) or 解除锁屏 (`unlock=True`: the same person, only the password)."""

    def __init__(self, desk: Desk, parent: QWidget | None = None, *, unlock: bool = False) -> None:
        super().__init__(parent)
        self.desk = desk
        self.unlock = unlock
        self.setWindowTitle(self.tr("已锁定，请输入密码") if unlock else self.tr("登录调解工作台"))
        set_style_sheet(self, f"QLabel, QLineEdit, QPushButton {{ {BIG} }}")
        layout = QVBoxLayout(self)
        actor = desk.actor
        if unlock and actor is not None:
            intro = self.tr("工作台已锁定（长时间没有操作）。请“{name}”输入密码继续，已填写的内容都还在。")
            layout.addWidget(label(intro.format(name=actor.display_name), "hint", word_wrap=True))
        else:
            layout.addWidget(label(self.tr("请输入您的用户名和密码。"), "hint", word_wrap=True))
        form = QFormLayout()
        self.user = QLineEdit(actor.login if unlock and actor is not None else "")
        self.user.setReadOnly(unlock)
        self.password = _password_field()
        form.addRow(self.tr("用户名"), self.user)
        form.addRow(self.tr("密码"), self.password)
        # the lock cannot be dismissed: only the password shows the windows again
        buttons = self._finish(layout, form, self.tr("解锁") if unlock else self.tr("登录"), not unlock)
        buttons.accepted.connect(self._try)
        (self.password if unlock or self.user.text() else self.user).setFocus()
        self.resize(520, self.sizeHint().height())

    def reject(self) -> None:
        if not self.unlock:  # Esc or the close box on the lock keep it locked
            super().reject()

    def _try(self) -> None:
        desk, user, password = self.desk, self.user.text().strip(), self.password.text()
        if not user or not password:
            self.message.setText(self.tr("请输入用户名和密码"))
            return
        self.ok.setEnabled(False)
        self.message.setText(self.tr("正在核对…"))
        if self.unlock:
            task = run_db(lambda: desk.unlock_screen(password), owner=self)
        else:
            task = run_db(lambda: desk.login(user, password), owner=self)
        task.on_success(self._accepted).on_error(self._refused)

    def _refused(self, exc: BaseException) -> None:
        self.password.clear()
        self.password.setFocus()
        super()._refused(exc)


class FirstAdminDialog(_AccessDialog):
    """The first start on a database without accounts: the administrator, before any case is shown."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.setWindowTitle(self.tr("建立管理员账户"))
        set_style_sheet(self, f"QLabel, QLineEdit, QPushButton {{ {BIG} }}")
        layout = QVBoxLayout(self)
        intro = self.tr(
            "第一次使用：请先建立管理员账户。管理员可以为调解员、记录人等建立账户，重置忘记的密码。"
            "密码至少8位，请牢记；案件资料含当事人的个人信息，不要把密码告诉他人。"
        )
        layout.addWidget(label(intro, "hint", word_wrap=True))
        form = QFormLayout()
        self.user = QLineEdit(placeholderText=self.tr("例如：zhangsan（登录时输入）"))
        self.name = QLineEdit(placeholderText=self.tr("例如：张三"))
        self.password = _password_field()
        self.again = _password_field()
        form.addRow(self.tr("用户名"), self.user)
        form.addRow(self.tr("姓名"), self.name)
        form.addRow(self.tr("密码"), self.password)
        form.addRow(self.tr("再输入一次密码"), self.again)
        buttons = self._finish(layout, form, self.tr("建立并登录"), True)
        buttons.accepted.connect(self._create)
        self.resize(620, self.sizeHint().height())

    def _create(self) -> None:
        if self.password.text() != self.again.text():
            self.message.setText(self.tr("两次输入的密码不一致"))
            return
        desk, user, name, password = self.desk, self.user.text().strip(), self.name.text(), self.password.text()
        self.ok.setEnabled(False)
        task = run_db(lambda: desk.create_first_admin(user, name, password), owner=self)
        task.on_success(self._accepted).on_error(self._refused)
