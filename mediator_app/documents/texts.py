"""What a document says about a case, computed from its context: dates in the context's style, names
and roles of parties, party particulars as printed, the mediation period, the rows of the visit
table, the dossier's contents and summary, and the confirmation package's list of materials.

Values are returned as text or as `Parts` — pieces of text each with the path of the field it comes
from ("" for connecting words), so that a character no font has is reported against the field the
user can correct. `fields` registers these under the keys a form definition uses.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from mediator_app.documents.context import DocumentContext
from mediator_app.domain.dates import format_date
from mediator_app.domain.model import CaseSource, IdType, Party, PartyRole, Representative, RepresentativeKind
from mediator_app.domain.records import RecordKind

if TYPE_CHECKING:
    from mediator_app.documents.dossier_info import TocEntry

Part = tuple[str, str]  # (text, path of the field it comes from; "" for connecting words)
Parts = list[Part]
CHECKED, UNCHECKED = "■", "□"


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


def parties_in_role(ctx: DocumentContext, role: PartyRole) -> list[Party]:
    return [p for p in ctx.parties if p.role is role]


def parties_with_roles(ctx: DocumentContext) -> Parts:
    out: Parts = []
    for role in PartyRole:
        members = parties_in_role(ctx, role)
        if members:
            out += [("，", "")] if out else []
            out += [(role.value, ""), *name_parts(ctx, members)]
    return out


def source_choices(ctx: DocumentContext) -> str:
    return "　".join(f"{CHECKED if s is ctx.case.source else UNCHECKED}{s.value}" for s in CaseSource)


def referrer(ctx: DocumentContext) -> str:
    """The body that sent the case: the referring court for a court's referral (CPL Art. 205(1)),
    otherwise the 12345 office, police station or grid recorded at registration."""
    return ctx.case.referral_court if ctx.case.source is CaseSource.COURT else ctx.case.referral_body


def referral_text(ctx: DocumentContext) -> str:
    """受北京市东城区人民法院委派（委托）调解（（2026）京0101民诉前调123号）; the reference only when recorded,
    never an empty pair of brackets."""
    case = ctx.case
    if not case.referral_court.strip():
        return ""
    ref = f"（{case.referral_ref.strip()}）" if case.referral_ref.strip() else ""
    return f"受{case.referral_court.strip()}委派（委托）调解{ref}"


def session_dates(ctx: DocumentContext) -> list[dt.date]:
    return sorted({r.held_at.date() for r in ctx.records if r.kind is RecordKind.SESSION})


def closing_date(ctx: DocumentContext) -> dt.date | None:
    """When the mediation itself ended: agreement, oral agreement, termination, or the last session."""
    s = ctx.state
    terminated = s.terminated_on or ctx.event_date("终止调解")
    declined = s.declined_on or ctx.event_date("不予受理")
    for day in (s.effective_on, s.oral_reached_on, terminated, declined):
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


# ---------------------------------------------------------------- the dossier and the confirmation package


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
