"""Validation of a case before it is registered or its agreement printed (docs/legal-basis.md §6.2, §7)."""

from __future__ import annotations

import datetime as dt

import pytest

from mediator_app.domain.model import DISPUTE_TYPES, IdType, PartyRole, Representative, RepresentativeKind
from mediator_app.domain.validation import (
    MAX_NAME,
    normalise_party,
    printable_agreement_errors,
    registration_errors,
    validate_registration,
)
from mediator_app.errors import ValidationError
from tests.unit.validation_builders import (
    TODAY,
    assert_only,
    guardian,
    make_case,
    make_id,
    make_uscc,
    organisation,
    paths,
    person,
    years_ago,
)

# --- the valid case ----------------------------------------------------------------------------------


def test_valid_case_passes_everything() -> None:
    case = make_case()
    assert registration_errors(case, TODAY) == []
    validate_registration(case, TODAY)
    assert printable_agreement_errors(case) == []


def test_valid_case_with_organisation_and_guardian_passes() -> None:
    child = person(1, "张小明", birth=years_ago(10), representatives=[guardian()])
    case = make_case(parties=[child, organisation(2)])
    assert registration_errors(case, TODAY) == []
    validate_registration(case, TODAY)


@pytest.mark.parametrize("dispute_type", DISPUTE_TYPES)
def test_every_listed_dispute_type_is_accepted(dispute_type: str) -> None:
    case = make_case()
    case.dispute_type = dispute_type
    assert registration_errors(case, TODAY) == []


# --- case-level rules --------------------------------------------------------------------------------


@pytest.mark.parametrize("dispute_type", ["", "打架纠纷", "邻里", "邻里纠纷 "])
def test_unknown_dispute_type(dispute_type: str) -> None:
    case = make_case()
    case.dispute_type = dispute_type
    assert_only(registration_errors(case, TODAY), "dispute_type")


@pytest.mark.parametrize("count", [0, 1])
def test_fewer_than_two_parties(count: int) -> None:
    case = make_case(parties=[person(1, "张三")][:count], terms=[])
    errors = registration_errors(case, TODAY)
    assert paths(errors) == ["parties"]
    assert "两方" in errors[0].message


def test_party_numbers_must_run_from_one() -> None:
    case = make_case()
    case.parties[1].seq = 3
    errors = registration_errors(case, TODAY)
    assert "parties" in paths(errors)


def test_facts_required() -> None:
    case = make_case()
    case.facts = "  "
    assert_only(registration_errors(case, TODAY), "facts")


def test_registration_date_not_in_future() -> None:
    case = make_case()
    case.registered_on = TODAY + dt.timedelta(days=1)
    assert_only(registration_errors(case, TODAY), "registered_on")
    case.registered_on = TODAY
    assert registration_errors(case, TODAY) == []


# --- natural persons ---------------------------------------------------------------------------------


def test_wrong_id_checksum() -> None:
    case = make_case()
    number = case.parties[0].id_number
    case.parties[0].id_number = number[:17] + ("0" if number[17] != "0" else "1")
    error = assert_only(registration_errors(case, TODAY), "parties[0].id_number")
    assert "校验位" in error.message


@pytest.mark.parametrize("bad", ["12345", "36042619800506007", "3604261980050600７x1", "ABCDEFGHIJKLMNOPQR"])
def test_malformed_id_number(bad: str) -> None:
    case = make_case()
    case.parties[1].id_number = bad
    assert_only(registration_errors(case, TODAY), "parties[1].id_number")


@pytest.mark.parametrize("blank", ["", "   "])
def test_empty_name(blank: str) -> None:
    case = make_case()
    case.parties[1].name = blank
    error = assert_only(registration_errors(case, TODAY), "parties[1].name")
    assert "姓名" in error.message


def test_empty_organisation_name_says_名称() -> None:
    case = make_case(parties=[person(1, "张三"), organisation(2, name="")])
    error = assert_only(registration_errors(case, TODAY), "parties[1].name")
    assert "名称" in error.message


def test_over_long_name_is_an_error_not_truncated() -> None:
    long_name = "张" * (MAX_NAME + 1)
    case = make_case()
    case.parties[0].name = long_name
    error = assert_only(registration_errors(case, TODAY), "parties[0].name")
    assert str(MAX_NAME) in error.message
    assert case.parties[0].name == long_name
    with pytest.raises(ValidationError) as exc:
        validate_registration(case, TODAY)
    assert paths(exc.value.errors) == ["parties[0].name"]
    assert case.parties[0].name == long_name  # normalisation strips blanks, never cuts


def test_name_at_the_limit_is_fine() -> None:
    case = make_case()
    case.parties[0].name = "张" * MAX_NAME
    assert registration_errors(case, TODAY) == []


def test_sex_contradicting_the_id() -> None:
    case = make_case()
    case.parties[0].sex = "女"  # the ID number's 17th digit is odd: male
    error = assert_only(registration_errors(case, TODAY), "parties[0].sex")
    assert "男" in error.message


def test_sex_matching_the_id_is_fine() -> None:
    case = make_case()
    case.parties[0].sex = "男"
    case.parties[1].sex = "女"
    assert registration_errors(case, TODAY) == []


@pytest.mark.parametrize("sex", ["M", "male", "未知"])
def test_sex_must_be_男_or_女(sex: str) -> None:
    case = make_case()
    case.parties[0].sex = sex
    assert "parties[0].sex" in paths(registration_errors(case, TODAY))


def test_birth_date_contradicting_the_id() -> None:
    case = make_case()
    case.parties[0].birth_date = dt.date(1980, 5, 7)
    assert_only(registration_errors(case, TODAY), "parties[0].birth_date")


