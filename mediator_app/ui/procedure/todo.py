"""今日待办: what is overdue or due soon across all open cases (`Desk.todo_list`).

Each item is a card of three lines, so that it reads whole in the narrow pane beside the case:

    已逾期9天　调解期限　到期日：2026年11月11日
    （2026）朝和调字第1号　张建国、李卫东等劳动争议纠纷
    调解一般应在30天内结束，经双方同意可延长

Overdue items are red and come first (the service sorts by due date). Double-clicking a card (or
Enter) opens the case. `loaded(items)` tells the window how many there are and how many are overdue,
so it can show this list at start when something is.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from mediator_app.domain.dates import arabic_date
from mediator_app.ui.clock import Clock
from mediator_app.ui.style import ERROR_COLOUR
from mediator_app.ui.tasks import run_db
from mediator_app.ui.text_size import set_style_sheet

if TYPE_CHECKING:
    from mediator_app.services.desk import Desk
    from mediator_app.services.procedure import TodoItem

CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
HTML_ROLE = Qt.ItemDataRole.UserRole + 2
OVERDUE_ROLE = Qt.ItemDataRole.UserRole + 3
_Index = QModelIndex | QPersistentModelIndex


def card_text(todo: TodoItem) -> str:
    """The card as plain text (also what a screen reader and the tests read)."""
    item = todo.item
    mark = f"　【优先：{todo.priority}】" if todo.priority else ""
    return f"{item.urgency()}　{item.kind}　到期日：{arabic_date(item.due)}\n{todo.number}　{todo.title}{mark}\n{item.text}"


def _priority_html(groups: str) -> str:
    """The mark of a case whose parties are served first (special groups, docs/linkage.md)."""
    return f"　<b style='color:{ERROR_COLOUR}'>【优先：{escape(groups)}】</b>" if groups else ""


def card_html(todo: TodoItem) -> str:
    item = todo.item
    colour = ERROR_COLOUR if item.overdue else "#7a4d00" if item.days_left <= 3 else "#1f3b57"
    return (
        f"<b style='color:{colour}'>{escape(item.urgency())}</b>　<b>{escape(item.kind)}</b>　"
        f"到期日：{arabic_date(item.due)}<br>{escape(todo.number)}　{escape(todo.title)}"
        f"{_priority_html(todo.priority)}"
        f"<br><span style='color:#5f6b76'>{escape(item.text)}</span>"
    )


class TodoModel(QAbstractListModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list[TodoItem] = []

    def set_items(self, items: list[TodoItem]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.items) or index.column() != 0:
            return None
        todo = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return card_text(todo)
        if role == HTML_ROLE:
            return card_html(todo)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{todo.item.text}（{todo.item.rule}）"
        if role == CASE_ID_ROLE:
            return todo.case_id
        if role == OVERDUE_ROLE:
            return todo.item.overdue
        return None

    def overdue_count(self) -> int:
        return sum(1 for t in self.items if t.item.overdue)


class CardDelegate(QStyledItemDelegate):
    """Draws a card's HTML, wrapped to the width of the list."""

    MARGIN = 8

    def _document(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex, width: int
    ) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setHtml(index.data(HTML_ROLE) or "")
        doc.setTextWidth(max(width - 2 * self.MARGIN, 100))
        return doc

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect = opt.rect
        doc = self._document(opt, index, rect.width())
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(QPalette.ColorRole.Text))
        painter.save()
        painter.translate(rect.left() + self.MARGIN, rect.top() + self.MARGIN)
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        widget = option.widget
        width = 400
        if isinstance(widget, QListView):  # the width paint() gets: the viewport less the spacing around items
            width = widget.viewport().width() - 2 * widget.spacing()
        doc = self._document(option, index, width)
        return QSize(width, int(doc.size().height()) + 2 * self.MARGIN)


