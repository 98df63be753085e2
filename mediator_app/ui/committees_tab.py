"""设置 → 调委会: the committees of this database (a village room's one; a township centre's several,
docs/centre.md "Several committees in one database") and, for a centre-wide administrator or
director, 新增调委会…. The services check the permission again and write the audit row."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mediator_app.domain.access import Permission
from mediator_app.domain.model import Committee
from mediator_app.ui.tasks import run_db
from mediator_app.ui.widgets import label

if TYPE_CHECKING:
    from mediator_app.services.desk import Desk

COLUMNS = ("字号", "名称", "地址", "电话")
HINT = (
    "本数据库的人民调解委员会。调解中心的服务器上有多个调委会时，每个调委会有自己的字号和案件编号，"
    "文书上印各自的名称、地址和电话；每个账户属于其中一个调委会，或属于“全中心”（在“账户管理”中设置）。"
)


class NewCommitteeDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("新增调委会"))
        form = QFormLayout(self)
        self.name = QLineEdit(placeholderText=self.tr("如 青山镇道路交通事故纠纷人民调解委员会"))
        self.short_name = QLineEdit(placeholderText=self.tr("案件编号中的字号，如 青山交调"))
        self.address, self.phone, self.court = QLineEdit(), QLineEdit(), QLineEdit()
        for text, widget in (
            ("名称", self.name),
            ("字号", self.short_name),
            ("地址", self.address),
            ("电话", self.phone),
            ("司法确认法院", self.court),
        ):
            form.addRow(self.tr(text), widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(560, self.sizeHint().height())

    def committee(self) -> Committee:
        return Committee(
            name=self.name.text(),
            short_name=self.short_name.text(),
            address=self.address.text().strip(),
            phone=self.phone.text().strip(),
            court=self.court.text().strip(),
        )


class CommitteesBox(QWidget):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        layout = QVBoxLayout(self)
        layout.addWidget(label(HINT, "hint", word_wrap=True))
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("新增调委会…"), self)
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_committee)
        actor = desk.actor
        # Only a centre-wide person (no committee of their own) with the set-up permission adds one.
        self.add_button.setEnabled(actor is not None and actor.committee_id is None and actor.may(Permission.SETTINGS))
        row.addWidget(self.add_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.committees: list[Committee] = []
        self.reload()

    def reload(self) -> None:
        desk = self.desk
        run_db(lambda: desk.centre.committees(), owner=self).on_success(self._loaded).on_error(self._failed)

    def _loaded(self, committees: list[Committee]) -> None:
        self.committees = committees
        self.table.setRowCount(len(committees))
        for r, committee in enumerate(committees):
            for c, text in enumerate((committee.short_name, committee.name, committee.address, committee.phone)):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def _failed(self, exc: BaseException) -> None:
        from mediator_app.errors import UserFacingError

        if not isinstance(exc, UserFacingError):
            raise exc
        self.message.setProperty("role", "error")
        self.message.setText(exc.message)

    def add_committee(self) -> None:
        dialog = NewCommitteeDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        desk, committee = self.desk, dialog.committee()
        run_db(lambda: desk.centre.add_committee(committee), owner=self).on_success(self._added).on_error(self._failed)

    def _added(self, committee: Committee) -> None:
        self.message.setProperty("role", "hint")
        self.message.setText(self.tr("已新增调委会：{name}").format(name=committee.name))
        self.reload()
