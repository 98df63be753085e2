"""Repository for what the procedure records: state, step records, return visits, transition history."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlmodel import Session, col, select

from mediator_app.domain.records import (
    ProcedureState,
    RecordKind,
    ReturnVisit,
    StepRecord,
    TermCheck,
    Transition,
)
from mediator_app.storage.changes import mark_changed
from mediator_app.storage.tables import (
    CaseRow,
    ProcedureRow,
    ReturnVisitRow,
    StepRecordRow,
    TermCheckRow,
    TransitionRow,
)

STATE_FIELDS = [f.name for f in dataclasses.fields(ProcedureState) if f.name != "stage"]


def load_state(session: Session, case_id: int) -> ProcedureState:
    case = session.get(CaseRow, case_id)
    if case is None:
        raise LookupError(case_id)
    row = session.get(ProcedureRow, case_id)
    state = ProcedureState(stage=case.status)
    if row is not None:  # cases registered before the procedure existed have no row yet
        for name in STATE_FIELDS:
            setattr(state, name, getattr(row, name))
    return state


def save_state(session: Session, case_id: int, state: ProcedureState, now: dt.datetime) -> None:
    case = session.get(CaseRow, case_id)
    if case is None:
        raise LookupError(case_id)
    row = session.get(ProcedureRow, case_id) or ProcedureRow(case_id=case_id)
    for name in STATE_FIELDS:
        setattr(row, name, getattr(state, name))
    case.status, case.updated_at = state.stage, now
    session.add(row)
    session.add(case)
    mark_changed(session, case_id)  # the oral agreement and the court's case number are searchable


def add_record(session: Session, case_id: int, record: StepRecord) -> StepRecord:
    row = StepRecordRow(case_id=case_id, kind=record.kind.value, held_at=record.held_at, place=record.place,
                        staff=record.staff, recorder=record.recorder, subject=record.subject,
                        participants=record.participants, parties_present=record.parties_present,
                        content=record.content, result=record.result)
    session.add(row)
    session.flush()
    mark_changed(session, case_id)
    return dataclasses.replace(record, id=row.id)


def list_records(session: Session, case_id: int) -> list[StepRecord]:
    rows = session.exec(select(StepRecordRow).where(StepRecordRow.case_id == case_id)
                        .order_by(col(StepRecordRow.held_at), col(StepRecordRow.id)))
    return [StepRecord(kind=RecordKind(r.kind), held_at=r.held_at, place=r.place, staff=r.staff,
                       recorder=r.recorder, content=r.content, subject=r.subject, participants=r.participants,
                       parties_present=r.parties_present, result=r.result, id=r.id) for r in rows]


def add_visit(session: Session, case_id: int, visit: ReturnVisit) -> ReturnVisit:
    row = ReturnVisitRow(case_id=case_id, visited_on=visit.visited_on, visitor=visit.visitor,
                         visited=visit.visited, satisfaction=visit.satisfaction, new_risk=visit.new_risk,
                         note=visit.note)
    session.add(row)
    session.flush()
    assert row.id is not None
    for check in visit.terms:
        session.add(TermCheckRow(visit_id=row.id, term_seq=check.term_seq, status=check.status, note=check.note))
    mark_changed(session, case_id)  # a term found performed is no longer overdue
    return dataclasses.replace(visit, id=row.id)


def list_visits(session: Session, case_id: int) -> list[ReturnVisit]:
    rows = session.exec(select(ReturnVisitRow).where(ReturnVisitRow.case_id == case_id)
                        .order_by(col(ReturnVisitRow.visited_on), col(ReturnVisitRow.id))).all()
    checks: dict[int, list[TermCheck]] = {}
    ids = [r.id for r in rows]
    for c in session.exec(select(TermCheckRow).where(col(TermCheckRow.visit_id).in_(ids))
                          .order_by(col(TermCheckRow.term_seq))):
        checks.setdefault(c.visit_id, []).append(TermCheck(c.term_seq, c.status, c.note))
    return [ReturnVisit(visited_on=r.visited_on, visitor=r.visitor, visited=r.visited, satisfaction=r.satisfaction,
                        terms=checks.get(r.id or -1, []), new_risk=r.new_risk, note=r.note, id=r.id) for r in rows]


def add_transition(session: Session, case_id: int, t: Transition) -> None:
    session.add(TransitionRow(case_id=case_id, at=t.at, actor=t.actor, event=t.event, from_stage=t.from_stage,
                              to_stage=t.to_stage, note=t.note))


def list_transitions(session: Session, case_id: int) -> list[Transition]:
    rows = session.exec(select(TransitionRow).where(TransitionRow.case_id == case_id)
                        .order_by(col(TransitionRow.at), col(TransitionRow.id)))
    return [Transition(at=r.at, actor=r.actor, event=r.event, from_stage=r.from_stage, to_stage=r.to_stage,
                       note=r.note) for r in rows]


def open_case_ids(session: Session, closed: tuple[str, ...]) -> list[int]:
    """Ids of cases not in one of the `closed` stages (for the to-do list)."""
    rows = session.exec(select(CaseRow.id).where(col(CaseRow.status).not_in(closed)))
    return [r for r in rows if r is not None]
