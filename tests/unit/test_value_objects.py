"""IdNumber, Uscc and Phone: the stored text, read once where a party is built, trusted after."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from mediator_app.domain import ids
from mediator_app.domain.ids import IdNumber, Phone, Uscc, id_number_of
from mediator_app.domain.model import IdType, Party, PartyKind, PartyRole, Representative, RepresentativeKind
from mediator_app.domain.validation import registration_errors, validate_registration
from tests.factories import make_case, resident_id

TODAY = dt.date(2026, 11, 22)


def test_an_id_number_is_its_text_and_carries_what_it_says() -> None:
    number = IdNumber("11010519491231002x")
    assert number == "11010519491231002x" and json.dumps(number) == '"11010519491231002x"'
    assert number.resident is not None and number.resident.birth_date == dt.date(1949, 12, 31)
    assert number.resident.sex == "女" and number.resident.region == "110105"
    assert number.normalised == "11010519491231002X" and number.masked() == "110105********002x"
    canonical = number.canonical()
    assert canonical == "11010519491231002X" and isinstance(canonical, IdNumber)
    assert canonical.problem_on(TODAY) == "" and id_number_of(canonical) is canonical


def test_an_id_number_names_its_problem_as_the_field_shows_it() -> None:
    assert IdNumber("1101051949").problem_on(TODAY) == "身份证号码应为18位，现为10位"
    assert "校验位" in IdNumber("110105194912310021").problem_on(TODAY)
    born_tomorrow = IdNumber(resident_id(TODAY + dt.timedelta(days=1), 1))
    assert born_tomorrow.resident is not None and "不合理" in born_tomorrow.problem_on(TODAY)
    assert IdNumber("").blank and IdNumber("  ").resident is None


def test_a_party_reads_its_numbers_once_where_it_is_built(monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[str] = []
    real = ids._read_resident
    monkeypatch.setattr(ids, "_read_resident", lambda n: reads.append(n) or real(n))
    case = make_case(3)
    for party in case.parties:  # as a dialog, the JSON import or a database row builds it: plain text
        party.id_number = str(party.id_number)
    case.parties = [dataclasses.replace(p) for p in case.parties]
    assert all(isinstance(p.id_number, IdNumber) and p.id_value is p.id_number for p in case.parties)
    validate_registration(case, TODAY)  # normalise, check, derive sex and birth date, guardians
    registration_errors(case, TODAY)  # and again: the values are trusted, not parsed again
    persons = [p for p in case.parties if p.is_person and p.id_number]
    assert len(reads) == len(persons) + sum(len(p.representatives) for p in persons if p.representatives)


def test_validation_derives_from_the_value_and_keeps_the_text_format() -> None:
    party = Party(
        seq=1,
        role=PartyRole.APPLICANT,
        kind=PartyKind.PERSON,
        name="张三",
        id_type=IdType.RESIDENT_ID,
        id_number=" 11010519491231002x ",
        phone="010-6470 1234",
        representatives=[Representative(RepresentativeKind.AGENT, "李四", phone="13800138000")],
    )
    case = make_case(2)
    case.parties[0] = party
    validate_registration(case, TODAY)
    assert party.id_number == "11010519491231002X" and isinstance(party.id_number, IdNumber)
    assert party.sex == "女" and party.birth_date == dt.date(1949, 12, 31)
    assert isinstance(party.phone, Phone) and party.phone_value.masked() == "010******1234"
    assert party.representatives[0].phone_value.masked() == "138****8000"


def test_uscc_and_phone_values() -> None:
    code = Uscc(" 91110000600037341l ")
    assert code.problem == "" and code.normalised == "91110000600037341L" and code.region == "110000"
    assert code.canonical() == "91110000600037341L" and code.masked().startswith("911100")
    assert "校验位" in Uscc("91110000600037341M").problem and Uscc("91110000600037341M").region == ""
    assert Phone("138-0013-8000").digits == "13800138000" and Phone("138-0013-8000").problem == ""
    assert "格式不正确" in Phone("电话13800138000").problem and Phone("").problem == ""
    organisation = Party(seq=2, role=PartyRole.RESPONDENT, kind=PartyKind.ORGANISATION, name="公司", uscc="x")
    assert isinstance(organisation.uscc, Uscc) and organisation.uscc_value.problem
