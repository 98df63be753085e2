"""个人信息查阅报告: everything the committee holds about one person, for an access request
(PIPL Art. 45: an individual may consult and copy his personal information; Art. 50: requests are
handled promptly). Pure: the report's data in (`AccessReport`, built by `services.privacy`), PDF bytes
out, with the bundled fonts and their per-character fallback (rare name characters print).

The person's own entries are printed in full - the report goes to the person, who proved who he is -
and nothing of the other parties of the same cases (their names stay out; only the case's number,
type, dates and state, and how many audit entries the case has).
"""

from __future__ import annotations

import datetime as dt
import io

from mediator_app.domain.dates import arabic_date, chinese_date
from mediator_app.domain.labels import field_label
from mediator_app.domain.model import Party
from mediator_app.frozen import frozen

TITLE = "个人信息查阅报告"
PARTY_FIELDS = ("name", "id_type", "id_number", "sex", "birth_date", "ethnicity", "occupation", "address", "phone")


@frozen
class HeldCase:
    """One case in which the person appears, with the person's own entries (never the other parties')."""

    number: str
    registered_on: dt.date
    dispute_type: str
    status: str
    as_party: tuple[Party, ...]
    as_representative: tuple[str, ...]  # "委托代理人（当事人：X）" where the person represents someone
    audit_entries: int  # how many audit entries the case has (views, prints, exports, edits)


@frozen
class HeldOrder:
    """A 12345 hotline work order whose caller is the person (docs/privacy.md): the caller's own name,
    phone and address as the hotline gave them; numbers in the request text masked (they may be others')."""

    order_no: str
    assigned_on: dt.date | None
    order_type: str
    caller: str
    phone: str
    address: str
    content: str  # masked (`domain.masking.mask_text`)
    status: str
    case_number: str  # the case it became or was attached to, "" for none


@frozen
class AccessReport:
    id_number: str
    made_on: dt.date
    committee: str
    cases: tuple[HeldCase, ...]
    orders: tuple[HeldOrder, ...] = ()


def _value(party: Party, name: str) -> str:
    value = getattr(party, name)
    if value is None or value == "":
        return "（未登记）"
    if isinstance(value, dt.date):
        return arabic_date(value)
    return str(value)


def report_lines(report: AccessReport) -> list[tuple[str, str]]:
    """The report as (style, text) lines: "title", "heading", "body", "row" (label\tvalue), "sign"."""
    lines = [("title", TITLE)]
    count = len(report.cases)
    lines.append(
        (
            "body",
            f"根据《中华人民共和国个人信息保护法》第四十五条，应本人请求，现将{report.committee or '本委员会'}"
            f"保存的、证件号码为{report.id_number}的个人的信息列明如下。共涉及{count}件案件"
            f"{f'、{len(report.orders)}件12345热线工单' if report.orders else ''}。",
        )
    )
    if not report.cases and not report.orders:
        lines.append(("body", "本委员会没有保存与该证件号码有关的个人信息。"))
    for n, case in enumerate(report.cases, start=1):
        lines.append(("heading", f"{n}. {case.number}"))
        lines.append(("row", f"纠纷类型\t{case.dispute_type}"))
        lines.append(("row", f"登记日期\t{arabic_date(case.registered_on)}"))
        lines.append(("row", f"办理状态\t{case.status}"))
        for party in case.as_party:
            lines.append(("row", f"身份\t当事人（{party.role}）"))
            lines += [("row", f"{field_label('parties[].' + name)}\t{_value(party, name)}") for name in PARTY_FIELDS]
        lines += [("row", f"身份\t{text}") for text in case.as_representative]
        lines.append(("row", f"处理记录\t本案审计记录{case.audit_entries}条（登记、修改、查看、打印、导出等）"))
    lines += _order_lines(report.orders, len(report.cases))
    lines.append(
        (
            "body",
            "以上信息用于人民调解工作，保存在本委员会的计算机和纸质卷宗中。如发现信息不准确或者不完整，"
            "可以请求更正、补充（《个人信息保护法》第四十六条）。",
        )
    )
    lines.append(("sign", report.committee))
    lines.append(("sign", chinese_date(report.made_on)))
    return lines


def _order_lines(orders: tuple[HeldOrder, ...], numbered: int) -> list[tuple[str, str]]:
    lines: list[tuple[str, str]] = []
    for n, order in enumerate(orders, start=numbered + 1):
        lines.append(("heading", f"{n}. 12345热线工单 {order.order_no}"))
        rows = (
            ("交办日期", arabic_date(order.assigned_on) if order.assigned_on else ""),
            ("工单类型", order.order_type),
            ("来电人", order.caller),
            ("联系电话", order.phone),
            ("事发地址", order.address),
            ("诉求内容", order.content),
            ("办理状态", order.status),
            ("对应案件", order.case_number),
        )
        lines += [("row", f"{label}\t{value or '（未登记）'}") for label, value in rows]
    return lines


def render_access_report(report: AccessReport) -> bytes:
    """The report as an A4 PDF."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm

    from mediator_app.documents.fonts import BODY_FONT, fallback_markup, register_fonts
    from mediator_app.documents.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Spacer, Table

    register_fonts()
    styles = {
        "title": ParagraphStyle("title", fontName=BODY_FONT, fontSize=20, leading=30, alignment=1, spaceAfter=10),
        "heading": ParagraphStyle("heading", fontName=BODY_FONT, fontSize=14, leading=22, spaceBefore=10),
        "body": ParagraphStyle("body", fontName=BODY_FONT, fontSize=12, leading=20, firstLineIndent=24),
        "cell": ParagraphStyle("cell", fontName=BODY_FONT, fontSize=11, leading=16),
        "sign": ParagraphStyle("sign", fontName=BODY_FONT, fontSize=12, leading=20, alignment=2),
    }
    out = io.BytesIO()
    doc = BaseDocTemplate(out, pagesize=A4, title=TITLE, author="", subject="", creator="", invariant=1)
    frame = Frame(25 * mm, 25 * mm, A4[0] - 50 * mm, A4[1] - 50 * mm, id="body")
    doc.addPageTemplates([PageTemplate("page", frames=[frame])])
    story: list[object] = []
    rows: list[list[object]] = []

    def flush_rows() -> None:
        if rows:
            story.append(Table(list(rows), colWidths=[35 * mm, A4[0] - 85 * mm], hAlign="LEFT"))
            rows.clear()

    for style, text in report_lines(report):
        if style == "row":
            label, value = text.split("\t", 1)
            rows.append(
                [Paragraph(fallback_markup(label), styles["cell"]), Paragraph(fallback_markup(value), styles["cell"])]
            )
            continue
        flush_rows()
        if style == "sign":
            story.append(Spacer(1, 6 * mm) if not story or text == report.committee else Spacer(1, 0))
        story.append(Paragraph(fallback_markup(text), styles[style]))
    flush_rows()
    doc.build(story)
    return out.getvalue()
