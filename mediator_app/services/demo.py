"""Demo data: realistic, deterministic dispute files for trying the program, screenshots and load tests.

The generator (`services.demo_gen`, material in `services.demo_texts`): `generate_cases(n, seed)` depends only on its arguments (its own `random.Random(seed)`, fixed dates
2025-01-01..2026-11-20, never today's date). Every generated case passes the registration rules:
valid citizen ID numbers of real counties (GB 11643 check character), valid unified social credit
codes (GB 32100), a guardian for every minor, deadlines after the signing date.

Each case comes with the investigation and mediation records (调查记录、调解记录) its stage implies
(`iter_demo`), so that facts and records give the search realistic amounts of text (a few hundred
characters per case).

`fill_demo` writes them through the bulk path (`storage.bulk`: multi-row inserts, a few large
transactions, the search index built once at the end): 100,000 cases in about a minute and a half.
`fill_demo_per_case` writes the same content through the ordinary repository functions, one case at
a time; the tests check that both give the same database. The texts are templates; amounts, names and
places vary.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import random
from collections.abc import Callable

from sqlalchemy import func
from sqlmodel import select

from mediator_app.domain.access import Permission
from mediator_app.domain.model import (
    Case,
    Committee,
    Mediator,
)
from mediator_app.domain.money import Money
from mediator_app.domain.records import ProcedureState
from mediator_app.domain.stages import Stage
from mediator_app.domain.statistics import (
    FAILURES,
    PREVENTION,
    SPECIAL_GROUPS,
    AgreementForm,
    CaseStats,
    Confirmation,
    Difficulty,
    Outcome,
)
from mediator_app.services.access import require
from mediator_app.services.demo_gen import (
    DEMO_COMMITTEE,
    FIRST_DAY,
    LAST_DAY,
    MEDIATORS,
    DemoCase,
    S,
    generate_cases,
    iter_cases,
    iter_demo,
)
from mediator_app.storage import procedure_repo as prepo
from mediator_app.storage import repository as repo
from mediator_app.storage import search as search_index
from mediator_app.storage import stats_repo as srepo
from mediator_app.storage.bulk import BulkWriter
from mediator_app.storage.database import Database
from mediator_app.storage.tables import CaseRow

__all__ = ["DEMO_COMMITTEE", "FIRST_DAY", "MEDIATORS", "DemoCase", "generate_cases", "iter_cases", "iter_demo"]

BATCH_SIZE = 5000  # cases per transaction
AUDIT_ACTION = "生成演示案件"
_AGREED = frozenset(
    {S.WRITTEN_AGREEMENT, S.ORAL_AGREEMENT, S.PERFORMING, S.VISITED}
    | {S.CONFIRMATION_APPLIED, S.CONFIRMED, S.CONFIRMATION_REJECTED}
)


# ---------------------------------------------------------------- writing


def procedure_state(case: Case) -> ProcedureState:
    """What the procedure would have recorded to bring a generated case to its stage (no randomness).

    Enough for the case view to be consistent: rights notified on acceptance, the parties' choices,
    signing dates (hence the 30-day confirmation window), reasons for declining and termination.
    """
    stage = Stage(case.status)
    state = ProcedureState(stage=stage)
    if stage in (S.REGISTERED, S.DECLINED):
        if stage is S.DECLINED:
            # The notice itself cites the rule (MoJ 2002 Art. 22): the reason states the fact only.
            state.decline_reason, state.handled_elsewhere = "该纠纷已由人民法院立案受理", True
            state.declined_on = case.registered_on
        return state
    state.rights_notified_on = case.accepted_on
    if stage in (S.ACCEPTED, S.INVESTIGATING):
        return state
    state.mediator_choice, state.publicity = f"当事人共同选择{case.mediators[0]}主持调解", "不公开"
    start = case.accepted_on or case.registered_on
    if stage is S.ORAL_AGREEMENT:
        state.oral_content = "双方当场达成口头协议，被申请人当面赔礼道歉，申请人表示谅解，不再追究。"
        state.oral_reached_on = min(start + dt.timedelta(days=3), LAST_DAY)
    if stage is S.TERMINATED or (stage is S.ARCHIVED and case.agreement is None):
        state.termination_reason, state.routes_notified = "双方分歧较大，经多次调解未能达成协议", True
        state.terminated_on = min(start + dt.timedelta(days=20), LAST_DAY)
    if case.agreement is not None and case.agreement.signed_on is not None:
        signed = case.agreement.signed_on
        state.parties_signed_on = state.mediator_signed_on = state.sealed_on = signed
        if stage in (S.CONFIRMATION_APPLIED, S.CONFIRMED):
            state.confirmation_court = DEMO_COMMITTEE.court
            state.confirmation_applied_on = min(signed + dt.timedelta(days=5), LAST_DAY)
        if stage is S.CONFIRMED and state.confirmation_applied_on is not None:
            state.confirmation_decided_on = min(state.confirmation_applied_on + dt.timedelta(days=10), LAST_DAY)
            state.court_case_number = f"（{signed.year}）鄂0222民特{signed.toordinal() % 900 + 100}号"
    if stage is S.ARCHIVED:
        state.archived_from = (S.VISITED if case.agreement is not None else S.TERMINATED).value
        last = case.agreement.signed_on if case.agreement and case.agreement.signed_on else start
        state.archived_on = min(last + dt.timedelta(days=60), LAST_DAY)
    return state


def demo_stats(case: Case, state: ProcedureState) -> CaseStats | None:
    """Plausible statistics for a generated case that has ended (deterministic: seeded by the case's own
    texts), as the procedure steps and a mediator would have recorded them."""
    stage = Stage(state.archived_from) if state.archived_from else Stage(case.status)
    agreed = stage in _AGREED
    if not agreed and stage is not S.TERMINATED:
        return None
    rng = random.Random(f"{case.registered_on}{case.facts}{case.dispute_type}")
    start = case.accepted_on or case.registered_on
    signed = case.agreement.signed_on if case.agreement is not None else None
    closed = state.oral_reached_on or signed or min(start + dt.timedelta(days=rng.randint(3, 25)), LAST_DAY)
    closed = max(closed, start)  # a generated agreement may carry its registration day
    amounts = [t.amount.fen for t in (case.agreement.terms if case.agreement else []) if t.amount is not None]
    stats = CaseStats(
        difficulty=rng.choices(list(Difficulty), weights=(80, 17, 3))[0],
        people_involved=len(case.parties) + rng.choice((0, 0, 0, 1, 2, 5)),
        amount=Money(sum(amounts)) if amounts else None,
        self_performed=agreed and rng.random() < 0.6,
        migrant_worker=rng.random() < 0.05,
        dispute_began_on=start - dt.timedelta(days=rng.choice((10, 30, 90, 400, 800, 1200))),
        closed_on=closed,
        outcome=Outcome.SUCCESS if agreed else rng.choice((Outcome.FAILURE, Outcome.FAILURE, Outcome.ENDED)),
        agreement_form=(AgreementForm.ORAL if state.oral_reached_on else AgreementForm.WRITTEN) if agreed else None,
    )
    for name, _ in rng.sample(PREVENTION + FAILURES, rng.choice((0, 0, 1, 1, 2))):
        setattr(stats, name, rng.randint(1, 8) if not name.startswith("formed") or rng.random() < 0.2 else None)
    for name, _ in rng.sample(SPECIAL_GROUPS, rng.choice((0, 0, 0, 1))):
        setattr(stats, name, True)
    if state.confirmation_applied_on is not None:
        decided = state.confirmation_decided_on
        stats.confirmation = Confirmation.CONFIRMED if decided else Confirmation.APPLIED
        stats.confirmation_ruled_on, stats.confirmation_ruling = decided, state.court_case_number
    return stats


def case_count(db: Database) -> int:
    """How many cases the database holds (the CLI refuses to mix demo cases into real ones unasked)."""
    with db.reader() as session:
        return int(session.exec(select(func.count()).select_from(CaseRow)).one())


def ensure_demo_committee(db: Database) -> Committee:
    """The database's committee, or the demo committee (with its mediators) if it has none."""
    require(db, Permission.SETTINGS)
    with db.unit_of_work() as session:
        committee = repo.first_committee(session)
        if committee is not None:
            return committee
        committee = repo.save_committee(session, dataclasses.replace(DEMO_COMMITTEE))
        assert committee.id is not None
        for name in MEDIATORS:
            repo.add_mediator(session, committee.id, Mediator(name=name))
        repo.add_audit(session, "设置委员会", None, f"{committee.name}（演示数据）")
        return committee


