"""Signature pages (docs/legal-basis.md §6.2): every form with signatures, 2 to 30 parties, read page by
page from the PDF (pypdf). No page holds signatures without text of the document above them (the
last clause, the body, or the line naming the document a continued signature page belongs to), and
every party's block — label and printed name — is whole on one page.

The cases go once through the real services (records, signatures, decline, termination) with 30
parties, one of them with a very long name; each party count is the same context cut down to its
first n parties, so that the sweep costs layout only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from mediator_app.documents.compose import render_forms
from mediator_app.documents.context import DocumentContext
from mediator_app.documents.forms import load_form
from mediator_app.services import printing
from mediator_app.services.printing import DatabaseStore
from tests import docfixtures
from tests.docfixtures import COURT
from tests.factories import make_case

MAX_PARTIES = 30
LONG_NAME = "北京市朝阳区望京西园三区第一百零二号楼业主委员会暨全体业主共同委托的物业维修资金管理小组"
# The forms whose signature blocks grow with the parties, and the case each is printed from.
AGREEMENT_FORMS = (
    "mediation_application",
    "rights_notice",
    "session_record",
    "mediation_agreement",
    "confirmation_application",
    "mediation_certificate",
    "power_of_attorney",
)
SIGNATURE_LINE = re.compile(r"签名|盖章|按指印|印章")
NAME_LINE = re.compile(r"^（[^（）]{1,80}）$")
DATE_LINE = re.compile(
    r"^[〇一二三四五六七八九十\d]*年[　\s]*[〇一二三四五六七八九十\d]*月[　\s]*[〇一二三四五六七八九十\d]*日$"
)
FOOTER = re.compile(r"^第\d+页\s*共\d+页$")


def _big_case() -> object:
    case = make_case(parties=MAX_PARTIES)
    case.parties[4].name = LONG_NAME  # a person's name as long as names get on these forms
    return case


@pytest.fixture(scope="module")
def contexts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, DocumentContext]]:
    db = docfixtures.open_fixture_db(Path(tmp_path_factory.mktemp("signatures")) / "signatures.sqlite3")
    try:
        ids = {
            "agreement": docfixtures.agreement_case(db, _big_case()),  # type: ignore[arg-type]
            "declined": docfixtures.declined_case(db, case=dataclasses.replace(_big_case(), agreement=None)),  # type: ignore[type-var]
            "terminated": docfixtures.terminated_case(db, case=dataclasses.replace(_big_case(), agreement=None)),  # type: ignore[type-var]
            "oral": docfixtures.oral_case(db, case=dataclasses.replace(_big_case(), agreement=None)),  # type: ignore[type-var]
        }
        store = DatabaseStore(db)
        yield {k: printing.read(store, v, today=dt.date(2026, 11, 22), court=COURT) for k, v in ids.items()}
    finally:
        db.close()


def _first(ctx: DocumentContext, n: int) -> DocumentContext:
    case = dataclasses.replace(ctx.case, parties=[p for p in ctx.case.parties if p.seq <= n])
    return dataclasses.replace(ctx, case=case)


def _pages(pdf: bytes) -> list[list[str]]:
    reader = PdfReader(io.BytesIO(pdf))
    return [[line.strip() for line in page.extract_text().splitlines() if line.strip()] for page in reader.pages]


def _is_signature_furniture(line: str) -> bool:
    return bool(SIGNATURE_LINE.search(line) or NAME_LINE.match(line) or DATE_LINE.match(line) or FOOTER.match(line))


def check_signature_pages(pdf: bytes, names: list[str]) -> None:
    pages = _pages(pdf)
    for number, lines in enumerate(pages, 1):
        signatures = [line for line in lines if SIGNATURE_LINE.search(line) and len(line) < 40]
        text = "".join(line for line in lines if not _is_signature_furniture(line))
        if signatures:
            # A sentence of the document (not only 此致 and an addressee), or the continued page's reference.
            assert "。" in text or "接上页" in "".join(lines), f"page {number} holds signatures without text: {lines}"
    for name in names:
        found = [(n, i) for n, lines in enumerate(pages) for i, line in enumerate(lines) if line == f"（{name}）"]
        for n, i in found:
            assert i > 0 and SIGNATURE_LINE.search(pages[n][i - 1]), f"{name}'s block is split on page {n + 1}"


@pytest.mark.slow
@pytest.mark.parametrize("parties", range(2, MAX_PARTIES + 1))
def test_no_page_holds_signatures_without_text(contexts: dict[str, DocumentContext], parties: int) -> None:
    ctx = _first(contexts["agreement"], parties)
    names = [p.name for p in ctx.case.parties]
    check_signature_pages(render_forms([load_form(f) for f in AGREEMENT_FORMS], ctx), names)
    for kind, form in (("declined", "decline_notice"), ("terminated", "termination_notice")):
        check_signature_pages(render_forms([load_form(form)], _first(contexts[kind], parties)), names)


def test_the_last_clause_moves_with_the_signatures(contexts: dict[str, DocumentContext]) -> None:
    """Three parties (the review's case): the last party, the mediators and the seal share a page with
    the agreement's last paragraph; the application's 此致 and court stay with its signatures."""
    ctx = _first(contexts["agreement"], 3)
    for form, text in (("mediation_agreement", "本协议一式四份"), ("confirmation_application", "此致")):
        pages = _pages(render_forms([load_form(form)], ctx))
        with_signatures = [lines for lines in pages if any(SIGNATURE_LINE.search(line) for line in lines)]
        assert any(text in "".join(lines) for lines in with_signatures), form


def test_a_continued_signature_page_names_the_document(contexts: dict[str, DocumentContext]) -> None:
    ctx = contexts["agreement"]
    pages = _pages(render_forms([load_form("mediation_agreement")], ctx))
    continued = [lines for lines in pages if any("的签名页，接上页" in line for line in lines)]
    assert continued, "30 parties' signatures need more than one page"
    assert all("人民调解协议书" in "".join(lines) and ctx.case.number in "".join(lines) for lines in continued)
    check_signature_pages(render_forms([load_form("mediation_agreement")], ctx), [p.name for p in ctx.case.parties])


@pytest.mark.parametrize("parties", range(2, MAX_PARTIES + 1))
def test_a_register_signs_below_its_text(contexts: dict[str, DocumentContext], parties: int) -> None:
    """The registers are ruled grids: their rows to sign and seal (当事人（签名）, 登记人, the seal) keep
    with the row above them, never on a page of their own (25 parties pushed them to page 2)."""
    for kind, form in (("agreement", "acceptance_register"), ("oral", "oral_agreement_register")):
        pdf = render_forms([load_form(form)], _first(contexts[kind], parties))
        for number, lines in enumerate(_pages(pdf), 1):
            if any(SIGNATURE_LINE.search(line) for line in lines):
                text = "".join(line for line in lines if not _is_signature_furniture(line))
                assert "。" in text, f"{form}, {parties} parties: page {number} holds signature rows alone: {lines}"
