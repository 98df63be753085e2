"""The transition table and its guards. Pure: (stage, event, facts) -> decision.

`TRANSITIONS` is the whole procedure: a pair missing from it is refused with a sentence saying
what the current stage allows. Each guard returns a refusal naming the rule it enforces, or None.
The caller (a service) builds `CaseFacts` from the stored case plus the record being entered, asks
`decide`, and writes the record and the transition in one transaction only if it is allowed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import field

from mediator_app.domain.dates import arabic_date
from mediator_app.domain.stages import AGREEMENT_STAGES, Event, Stage
from mediator_app.domain.term_check import TermFinding
from mediator_app.frozen import frozen
from mediator_app.procedure.calendar import HolidayCalendar, Period, period

S, E = Stage, Event

TRANSITIONS: dict[tuple[Stage, Event], Stage] = {
    (S.REGISTERED, E.ACCEPT): S.ACCEPTED,
    (S.REGISTERED, E.DECLINE): S.DECLINED,
    (S.ACCEPTED, E.INVESTIGATE): S.INVESTIGATING,
    (S.ACCEPTED, E.MEDIATE): S.MEDIATING,
    (S.ACCEPTED, E.TERMINATE): S.TERMINATED,
    (S.INVESTIGATING, E.INVESTIGATE): S.INVESTIGATING,
    (S.INVESTIGATING, E.MEDIATE): S.MEDIATING,
    (S.INVESTIGATING, E.TERMINATE): S.TERMINATED,
    (S.MEDIATING, E.INVESTIGATE): S.MEDIATING,
    (S.MEDIATING, E.MEDIATE): S.MEDIATING,
    (S.MEDIATING, E.CONCLUDE_WRITTEN): S.WRITTEN_AGREEMENT,
    (S.MEDIATING, E.CONCLUDE_ORAL): S.ORAL_AGREEMENT,
    (S.MEDIATING, E.TERMINATE): S.TERMINATED,
    (S.WRITTEN_AGREEMENT, E.START_PERFORMANCE): S.PERFORMING,
    (S.WRITTEN_AGREEMENT, E.RETURN_VISIT): S.VISITED,
    (S.WRITTEN_AGREEMENT, E.APPLY_CONFIRMATION): S.CONFIRMATION_APPLIED,
    (S.ORAL_AGREEMENT, E.START_PERFORMANCE): S.PERFORMING,
    (S.ORAL_AGREEMENT, E.RETURN_VISIT): S.VISITED,
    (S.ORAL_AGREEMENT, E.APPLY_CONFIRMATION): S.CONFIRMATION_APPLIED,  # always refused by a guard
    (S.PERFORMING, E.RETURN_VISIT): S.VISITED,
    (S.PERFORMING, E.APPLY_CONFIRMATION): S.CONFIRMATION_APPLIED,
    (S.VISITED, E.RETURN_VISIT): S.VISITED,
    (S.VISITED, E.APPLY_CONFIRMATION): S.CONFIRMATION_APPLIED,
    (S.VISITED, E.ARCHIVE): S.ARCHIVED,
    (S.CONFIRMATION_APPLIED, E.CONFIRMATION_GRANTED): S.CONFIRMED,
    (S.CONFIRMATION_APPLIED, E.CONFIRMATION_DENIED): S.CONFIRMATION_REJECTED,
    (S.CONFIRMATION_APPLIED, E.CONFIRMATION_NOT_ACCEPTED): S.CONFIRMATION_NOT_ACCEPTED,
    (S.CONFIRMATION_APPLIED, E.RETURN_VISIT): S.CONFIRMATION_APPLIED,
    (S.CONFIRMED, E.RETURN_VISIT): S.CONFIRMED,
    (S.CONFIRMED, E.ARCHIVE): S.ARCHIVED,
    # PML Art. 33: after a rejection the parties may change the agreement through mediation.
    (S.CONFIRMATION_REJECTED, E.MEDIATE): S.MEDIATING,
    (S.CONFIRMATION_REJECTED, E.ARCHIVE): S.ARCHIVED,
    # Not accepted (SPC Interp. 355: not that court's jurisdiction, or a matter confirmation cannot
    # take): the parties may apply to the competent court within the 30 days (CPL Art. 205, the
    # guards check the window again), change the agreement through mediation, or sue (PML Art. 32).
    (S.CONFIRMATION_NOT_ACCEPTED, E.APPLY_CONFIRMATION): S.CONFIRMATION_APPLIED,
    (S.CONFIRMATION_NOT_ACCEPTED, E.MEDIATE): S.MEDIATING,
    (S.CONFIRMATION_NOT_ACCEPTED, E.ARCHIVE): S.ARCHIVED,
    (S.TERMINATED, E.ARCHIVE): S.ARCHIVED,
    (S.DECLINED, E.ARCHIVE): S.ARCHIVED,
    (S.ARCHIVED, E.REOPEN): S.ARCHIVED,  # the real target is the stage before archiving (facts)
}

CONFIRMATION_DAYS = 30  # PML Art. 33, CPL Art. 205
CONFIRMATION_WARN_FROM_DAY = 25


@frozen
class CaseFacts:
    """What the guards need to know about a case, including the record being entered now."""

    today: dt.date
    handled_elsewhere: bool = False  # already accepted/handled by a court, the police or an organ
    refusal_recorded: bool = False  # a party clearly refused mediation
    rights_notified: bool = False  # 当事人权利义务告知 given
    escalation_risk: bool = False
    risk_reported_on: dt.date | None = None
    parties_without_guardian: tuple[str, ...] = ()
    mediator_choice_recorded: bool = False
    publicity_choice_recorded: bool = False
    decline_reason: str = ""
    oral_content: str = ""
    agreement_problems: tuple[str, ...] = ()  # unclear or missing contents of the written agreement
    written_agreement: bool = False
    effective_on: dt.date | None = None  # date of the last required signature, fingerprint or seal
    applicants_missing: tuple[str, ...] = ()  # parties not among the confirmation applicants
    status_relation: bool = False  # agreement touches marriage, parent-child, adoption status
    title_confirmation: bool = False  # agreement confirms title to property or IP rights
    term_findings: tuple[TermFinding, ...] = ()  # what makes a clause unclear (domain.term_check)
    routes_notified: bool = False  # parties told of arbitration/administrative/judicial routes
    termination_reason: str = ""
    visit_count: int = 0
    reopen_reason: str = ""
    archived_from: Stage | None = None
    calendar: HolidayCalendar = field(default_factory=HolidayCalendar)


@frozen
class Refusal:
    message: str
    rule: str  # the article the refusal enforces, e.g. 《人民调解法》第十七条
    fact: str = ""  # the CaseFacts field it is about: a dialog shows the message at the input that supplies it

    def __str__(self) -> str:
        return f"{self.message}（{self.rule}）"


@frozen
class Decision:
    stage: Stage
    event: Event
    next_stage: Stage | None
    refusals: tuple[Refusal, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def allowed(self) -> bool:
        return self.next_stage is not None

    @property
    def reason(self) -> str:
        return "；".join(str(r) for r in self.refusals)


Guard = Callable[[CaseFacts], Refusal | None]
PML, CC, SPC = "《人民调解法》", "《民法典》", "最高法《民事诉讼法》解释"


def _not_refused(f: CaseFacts) -> Refusal | None:
    if f.refusal_recorded:
        return Refusal("已有当事人明确拒绝调解，不得调解，应终止调解", f"{PML}第十七条", "refusal_recorded")
    return None


def _not_handled_elsewhere(f: CaseFacts) -> Refusal | None:
    if f.handled_elsewhere:
        return Refusal(
            "该纠纷已由人民法院、公安机关或其他行政机关受理或处理，不能受理",
            "《人民调解工作若干规定》第二十二条",
            "handled_elsewhere",
        )
    return None


def _rights_notified(f: CaseFacts) -> Refusal | None:
    if not f.rights_notified:
        return Refusal(
            "受理前须向当事人告知权利义务（当事人权利义务告知书）", f"{PML}第二十三条、第二十四条", "rights_notified"
        )
    return None


def _risk_reported(f: CaseFacts) -> Refusal | None:
    if f.escalation_risk and f.risk_reported_on is None:
        return Refusal(
            "该纠纷有激化风险，须先记录已向公安机关或有关部门报告及报告日期", f"{PML}第二十五条", "risk_reported_on"
        )
    return None


def _guardians(f: CaseFacts) -> Refusal | None:
    if f.parties_without_guardian:
        names = "、".join(f.parties_without_guardian)
        return Refusal(
            f"{names}为未成年人或无完全民事行为能力人，须有法定代理人参加",
            f"{CC}第十九条至第二十三条、第二十八条",
            "parties_without_guardian",
        )
    return None


def _choices_recorded(f: CaseFacts) -> Refusal | None:
    if not (f.mediator_choice_recorded and f.publicity_choice_recorded):
        return Refusal(
            "调解前须记录当事人对调解员的选择以及是否公开调解", f"{PML}第十九条、第二十三条", "mediator_choice_recorded"
        )
    return None


def _decline_reason(f: CaseFacts) -> Refusal | None:
    if not f.decline_reason.strip():
        return Refusal("不予受理须写明理由", "《人民调解工作若干规定》第二十二条", "decline_reason")
    return None


def _oral_content(f: CaseFacts) -> Refusal | None:
    if not f.oral_content.strip():
        return Refusal("口头协议须由调解员记录协议内容", f"{PML}第二十八条", "oral_content")
    return None


def _agreement_complete(f: CaseFacts) -> Refusal | None:
    if f.agreement_problems:
        return Refusal(
            "协议内容不完整或不明确：" + "；".join(f.agreement_problems), f"{PML}第二十九条", "agreement_problems"
        )
    return None


def _termination_reason(f: CaseFacts) -> Refusal | None:
    if not f.termination_reason.strip():
        return Refusal("终止调解须写明终止原因", f"{PML}第二十六条", "termination_reason")
    return None


def _routes_notified(f: CaseFacts) -> Refusal | None:
    if not f.routes_notified:
        return Refusal(
            "终止调解须记录已告知当事人可以通过仲裁、行政、司法等途径维护权利", f"{PML}第二十六条", "routes_notified"
        )
    return None


def _agreement_effective(f: CaseFacts) -> Refusal | None:
    if f.written_agreement and f.effective_on is None:
        return Refusal(
            "书面协议须各方当事人签名、盖章或按指印，调解员签名并加盖委员会印章后才生效，请记录签署日期",
            f"{PML}第二十九条",
            "effective_on",
        )
    return None


def _written_for_confirmation(f: CaseFacts) -> Refusal | None:
    if not f.written_agreement:
        return Refusal(
            "只有书面调解协议可以申请司法确认；口头协议须先制作书面协议", f"{PML}第三十三条", "written_agreement"
        )
    return None


def _joint_application(f: CaseFacts) -> Refusal | None:
    if f.applicants_missing:
        return Refusal(
            "司法确认须由双方当事人共同申请，以下当事人未列为申请人：" + "、".join(f.applicants_missing),
            "《民事诉讼法》第二百零五条",
            "applicants_missing",
        )
    return None


def confirmation_window(f: CaseFacts) -> Period | None:
    """The 30-day window from the agreement's effective date (PML Art. 33, CPL Art. 205)."""
    if f.effective_on is None:
        return None
    return period(f.effective_on, CONFIRMATION_DAYS, f.calendar)


