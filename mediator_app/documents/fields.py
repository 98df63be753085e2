"""Every value a form can print, by key, with the path that names it in an error message.

A form definition refers to values by key (``"field": "case.facts"``, or ``{case.number}`` inside a
fixed sentence). Each key has a Chinese label (for docs/documents.md and error messages), a scope
(``document`` for every form; ``record``, ``visit`` or ``agent`` only in forms printed once per record,
visit or agent), a getter that formats the value for print (dates as the context's date style,
money as 大写 and figures), and the path of the underlying field (``records[2].content``) so that a
character no font has is reported against the field the user can correct.

Also here: party particulars, agreement terms as sentences, the requirements a form can state
(``"requires": ["agreement"]``) and the rows of the computed tables and lists.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from mediator_app.documents.context import DocumentContext, Item, TocEntry
from mediator_app.domain import terms as agreement_terms
from mediator_app.domain.dates import format_date
from mediator_app.domain.model import CaseSource, IdType, Party, PartyRole, Representative, RepresentativeKind, Term
from mediator_app.domain.numerals import chinese_count
from mediator_app.domain.records import RecordKind
from mediator_app.domain.terms import clause
from mediator_app.domain.validation import printable_agreement_errors
from mediator_app.errors import FieldError

Getter = Callable[[DocumentContext, Item | None], str]
PathOf = Callable[[DocumentContext, Item | None], str]
Part = tuple[str, str]  # (text, path of the field it comes from; "" for connecting words)
Parts = list[Part]
PartsGetter = Callable[[DocumentContext, Item | None], Parts]

SCOPES_FOR_EACH: dict[str | None, frozenset[str]] = {
    None: frozenset({"document"}),
    "investigation": frozenset({"document", "record"}),
    "session": frozenset({"document", "record"}),
    "visit": frozenset({"document", "visit"}),
    "agent": frozenset({"document", "agent"}),
}
CHECKED, UNCHECKED = "■", "□"


@dataclass(frozen=True)
class FieldDef:
    key: str
    label: str
    scope: str
    get: Getter
    path: PathOf
    blank_chars: int = 8  # width of the line left for handwriting on a blank form
    get_parts: PartsGetter | None = None  # a value made of several fields, each with its own path

    def parts(self, ctx: DocumentContext, item: Item | None) -> Parts:
        if self.get_parts is not None:
            return self.get_parts(ctx, item)
        return [(self.get(ctx, item), self.path(ctx, item))]

    @property
    def is_date(self) -> bool:
        """Printed as a date: a blank form shows 年 月 日 to fill in instead of a line."""
        return self.key.endswith(("_on", "held_at")) or self.key == "today"


def date_text(ctx: DocumentContext, day: dt.date | None) -> str:
    return format_date(day, ctx.date_style) if day else ""


def datetime_text(ctx: DocumentContext, at: dt.datetime) -> str:
    clock = f"{at.hour}时" + (f"{at.minute}分" if at.minute else "")
    return date_text(ctx, at.date()) + clock


def names(parties: list[Party]) -> str:
    return "、".join(p.name for p in parties)


def joined(parts: Parts) -> str:
    return "".join(text for text, _ in parts)


def listed(items: list[Part], separator: str = "、") -> Parts:
    out: Parts = []
    for text, path in items:
        out += [(separator, "")] if out else []
        out.append((text, path))
    return out


def name_parts(ctx: DocumentContext, parties: list[Party]) -> Parts:
    return listed([(p.name, f"parties[{ctx.party_index(p)}].name") for p in parties])


def party_ref(ctx: DocumentContext, party: Party) -> Parts:
    """申请人张三, with the name's own path."""
    return [(party.role.value, ""), (party.name, f"parties[{ctx.party_index(party)}].name")]


def _role(ctx: DocumentContext, role: PartyRole) -> list[Party]:
    return [p for p in ctx.parties if p.role is role]


def parties_with_roles(ctx: DocumentContext) -> Parts:
    out: Parts = []
    for role in PartyRole:
        members = _role(ctx, role)
        if members:
            out += [("，", "")] if out else []
            out += [(role.value, ""), *name_parts(ctx, members)]
    return out


def source_choices(ctx: DocumentContext) -> str:
    return "　".join(f"{CHECKED if s is ctx.case.source else UNCHECKED}{s.value}" for s in CaseSource)


def session_dates(ctx: DocumentContext) -> list[dt.date]:
    return sorted({r.held_at.date() for r in ctx.records if r.kind is RecordKind.SESSION})


