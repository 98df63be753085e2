"""normalise_party: what a typed party becomes before it is checked (derived sex and birth date,
full-width input, blanks) and what it leaves alone."""

from __future__ import annotations

import datetime as dt

from mediator_app.domain.model import IdType
from mediator_app.domain.validation import normalise_party, registration_errors
from tests.unit.validation_builders import TODAY, assert_only, make_case, make_uscc, organisation, person

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
