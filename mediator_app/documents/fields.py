"""Every value a form can print, by key, with the path that names it in an error message.

A form definition refers to values by key (``"field": "case.facts"``, or ``{case.number}`` inside a
fixed sentence). Each key has a Chinese label (for docs/documents.md and error messages), a scope
(``document`` for every form; ``record``, ``visit`` or ``agent`` only in forms printed once per record,
visit or agent), a getter that formats the value for print (dates as the context's date style,
money as 大写 and figures), and the path of the underlying field (``records[2].content``) so that a
character no font has is reported against the field the user can correct.

Also here: agreement terms as sentences and the requirements a form can state
(``"requires": ["agreement"]``). The texts the getters print (dates, party particulars, the rows of
the computed tables and lists) are made in `texts`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from mediator_app.documents import field_def
from mediator_app.documents.context import DocumentContext, Item
from mediator_app.documents.linkage_fields import LINKAGE_FIELDS, linkage_requirement_errors
from mediator_app.documents.texts import (
    Parts,
    confirmation_court,
    datetime_text,
    dossier_summary,
    joined,
    listed,
    mediation_period,
    name_parts,
    names,
    parties_in_role,
    parties_with_roles,
    referral_text,
    referrer,
    representative_value,
    session_dates,
    source_choices,
)
from mediator_app.documents.texts import confirmation_materials as confirmation_materials  # re-exported
from mediator_app.documents.texts import date_text as date_text  # re-exported
from mediator_app.documents.texts import toc_rows as toc_rows  # re-exported
from mediator_app.domain import terms as agreement_terms
from mediator_app.domain.model import CaseSource, PartyRole, RepresentativeKind, Term
from mediator_app.domain.numerals import chinese_count
from mediator_app.domain.terms import clause
from mediator_app.domain.validation import printable_agreement_errors
from mediator_app.errors import FieldError

# FieldDef and the scopes live in `field_def` so that `linkage_fields` can build on them.
SCOPES_FOR_EACH = field_def.SCOPES_FOR_EACH
FieldDef = field_def.FieldDef
Getter = field_def.Getter
PathOf = field_def.PathOf


# ---------------------------------------------------------------- terms


def term_parts(
    ctx: DocumentContext, term: Term, texts: Mapping[str, str] | None = None, numbered: bool = True
) -> Parts:
    """The term as a sentence, each piece with the path of the field it comes from (`domain.terms`)."""
    return agreement_terms.term_parts(ctx.case, term, ctx.date_style, texts, numbered)


def term_sentence(
    ctx: DocumentContext, term: Term, texts: Mapping[str, str] | None = None, numbered: bool = True
) -> str:
    """一、被申请人李四于二〇二六年十二月三十一日前向申请人张三支付人民币壹万贰仟元整（¥12,000.00），履行方式：银行转账。"""
    return joined(term_parts(ctx, term, texts, numbered))


def terms(ctx: DocumentContext) -> list[Term]:
    agreement = ctx.case.agreement
    return sorted(agreement.terms, key=lambda t: t.seq) if agreement else []


def all_terms(ctx: DocumentContext, numbered: bool = True) -> Parts:
    """Every term, one a line (履行方式、期限 of an oral agreement: its terms when any were entered)."""
    out: Parts = []
    for i, term in enumerate(terms(ctx)):
        out += [("\n", "")] if i else []
        out += term_parts(ctx, term, numbered=numbered)
    return out


# ---------------------------------------------------------------- visits and the dossier


def visit_rows(ctx: DocumentContext, item: Item | None) -> list[dict[str, str]]:
    visit = item.visit if item else None
    if visit is None:
        return []
    by_seq = {t.seq: t for t in terms(ctx)}
    rows = []
    for check in visit.terms:
        term = by_seq.get(check.term_seq)
        text = term_sentence(ctx, term, numbered=False) if term else f"第{chinese_count(check.term_seq)}项"
        rows.append({"seq": chinese_count(check.term_seq), "term": text, "status": check.status, "note": check.note})
    return rows


def visit_performance(ctx: DocumentContext, item: Item | None) -> str:
    return "\n".join(
        f"第{r['seq']}项：{r['status']}" + (f"（{r['note']}）" if r["note"] else "") for r in visit_rows(ctx, item)
    )


# ---------------------------------------------------------------- the registry


def _case_path(name: str) -> PathOf:
    return lambda _ctx, _item: name


def _record_path(name: str) -> PathOf:
    return lambda _ctx, item: f"records[{item.index if item else 0}].{name}"


def _visit_path(name: str) -> PathOf:
    return lambda _ctx, item: f"visits[{item.index if item else 0}].{name}"


def _agent_path(name: str) -> PathOf:
    def path(_ctx: DocumentContext, item: Item | None) -> str:
        ref = item.agent if item else None
        return f"parties[{ref.party_index}].representatives[{ref.agent_index}].{name}" if ref else name

    return path


def _principal_path(name: str) -> PathOf:
    return lambda _ctx, item: f"parties[{item.agent.party_index}].{name}" if item and item.agent else name


def _record(_ctx: DocumentContext, item: Item | None, name: str) -> str:
    return str(getattr(item.record, name)).strip() if item and item.record else ""


def _visit(_ctx: DocumentContext, item: Item | None, name: str) -> str:
    return str(getattr(item.visit, name)).strip() if item and item.visit else ""


def _agent(_ctx: DocumentContext, item: Item | None, name: str) -> str:
    return representative_value(item.agent.agent, name) if item and item.agent else ""


def _others(ctx: DocumentContext, item: Item | None) -> str:
    party = item.agent.party if item and item.agent else None
    return names([p for p in ctx.parties if p is not party])


def _doc(key: str, label: str, get: Callable[[DocumentContext], str], path: str, blank: int = 8) -> FieldDef:
    return FieldDef(key, label, "document", lambda ctx, _item: get(ctx), _case_path(path), blank)


def _doc_parts(key: str, label: str, parts: Callable[[DocumentContext], Parts], path: str, blank: int = 8) -> FieldDef:
    return FieldDef(
        key,
        label,
        "document",
        lambda ctx, _item: joined(parts(ctx)),
        _case_path(path),
        blank,
        lambda ctx, _item: parts(ctx),
    )


_DOCUMENT_FIELDS = [
    _doc("committee.name", "人民调解委员会名称", lambda c: c.committee.name, "committee.name", 14),
    _doc("committee.address", "委员会地址", lambda c: c.committee.address, "committee.address", 14),
    _doc("committee.court", "辖区基层人民法院", lambda c: c.committee.court, "committee.court", 10),
    _doc("case.number", "案件编号", lambda c: c.case.number, "number", 10),
    _doc("case.title", "案件名称", lambda c: c.case.display_title, "title", 14),
    _doc("case.dispute_type", "纠纷类型", lambda c: c.case.dispute_type, "dispute_type", 6),
    _doc("case.source", "案件来源", lambda c: c.case.source.value, "source", 6),
    _doc("case.source_choices", "案件来源（勾选）", source_choices, "source", 0),
    # A court's referral number is the number the register's 转办编号 asks for too.
    _doc(
        "case.source_ref",
        "转办或委派编号",
        lambda c: c.case.source_ref or c.case.referral_ref,
        "source_ref",
        10,
    ),
    FieldDef(
        "case.referrer",
        "转办（委派）单位",
        "document",
        lambda ctx, _item: referrer(ctx),
        lambda ctx, _item: "referral_court" if ctx.case.source is CaseSource.COURT else "referral_body",
        10,
    ),
    _doc("case.subject_location", "标的物所在地", lambda c: c.case.subject_location, "subject_location", 14),
    _doc("case.referral", "委派（委托）调解", referral_text, "referral_court", 14),
    _doc("case.referral_court", "委派（委托）法院", lambda c: c.case.referral_court, "referral_court", 10),
    _doc("case.referral_ref", "法院委派编号", lambda c: c.case.referral_ref, "referral_ref", 10),
    _doc(
        "case.referral_deadline",
        "法院要求办结日期",
        lambda c: date_text(c, c.case.referral_deadline),
        "referral_deadline",
    ),
    _doc("case.facts", "纠纷简要情况", lambda c: c.case.facts, "facts", 14),
    _doc("case.claims", "当事人申请事项", lambda c: c.case.claims, "claims", 14),
    _doc("case.registered_on", "登记日期", lambda c: date_text(c, c.case.registered_on), "registered_on"),
    _doc("case.accepted_on", "受理日期", lambda c: date_text(c, c.case.accepted_on), "accepted_on"),
    _doc_parts(
        "case.mediators",
        "人民调解员",
        lambda c: listed([(m, f"mediators[{k}]") for k, m in enumerate(c.case.mediators)]),
        "mediators",
        8,
    ),
    _doc("case.recorder", "记录人", lambda c: c.case.recorder, "recorder", 6),
    _doc(
        "case.privacy_notice_on",
        "个人信息处理告知确认日期",
        lambda c: date_text(c, c.case.privacy_notice_on),
        "privacy_notice_on",
        10,
    ),
    _doc_parts("case.parties", "当事人", lambda c: name_parts(c, c.parties), "parties", 12),
    _doc_parts("case.parties_with_roles", "当事人（含身份）", parties_with_roles, "parties", 14),
    _doc_parts(
        "case.applicants", "申请人", lambda c: name_parts(c, parties_in_role(c, PartyRole.APPLICANT)), "parties", 8
    ),
    _doc_parts(
        "case.respondents", "被申请人", lambda c: name_parts(c, parties_in_role(c, PartyRole.RESPONDENT)), "parties", 8
    ),
    _doc(
        "case.agents",
        "委托代理人",
        lambda c: "、".join(r.name for p in c.parties for r in p.representatives if r.kind is RepresentativeKind.AGENT),
        "parties",
        8,
    ),
    _doc("case.copies", "份数（当事人数加一）", lambda c: chinese_count(c.case.copies()), "parties", 2),
    _doc(
        "agreement.disputed_matters",
        "争议事项",
        lambda c: c.case.agreement.disputed_matters if c.case.agreement else "",
        "agreement.disputed_matters",
        14,
    ),
    _doc(
        "agreement.responsibilities",
        "各方当事人的责任",
        lambda c: c.case.agreement.responsibilities if c.case.agreement else "",
        "agreement.responsibilities",
        14,
    ),
    _doc(
        "agreement.breach_clause",
        "违约责任",
        lambda c: c.case.agreement.breach_clause if c.case.agreement else "",
        "agreement.breach_clause",
        14,
    ),
    _doc(
        "agreement.signed_on",
        "协议签订日期",
        lambda c: date_text(c, c.case.agreement.signed_on if c.case.agreement else None),
        "agreement.signed_on",
    ),
    _doc(
        "agreement.effective_on",
        "协议生效日期",
        lambda c: date_text(c, c.state.effective_on),
        "state.parties_signed_on",
    ),
    _doc_parts("agreement.terms", "协议条款", all_terms, "agreement.terms", 14),
    _doc(
        "state.rights_notified_on",
        "告知日期",
        lambda c: date_text(c, c.state.rights_notified_on),
        "state.rights_notified_on",
    ),
    _doc("state.publicity", "是否公开调解", lambda c: c.state.publicity, "state.publicity", 4),
    _doc("state.mediator_choice", "调解员的选定", lambda c: c.state.mediator_choice, "state.mediator_choice", 12),
    _doc(
        "state.decline_reason", "不予受理的理由", lambda c: clause(c.state.decline_reason), "state.decline_reason", 14
    ),
    _doc(
        "state.declined_on",
        "不予受理日期",
        # The decision's date, never the print date; cases from before it was recorded: the history.
        lambda c: date_text(c, c.state.declined_on or c.event_date("不予受理")),
        "state.declined_on",
    ),
    _doc(
        "state.termination_reason",
        "终止调解的原因",
        lambda c: clause(c.state.termination_reason),
        "state.termination_reason",
        14,
    ),
    _doc(
        "state.terminated_on",
        "终止调解日期",
        lambda c: date_text(c, c.state.terminated_on or c.event_date("终止调解")),
        "state.terminated_on",
    ),
    _doc("state.oral_content", "口头协议内容", lambda c: c.state.oral_content, "state.oral_content", 14),
    _doc(
        "state.oral_reached_on",
        "口头协议达成日期",
        lambda c: date_text(c, c.state.oral_reached_on),
        "state.oral_reached_on",
    ),
    _doc_parts(
        "state.oral_performance",
        "口头协议履行方式、期限",
        lambda c: all_terms(c, numbered=False),
        "agreement.terms",
        14,
    ),
    _doc("state.archived_on", "归档日期", lambda c: date_text(c, c.state.archived_on), "state.archived_on"),
    _doc("confirmation.court", "受理司法确认申请的人民法院", confirmation_court, "court", 10),
    _doc(
        "confirmation.applied_on",
        "司法确认申请日期",
        lambda c: date_text(c, c.state.confirmation_applied_on or c.today),
        "state.confirmation_applied_on",
    ),
    _doc("mediation.dates", "调解日期", lambda c: "、".join(date_text(c, d) for d in session_dates(c)), "records", 10),
    _doc("mediation.period", "调解起止日期", mediation_period, "accepted_on", 12),
    _doc("dossier.documents", "卷内文件件数", lambda c: str(c.dossier.documents) if c.dossier else "", "dossier", 2),
    _doc(
        "dossier.pages",
        "卷内文件页数",
        lambda c: str(c.dossier.pages) if c.dossier and c.dossier.pages is not None else "",
        "dossier",
        2,
    ),
    _doc("dossier.summary", "卷宗情况", dossier_summary, "dossier", 14),
    _doc("today", "制作日期", lambda c: date_text(c, c.today), "today"),
]


def _item(scope: str, key: str, label: str, get: Getter, path: PathOf, blank: int = 8) -> FieldDef:
    return FieldDef(key, label, scope, get, path, blank)


def _record_field(name: str, label: str, blank: int = 8) -> FieldDef:
    return _item("record", f"record.{name}", label, lambda c, i: _record(c, i, name), _record_path(name), blank)


def _visit_field(name: str, label: str, blank: int = 8) -> FieldDef:
    return _item("visit", f"visit.{name}", label, lambda c, i: _visit(c, i, name), _visit_path(name), blank)


def _agent_field(name: str, label: str, blank: int = 8) -> FieldDef:
    return _item("agent", f"agent.{name}", label, lambda c, i: _agent(c, i, name), _agent_path(name), blank)


_ITEM_FIELDS = [
    _item(
        "record",
        "record.held_at",
        "时间",
        lambda c, i: datetime_text(c, i.record.held_at) if i and i.record else "",
        _record_path("held_at"),
        12,
    ),
    _record_field("place", "地点"),
    _record_field("staff", "调查人或调解员"),
    _record_field("recorder", "记录人", 6),
    _record_field("subject", "被调查人"),
    _record_field("participants", "参加人（在场人）", 10),
    _record_field("parties_present", "到场当事人", 10),
    _record_field("content", "调查或调解内容", 14),
    _record_field("result", "调解结果", 14),
    _item(
        "visit",
        "visit.visited_on",
        "回访时间",
        lambda c, i: date_text(c, i.visit.visited_on) if i and i.visit else "",
        _visit_path("visited_on"),
    ),
    _visit_field("visitor", "回访人", 6),
    _visit_field("visited", "被回访人"),
    _visit_field("satisfaction", "当事人满意程度", 6),
    _visit_field("new_risk", "新的风险隐患", 14),
    _visit_field("note", "回访情况", 14),
    _item("visit", "visit.performance", "协议履行情况", visit_performance, _visit_path("terms"), 14),
    _agent_field("name", "委托代理人姓名", 6),
    _agent_field("relation", "与委托人关系", 6),
    _agent_field("id_number", "委托代理人证件号码", 12),
    _agent_field("phone", "委托代理人联系电话", 8),
    _item(
        "agent",
        "agent.principal",
        "委托人",
        lambda _c, i: i.agent.party.name if i and i.agent else "",
        _principal_path("name"),
        8,
    ),
    _item(
        "agent",
        "agent.principal_role",
        "委托人的身份",
        lambda _c, i: i.agent.party.role.value if i and i.agent else "",
        _principal_path("role"),
        4,
    ),
    _item("agent", "agent.others", "对方当事人", _others, lambda _c, _i: "parties", 10),
]

FIELDS: dict[str, FieldDef] = {f.key: f for f in [*_DOCUMENT_FIELDS, *_ITEM_FIELDS, *LINKAGE_FIELDS]}


def field_value(key: str, ctx: DocumentContext, item: Item | None = None) -> tuple[str, str]:
    """(text as printed, path of the underlying field) for a field key."""
    spec = FIELDS[key]
    return spec.get(ctx, item), spec.path(ctx, item)


def field_parts(key: str, ctx: DocumentContext, item: Item | None = None) -> Parts:
    """The value as printed, in pieces that each name the field they come from."""
    return FIELDS[key].parts(ctx, item)


# ---------------------------------------------------------------- what a form requires


def _missing(path: str, message: str) -> list[FieldError]:
    return [FieldError(path, message)]


def requirement_errors(name: str, ctx: DocumentContext) -> list[FieldError]:
    """Fields that must be filled before the form can be printed (``"requires"`` in the form file)."""
    s = ctx.state
    if name == "agreement":
        return printable_agreement_errors(ctx.case, ctx.today)
    if name == "oral_agreement" and not s.oral_content.strip():
        return _missing("state.oral_content", "尚未记录口头协议的内容（《人民调解法》第二十八条）")
    if name == "declined" and not s.decline_reason.strip():
        return _missing("state.decline_reason", "尚未记录不予受理的理由")
    if name == "terminated" and not s.termination_reason.strip():
        return _missing("state.termination_reason", "尚未记录终止调解的原因（《人民调解法》第二十六条）")
    if name == "agreement_effective" and s.effective_on is None:
        return _missing("state.parties_signed_on", "调解协议尚未生效（未记录各方签署日期），不能出具此文书")
    if name == "court" and not confirmation_court(ctx):
        return _missing("court", "请选择受理司法确认申请的人民法院")
    return linkage_requirement_errors(name, ctx)
