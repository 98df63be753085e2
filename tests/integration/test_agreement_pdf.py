"""The 人民调解协议书 PDF: contents (PML Art. 29), fonts, layout rules, refusals, form definition."""

from __future__ import annotations

import dataclasses
import io
import json
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from mediator_app.documents.compose import render_form
from mediator_app.documents.context import DocumentContext
from mediator_app.documents.fields import term_sentence
from mediator_app.documents.fonts import BODY_FONT, register_font
from mediator_app.documents.forms import Form, FormDefinitionError, load_form, load_form_file, parse_form
from mediator_app.documents.layout import NO_LINE_END, NO_LINE_START, ChineseParagraph, break_lines
from mediator_app.domain.model import Case, Committee, IdType
from mediator_app.errors import ValidationError
from mediator_app.paths import forms_path
from mediator_app.services.printing import FormProblem, form_problems
from tests.factories import (
    ORGANISATION_USCC,
    RARE_EXT_A_NAME,
    RARE_EXT_B_NAME,
    make_case,
    make_committee,
)
from tests.pdfcheck import needs_poppler, page_count, pdf_fonts, pdf_text, squeeze

NO_FONT = "\U00031234"  # CJK Ext G: checked in test_fonts to be in no bundled font
PRIVATE_USE = "\ue000"


FORM_FILE = "mediation_agreement.v1.json"


def _render(
    case: Case, committee: Committee | None = None, *, date_style: str = "chinese", form: Form | None = None
) -> bytes:
    ctx = DocumentContext(case=case, committee=committee or make_committee(), date_style=date_style)
    return render_form(form or load_form("mediation_agreement"), ctx)


def agreement_errors(case: Case, committee: Committee) -> list[FormProblem]:
    """What the printing service names when the agreement of `case` cannot be printed."""
    return form_problems(load_form, DocumentContext(case=case, committee=committee), ["mediation_agreement"])


def _ctx(case: Case, date_style: str = "chinese") -> DocumentContext:
    return DocumentContext(case=case, committee=make_committee(), date_style=date_style)


@pytest.fixture(scope="module")
def pdf3() -> bytes:
    return _render(make_case())


@pytest.fixture(scope="module")
def pdf2() -> bytes:
    return _render(make_case(parties=2))


@pytest.fixture(scope="module")
def pdf27() -> bytes:
    return _render(make_case(parties=27))


@pytest.fixture(scope="module")
def text3(pdf3: bytes) -> str:
    return squeeze(pdf_text(pdf3))


# --- contents --------------------------------------------------------------------------------


def test_term_sentences_name_obligor_and_obligee() -> None:
    case = make_case()
    money, work = case.agreement.terms if case.agreement else []
    assert term_sentence(_ctx(case), money) == (
        f"一、被申请人{RARE_EXT_B_NAME}于二〇二六年十二月三十一日前向申请人{RARE_EXT_A_NAME}支付漏水造成的"
        "房屋修复费用人民币壹万贰仟元整（¥12,000.00），履行方式：银行转账，履行地点：申请人指定的银行账户。"
    )
    assert term_sentence(_ctx(case), work) == (
        f"二、被申请人{RARE_EXT_B_NAME}于二〇二六年十二月十五日前拆除搭建在楼道公共部位的储物棚，恢复楼道原状。"
    )
    assert "于2026年12月15日前" in term_sentence(_ctx(case, "arabic"), work)


def test_an_act_owed_to_a_party_names_it_after_the_act_not_with_xiang() -> None:
    # "向申请人X清理…" is not Chinese; "向…" belongs only in front of a payment.
    case = make_case()
    assert case.agreement is not None
    owed = case.agreement.terms[1] = dataclasses.replace(case.agreement.terms[1], obligee=1, action="当面赔礼道歉")
    assert term_sentence(_ctx(case), owed) == (
        f"二、被申请人{RARE_EXT_B_NAME}于二〇二六年十二月十五日前当面赔礼道歉（权利人：申请人{RARE_EXT_A_NAME}）。"
    )


@needs_poppler
def test_party_particulars_print_labelled_fields(text3: str) -> None:
    case = make_case()
    person = case.parties[0]
    assert (
        squeeze(
            f"申请人：{RARE_EXT_A_NAME}，性别：男，出生日期：一九六八年三月九日，民族：汉族，职业：个体工商户，"
            f"公民身份号码：{person.id_number}，住址：{person.address}，联系电话：13910000001。"
        )
        in text3
    )
    assert (
        squeeze(
            f"被申请人：北京望京西园物业管理有限公司，统一社会信用代码：{ORGANISATION_USCC}，"
            "住所：北京市朝阳区望京西园三区甲1号，法定代表人：郑国强，职务：执行董事，联系电话：010-64701234。"
        )
        in text3
    )