def _within_window(f: CaseFacts) -> Refusal | None:
    window = confirmation_window(f)
    if window is not None and f.today > window.end:
        return Refusal(
            f"协议自生效之日起三十日内才能申请司法确认，期限已于{arabic_date(window.end)}届满",
            f"{PML}第三十三条、《民事诉讼法》第二百零五条",
            "today",
        )
    return None


def _visited(f: CaseFacts) -> Refusal | None:
    if f.visit_count == 0:
        return Refusal("达成协议的案件归档前须至少回访一次，了解协议履行情况", f"{PML}第三十一条", "visit_count")
    return None


def _reopen_reason(f: CaseFacts) -> Refusal | None:
    if not f.reopen_reason.strip() or f.archived_from is None:
        return Refusal("重新启用已归档案件须写明理由", f"{PML}第二十七条（调解档案）", "reopen_reason")
    return None


GUARDS: dict[Event, tuple[Guard, ...]] = {
    E.ACCEPT: (_not_handled_elsewhere, _not_refused, _rights_notified, _risk_reported, _guardians),
    E.DECLINE: (_decline_reason,),
    E.INVESTIGATE: (_not_refused, _risk_reported),
    E.MEDIATE: (_not_refused, _risk_reported, _choices_recorded, _guardians),
    E.CONCLUDE_WRITTEN: (_not_refused, _risk_reported, _guardians, _agreement_complete),
    E.CONCLUDE_ORAL: (_not_refused, _risk_reported, _oral_content),
    E.TERMINATE: (_termination_reason, _routes_notified),
    E.START_PERFORMANCE: (_agreement_effective,),
    E.RETURN_VISIT: (_agreement_effective,),
    E.APPLY_CONFIRMATION: (_written_for_confirmation, _agreement_effective, _joint_application, _within_window),
    E.CONFIRMATION_GRANTED: (),
    E.CONFIRMATION_DENIED: (),
    E.CONFIRMATION_NOT_ACCEPTED: (),
    E.ARCHIVE: (),
    E.REOPEN: (_reopen_reason,),
}


