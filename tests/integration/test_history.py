"""Repeat disputes: earlier cases of the same person (ID number, or name and phone) or address."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from mediator_app.domain.model import Committee, PartyRole
from mediator_app.services import cases as svc
from mediator_app.services import demo
from mediator_app.services.history import earlier_disputes
from mediator_app.storage.database import Database
from tests.factories import make_case, make_person

pytestmark = pytest.mark.engines  # the look-ups run on SQLite and on PostgreSQL

D = dt.date


@pytest.fixture
def committee() -> Committee:
    return Committee(name="望京西园社区人民调解委员会", short_name="望京西园")


@pytest.fixture(autouse=True)
def _demo_cases(committee_db: Database) -> None:
    """`db` holds the committee and 60 demo cases for noise."""
    demo.fill_demo(committee_db, 60, seed=5)


def test_same_id_number_name_and_phone_or_address(db: Database) -> None:
    first = svc.register_case(db, make_case(3), today=D(2026, 11, 2))
    later = make_case(2)
    liu = later.parties[0]  # the same 刘䶮: same ID number
    found = earlier_disputes(db, [liu])
    assert [e.number for e in found] == [first.number]
    assert found[0].matches[0].kind == "id" and "*" in found[0].matches[0].text
    assert liu.id_number not in found[0].reasons and found[0].reasons.startswith("申请人刘䶮：同一证件号码")

    # same name and phone, ID number not given
    no_id = dataclasses.replace(liu, id_number="", address="")
    assert [m.kind for m in earlier_disputes(db, [no_id])[0].matches] == ["name_phone"]
    assert earlier_disputes(db, [dataclasses.replace(no_id, phone="13000000000")]) == []  # the name alone is not enough

    # someone else at the same address (the agent's address or the place of the dispute: extra addresses)
    neighbour = make_person(1, PartyRole.APPLICANT, "赵小兰", D(1990, 5, 5), 88, address=first.parties[1].address)
    found = earlier_disputes(db, [neighbour])
    assert [e.number for e in found] == [first.number]
    assert found[0].matches[0].earlier_party == "被申请人吉𠮷祥" and found[0].matches[0].kind == "address"
    elsewhere = dataclasses.replace(neighbour, address="别处")
    assert earlier_disputes(db, [elsewhere]) == []
    assert [e.number for e in earlier_disputes(db, [elsewhere], addresses=[first.parties[0].address])] == [first.number]

    # organisations by their unified social credit code
    company = later.parties[1] if len(later.parties) > 2 else make_case(3).parties[2]
    assert [e.number for e in earlier_disputes(db, [company])] == [first.number]


def test_newest_first_excluding_the_case_being_edited(db: Database) -> None:
    a = svc.register_case(db, make_case(2), today=D(2026, 11, 2))
    b_case = make_case(2)
    b_case.registered_on = D(2026, 11, 10)
    b = svc.register_case(db, b_case, today=D(2026, 11, 10))
    found = earlier_disputes(db, make_case(2).parties)
    assert [e.number for e in found] == [b.number, a.number]
    assert [e.number for e in earlier_disputes(db, b.parties, exclude_case_id=b.id)] == [a.number]
    assert len(earlier_disputes(db, make_case(2).parties, limit=1)) == 1
    assert earlier_disputes(db, []) == []


def test_demo_people_with_several_cases(db: Database) -> None:
    summaries = svc.list_cases(db)
    case = svc.get_case(db, summaries[0].id)
    found = earlier_disputes(db, case.parties)
    assert case.number in [e.number for e in found]  # its own parties, without exclusion
    assert all(e.matches for e in found)