def closing_date(ctx: DocumentContext) -> dt.date | None:
    """When the mediation itself ended: agreement, oral agreement, termination, or the last session."""
    s = ctx.state
    for day in (s.effective_on, s.oral_reached_on, ctx.event_date("终止调解"), ctx.event_date("不予受理")):
        if day is not None:
            return day
    dates = session_dates(ctx)
    return dates[-1] if dates else None


def mediation_period(ctx: DocumentContext) -> str:
    start = ctx.case.accepted_on or ctx.case.registered_on
    end = closing_date(ctx)
    return date_text(ctx, start) + (f"至{date_text(ctx, end)}" if end and end != start else "")


def confirmation_court(ctx: DocumentContext) -> str:
    return (ctx.court or ctx.state.confirmation_court or ctx.committee.court).strip()


# ---------------------------------------------------------------- parties


def party_value(party: Party, field: str, date_style: str, on: dt.date) -> str:
    """One particular of a party as printed; "" when not recorded."""
    if field == "role":
        return party.role.value
    if field == "birth_date":
        return format_date(party.birth_date, date_style) if party.birth_date else ""
    if field == "age":
        age = party.age_on(on)
        return f"{age}岁" if age is not None else ""
    if field == "occupation_or_title":
        return party.occupation.strip() if party.is_person else party.legal_rep_title.strip()
    return str(getattr(party, field)).strip()


def representative_value(rep: Representative, field: str) -> str:
    if field == "kind":
        return rep.kind.value
    return str(getattr(rep, field)).strip()


def id_label(id_type: IdType, label: str, other_id_label: str) -> str:
    """公民身份号码 for a resident ID; 护照号码 and so on for other documents (via `other_id_label`)."""
    if id_type is IdType.RESIDENT_ID:
        return label
    kind = "证件" if id_type is IdType.OTHER else id_type.value
    return other_id_label.replace("{id_type}", kind)


PERSON_FIELDS = frozenset(
    {
        "role",
        "name",
        "sex",
        "birth_date",
        "age",
        "ethnicity",
        "occupation",
        "occupation_or_title",
        "id_number",
        "address",
        "phone",
    }
)
ORGANISATION_FIELDS = frozenset(
    {"role", "name", "uscc", "address", "legal_rep", "legal_rep_title", "occupation_or_title", "phone"}
)
REPRESENTATIVE_FIELDS = frozenset({"kind", "name", "relation", "id_number", "phone"})
# Party particulars that are typed by the user (checked for printable characters); others are formatted.
TYPED_PARTY_FIELDS = frozenset(
    {"name", "sex", "ethnicity", "occupation", "id_number", "address", "phone", "uscc", "legal_rep", "legal_rep_title"}
)


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


def toc_rows(ctx: DocumentContext) -> list[dict[str, str]]:
    entries: tuple[TocEntry, ...] = ctx.dossier.entries if ctx.dossier else ()
    return [
        {"seq": str(i), "title": e.title, "page": "" if e.page is None else str(e.page), "note": e.note}
        for i, e in enumerate(entries, 1)
    ]


def confirmation_materials(ctx: DocumentContext) -> list[dict[str, str]]:
    """The package's contents (docs/legal-basis.md §4.3; 法释〔2011〕5号第三条, 最高法《民事诉讼法》解释第三百五十四条)."""
    rows = [
        ("司法确认申请书", "1份", "已附，全体申请人签名、盖章或按指印"),
        ("人民调解协议书", "1份", "已附，原件或与原件核对无误的复印件"),
        ("调解组织主持调解的证明", "1份", "已附，加盖人民调解委员会印章"),
    ]
    for party in ctx.parties:
        if party.is_person:
            rows.append((f"{party.name}的身份证明（{party.id_type.value}复印件）", "1份", "由当事人提供"))
        else:
            rows.append(
                (f"{party.name}的营业执照或统一社会信用代码证书复印件、法定代表人身份证明书", "各1份", "由当事人提供")
            )
        for rep in party.representatives:
            if rep.kind is RepresentativeKind.AGENT:
                rows.append(
                    (
                        f"{party.name}的授权委托书及委托代理人{rep.name}的身份证明",
                        "各1份",
                        "授权委托书已附，须委托人签名或盖章",
                    )
                )
            else:
                rows.append((f"法定代理人{rep.name}的身份证明及监护关系证明", "各1份", "由当事人提供"))
    rows.append(("与调解协议相关的财产权利证明", "", "如有，由当事人提供"))
    rows.append(("送达地址确认书", "", "人民法院要求时填写"))
    return [{"seq": str(i), "name": n, "copies": c, "note": note} for i, (n, c, note) in enumerate(rows, 1)]