def _warnings(event: Event, f: CaseFacts) -> tuple[str, ...]:
    if event is not E.APPLY_CONFIRMATION:
        return ()
    out = []
    if f.status_relation:
        out.append(
            "协议涉及婚姻、亲子、收养等身份关系，人民法院不予受理司法确认申请（最高法《民事诉讼法》解释第三百五十五条）"
        )
    if f.title_confirmation:
        out.append(
            "协议内容涉及物权或知识产权确权，人民法院不予受理司法确认申请（最高法《民事诉讼法》解释第三百五十五条）"
        )
    window = confirmation_window(f)
    if window is not None and f.today <= window.end and (f.today - window.start).days >= CONFIRMATION_WARN_FROM_DAY:
        # Past the plain 30th day only the holiday extension (Civil Code Art. 203) is left: name that day,
        # not one already gone (docs/legal-basis.md §4.4).
        if f.today > window.plain_end:
            out.append(
                f"司法确认期限的第三十日（{arabic_date(window.plain_end)}）已过，因节假日顺延至"
                f"{arabic_date(window.end)}，人民法院是否顺延不确定，请立即共同向人民法院申请"
            )
        else:
            out.append(f"司法确认期限即将届满（{arabic_date(window.plain_end)}），请尽快共同向人民法院申请")
    return tuple(out)


