"""A centre-wide person registers a case in the committee they choose (docs/centre.md, "Several
committees in one database"): the case's number, papers and everything after carry that committee;
a person of one committee can only register in their own; nothing is written when refused. On both
engines."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mediator_app.domain.access import OWN_COMMITTEE_ONLY, PermissionDenied
from mediator_app.domain.statistics import OralEntry
from mediator_app.errors import UserFacingError
from mediator_app.exchange.case_json import write_case_file
from mediator_app.services import caselist, cases, oral_entry, procedure, transfer
from mediator_app.services.printing import DatabaseStore, read
from mediator_app.storage.database import Database
from tests.centre_db import TRAFFIC, Centre, make_centre
from tests.factories import REGISTERED_ON, make_case

pytestmark = pytest.mark.engines  # on SQLite and on PostgreSQL

DAY = REGISTERED_ON


@pytest.fixture
def centre(committee_db: Database) -> Centre:
    return make_centre(committee_db)


def test_the_director_registers_in_the_committee_chosen_and_its_papers_carry_it(centre: Centre) -> None:
    db = centre.as_("boss")
    chosen = cases.register_case(db, make_case(2), DAY, committee_id=centre.traffic.id)
    default = cases.register_case(db, make_case(2), DAY)
    assert chosen.committee_id == centre.traffic.id and default.committee_id == centre.home.id
    # each from its committee's own counter, under its 字号
    assert "青山交调" in chosen.number and chosen.number.endswith("第1号")
    assert "望京西园" in default.number and default.number.endswith("第1号")
    assert chosen.id is not None
    ctx = read(DatabaseStore(db), chosen.id)
    assert (ctx.committee.name, ctx.committee.court) == (TRAFFIC.name, TRAFFIC.court)
    # what comes after stays in that committee: its mediator works on it, the other committee's may not
    procedure.accept(centre.as_("jiao"), chosen.id, DAY, today=DAY)
    assert procedure.workflow(centre.db, chosen.id, DAY).stage != "登记"
    with pytest.raises(PermissionDenied, match="另一个调委会"):
        cases.get_case(centre.as_("ma"), chosen.id)


def test_a_person_of_one_committee_may_not_register_in_another(centre: Centre) -> None:
    db = centre.as_("ma")
    with pytest.raises(PermissionDenied) as err:
        cases.register_case(db, make_case(2), DAY, committee_id=centre.traffic.id)
    assert err.value.message == OWN_COMMITTEE_ONLY
    assert caselist.count(centre.as_("boss")) == 0  # nothing written
    own = cases.register_case(centre.as_("ma"), make_case(2), DAY, committee_id=centre.home.id)
    assert own.committee_id == centre.home.id


def test_a_committee_that_is_not_there_is_refused_in_chinese(centre: Centre) -> None:
    db = centre.as_("boss")
    with pytest.raises(UserFacingError, match="找不到所选的调委会"):
        cases.register_case(db, make_case(2), DAY, committee_id=9999)
    assert caselist.count(db) == 0


def test_an_imported_case_goes_to_the_committee_chosen(centre: Centre, tmp_path: Path) -> None:
    file = tmp_path / "case.json"
    write_case_file(file, make_case(2))
    db = centre.as_("boss")
    saved, _ = transfer.import_case_file(db, file, DAY, committee_id=centre.traffic.id)
    assert saved.committee_id == centre.traffic.id and "青山交调" in saved.number
    with pytest.raises(PermissionDenied):
        transfer.import_case_file(centre.as_("ma"), file, DAY, committee_id=centre.traffic.id)
    assert caselist.count(centre.as_("boss")) == 1


def test_an_oral_entry_goes_to_the_committee_chosen(centre: Centre) -> None:
    at = dt.datetime(2026, 11, 3, 9)
    db = centre.as_("boss")
    saved = oral_entry.record_oral_case(
        db, OralEntry(make_case(2), at, "当面道歉"), at.date(), committee_id=centre.traffic.id
    )
    assert saved.committee_id == centre.traffic.id and "青山交调" in saved.number
    with pytest.raises(PermissionDenied):
        oral_entry.record_oral_case(
            centre.as_("ma"), OralEntry(make_case(2), at, "当面道歉"), at.date(), committee_id=centre.traffic.id
        )