@needs_poppler
def test_form_chooses_age_and_other_id_labels(tmp_path: Path) -> None:
    case = make_case()
    person = case.parties[0]
    person.id_type, person.id_number = IdType.PASSPORT, "E12345678"
    data = _form_data()
    parties = next(s for s in data["sections"] if s["type"] == "parties")
    parties["person"] = [
        {"field": "name", "label": ""},
        {"field": "age", "label": "年龄"},
        {"field": "id_number", "label": "公民身份号码"},
    ]
    text = squeeze(pdf_text(_render(case, form=_form_file(tmp_path, data))))
    assert f"申请人：{RARE_EXT_A_NAME}，年龄：58岁，护照号码：E12345678。" in text


@needs_poppler
def test_pdf_holds_every_art_29_part(text3: str) -> None:
    case = make_case()
    expected = [
        make_committee().name,
        "人民调解协议书",
        f"编号：{case.number}",
        "纠纷主要事实、争议事项：",
        "争议事项：被申请人是否应当赔偿",
        "各方当事人的责任：",
        "经调解，各方当事人自愿达成如下协议：",
        "违约责任：",
        "本协议自各方当事人签名（盖章）或按指印，人民调解员签名并加盖人民调解委员会印章之日起生效。",
        "本协议一式四份，当事人各执一份，人民调解委员会留存一份。",
        "申请人（签名/按指印）：",
        "被申请人（盖章）：",
        "法定代表人或委托代理人（签名）：",
        "委托代理人（签名）：（何文斌）",
        "人民调解员（签名）：（马德明、林春梅）",
        "记录人（签名）：（高晓燕）",
        "（人民调解委员会印章）",
    ]
    for phrase in expected:
        assert squeeze(phrase) in text3, phrase


@needs_poppler
def test_pdf_holds_parties_terms_amounts_and_dates(text3: str) -> None:
    case = make_case()
    for party in case.parties:
        assert party.name in text3  # 吉𠮷祥 too: fontfiles.EmbeddedTTFont writes a valid ToUnicode entry
        assert (party.id_number or party.uscc) in text3
    assert "委托代理人：何文斌，与当事人关系：律师" in text3
    assert case.agreement is not None
    for term in case.agreement.terms:
        assert squeeze(term.action) in text3
    assert "人民币壹万贰仟元整（¥12,000.00）" in text3
    assert "于二〇二六年十二月三十一日前" in text3
    assert "二〇二六年十一月二十二日" in text3  # date of the agreement, under the seal
    assert "\u3007" in text3 and "\u25cb" not in text3 and "二零二六" not in text3


@needs_poppler
def test_arabic_date_style() -> None:
    text = squeeze(pdf_text(_render(make_case(), date_style="arabic")))
    assert "于2026年12月31日前" in text and "出生日期：1968年3月9日" in text and "2026年11月22日" in text
    with pytest.raises(ValueError):
        _render(make_case(), date_style="roman")


@needs_poppler
def test_every_font_is_embedded(pdf3: bytes, pdf27: bytes) -> None:
    for pdf in (pdf3, pdf27):
        found = pdf_fonts(pdf)
        assert found
        assert all(f.embedded and f.unicode and f.type == "TrueType" for f in found), found


@needs_poppler
def test_27_parties_get_27_signature_areas_and_28_copies(pdf27: bytes) -> None:
    raw = pdf_text(pdf27)
    text = squeeze(raw)
    case = make_case(parties=27)
    assert "本协议一式二十八份" in text
    for party in case.parties:
        assert party.name in text
    assert text.count("（签名/按指印）：") == 26 and text.count("（盖章）：") == 1
    pages = page_count(pdf27)
    assert pages > 3
    assert f"第1页共{pages}页" in text and f"第{pages}页共{pages}页" in text


@needs_poppler
@pytest.mark.parametrize("parties", [2, 3, 27])
def test_signature_block_is_not_orphaned(parties: int, pdf2: bytes, pdf3: bytes, pdf27: bytes) -> None:
    pdf = {2: pdf2, 3: pdf3, 27: pdf27}[parties]
    pages = [squeeze(pdf_text(pdf, n)) for n in range(1, page_count(pdf) + 1)]
    first = next(i for i, page in enumerate(pages) if "（签名/按指印）：" in page)
    assert "本协议一式" in pages[first]  # the last clause shares a page with the first signatures
    last_party = sorted(make_case(parties).parties, key=lambda p: p.seq)[-1]
    seal = next(i for i, page in enumerate(pages) if "（人民调解委员会印章）" in page)
    assert f"（{last_party.name}）" in pages[seal]  # and the committee's with the last party's