def _archive_refusals(stage: Stage, f: CaseFacts) -> tuple[Refusal, ...]:
    refusal = _visited(f) if stage in AGREEMENT_STAGES else None
    return (refusal,) if refusal else ()


def decide(stage: Stage, event: Event, facts: CaseFacts) -> Decision:
    """Whether `event` may happen now, and the stage it leads to; refusals say why not and cite the rule."""
    target = TRANSITIONS.get((stage, event))
    if target is None:
        allowed = "、".join(e.value for (s, e) in TRANSITIONS if s is stage) or "无"
        refusal = Refusal(f"案件处于“{stage.value}”阶段，不能“{event.value}”；此阶段可以：{allowed}", "调解程序")
        return Decision(stage, event, None, (refusal,))
    refusals = tuple(r for guard in GUARDS[event] if (r := guard(facts)) is not None)
    if event is E.ARCHIVE:
        refusals += _archive_refusals(stage, facts)
    if event is E.REOPEN and facts.archived_from is not None:
        target = facts.archived_from
    if refusals:
        return Decision(stage, event, None, refusals, _warnings(event, facts))
    return Decision(stage, event, target, (), _warnings(event, facts))


def events_from(stage: Stage) -> list[Event]:
    """The events the table defines for a stage, in table order (the actions offered to the user)."""
    return [e for (s, e) in TRANSITIONS if s is stage]
