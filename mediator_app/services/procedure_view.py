"""What the case view is told about the procedure, and the facts the state machine's guards see.

`workflow()` is what the case view shows: the step indicator, what the law requires next, every
action with whether it is possible now and, if not, why (with the article). `build_facts` is shared
with the steps (`services.procedure`), which decide on the same facts inside their transaction.
Nothing here writes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from mediator_app.domain.access import Actor, Permission, refusal, step_permission
from mediator_app.domain.messages import CASE_NOT_FOUND
from mediator_app.domain.model import Case
from mediator_app.domain.records import ProcedureState, ReturnVisit, StepRecord, Transition
from mediator_app.domain.stages import STEPS, Event, Stage, step_index
from mediator_app.domain.term_check import Ground, check_agreement, grounds
from mediator_app.domain.validation import capacity_date, needs_guardian, printable_agreement_errors
from mediator_app.errors import UserFacingError
from mediator_app.frozen import frozen
from mediator_app.procedure.calendar import HolidayCalendar
from mediator_app.procedure.deadlines import DeadlineInput, DueItem, TermDue, due_items, todo
from mediator_app.procedure.machine import CaseFacts, Refusal, confirmation_window, decide, events_from
from mediator_app.services.access import require, require_case
from mediator_app.services.calendar import holiday_calendar
from mediator_app.services.satisfaction import due_satisfaction
from mediator_app.services.term_rules import term_rules
from mediator_app.services.workorders import due_work_orders
from mediator_app.storage import procedure_repo as prepo
from mediator_app.storage import repository as repo
from mediator_app.storage.database import Database
from mediator_app.storage.priority import special_groups
from mediator_app.storage.repository import raw_connection

E, S = Event, Stage
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
    S.CONFIRMATION_NOT_ACCEPTED: (
        "人民法院裁定不予受理：不属于该院管辖的，当事人可以在协议生效之日起三十日内向有管辖权的人民法院共同申请"
        "（《民事诉讼法》第二百零五条）；也可以通过人民调解变更原协议或达成新协议，"
        "或者就协议的履行、内容争议向人民法院起诉（《人民调解法》第三十二条）。"
    ),
    S.TERMINATED: "已告知当事人其他救济途径，整理卷宗后结案归档。",
    S.DECLINED: "已告知当事人不予受理的理由，整理材料后归档。",
    S.ARCHIVED: "案件已归档。如确需继续处理，可写明理由“重新启用”。",
    S.VOIDED: "案件已作废（登记错误或重复登记），保留备查，不再办理。作废的理由见“办理经过”。",
}


@frozen
class ActionState:
    event: Event
    enabled: bool
    reason: str  # why not, with the article; empty when enabled
    refusals: tuple[Refusal, ...] = ()  # the same, one by one (the case view lists them)


@frozen
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


def build_facts(
    case: Case, state: ProcedureState, visit_count: int, today: dt.date, calendar: HolidayCalendar, /, **inputs: object
) -> CaseFacts:
    """The facts the guards see; `inputs` override any of them (the record being entered, or `today`
    as the day an act took place)."""
    findings = tuple(check_agreement(case.agreement, term_rules())) if case.agreement is not None else ()
    found = grounds(findings)  # the clauses and the disputed matters (SPC Interp. Arts. 355, 358)
    facts = CaseFacts(
        today=today,
        handled_elsewhere=state.handled_elsewhere,
        refusal_recorded=bool(state.refusal_note),
        rights_notified=state.rights_notified_on is not None,
        escalation_risk=state.escalation_risk,
        risk_reported_on=state.risk_reported_on,
        parties_without_guardian=tuple(p.name for p in case.parties if needs_guardian(p, capacity_date(case, today))),
        mediator_choice_recorded=bool(state.mediator_choice.strip()),
        publicity_choice_recorded=state.publicity in ("公开", "不公开"),
        decline_reason=state.decline_reason,
        oral_content=state.oral_content,
        agreement_problems=tuple(e.message for e in printable_agreement_errors(case, today)),
        written_agreement=case.agreement is not None and state.oral_reached_on is None,
        effective_on=state.effective_on,
        status_relation=Ground.STATUS in found,
        title_confirmation=Ground.TITLE in found,
        term_findings=findings,
        routes_notified=state.routes_notified,
        termination_reason=state.termination_reason,
        visit_count=visit_count,
        archived_from=Stage(state.archived_from) if state.archived_from else None,
        calendar=calendar,
    )
    return _with(facts, inputs)


def _with(facts: CaseFacts, inputs: dict[str, object]) -> CaseFacts:
    return dataclasses.replace(facts, **inputs)  # type: ignore[arg-type]


@frozen
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
    who = require(db, Permission.VIEW)
    today = today or dt.date.today()
    with db.reader() as session:
        case = repo.load_case(session, case_id)
        require_case(who, case)
        state = prepo.load_state(session, case_id)
        visits = prepo.list_visits(session, case_id)
        committee = repo.get_committee(session, case.committee_id) if case.committee_id else None
    missing = tuple(p.name for p in case.parties if p.seq not in set(applicant_seqs))
    facts = build_facts(
        case, state, len(visits), today, holiday_calendar(), applicants_missing=missing, today=applied_on
    )
    decision = decide(Stage(state.stage), E.APPLY_CONFIRMATION, facts)
    window = confirmation_window(facts)
    court = state.confirmation_court or (committee.court if committee else "")
    return ConfirmationPreview(decision.refusals, decision.warnings, window.plain_end if window else None, court)


# ---------------------------------------------------------------- what the case view shows


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


ROLE_RULE = "本委员会的账户角色与权限"


def for_role(actor: Actor, actions: tuple[ActionState, ...]) -> tuple[ActionState, ...]:
    """The steps this person's role may not take shown as not possible, with the reason (the same
    check the step's service makes: `services.access.require`)."""
    out = []
    for action in actions:
        permission = step_permission(action.event)
        if actor.may(permission):
            out.append(action)
        else:
            why = refusal(actor, permission)
            out.append(ActionState(action.event, False, why, (Refusal(why, ROLE_RULE),)))
    return tuple(out)