@needs_poppler
def test_no_line_starts_or_ends_with_forbidden_punctuation(pdf27: bytes) -> None:
    lines = [line.strip() for line in pdf_text(pdf27).splitlines() if line.strip()]
    assert len(lines) > 200
    assert [line for line in lines if line[0] in NO_LINE_START] == []
    assert [line for line in lines if line[-1] in NO_LINE_END] == []


@needs_poppler
def test_user_text_cannot_inject_markup() -> None:
    case = make_case()
    case.facts = '双方就A&B公司<合同>第3条发生争议。<font name="Helvetica">x</font>'
    pdf = _render(case)
    assert squeeze(case.facts) in squeeze(pdf_text(pdf))
    assert all("Helvetica" not in f.name for f in pdf_fonts(pdf))


def test_agreements_render_concurrently_byte_for_byte(pdf2: bytes, pdf3: bytes) -> None:
    expected = {2: pdf2, 3: pdf3}
    with ThreadPoolExecutor(max_workers=4) as pool:
        jobs = [(n, pool.submit(_render, make_case(parties=n))) for n in (2, 3) * 4]
        assert all(job.result() == expected[n] for n, job in jobs)


def test_output_is_deterministic_and_carries_metadata(pdf3: bytes) -> None:
    assert _render(make_case()) == pdf3
    info = PdfReader(io.BytesIO(pdf3)).metadata
    assert info is not None
    assert info.title == f"人民调解协议书 {make_case().number}"
    assert info.author == make_committee().name


@needs_poppler
def test_unsigned_agreement_leaves_the_date_blank() -> None:
    case = make_case(number="")
    assert case.agreement is not None
    case.agreement.signed_on = None
    text = squeeze(pdf_text(_render(case), layout=True))
    assert "二〇二六年十一月二十二日" not in text
    assert text.count("年月日") == len(case.parties) + 1  # one per party, one under the seal
    assert "编号：" in text


# --- refusals ----------------------------------------------------------------------------------


def _paths(case: Case, committee: Committee | None = None) -> set[str]:
    with pytest.raises(ValidationError) as caught:
        _render(case, committee)
    return {e.path for e in caught.value.errors}


def test_missing_deadline_and_disputed_matters_are_refused() -> None:
    case = make_case()
    assert case.agreement is not None
    case.agreement.terms[0].deadline = None
    case.agreement.disputed_matters = " "
    assert {"agreement.terms[0].deadline", "agreement.disputed_matters"} <= _paths(case)


def test_characters_no_font_has_are_refused_naming_the_field() -> None:
    case = make_case()
    assert case.agreement is not None
    case.parties[1].name = f"吉{NO_FONT}祥"
    case.facts += PRIVATE_USE
    case.agreement.terms[1].action = f"拆除{NO_FONT}棚"
    case.mediators[0] = f"马{PRIVATE_USE}"
    committee = dataclasses.replace(make_committee(), name=f"{NO_FONT}村人民调解委员会")
    with pytest.raises(ValidationError) as caught:
        _render(case, committee)
    errors = {e.path: e.message for e in caught.value.errors}
    assert set(errors) == {"parties[1].name", "facts", "agreement.terms[1].action", "mediators[0]", "committee.name"}
    assert errors["parties[1].name"] == f"“{NO_FONT}”（U+31234）字在字库中没有，无法打印，请改用常用字或联系技术人员"


def test_agreement_errors_is_empty_for_a_printable_case() -> None:
    assert agreement_errors(make_case(), make_committee()) == []


# --- form definition ---------------------------------------------------------------------------


def test_shipped_form_follows_gb_t_9704() -> None:
    form = load_form("mediation_agreement")
    assert form.margins_mm == {"top": 37, "bottom": 35, "left": 28, "right": 26}
    assert form.styles["title"].size_pt == 22 and form.styles["body"].size_pt == 16
    assert form.page_size_mm == (210, 297)


def _form_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(forms_path(FORM_FILE).read_text(encoding="utf-8"))
    return data


def _form_file(tmp_path: Path, data: dict[str, Any], name: str = FORM_FILE) -> Form:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return load_form_file(path)


