"""The quick oral-case entry (口头协议登记): a dispute settled on the spot is registered, accepted,
mediated and concluded with its oral agreement in one transaction from one screen, so that oral
mediations are counted like written ones (PML Arts. 28, 30: an oral agreement is recorded; docs/statistics.md).

Each of the four steps goes through the same state machine and guards as when entered one by one
(`services.procedure.apply_step`): rights notified on acceptance (PML Arts. 23-24), the parties'
choice of mediator recorded, the agreement's content given. Any refusal rolls everything back.
"""

from __future__ import annotations

import datetime as dt

from mediator_app.domain.access import Permission
from mediator_app.domain.model import Case
from mediator_app.domain.records import ProcedureState, RecordKind, StepRecord, record_errors
from mediator_app.domain.stages import Event
from mediator_app.domain.statistics import PLACE, OralEntry, entry_errors
from mediator_app.domain.validation import normalise_party, raise_if, registration_errors
from mediator_app.services.access import require
from mediator_app.services.cases import committee_for
from mediator_app.services.procedure import Step, apply_step
from mediator_app.storage import repository as repo
from mediator_app.storage import stats_repo as srepo
from mediator_app.storage.database import Database

__all__ = ["OralEntry", "record_oral_case"]


def _session(entry: OralEntry) -> StepRecord:
    case = entry.case
    return StepRecord(
        kind=RecordKind.SESSION,
        held_at=entry.held_at,
        place=entry.place.strip() or PLACE,
        staff="、".join(case.mediators),
        recorder=case.recorder,
        content=case.facts,
        parties_present="、".join(p.name for p in case.parties),
        result=f"达成口头协议：{entry.agreement.strip()}",
    )


def record_oral_case(
    db: Database, entry: OralEntry, today: dt.date, actor: str = "", committee_id: int | None = None
) -> Case:
    """Register the case and take it to 达成口头协议 in one transaction; returns it with its number.
    `committee_id`: the committee a centre-wide person chose (as `services.cases.register_case`)."""
    require(db, Permission.REGISTER)  # who may, before what is wrong with the input
    who = require(db, Permission.CONCLUDE)
    actor = actor or who.audit_name
    case = entry.case
    day = entry.held_at.date()
    case.registered_on = day
    for party in case.parties:
        normalise_party(party, today)
    record = _session(entry)
    # Every problem of the one screen at once (a user who fixes the names should not then meet the
    # missing agreement in a second round); the session record made from it only once they are fixed,
    # as its gaps would repeat them (its content is the summary, its staff the mediator).
    raise_if(registration_errors(case, today) + entry_errors(entry, today) or record_errors(record, today))
    committee = committee_for(db, committee_id)
    content = entry.agreement.strip()

    def accept(s: ProcedureState) -> None:
        s.rights_notified_on = day

    def mediate(s: ProcedureState) -> None:
        s.mediator_choice, s.publicity = f"当事人共同选择{case.mediators[0]}主持调解", "不公开"

    def conclude(s: ProcedureState) -> None:
        s.oral_content, s.oral_reached_on = content, day

    with db.unit_of_work() as session:
        saved = repo.insert_case(session, case, committee)
        assert saved.id is not None
        repo.add_audit(session, "登记案件", saved.id, f"{saved.number}（口头协议登记）", actor)
        srepo.save_stats(session, saved.id, entry.stats)
        for step in (
            Step(Event.ACCEPT, accept, accepted_on=day),
            Step(Event.MEDIATE, mediate, record=record),
            Step(Event.CONCLUDE_ORAL, conclude),
        ):
            apply_step(session, saved.id, step, today, actor, who)
        saved = repo.load_case(session, saved.id)
    return saved
