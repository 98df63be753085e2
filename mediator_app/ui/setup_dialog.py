"""初次使用设置: the committee's name, short name (for case numbers), address, court and number format.

Shown at the first start (no committee in the database) and from the menu (委员会信息…). The
example under the number format shows what the next case number will look like.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QFormLayout, QLineEdit, QWidget

from mediator_app.domain.case_number import format_case_number
from mediator_app.domain.model import DEFAULT_CASE_NUMBER_PATTERN, Committee
from mediator_app.ui.dialog_base import EditDialog
from mediator_app.ui.field_errors import COMMITTEE_LABELS
from mediator_app.ui.tasks import run_db
from mediator_app.ui.widgets import fit_to_screen, label

if TYPE_CHECKING:
    from mediator_app.services.desk import Desk


class CommitteeDialog(EditDialog):
    committee_saved = Signal(object)  # Committee

    what = "委员会信息"

    def __init__(self, desk: Desk, committee: Committee | None = None, parent: QWidget | None = None) -> None:
        first_run = committee is None
        title = QCoreApplication.translate("CommitteeDialog", "初次使用设置" if first_run else "委员会信息")
        super().__init__(title, parent, COMMITTEE_LABELS)
        self.desk = desk
        self._committee_id = committee.id if committee else None
        form = QFormLayout(self.content)
        if first_run:
            form.addRow(
                label(
                    self.tr("欢迎使用调解工作台。请先填写本调解委员会的信息，以后可以在“委员会信息”中修改。"),
                    "hint",
                    word_wrap=True,
                )
            )
        self.name = QLineEdit(placeholderText=self.tr("例如：北京市朝阳区和平街道人民调解委员会"))
        self.short_name = QLineEdit(placeholderText=self.tr("例如：朝和"))
        self.address = QLineEdit()
        self.court = QLineEdit(placeholderText=self.tr("例如：北京市朝阳区人民法院"))
        self.phone = QLineEdit(placeholderText=self.tr("当事人回电的号码，印在受理回执上，如 010-64701234"))
        self.pattern = QLineEdit(DEFAULT_CASE_NUMBER_PATTERN)
        for key, widget in (
            ("name", self.name),
            ("short_name", self.short_name),
            ("address", self.address),
            ("court", self.court),
            ("phone", self.phone),
            ("case_number_pattern", self.pattern),
        ):
            self.add_field(form, key, widget)
        self.example = label("", "hint", word_wrap=True)
        form.addRow("", self.example)
        if committee:
            self.name.setText(committee.name)
            self.short_name.setText(committee.short_name)
            self.address.setText(committee.address)
            self.court.setText(committee.court)
            self.phone.setText(committee.phone)
            self.pattern.setText(committee.case_number_pattern)
        self.short_name.textChanged.connect(self._update_example)
        self.pattern.textChanged.connect(self._update_example)
        self._update_example()
        fit_to_screen(self, 820, 480)
        self.mark_clean()

    def committee(self) -> Committee:
        return Committee(
            name=self.name.text(),
            short_name=self.short_name.text(),
            address=self.address.text().strip(),
            court=self.court.text().strip(),
            phone=self.phone.text().strip(),
            case_number_pattern=self.pattern.text().strip(),
            id=self._committee_id,
        )

    def snapshot(self) -> Committee:
        return self.committee()

    def _update_example(self) -> None:
        try:
            number = format_case_number(
                self.pattern.text().strip(), dt.date.today().year, self.short_name.text().strip() or "简称", 1
            )
        except ValueError:
            self.example.setText("")
            return
        self.example.setText(self.tr("案件编号示例：{number}").format(number=number))

    @classmethod
    def open_for(cls, desk: Desk, committee: Committee | None, parent: QWidget) -> CommitteeDialog:
        """Open the dialog (window-modal, deleted on close) and return it, so the caller can connect."""
        from PySide6.QtCore import Qt

        dialog = cls(desk, committee, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def save(self) -> None:
        desk, committee = self.desk, self.committee()
        run_db(lambda: desk.save_committee(committee), owner=self).on_success(self._saved_committee).on_error(
            self.save_failed
        )

    def _saved_committee(self, committee: Committee) -> None:
        self.saved()
        self.committee_saved.emit(committee)
