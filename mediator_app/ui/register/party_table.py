"""The list of a case's parties in 登记新案件 (序号 / 身份 / 姓名或名称): every party in one row, the
rows of parties with problems marked, room for three rows even when stacked above the party's form."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from mediator_app.domain.model import Party
from mediator_app.ui.style import ERROR_COLOUR


class PartyTable(QTableWidget):
    """序号 / 身份 / 姓名或名称; rows of parties with problems are marked."""

    HEADERS = ("序号", "身份", "姓名或名称")
    VISIBLE_ROWS = 3

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(self.HEADERS), parent)
        self.setHorizontalHeaderLabels([self.tr(h) for h in self.HEADERS])
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Tab leaves the list for the party's fields (↑/↓ choose the party); Qt's default moved Tab from
        # cell to cell for ever, and a keyboard user never reached the fields.
        self.setTabKeyNavigation(False)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.setMinimumWidth(330)

    def minimumSizeHint(self) -> QSize:
        """Room for VISIBLE_ROWS parties: stacked above the party's fields (特大, 150 %) the list was
        squeezed to one row, and a new case's second party, the respondent, was out of sight (a
        mediator added another; README-only trial)."""
        hint = super().minimumSizeHint()
        rows = self.verticalHeader().defaultSectionSize() * self.VISIBLE_ROWS
        height = self.horizontalHeader().sizeHint().height() + rows + 2 * self.frameWidth()
        return QSize(hint.width(), max(hint.height(), height))

    def set_row(self, row: int, party: Party, has_error: bool) -> None:
        name = party.name.strip() or self.tr("（未填姓名）")
        texts = (str(row + 1), party.role.value, name + (self.tr("（待修改）") if has_error else ""))
        for column, text in enumerate(texts):
            item = self.item(row, column)
            if item is None:
                item = QTableWidgetItem()
                self.setItem(row, column, item)
            item.setText(text)
            item.setForeground(QBrush(QColor(ERROR_COLOUR)) if has_error else QBrush())