def workflow(db: Database, case_id: int, today: dt.date | None = None) -> WorkflowView:
    who = require(db, Permission.VIEW)
    today = today or dt.date.today()
    calendar = holiday_calendar()
    with db.reader() as session:
        try:
            case = repo.load_case(session, case_id)
        except LookupError:
            raise UserFacingError(CASE_NOT_FOUND) from None
        require_case(who, case)
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
        actions=for_role(who, actions_for(case, state, len(visits), today, calendar)),
        due=tuple(due_items(deadline_input(case, state, visits, calendar), today)),
        history=tuple(history),
        records=tuple(records),
        visits=tuple(visits),
        state=state,
    )


@frozen
class TodoItem:
    case_id: int
    number: str
    title: str
    item: DueItem
    priority: str = ""  # the special groups of the case (老年人、孕产妇), served first


CLOSED_STAGES = (
    S.ARCHIVED.value,
    S.DECLINED.value,
    S.TERMINATED.value,
    S.CONFIRMATION_REJECTED.value,
    S.CONFIRMATION_NOT_ACCEPTED.value,
    S.VOIDED.value,
)


def todo_list(db: Database, today: dt.date | None = None, soon: int = 7) -> list[TodoItem]:
    """今日待办 across the open cases of the person's committee (all of them for the whole centre):
    overdue first, then by due date."""
    who = require(db, Permission.VIEW)
    today = today or dt.date.today()
    calendar = holiday_calendar()
    with db.reader() as session:
        snapshots = prepo.deadline_snapshots(session, CLOSED_STAGES, who.committee_id)
    out: list[TodoItem] = []
    for snap in snapshots:
        items = due_items(snapshot_input(snap, calendar), today)
        out += [TodoItem(snap.case_id, snap.number, snap.title, i) for i in todo(items, soon)]
    # Work orders to other units whose reply is due or overdue (docs/linkage.md).
    out += [TodoItem(w.case_id, w.case_number, w.case_title, i) for w, i in due_work_orders(db, today, soon)]
    out += [TodoItem(v.case_id, v.number, v.title, v.item) for v in due_satisfaction(db, today, soon)]
    with db.reader() as session:
        groups = special_groups(raw_connection(session), [t.case_id for t in out])
    out = [dataclasses.replace(t, priority="、".join(groups.get(t.case_id, []))) for t in out]
    return sorted(out, key=todo_order)


def todo_order(t: TodoItem) -> tuple[bool, bool, dt.date, str]:
    """今日待办's one order: overdue first; within each, the cases of special groups first
    (docs/linkage.md); then by date."""
    return (not t.item.overdue, not t.priority, t.item.due, t.number)


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
