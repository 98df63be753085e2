"""The quick oral-case entry: one transaction from registration to 达成口头协议, counted like any case;
the statistics a procedure step records; a mediator's statistics and what they may not change."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from mediator_app.domain.model import Case, CaseSource
from mediator_app.domain.money import Money
from mediator_app.domain.stages import Stage
from mediator_app.domain.statistics import AgreementForm, CaseStats, Confirmation, Difficulty, Outcome
from mediator_app.errors import ValidationError
from mediator_app.services import cases, procedure
from mediator_app.services.oral_entry import OralEntry, record_oral_case
from mediator_app.services.statistics import facts
from mediator_app.storage.database import Database
from tests.factories import make_parties

pytestmark = pytest.mark.engines  # one transaction on SQLite and on PostgreSQL

TODAY = dt.date(2026, 11, 20)


def oral_entry(**stats: object) -> OralEntry:
    case = Case(
        dispute_type="邻里纠纷",
        source=CaseSource.OWN_INITIATIVE,
        registered_on=TODAY,
        facts="两家因院墙排水沟堵塞发生争吵。",
        parties=make_parties(2),
        mediators=["马德明"],
    )
    return OralEntry(
        case=case,
        held_at=dt.datetime(2026, 11, 19, 15, 30),
        agreement="被申请人当日疏通排水沟，双方互谅互让，不再争执。",
        stats=CaseStats(**stats),  # type: ignore[arg-type]
    )


def test_an_oral_mediation_is_one_transaction_and_counts_as_a_closed_success(committee_db: Database) -> None:
    entry = oral_entry(people_involved=4, prevent_dispute=4, elderly=True)
    saved = record_oral_case(committee_db, entry, TODAY, actor="马德明")
    assert saved.status is Stage.ORAL_AGREEMENT
    assert saved.accepted_on == saved.registered_on == dt.date(2026, 11, 19)
    assert saved.id is not None
    stats = facts.get_stats(committee_db, saved.id)
    assert (stats.outcome, stats.agreement_form, stats.closed_on) == (
        Outcome.SUCCESS,
        AgreementForm.ORAL,
        dt.date(2026, 11, 19),
    )
    assert (stats.people_involved, stats.prevent_dispute, stats.elderly) == (4, 4, True)
    view = procedure.workflow(committee_db, saved.id, TODAY)
    assert view.state.oral_content == entry.agreement


def test_a_refused_oral_entry_leaves_nothing(committee_db: Database) -> None:
    entry = oral_entry(prevent_crime=0)  # a flag with no people
    entry.agreement = " "
    with pytest.raises(ValidationError) as raised:
        record_oral_case(committee_db, entry, TODAY)
    paths = {e.path for e in raised.value.errors}
    assert {"state.oral_content", "stats.prevent_crime"} <= paths
    assert cases.list_cases(committee_db) == []


def test_steps_record_closing_and_the_courts_ruling(committee_db: Database) -> None:
    saved = record_oral_case(committee_db, oral_entry(), TODAY)
    assert saved.id is not None
    stats = facts.get_stats(committee_db, saved.id)
    stats.difficulty, stats.amount = Difficulty.DIFFICULT, Money(50_000)
    kept = facts.save_stats(committee_db, saved.id, stats, TODAY)
    assert facts.get_stats(committee_db, saved.id) == kept
    changed = dataclasses.replace(kept, outcome=Outcome.ENDED, closed_on=None)
    with pytest.raises(ValidationError) as raised:
        facts.save_stats(committee_db, saved.id, changed, TODAY)
    assert raised.value.errors[0].path == "stats.outcome"
    ruling = dataclasses.replace(kept, confirmation=Confirmation.REJECTED)
    with pytest.raises(ValidationError):  # a ruling needs its date
        facts.save_stats(committee_db, saved.id, ruling, TODAY)
