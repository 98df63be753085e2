"""The steps of the statutory procedure, each one transaction: the step's record or visit, the
procedure state, the case row (stage, acceptance date), the transition and the audit row are written
in one `unit_of_work`, and only if the state machine (`procedure.machine.decide`) allows the step.
A failure between any two of its statements leaves the case exactly as it was before the step
(tests/integration/test_procedure_atomic.py injects one at every statement and kills a process).

What the case view is told (`workflow`, `todo_list`, `confirmation_preview`) lives in
`services.procedure_view` and is re-exported here.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlmodel import Session

from mediator_app.domain.access import Actor, Permission, step_permission
from mediator_app.domain.messages import CASE_ARCHIVED, CASE_NOT_FOUND, CASE_VOIDED
from mediator_app.domain.model import Case
from mediator_app.domain.records import (
    ProcedureState,
    ReturnVisit,
    StepRecord,
    Transition,
    record_errors,
    visit_errors,
)
from mediator_app.domain.stages import Event, Stage
from mediator_app.domain.statistics import Confirmation, after_step
from mediator_app.domain.validation import raise_if
from mediator_app.errors import FieldError, UserFacingError, ValidationError
from mediator_app.procedure.machine import Decision, decide
from mediator_app.services.access import require, require_case
from mediator_app.services.calendar import holiday_calendar
from mediator_app.services.procedure_view import (
    CLOSED_STAGES,
    NEXT_HINT,
    ActionState,
    ConfirmationPreview,
    TodoItem,
    WorkflowView,
    actions_for,
    build_facts,
    confirmation_preview,
    deadline_input,
    snapshot_input,
    todo_list,
    todo_order,
    workflow,
)
from mediator_app.storage import procedure_repo as prepo
from mediator_app.storage import repository as repo
from mediator_app.storage import stats_repo as srepo
from mediator_app.storage.database import Database

__all__ = [
    "CLOSED_STAGES",
    "NEXT_HINT",
    "ActionState",
    "ConfirmationPreview",
    "ProcedureRefused",
    "TodoItem",
    "WorkflowView",
    "actions_for",
    "build_facts",
    "confirmation_preview",
    "deadline_input",
    "snapshot_input",
    "todo_list",
    "todo_order",
    "workflow",
]

E, S = Event, Stage


class ProcedureRefused(UserFacingError):
    """The law (as the state machine encodes it) does not allow this step now."""

    def __init__(self, decision: Decision) -> None:
        super().__init__(decision.reason)
        self.decision = decision


# ---------------------------------------------------------------- running a step

Change = Callable[[ProcedureState], None]


@dataclass
class Step:
    event: Event
    change: Change | None = None
    record: StepRecord | None = None
    visit: ReturnVisit | None = None
    note: str = ""
    # Inputs the guards see instead of the stored facts; a function of the case when they depend on it
    # (read in the step's own transaction, not before it).
    inputs: dict[str, object] | Callable[[Case], dict[str, object]] | None = None
    settle: Change | None = None  # applied after the decision, in the same transaction
    accepted_on: dt.date | None = None  # written to the case row with the step (the 30-day limit runs from it)


def _noop(_state: ProcedureState) -> None:
    return None


def _load_case(session: Session, case_id: int) -> Case:
    try:
        return repo.load_case(session, case_id)
    except LookupError:
        raise UserFacingError(CASE_NOT_FOUND) from None


def _run(db: Database, case_id: int, step: Step, today: dt.date | None, actor: str) -> Decision:
    who = require(db, step_permission(step.event))
    with db.unit_of_work() as session:
        return apply_step(session, case_id, step, today or dt.date.today(), actor or who.audit_name, who)


def apply_step(
    session: Session, case_id: int, step: Step, today: dt.date, actor: str, who: Actor | None = None
) -> Decision:
    """One step inside the caller's unit of work (several steps entered at once: services.oral_entry);
    `who` (checked by the caller against the step's permission) must also be allowed this case."""
    repo.lock_case(session, case_id)  # steps on one case, from several workstations, one after another
    case = _load_case(session, case_id)
    if who is not None:
        require_case(who, case)
    state = prepo.load_state(session, case_id)
    visits = prepo.list_visits(session, case_id)
    new_state = copy.copy(state)
    (step.change or _noop)(new_state)
    inputs = step.inputs(case) if callable(step.inputs) else step.inputs or {}
    facts = build_facts(case, new_state, len(visits) + (step.visit is not None), today, holiday_calendar(), **inputs)
    decision = decide(Stage(state.stage), step.event, facts)
    if decision.next_stage is None:
        raise ProcedureRefused(decision)  # the caller rolls back: nothing of this step is written
    new_state.stage = decision.next_stage
    (step.settle or _noop)(new_state)
    _write_step(session, case_id, step, state, new_state, actor)
    _record_statistics(session, case_id, step.event, new_state, today)
    return decision


def _record_statistics(session: Session, case_id: int, event: Event, state: ProcedureState, today: dt.date) -> None:
    """The closing date, outcome and agreement form, or the judicial-confirmation result, with the step
    that settles them (docs/statistics.md): never typed again at month end."""
    stats = srepo.load_stats(session, case_id)
    day = state.oral_reached_on if event is E.CONCLUDE_ORAL and state.oral_reached_on else today
    if after_step(stats, event.value, day, state.confirmation_decided_on, state.court_case_number):
        srepo.save_stats(session, case_id, stats)


def _write_step(
    session: Session, case_id: int, step: Step, old: ProcedureState, new: ProcedureState, actor: str
) -> None:
    now = repo.utcnow()
    if step.record is not None:
        prepo.add_record(session, case_id, step.record)
    if step.visit is not None:
        prepo.add_visit(session, case_id, step.visit)
    if step.accepted_on is not None:
        repo.set_accepted_on(session, case_id, step.accepted_on)
    prepo.save_state(session, case_id, new, now)
    prepo.add_transition(
        session, case_id, Transition(now, actor or "本机用户", step.event.value, old.stage, new.stage, step.note)
    )
    repo.add_audit(session, step.event.value, case_id, f"{old.stage}→{new.stage}", actor)


def _editable_state(session: Session, case_id: int) -> ProcedureState:
    repo.lock_case(session, case_id)  # as in `_run`: one writer per case at a time
    try:
        state = prepo.load_state(session, case_id)
    except LookupError:
        raise UserFacingError(CASE_NOT_FOUND) from None
    if state.stage == S.ARCHIVED.value:
        raise UserFacingError(CASE_ARCHIVED)
    if state.stage == S.VOIDED.value:
        raise UserFacingError(CASE_VOIDED)
    return state


def update_state(
    db: Database, case_id: int, change: Change, what: str, actor: str = "", detail: str = ""
) -> ProcedureState:
    """Record a fact that is not a transition (a refusal, a risk report, the parties' choices, signatures)."""
    who = require(db, Permission.EDIT)
    with db.unit_of_work() as session:
        if not who.may(Permission.SENSITIVE):  # only then is the whole case read for the check
            require_case(who, _load_case(session, case_id))
        state = _editable_state(session, case_id)
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

    # The acceptance date goes in with the step: a case at 受理 always has it, and its 30-day limit.
    return _run(db, case_id, Step(E.ACCEPT, change, accepted_on=rights_notified_on), today, actor)


def decline(db: Database, case_id: int, reason: str, today: dt.date | None = None, actor: str = "") -> Decision:
    day = today or dt.date.today()

    def change(s: ProcedureState) -> None:
        s.decline_reason, s.declined_on = reason.strip(), day

    return _run(db, case_id, Step(E.DECLINE, change, note=reason.strip()), today, actor)


def record_investigation(
    db: Database, case_id: int, record: StepRecord, today: dt.date | None = None, actor: str = ""
) -> Decision:
    require(db, Permission.EDIT)  # who may, before what is wrong with the input
    raise_if(record_errors(record, today or dt.date.today()))
    return _run(db, case_id, Step(E.INVESTIGATE, record=record), today, actor)


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

    require(db, Permission.EDIT)  # who may, before what is wrong with the input
    raise_if(record_errors(record, today or dt.date.today()))
    return _run(db, case_id, Step(E.MEDIATE, change, record=record), today, actor)


def conclude_written(db: Database, case_id: int, today: dt.date | None = None, actor: str = "") -> Decision:
    return _run(db, case_id, Step(E.CONCLUDE_WRITTEN), today, actor)


def conclude_oral(
    db: Database, case_id: int, content: str, reached_on: dt.date, today: dt.date | None = None, actor: str = ""
) -> Decision:
    def change(s: ProcedureState) -> None:
        s.oral_content, s.oral_reached_on = content.strip(), reached_on

    return _run(db, case_id, Step(E.CONCLUDE_ORAL, change), today, actor)


def terminate(
    db: Database, case_id: int, reason: str, routes_notified: bool, today: dt.date | None = None, actor: str = ""
) -> Decision:
    day = today or dt.date.today()

    def change(s: ProcedureState) -> None:
        s.termination_reason, s.routes_notified, s.terminated_on = reason.strip(), routes_notified, day

    return _run(db, case_id, Step(E.TERMINATE, change, note=reason.strip()), today, actor)


def start_performance(db: Database, case_id: int, today: dt.date | None = None, actor: str = "") -> Decision:
    return _run(db, case_id, Step(E.START_PERFORMANCE), today, actor)


def record_visit(
    db: Database, case_id: int, visit: ReturnVisit, today: dt.date | None = None, actor: str = ""
) -> Decision:
    require(db, Permission.EDIT)
    raise_if(visit_errors(visit, today or dt.date.today()))
    return _run(db, case_id, Step(E.RETURN_VISIT, visit=visit), today, actor)


def apply_confirmation(
    db: Database,
    case_id: int,
    court: str,
    applicant_seqs: Sequence[int],
    applied_on: dt.date,
    today: dt.date | None = None,
    actor: str = "",
) -> Decision:
    require(db, Permission.EDIT)
    if not court.strip():
        raise ValidationError([FieldError("court", "请填写受理申请的人民法院（《民事诉讼法》第二百零五条）")])

    def change(s: ProcedureState) -> None:
        s.confirmation_court, s.confirmation_applied_on = court.strip(), applied_on

    def inputs(case: Case) -> dict[str, object]:
        missing = tuple(p.name for p in case.parties if p.seq not in set(applicant_seqs))
        # The 30-day window is met by the day the parties applied, not by the day it is entered here.
        return {"applicants_missing": missing, "today": applied_on}

    step = Step(E.APPLY_CONFIRMATION, change, note=court.strip(), inputs=inputs)
    return _run(db, case_id, step, today, actor)


_RULING_EVENTS = {
    Confirmation.CONFIRMED: E.CONFIRMATION_GRANTED,
    Confirmation.REJECTED: E.CONFIRMATION_DENIED,
    Confirmation.NOT_ACCEPTED: E.CONFIRMATION_NOT_ACCEPTED,
}


def record_confirmation_result(
    db: Database,
    case_id: int,
    ruling: Confirmation,
    decided_on: dt.date,
    court_case_number: str = "",
    today: dt.date | None = None,
    actor: str = "",
) -> Decision:
    """The court's ruling on the application: 确认 (valid), 驳回 (rejected on the merits, CPL Art. 206)
    or 不予受理 (not accepted, SPC Interp. 355), with its date and number; the statistics facts follow
    (`domain.statistics.after_step`)."""
    if ruling not in _RULING_EVENTS:
        raise ValueError(f"not a ruling: {ruling}")

    def change(s: ProcedureState) -> None:
        s.confirmation_decided_on, s.court_case_number = decided_on, court_case_number.strip()

    return _run(db, case_id, Step(_RULING_EVENTS[ruling], change, note=court_case_number.strip()), today, actor)


def archive(db: Database, case_id: int, today: dt.date | None = None, actor: str = "") -> Decision:
    day = today or dt.date.today()

    def change(s: ProcedureState) -> None:
        s.archived_from, s.archived_on = s.stage, day

    return _run(db, case_id, Step(E.ARCHIVE, change), today, actor)


def reopen(db: Database, case_id: int, reason: str, today: dt.date | None = None, actor: str = "") -> Decision:
    def settle(s: ProcedureState) -> None:
        # archived_from told the machine where to return; once back there it no longer applies.
        s.archived_on, s.archived_from = None, ""

    step = Step(E.REOPEN, note=reason.strip(), inputs={"reopen_reason": reason}, settle=settle)
    return _run(db, case_id, step, today, actor)


# ---------------------------------------------------------------- facts without a transition


def record_refusal(db: Database, case_id: int, note: str, actor: str = "") -> ProcedureState:
    require(db, Permission.EDIT)
    if not note.strip():
        raise UserFacingError("请写明哪一方当事人、以何种方式明确拒绝调解")
    return update_state(db, case_id, lambda s: setattr(s, "refusal_note", note.strip()), "记录拒绝调解", actor)


def withdraw_refusal(db: Database, case_id: int, reason: str, actor: str = "") -> ProcedureState:
    """Correct a refusal recorded by mistake. The audit log keeps what was withdrawn and why."""
    who = require(db, Permission.EDIT)
    if not reason.strip():
        raise ValidationError([FieldError("reason", "请写明撤回的理由（如：误记、当事人未曾拒绝）")])
    with db.unit_of_work() as session:
        repo.lock_case(session, case_id)
        if not who.may(Permission.SENSITIVE):  # only then is the whole case read for the check
            require_case(who, _load_case(session, case_id))
        try:
            note = prepo.load_state(session, case_id).refusal_note
        except LookupError:
            raise UserFacingError(CASE_NOT_FOUND) from None
        if not note:
            raise UserFacingError("本案没有记录当事人拒绝调解")
        state = _editable_state(session, case_id)
        state.refusal_note = ""
        prepo.save_state(session, case_id, state, repo.utcnow())
        repo.add_audit(session, "撤回拒绝调解记录", case_id, f"原记录：{note}；理由：{reason.strip()}", actor)
    return state


def record_risk(
    db: Database, case_id: int, risk: bool, reported_on: dt.date | None, reported_to: str, actor: str = ""
) -> ProcedureState:
    require(db, Permission.EDIT)
    if reported_on is not None and not reported_to.strip():
        raise UserFacingError("请填写报告的公安机关或有关部门")

    def change(s: ProcedureState) -> None:
        s.escalation_risk, s.risk_reported_on, s.risk_reported_to = risk, reported_on, reported_to.strip()

    return update_state(db, case_id, change, "记录激化风险", actor)


def record_choices(db: Database, case_id: int, mediator_choice: str, publicity: str, actor: str = "") -> ProcedureState:
    require(db, Permission.EDIT)
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
    require(db, Permission.EDIT)
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
