"""Use cases of the statutory procedure: each step's record, the transition and its history row are
written in one transaction, and only if the state machine (`procedure.machine.decide`) allows it.

`workflow()` is what the case view shows: the step indicator, what the law requires next, every
action with whether it is possible now and, if not, why (with the article).
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlmodel import Session

from mediator_app.domain.model import Case
from mediator_app.domain.records import (
    ProcedureState,
    ReturnVisit,
    StepRecord,
    Transition,
    record_errors,
    visit_errors,
)
from mediator_app.domain.stages import STEPS, Event, Stage, step_index
from mediator_app.domain.validation import needs_guardian, printable_agreement_errors, raise_if
from mediator_app.errors import FieldError, UserFacingError, ValidationError
from mediator_app.procedure.calendar import HolidayCalendar
from mediator_app.procedure.deadlines import DeadlineInput, DueItem, TermDue, due_items, todo
from mediator_app.procedure.machine import CaseFacts, Decision, Refusal, confirmation_window, decide, events_from
from mediator_app.services.calendar import holiday_calendar
from mediator_app.storage import procedure_repo as prepo
from mediator_app.storage import repository as repo
from mediator_app.storage.database import Database

E, S = Event, Stage
STATUS_WORDS = ("离婚", "解除婚姻", "婚姻关系", "收养", "亲子关系", "确认亲子", "抚养关系")
TITLE_WORDS = ("所有权归", "产权归", "使用权归", "归其所有", "确认所有权", "确权", "物权")
# Inputs a dialog collects for its event: the action is offered as possible if only these are missing.
_DIALOG_INPUTS: dict[Event, dict[str, object]] = {
    E.ACCEPT: {"rights_notified": True},
    E.DECLINE: {"decline_reason": "（对话框填写）"},
    E.MEDIATE: {"mediator_choice_recorded": True, "publicity_choice_recorded": True},
    E.CONCLUDE_ORAL: {"oral_content": "（对话框填写）"},
    E.TERMINATE: {"routes_notified": True, "termination_reason": "（对话框填写）"},
    E.APPLY_CONFIRMATION: {"applicants_missing": ()},
    E.REOPEN: {"reopen_reason": "（对话框填写）"},
}
NEXT_HINT: dict[Stage, str] = {
    S.REGISTERED: "向当事人告知权利义务并征得同意后“受理”；不属于人民调解范围的，写明理由“不予受理”。",
    S.ACCEPTED: "了解纠纷事实（记录调查），或在当事人选定调解员、确定是否公开后开始调解。",
    S.INVESTIGATING: "调查清楚后开始调解；可以继续记录调查。",
    S.MEDIATING: (
        "每次调解都要记录。达成协议的，填写协议条款后“达成书面协议”或记录“口头协议”；"
        "调解不成的“终止调解”并告知其他途径。"
    ),
    S.WRITTEN_AGREEMENT: (
        "各方签名（按指印）、调解员签名、加盖印章后记录签署日期，再监督履行；需要司法确认的，协议生效三十日内共同申请。"
    ),
    S.ORAL_AGREEMENT: "监督履行，按期回访。",
    S.PERFORMING: "按履行期限督促履行，到期回访。",
    S.VISITED: "履行完毕后结案归档；仍有条款未履行的继续回访。",
    S.CONFIRMATION_APPLIED: "等待人民法院裁定（一般三十日内），收到裁定后记录结果。",
    S.CONFIRMED: "协议已经司法确认；一方不履行的，对方可以向人民法院申请强制执行。履行完毕后回访、归档。",
    S.CONFIRMATION_REJECTED: "人民法院驳回申请：当事人可以通过人民调解变更原协议或达成新协议，也可以向人民法院起诉。",
    S.TERMINATED: "已告知当事人其他救济途径，整理卷宗后结案归档。",
    S.DECLINED: "已告知当事人不予受理的理由，整理材料后归档。",
    S.ARCHIVED: "案件已归档。如确需继续处理，可写明理由“重新启用”。",
}


class ProcedureRefused(UserFacingError):
    """The law (as the state machine encodes it) does not allow this step now."""

    def __init__(self, decision: Decision) -> None:
        super().__init__(decision.reason)
        self.decision = decision


@dataclass(frozen=True)
class ActionState:
    event: Event
    enabled: bool
    reason: str  # why not, with the article; empty when enabled
    refusals: tuple[Refusal, ...] = ()  # the same, one by one (the case view lists them)


@dataclass(frozen=True)
class WorkflowView:
    case_id: int
    stage: Stage
    step: int
    steps: tuple[str, ...]
    next_hint: str
    actions: tuple[ActionState, ...]
    due: tuple[DueItem, ...]
    history: tuple[Transition, ...]
    records: tuple[StepRecord, ...]
    visits: tuple[ReturnVisit, ...]
    state: ProcedureState


# ---------------------------------------------------------------- facts


def _agreement_text(case: Case) -> str:
    a = case.agreement
    if a is None:
        return ""
    return " ".join([a.disputed_matters, a.responsibilities, *(t.action for t in a.terms)])


def build_facts(
    case: Case, state: ProcedureState, visit_count: int, today: dt.date, calendar: HolidayCalendar, /, **inputs: object
) -> CaseFacts:
    """The facts the guards see; `inputs` override any of them (the record being entered, or `today`
    as the day an act took place)."""
    text = _agreement_text(case)
    facts = CaseFacts(
        today=today,
        handled_elsewhere=state.handled_elsewhere,
        refusal_recorded=bool(state.refusal_note),
        rights_notified=state.rights_notified_on is not None,
        escalation_risk=state.escalation_risk,
        risk_reported_on=state.risk_reported_on,
        parties_without_guardian=tuple(p.name for p in case.parties if needs_guardian(p, today)),
        mediator_choice_recorded=bool(state.mediator_choice.strip()),
        publicity_choice_recorded=state.publicity in ("公开", "不公开"),
        decline_reason=state.decline_reason,
        oral_content=state.oral_content,
        agreement_problems=tuple(e.message for e in printable_agreement_errors(case, today)),
        written_agreement=case.agreement is not None and state.oral_reached_on is None,
        effective_on=state.effective_on,
        status_relation=any(w in text for w in STATUS_WORDS),
        title_confirmation=any(w in text for w in TITLE_WORDS),
        routes_notified=state.routes_notified,
        termination_reason=state.termination_reason,
        visit_count=visit_count,
        archived_from=Stage(state.archived_from) if state.archived_from else None,
        calendar=calendar,
    )
    return _with(facts, inputs)


def _with(facts: CaseFacts, inputs: dict[str, object]) -> CaseFacts:
    return dataclasses.replace(facts, **inputs)  # type: ignore[arg-type]


# ---------------------------------------------------------------- running a step

Change = Callable[[ProcedureState], None]


@dataclass
class _Step:
    event: Event
    change: Change | None = None
    record: StepRecord | None = None
    visit: ReturnVisit | None = None
    note: str = ""
    inputs: dict[str, object] | None = None
    settle: Change | None = None  # applied after the decision, in the same transaction


def _noop(_state: ProcedureState) -> None:
    return None


def _run(db: Database, case_id: int, step: _Step, today: dt.date | None, actor: str) -> Decision:
    today = today or dt.date.today()
    with db.unit_of_work() as session:
        case = repo.load_case(session, case_id)
        state = prepo.load_state(session, case_id)
        visits = prepo.list_visits(session, case_id)
        new_state = copy.copy(state)
        (step.change or _noop)(new_state)
        facts = build_facts(
            case, new_state, len(visits) + (step.visit is not None), today, holiday_calendar(), **(step.inputs or {})
        )
        decision = decide(Stage(state.stage), step.event, facts)
        if decision.next_stage is None:
            raise ProcedureRefused(decision)  # rolls back: nothing of this step is written
        new_state.stage = decision.next_stage
        (step.settle or _noop)(new_state)
        _write_step(session, case_id, step, state, new_state, actor)
    return decision


def _write_step(
    session: Session, case_id: int, step: _Step, old: ProcedureState, new: ProcedureState, actor: str
) -> None:
    now = repo.utcnow()
    if step.record is not None:
        prepo.add_record(session, case_id, step.record)
    if step.visit is not None:
        prepo.add_visit(session, case_id, step.visit)
    prepo.save_state(session, case_id, new, now)
    prepo.add_transition(
        session, case_id, Transition(now, actor or "本机用户", step.event.value, old.stage, new.stage, step.note)
    )
    repo.add_audit(session, step.event.value, case_id, f"{old.stage}→{new.stage}", actor)


def update_state(
    db: Database, case_id: int, change: Change, what: str, actor: str = "", detail: str = ""
) -> ProcedureState:
    """Record a fact that is not a transition (a refusal, a risk report, the parties' choices, signatures)."""
    with db.unit_of_work() as session:
        state = prepo.load_state(session, case_id)
        if state.stage == S.ARCHIVED.value:
            raise UserFacingError("案件已归档，不能修改；如确需修改，请先写明理由重新启用")
        change(state)
        prepo.save_state(session, case_id, state, repo.utcnow())
        repo.add_audit(session, what, case_id, detail, actor)
    return state


# ---------------------------------------------------------------- the steps


def accept(
    db: Database,
    case_id: int,
    rights_notified_on: dt.date | None,
    handled_elsewhere: bool = False,
    today: dt.date | None = None,
    actor: str = "",
) -> Decision:
    """`rights_notified_on` None: the rights were not notified, which the guard refuses (PML Arts. 23-24)."""

    def change(s: ProcedureState) -> None:
        s.rights_notified_on, s.handled_elsewhere = rights_notified_on, handled_elsewhere

    decision = _run(db, case_id, _Step(E.ACCEPT, change), today, actor)
    assert rights_notified_on is not None  # the guard refuses acceptance without it
    with db.unit_of_work() as session:
        repo.set_accepted_on(session, case_id, rights_notified_on)
    return decision


def decline(db: Database, case_id: int, reason: str, today: dt.date | None = None, actor: str = "") -> Decision:
    def change(s: ProcedureState) -> None:
        s.decline_reason = reason.strip()

    return _run(db, case_id, _Step(E.DECLINE, change, note=reason.strip()), today, actor)


def record_investigation(
    db: Database, case_id: int, record: StepRecord, today: dt.date | None = None, actor: str = ""
) -> Decision:
    raise_if(record_errors(record, today or dt.date.today()))
    return _run(db, case_id, _Step(E.INVESTIGATE, record=record), today, actor)


def record_session(
    db: Database,
    case_id: int,
    record: StepRecord,
    mediator_choice: str | None = None,
    publicity: str | None = None,
    today: dt.date | None = None,
    actor: str = "",
) -> Decision:
    def change(s: ProcedureState) -> None:
        if mediator_choice is not None:
            s.mediator_choice = mediator_choice.strip()
        if publicity is not None:
            s.publicity = publicity

    raise_if(record_errors(record, today or dt.date.today()))
    return _run(db, case_id, _Step(E.MEDIATE, change, record=record), today, actor)


def conclude_written(db: Database, case_id: int, today: dt.date | None = None, actor: str = "") -> Decision:
    return _run(db, case_id, _Step(E.CONCLUDE_WRITTEN), today, actor)


def conclude_oral(
    db: Database, case_id: int, content: str, reached_on: dt.date, today: dt.date | None = None, actor: str = ""
) -> Decision:
    def change(s: ProcedureState) -> None:
        s.oral_content, s.oral_reached_on = content.strip(), reached_on

    return _run(db, case_id, _Step(E.CONCLUDE_ORAL, change), today, actor)


def terminate(
    db: Database, case_id: int, reason: str, routes_notified: bool, today: dt.date | None = None, actor: str = ""
) -> Decision:
    def change(s: ProcedureState) -> None:
        s.termination_reason, s.routes_notified = reason.strip(), routes_notified

    return _run(db, case_id, _Step(E.TERMINATE, change, note=reason.strip()), today, actor)


def start_performance(db: Database, case_id: int, today: dt.date | None = None, actor: str = "") -> Decision:
    return _run(db, case_id, _Step(E.START_PERFORMANCE), today, actor)


def record_visit(
    db: Database, case_id: int, visit: ReturnVisit, today: dt.date | None = None, actor: str = ""
) -> Decision:
    raise_if(visit_errors(visit, today or dt.date.today()))
    return _run(db, case_id, _Step(E.RETURN_VISIT, visit=visit), today, actor)


def apply_confirmation(
    db: Database,
    case_id: int,
    court: str,
    applicant_seqs: Sequence[int],
    applied_on: dt.date,
    today: dt.date | None = None,
    actor: str = "",
) -> Decision:
    if not court.strip():
        raise ValidationError([FieldError("court", "请填写受理申请的人民法院（《民事诉讼法》第二百零五条）")])
    case = _case(db, case_id)
    missing = tuple(p.name for p in case.parties if p.seq not in set(applicant_seqs))

    def change(s: ProcedureState) -> None:
        s.confirmation_court, s.confirmation_applied_on = court.strip(), applied_on

    # The 30-day window is met by the day the parties applied, not by the day it is entered here.
    step = _Step(
        E.APPLY_CONFIRMATION, change, note=court.strip(), inputs={"applicants_missing": missing, "today": applied_on}
    )
    return _run(db, case_id, step, today, actor)


@dataclass(frozen=True)
class ConfirmationPreview:
    """What the 申请司法确认 step would say now: refusals, warnings, the window's last day, the court."""

    refusals: tuple[Refusal, ...]
    warnings: tuple[str, ...]
    last_day: dt.date | None  # the plain 30th day from the effective date (the date to meet)
    court: str  # the court chosen before, else the committee's court


def confirmation_preview(
    db: Database, case_id: int, applicant_seqs: Sequence[int], applied_on: dt.date, today: dt.date | None = None
) -> ConfirmationPreview:
    """The decision `apply_confirmation` would take with these applicants on `applied_on`; nothing is written."""
    today = today or dt.date.today()
    with db.reader() as session:
        case = repo.load_case(session, case_id)
        state = prepo.load_state(session, case_id)
        visits = prepo.list_visits(session, case_id)
        committee = repo.first_committee(session)
    missing = tuple(p.name for p in case.parties if p.seq not in set(applicant_seqs))
    facts = build_facts(
        case, state, len(visits), today, holiday_calendar(), applicants_missing=missing, today=applied_on
    )
    decision = decide(Stage(state.stage), E.APPLY_CONFIRMATION, facts)
    window = confirmation_window(facts)
    court = state.confirmation_court or (committee.court if committee else "")
    return ConfirmationPreview(decision.refusals, decision.warnings, window.plain_end if window else None, court)


def record_confirmation_result(
    db: Database,
    case_id: int,
    granted: bool,
    decided_on: dt.date,
    court_case_number: str = "",
    today: dt.date | None = None,
    actor: str = "",
) -> Decision:
    def change(s: ProcedureState) -> None:
        s.confirmation_decided_on, s.court_case_number = decided_on, court_case_number.strip()

    event = E.CONFIRMATION_GRANTED if granted else E.CONFIRMATION_DENIED
    return _run(db, case_id, _Step(event, change, note=court_case_number.strip()), today, actor)


def archive(db: Database, case_id: int, today: dt.date | None = None, actor: str = "") -> Decision:
    day = today or dt.date.today()

    def change(s: ProcedureState) -> None:
        s.archived_from, s.archived_on = s.stage, day

    return _run(db, case_id, _Step(E.ARCHIVE, change), today, actor)


def reopen(db: Database, case_id: int, reason: str, today: dt.date | None = None, actor: str = "") -> Decision:
    def settle(s: ProcedureState) -> None:
        # archived_from told the machine where to return; once back there it no longer applies.
        s.archived_on, s.archived_from = None, ""

    step = _Step(E.REOPEN, note=reason.strip(), inputs={"reopen_reason": reason}, settle=settle)
    return _run(db, case_id, step, today, actor)


# ---------------------------------------------------------------- facts without a transition


def record_refusal(db: Database, case_id: int, note: str, actor: str = "") -> ProcedureState:
    if not note.strip():
        raise UserFacingError("请写明哪一方当事人、以何种方式明确拒绝调解")
    return update_state(db, case_id, lambda s: setattr(s, "refusal_note", note.strip()), "记录拒绝调解", actor)


def withdraw_refusal(db: Database, case_id: int, reason: str, actor: str = "") -> ProcedureState:
    """Correct a refusal recorded by mistake. The audit log keeps what was withdrawn and why."""
    if not reason.strip():
        raise ValidationError([FieldError("reason", "请写明撤回的理由（如：误记、当事人未曾拒绝）")])
    with db.reader() as session:
        note = prepo.load_state(session, case_id).refusal_note
    if not note:
        raise UserFacingError("本案没有记录当事人拒绝调解")
    return update_state(
        db,
        case_id,
        lambda s: setattr(s, "refusal_note", ""),
        "撤回拒绝调解记录",
        actor,
        f"原记录：{note}；理由：{reason.strip()}",
    )


def record_risk(
    db: Database, case_id: int, risk: bool, reported_on: dt.date | None, reported_to: str, actor: str = ""
) -> ProcedureState:
    if reported_on is not None and not reported_to.strip():
        raise UserFacingError("请填写报告的公安机关或有关部门")

    def change(s: ProcedureState) -> None:
        s.escalation_risk, s.risk_reported_on, s.risk_reported_to = risk, reported_on, reported_to.strip()

    return update_state(db, case_id, change, "记录激化风险", actor)


def record_choices(db: Database, case_id: int, mediator_choice: str, publicity: str, actor: str = "") -> ProcedureState:
    if publicity not in ("公开", "不公开"):
        raise UserFacingError("请选择公开调解或不公开调解")

    def change(s: ProcedureState) -> None:
        s.mediator_choice, s.publicity = mediator_choice.strip(), publicity

    return update_state(db, case_id, change, "记录当事人选择", actor)


def record_signatures(
    db: Database,
    case_id: int,
    parties_signed_on: dt.date | None,
    mediator_signed_on: dt.date | None,
    sealed_on: dt.date | None,
    actor: str = "",
) -> ProcedureState:
    """Signing dates of the written agreement; it takes effect on the last of them (PML Art. 29)."""

    def change(s: ProcedureState) -> None:
        s.parties_signed_on, s.mediator_signed_on, s.sealed_on = parties_signed_on, mediator_signed_on, sealed_on

    return update_state(db, case_id, change, "记录协议签署", actor)


def extend_mediation(
    db: Database, case_id: int, extra_days: int, both_parties_consent: bool, actor: str = ""
) -> ProcedureState:
    if not both_parties_consent:
        raise UserFacingError("延长调解期限须经双方当事人同意（《人民调解工作若干规定》第三十三条）")
    if not 1 <= extra_days <= 90:
        raise UserFacingError("延长天数应在1至90天之间")
    return update_state(
        db,
        case_id,
        lambda s: setattr(s, "mediation_days", s.mediation_days + extra_days),
        f"延长调解期限{extra_days}天",
        actor,
    )


# ---------------------------------------------------------------- what the case view shows


def _case(db: Database, case_id: int) -> Case:
    with db.reader() as session:
        try:
            return repo.load_case(session, case_id)
        except LookupError:
            raise UserFacingError("找不到该案件，可能已被删除") from None


def deadline_input(
    case: Case, state: ProcedureState, visits: Sequence[ReturnVisit], calendar: HolidayCalendar
) -> DeadlineInput:
    """The deadlines' input for a loaded case: the same snapshot the to-do list reads in bulk."""
    assert case.id is not None
    snap = prepo.DeadlineSnapshot(
        case_id=case.id,
        number=case.number,
        title=case.display_title,
        stage=state.stage,
        accepted_on=case.accepted_on,
        mediation_days=state.mediation_days,
        has_agreement=case.agreement is not None,
        oral_reached_on=state.oral_reached_on,
        effective_on=state.effective_on,
        confirmation_applied_on=state.confirmation_applied_on,
        terms=tuple(
            (t.seq, t.action, t.deadline)
            for t in (case.agreement.terms if case.agreement else [])
            if t.deadline is not None
        ),
        performed=frozenset(c.term_seq for v in visits for c in v.terms if c.status == "已履行"),
        visit_count=len(visits),
    )
    return snapshot_input(snap, calendar)


def actions_for(
    case: Case, state: ProcedureState, visit_count: int, today: dt.date, calendar: HolidayCalendar
) -> tuple[ActionState, ...]:
    stage = Stage(state.stage)
    out = []
    for event in events_from(stage):
        facts = build_facts(case, state, visit_count, today, calendar, **_DIALOG_INPUTS.get(event, {}))
        d = decide(stage, event, facts)
        out.append(ActionState(event, d.allowed, d.reason, d.refusals))
    return tuple(out)


def workflow(db: Database, case_id: int, today: dt.date | None = None) -> WorkflowView:
    today = today or dt.date.today()
    calendar = holiday_calendar()
    with db.reader() as session:
        try:
            case = repo.load_case(session, case_id)
        except LookupError:
            raise UserFacingError("找不到该案件，可能已被删除") from None
        state = prepo.load_state(session, case_id)
        visits = prepo.list_visits(session, case_id)
        records = prepo.list_records(session, case_id)
        history = prepo.list_transitions(session, case_id)
    stage = Stage(state.stage)
    return WorkflowView(
        case_id=case_id,
        stage=stage,
        step=step_index(stage),
        steps=tuple(name for name, _ in STEPS),
        next_hint=NEXT_HINT[stage],
        actions=actions_for(case, state, len(visits), today, calendar),
        due=tuple(due_items(deadline_input(case, state, visits, calendar), today)),
        history=tuple(history),
        records=tuple(records),
        visits=tuple(visits),
        state=state,
    )


@dataclass(frozen=True)
class TodoItem:
    case_id: int
    number: str
    title: str
    item: DueItem


CLOSED_STAGES = (S.ARCHIVED.value, S.DECLINED.value, S.TERMINATED.value, S.CONFIRMATION_REJECTED.value)


def todo_list(db: Database, today: dt.date | None = None, soon: int = 7) -> list[TodoItem]:
    """今日待办 across all open cases: overdue first, then by due date."""
    today = today or dt.date.today()
    calendar = holiday_calendar()
    with db.reader() as session:
        snapshots = prepo.deadline_snapshots(session, CLOSED_STAGES)
    out: list[TodoItem] = []
    for snap in snapshots:
        items = due_items(snapshot_input(snap, calendar), today)
        out += [TodoItem(snap.case_id, snap.number, snap.title, i) for i in todo(items, soon)]
    return sorted(out, key=lambda t: (t.item.due, t.number))


def snapshot_input(snap: prepo.DeadlineSnapshot, calendar: HolidayCalendar) -> DeadlineInput:
    """The same DeadlineInput `deadline_input` builds from a loaded case, from a bulk-read snapshot."""
    written = snap.has_agreement and snap.oral_reached_on is None
    return DeadlineInput(
        stage=Stage(snap.stage),
        accepted_on=snap.accepted_on,
        mediation_days=snap.mediation_days,
        agreement_on=snap.effective_on if written else snap.oral_reached_on,
        written=written,
        terms=tuple(
            TermDue(f"第{seq}项：{action}", deadline, seq in snap.performed) for seq, action, deadline in snap.terms
        ),
        visit_count=snap.visit_count,
        confirmation_applied_on=snap.confirmation_applied_on,
        calendar=calendar,
    )
