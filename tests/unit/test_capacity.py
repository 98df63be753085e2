"""Capacity is judged on the day the agreement is signed, not on the day of printing (Civil Code Arts.
17-23, 143), and a statutory agent must himself be of full capacity (Arts. 27-28). Ages come from the
ID number's birth date; the days around the 18th birthday are tested on both sides.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from mediator_app.domain.model import Capacity, Representative, RepresentativeKind
from mediator_app.domain.records import ProcedureState
from mediator_app.domain.stages import Stage
from mediator_app.domain.validation import (
    capacity_date,
    minor_guardian,
    needs_guardian,
    printable_agreement_errors,
    registration_errors,
)
from mediator_app.procedure.calendar import HolidayCalendar
from mediator_app.services.procedure_view import build_facts
from tests.factories import SIGNED_ON, make_case, resident_id

BIRTHDAY_18 = dt.date(2008, 11, 22)  # 18 years before SIGNED_ON (2026-11-22)


def _case_with_young_party(birth: dt.date, signed_on: dt.date = SIGNED_ON) -> object:
    case = make_case(parties=2)
    party = case.parties[1]
    party.id_number, party.birth_date = resident_id(birth, 62), birth
    assert case.agreement is not None
    case.agreement.signed_on = signed_on
    return case


@pytest.mark.parametrize(
    ("signed_on", "minor"),
    [
        (SIGNED_ON - dt.timedelta(days=1), True),  # the day before the 18th birthday
        (SIGNED_ON, False),  # the 18th birthday itself
        (SIGNED_ON + dt.timedelta(days=1), False),
    ],
)
def test_a_party_is_judged_on_the_signing_day_around_the_18th_birthday(signed_on: dt.date, minor: bool) -> None:
    case = _case_with_young_party(BIRTHDAY_18, signed_on)
    today = SIGNED_ON + dt.timedelta(days=40)  # an adult on the day the package is printed
    assert capacity_date(case, today) == signed_on  # type: ignore[arg-type]
    assert not any(e.path == "parties[1].representatives" for e in registration_errors(case, today))  # type: ignore[arg-type]
    errors = [e for e in printable_agreement_errors(case, today) if e.path == "parties[1].representatives"]  # type: ignore[arg-type]
    assert bool(errors) == minor
    if minor:
        assert (
            f"在协议签订之日（{signed_on.year}年{signed_on.month}月{signed_on.day}日）未满十八周岁" in errors[0].message
        )
        assert "《民法典》" in errors[0].message


def test_the_procedure_sees_the_minor_at_signing_and_a_guardian_clears_it() -> None:
    case = _case_with_young_party(BIRTHDAY_18 + dt.timedelta(days=1))  # 17 on SIGNED_ON
    today = SIGNED_ON + dt.timedelta(days=5)
    state = ProcedureState()
    facts = build_facts(case, state, 0, today, HolidayCalendar())  # type: ignore[arg-type]
    assert facts.parties_without_guardian == (case.parties[1].name,)  # type: ignore[attr-defined]
    guardian = Representative(RepresentativeKind.GUARDIAN, "吉建国", id_number=resident_id(dt.date(1975, 5, 1), 71))
    case.parties[1].representatives.append(guardian)  # type: ignore[attr-defined]
    assert build_facts(case, state, 0, today, HolidayCalendar()).parties_without_guardian == ()  # type: ignore[arg-type]


def test_before_an_agreement_capacity_is_judged_today() -> None:
    case = _case_with_young_party(BIRTHDAY_18)
    case.agreement = None  # type: ignore[attr-defined]
    assert capacity_date(case, SIGNED_ON) == SIGNED_ON  # type: ignore[arg-type]
    party = case.parties[1]  # type: ignore[attr-defined]
    assert needs_guardian(party, SIGNED_ON - dt.timedelta(days=1))
    assert not needs_guardian(party, SIGNED_ON)


@pytest.mark.parametrize(
    ("guardian_birth", "minor"),
    [
        (dt.date(2010, 3, 1), True),
        (BIRTHDAY_18 + dt.timedelta(days=1), True),  # turns 18 the day after the signing
        (BIRTHDAY_18, False),
        (dt.date(1975, 5, 1), False),
    ],
)
def test_a_guardian_must_be_of_full_capacity(guardian_birth: dt.date, minor: bool) -> None:
    case = _case_with_young_party(dt.date(2012, 6, 1))
    guardian = Representative(RepresentativeKind.GUARDIAN, "吉小明", id_number=resident_id(guardian_birth, 71))
    case.parties[1].representatives.append(guardian)  # type: ignore[attr-defined]
    assert minor_guardian(guardian, SIGNED_ON) == minor
    errors = [e for e in registration_errors(case, SIGNED_ON) if e.path.endswith("representatives[0].id_number")]  # type: ignore[arg-type]
    assert bool(errors) == minor
    if minor:
        assert "吉小明" in errors[0].message and "《民法典》第二十七条、第二十八条" in errors[0].message
    agent = dataclasses.replace(guardian, kind=RepresentativeKind.AGENT)
    assert not minor_guardian(agent, SIGNED_ON)  # an agent's eligibility is CPL Art. 61's question


def test_a_guardian_who_came_of_age_after_signing_is_named_at_the_signing_date() -> None:
    case = _case_with_young_party(dt.date(2012, 6, 1))
    guardian = Representative(
        RepresentativeKind.GUARDIAN, "吉小明", id_number=resident_id(BIRTHDAY_18 + dt.timedelta(days=3), 71)
    )
    case.parties[1].representatives.append(guardian)  # type: ignore[attr-defined]
    today = SIGNED_ON + dt.timedelta(days=10)  # of age today, not on the signing day
    assert not any("吉小明" in e.message for e in registration_errors(case, today))  # type: ignore[arg-type]
    errors = [e for e in printable_agreement_errors(case, today) if "吉小明" in e.message]  # type: ignore[arg-type]
    assert len(errors) == 1 and "在协议签订之日" in errors[0].message


# ---------------------------------------------------------------- adults under guardianship (Arts. 21-24, 28)


@pytest.mark.parametrize(("capacity", "article"), [(Capacity.LIMITED, "第二十二条"), (Capacity.NONE, "第二十一条")])
def test_an_adult_under_guardianship_needs_a_guardian_at_registration_and_signing(
    capacity: Capacity, article: str
) -> None:
    case = make_case(parties=2)
    adult = case.parties[1]
    adult.capacity = capacity
    assert (adult.age_on(SIGNED_ON) or 0) >= 18
    assert needs_guardian(adult, SIGNED_ON)
    for errors in (registration_errors(case, SIGNED_ON), printable_agreement_errors(case, SIGNED_ON)):
        found = [e for e in errors if e.path == "parties[1].representatives"]
        assert len(found) == 1
        assert capacity.value in found[0].message and f"《民法典》{article}、第二十三条、第二十八条" in found[0].message
    # Judged on the signing day too (the day the package is printed is later).
    later = SIGNED_ON + dt.timedelta(days=20)
    assert build_facts(case, ProcedureState(), 0, later, HolidayCalendar()).parties_without_guardian == (adult.name,)
    adult.representatives.append(
        Representative(RepresentativeKind.GUARDIAN, "吉建国", id_number=resident_id(dt.date(1975, 5, 1), 71))
    )
    assert not needs_guardian(adult, SIGNED_ON)
    assert not any(e.path.startswith("parties[1].representatives") for e in printable_agreement_errors(case, later))


def test_an_agent_is_not_a_guardian_for_an_adult_under_guardianship() -> None:
    case = make_case(parties=2)
    adult = case.parties[1]
    adult.capacity = Capacity.LIMITED
    adult.representatives = [Representative(RepresentativeKind.AGENT, "孙律师", relation="律师")]
    assert needs_guardian(adult, SIGNED_ON)


def test_a_guardian_who_is_himself_under_guardianship_is_refused() -> None:
    case = make_case(parties=4)  # the fourth party is a person (the third is the property company)
    ward, guardian_party = case.parties[1], case.parties[3]
    ward.capacity = Capacity.NONE
    guardian_party.capacity = Capacity.LIMITED
    guardian_party.representatives.append(
        Representative(RepresentativeKind.GUARDIAN, "监护人甲", id_number=resident_id(dt.date(1970, 1, 1), 81))
    )
    ward.representatives.append(
        Representative(RepresentativeKind.GUARDIAN, guardian_party.name, id_number=guardian_party.id_number)
    )
    errors = [e for e in registration_errors(case, SIGNED_ON) if e.path == "parties[1].representatives[0].id_number"]
    assert (
        len(errors) == 1
        and "限制民事行为能力人，不能担任监护人（《民法典》第二十七条、第二十八条）" in errors[0].message
    )


def test_an_organisation_cannot_be_flagged_without_capacity() -> None:
    case = make_case(parties=3)  # the third party is the property company
    company = case.parties[2]
    assert not company.is_person
    company.capacity = Capacity.LIMITED
    assert not needs_guardian(company, SIGNED_ON)
    assert any(e.path == "parties[2].capacity" for e in registration_errors(case, SIGNED_ON))


def test_the_confirmation_check_blocks_an_adult_without_a_guardian() -> None:
    from mediator_app.procedure.confirmation import BLOCK, confirmation_checks

    case = make_case(parties=2)
    case.parties[1].capacity = Capacity.LIMITED
    state = ProcedureState(
        stage=Stage.WRITTEN_AGREEMENT, parties_signed_on=SIGNED_ON, mediator_signed_on=SIGNED_ON, sealed_on=SIGNED_ON
    )
    today = SIGNED_ON + dt.timedelta(days=2)
    facts = build_facts(case, state, 0, today, HolidayCalendar())
    blocks = [c for c in confirmation_checks(case, state, facts) if c.level == BLOCK]
    assert any(case.parties[1].name in str(c) and "第二十八条" in c.rule for c in blocks), blocks
