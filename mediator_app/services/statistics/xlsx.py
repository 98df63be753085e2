"""A report as an XLSX workbook (openpyxl): one sheet per table, headed by the unit, the period and the
version; counts and amounts are numbers (amounts in 元 with two decimals), so that the 合计 row can be
re-added by whoever opens it; a native Excel bar chart on the tables that have one; each sheet set up
to print on A4, fitted to the page width, the header rows repeated on every page."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from mediator_app.services.statistics.period import CAPTIONS
from mediator_app.services.statistics.report import COUNT, MONEY, RATE, Report, ReportTable

_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEADER_ROWS = 3  # title, unit/period line, column captions: the table's first row is row 4


def cell_value(value: Any, kind: str) -> Any:
    """A figure as the sheet holds it: 分 become 元 (two decimals), rates stay per cent, None blank."""
    if value is None:
        return None
    if kind == MONEY:
        return round(value / 100, 2)
    return value


_FORMATS = {COUNT: "#,##0", MONEY: "#,##0.00", RATE: "0.00"}


def _header(ws: Worksheet, report: Report, table: ReportTable) -> None:
    period = report.period
    width = len(table.columns)
    ws.cell(1, 1, f"人民调解工作统计{CAPTIONS[period.kind]}·{table.title}").font = Font(size=14, bold=True)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    state = f"第{report.version}版（{report.confirmed_by}确认）" if report.version else "未确认"
    ws.cell(
        2, 1, f"填报单位：{report.unit}　报表周期：{period.label}　填报日期：{report.generated_on.isoformat()}　{state}"
    )
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    for col, (caption, _) in enumerate(table.columns, start=1):
        cell = ws.cell(HEADER_ROWS, col, caption)
        cell.font, cell.border = Font(bold=True), _BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _row(ws: Worksheet, at: int, values: list[Any], kinds: list[str], bold: bool = False) -> None:
    for col, (value, kind) in enumerate(zip(values, kinds, strict=True), start=1):
        cell = ws.cell(at, col, cell_value(value, kind))
        cell.border = _BOX
        if kind in _FORMATS:
            cell.number_format = _FORMATS[kind]
        if bold:
            cell.font = Font(bold=True)


def _chart(ws: Worksheet, table: ReportTable, last_row: int) -> None:
    column = [c for c, _ in table.columns].index(table.chart) + 1
    chart = BarChart()
    chart.type = "bar"
    chart.title = f"{table.title}：{table.chart}"
    chart.legend = None
    chart.add_data(Reference(ws, min_col=column, min_row=HEADER_ROWS, max_row=last_row), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=HEADER_ROWS + 1, max_row=last_row))
    chart.height, chart.width = max(7.5, 0.5 * len(table.rows)), 16
    ws.add_chart(chart, f"{get_column_letter(len(table.columns) + 2)}{HEADER_ROWS}")


def _print_setup(ws: Worksheet, landscape: bool) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"1:{HEADER_ROWS}"
    ws.page_margins.left = ws.page_margins.right = 0.5


def _sheet(ws: Worksheet, report: Report, table: ReportTable) -> None:
    ws.title = table.title
    _header(ws, report, table)
    kinds = [k for _, k in table.columns]
    for i, row in enumerate(table.rows):
        # Tables of mixed indicators: the row says whether its figures are counts, rates or amounts.
        row_kinds = (
            [kinds[0]] + [table.row_kinds[i] if k == COUNT else k for k in kinds[1:]] if table.row_kinds else kinds
        )
        _row(ws, HEADER_ROWS + 1 + i, row, row_kinds)
    last = HEADER_ROWS + len(table.rows)
    if table.total is not None:
        _row(ws, last + 1, table.total, kinds, bold=True)
    ws.column_dimensions["A"].width = 26
    for col in range(2, len(table.columns) + 1):
        ws.column_dimensions[get_column_letter(col)].width = 13
    ws.freeze_panes = ws.cell(HEADER_ROWS + 1, 2)
    if table.chart:
        _chart(ws, table, last)
    _print_setup(ws, landscape=bool(table.chart))


def _problems(ws: Worksheet, report: Report) -> None:
    ws.title = "校验"
    ws.cell(1, 1, f"校验结果（{report.period.label}）").font = Font(size=14, bold=True)
    lines = report.problems or ["未发现问题"]
    for i, line in enumerate(lines, start=2):
        ws.cell(i, 1, line)
    ws.column_dimensions["A"].width = 100
    _print_setup(ws, landscape=False)


def workbook_bytes(report: Report) -> bytes:
    wb = Workbook()
    first = True
    for table in report.tables:
        ws = wb.active if first else wb.create_sheet()
        first = False
        _sheet(ws, report, table)
    _problems(wb.create_sheet(), report)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
