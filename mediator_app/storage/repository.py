"""Repositories: read and write whole dispute files, returning domain objects (never rows).

Each function takes the caller's session; the caller (a service) owns the transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from mediator_app.domain.case_number import format_case_number
from mediator_app.domain.model import (
    Agreement,
    Case,
    CaseSource,
    Committee,
    IdType,
    Mediator,
    Party,
    PartyKind,
    PartyRole,
    Representative,
    RepresentativeKind,
    Term,
)
from mediator_app.domain.money import Money
from mediator_app.domain.stages import Stage
from mediator_app.storage.changes import mark_changed
from mediator_app.storage.tables import (
    AgreementRow,
    AuditRow,
    CaseCounterRow,
    CaseMediatorRow,
    CaseRow,
    CommitteeRow,
    MediatorRow,
    PartyRow,
    RepresentativeRow,
    TermRow,
)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
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


def _committee(row: CommitteeRow) -> Committee:
    return Committee(
        name=row.name,
        short_name=row.short_name,
        address=row.address,
        court=row.court,
        case_number_pattern=row.case_number_pattern,
        id=row.id,
    )


def first_committee(session: Session) -> Committee | None:
    row = session.exec(select(CommitteeRow).order_by(col(CommitteeRow.id))).first()
    return _committee(row) if row else None


def get_committee(session: Session, committee_id: int) -> Committee:
    row = session.get(CommitteeRow, committee_id)
    if row is None:
        raise LookupError(committee_id)
    return _committee(row)


def save_committee(session: Session, committee: Committee) -> Committee:
    row = session.get(CommitteeRow, committee.id) if committee.id else None
    row = row or CommitteeRow(name="", short_name="", case_number_pattern="")
    row.name, row.short_name = committee.name, committee.short_name
    row.address, row.court = committee.address, committee.court
    row.case_number_pattern = committee.case_number_pattern
    session.add(row)
    session.flush()
    return _committee(row)


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


def next_case_number(session: Session, committee: Committee, year: int) -> tuple[str, int]:
    """Issue the next number of the year. The counter only grows, so a number is never reused."""
    assert committee.id is not None
    counter = session.get(CaseCounterRow, (committee.id, year))
    if counter is None:
        counter = CaseCounterRow(committee_id=committee.id, year=year, last_seq=0)
    counter.last_seq += 1
    session.add(counter)
    session.flush()
    number = format_case_number(committee.case_number_pattern, year, committee.short_name, counter.last_seq)
    return number, counter.last_seq


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
    case.id, case.number, case.committee_id = row.id, number, committee.id
    return case


def update_case(session: Session, case: Case, now: dt.datetime | None = None) -> Case:
    """Replace a case's contents (parties, mediators, agreement); its number never changes."""
    assert case.id is not None
    row = session.get(CaseRow, case.id)
    if row is None:
        raise LookupError(case.id)
    _copy_case_fields(row, case)
    row.updated_at = now or utcnow()
    session.add(row)
    # Children are replaced wholesale; ON DELETE CASCADE removes representatives and terms.
    session.execute(delete(PartyRow).where(col(PartyRow.case_id) == case.id))
    session.execute(delete(CaseMediatorRow).where(col(CaseMediatorRow.case_id) == case.id))
    session.execute(delete(AgreementRow).where(col(AgreementRow.case_id) == case.id))
    session.flush()
    _write_children(session, case.id, case)
    mark_changed(session, case.id)
    case.number = row.number
    return case


def delete_case(session: Session, case_id: int) -> str:
    """Delete a case and everything recorded about it (ON DELETE CASCADE); returns its number.

    The number is not given out again: the year's counter is left as it is.
    """
    row = session.get(CaseRow, case_id)
    if row is None:
        raise LookupError(case_id)
    number = row.number
    session.delete(row)
    session.flush()
    mark_changed(session, case_id)
    return number


def _copy_case_fields(row: CaseRow, case: Case) -> None:
    row.title, row.dispute_type, row.source = case.title, case.dispute_type, case.source.value
    row.source_ref, row.registered_on, row.accepted_on = case.source_ref, case.registered_on, case.accepted_on
    row.facts, row.claims, row.recorder, row.status = case.facts, case.claims, case.recorder, case.status


def _write_children(session: Session, case_id: int, case: Case) -> None:
    for pos, name in enumerate(case.mediators, start=1):
        session.add(CaseMediatorRow(case_id=case_id, position=pos, name=name))
    for party in case.parties:
        prow = PartyRow(
            case_id=case_id,
            seq=party.seq,
            role=party.role.value,
            kind=party.kind.value,
            name=party.name,
            id_type=party.id_type.value,
            id_number=party.id_number,
            sex=party.sex,
            birth_date=party.birth_date,
            ethnicity=party.ethnicity,
            occupation=party.occupation,
            address=party.address,
            phone=party.phone,
            uscc=party.uscc,
            legal_rep=party.legal_rep,
            legal_rep_title=party.legal_rep_title,
        )
        session.add(prow)
        session.flush()
        assert prow.id is not None
        for pos, rep in enumerate(party.representatives, start=1):
            session.add(
                RepresentativeRow(
                    party_id=prow.id,
                    position=pos,
                    kind=rep.kind.value,
                    name=rep.name,
                    id_type=rep.id_type.value,
                    id_number=rep.id_number,
                    phone=rep.phone,
                    relation=rep.relation,
                )
            )
    if case.agreement is not None:
        _write_agreement(session, case_id, case.agreement)


