"""Judicial confirmation (司法确认): which court, and whether the application can go now. Pure.

Court (CPL Art. 205): a mediation the court itself invited (court referral, source 12368/法院委派)
goes back to that court, the one recorded at registration (`Case.referral_court`); otherwise the basic-level court of a party's domicile, of the subject
matter's location or of the mediation organisation's location, chosen by the parties; an
intermediate court where the dispute falls under its jurisdiction. The program has no court
directory: the committee's own court is a setting, and a party's basic court is inferred from the
county-level unit at the start of the address (and marked as inferred), the subject matter's court
likewise from its recorded place (`Case.subject_location`, e.g. the house in dispute). Any other
court is the user's own entry and is checked.

Checks (docs/legal-basis.md §4.5): the procedure's own guards for the APPLY_CONFIRMATION event are asked
through `machine.decide` (written agreement, effective, joint application, 30-day window, the
status-relation and title-confirmation warnings of SPC Interp. Art. 355, the day-25 reminder);
added here are the checks that concern the papers: every term clear (SPC Interp. Art. 358), every
party identified with a valid ID number or USCC and contact details (SPC 2011 Art. 3, Interp.
Art. 354), guardians of minors, agents' eligibility (CPL Art. 61), and the dispute not handled
elsewhere.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from mediator_app.domain.model import Case, CaseSource, Committee, RepresentativeKind
from mediator_app.domain.numerals import chinese_count
from mediator_app.domain.records import ProcedureState
from mediator_app.domain.stages import Event, Stage
from mediator_app.domain.term_check import Ground, TermFinding
from mediator_app.domain.validation import printable_agreement_errors
from mediator_app.frozen import frozen
from mediator_app.procedure.machine import CaseFacts, confirmation_window, decide

BLOCK, WARN = "block", "warn"
CPL_205 = "《民事诉讼法》第二百零五条"
IDENTITY_RULE = "法释〔2011〕5号第三条、最高法《民事诉讼法》解释第三百五十四条"
UNCLEAR_RULE = "最高法《民事诉讼法》解释第三百五十八条"
GUARDIAN_RULE = "《民法典》第十九条至第二十三条、第二十八条"
AGENT_RULE = "《民事诉讼法》第六十一条、最高法《民事诉讼法》解释第三百五十一条"
ELSEWHERE_RULE = "《人民调解工作若干规定》第二十二条、最高法《民事诉讼法》解释第三百五十五条"
# Stages after the application was filed: the package can be printed again, checked as of filing.
FILED_STAGES = frozenset({Stage.CONFIRMATION_APPLIED, Stage.CONFIRMED})


@frozen
class CourtOption:
    name: str
    basis: str  # why this court may be chosen, with the article
    kind: str  # inviting / committee / domicile / chosen
    required: bool = False  # a court-invited mediation must go back to that court
    inferred: bool = False  # the name was inferred from an address: check it


@frozen
class Check:
    level: str  # BLOCK or WARN
    message: str
    rule: str

    def __str__(self) -> str:
        return f"{self.message}（{self.rule}）" if self.rule else self.message


# ---------------------------------------------------------------- courts

_UNIT = r"[^省市区县旗\d０-９一二三四五六七八九十]{1,9}?"
_ADDRESS = re.compile(rf"^((?:{_UNIT}(?:省|自治区))?(?:{_UNIT}(?:市|自治州|地区|盟))?{_UNIT}(?:区|县|旗|市))")
_NOT_COUNTY = ("小区", "社区", "园区", "校区", "景区", "开发区", "片区", "街区", "工业区", "保税区")


def basic_court_for(address: str) -> str | None:
    """北京市朝阳区望京西园三区101号楼 -> 北京市朝阳区人民法院; None when no county-level unit is found."""
    match = _ADDRESS.match(address.strip())
    if match is None or match[1].endswith(_NOT_COUNTY):
        return None
    return f"{match[1]}人民法院"


def court_options(case: Case, committee: Committee, state: ProcedureState) -> list[CourtOption]:
    """The courts the joint application may be addressed to, the one already chosen first.

    A court referral offers the referring court only (CPL Art. 205(1)); none when it is not recorded
    (`court_checks` then blocks with the fix). Court names are data: the committee's setting, the
    referral as registered, the parties' addresses; no court is named in code.
    """
    if case.source is CaseSource.COURT:
        if not case.referral_court.strip():
            return []
        ref = f"（{case.referral_ref}）" if case.referral_ref else ""
        return [
            CourtOption(
                case.referral_court.strip(),
                f"本案由该人民法院委派（委托）调解{ref}，应当向该人民法院申请（{CPL_205}第一项）",
                "inviting",
                required=True,
            )
        ]
    options: list[CourtOption] = []
    if state.confirmation_court:
        options.append(CourtOption(state.confirmation_court, "已选定的人民法院", "chosen"))
    options += _connected_courts(case, committee)
    return _merged(options)


def _connected_courts(case: Case, committee: Committee) -> list[CourtOption]:
    """The basic courts with a connection the program can see (CPL Art. 205(2)): the committee's, each
    party's domicile court inferred from the address, and the subject matter's court inferred from
    its place when that is recorded."""
    options: list[CourtOption] = []
    if committee.court:
        options.append(
            CourtOption(committee.court, f"人民调解委员会所在地的基层人民法院（{CPL_205}第二项）", "committee")
        )
    for party in sorted(case.parties, key=lambda p: p.seq):
        court = basic_court_for(party.address)
        if court is not None:
            options.append(
                CourtOption(
                    court,
                    f"当事人{party.name}住所地（{party.address}）的基层人民法院"
                    f"（{CPL_205}第二项；法院名称由住址推断，请核对）",
                    "domicile",
                    inferred=True,
                )
            )
    place = case.subject_location.strip()
    court = basic_court_for(place) if place else None
    if court is not None:
        options.append(
            CourtOption(
                court,
                f"标的物所在地（{place}）的基层人民法院（{CPL_205}第二项；法院名称由地址推断，请核对）",
                "subject",
                inferred=True,
            )
        )
    return options


def _court_key(name: str) -> str:
    """The basic court a name stands for: no spaces, and a people's tribunal (人民法庭) counts as part of
    its basic court (阳新县人民法院青山人民法庭 -> 阳新县人民法院)."""
    key = re.sub(r"\s+", "", name).replace("(", "（").replace(")", "）")
    head, found, _tribunal = key.partition("人民法院")
    return head + found if found else key


def same_court(a: str, b: str) -> bool:
    """Whether two names denote the same court, one perhaps written without its province or city
    (湖北省阳新县人民法院 and 阳新县人民法院); a name is data typed by people, not a code."""
    x, y = _court_key(a), _court_key(b)
    return bool(x and y) and (x == y or x.endswith(y) or y.endswith(x))


def court_checks(case: Case, committee: Committee, court: str) -> list[Check]:
    """Whether `court` (the one the package is addressed to; "" before one is chosen) may receive the
    joint application (CPL Art. 205).

    A court referral must go back to the referring court: not recorded, or another court chosen,
    blocks (Art. 205(1) says the application "shall" go there, and the program knows that court).
    Otherwise a court with no connection the program can see warns and does not block: the subject
    matter's place and an intermediate court's jurisdiction (Art. 205(2)) are not recorded, and a
    domicile court is only inferred from an address.
    """
    if case.source is CaseSource.COURT:
        referral = case.referral_court.strip()
        if not referral:
            return [
                Check(
                    BLOCK,
                    "本案来源为人民法院委派（委托）调解，但未登记委派的人民法院：请在“修改案件信息”中填写"
                    "委派（委托）法院和法院委派编号，申请应当向该法院提出",
                    f"{CPL_205}第一项",
                )
            ]
        if court.strip() and not same_court(court, referral):
            return [
                Check(
                    BLOCK,
                    f"本案由{referral}委派（委托）调解，司法确认申请应当向{referral}提出，不能向{court.strip()}提出",
                    f"{CPL_205}第一项",
                )
            ]
        return []
    if not court.strip():
        return []
    if any(same_court(court, o.name) for o in _connected_courts(case, committee)):
        return []
    recorded = case.subject_location.strip()
    subject = (
        f"也不是从标的物所在地（{recorded}）推断出的法院；请核对该法院是否依法管辖（如中级人民法院）"
        if recorded
        else "请核对该法院是否为标的物所在地的基层人民法院（或依法管辖的中级人民法院），或在案件信息中填写标的物所在地"
    )
    return [
        Check(
            WARN,
            f"{court.strip()}不是调解委员会所在地的法院，也不是从当事人住址推断出的住所地法院；{subject}，"
            "否则请改选上面列出的法院",
            f"{CPL_205}第二项",
        )
    ]


def _merged(options: list[CourtOption]) -> list[CourtOption]:
    out: dict[str, CourtOption] = {}
    for option in options:
        if option.name in out:
            first = out[option.name]
            out[option.name] = dataclasses.replace(
                first, basis=f"{first.basis}；{option.basis}", inferred=first.inferred and option.inferred
            )
        else:
            out[option.name] = option
    return list(out.values())


# ---------------------------------------------------------------- checks


def _warning_check(text: str) -> Check:
    match = re.fullmatch(r"(.*)（([^（）]*)）", text)
    return Check(WARN, match[1], match[2]) if match else Check(WARN, text, "")


def _rule_for(path: str) -> str:
    if path.endswith((".id_number", ".uscc", ".legal_rep", ".address", ".phone", ".name")):
        return IDENTITY_RULE
    if path.endswith(".representatives"):
        return GUARDIAN_RULE
    return UNCLEAR_RULE


def _describe(case: Case, path: str, message: str) -> str:
    match = re.match(r"(?:agreement\.)?terms\[(\d+)\]", path.removeprefix("agreement."))
    if match:
        return f"协议第{chinese_count(int(match[1]) + 1)}项条款：{message}"
    match = re.match(r"parties\[(\d+)\]", path)
    if match and int(match[1]) < len(case.parties):
        name = case.parties[int(match[1])].name
        return message if name and name in message else f"当事人{name}：{message}"
    return message


def _paper_checks(case: Case, today: dt.date) -> list[Check]:
    # Without a written agreement the procedure's own refusal says all there is to say about it.
    errors = [
        e
        for e in printable_agreement_errors(case, today)
        if case.agreement is not None or not e.path.startswith("agreement")
    ]
    checks = [Check(BLOCK, _describe(case, e.path, e.message), _rule_for(e.path)) for e in errors]
    for party in sorted(case.parties, key=lambda p: p.seq):
        if party.is_person and not party.id_number.strip():
            checks.append(Check(BLOCK, f"未填写当事人{party.name}的身份证件号码", IDENTITY_RULE))
        if not party.is_person and not party.uscc.strip():
            checks.append(Check(BLOCK, f"未填写{party.name}的统一社会信用代码", IDENTITY_RULE))
        if not party.phone.strip():
            checks.append(
                Check(WARN, f"未填写当事人{party.name}的联系电话，人民法院需要当事人的联系方式", IDENTITY_RULE)
            )
        for rep in party.representatives:
            if rep.kind is RepresentativeKind.AGENT:
                checks.append(
                    Check(
                        WARN,
                        f"委托代理人{rep.name}须为律师、基层法律服务工作者、当事人的近亲属或工作人员，"
                        "或者有关社会团体推荐的公民，并提交授权委托书",
                        AGENT_RULE,
                    )
                )
    if case.agreement is not None:
        for term in sorted(case.agreement.terms, key=lambda t: t.seq):
            if term.amount is not None and not term.manner.strip():
                checks.append(
                    Check(
                        WARN,
                        f"协议第{chinese_count(term.seq)}项条款为金钱给付，未写明履行方式（如银行转账、现金）",
                        UNCLEAR_RULE,
                    )
                )
    return checks


def confirmation_checks(
    case: Case, state: ProcedureState, facts: CaseFacts, committee: Committee | None = None, court: str = ""
) -> list[Check]:
    """Everything that blocks the joint application or that the applicants should know, each citing its rule.

    `facts` are built by the caller (services.procedure.build_facts) with the applicants it intends to
    list; a case already at the court is checked as of the day it applied. With `committee`, the
    court the package is addressed to (`court`, "" before one is chosen) is checked too.
    """
    stage = Stage(state.stage)
    if stage in FILED_STAGES:
        stage = Stage.WRITTEN_AGREEMENT
        facts = dataclasses.replace(facts, today=state.confirmation_applied_on or facts.today)
    decision = decide(stage, Event.APPLY_CONFIRMATION, facts)
    checks = [Check(BLOCK, r.message, r.rule) for r in decision.refusals]
    if facts.handled_elsewhere:
        checks.append(Check(BLOCK, "该纠纷已由人民法院、公安机关或其他行政机关受理或处理", ELSEWHERE_RULE))
    window = confirmation_window(facts)
    late = window is not None and facts.today > window.end
    # Past the deadline the refusal says so; the "deadline approaching" reminder would only confuse.
    checks += [_warning_check(w) for w in decision.warnings if not (late and "即将届满" in w)]
    checks += _paper_checks(case, facts.today)
    checks += _term_checks(facts.term_findings)
    if committee is not None:
        checks += court_checks(case, committee, court)
    return list(dict.fromkeys(checks))


def _term_checks(findings: tuple[TermFinding, ...]) -> list[Check]:
    """Unclear clauses (SPC Interp. Art. 358): a payment with no amount blocks the package, the rest warns.

    Status relations and title (Art. 355) are the procedure's own warnings (`status_relation`,
    `title_confirmation`); a payment with no manner is `_paper_checks`' warning.
    """
    out = []
    for finding in findings:
        if finding.ground is not Ground.UNCLEAR or finding.path.endswith(".manner"):
            continue
        level = BLOCK if finding.path.endswith(".amount") else WARN
        out.append(Check(level, finding.message, UNCLEAR_RULE))
    return out


def blocking(checks: list[Check]) -> list[Check]:
    return [c for c in checks if c.level == BLOCK]
