"""A party's large-print copy of the agreement and of the 权利义务告知书: the same text in type 1.4 ×
as large, over more pages; the standard copy unchanged."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from mediator_app.documents.forms import LARGE_PRINT, enlarged, load_form
from mediator_app.services import printing
from mediator_app.services.printing import DatabaseStore, PrintJob
from tests import docfixtures
from tests.docfixtures import Fixture
from tests.pdfcheck import needs_poppler, page_count, pdf_text, squeeze

TODAY = dt.date(2026, 11, 20)


@pytest.fixture(scope="module")
def fx(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fixture]:
    fixture = docfixtures.build(tmp_path_factory.mktemp("large") / "documents.sqlite3")
    yield fixture
    fixture.db.close()


def test_enlarged_scales_every_style_and_leaves_the_page_alone() -> None:
    form = load_form("mediation_agreement")
    large = enlarged(form, LARGE_PRINT)
    for name, style in form.styles.items():
        assert large.styles[name].size_pt == pytest.approx(style.size_pt * LARGE_PRINT)
        assert large.styles[name].leading_pt == pytest.approx(style.leading_pt * LARGE_PRINT)
    assert (large.page_size_mm, large.margins_mm, large.sections) == (form.page_size_mm, form.margins_mm, form.sections)


@needs_poppler
@pytest.mark.parametrize("form_id", ["mediation_agreement", "rights_notice"])
def test_the_large_copy_has_the_same_words_on_more_pages(fx: Fixture, form_id: str) -> None:
    case_id = docfixtures.case_for(fx, form_id)
    store = DatabaseStore(fx.db)
    standard = printing.render(store, PrintJob.forms(case_id, [form_id], today=TODAY))
    large = printing.render(store, PrintJob.forms(case_id, [form_id], today=TODAY, large_print=True))
    assert page_count(large) > page_count(standard)
    words = {squeeze(line) for line in pdf_text(standard).splitlines() if len(squeeze(line)) > 6}
    large_text = squeeze(pdf_text(large))
    missing = [w for w in words if w not in large_text and "页" not in w]
    assert len(missing) <= len(words) // 10  # lines break elsewhere; the content is the same
