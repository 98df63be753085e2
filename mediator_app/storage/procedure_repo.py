"""Repository for what the procedure records: state, step records, return visits, transition history.

Reads go through the one loader (`storage.loader`); writes through the ORM with `storage.columns`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from mediator_app.domain.model import case_title
from mediator_app.domain.records import ProcedureState, ReturnVisit, StepRecord, Transition
from mediator_app.frozen import frozen
from mediator_app.storage import columns, loader
from mediator_app.storage.changes import mark_changed
from mediator_app.storage.repository import raw_connection
from mediator_app.storage.tables import (
    CaseRow,
    ProcedureRow,
    ReturnVisitRow,
    StepRecordRow,
    TermCheckRow,
    TransitionRow,
)

STATE_FIELDS = [c.attr for c in columns.STATE.read if c.attr]  # ProcedureState's fields but the stage


def load_state(session: Session, case_id: int) -> ProcedureState:
    return loader.load_state(raw_connection(session), case_id)


def save_state(session: Session, case_id: int, state: ProcedureState, now: dt.datetime) -> None:
    case = session.get(CaseRow, case_id)
    if case is None:
        raise LookupError(case_id)
    row = session.get(ProcedureRow, case_id) or ProcedureRow(case_id=case_id)
    for name in STATE_FIELDS:
        setattr(row, name, getattr(state, name))
    case.status, case.updated_at = state.stage, now
    case.version += 1  # a copy of the case read before this step must not be saved over it
    session.add(row)
    session.add(case)
    mark_changed(session, case_id)  # the oral agreement and the court's case number are searchable


def add_record(session: Session, case_id: int, record: StepRecord) -> StepRecord:
    row = StepRecordRow(case_id=case_id, **_without_id(columns.RECORD.fields(record)))
    session.add(row)
    session.flush()
    mark_changed(session, case_id)
    return dataclasses.replace(record, id=row.id)


def list_records(session: Session, case_id: int) -> list[StepRecord]:
    return loader.list_records(raw_connection(session), case_id)


def add_visit(session: Session, case_id: int, visit: ReturnVisit) -> ReturnVisit:
    row = ReturnVisitRow(case_id=case_id, **_without_id(columns.VISIT.fields(visit)))
    session.add(row)
    session.flush()
    assert row.id is not None
    for check in visit.terms:
        session.add(TermCheckRow(visit_id=row.id, **columns.TERM_CHECK.fields(check)))
    mark_changed(session, case_id)  # a term found performed is no longer overdue
    return dataclasses.replace(visit, id=row.id)


def list_visits(session: Session, case_id: int) -> list[ReturnVisit]:
    return loader.list_visits(raw_connection(session), case_id)


def add_transition(session: Session, case_id: int, t: Transition) -> None:
    session.add(TransitionRow(case_id=case_id, **columns.TRANSITION.fields(t)))


def list_transitions(session: Session, case_id: int) -> list[Transition]:
    return loader.list_transitions(raw_connection(session), case_id)


def _without_id(fields: dict[str, Any]) -> dict[str, Any]:
    """A new row's fields: the database gives the id."""
    fields.pop("id", None)
    return fields


@frozen
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


def deadline_snapshots(
    session: Session, closed: tuple[str, ...], committee_id: int | None = None
) -> list[DeadlineSnapshot]:
    """Every open case's deadline inputs in five queries (not five per case: 100,000 cases take seconds);
    only one committee's cases when `committee_id` is given (a centre's committee, docs/centre.md)."""
    marks = ", ".join(f":c{i}" for i in range(len(closed)))
    params: dict[str, object] = {f"c{i}": stage for i, stage in enumerate(closed)}
    open_cases = f"SELECT id FROM dispute_case WHERE status NOT IN ({marks})"
    if committee_id is not None:
        open_cases += " AND committee_id = :committee"
        params["committee"] = committee_id

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
