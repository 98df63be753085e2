"""Capacity is judged on the day the agreement is signed, not on the day of printing (Civil Code Arts.
17-23, 143), and a statutory agent must himself be of full capacity (Arts. 27-28). Ages come from the
ID number's birth date; the days around the 18th birthday are tested on both sides.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from mediator_app.domain.model import Representative, RepresentativeKind
from mediator_app.domain.records import ProcedureState
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