class TodoView(QWidget):
    case_requested = Signal(int)
    loaded = Signal(object)  # list[TodoItem]

    def __init__(self, clock: Clock | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clock = clock or Clock()
        self.desk: Desk | None = None
        self.model = TodoModel(self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setItemDelegate(CardDelegate(self.list))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setUniformItemSizes(False)
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        set_style_sheet(
            self.list,
            "QListView::item { border-bottom: 1px solid #d0d4d8; }QListView::item:selected { background: #d6e6f5; }",
        )
        self.list.doubleClicked.connect(self._open)
        self.list.activated.connect(self._open)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.hint = QLabel(self.tr("双击一项，打开这件案件。"))
        self.hint.setProperty("role", "hint")
        self.refresh_button = QPushButton(self.tr("刷新待办"))
        self.refresh_button.setAutoDefault(False)
        self.refresh_button.clicked.connect(self.reload)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self._holiday_row())
        layout.addWidget(self.hint)
        layout.addWidget(self.list, 1)

    def _holiday_row(self) -> QWidget:
        """「2027年节假日安排尚未导入」 with its import button, shown in November and December while the
        holiday calendar lacks next year (services.calendar.next_year_missing; docs/linkage.md)."""
        self.holidays = QWidget(self)
        row = QHBoxLayout(self.holidays)
        row.setContentsMargins(0, 0, 0, 0)
        self.holiday_note = QLabel(self.holidays)
        self.holiday_note.setWordWrap(True)
        set_style_sheet(self.holiday_note, f"font-weight: bold; color: {ERROR_COLOUR};")
        self.holiday_button = QPushButton(self.tr("导入节假日安排…"), self.holidays)
        self.holiday_button.setAutoDefault(False)
        self.holiday_button.clicked.connect(self._import_holidays)
        row.addWidget(self.holiday_note, 1)
        row.addWidget(self.holiday_button)
        self.holidays.hide()
        return self.holidays

    def _holidays_checked(self, year: int | None) -> None:
        if year is not None:
            self.holiday_note.setText(
                self.tr("{year}年节假日安排尚未导入：跨年的期限暂按周末计算，请导入国务院办公厅公布的安排。").format(
                    year=year
                )
            )
        self.holidays.setVisible(year is not None)

    def _import_holidays(self) -> None:
        from mediator_app.ui import messages  # after the first paint (CONTRIBUTING.md)

        desk = self.desk
        path, _ = QFileDialog.getOpenFileName(self, self.tr("导入节假日安排"), "", self.tr("节假日安排 (*.json)"))
        if desk is None or not path:
            return
        run_db(lambda: desk.install_holidays(Path(path)), owner=self).on_success(self._holidays_installed).on_error(
            lambda exc: messages.warn(self, self.tr("导入节假日安排"), str(exc))
        )

    def _holidays_installed(self, years: list[int]) -> None:
        from mediator_app.ui import messages

        messages.inform(
            self,
            self.tr("导入节假日安排"),
            self.tr("已导入{years}的节假日安排。").format(years="、".join(f"{y}年" for y in years)),
        )
        self.reload()

    def set_desk(self, desk: Desk) -> None:
        self.desk = desk

    def reload(self) -> None:
        desk = self.desk
        if desk is None:
            return
        today = self.clock.today()
        run_db(lambda: desk.todo_list(today), owner=self).on_success(lambda items: self._loaded(items, today))
        run_db(lambda: desk.holidays_missing(today), owner=self).on_success(self._holidays_checked)

    def _loaded(self, items: list[TodoItem], today: dt.date) -> None:
        self.model.set_items(items)
        overdue = self.model.overdue_count()
        if not items:
            text = self.tr("{date}：没有逾期或即将到期的事项。").format(date=arabic_date(today))
        else:
            text = self.tr("{date}：逾期{late}项，即将到期{soon}项").format(
                date=arabic_date(today), late=overdue, soon=len(items) - overdue
            )
        self.summary.setText(text)
        colour = ERROR_COLOUR if overdue else "#1f3b57"
        set_style_sheet(self.summary, f"font-size: 14pt; font-weight: bold; color: {colour};")
        self.loaded.emit(items)

    def _open(self, index: QModelIndex) -> None:
        case_id = self.model.data(index, CASE_ID_ROLE)
        if case_id:  # 0: a 12345 work order not yet on a case (opened from the 12345工单 window)
            self.case_requested.emit(case_id)

    def texts(self) -> list[str]:
        """The cards as the user reads them, top to bottom (tests)."""
        return [card_text(t) for t in self.model.items]
