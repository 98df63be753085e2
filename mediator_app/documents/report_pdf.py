"""A statistics report as PDF (reportlab platypus): a heading, each table with its 合计 row, a bar
chart (reportlab graphics, drawn into the PDF) under the tables that have one, and the check results.
Pure like every document: the figures come in as text cells and chart values, bytes go out; the
bundled fonts are embedded, with per-character fallback for names (`documents.fonts`)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from mediator_app.documents.fonts import BODY_FONT, fallback_markup, register_font


@dataclass
class PdfTable:
    title: str
    header: list[str]
    rows: list[list[str]]  # the 合计 row last, when there is one
    has_total: bool = False
    chart: list[tuple[str, float]] = field(default_factory=list)  # (category, value) to chart
    chart_caption: str = ""
    footer: str = ""  # a line under the table (a signature place)
    weights: list[float] | None = None  # relative column widths, when not the statistics tables'
    numbers: bool = True  # columns after the first are right-aligned figures; False: text (a form's rows)


_TITLE = ParagraphStyle("title", fontName=BODY_FONT, fontSize=16, leading=22, alignment=1, spaceAfter=4)
_SUB = ParagraphStyle("sub", fontName=BODY_FONT, fontSize=9.5, leading=13, alignment=1, spaceAfter=8)
_H2 = ParagraphStyle("h2", fontName=BODY_FONT, fontSize=12, leading=16, spaceBefore=8, spaceAfter=4)
_CELL = ParagraphStyle("cell", fontName=BODY_FONT, fontSize=8.5, leading=11)
_NUM = ParagraphStyle("num", parent=_CELL, alignment=2)
_BODY = ParagraphStyle("body", fontName=BODY_FONT, fontSize=9.5, leading=13)
WIDTH = A4[0] - 36 * mm


def _cell(text: str, number: bool) -> Paragraph:
    return Paragraph(fallback_markup(text), _NUM if number else _CELL)


def _table(t: PdfTable) -> Table:
    head = [_cell(h, False) for h in t.header]
    body = [[_cell(v, t.numbers and i > 0) for i, v in enumerate(row)] for row in t.rows]
    # The caption column wide enough for 道路交通事故纠纷, amounts (…,…,….00 元) wider than counts.
    weights = t.weights or [2.4 if len(t.header) > 2 else 4.0] + [1.7 if "金额" in h else 1.0 for h in t.header[1:]]
    widths = [WIDTH * w / sum(weights) for w in weights]
    table = Table([head, *body], colWidths=widths, repeatRows=1)
    style = [
        # Tables set a cell font even for flowable cells; the default would be Helvetica, unembedded.
        ("FONTNAME", (0, 0), (-1, -1), BODY_FONT),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8EEF4")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    if t.has_total:
        style.append(("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#F4F4F4")))
    table.setStyle(TableStyle(style))
    return table


def _chart(t: PdfTable) -> Drawing:
    """A horizontal bar chart: one bar per row, labelled with the category."""
    height = 24 + 14 * len(t.chart)
    drawing = Drawing(WIDTH, height + 30, initialFontName=BODY_FONT)  # else Helvetica, unembedded
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 110, 10, WIDTH - 140, height
    chart.data = [[v for _, v in reversed(t.chart)]]
    chart.categoryAxis.categoryNames = [c for c, _ in reversed(t.chart)]
    chart.categoryAxis.labels.fontName = chart.valueAxis.labels.fontName = BODY_FONT
    chart.categoryAxis.labels.fontSize = chart.valueAxis.labels.fontSize = 7.5
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = colors.HexColor("#4A7DB5")
    chart.barLabelFormat, chart.barLabels.fontName, chart.barLabels.fontSize = "%d", BODY_FONT, 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    drawing.add(String(0, height + 20, t.chart_caption, fontName=BODY_FONT, fontSize=9))
    return drawing


def report_pdf(
    title: str, subtitle: str, tables: Sequence[PdfTable], problems: Sequence[str], notes_title: str = "校验结果"
) -> bytes:
    register_font(BODY_FONT)
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        invariant=1,  # same figures, same bytes
        lang="zh-CN",
        initialFontName=BODY_FONT,
    )
    doc.title = title
    story: list[object] = [Paragraph(fallback_markup(title), _TITLE), Paragraph(fallback_markup(subtitle), _SUB)]
    for i, t in enumerate(tables, start=1):
        parts: list[object] = [Paragraph(fallback_markup(f"{i}. {t.title}"), _H2), _table(t)]
        if t.footer:
            parts += [Spacer(1, 10), Paragraph(fallback_markup(t.footer), _BODY)]
        story.append(KeepTogether(parts))
        if t.chart and any(v for _, v in t.chart):
            story += [Spacer(1, 4), _chart(t)]
    story.append(Paragraph(fallback_markup(notes_title), _H2))
    for line in problems or ["未发现问题"]:
        story.append(Paragraph(fallback_markup(line), _BODY))
    doc.build(story)
    return out.getvalue()