@needs_poppler
def test_wording_comes_from_the_form_file(tmp_path: Path) -> None:
    data = _form_data()
    copies = next(s for s in data["sections"] if "本协议一式" in s.get("text", ""))
    copies["text"] = "本协议一式{case.copies}份，由各方当事人和本委员会分别保存。"
    text = squeeze(pdf_text(_render(make_case(), form=_form_file(tmp_path, data))))
    assert "本协议一式四份，由各方当事人和本委员会分别保存。" in text


def test_broken_form_file_names_every_problem(tmp_path: Path) -> None:
    data = _form_data()
    del data["styles"]["body"]["size_pt"]
    data["styles"]["heading"]["font"] = "SimSun"
    copies = next(s for s in data["sections"] if "本协议一式" in s.get("text", ""))
    copies["text"] = "本协议一式{份}份"
    with pytest.raises(FormDefinitionError) as caught:
        _form_file(tmp_path, data)
    assert "styles.body.size_pt：缺少此项" in caught.value.message
    data["styles"]["body"]["size_pt"] = 16
    with pytest.raises(FormDefinitionError) as caught:
        _form_file(tmp_path, data)
    message = caught.value.message
    assert "styles.heading.font" in message and "SimSun" in message
    assert "未知的字段 {份}" in message and "sections[" in message
    (tmp_path / "bad.v1.json").write_text("{", encoding="utf-8")
    with pytest.raises(FormDefinitionError, match="不是有效的 JSON"):
        load_form_file(tmp_path / "bad.v1.json")


# --- Chinese line breaking -----------------------------------------------------------------------


def _lines(text: str, width: float, first: float | None = None) -> list[str]:
    """Break `text` with every character one unit wide."""
    widths = [first, width] if first else [width]
    starts = break_lines([1.0] * len(text), list(text), widths)
    return [text[a:b].rstrip() for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]


def test_closing_punctuation_never_starts_a_line() -> None:
    assert _lines("一二三四五，六七", 5) == ["一二三四五，", "六七"]  # a sentence mark hangs
    assert _lines("一二三四五）六七", 5) == ["一二三四", "五）六七"]  # a bracket takes a character along
    assert _lines("一二三四五。」六", 5) == ["一二三四", "五。」六"]  # two marks cannot both hang


def test_opening_punctuation_never_ends_a_line() -> None:
    assert _lines("一二三（四五六", 4) == ["一二三", "（四五六"]
    assert _lines("一二三“四五六", 4) == ["一二三", "“四五六"]


def test_figures_and_doubled_marks_stay_whole() -> None:
    assert _lines("支付人民币¥12,000.00", 10) == ["支付人民币", "¥12,000.00"]
    assert _lines("一二三四——五", 5) == ["一二三四", "——五"]
    assert _lines("ab cd", 2) == ["ab", "cd"]
    assert _lines("ABCDEFGH", 3) == ["ABC", "DEF", "GH"]  # no allowed break at all: break anyway
    assert _lines("一二三四五六", 4, first=2) == ["一二", "三四五六"]


def _paragraph_lines(paragraph: Paragraph) -> list[str]:
    bl = paragraph.blPara
    if bl.kind == 0:
        return ["".join(words) for _, words in bl.lines]
    return ["".join(w.text for w in line.words) for line in bl.lines]


def test_chinese_paragraph_fixes_reportlab_line_breaks() -> None:
    style = ParagraphStyle("t", fontName=register_font(BODY_FONT), fontSize=10, leading=12, wordWrap="CJK")
    text = "一二三四五，六七八九十"
    stock, ours = Paragraph(text, style), ChineseParagraph(text, style)
    for p in (stock, ours):
        p.wrap(51, 1000)  # five characters a line
    assert _paragraph_lines(stock)[1].startswith("，")  # the defect docs/tech-notes.md describes
    assert _paragraph_lines(ours) == ["一二三四五，", "六七八九十"]


def test_a_paragraph_is_broken_once_for_widths_equal_but_for_rounding(monkeypatch: pytest.MonkeyPatch) -> None:
    """A table cell's width comes out of two sums that differ in the last bits; the lines are the same."""
    style = ParagraphStyle("t", fontName=register_font(BODY_FONT), fontSize=10, leading=12, wordWrap="CJK")
    paragraph = ChineseParagraph("一二三四五，六七八九十" * 4, style)
    broken: list[object] = []
    real = ChineseParagraph._break_cjk
    monkeypatch.setattr(
        ChineseParagraph, "_break_cjk", lambda self, widths: broken.append(widths) or real(self, widths)
    )
    height = paragraph.wrap(63.365446966188046, 1000)[1]
    assert paragraph.wrap(63.36544696618806, 1000)[1] == height and len(broken) == 1
    assert paragraph.wrap(80, 1000)[1] < height and len(broken) == 2  # another width: broken again


