"""The right-hand pane: one case as readable text (particulars, parties, facts, claims, agreement terms).

ID numbers and phone numbers are shown masked (PIPL Art. 51, docs/legal-basis.md §9): the screen of a shared
office PC is seen by the parties at the desk; numbers typed into the facts and claims too
(`domain.masking`). A party's full number is shown on demand (the links 显示证件号码 / 显示电话), through
`services.privacy.reveal`, which records the view. Everything the user typed is HTML-escaped.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QTextBrowser, QWidget

from mediator_app.domain import terms
from mediator_app.domain.dates import arabic_date
from mediator_app.domain.masking import mask_text
from mediator_app.domain.model import Capacity, Case, CaseSource, Party, Representative, Term

if TYPE_CHECKING:
    from mediator_app.domain.hotline import HotlineOrder
    from mediator_app.services.desk import Desk
    from mediator_app.services.privacy import RevealedValue

REVEAL_SCHEME = "reveal"  # links reveal:<证件号码|联系电话>:<party seq>


def _e(text: str) -> str:
    return escape(text).replace("\n", "<br>")


def term_sentence(case: Case, term: Term) -> str:
    """The printed agreement's sentence (`domain.terms`), dated in figures and unnumbered:
    被申请人吉𠮷祥于2024年3月31日前向申请人刘䶮支付修复费用人民币叁仟陆佰元整（¥3,600.00），履行方式：银行转账。"""
    return terms.screen_term_sentence(case, term)


def _representative_text(rep: Representative) -> str:
    parts = [f"{rep.kind.value}：{rep.name}"]
    if rep.relation:
        parts[0] += f"（{rep.relation}）"
    if rep.id_number:
        parts.append(f"{rep.id_type.value} {rep.id_value.masked()}")
    if rep.phone:
        parts.append(f"电话 {rep.phone_value.masked()}")
    return "，".join(parts)


def party_text(party: Party) -> str:
    parts = [party.name]
    if party.is_person:
        parts += [p for p in (party.sex, party.ethnicity) if p]
        if party.birth_date:
            parts.append(f"{arabic_date(party.birth_date)}出生")
        if party.occupation:
            parts.append(party.occupation)
        if party.id_number:
            parts.append(f"{party.id_type.value} {party.id_value.masked()}")
    else:
        if party.uscc:
            parts.append(f"统一社会信用代码 {party.uscc}")
        if party.legal_rep:
            title = f"（{party.legal_rep_title}）" if party.legal_rep_title else ""
            parts.append(f"法定代表人 {party.legal_rep}{title}")
    if party.is_person and party.capacity is not Capacity.FULL:
        parts.append(party.capacity.value)  # an adult under guardianship (Civil Code Arts. 21-22)
    if party.address:
        parts.append(f"{'住址' if party.is_person else '住所'}：{party.address}")
    if party.phone:
        parts.append(f"电话 {party.phone_value.masked()}")
    return "，".join(parts)


def _row(label: str, value: str) -> str:
    return f"<tr><td class='k'>{escape(label)}</td><td>{_e(value) if value else '—'}</td></tr>"


def _source_text(case: Case) -> str:
    """公安移送（北京市公安局朝阳分局望京派出所，110联动-2026-318）: the source with who sent it and its
    reference (a court's referral: the court and its reference)."""
    court = case.source is CaseSource.COURT
    sender = case.referral_court if court else case.referral_body
    ref = case.referral_ref if court else case.source_ref
    detail = "，".join(x for x in (sender, ref) if x)
    return case.source.value + (f"（{detail}）" if detail else "")


def case_html(case: Case) -> str:
    rows = [
        _row("案件编号", case.number),
        _row("纠纷类型", case.dispute_type),
        _row("案件来源", _source_text(case)),
        _row("标的物所在地", case.subject_location),
        _row("登记日期", arabic_date(case.registered_on)),
        _row("受理日期", arabic_date(case.accepted_on) if case.accepted_on else ""),
        _row("状态", case.status),
        _row("主持调解员", "、".join(case.mediators)),
        _row("记录人", case.recorder),
    ]
    out = [
        f"<h2>{_e(case.display_title)}</h2>",
        f"<table cellspacing='0' cellpadding='3'>{''.join(rows)}</table>",
        "<h3>当事人</h3>",
    ]
    for party in case.parties:
        reps = "".join(f"<br>　　{_e(_representative_text(r))}" for r in party.representatives)
        out.append(
            f"<p><b>{escape(party.role.value)}{party.seq}</b>　{_e(party_text(party))}{_reveal_links(party)}{reps}</p>"
        )
    out += ["<h3>纠纷简要情况</h3>", f"<p>{_e(mask_text(case.facts))}</p>"]
    if case.claims:
        out += ["<h3>申请事项</h3>", f"<p>{_e(mask_text(case.claims))}</p>"]
    out.append(_agreement_html(case))
    return "".join(out)


def _reveal_links(party: Party) -> str:
    links = [
        f"<a href='{REVEAL_SCHEME}:{kind}:{party.seq}'>显示{text}</a>"
        for kind, text, value in (("证件号码", "证件号码", party.id_number), ("联系电话", "电话", party.phone))
        if value and party.is_person
    ]
    return f"　<small>{'　'.join(links)}</small>" if links else ""


def show_hotline_orders(view: CaseView, desk: Desk, case: Case) -> None:
    """The case's 12345 work orders, their replies and the hotline's satisfaction results, added below
    the case once read (docs/hotline.md); nothing is added for a case without orders."""
    from mediator_app.ui.tasks import run_db

    case_id = case.id
    assert case_id is not None

    def shown(orders: list[HotlineOrder]) -> None:
        if orders and view.case is case:
            view.setHtml(case_html(case) + hotline_html(orders))

    run_db(lambda: desk.hotline.of_case(case_id), owner=view).on_success(shown)


def hotline_html(orders: list[HotlineOrder]) -> str:
    out = ["<h3>12345工单</h3>"]
    for o in orders:
        reply = f"，回复：{o.reply_result.value}" if o.reply_result is not None else ""
        visit = (
            f"，热线回访：{o.satisfaction}" + (f"（{o.satisfaction_note}）" if o.satisfaction_note else "")
            if o.satisfaction
            else ""
        )
        out.append(f"<p>{_e(o.order_no)}　{_e(o.status.value)}{_e(reply)}{_e(visit)}</p>")
    return "".join(out)


def _agreement_html(case: Case) -> str:
    agreement = case.agreement
    if agreement is None:
        return "<h3>调解协议</h3><p class='hint'>尚未填写协议条款。</p>"
    out = ["<h3>调解协议</h3>"]
    for label, value in (("争议事项", agreement.disputed_matters), ("各方责任", agreement.responsibilities)):
        if value:
            out.append(f"<p><b>{label}：</b>{_e(value)}</p>")
    if agreement.terms:
        out.append("<ol>" + "".join(f"<li>{_e(term_sentence(case, t))}</li>" for t in agreement.terms) + "</ol>")
    if agreement.breach_clause:
        out.append(f"<p><b>违约责任：</b>{_e(agreement.breach_clause)}</p>")
    if agreement.signed_on:
        out.append(f"<p><b>签订日期：</b>{arabic_date(agreement.signed_on)}</p>")
    return "".join(out)


_CSS = """
h2 { margin-bottom: 6px; } h3 { margin-top: 14px; margin-bottom: 4px; color: #1f3b57; }
td.k { color: #4a5560; padding-right: 14px; white-space: nowrap; } .hint { color: #6b7680; }
p { line-height: 150%; } li { margin-bottom: 6px; line-height: 150%; }
"""


class CaseView(QTextBrowser):
    """Shows one case; `case` is the one shown (None while nothing is selected).

    `shown(case or None)` tells the procedure pane beside it which case to show the procedure of.
    """

    shown = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.document().setDefaultStyleSheet(_CSS)
        self.document().setDocumentMargin(14)
        self.case: Case | None = None
        self.desk: Desk | None = None  # set once the database is open; needed for the reveal links
        self.anchorClicked.connect(self._link_clicked)
        self.show_message(self.tr("请在左边的列表中选择一件案件。"))

    def set_desk(self, desk: Desk) -> None:
        self.desk = desk

    def _link_clicked(self, url: QUrl) -> None:
        scheme, _, rest = url.toString().partition(":")
        what, _, seq = rest.partition(":")
        case, desk = self.case, self.desk
        if scheme != REVEAL_SCHEME or case is None or case.id is None or desk is None or not seq.isdigit():
            return
        from mediator_app.services.privacy import Revealed
        from mediator_app.ui.errors import report_exception
        from mediator_app.ui.tasks import run_db

        kind, case_id = Revealed(what), case.id
        run_db(lambda: desk.reveal(case_id, int(seq), kind), owner=self).on_success(self._revealed).on_error(
            lambda exc: report_exception(exc, self)
        )

    def _revealed(self, shown: RevealedValue) -> None:
        from mediator_app.ui import messages

        messages.inform(
            self,
            self.tr("完整号码"),
            self.tr("{name}的{what}：{value}\n\n本次查看已记入审计记录。").format(
                name=shown.party_name, what=shown.what.value, value=shown.value
            ),
        )

    def show_case(self, case: Case) -> None:
        self.case = case
        self.setHtml(case_html(case))
        self.shown.emit(case)
        if self.desk is not None and case.id is not None:
            show_hotline_orders(self, self.desk, case)

    def show_message(self, text: str) -> None:
        self.case = None
        self.setHtml(f"<p class='hint' style='font-size:large'>{_e(text)}</p>")
        self.shown.emit(None)
