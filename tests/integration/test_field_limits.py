"""The short party and committee fields: the validation's limit fits the database column, one more is refused,
and the longest value that is let in prints whole on every form that shows it (no silent truncation)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from mediator_app.domain.validation import MAX_NAME, PARTY_TEXT_LIMITS, registration_errors
from mediator_app.services import cases as svc
from mediator_app.services import printing
from mediator_app.storage.database import Database
from mediator_app.storage.tables import CommitteeRow, PartyRow, RepresentativeRow
from tests.docfixtures import concluded
from tests.factories import make_case, make_committee
from tests.pdfcheck import needs_poppler, pdf_text

pytestmark = pytest.mark.engines  # on SQLite and on PostgreSQL

TODAY = dt.date(2026, 11, 20)
RELATION_LIMIT = 50  # domain.validation: a representative's 与当事人关系


def column_length(row: type, field: str) -> int:
    return next(m.max_length for m in row.model_fields[field].metadata if hasattr(m, "max_length"))  # type: ignore[attr-defined]


def test_every_limit_fits_its_database_column() -> None:
    for field, limit in PARTY_TEXT_LIMITS.items():
        assert limit <= column_length(PartyRow, field), field
    assert column_length(PartyRow, "name") >= MAX_NAME
    assert column_length(RepresentativeRow, "relation") >= RELATION_LIMIT
    for field, limit in COMMITTEE_LIMITS.items():
        assert column_length(CommitteeRow, field) == limit, field


COMMITTEE_LIMITS = {"name": 100, "short_name": 20, "address": 200, "court": 100}  # services.cases


def test_a_committee_field_one_character_too_long_is_refused() -> None:
    committee = make_committee()
    for field, limit in COMMITTEE_LIMITS.items():
        setattr(committee, field, longest(limit, "", "金木水火土"))
    assert svc.committee_errors(committee) == []
    for field, limit in COMMITTEE_LIMITS.items():
        setattr(committee, field, longest(limit + 1, "", "金木水火土"))
    assert {e.path for e in svc.committee_errors(committee)} == set(COMMITTEE_LIMITS)


def printed_whole(value: str, text: str) -> bool:
    """Every character of `value` in order from where it starts, allowing what a page break puts between
    (the footer, the repeated labels of a row split over two pages) - but nothing left out."""
    at = text.find(value[:4])
    window = text[at : at + len(value) + 200]
    found = 0
    for char in window:
        if found < len(value) and char == value[found]:
            found += 1
    return at >= 0 and found == len(value)


def longest(n: int, seed: str, alphabet: str) -> str:
    """`n` characters from an alphabet no other field uses, so a cut-off value cannot be made up from
    characters printed elsewhere."""
    return (seed + alphabet * n)[:n]


def filled_to_the_limit(extra: int = 0) -> object:
    case = make_case()
    person, organisation = case.parties[0], case.parties[2]
    person.occupation = longest(PARTY_TEXT_LIMITS["occupation"] + extra, "职业", "甲乙丙丁戊己庚辛壬癸")
    person.ethnicity = longest(PARTY_TEXT_LIMITS["ethnicity"] + extra, "民族", "子丑寅卯辰巳午未申酉")
    organisation.legal_rep_title = longest(PARTY_TEXT_LIMITS["legal_rep_title"] + extra, "职务", "春夏秋冬东南西北")
    person.representatives[0].relation = longest(RELATION_LIMIT + extra, "关系", "金木水火土日月星")
    return case


def test_one_character_more_is_refused_with_the_fields_label() -> None:
    errors = {e.path: e.message for e in registration_errors(filled_to_the_limit(extra=1), TODAY)}  # type: ignore[arg-type]
    assert set(errors) == {
        "parties[0].occupation",
        "parties[0].ethnicity",
        "parties[2].legal_rep_title",
        "parties[0].representatives[0].relation",
    }
    assert "职业" in errors["parties[0].occupation"] and "100" in errors["parties[0].occupation"]
    assert registration_errors(filled_to_the_limit(), TODAY) == []  # type: ignore[arg-type]


@needs_poppler
@pytest.mark.slow
def test_the_longest_values_print_whole_on_every_party_form(committee_db: Database) -> None:
    committee = svc.get_committee(committee_db)
    assert committee is not None
    committee.name = longest(COMMITTEE_LIMITS["name"] - 7, "某某", "天地玄黄宇宙洪荒") + "人民调解委员会"
    svc.save_committee(committee_db, committee)
    case = filled_to_the_limit()
    saved = svc.register_case(committee_db, case, today=case.registered_on)  # type: ignore[attr-defined]
    assert saved.id is not None
    concluded(committee_db, saved.id)  # the agreement and the confirmation application print from here
    store = printing.DatabaseStore(committee_db)
    values = {
        "occupation": saved.parties[0].occupation,
        "legal_rep_title": saved.parties[2].legal_rep_title,
        "ethnicity": saved.parties[0].ethnicity,
        "relation": saved.parties[0].representatives[0].relation,
        "committee": committee.name,
    }
    shown: dict[str, list[str]] = {key: [] for key in values}
    for form in ("mediation_application", "acceptance_register", "mediation_agreement", "confirmation_application"):
        pdf = printing.render(store, printing.PrintJob.forms(saved.id, [form], today=TODAY))
        text = re.sub(r"\s+", "", pdf_text(pdf, raw=True))  # in drawing order: a cell's lines together
        for key, value in values.items():
            if value[:4] in text:  # the form shows this field: then all of it
                assert printed_whole(value, text), f"{key} cut off on {form}"
                shown[key].append(form)
    assert all(shown.values()), shown  # each is printed somewhere, and whole wherever it is
