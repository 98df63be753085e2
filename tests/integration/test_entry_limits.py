"""What validation lets in can always be printed: names without hidden characters, dates in a sane range,
party and clause counts the documents are tested for."""

from __future__ import annotations

import datetime as dt

import pytest

from mediator_app.domain.model import RepresentativeKind, Term
from mediator_app.domain.money import Money
from mediator_app.domain.validation import MAX_PARTIES, MAX_TERMS, registration_errors
from mediator_app.services import cases as svc
from mediator_app.services import printing
from mediator_app.storage.database import Database
from tests.docfixtures import concluded
from tests.factories import make_case

pytestmark = pytest.mark.engines  # on SQLite and on PostgreSQL

TODAY = dt.date(2026, 12, 1)


def paths(case: object) -> dict[str, str]:
    return {e.path: e.message for e in registration_errors(case, TODAY)}  # type: ignore[arg-type]


@pytest.mark.parametrize("hidden", ["\u202e", "\u2066", "\u200f", "\x07", "\x00"])
def test_a_name_with_hidden_characters_is_refused(hidden: str) -> None:
    case = make_case(parties=2)
    case.parties[0].name = f"刘{hidden}䶮"
    assert "看不见的控制字符" in paths(case)["parties[0].name"]


def test_a_representative_name_with_a_direction_mark_is_refused() -> None:
    case = make_case(parties=3)
    assert any(p.representatives for p in case.parties)  # the factory's case has an agent
    owner = next(i for i, p in enumerate(case.parties) if p.representatives)
    case.parties[owner].representatives[0].name = "王\u202e五"
    assert any(p.endswith(".representatives[0].name") for p in paths(case))
    assert case.parties[owner].representatives[0].kind in RepresentativeKind


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda c: setattr(c, "registered_on", dt.date(1, 1, 1)), "registered_on"),
        (lambda c: setattr(c.parties[0], "birth_date", dt.date(1850, 1, 1)), "parties[0].birth_date"),
        (lambda c: setattr(c.agreement.terms[0], "deadline", dt.date(9999, 12, 31)), "agreement.terms[0].deadline"),
    ],
)
def test_dates_out_of_any_sane_range_are_refused(change: object, path: str) -> None:
    case = make_case(parties=2)
    change(case)  # type: ignore[operator]
    assert "合理范围" in paths(case)[path]


def test_more_parties_or_clauses_than_the_documents_are_tested_for_are_refused() -> None:
    case = make_case(parties=2)
    assert case.agreement is not None
    case.agreement.terms = [
        Term(seq=i + 1, obligor=2, obligee=1, action="支付", amount=Money(100), deadline=TODAY, manner="现金")
        for i in range(MAX_TERMS + 1)
    ]
    assert f"最多{MAX_TERMS}项条款" in paths(case)["agreement.terms"]
    many = make_case(parties=MAX_PARTIES + 1)
    assert f"最多登记{MAX_PARTIES}方当事人" in paths(many)["parties"]


@pytest.mark.slow
def test_the_most_that_is_let_in_prints_every_party_form(committee_db: Database) -> None:
    case = make_case(parties=MAX_PARTIES)
    assert case.agreement is not None
    case.agreement.terms = [
        Term(
            seq=i + 1,
            obligor=2,
            obligee=1,
            action=f"支付第{i + 1}期款项",
            amount=Money(10000),
            deadline=dt.date(2027, 1, 1),
            manner="银行转账",
        )
        for i in range(MAX_TERMS)
    ]
    saved = svc.register_case(committee_db, case, today=case.registered_on)
    assert saved.id is not None
    concluded(committee_db, saved.id)  # the agreement and the confirmation application print from here
    store = printing.DatabaseStore(committee_db)
    for form in (
        "mediation_application",
        "acceptance_register",
        "rights_notice",
        "mediation_agreement",
        "confirmation_application",
    ):
        pdf = printing.render(store, printing.PrintJob.forms(saved.id, [form], today=TODAY))
        assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
