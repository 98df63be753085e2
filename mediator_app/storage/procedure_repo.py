"""Repository for what the procedure records: state, step records, return visits, transition history."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, col, select

from mediator_app.domain.model import case_title
from mediator_app.domain.records import (
    ProcedureState,
    RecordKind,
    ReturnVisit,
    StepRecord,
    TermCheck,
    Transition,
)
from mediator_app.domain.stages import Stage
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
    state = ProcedureState(stage=Stage(case.status))
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
    row = StepRecordRow(
        case_id=case_id,
        kind=record.kind.value,
        held_at=record.held_at,
        place=record.place,
        staff=record.staff,
        recorder=record.recorder,
        subject=record.subject,
        participants=record.participants,
        parties_present=record.parties_present,
        content=record.content,
        result=record.result,
    )
    session.add(row)
    session.flush()
    mark_changed(session, case_id)
    return dataclasses.replace(record, id=row.id)


def list_records(session: Session, case_id: int) -> list[StepRecord]:
    rows = session.exec(
        select(StepRecordRow)
        .where(StepRecordRow.case_id == case_id)
        .order_by(col(StepRecordRow.held_at), col(StepRecordRow.id))
    )
    return [
        StepRecord(
            kind=RecordKind(r.kind),
            held_at=r.held_at,
            place=r.place,
            staff=r.staff,
            recorder=r.recorder,
            content=r.content,
            subject=r.subject,
            participants=r.participants,
            parties_present=r.parties_present,
            result=r.result,
            id=r.id,
        )
        for r in rows
    ]


def add_visit(session: Session, case_id: int, visit: ReturnVisit) -> ReturnVisit:
    row = ReturnVisitRow(
        case_id=case_id,
        visited_on=visit.visited_on,
        visitor=visit.visitor,
        visited=visit.visited,
        satisfaction=visit.satisfaction,
        new_risk=visit.new_risk,
        note=visit.note,
    )
    session.add(row)
    session.flush()
    assert row.id is not None
    for check in visit.terms:
        session.add(TermCheckRow(visit_id=row.id, term_seq=check.term_seq, status=check.status, note=check.note))
    mark_changed(session, case_id)  # a term found performed is no longer overdue
    return dataclasses.replace(visit, id=row.id)


def list_visits(session: Session, case_id: int) -> list[ReturnVisit]:
    rows = session.exec(
        select(ReturnVisitRow)
        .where(ReturnVisitRow.case_id == case_id)
        .order_by(col(ReturnVisitRow.visited_on), col(ReturnVisitRow.id))
    ).all()
    checks: dict[int, list[TermCheck]] = {}
    ids = [r.id for r in rows]
    for c in session.exec(
        select(TermCheckRow).where(col(TermCheckRow.visit_id).in_(ids)).order_by(col(TermCheckRow.term_seq))
    ):
        checks.setdefault(c.visit_id, []).append(TermCheck(c.term_seq, c.status, c.note))
    return [
        ReturnVisit(
            visited_on=r.visited_on,
            visitor=r.visitor,
            visited=r.visited,
            satisfaction=r.satisfaction,
            terms=checks.get(r.id or -1, []),
            new_risk=r.new_risk,
            note=r.note,
            id=r.id,
        )
        for r in rows
    ]


def add_transition(session: Session, case_id: int, t: Transition) -> None:
    session.add(
        TransitionRow(
            case_id=case_id,
            at=t.at,
            actor=t.actor,
            event=t.event,
            from_stage=t.from_stage,
            to_stage=t.to_stage,
            note=t.note,
        )
    )


def list_transitions(session: Session, case_id: int) -> list[Transition]:
    rows = session.exec(
        select(TransitionRow)
        .where(TransitionRow.case_id == case_id)
        .order_by(col(TransitionRow.at), col(TransitionRow.id))
    )
    return [
        Transition(
            at=r.at,
            actor=r.actor,
            event=r.event,
            from_stage=Stage(r.from_stage),
            to_stage=Stage(r.to_stage),
            note=r.note,
        )
        for r in rows
    ]


@dataclass(frozen=True)
class DeadlineSnapshot:
    """What the deadlines of one open case depend on, read in bulk for the to-do list."""

    case_id: int
    number: str
    title: str
    stage: str
    accepted_on: dt.date | None
    mediation_days: int
    has_agreement: bool
    oral_reached_on: dt.date | None
    effective_on: dt.date | None
    confirmation_applied_on: dt.date | None
    terms: tuple[tuple[int, str, dt.date], ...]  # (seq, action, deadline)
    performed: frozenset[int]
    visit_count: int


def _d(value: object) -> dt.date | None:
    return dt.date.fromisoformat(str(value)[:10]) if value else None


def deadline_snapshots(session: Session, closed: tuple[str, ...]) -> list[DeadlineSnapshot]:
    """Every open case's deadline inputs in five queries (not five per case: 100,000 cases take seconds)."""
    marks = ", ".join(f":c{i}" for i in range(len(closed)))
    params = {f"c{i}": stage for i, stage in enumerate(closed)}
    open_cases = f"SELECT id FROM dispute_case WHERE status NOT IN ({marks})"

    def rows(sql: str) -> list[Any]:
        return list(session.execute(text(sql), params))

    terms: dict[int, list[tuple[int, str, dt.date]]] = {}
    for case_id, seq, action, deadline in rows(
        "SELECT a.case_id, t.seq, t.action, t.deadline FROM agreement_term t JOIN agreement a"
        f" ON a.id = t.agreement_id WHERE a.case_id IN ({open_cases}) ORDER BY a.case_id, t.seq"
    ):
        terms.setdefault(case_id, []).append((seq, action, _d(deadline) or dt.date.min))
    names: dict[int, list[str]] = {}
    for case_id, name in rows(
        f"SELECT p.case_id, p.name FROM party p JOIN dispute_case c ON c.id = p.case_id"
        f" WHERE c.title = '' AND c.id IN ({open_cases}) ORDER BY p.case_id, p.seq"
    ):
        names.setdefault(case_id, []).append(name)
    visits = dict(rows(f"SELECT case_id, count(*) FROM return_visit WHERE case_id IN ({open_cases}) GROUP BY case_id"))
    performed: dict[int, set[int]] = {}
    for case_id, seq in rows(
        "SELECT DISTINCT v.case_id, k.term_seq FROM visit_term_check k JOIN return_visit v"
        f" ON v.id = k.visit_id WHERE k.status = '已履行' AND v.case_id IN ({open_cases})"
    ):
        performed.setdefault(case_id, set()).add(seq)
    out = []
    for r in rows(
        "SELECT c.id, c.number, c.title, c.dispute_type, c.status, c.accepted_on, p.mediation_days,"
        " p.oral_reached_on, p.parties_signed_on, p.mediator_signed_on, p.sealed_on,"
        " p.confirmation_applied_on, EXISTS (SELECT 1 FROM agreement a WHERE a.case_id = c.id)"
        f" FROM dispute_case c LEFT JOIN case_procedure p ON p.case_id = c.id WHERE c.id IN ({open_cases})"
        " ORDER BY c.id"
    ):
        signed = [_d(v) for v in (r[8], r[9], r[10])]
        out.append(
            DeadlineSnapshot(
                case_id=r[0],
                number=r[1],
                title=case_title(r[2], names.get(r[0], []), r[3]),
                stage=r[4],
                accepted_on=_d(r[5]),
                mediation_days=r[6] if r[6] is not None else 30,
                has_agreement=bool(r[12]),
                oral_reached_on=_d(r[7]),
                effective_on=max(d for d in signed if d) if all(signed) else None,  # PML Art. 29: the last mark
                confirmation_applied_on=_d(r[11]),
                terms=tuple(terms.get(r[0], [])),
                performed=frozenset(performed.get(r[0], set())),
                visit_count=visits.get(r[0], 0),
            )
        )
    return out