def test_birth_date_in_the_future_without_id() -> None:
    case = make_case()
    p = case.parties[0]
    p.id_type, p.id_number, p.birth_date = IdType.PASSPORT, "E12345678", TODAY + dt.timedelta(days=3)
    assert "parties[0].birth_date" in paths(registration_errors(case, TODAY))


def test_bad_phone() -> None:
    case = make_case()
    case.parties[0].phone = "138-abc"
    assert_only(registration_errors(case, TODAY), "parties[0].phone")
    case.parties[0].phone = "(0792) 888-8888"
    assert registration_errors(case, TODAY) == []


def test_passport_numbers_are_not_checksummed() -> None:
    case = make_case()
    case.parties[0].id_type = IdType.PASSPORT
    case.parties[0].id_number = "E12345678"
    assert registration_errors(case, TODAY) == []
    case.parties[0].id_number = "E" * 41
    assert_only(registration_errors(case, TODAY), "parties[0].id_number")


def test_hmt_residence_permit_is_checksummed() -> None:
    case = make_case()
    p = case.parties[0]
    p.id_type = IdType.HMT_RESIDENCE
    p.id_number = make_id(dt.date(1990, 1, 1), region="810000")
    assert registration_errors(case, TODAY) == []
    p.id_number = p.id_number[:17] + ("1" if p.id_number[17] != "1" else "2")
    assert_only(registration_errors(case, TODAY), "parties[0].id_number")


# --- minors ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("index", [0, 1])
def test_minor_without_guardian(index: int) -> None:
    case = make_case()
    case.parties[index] = person(index + 1, "张小明", birth=years_ago(17, extra_days=-1), role=case.parties[index].role)
    normalise_party(case.parties[index], TODAY)
    error = assert_only(registration_errors(case, TODAY), f"parties[{index}].representatives")
    assert "法定代理人" in error.message


def test_minor_detected_from_the_id_even_before_normalisation() -> None:
    # registration_errors is public and printable_agreement_errors calls it directly: a minor must
    # not slip through because birth_date has not been derived from the ID number yet.
    case = make_case()
    case.parties[1] = person(2, "张小明", birth=years_ago(12), role=PartyRole.RESPONDENT)
    assert case.parties[1].birth_date is None
    assert_only(registration_errors(case, TODAY), "parties[1].representatives")


def test_minor_with_only_an_agent_still_needs_a_guardian() -> None:
    agent = Representative(kind=RepresentativeKind.AGENT, name="律师甲", relation="律师")
    case = make_case()
    case.parties[0] = person(1, "张小明", birth=years_ago(16), representatives=[agent])
    assert_only(registration_errors(case, TODAY), "parties[0].representatives")


def test_minor_with_guardian_is_fine() -> None:
    case = make_case()
    case.parties[0] = person(1, "张小明", birth=years_ago(17), representatives=[guardian()])
    validate_registration(case, TODAY)


def test_eighteenth_birthday_today_is_an_adult() -> None:
    case = make_case()
    case.parties[0] = person(1, "张小明", birth=years_ago(18))
    validate_registration(case, TODAY)
    case.parties[0] = person(1, "张小明", birth=years_ago(18) + dt.timedelta(days=1))
    with pytest.raises(ValidationError) as exc:
        validate_registration(case, TODAY)
    assert paths(exc.value.errors) == ["parties[0].representatives"]


def test_minor_by_typed_birth_date_without_id() -> None:
    case = make_case()
    p = case.parties[0]
    p.id_type, p.id_number, p.birth_date = IdType.PASSPORT, "E12345678", years_ago(5)
    assert_only(registration_errors(case, TODAY), "parties[0].representatives")


def test_representative_errors() -> None:
    rep = guardian(name="")
    rep.id_number = rep.id_number[:17] + ("0" if rep.id_number[17] != "0" else "1")
    rep.phone = "电话"
    case = make_case()
    case.parties[0] = person(1, "张小明", birth=years_ago(9), representatives=[rep])
    assert paths(registration_errors(case, TODAY)) == [
        "parties[0].representatives[0].name",
        "parties[0].representatives[0].id_number",
        "parties[0].representatives[0].phone",
    ]


# --- organisations -----------------------------------------------------------------------------------


def test_organisation_without_legal_rep() -> None:
    case = make_case(parties=[person(1, "张三"), organisation(2, legal_rep=" ")])
    error = assert_only(registration_errors(case, TODAY), "parties[1].legal_rep")
    assert "法定代表人" in error.message


@pytest.mark.parametrize(
    "uscc",
    [
        "91110000600037341M",  # wrong check character
        "91110000600037341",  # too short
        "9111000060003734IL",  # I is not in the alphabet
        "9A110000600037341L",
    ],
)
def test_bad_uscc(uscc: str) -> None:
    case = make_case(parties=[person(1, "张三"), organisation(2, uscc=uscc)])
    assert_only(registration_errors(case, TODAY), "parties[1].uscc")


@pytest.mark.parametrize(
    "uscc",
    ["", "91110000600037341L", make_uscc("N2360426MA1234567")],  # N2…: a village collective
)
def test_uscc_optional_or_valid(uscc: str) -> None:
    case = make_case(parties=[person(1, "张三"), organisation(2, uscc=uscc)])
    assert registration_errors(case, TODAY) == []


def test_organisation_is_not_checked_for_a_guardian() -> None:
    case = make_case(parties=[person(1, "张三"), organisation(2, birth_date=years_ago(1))])
    assert registration_errors(case, TODAY) == []
