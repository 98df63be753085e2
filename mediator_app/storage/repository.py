"""Repositories: read and write whole dispute files, returning domain objects (never rows).

Each function takes the caller's session; the caller (a service) owns the transaction. Reads go
through the one loader (`storage.loader`) on the session's own connection, inside its transaction;
writes go through the ORM, with the column tables of `storage.columns` (the same as the loader's).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, text
from sqlmodel import Session, col, select

from mediator_app.domain.case_number import format_case_number
from mediator_app.domain.model import Agreement, Case, Committee, Mediator
from mediator_app.domain.records import Transition
from mediator_app.domain.stages import Stage
from mediator_app.frozen import frozen
from mediator_app.storage import columns, loader
from mediator_app.storage.changes import mark_changed
from mediator_app.storage.tables import (
    AgreementRow,
    CaseMediatorRow,
    CaseRow,
    CommitteeRow,
    MediatorRow,
    PartyRow,
    RepresentativeRow,
    TermRow,
    TransitionRow,
)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@frozen
class CaseSummary:
    """One line of the case list."""

    id: int
    number: str
    title: str
    dispute_type: str
    source: str
    registered_on: dt.date
    status: str
    party_names: str
    party_count: int


# ---------------------------------------------------------------- committee and mediators


def first_committee(session: Session) -> Committee | None:
    return loader.first_committee(raw_connection(session))


def list_committees(session: Session) -> list[Committee]:
    return loader.list_committees(raw_connection(session))


def get_committee(session: Session, committee_id: int) -> Committee:
    return loader.get_committee(raw_connection(session), committee_id)


def save_committee(session: Session, committee: Committee) -> Committee:
    row = session.get(CommitteeRow, committee.id) if committee.id else None
    row = row or CommitteeRow(name="", short_name="", case_number_pattern="")
    for name, value in columns.COMMITTEE.fields(committee).items():
        if name != "id":
            setattr(row, name, value)
    session.add(row)
    session.flush()
    return get_committee(session, row.id or 0)


def list_mediators(session: Session, committee_id: int) -> list[Mediator]:
    rows = session.exec(
        select(MediatorRow)
        .where(MediatorRow.committee_id == committee_id, col(MediatorRow.active))
        .order_by(col(MediatorRow.id))
    )
    return [Mediator(name=r.name, sex=r.sex, phone=r.phone, role=r.role, id=r.id) for r in rows]


def add_mediator(session: Session, committee_id: int, mediator: Mediator) -> Mediator:
    row = MediatorRow(
        committee_id=committee_id, name=mediator.name, sex=mediator.sex, phone=mediator.phone, role=mediator.role
    )
    session.add(row)
    session.flush()
    return Mediator(name=row.name, sex=row.sex, phone=row.phone, role=row.role, id=row.id)


# ---------------------------------------------------------------- case numbers


_NEXT_SEQ = text(
    "INSERT INTO case_counter (committee_id, year, last_seq) VALUES (:committee, :year, 1) "
    "ON CONFLICT (committee_id, year) DO UPDATE SET last_seq = case_counter.last_seq + 1 RETURNING last_seq"
)


def next_case_number(session: Session, committee: Committee, year: int) -> tuple[str, int]:
    """Issue the next number of the year. The counter only grows, so a number is never reused; it is
    raised in the registering transaction, so a registration that fails gives its number back (no gap).

    One statement that reads and raises the counter: on PostgreSQL the row lock it takes makes a second
    workstation registering at the same moment wait for this transaction and then read the raised
    value (a read, then a write, would let both read the same value). SQLite's BEGIN IMMEDIATE already
    lets one writer at a time in. Both engines have ON CONFLICT … RETURNING (SQLite 3.35+).
    """
    assert committee.id is not None
    session.flush()
    seq = int(session.execute(_NEXT_SEQ, {"committee": committee.id, "year": year}).scalar_one())
    number = format_case_number(committee.case_number_pattern, year, committee.short_name, seq)
    return number, seq


# ---------------------------------------------------------------- cases


def insert_case(session: Session, case: Case, committee: Committee, now: dt.datetime | None = None) -> Case:
    """Insert a validated case with a newly issued number; returns the case with ids and number set."""
    assert committee.id is not None
    now = now or utcnow()
    year = case.registered_on.year
    number, seq = next_case_number(session, committee, year)
    row = CaseRow(
        committee_id=committee.id,
        number=number,
        year=year,
        seq=seq,
        created_at=now,
        updated_at=now,
        dispute_type=case.dispute_type,
        source=case.source.value,
        registered_on=case.registered_on,
        facts=case.facts,
    )
    _copy_case_fields(row, case)
    session.add(row)
    session.flush()
    assert row.id is not None
    _write_children(session, row.id, case)
    mark_changed(session, row.id)
    case.id, case.number, case.committee_id, case.version = row.id, number, committee.id, row.version
    return case


class StaleCase(Exception):
    """The case was saved by someone else since this copy was read (`Case.version`); nothing was written."""

    def __init__(self, case_id: int, read: int, stored: int) -> None:
        super().__init__(f"case {case_id}: read at version {read}, stored version {stored}")
        self.case_id, self.read, self.stored = case_id, read, stored


def lock_case(session: Session, case_id: int) -> CaseRow | None:
    """The case's row, locked until the transaction ends (``SELECT … FOR UPDATE`` on PostgreSQL: a
    second workstation's save or procedure step on this case waits; SQLite's BEGIN IMMEDIATE already
    serialises every writer, and SQLAlchemy leaves FOR UPDATE out there)."""
    return session.get(CaseRow, case_id, with_for_update=True, populate_existing=True)


def update_case(session: Session, case: Case, now: dt.datetime | None = None) -> Case:
    """Replace a case's contents (parties, mediators, agreement); its number never changes.

    A copy read at an older version than the stored one is refused (`StaleCase`): someone else saved
    the case meanwhile. A copy with version 0 (not read from the database) is not checked.
    """
    assert case.id is not None
    row = lock_case(session, case.id)
    if row is None:
        raise LookupError(case.id)
    if case.version and case.version != row.version:
        raise StaleCase(case.id, case.version, row.version)
    _copy_case_fields(row, case)
    row.version += 1
    row.updated_at = now or utcnow()
    session.add(row)
    # Children are replaced wholesale; ON DELETE CASCADE removes representatives and terms.
    session.execute(delete(PartyRow).where(col(PartyRow.case_id) == case.id))
    session.execute(delete(CaseMediatorRow).where(col(CaseMediatorRow.case_id) == case.id))
    session.execute(delete(AgreementRow).where(col(AgreementRow.case_id) == case.id))
    session.flush()
    _write_children(session, case.id, case)
    mark_changed(session, case.id)
    case.number, case.version = row.number, row.version
    return case


def void_case(session: Session, case_id: int, old_stage: Stage, actor: str, reason: str) -> None:
    """Mark a case 已作废 and note it in the case's history; nothing of it is deleted."""
    row = session.get(CaseRow, case_id)
    if row is None:
        raise LookupError(case_id)
    now = utcnow()
    row.status, row.updated_at = Stage.VOIDED.value, now
    session.add(row)
    session.add(
        TransitionRow(
            case_id=case_id,
            **columns.TRANSITION.fields(Transition(now, actor, "作废案件", old_stage, Stage.VOIDED, reason)),
        )
    )
    mark_changed(session, case_id)


