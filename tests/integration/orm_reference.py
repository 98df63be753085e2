"""The reference the one loader is checked against: domain objects built from the SQLModel rows with
SQLAlchemy's own type conversions, field by field (the ORM read path the repositories had before
they read through `storage.loader`). Test-only code."""

from __future__ import annotations

import dataclasses

from sqlmodel import Session, col, select

from mediator_app.domain.model import (
    Agreement,
    Case,
    CaseSource,
    IdType,
    Party,
    PartyKind,
    PartyRole,
    Representative,
    RepresentativeKind,
    Term,
)
from mediator_app.domain.money import Money
from mediator_app.domain.records import ProcedureState, RecordKind, ReturnVisit, StepRecord, TermCheck, Transition
from mediator_app.domain.stages import Stage
from mediator_app.storage.tables import (
    AgreementRow,
    CaseMediatorRow,
    CaseRow,
    PartyRow,
    ProcedureRow,
    RepresentativeRow,
    ReturnVisitRow,
    StepRecordRow,
    TermCheckRow,
    TermRow,
    TransitionRow,
)


def orm_case(session: Session, case_id: int) -> Case:
    row = session.get(CaseRow, case_id)
    assert row is not None and row.id is not None
    mediators = session.exec(
        select(CaseMediatorRow.name).where(CaseMediatorRow.case_id == case_id).order_by(col(CaseMediatorRow.position))
    ).all()
    parties = []
    for p in session.exec(select(PartyRow).where(PartyRow.case_id == case_id).order_by(col(PartyRow.seq))):
        reps = session.exec(
            select(RepresentativeRow)
            .where(RepresentativeRow.party_id == p.id)
            .order_by(col(RepresentativeRow.position))
        )
        parties.append(
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
                representatives=[
                    Representative(
                        kind=RepresentativeKind(r.kind),
                        name=r.name,
                        id_type=IdType(r.id_type),
                        id_number=r.id_number,
                        phone=r.phone,
                        relation=r.relation,
                    )
                    for r in reps
                ],
            )
        )
    agreement = None
    arow = session.exec(select(AgreementRow).where(AgreementRow.case_id == case_id)).first()
    if arow is not None:
        trows = session.exec(select(TermRow).where(TermRow.agreement_id == arow.id).order_by(col(TermRow.seq)))
        agreement = Agreement(
            disputed_matters=arow.disputed_matters,
            responsibilities=arow.responsibilities,
            breach_clause=arow.breach_clause,
            signed_on=arow.signed_on,
            terms=[
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
            ],
        )
    return Case(
        id=row.id,
        committee_id=row.committee_id,
        version=row.version,
        number=row.number,
        title=row.title,
        dispute_type=row.dispute_type,
        source=CaseSource(row.source),
        source_ref=row.source_ref,
        referral_court=row.referral_court,
        referral_ref=row.referral_ref,
        referral_deadline=row.referral_deadline,
        registered_on=row.registered_on,
        accepted_on=row.accepted_on,
        facts=row.facts,
        claims=row.claims,
        recorder=row.recorder,
        status=Stage(row.status),
        mediators=list(mediators),
        parties=parties,
        agreement=agreement,
    )


def orm_state(session: Session, case_id: int) -> ProcedureState:
    case = session.get(CaseRow, case_id)
    assert case is not None
    state = ProcedureState(stage=Stage(case.status))
    row = session.get(ProcedureRow, case_id)
    if row is not None:
        for f in dataclasses.fields(ProcedureState):
            if f.name != "stage":
                setattr(state, f.name, getattr(row, f.name))
    return state


def orm_records(session: Session, case_id: int) -> list[StepRecord]:
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


def orm_visits(session: Session, case_id: int) -> list[ReturnVisit]:
    rows = session.exec(
        select(ReturnVisitRow)
        .where(ReturnVisitRow.case_id == case_id)
        .order_by(col(ReturnVisitRow.visited_on), col(ReturnVisitRow.id))
    ).all()
    out = []
    for r in rows:
        checks = session.exec(
            select(TermCheckRow).where(TermCheckRow.visit_id == r.id).order_by(col(TermCheckRow.term_seq))
        )
        out.append(
            ReturnVisit(
                visited_on=r.visited_on,
                visitor=r.visitor,
                visited=r.visited,
                satisfaction=r.satisfaction,
                terms=[TermCheck(c.term_seq, c.status, c.note) for c in checks],
                new_risk=r.new_risk,
                note=r.note,
                id=r.id,
            )
        )
    return out


def orm_transitions(session: Session, case_id: int) -> list[Transition]:
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
