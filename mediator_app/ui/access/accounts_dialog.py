"""工具 → 账户管理 (the administrator): the accounts, a new account, a password reset, a role change,
disabling and enabling, each account's committee where a centre has several (docs/centre.md; hidden
in a room with one committee), and the lockout and idle-lock settings. Every change goes through the
services (which check the administrator's permission again and write the audit row)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mediator_app.domain.access import Role
from mediator_app.ui.tasks import run_db
from mediator_app.ui.widgets import label

if TYPE_CHECKING:
    from mediator_app.domain.model import Committee
    from mediator_app.services.access import AccessSettings, AccountInfo
    from mediator_app.services.desk import Desk

COLUMNS = ("用户名", "姓名", "角色", "状态", "所属调委会")
CENTRE_WIDE = "全中心"


class NewAccountDialog(QDialog):
    """`committees`: (id, name) to choose the account's committee from; none in a room with one."""

    def __init__(self, parent: QWidget | None = None, committees: Sequence[tuple[int, str]] = ()) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("新建账户"))
        form = QFormLayout(self)
        self.user = QLineEdit(placeholderText=self.tr("登录时输入，如 mawu"))
        self.name = QLineEdit(placeholderText=self.tr("如 马德明"))
        self.role = QComboBox()
        self.role.addItems([r.value for r in Role])
        self.role.setCurrentText(Role.MEDIATOR.value)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.committee = committee_box(committees, None, self)
        self.committee.setVisible(bool(committees))  # a room with one committee: no choice to make
        for text, widget in (
            ("用户名", self.user),
            ("姓名", self.name),
            ("角色", self.role),
            ("初始密码", self.password),
        ):
            form.addRow(self.tr(text), widget)
        if committees:
            form.addRow(self.tr("所属调委会"), self.committee)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class AccountsDialog(QDialog):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.setWindowTitle(self.tr("账户管理"))
        layout = QVBoxLayout(self)
        hint = self.tr(
            "管理员为每位使用者建立账户。调解员看不到“作废、归档、重新启用、导出”等主任的操作；记录人/统计员不能查看敏感案件。"
        )
        layout.addWidget(label(hint, "hint", word_wrap=True))
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        for text, slot in (
            ("新建账户…", self.add_account),
            ("重置密码…", self.reset_password),
            ("变更角色…", self.change_role),
            ("停用/启用", self.toggle_active),
            ("变更调委会…", self.change_committee),
        ):
            button = QPushButton(self.tr(text))
            button.clicked.connect(slot)
            row.addWidget(button)
        self.committee_button = button  # the last one: shown only where there are several committees
        layout.addLayout(row)
        settings = QFormLayout()
        self.max_failures, self.lock_minutes, self.idle_minutes = QSpinBox(), QSpinBox(), QSpinBox()
        for box, (low, high), text in (
            (self.max_failures, (3, 20), "连续输错密码几次后锁定"),
            (self.lock_minutes, (1, 1440), "锁定多少分钟"),
            (self.idle_minutes, (1, 240), "多少分钟无操作后锁屏"),
        ):
            box.setRange(low, high)
            settings.addRow(self.tr(text), box)
        save = QPushButton(self.tr("保存设置"))
        save.clicked.connect(self.save_settings)
        settings.addRow("", save)
        layout.addLayout(settings)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.accounts: list[AccountInfo] = []
        self.committees: list[tuple[int, str]] = []  # (id, name); empty with one committee
        self._show_committees()
        self.resize(760, 560)
        self.reload()

    def reload(self) -> None:
        desk = self.desk
        run_db(lambda: (desk.list_accounts(), desk.access_settings(), desk.centre.committees()), owner=self).on_success(
            self._loaded
        ).on_error(self._failed)

    def _loaded(self, loaded: tuple[list[AccountInfo], AccessSettings, list[Committee]]) -> None:
        self.accounts, settings, committees = loaded
        several = len(committees) > 1
        self.committees = [(c.id, c.name) for c in committees if c.id is not None] if several else []
        names = dict(self.committees)
        self._show_committees()
        self.table.setRowCount(len(self.accounts))
        for r, account in enumerate(self.accounts):
            state = "停用" if not account.active else ("锁定中" if account.locked_until is not None else "正常")
            where = CENTRE_WIDE if account.committee_id is None else names.get(account.committee_id, "")
            for c, text in enumerate((account.login, account.display_name, account.role.value, state, where)):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.max_failures.setValue(settings.max_failures)
        self.lock_minutes.setValue(settings.lock_minutes)
        self.idle_minutes.setValue(settings.idle_minutes)

    def _failed(self, exc: BaseException) -> None:
        from mediator_app.errors import UserFacingError

        if not isinstance(exc, UserFacingError):
            raise exc
        self.message.setProperty("role", "error")
        self.message.setText(exc.message)

    def _done(self, text: str) -> None:
        self.message.setProperty("role", "hint")
        self.message.setText(text)
        self.reload()

    def _chosen(self) -> AccountInfo | None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.accounts):
            self._failed_text(self.tr("请先在列表中选择一个账户"))
            return None
        return self.accounts[row]

    def _failed_text(self, text: str) -> None:
        self.message.setProperty("role", "error")
        self.message.setText(text)

    def _show_committees(self) -> None:
        """The committee column and button only where the database has several committees."""
        self.table.setColumnHidden(len(COLUMNS) - 1, not self.committees)
        self.committee_button.setVisible(bool(self.committees))

    def add_account(self) -> None:
        dialog = NewAccountDialog(self, self.committees)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        desk, user, name = self.desk, dialog.user.text(), dialog.name.text()
        role, password = Role(dialog.role.currentText()), dialog.password.text()
        home: int | None = dialog.committee.currentData()
        run_db(lambda: desk.centre.add_account(user, name, role, password, home), owner=self).on_success(
            lambda made: self._done(self.tr("已建立账户：{login}").format(login=made.login))
        ).on_error(self._failed)

    def reset_password(self) -> None:
        account = self._chosen()
        if account is None:
            return
        password, ok = QInputDialog.getText(
            self,
            self.tr("重置密码"),
            self.tr("“{name}”的新密码：").format(name=account.display_name),
            QLineEdit.EchoMode.Password,
        )
        if ok:
            desk, login = self.desk, account.login
            run_db(lambda: desk.reset_password(login, password), owner=self).on_success(
                lambda _r: self._done(self.tr("已重置密码并解除锁定：{login}").format(login=login))
            ).on_error(self._failed)

    def change_role(self) -> None:
        account = self._chosen()
        if account is None:
            return
        roles = [r.value for r in Role]
        text, ok = QInputDialog.getItem(
            self, self.tr("变更角色"), account.display_name, roles, roles.index(account.role.value), False
        )
        if ok:
            desk, login, role = self.desk, account.login, Role(text)
            run_db(lambda: desk.set_role(login, role), owner=self).on_success(
                lambda _r: self._done(self.tr("已变更角色：{login} → {role}").format(login=login, role=role.value))
            ).on_error(self._failed)

    def change_committee(self) -> None:
        account = self._chosen()
        if account is None:
            return
        choice = QDialog(self)
        choice.setWindowTitle(self.tr("变更所属调委会"))
        form = QFormLayout(choice)
        box = committee_box(self.committees, account.committee_id, choice)
        form.addRow(account.display_name, box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(choice.accept)
        buttons.rejected.connect(choice.reject)
        form.addRow(buttons)
        if choice.exec() != QDialog.DialogCode.Accepted:
            return
        desk, login, home, where = self.desk, account.login, box.currentData(), box.currentText()
        run_db(lambda: desk.centre.set_account_committee(login, home), owner=self).on_success(
            lambda _r: self._done(self.tr("已把{login}调到：{where}").format(login=login, where=where))
        ).on_error(self._failed)

    def toggle_active(self) -> None:
        account = self._chosen()
        if account is None:
            return
        desk, login, active = self.desk, account.login, not account.active
        done = self.tr("已启用：{login}") if active else self.tr("已停用：{login}")
        run_db(lambda: desk.set_active(login, active), owner=self).on_success(
            lambda _r: self._done(done.format(login=login))
        ).on_error(self._failed)

    def save_settings(self) -> None:
        from mediator_app.services.login import AccessSettings

        desk = self.desk
        settings = AccessSettings(self.max_failures.value(), self.lock_minutes.value(), self.idle_minutes.value())
        run_db(lambda: desk.save_access_settings(settings), owner=self).on_success(
            lambda _r: self._done(self.tr("设置已保存（锁屏时间下次启动时生效）"))
        ).on_error(self._failed)


def committee_box(
    committees: Sequence[tuple[int, str]], current: int | None, parent: QWidget | None = None
) -> QComboBox:
    """全中心 and each committee by name, `current` chosen."""
    box = QComboBox(parent)
    box.addItem(CENTRE_WIDE, None)
    for committee_id, name in committees:
        box.addItem(name, committee_id)
    box.setCurrentIndex(max(box.findData(current), 0) if current is not None else 0)
    return box