def confirmation_attachments(ctx: DocumentContext) -> list[str]:
    """What the application lists under 附: the materials except the application itself."""
    return [f"{r['name']}{r['copies']}" for r in confirmation_materials(ctx)[1:]]


def dossier_summary(ctx: DocumentContext) -> str:
    """The 卷宗情况说明: what happened in the case, from its records, one sentence a line."""
    case, s = ctx.case, ctx.state
    lines = [
        f"本卷为{case.display_title}的人民调解卷宗，编号{case.number}。",
        f"本纠纷于{date_text(ctx, case.registered_on)}登记，案件来源为{case.source.value}。",
    ]
    if s.decline_reason:
        lines.append(f"经审查不予受理，理由：{s.decline_reason.rstrip('。')}。")
    elif case.accepted_on:
        lines.append(
            f"本委员会于{date_text(ctx, case.accepted_on)}受理，主持调解的人民调解员为"
            f"{'、'.join(case.mediators) or '（未记录）'}。"
        )
    investigations = sum(r.kind is RecordKind.INVESTIGATION for r in ctx.records)
    sessions = session_dates(ctx)
    if investigations or sessions:
        lines.append(f"共进行调查{investigations}次、调解{len(sessions)}次。")
    lines += _outcome(ctx)
    if ctx.visits:
        last = ctx.visits[-1]
        lines.append(
            f"共回访{len(ctx.visits)}次，最近一次于{date_text(ctx, last.visited_on)}，当事人{last.satisfaction}。"
        )
    if ctx.dossier is not None and ctx.dossier.pages is not None:
        lines.append(f"卷内文件共{ctx.dossier.documents}件{ctx.dossier.pages}页。")
    return "\n".join(lines)


def _outcome(ctx: DocumentContext) -> list[str]:
    s, out = ctx.state, []
    if s.oral_reached_on:
        out.append(f"当事人于{date_text(ctx, s.oral_reached_on)}达成口头协议，调解员已记录协议内容。")
    elif s.effective_on:
        out.append(f"当事人达成书面调解协议，协议于{date_text(ctx, s.effective_on)}生效。")
    if s.termination_reason:
        out.append(
            f"调解终止，原因：{s.termination_reason.rstrip('。')}；已告知当事人可以通过仲裁、行政、司法等途径维护权利。"
        )
    if s.confirmation_applied_on:
        court = s.confirmation_court or "人民法院"
        out.append(f"当事人于{date_text(ctx, s.confirmation_applied_on)}共同向{court}申请司法确认。")
    if s.confirmation_decided_on:
        number = f"（{s.court_case_number}）" if s.court_case_number else ""
        out.append(f"人民法院于{date_text(ctx, s.confirmation_decided_on)}作出裁定{number}。")
    return out


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


def _record(item: Item | None, name: str) -> str:
    return str(getattr(item.record, name)).strip() if item and item.record else ""


def _visit(item: Item | None, name: str) -> str:
    return str(getattr(item.visit, name)).strip() if item and item.visit else ""


def _agent(item: Item | None, name: str) -> str:
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
    _doc("case.source_ref", "转办或委派编号", lambda c: c.case.source_ref, "source_ref", 10),
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
    _doc_parts("case.parties", "当事人", lambda c: name_parts(c, c.parties), "parties", 12),
    _doc_parts("case.parties_with_roles", "当事人（含身份）", parties_with_roles, "parties", 14),
    _doc_parts("case.applicants", "申请人", lambda c: name_parts(c, _role(c, PartyRole.APPLICANT)), "parties", 8),
    _doc_parts("case.respondents", "被申请人", lambda c: name_parts(c, _role(c, PartyRole.RESPONDENT)), "parties", 8),
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
        lambda c: date_text(c, c.event_date("不予受理") or c.today),
        "state.decline_reason",
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
        lambda c: date_text(c, c.event_date("终止调解") or c.today),
        "state.termination_reason",
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
    return _item("record", f"record.{name}", label, lambda _c, i: _record(i, name), _record_path(name), blank)


def _visit_field(name: str, label: str, blank: int = 8) -> FieldDef:
    return _item("visit", f"visit.{name}", label, lambda _c, i: _visit(i, name), _visit_path(name), blank)


def _agent_field(name: str, label: str, blank: int = 8) -> FieldDef:
    return _item("agent", f"agent.{name}", label, lambda _c, i: _agent(i, name), _agent_path(name), blank)


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

FIELDS: dict[str, FieldDef] = {f.key: f for f in [*_DOCUMENT_FIELDS, *_ITEM_FIELDS]}


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
    return []
