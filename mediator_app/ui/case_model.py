"""The case list as a Qt table model over `CaseSummary` rows (read-only).

Column constants, a sort role giving native values (dates as dates, the case number by its
registration order, so 第10号 sorts after 第9号), a role for the case id and one for the 查找 box.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, Qt

from mediator_app.domain.dates import arabic_date

if TYPE_CHECKING:  # the storage import is heavy; this module must not wait for it at start-up
    from mediator_app.services.cases import CaseSummary

COL_NUMBER, COL_DATE, COL_TYPE, COL_PARTIES, COL_STATUS = range(5)
HEADERS = ("案件编号", "登记日期", "纠纷类型", "当事人", "状态")

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 2
FILTER_ROLE = Qt.ItemDataRole.UserRole + 3  # number, type and every party's name, for the 查找 box

MAX_NAMES_SHOWN = 3

Index = QModelIndex | QPersistentModelIndex


def parties_text(summary: CaseSummary) -> str:
    """刘䶮、吉𠮷祥  /  张三、李四、王五等27人"""
    names = [n for n in summary.party_names.split("、") if n]
    if len(names) <= MAX_NAMES_SHOWN:
        return "、".join(names)
    return "、".join(names[:MAX_NAMES_SHOWN]) + f"等{summary.party_count}人"


class CaseTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[CaseSummary] = []

    def set_cases(self, cases: Sequence[CaseSummary]) -> None:
        self.beginResetModel()
        self._rows = list(cases)
        self.endResetModel()

    def row_of(self, case_id: int) -> int | None:
        return next((n for n, s in enumerate(self._rows) if s.id == case_id), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(HEADERS):
            return self.tr(HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        summary, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(summary, column)
        if role == SORT_ROLE:
            return self._sort_value(summary, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return summary.title or summary.party_names
        if role == CASE_ID_ROLE:
            return summary.id
        if role == FILTER_ROLE and column == COL_NUMBER:
            return " ".join((summary.number, summary.dispute_type, summary.party_names, summary.title))
        return None

    @staticmethod
    def _display(summary: CaseSummary, column: int) -> str | None:
        if column == COL_NUMBER:
            return summary.number
        if column == COL_DATE:
            return arabic_date(summary.registered_on)
        if column == COL_TYPE:
            return summary.dispute_type
        if column == COL_PARTIES:
            return parties_text(summary)
        if column == COL_STATUS:
            return summary.status
        return None

    @staticmethod
    def _sort_value(summary: CaseSummary, column: int) -> Any:
        if column == COL_NUMBER:
            return summary.id  # registration order: numbers are issued in order and never reused
        if column == COL_DATE:
            # A QDate: Qt cannot compare a Python date held in a QVariant. Ties keep the list's order.
            day = summary.registered_on
            return QDate(day.year, day.month, day.day)
        if column == COL_PARTIES:
            return summary.party_names
        return CaseTableModel._display(summary, column)
