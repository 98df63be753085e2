"""The 查找 results: ranked cases, each with the fields that matched and the matching words marked.

`services.search.search` returns hits best first, each with `MatchedField`s whose `Highlight` holds the
already masked text (ID numbers, phones) and the spans to mark. A row is rich text: the case number and
title on the first line, then up to three matched fields with the spans in bold red, drawn by a
delegate (`QTextDocument`), so a mediator sees *why* a case came up ("申请人刘䶮", "联系电话…").
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QAbstractItemView, QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from mediator_app.domain.dates import arabic_date
from mediator_app.ui.style import ERROR_COLOUR

if TYPE_CHECKING:
    from mediator_app.services.search import Highlight, SearchHit, SearchResult

CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 2
HTML_ROLE = Qt.ItemDataRole.UserRole + 10
FIELDS_SHOWN = 3
MARK = f'<b style="color:{ERROR_COLOUR}">{{}}</b>'

Index = QModelIndex | QPersistentModelIndex


def marked_html(highlight: Highlight) -> str:
    """The highlight's text, HTML-escaped, with each span in bold colour."""
    out, last = [], 0
    for start, end in highlight.spans:
        out.append(html.escape(highlight.text[last:start]))
        out.append(MARK.format(html.escape(highlight.text[start:end])))
        last = end
    out.append(html.escape(highlight.text[last:]))
    return "".join(out)


def hit_html(hit: SearchHit) -> str:
    head = f"<b>{html.escape(hit.number)}</b>　{html.escape(hit.dispute_type)}　{html.escape(hit.status)}"
    registered = f'<span style="color:#555">（{html.escape(arabic_date(hit.registered_on))}登记）</span>'
    lines = [head]
    shown = hit.fields[:FIELDS_SHOWN]
    if hit.title and not any(f.field == "案件名称" for f in shown):  # else the title comes marked below
        lines.append(f"{html.escape(hit.title)}　{registered}")
    else:
        lines[0] += f"　{registered}"
    for field in shown:
        named = field.code in ("NA", "NR")  # a party's name field needs no "whose"
        owner = f"（{html.escape(field.party)}）" if field.party and not named else ""
        lines.append(
            f'<span style="color:#555">{html.escape(field.field)}{owner}：</span>{marked_html(field.highlight)}'
        )
    return "<br>".join(lines)


def hit_text(hit: SearchHit) -> str:
    """Plain text of a row (tests, accessibility): the spans marked with 【】."""
    parts = [hit.number, hit.title] + [f"{f.field}：{f.highlight.marked()}" for f in hit.fields[:FIELDS_SHOWN]]
    return "\n".join(p for p in parts if p)


class SearchResultsModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.result: SearchResult | None = None
        self._html: list[str] = []

    def set_result(self, result: SearchResult | None) -> None:
        self.beginResetModel()
        self.result = result
        self._html = [hit_html(h) for h in result.hits] if result else []
        self.endResetModel()

    @property
    def hits(self) -> tuple[SearchHit, ...]:
        return self.result.hits if self.result else ()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.hits):
            return None
        hit = self.hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return hit_text(hit)
        if role == HTML_ROLE:
            return self._html[index.row()]
        if role == CASE_ID_ROLE:
            return hit.case_id
        if role == Qt.ItemDataRole.ToolTipRole:
            return hit.party_names
        return None


class RichTextDelegate(QStyledItemDelegate):
    """Draws `HTML_ROLE` as rich text (selection background from the style)."""

    MARGIN = 6

    def _document(self, option: QStyleOptionViewItem, index: Index) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(self.MARGIN)
        doc.setHtml(index.data(HTML_ROLE) or "")
        width = option.rect.width() if option.rect.width() > 0 else 400
        doc.setTextWidth(width)
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        doc = self._document(option, index)
        context = QAbstractTextDocumentLayout.PaintContext()
        if opt.state & QStyle.StateFlag.State_Selected:
            context.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(QPalette.ColorRole.HighlightedText))
        painter.save()
        rect = opt.rect
        painter.translate(rect.topLeft())
        painter.setClipRect(QRectF(0, 0, rect.width(), rect.height()))
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        doc = self._document(option, index)
        return QSize(int(doc.idealWidth()), int(doc.size().height()) + 2)


class SearchResultsView(QListView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.results = SearchResultsModel(self)
        self.setModel(self.results)
        self.setItemDelegate(RichTextDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setResizeMode(QListView.ResizeMode.Adjust)  # rows re-wrap when the splitter moves
        self.setUniformItemSizes(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)

    def texts(self) -> list[str]:
        return [str(self.results.index(r).data()) for r in range(self.results.rowCount())]
