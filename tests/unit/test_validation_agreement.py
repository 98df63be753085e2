"""Validation of an agreement's terms and of a case before its agreement is printed, and the one
error shape validate_registration raises (docs/legal-basis.md §6.2, §7)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from mediator_app.domain.model import Case, PartyRole
from mediator_app.domain.validation import printable_agreement_errors, registration_errors, validate_registration
from mediator_app.errors import UserFacingError, ValidationError
from tests.unit.validation_builders import TODAY, assert_only, make_case, make_id, paths, person, term

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
