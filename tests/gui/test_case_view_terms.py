"""The case view words every agreement term as the printed agreement does (one builder, `domain.terms`)."""

from __future__ import annotations

import dataclasses
from html import escape

from mediator_app.documents.context import DocumentContext
from mediator_app.documents.fields import term_sentence as printed_sentence
from mediator_app.ui.case_view import case_html, term_sentence
from tests.factories import make_case, make_committee


def test_the_case_view_shows_the_printed_sentence_of_every_term() -> None:
    case = make_case(3)
    assert case.agreement is not None
    # An act owed to a party (no money): the printed agreement names the party after the act, with no 向.
    owed = dataclasses.replace(case.agreement.terms[1], obligee=1, action="当面赔礼道歉。", manner=" 书面 ")
    case.agreement.terms[1] = owed
    ctx = DocumentContext(case=case, committee=make_committee(), date_style="arabic")
    html = case_html(case)
    for term in case.agreement.terms:
        printed = printed_sentence(ctx, term, numbered=False)
        assert term_sentence(case, term) == printed
        assert f"<li>{escape(printed)}</li>" in html
    assert "当面赔礼道歉（权利人：申请人" in term_sentence(case, owed)
    assert "向申请人" not in term_sentence(case, owed) and "履行方式：书面。" in term_sentence(case, owed)
