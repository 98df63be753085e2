"""Paragraph markup made into fragments without reportlab's HTML parser: the same fragments it makes."""

from __future__ import annotations

import pytest
from reportlab.lib.styles import ParagraphStyle

from mediator_app.documents.fonts import BODY_FONT, KAI_FONT, fallback_markup, register_font
from mediator_app.documents.layout import ChineseParagraph, markup_frags
from mediator_app.documents.platypus import ParaParser

NBSP = "&#160;"


@pytest.fixture(scope="module")
def style() -> ParagraphStyle:
    register_font(KAI_FONT)
    return ParagraphStyle("t", fontName=register_font(BODY_FONT), fontSize=16, leading=28, wordWrap="CJK")


MARKUPS = [
    "申请人：刘䶮",
    fallback_markup("吉𠮷祥，二〇二六年十一月三日", BODY_FONT),
    "人民调解员：<u>马德明</u><u>、</u><u>林春梅</u>",
    "<u>" + NBSP * 8 + "</u>年" + "<u>" + fallback_markup("〇二", BODY_FONT) + "</u>",
    "甲 &amp; 乙 &lt;协议&gt; &#12288;全角空格",
    "",
    "   ",
]


@pytest.mark.parametrize("markup", MARKUPS)
def test_same_fragments_as_reportlabs_parser(markup: str, style: ParagraphStyle) -> None:
    mine = markup_frags(markup, style)
    _, theirs, _ = ParaParser().parse(markup, style)
    assert mine is not None
    assert [f.__dict__ for f in mine] == [f.__dict__ for f in theirs]


@pytest.mark.parametrize(
    "markup",
    ["<b>粗</b>", "<u><u>两层</u></u>", '<font name="WenKai"><u>字</u></font>', "<u>未闭合", "a &copy; b", "a<br/>b"],
)
def test_other_markup_is_left_to_reportlab(markup: str, style: ParagraphStyle) -> None:
    assert markup_frags(markup, style) is None


def test_a_paragraph_keeps_reportlabs_text_and_lines(style: ParagraphStyle) -> None:
    markup = "  当事人：<u>马德明</u>，" + fallback_markup("吉𠮷祥", BODY_FONT) + "  "
    para = ChineseParagraph(markup, style)
    assert para.text == markup.strip()  # cleaned, as reportlab's own path does
    para.wrap(120, 1000)
    words = [[w.text for w in line.words] for line in para.blPara.lines]
    assert "".join("".join(line) for line in words) == "当事人：马德明，吉𠮷祥"
    assert len(words) > 1
