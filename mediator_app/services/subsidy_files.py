"""A 以案定补 claim as an XLSX workbook (openpyxl), ready to print on A4: the claim list per mediator
with a 小计 row and the mediator's signature place, the 合计 row with the places of the reviewer and the
committee director (signature and seal); a second sheet lists every case of the period that is not
claimed, with the reason. Amounts are numbers in 元, so that whoever opens the file can re-add them."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.worksheet import Worksheet

from mediator_app.domain.subsidy import Judgement
from mediator_app.services.subsidy import Claim

_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
CLAIM_COLUMNS = ("序号", "案件编号", "办结日期", "难度级别", "调解结果", "协议形式", "补贴金额（元）")
UNPAID_COLUMNS = ("案件编号", "调解员", "办结日期", "难度级别", "未计入原因")
SIGN_MEDIATOR = "调解员（签名）：＿＿＿＿＿＿＿＿　　日期：＿＿＿＿年＿＿月＿＿日"
SIGN_OFFICE = "审核人（签名）：＿＿＿＿＿＿＿＿　　人民调解委员会主任（签名、盖章）：＿＿＿＿＿＿＿＿"
HEADER_ROWS = 3


def title(claim: Claim) -> str:
    return f"人民调解以案定补申领表（{claim.period.label}）"


def subtitle(claim: Claim) -> str:
    return (
        f"申报单位：{claim.unit}　填报日期：{claim.made_on.isoformat()}　补贴规则：{claim.rules.version}"
        f"（{claim.rules.valid_from.isoformat()}起）"
    )


def case_cells(j: Judgement) -> list[str]:
    f = j.result.facts
    return [
        f.number,
        f.closed_on.isoformat() if f.closed_on else "",
        f.difficulty,
        f.outcome or "",
        f.agreement_form or "",
    ]


def _row(ws: Worksheet, values: list[object], *, bold: bool = False) -> int:
    ws.append(values)
    r: int = ws.max_row
    for c in range(1, len(values) + 1):
        cell = ws.cell(r, c)
        cell.border = _BOX
        cell.font = Font(bold=bold)
        if isinstance(cell.value, float):
            cell.number_format = "#,##0.00"
    return r


def _note(ws: Worksheet, text: str, width: int) -> None:
    ws.append([text])
    r = ws.max_row
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
    ws.cell(r, 1).alignment = Alignment(vertical="center")
    ws.row_dimensions[r].height = 28


def _setup(ws: Worksheet, widths: list[int]) -> None:
    for i, w in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = w
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"1:{HEADER_ROWS}"


def _head(ws: Worksheet, heading: str, sub: str, columns: tuple[str, ...]) -> None:
    ws.append([heading])
    ws.cell(1, 1).font = Font(size=14, bold=True)
    ws.append([sub])
    _row(ws, list(columns), bold=True)


def claim_workbook(claim: Claim) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "申领表"
    width = len(CLAIM_COLUMNS)
    _head(ws, title(claim), subtitle(claim), CLAIM_COLUMNS)
    for mediator, cases in claim.paid.items():
        _note(ws, f"调解员：{mediator}，{claim.state(mediator)}", width)
        for i, j in enumerate(cases, start=1):
            _row(ws, [i, *case_cells(j), (j.amount_fen or 0) / 100])
        _row(ws, ["小计", f"{len(cases)}件", "", "", "", "", claim.subtotal(mediator) / 100], bold=True)
        _note(ws, SIGN_MEDIATOR, width)
    _row(ws, ["合计", f"{claim.cases}件", "", "", "", "", claim.total_fen / 100], bold=True)
    _note(ws, SIGN_OFFICE, width)
    _setup(ws, [6, 30, 12, 9, 9, 9, 14])
    other = wb.create_sheet("未计入案件")
    _head(other, f"未计入申领的案件（{claim.period.label}）", "本期办结但不符合补贴条件的案件及原因", UNPAID_COLUMNS)
    for j in claim.unpaid:
        f = j.result.facts
        _row(other, [f.number, f.mediator, f.closed_on.isoformat() if f.closed_on else "", f.difficulty, j.reason])
    _setup(other, [30, 10, 12, 9, 70])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