def _write_agreement(session: Session, case_id: int, agreement: Agreement) -> None:
    arow = AgreementRow(
        case_id=case_id,
        disputed_matters=agreement.disputed_matters,
        responsibilities=agreement.responsibilities,
        breach_clause=agreement.breach_clause,
        signed_on=agreement.signed_on,
    )
    session.add(arow)
    session.flush()
    assert arow.id is not None
    for term in agreement.terms:
        if term.deadline is None:  # validation forbids it; the NOT NULL column would too
            raise ValueError("term without deadline")
        session.add(
            TermRow(
                agreement_id=arow.id,
                seq=term.seq,
                obligor_seq=term.obligor,
                obligee_seq=term.obligee,
                action=term.action,
                amount_fen=term.amount.fen if term.amount else None,
                deadline=term.deadline,
                manner=term.manner,
                place=term.place,
            )
        )


def load_case(session: Session, case_id: int) -> Case:
    row = session.get(CaseRow, case_id)
    if row is None:
        raise LookupError(case_id)
    return _case_from_row(session, row)


def find_case_id(session: Session, number: str) -> int | None:
    return session.exec(select(CaseRow.id).where(CaseRow.number == number)).first()


def _case_from_row(session: Session, row: CaseRow) -> Case:
    assert row.id is not None
    mediators = session.exec(
        select(CaseMediatorRow.name).where(CaseMediatorRow.case_id == row.id).order_by(col(CaseMediatorRow.position))
    ).all()
    return Case(
        id=row.id,
        committee_id=row.committee_id,
        number=row.number,
        title=row.title,
        dispute_type=row.dispute_type,
        source=CaseSource(row.source),
        source_ref=row.source_ref,
        registered_on=row.registered_on,
        accepted_on=row.accepted_on,
        facts=row.facts,
        claims=row.claims,
        recorder=row.recorder,
        status=Stage(row.status),
        mediators=list(mediators),
        parties=_load_parties(session, row.id),
        agreement=_load_agreement(session, row.id),
    )


def _load_parties(session: Session, case_id: int) -> list[Party]:
    prows = session.exec(select(PartyRow).where(PartyRow.case_id == case_id).order_by(col(PartyRow.seq))).all()
    party_ids = [p.id for p in prows]
    reps: dict[int, list[Representative]] = {}
    rrows = session.exec(
        select(RepresentativeRow)
        .where(col(RepresentativeRow.party_id).in_(party_ids))
        .order_by(col(RepresentativeRow.party_id), col(RepresentativeRow.position))
    )
    for r in rrows:
        reps.setdefault(r.party_id, []).append(
            Representative(
                kind=RepresentativeKind(r.kind),
                name=r.name,
                id_type=IdType(r.id_type),
                id_number=r.id_number,
                phone=r.phone,
                relation=r.relation,
            )
        )
    return [
        Party(
            seq=p.seq,
            role=PartyRole(p.role),
            kind=PartyKind(p.kind),
            name=p.name,
            id_type=IdType(p.id_type),
            id_number=p.id_number,
            sex=p.sex,
            birth_date=p.birth_date,
            ethnicity=p.ethnicity,
            occupation=p.occupation,
            address=p.address,
            phone=p.phone,
            uscc=p.uscc,
            legal_rep=p.legal_rep,
            legal_rep_title=p.legal_rep_title,
            representatives=reps.get(p.id or -1, []),
        )
        for p in prows
    ]


def _load_agreement(session: Session, case_id: int) -> Agreement | None:
    arow = session.exec(select(AgreementRow).where(AgreementRow.case_id == case_id)).first()
    if arow is None:
        return None
    trows = session.exec(select(TermRow).where(TermRow.agreement_id == arow.id).order_by(col(TermRow.seq)))
    terms = [
        Term(
            seq=t.seq,
            obligor=t.obligor_seq,
            obligee=t.obligee_seq,
            action=t.action,
            amount=Money(t.amount_fen) if t.amount_fen is not None else None,
            deadline=t.deadline,
            manner=t.manner,
            place=t.place,
        )
        for t in trows
    ]
    return Agreement(
        disputed_matters=arow.disputed_matters,
        responsibilities=arow.responsibilities,
        breach_clause=arow.breach_clause,
        signed_on=arow.signed_on,
        terms=terms,
    )


def list_case_summaries(session: Session, committee_id: int | None = None) -> list[CaseSummary]:
    """All cases, newest first, with their parties' names (one query for the names)."""
    names = (
        select(PartyRow.case_id, func.group_concat(PartyRow.name, "、").label("names"), func.count().label("n"))
        .group_by(col(PartyRow.case_id))
        .subquery()
    )
    query = (
        select(CaseRow, names.c.names, names.c.n)
        .join(names, names.c.case_id == CaseRow.id, isouter=True)
        .order_by(col(CaseRow.registered_on).desc(), col(CaseRow.id).desc())
    )
    if committee_id is not None:
        query = query.where(CaseRow.committee_id == committee_id)
    out = []
    for row, party_names, n in session.exec(query):
        assert row.id is not None
        out.append(
            CaseSummary(
                id=row.id,
                number=row.number,
                title=row.title,
                dispute_type=row.dispute_type,
                source=row.source,
                registered_on=row.registered_on,
                status=row.status,
                party_names=party_names or "",
                party_count=n or 0,
            )
        )
    return out


def add_audit(session: Session, action: str, case_id: int | None, detail: str = "", actor: str = "") -> None:
    session.add(AuditRow(at=utcnow(), actor=actor or "本机用户", case_id=case_id, action=action, detail=detail))


def set_accepted_on(session: Session, case_id: int, day: dt.date) -> None:
    row = session.get(CaseRow, case_id)
    if row is None:
        raise LookupError(case_id)
    row.accepted_on = day
    session.add(row)
    mark_changed(session, case_id)  # the mediation time limit runs from acceptance
