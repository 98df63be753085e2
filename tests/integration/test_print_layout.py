"""Layout and wording of the printed papers found in the second review of issue 12, each read back
from the PDF with pypdf: a date or a case number never broken across lines; no court-referral sentence
on a blank application or certificate (nor on one without a referral), no empty brackets for a
referral without its reference; the application's continued signature page names the number as the
application does; the registers give every party a signing place of fingerprint size, continued on
further pages with a sentence naming the register; and no page of any form holds a lone line."""

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
from mediator_app.documents.layout import break_lines, protected_breaks
from mediator_app.domain.dates import chinese_date
from mediator_app.domain.model import CaseSource
from mediator_app.services import printing
from mediator_app.services.printing import DatabaseStore, PrintJob
from tests import docfixtures
from tests.docfixtures import COURT
from tests.factories import SIGNED_ON, make_case

TODAY = dt.date(2026, 11, 22)
FOOTER = re.compile(r"^第\d+页\s*共\d+页$")


@pytest.fixture(scope="module")
def contexts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, DocumentContext]]:
    db = docfixtures.open_fixture_db(Path(tmp_path_factory.mktemp("layout")) / "layout.sqlite3")
    try:
        ids = {
            "agreement": docfixtures.agreement_case(db, make_case(parties=30)),
            "oral": docfixtures.oral_case(db, case=dataclasses.replace(make_case(parties=30), agreement=None)),
        }
        store = DatabaseStore(db)
        yield {k: printing.read(store, v, today=TODAY, court=COURT) for k, v in ids.items()}
    finally:
        db.close()


def _first(ctx: DocumentContext, n: int) -> DocumentContext:
    return dataclasses.replace(ctx, case=dataclasses.replace(ctx.case, parties=ctx.case.parties[:n]))


def _pages(pdf: bytes) -> list[list[str]]:
    reader = PdfReader(io.BytesIO(pdf))
    return [[line.strip() for line in page.extract_text().splitlines() if line.strip()] for page in reader.pages]


def _squeezed_lines(pdf: bytes) -> list[str]:
    return ["".join(line.split()) for lines in _pages(pdf) for line in lines]


# ---------------------------------------------------------------- a. dates and numbers stay whole


def test_the_breaker_keeps_a_date_and_a_case_number_on_one_line() -> None:
    text = "申请人于二〇二六年十二月六日经（2026）望京西园调字第5号调解"
    chars = list(text)
    date, number = "二〇二六年十二月六日", "（2026）望京西园调字第5号"
    for width in range(len(number), len(chars)):
        starts = break_lines([1.0] * len(chars), chars, [float(width)])
        lines = ["".join(chars[a:b]) for a, b in zip(starts, [*starts[1:], len(chars)], strict=True)]
        assert any(date in line for line in lines) and any(number in line for line in lines), (width, lines)
    assert {4 + 1, 4 + len(date) - 1} <= protected_breaks(chars)  # inside the date
    assert 4 not in protected_breaks(chars)  # before it: a break is fine
    # Narrower than the number itself: it must break somewhere, and does.
    assert len(break_lines([1.0] * len(chars), chars, [6.0])) > 1


@pytest.mark.parametrize("pad", range(0, 28, 1))
def test_a_printed_date_and_case_number_are_never_split(contexts: dict[str, DocumentContext], pad: int) -> None:
    """A committee name of every length pushes the signing date and the case number across every
    position of the application's request line."""
    ctx = _first(contexts["agreement"], 2)
    name = "北京市朝阳区" + "望" * pad + "社区人民调解委员会"
    ctx = dataclasses.replace(ctx, committee=dataclasses.replace(ctx.committee, name=name))
    lines = _squeezed_lines(render_forms([load_form("confirmation_application")], ctx))
    signed = chinese_date(SIGNED_ON)
    text = "".join(lines)
    assert signed in text and ctx.case.number in text
    assert sum(line.count(signed) for line in lines) == text.count(signed), lines
    assert sum(line.count(ctx.case.number) for line in lines) == text.count(ctx.case.number), lines


# ---------------------------------------------------------------- b. no court-referral sentence unless referred


@pytest.mark.parametrize("form", ["confirmation_application", "mediation_certificate"])
def test_a_blank_form_has_no_court_referral_sentence(form: str) -> None:
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(printing.render(None, PrintJob.blank([form])))).pages)
    assert "委派" not in text and "第二百零五条第一项" not in text


def test_the_referral_sentence_only_for_a_referral_and_never_empty_brackets(
    contexts: dict[str, DocumentContext],
) -> None:
    ctx = _first(contexts["agreement"], 2)
    plain = "".join(_squeezed_lines(render_forms([load_form("confirmation_application")], ctx)))
    assert "委派" not in plain
    referred = dataclasses.replace(
        ctx,
        case=dataclasses.replace(
            ctx.case, source=CaseSource.COURT, referral_court="北京市东城区人民法院", referral_ref=""
        ),
    )
    for form in ("confirmation_application", "mediation_certificate"):
        text = "".join(_squeezed_lines(render_forms([load_form(form)], referred)))
        assert "受北京市东城区人民法院委派（委托）调解" in text and "（）" not in text, form


# ---------------------------------------------------------------- e. the continued page's term


