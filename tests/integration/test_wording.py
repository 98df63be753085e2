"""The wording the review of issue 12 found wrong, each read back from the printed PDF (pypdf):
every party is 申请人 in the joint application, an empty field is a blank to write on and never its
punctuation alone, the decline notice carries the decision's date, and no line of the dossier cover
(or any text) starts with a date's last 日.
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
from mediator_app.documents.layout import break_lines
from mediator_app.domain.dates import chinese_date
from mediator_app.errors import ValidationError
from mediator_app.services import printing
from mediator_app.services.printing import DatabaseStore
from tests import docfixtures
from tests.docfixtures import COURT
from tests.factories import REGISTERED_ON, make_case

PRINTED_ON = dt.date(2026, 12, 28)


@pytest.fixture(scope="module")
def contexts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, DocumentContext]]:
    db = docfixtures.open_fixture_db(Path(tmp_path_factory.mktemp("wording")) / "wording.sqlite3")
    try:
        ids = {
            "agreement": docfixtures.agreement_case(db, make_case(parties=3)),
            "declined": docfixtures.declined_case(db),
        }
        store = DatabaseStore(db)
        yield {k: printing.read(store, v, today=PRINTED_ON, court=COURT) for k, v in ids.items()}
    finally:
        db.close()


def _text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _lines(pdf: bytes) -> list[str]:
    return [line.strip() for line in _text(pdf).splitlines() if line.strip()]


def test_the_joint_application_calls_every_party_applicant(contexts: dict[str, DocumentContext]) -> None:
    ctx = contexts["agreement"]
    text = "".join(_text(render_forms([load_form("confirmation_application")], ctx)).split())
    assert "被申请人" not in text.replace("".join(ctx.case.facts.split()), "")  # the facts are the parties' words
    assert "申请人吉𠮷祥于二〇二六年十二月三十一日前向申请人刘䶮支付" in text
    agreement = "".join(_text(render_forms([load_form("mediation_agreement")], ctx)).split())
    assert "被申请人吉𠮷祥" in agreement  # the agreement itself keeps the parties' own roles


def test_an_empty_field_is_a_blank_never_bare_punctuation(contexts: dict[str, DocumentContext]) -> None:
    ctx = contexts["agreement"]
    bare = dataclasses.replace(
        ctx,
        committee=dataclasses.replace(ctx.committee, address="", court=""),
        court="",
        state=dataclasses.replace(ctx.state, confirmation_court=""),
    )
    for form in ("rights_notice", "mediation_certificate"):
        pdf = render_forms([load_form(form)], bare)
        text = _text(pdf).replace("\n", "")  # the blank to write on is read back as spaces
        for punctuation in ("：。", "，，", "：，", "（）"):
            assert punctuation not in text, (form, punctuation)
    # The certificate's addressee: a blank to write the court's name on, then ：
    certificate = _text(render_forms([load_form("mediation_certificate")], bare)).splitlines()
    assert any(re.fullmatch(r"\s{4,}：", line) for line in certificate)
    assert re.search(r"联系地址： {4,}。", _text(render_forms([load_form("rights_notice")], bare)))
    # The application cannot go without a court: named as a problem before printing, not left blank.
    with pytest.raises(ValidationError) as caught:
        render_forms([load_form("confirmation_application")], bare)
    assert [e.path for e in caught.value.errors] == ["court"]


def test_the_decline_notice_carries_the_decision_date_not_the_print_date(contexts: dict[str, DocumentContext]) -> None:
    ctx = contexts["declined"]
    assert ctx.state.declined_on == REGISTERED_ON
    text = "".join(_text(render_forms([load_form("decline_notice")], ctx)).split())
    assert chinese_date(REGISTERED_ON) in text and chinese_date(PRINTED_ON) not in text


def test_no_line_starts_with_a_dates_last_day_character() -> None:
    chars = list("调解日期：二〇二五年九月十九日至二〇二五年十月三十一日")
    widths = [1.0] * len(chars)
    numerals = "〇一二三四五六七八九十"
    for width in range(8, len(chars)):
        starts = break_lines(widths, chars, [float(width)])
        assert all(chars[s] not in "年月日" for s in starts[1:]), width
        # Nor inside a date's number (二十|二日): a date breaks only after its 年 or 月, or at 至.
        assert not [s for s in starts[1:] if chars[s - 1] in numerals and chars[s] in numerals], width


def test_the_dossier_cover_keeps_its_dates_whole(contexts: dict[str, DocumentContext]) -> None:
    from mediator_app.documents import compose

    ctx = compose.dossier_context(load_form, contexts["agreement"])
    lines = _lines(render_forms([load_form("dossier_cover")], ctx))
    assert not [line for line in lines if line[0] in "年月日"], lines
