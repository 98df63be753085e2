"""The dossier's layout passes: the first only finds pages, later ones rebuild only the documents that
print the contents, and the result is the dossier a fresh build of every document gives."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator

import pytest

from mediator_app.documents import compose
from mediator_app.documents.catalog import FORM_ORDER
from mediator_app.documents.context import DocumentContext
from mediator_app.documents.dossier_info import DossierInfo, TocEntry
from mediator_app.documents.fields import FIELDS, field_value
from mediator_app.documents.forms import Form, load_form
from mediator_app.documents.layout import ChineseParagraph
from mediator_app.documents.pdf import build_pdf
from mediator_app.documents.pieces import TitleLine
from mediator_app.documents.platypus import Table
from mediator_app.services import printing
from tests import docfixtures
from tests.docfixtures import COURT, Fixture

TODAY = dt.date(2026, 11, 22)


@pytest.fixture(scope="module")
def fx(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fixture]:
    fixture = docfixtures.build(tmp_path_factory.mktemp("passes") / "passes.sqlite3")
    yield fixture
    fixture.db.close()


@pytest.fixture(scope="module")
def ctx(fx: Fixture) -> DocumentContext:
    return printing.read(printing.DatabaseStore(fx.db), fx.agreement, today=TODAY, court=COURT)


def _value(key: str, ctx: DocumentContext) -> tuple[str, str] | str:
    try:
        return field_value(key, ctx)
    except (AttributeError, TypeError, IndexError, AssertionError) as exc:  # a per-record field, without its record
        return type(exc).__name__


def test_only_dossier_fields_change_with_the_contents(ctx: DocumentContext) -> None:
    """The contents' numbers reach a form only through the dossier.* fields and the toc table, so only the
    forms that name them (Form.reads_dossier) are built again once the page numbers are known."""
    one = dataclasses.replace(ctx, dossier=DossierInfo((TocEntry("甲"),), None))
    two = dataclasses.replace(ctx, dossier=DossierInfo((TocEntry("甲", 1, 2), TocEntry("乙", 3, 4)), 6))
    changed = {key for key in FIELDS if _value(key, one) != _value(key, two)}
    assert changed and all(key.startswith("dossier.") for key in changed), changed
    readers = [f for f in FORM_ORDER if load_form(f).reads_dossier()]
    assert readers == ["dossier_contents", "dossier_note", "dossier_back"]


def test_the_dossier_is_what_a_fresh_build_of_its_last_pass_gives(ctx: DocumentContext) -> None:
    pdf = compose.render_dossier(load_form, ctx)
    settled = compose.dossier_context(load_form, ctx)
    plan = compose.dossier_plan(ctx)
    fresh = compose._dossier_pdf(load_form, settled, plan)  # every document built anew, laid out once
    assert fresh.data == pdf
    assert settled.dossier is not None and settled.dossier.pages == fresh.page_count - 3  # cover, contents, back


def test_the_layout_pass_finds_the_pages_a_full_build_prints(
    ctx: DocumentContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    settled = compose.dossier_context(load_form, ctx)
    parts = [
        p for planned in compose.dossier_plan(ctx) for p in compose._one(load_form(planned.form_id), settled, planned)
    ]
    full = build_pdf(parts, {}, stamp_filed=True)

    def no_drawing(*_args: object) -> None:
        raise AssertionError("the layout pass drew a flowable")

    for kind in (ChineseParagraph, Table, TitleLine):
        monkeypatch.setattr(kind, "draw", no_drawing)
    again = build_pdf(parts, {}, stamp_filed=True, layout_only=True)  # the same flowables, laid out a second time
    assert again.data == b"" and again.page_parts == full.page_parts
    assert full.page_count > 20


def test_forms_are_read_once_per_dossier(ctx: DocumentContext) -> None:
    calls: list[str] = []

    def load(form_id: str) -> Form:
        calls.append(form_id)
        return load_form(form_id)

    compose.render_dossier(load, ctx)
    assert sorted(calls) == sorted(set(calls)) and "dossier_contents" in calls