def test_chinese_lines_are_built_as_reportlab_builds_cjk_lines() -> None:
    """ChineseParagraph measures characters and builds its lines itself (for speed); each line must be
    what reportlab's makeCJKParaLine makes of the same characters: words per font run, widths, bounds."""
    from reportlab.platypus.paragraph import cjkU, makeCJKParaLine

    from mediator_app.documents.fonts import fallback_markup

    style = ParagraphStyle("t", fontName=register_font(BODY_FONT), fontSize=16, leading=28, wordWrap="CJK")
    text = (
        f"申请人{RARE_EXT_B_NAME}与{RARE_EXT_A_NAME}于二〇二六年十一月二十二日约定，于2026年12月31日前"
        "一次性支付¥12,000.00元（大写：壹万贰仟元整）。 尾部有空格的句子 " * 3
    )
    paragraph = ChineseParagraph(fallback_markup(text, BODY_FONT), style)
    paragraph.wrap(300, 10_000)
    lines = paragraph.blPara.lines
    assert len(lines) > 5 and len({w.fontName for line in lines for w in line.words}) >= 2  # several fonts
    units = [cjkU(ch, f, "utf8") for f in paragraph.frags for ch in (f.text or [""])]
    at = 0
    for line in lines:
        drawn = "".join(w.text for w in line.words)
        while str(units[at]) == " " and not drawn.startswith(" "):
            at += 1  # the space at a break is not drawn
        mine = units[at : at + len(drawn)]
        used = sum(u.width for u in mine)
        expected = makeCJKParaLine(mine, 300, used, max(0.0, 300 - used), False, False)
        assert [(w.text, w.fontName, w.fontSize) for w in line.words] == [
            (w.text, w.fontName, w.fontSize) for w in expected.words
        ]
        assert (line.currentWidth, line.extraSpace, line.ascent, line.descent, line.fontSize) == (
            expected.currentWidth,
            expected.extraSpace,
            expected.ascent,
            expected.descent,
            expected.fontSize,
        )
        at += len(drawn)
    assert all(str(u) == " " for u in units[at:])


def test_split_paragraph_keeps_its_text_without_stray_spaces() -> None:
    style = ParagraphStyle("t", fontName=register_font(BODY_FONT), fontSize=10, leading=12, wordWrap="CJK")
    text = "经调解各方当事人自愿达成如下协议" * 6
    paragraph = ChineseParagraph(text, style)
    paragraph.wrap(100, 1000)
    first, rest = paragraph.split(100, 36)  # room for three lines
    rest_text = "".join(f.text for f in rest.frags)
    assert " " not in rest_text
    assert "".join(_paragraph_lines(first)) + rest_text == text
    rest.wrap(100, 1000)
    assert "".join(_paragraph_lines(rest)) == rest_text


@needs_poppler
def test_footer_only_when_more_than_one_page() -> None:
    data = _form_data()
    for style in data["styles"].values():
        style.update(size_pt=6, leading_pt=7, space_before_pt=0, space_after_pt=0)
    signatures = next(s for s in data["sections"] if s["type"] == "signatures")
    signatures["blank_height_mm"] = 2
    pdf = _render(make_case(parties=2), form=parse_form(data))
    assert page_count(pdf) == 1
    assert re.search(r"第\d+页", pdf_text(pdf)) is None


@needs_poppler
def test_long_facts_run_on_across_pages_instead_of_leaving_page_one_empty() -> None:
    """Only a heading keeps with what follows (two lines of it); a long block splits across pages."""
    case = make_case(parties=2)
    case.facts = "经查，双方因楼上漏水及楼道公共部位使用问题多次发生争执。" * 40
    pdf = _render(case)
    first, second = (squeeze(pdf_text(pdf, n)) for n in (1, 2))
    assert "纠纷主要事实、争议事项：" in first
    assert "经查，双方因楼上漏水" in first  # the block starts on page one …
    assert second.startswith("经查") or "楼道公共部位使用问题" in second  # … and runs on to page two
    lines_on_first = pdf_text(pdf, 1, layout=True).count("\n")
    assert lines_on_first > 20  # page one is full, not a quarter empty