_CASE_CONTENTS = frozenset(columns.CASE.names) - {"id", "committee_id", "number", "version"}  # storage assigns these


def _copy_case_fields(row: CaseRow, case: Case) -> None:
    for name, value in columns.CASE.fields(case).items():
        if name in _CASE_CONTENTS:
            setattr(row, name, value)


def _write_children(session: Session, case_id: int, case: Case) -> None:
    for pos, name in enumerate(case.mediators, start=1):
        session.add(CaseMediatorRow(case_id=case_id, position=pos, name=name))
    for party in case.parties:
        prow = PartyRow(case_id=case_id, **columns.PARTY.fields(party))
        session.add(prow)
        session.flush()
        assert prow.id is not None
        for pos, rep in enumerate(party.representatives, start=1):
            session.add(RepresentativeRow(party_id=prow.id, position=pos, **columns.REPRESENTATIVE.fields(rep)))
    if case.agreement is not None:
        _write_agreement(session, case_id, case.agreement)


def _write_agreement(session: Session, case_id: int, agreement: Agreement) -> None:
    arow = AgreementRow(case_id=case_id, **columns.AGREEMENT.fields(agreement))
    session.add(arow)
    session.flush()
    assert arow.id is not None
    for term in agreement.terms:
        session.add(TermRow(agreement_id=arow.id, **columns.term_fields(term)))


def raw_connection(session: Session) -> Any:
    """The session's own DB-API connection, inside its transaction, with the session's pending
    changes flushed to it: the loader (`storage.loader`) reads through it."""
    session.flush()
    return session.connection().connection.driver_connection


def load_case(session: Session, case_id: int) -> Case:
    return loader.load_case(raw_connection(session), case_id)


def find_case_id(session: Session, number: str) -> int | None:
    return loader.find_case_id(raw_connection(session), number)


def list_case_summaries(session: Session, committee_id: int | None = None) -> list[CaseSummary]:
    """All cases, newest first, with their parties' names (one query for all the names, in the order
    the parties were written)."""
    query = select(CaseRow).order_by(col(CaseRow.registered_on).desc(), col(CaseRow.id).desc())
    if committee_id is not None:
        query = query.where(CaseRow.committee_id == committee_id)
    names: dict[int, list[str]] = {}
    for case_id, name in session.exec(
        select(PartyRow.case_id, PartyRow.name).order_by(col(PartyRow.case_id), col(PartyRow.id))
    ):
        names.setdefault(case_id, []).append(name)
    out = []
    for row in session.exec(query):
        assert row.id is not None
        party_names = names.get(row.id, [])
        out.append(
            CaseSummary(
                id=row.id,
                number=row.number,
                title=row.title,
                dispute_type=row.dispute_type,
                source=row.source,
                registered_on=row.registered_on,
                status=row.status,
                party_names="、".join(party_names),
                party_count=len(party_names),
            )
        )
    return out


AUDIT_HEAD = "audit_head"  # session.info key: the chain head this unit of work wrote (Database anchors it)


def add_audit(session: Session, action: str, case_id: int | None, detail: str = "", actor: str = "") -> None:
    """One audit row, chained (`storage.audit_chain`), on the session's connection in its transaction; the
    actor is `actor`, else the person the unit of work acts for, else 本机用户."""
    who = actor or session.info.get("audit_actor") or loader.DEFAULT_ACTOR
    session.info[AUDIT_HEAD] = loader.add_audit(raw_connection(session), action, case_id, detail, who, utcnow())


def set_accepted_on(session: Session, case_id: int, day: dt.date) -> None:
    row = session.get(CaseRow, case_id)
    if row is None:
        raise LookupError(case_id)
    row.accepted_on = day
    session.add(row)
    mark_changed(session, case_id)  # the mediation time limit runs from acceptance
