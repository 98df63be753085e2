"""Validation of a case before it is registered or its agreement printed (docs/legal-basis.md §6.2, §7)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest

from mediator_app.domain.ids import id_check_char, uscc_check_char
from mediator_app.domain.model import (
    DISPUTE_TYPES,
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
from mediator_app.domain.validation import (
    MAX_NAME,
    normalise_party,
    printable_agreement_errors,
    registration_errors,
    validate_registration,
)
from mediator_app.errors import FieldError, UserFacingError, ValidationError

TODAY = dt.date(2026, 11, 22)
_CJK = re.compile(r"[\u4e00-\u9fff]")

# Local builders (deliberately independent of tests/factories.py).


def make_id(birth: dt.date, seq: int = 1, region: str = "360426") -> str:
    """A valid citizen ID number; odd seq = male, even = female."""
    first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
    return first17 + id_check_char(first17)


def make_uscc(first17: str = "91360426MA35ABCD1") -> str:
    return first17 + uscc_check_char(first17)


def years_ago(years: int, extra_days: int = 0) -> dt.date:
    return TODAY.replace(year=TODAY.year - years) - dt.timedelta(days=extra_days)


def person(
    seq: int,
    name: str,
    *,
    birth: dt.date = dt.date(1980, 5, 6),
    male: bool = True,
    role: PartyRole = PartyRole.APPLICANT,
    **changes: object,
) -> Party:
    party = Party(
        seq=seq,
        role=role,
        kind=PartyKind.PERSON,
        name=name,
        id_number=make_id(birth, seq=7 if male else 8),
        address="江西省九江市某某村3组",
        phone="13812345678",
        ethnicity="汉族",
    )
    for key, value in changes.items():
        setattr(party, key, value)
    return party


def organisation(seq: int, name: str = "九江市某某物业服务有限公司", **changes: object) -> Party:
    party = Party(
        seq=seq,
        role=PartyRole.RESPONDENT,
        kind=PartyKind.ORGANISATION,
        name=name,
        uscc=make_uscc(),
        legal_rep="赵六",
        legal_rep_title="经理",
        address="九江市浔阳区某某路1号",
    )
    for key, value in changes.items():
        setattr(party, key, value)
    return party


def guardian(name: str = "张大山") -> Representative:
    return Representative(
        kind=RepresentativeKind.GUARDIAN,
        name=name,
        id_number=make_id(dt.date(1975, 3, 3), seq=11),
        relation="父子",
    )


def term(seq: int = 1, **changes: object) -> Term:
    t = Term(
        seq=seq,
        obligor=2,
        obligee=1,
        action="向张三支付赔偿款",
        amount=Money(1_200_000),
        deadline=dt.date(2026, 12, 31),
        manner="银行转账",
    )
    for key, value in changes.items():
        setattr(t, key, value)
    return t


def make_case(parties: list[Party] | None = None, terms: list[Term] | None = None) -> Case:
    return Case(
        dispute_type="邻里纠纷",
        source=CaseSource.APPLICATION,
        registered_on=dt.date(2026, 3, 1),
        facts="双方因排水沟堵塞引发争执。",
        claims="请求对方赔偿损失。",
        parties=parties
        if parties is not None
        else [person(1, "张三"), person(2, "李四", male=False, role=PartyRole.RESPONDENT)],
        agreement=Agreement(
            disputed_matters="排水沟堵塞造成的损失由谁承担。",
            responsibilities="李四负主要责任。",
            terms=terms if terms is not None else [term()],
            signed_on=dt.date(2026, 11, 20),
        ),
        mediators=["王五"],
        recorder="钱七",
    )


def paths(errors: list[FieldError]) -> list[str]:
    return [e.path for e in errors]


def assert_only(errors: list[FieldError], path: str) -> FieldError:
    """Exactly the one expected error, with a Chinese message."""
    assert paths(errors) == [path], errors
    assert _CJK.search(errors[0].message), errors[0]
    return errors[0]


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


# --- agreement terms ---------------------------------------------------------------------------------


def test_term_without_deadline() -> None:
    case = make_case(terms=[term(deadline=None)])
    error = assert_only(registration_errors(case, TODAY), "agreement.terms[0].deadline")
    assert "履行期限" in error.message


def test_second_term_without_deadline() -> None:
    case = make_case(terms=[term(), term(seq=2, deadline=None, amount=None, action="拆除违建")])
    assert_only(registration_errors(case, TODAY), "agreement.terms[1].deadline")


def test_deadline_before_signing() -> None:
    case = make_case(terms=[term(deadline=dt.date(2026, 11, 19))])
    assert_only(registration_errors(case, TODAY), "agreement.terms[0].deadline")


def test_money_term_without_obligee() -> None:
    case = make_case(terms=[term(obligee=None)])
    error = assert_only(registration_errors(case, TODAY), "agreement.terms[0].obligee")
    assert "收款" in error.message


def test_non_money_term_may_have_no_obligee() -> None:
    case = make_case(terms=[term(obligee=None, amount=None, action="自行拆除堆放在排水沟内的杂物")])
    assert registration_errors(case, TODAY) == []


@pytest.mark.parametrize("obligor", [0, 3, -1, 99])
def test_obligor_not_a_party(obligor: int) -> None:
    case = make_case(terms=[term(obligor=obligor)])
    assert_only(registration_errors(case, TODAY), "agreement.terms[0].obligor")


def test_obligee_not_a_party() -> None:
    case = make_case(terms=[term(obligee=5)])
    assert_only(registration_errors(case, TODAY), "agreement.terms[0].obligee")


def test_obligee_same_as_obligor() -> None:
    case = make_case(terms=[term(obligee=2)])
    assert_only(registration_errors(case, TODAY), "agreement.terms[0].obligee")


def test_term_action_required() -> None:
    case = make_case(terms=[term(action="")])
    assert_only(registration_errors(case, TODAY), "agreement.terms[0].action")


def test_term_numbers_must_run_from_one() -> None:
    case = make_case(terms=[term(seq=2)])
    assert_only(registration_errors(case, TODAY), "agreement.terms")


def test_every_problem_is_reported_at_once() -> None:
    case = make_case(terms=[term(deadline=None, obligee=None, obligor=9)])
    case.dispute_type = "?"
    case.parties[1].name = ""
    assert paths(registration_errors(case, TODAY)) == [
        "dispute_type",
        "parties[1].name",
        "agreement.terms[0].obligor",
        "agreement.terms[0].obligee",
        "agreement.terms[0].deadline",
    ]


# --- printing the agreement --------------------------------------------------------------------------


def test_printing_needs_an_agreement() -> None:
    case = make_case()
    case.agreement = None
    assert_only(printable_agreement_errors(case), "agreement")


Mutation = Callable[[Case], None]


def _no_terms(case: Case) -> None:
    assert case.agreement is not None
    case.agreement.terms = []


def _no_matters(case: Case) -> None:
    assert case.agreement is not None
    case.agreement.disputed_matters = " "


def _no_address(case: Case) -> None:
    case.parties[1].address = ""


def _no_mediators(case: Case) -> None:
    case.mediators = []


@pytest.mark.parametrize(
    ("mutate", "path"),
    [
        (_no_terms, "agreement.terms"),
        (_no_matters, "agreement.disputed_matters"),
        (_no_address, "parties[1].address"),
        (_no_mediators, "mediators"),
    ],
)
def test_printing_requirements(mutate: Mutation, path: str) -> None:
    case = make_case()
    mutate(case)
    assert registration_errors(case, TODAY) == []  # fine to register, not to print
    assert_only(printable_agreement_errors(case), path)


def test_printing_includes_registration_errors() -> None:
    case = make_case(terms=[term(deadline=None)])
    assert "agreement.terms[0].deadline" in paths(printable_agreement_errors(case))


# --- validate_registration and ValidationError ---------------------------------------------------------


def test_validate_registration_raises_with_every_error() -> None:
    case = make_case(terms=[term(deadline=None)])
    case.parties[1].name = ""
    with pytest.raises(ValidationError) as exc:
        validate_registration(case, TODAY)
    err = exc.value
    assert isinstance(err, UserFacingError)
    assert paths(err.errors) == ["parties[1].name", "agreement.terms[0].deadline"]
    assert [e.path for e in err.for_path("parties[1].name")] == ["parties[1].name"]
    assert err.for_path("parties[0].name") == []
    assert "parties[1].name：" in err.message
    assert "；" in err.message


def test_validate_registration_normalises_before_checking() -> None:
    case = make_case()
    case.parties[0].id_number = " " + case.parties[0].id_number.lower() + " "
    case.parties[1] = person(2, "  李四  ", male=False, role=PartyRole.RESPONDENT)
    case.parties[1].id_number = make_id(dt.date(1969, 12, 31), seq=2, region="110105")
    case.parties[1].id_number = case.parties[1].id_number.lower()
    validate_registration(case, TODAY)
    p = case.parties[1]
    assert p.name == "李四"
    assert p.id_number == p.id_number.upper()
    assert (p.sex, p.birth_date) == ("女", dt.date(1969, 12, 31))


# --- normalise_party ---------------------------------------------------------------------------------


def test_normalise_party_derives_sex_and_birth_date_and_upper_cases_x() -> None:
    p = person(1, " 王芳 ", male=False)
    p.id_number = "11010519491231002x"
    normalise_party(p, TODAY)
    assert p.id_number == "11010519491231002X"
    assert p.sex == "女"
    assert p.birth_date == dt.date(1949, 12, 31)
    assert p.name == "王芳"


def test_normalise_party_full_width_and_blanks() -> None:
    p = person(1, "王芳")
    p.id_number = "３６０４２６ １９９１０１０１ ００７１"
    normalise_party(p, TODAY)
    assert p.id_number == "360426199101010071"
    assert (p.sex, p.birth_date) == ("男", dt.date(1991, 1, 1))


def test_normalise_party_keeps_a_typed_sex_so_a_contradiction_is_reported() -> None:
    p = person(1, "王芳", sex="女")  # ID says male
    normalise_party(p, TODAY)
    assert p.sex == "女"
    case = make_case()
    case.parties[0] = p
    assert_only(registration_errors(case, TODAY), "parties[0].sex")


def test_normalise_party_overwrites_a_wrong_birth_date_from_a_valid_id() -> None:
    p = person(1, "王芳", birth_date=dt.date(2001, 1, 1))
    normalise_party(p, TODAY)
    assert p.birth_date == dt.date(1980, 5, 6)


def test_normalise_party_leaves_invalid_input_as_typed() -> None:
    p = person(1, "王芳")
    p.id_number = "36042619800506007x"  # wrong check character, lower-case
    normalise_party(p, TODAY)
    assert p.id_number == "36042619800506007x"
    assert p.sex == ""
    assert p.birth_date is None


def test_normalise_party_ignores_ids_without_checksum() -> None:
    p = person(1, "John Smith", id_type=IdType.PASSPORT, id_number="e12345678")
    normalise_party(p, TODAY)
    assert p.id_number == "e12345678"
    assert p.sex == ""
    assert p.birth_date is None


def test_normalise_party_upper_cases_a_valid_uscc() -> None:
    code = make_uscc("N2360426MA1234567")
    o = organisation(2, uscc=f" {code.lower()} ")
    normalise_party(o, TODAY)
    assert o.uscc == code


def test_normalise_party_leaves_a_bad_uscc_as_typed() -> None:
    o = organisation(2, uscc="91110000600037341m ")
    normalise_party(o, TODAY)
    assert o.uscc == "91110000600037341m "


def test_normalise_party_does_not_touch_an_organisation_id_number() -> None:
    o = organisation(2, id_number="11010519491231002x")
    normalise_party(o, TODAY)
    assert o.id_number == "11010519491231002x"
    assert o.sex == ""
