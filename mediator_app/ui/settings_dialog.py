"""设置: one row per entry of the settings registry (`ui.settings.SETTINGS`), its help under it, and
the database this computer works on (`ui.database_settings`).

A choice is a drop-down, a folder a text box with 选择…, a switch a check box. 保存 stores them all
and hands the text size to the window (`text_size_chosen`), which applies it at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mediator_app.ui import settings as reg
from mediator_app.ui.database_settings import DatabaseBox
from mediator_app.ui.screen import fit_to_screen
from mediator_app.ui.widgets import label

if TYPE_CHECKING:
    from mediator_app.services.desk import Desk


class SettingsDialog(QDialog):
    """`current`: the database the program has open (shown on the 数据库 tab, ui/database_settings.py);
    `desk`: the open database's face, for the 调委会 tab (none before the database is open)."""

    text_size_chosen = Signal(str)
    database_saved = Signal()  # another database at the next start

    def __init__(
        self, parent: QWidget | None = None, current: Path | str | None = None, desk: Desk | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("设置"))
        self.fields: dict[str, QComboBox | QLineEdit | QCheckBox] = {}
        form = QFormLayout()
        for entry in reg.SETTINGS:
            field, row = self._field(entry)
            self.fields[entry.key] = field
            form.addRow(entry.label, row)
            form.addRow("", label(entry.help, "hint", word_wrap=True))
        general = QWidget()
        general.setLayout(form)
        self.database = DatabaseBox(current)
        # Two tabs, not one column: with the database part under the others the dialog no longer fit
        # a 1366×768 screen at 150 % (tests/e2e/test_fit.py).
        self.tabs = QTabWidget()
        self.tabs.addTab(general, self.tr("常规"))
        self.tabs.addTab(self.database, self.tr("数据库"))
        if desk is not None:  # the committees of the open database (ui/committees_tab.py)
            from mediator_app.ui.committees_tab import CommitteesBox

            self.tabs.addTab(CommitteesBox(desk, self.tabs), self.tr("调委会"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        # Made after the tabs joined the dialog, so 保存 and 取消 come last in the Tab order (Qt's chain
        # is the order in which widgets joined the window).
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton(self.tr("保存"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # The keyboard in 字号, not on the tab bar, where it showed no focus ring (README-only trial).
        self.fields[reg.TEXT_SIZE].setFocus()
        width = max(760, self.sizeHint().width())
        fit_to_screen(self, width, max(420, self.heightForWidth(width), self.sizeHint().height()))  # 特大 too

    def _field(self, entry: reg.Setting) -> tuple[QComboBox | QLineEdit | QCheckBox, QWidget]:
        current = reg.value(entry.key)
        if entry.kind == reg.CHOICE:
            combo = QComboBox()
            combo.addItems(list(entry.choices))
            combo.setCurrentText(str(current))
            return combo, combo
        if entry.kind == reg.SWITCH:
            box = QCheckBox(self.tr("是"))
            box.setChecked(bool(current))
            return box, box
        line = QLineEdit(str(current), placeholderText=self.tr("（“文档”文件夹）"))
        choose = QPushButton(self.tr("选择…"))
        choose.setAutoDefault(False)
        choose.clicked.connect(lambda: self._choose_folder(line))
        row = QWidget()
        box_layout = QHBoxLayout(row)
        box_layout.setContentsMargins(0, 0, 0, 0)
        box_layout.addWidget(line, 1)
        box_layout.addWidget(choose)
        return line, row

    def _choose_folder(self, line: QLineEdit) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("选择文件夹"), line.text())
        if folder:
            line.setText(folder)

    def chosen(self, key: str) -> str | bool:
        field = self.fields[key]
        if isinstance(field, QComboBox):
            return field.currentText()
        if isinstance(field, QCheckBox):
            return field.isChecked()
        return field.text().strip()

    def save(self) -> None:
        field = self.database.refuse()
        if field is not None:  # nothing kept until each address typed is one
            self.tabs.setCurrentWidget(self.database)
            field.setFocus()
            return
        if self.database.save():
            self.database_saved.emit()
        for entry in reg.SETTINGS:
            reg.set_value(entry.key, self.chosen(entry.key))
        self.text_size_chosen.emit(str(self.chosen(reg.TEXT_SIZE)))
        self.accept()