def test_the_applications_continued_page_names_the_agreements_number(contexts: dict[str, DocumentContext]) -> None:
    ctx = contexts["agreement"]
    pages = _pages(render_forms([load_form("confirmation_application")], ctx))
    continued = ["".join("".join(lines).split()) for lines in pages if "接上页" in "".join(lines)]
    assert continued, "30 applicants' signatures need more than one page"
    for text in continued:
        assert f"（人民调解协议书编号：{ctx.case.number}）" in text
        assert "《司法确认申请书》（编号" not in text


# ---------------------------------------------------------------- d. a signing place per party in the registers


@pytest.mark.parametrize("parties", [2, 7, 25, 30])
@pytest.mark.parametrize(("kind", "form"), [("agreement", "acceptance_register"), ("oral", "oral_agreement_register")])
def test_a_register_has_a_signing_place_for_every_party(
    contexts: dict[str, DocumentContext], parties: int, kind: str, form: str
) -> None:
    ctx = _first(contexts[kind], parties)
    pdf = render_forms([load_form(form)], ctx)
    pages = _pages(pdf)
    lines = [line for page in pages for line in page]
    # Each party's name stands alone at the top of its own place (the 当事人 row lists them joined).
    for party in ctx.case.parties:
        squeezed = "".join(party.name.split())
        assert any("".join(line.split()) == squeezed for line in lines) or squeezed in "".join(
            "".join(line.split()) for line in lines if "、" not in line and "，" not in line
        ), party.name
    rows = sum(line.count("当事人（签名）") for line in lines)
    assert rows == -(-parties // 3)
    for number, page in enumerate(pages, 1):
        if any("当事人（签名）" in line for line in page):
            body = "".join(page)
            assert "。" in body, f"{form}, {parties} parties: page {number} holds signing places alone"


def test_a_signing_place_is_fingerprint_sized(contexts: dict[str, DocumentContext]) -> None:
    """About 2 cm each way: the places are read from the drawn grid of the 25-party register."""
    from mediator_app.documents.render import DocumentBuilder

    ctx = _first(contexts["agreement"], 25)
    builder = DocumentBuilder(load_form("acceptance_register"), ctx)
    rows, places = builder.party_place_rows(load_form("acceptance_register").sections[3].get("rows"))
    assert len(places) == 9
    widths = builder.column_widths(load_form("acceptance_register").sections[3].get("columns"))
    mm = 72 / 25.4
    assert min(widths[1:]) >= 20 * mm
    assert all(float(cell.get("min_height_mm", 0)) >= 20 for i in places for cell in rows[i][1:])


# ---------------------------------------------------------------- c. no lone line on a page


@pytest.mark.parametrize("repeat", [0, 4, 9, 14, 19, 24, 29])
def test_no_page_holds_a_single_line(tmp_path: Path, repeat: int) -> None:
    """Texts of growing length push the page ends through every form's paragraphs."""
    from mediator_app.documents.catalog import FORM_ORDER

    text = "双方就漏水损失的承担问题多次协商，经人民调解员现场查看并听取双方意见，" * repeat + "最后确认。"
    fixture = docfixtures.build(tmp_path / "lone.sqlite3", text)
    try:
        store = DatabaseStore(fixture.db)
        for form in FORM_ORDER:
            if form.startswith("dossier"):
                continue
            ctx = printing.read(store, docfixtures.case_for(fixture, form), today=TODAY, court=COURT)
            pages = _pages(render_forms([load_form(form)], ctx))
            if len(pages) < 2:
                continue
            for number, lines in enumerate(pages, 1):
                body = [line for line in lines if not FOOTER.match(line)]
                assert len(body) > 1, f"{form}: page {number} holds a lone line: {body}"
    finally:
        fixture.db.close()


def test_a_lone_line_takes_the_last_lines_of_the_paragraph_before_it() -> None:
    """The layout a reader saw: a long paragraph filling its page, one line of the next clause alone
    on the following page because the block after it (signatures kept together) moved on."""
    from mediator_app.documents.fonts import register_font
    from mediator_app.documents.layout import ChineseParagraph
    from mediator_app.documents.pdf import Part, build_pdf
    from mediator_app.documents.pieces import paragraph_style
    from mediator_app.documents.platypus import KeepTogether, Table

    form = load_form("session_record")
    style = paragraph_style("body", form.styles["body"])
    register_font(style.fontName)
    frame = (297 - form.margins_mm["top"] - form.margins_mm["bottom"]) * 72 / 25.4
    lines = int(frame // style.leading)
    story = [
        ChineseParagraph("调" * (27 * lines - 3), style),  # exactly one page of lines
        ChineseParagraph("本项只有一行。", style),
        KeepTogether([Table([["sign"], ["seal"]], rowHeights=[frame - 1.5 * style.leading, style.leading])]),
    ]
    pages = _pages(build_pdf([Part(form, story, "测试")], {"title": "测试"}).data)
    for number, page in enumerate(pages, 1):
        body = [line for line in page if not FOOTER.match(line)]
        assert len(body) > 1, f"page {number} holds a lone line: {body}"
    second = [line for line in pages[1] if not FOOTER.match(line)]
    assert second[-1] == "本项只有一行。" and all(set(line) == {"调"} for line in second[:-1])