Progress = Callable[[int, int], None]


def fill_demo(
    db: Database,
    n: int,
    seed: int,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
    index_progress: Progress | None = None,
) -> int:
    """Insert `n` generated cases through the bulk path, `batch_size` per transaction, then build the
    search index once; returns how many were written.

    `progress(done, n)` after each transaction; `index_progress(step, steps)` while the index is built.
    Interrupted, it leaves whole batches and a search index marked stale, rebuilt at the next open.
    """
    committee = ensure_demo_committee(db)
    now = repo.utcnow()
    done = 0
    items = iter_demo(n, seed)
    while batch := list(itertools.islice(items, batch_size)):
        with db.unit_of_work() as session:
            conn = session.connection()
            search_index.mark_stale(conn)  # first: takes the write lock before ids are read
            writer = BulkWriter(conn, committee, now)
            for item in batch:
                state = procedure_state(item.case)
                writer.add(item.case, state, item.records, AUDIT_ACTION, demo_stats(item.case, state))
            writer.flush()
            session.info[repo.AUDIT_HEAD] = writer.audit_head  # anchored by the unit of work after commit
        done += len(batch)
        if progress is not None:
            progress(done, n)
    with db.unit_of_work() as session:
        search_index.rebuild_fts(session.connection(), index_progress)
    return done


def fill_demo_per_case(db: Database, n: int, seed: int, batch_size: int = 500) -> int:
    """The same cases as `fill_demo`, written through the ordinary repository functions (slow: the
    reference the bulk path is tested against)."""
    require(db, Permission.SETTINGS)
    committee = ensure_demo_committee(db)
    now = repo.utcnow()
    done = 0
    items = iter_demo(n, seed)
    while batch := list(itertools.islice(items, batch_size)):
        with db.unit_of_work() as session:
            for item in batch:
                saved = repo.insert_case(session, item.case, committee)
                assert saved.id is not None
                state = procedure_state(saved)
                prepo.save_state(session, saved.id, state, now)
                if (stats := demo_stats(saved, state)) is not None:
                    srepo.save_stats(session, saved.id, stats)
                for record in item.records:
                    prepo.add_record(session, saved.id, record)
                repo.add_audit(session, AUDIT_ACTION, saved.id, saved.number)
        done += len(batch)
    return done
