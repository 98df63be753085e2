"""Printing a statistics report: the report's frozen or generated figures become the text cells and
chart values `documents.report_pdf` lays out (the one printing service every door uses)."""

from __future__ import annotations

from typing import Any

from mediator_app.documents.report_pdf import PdfTable, report_pdf
from mediator_app.services.statistics.period import CAPTIONS
from mediator_app.services.statistics.report import MONEY, RATE, Report, ReportTable


def cell_text(value: Any, kind: str) -> str:
    """A figure as printed: counts with thousands separators, rates with two decimals, 分 as 元."""
    if value is None:
        return "—" if kind != "text" else ""
    if kind == MONEY:
        return f"{value / 100:,.2f}"
    if kind == RATE:
        return f"{value:.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _pdf_table(table: ReportTable) -> PdfTable:
    kinds = [k for _, k in table.columns]
    rows = []
    for i, row in enumerate(table.rows):
        row_kinds = [table.row_kinds[i] if k == "count" and table.row_kinds else k for k in kinds]
        rows.append([cell_text(v, k) for v, k in zip(row, row_kinds, strict=True)])
    if table.total is not None:
        rows.append([cell_text(v, k) for v, k in zip(table.total, kinds, strict=True)])
    chart: list[tuple[str, float]] = []
    if table.chart:
        column = [c for c, _ in table.columns].index(table.chart)
        chart = [(str(row[0]), float(row[column] or 0)) for row in table.rows]
    caption = f"{table.title}：{table.chart}" if table.chart else ""
    return PdfTable(table.title, [c for c, _ in table.columns], rows, table.total is not None, chart, caption)


def report_bytes(report: Report) -> bytes:
    """The report as PDF (the printing package's `__init__` does not import this module: reportlab
    is loaded only when a report is printed)."""
    period = report.period
    state = f"第{report.version}版，{report.confirmed_by}确认" if report.version else "未确认（仅供核对）"
    subtitle = (
        f"填报单位：{report.unit}　报表周期：{period.label}　填报日期：{report.generated_on.isoformat()}　{state}"
    )
    if report.reason:
        subtitle += f"　更正理由：{report.reason}"
    title = f"人民调解工作统计{CAPTIONS[period.kind]}"
    return report_pdf(title, subtitle, [_pdf_table(t) for t in report.tables], report.problems)
