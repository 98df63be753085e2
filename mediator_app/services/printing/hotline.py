"""Printing a 12345 work order's 办理情况回复单 (services.hotline.replies): the order as the hotline sent
it, what was done, and the places where the handler and the director sign; laid out by
`documents.report_pdf` like the other tables the committee signs (fonts embedded). The caller's phone is
printed masked: the hotline has the number, and the slip lies on a desk."""

from __future__ import annotations

from mediator_app.documents.report_pdf import PdfTable, report_pdf
from mediator_app.domain.dates import arabic_date
from mediator_app.domain.hotline import HotlineOrder

# The places to sign, as table rows: reportlab collapses runs of ideographic spaces in a paragraph.
SIGNATURES = [
    ["承办人（签字）", ""],
    ["调委会主任审签（签字）", ""],
    ["日期", "＿＿＿＿年＿＿月＿＿日（盖章）"],
]
_WEIGHTS = [1.0, 4.0]


def _when(order: HotlineOrder) -> str:
    return f"{order.replied_at:%Y-%m-%d %H:%M}" if order.replied_at is not None else ""


def reply_slip_pdf(order: HotlineOrder, committee: str) -> bytes:
    """The slip as PDF (reportlab is loaded only when a slip is printed)."""
    due = order.extension_until or order.deadline
    given = [
        ["工单编号", order.order_no],
        ["工单类型", order.order_type],
        ["交办时间", f"{order.assigned_at:%Y-%m-%d %H:%M}" if order.assigned_at else ""],
        ["办结期限", arabic_date(due) if due is not None else ""],
        ["来电人", order.caller],
        ["联系电话", order.masked_phone()],
        ["事发地址", order.address],
        ["诉求内容", order.content],
    ]
    done = [
        ["办理结果", order.reply_result.value if order.reply_result else "（未填写）"],
        ["办理情况", order.reply_done],
        ["沟通情况", order.reply_contact],
        ["达成协议", order.reply_agreement],
        ["承办人", order.reply_handler],
        ["承办单位", order.reply_unit],
        ["办理时间", _when(order)],
    ]
    if order.extension_until is not None:
        done.append(["延期", f"{order.extension_reason}；依据：{order.extension_basis}"])
    tables = [
        PdfTable("工单内容", ["项目", "内容"], given, weights=_WEIGHTS, numbers=False),
        PdfTable("办理情况", ["项目", "内容"], done, weights=_WEIGHTS, numbers=False),
        PdfTable("签字", ["项目", "签名"], SIGNATURES, weights=[1.6, 3.4], numbers=False),
    ]
    notes = [f"已由{order.approved_by}于{order.approved_at:%Y-%m-%d %H:%M}审签"] if order.approved_at else ["尚未审签"]
    subtitle = f"{committee}　工单编号：{order.order_no}"
    return report_pdf("12345热线工单办理情况回复单", subtitle, tables, notes, notes_title="审签")
