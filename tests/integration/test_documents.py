"""Every standard document, filled from cases taken through the real services (records, visits,
signatures, the application to court), blank for handwriting, in one print job, in the dossier and
in the confirmation package; a committee's own version of a form; the command line."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, StreamObject

from mediator_app.cli.main import main
from mediator_app.documents import compose, fields
from mediator_app.documents.catalog import FORM_ORDER, FormDefinitionError
from mediator_app.documents.context import DocumentContext, Item, items_for
from mediator_app.documents.fields import field_parts, joined
from mediator_app.documents.forms import Form, Section, load_form
from mediator_app.documents.layout import NO_LINE_START
from mediator_app.domain.model import RepresentativeKind
from mediator_app.errors import UserFacingError, ValidationError
from mediator_app.paths import forms_path
from mediator_app.services import printing
from mediator_app.services.printing import DatabaseStore, PrintJob
from tests import docfixtures
from tests.docfixtures import COURT, Fixture, case_for
from tests.factories import RARE_EXT_A_NAME, RARE_EXT_B_NAME
from tests.pdfcheck import needs_poppler, page_count, pdf_fonts, pdf_text, squeeze

TODAY = dt.date(2026, 11, 22)
FORM_IDS = list(FORM_ORDER)
NO_FONT = "\U00031234"  # CJK Ext G: in no bundled font
PUNCTUATION_HEAVY = (
    "甲方称：“乙方于去年（2025年）三月，擅自拆除围墙——导致损失……”；乙方辩称：不同意！为什么？"
    "因为《协议》第3条、第5条约定：‘各自承担’。双方争执不下，互不相让，矛盾激化，（见附件）。"
)


@pytest.fixture(scope="module")
def fx(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fixture]:
    fixture = docfixtures.build(tmp_path_factory.mktemp("documents") / "documents.sqlite3")
    yield fixture
    fixture.db.close()


def _context(fx: Fixture, form_id: str) -> DocumentContext:
    ctx = printing.read(DatabaseStore(fx.db), case_for(fx, form_id), today=TODAY, court=COURT)
    if form_id in printing.DOSSIER_FORMS:
        ctx = compose.dossier_context(load_form, ctx)
    return ctx


@pytest.fixture(scope="module")
def rendered(fx: Fixture) -> dict[str, bytes]:
    return {
        f: printing.render(DatabaseStore(fx.db), PrintJob.forms(case_for(fx, f), [f], today=TODAY, court=COURT))
        for f in FORM_IDS
    }


# ---------------------------------------------------------------- the catalogue


def test_every_standard_form_is_listed_with_its_chinese_name() -> None:
    forms = printing.list_forms()
    assert [f.form_id for f in forms] == FORM_IDS
    assert all(re.fullmatch(r"[\u4e00-\u9fff（）、]+", f.name) for f in forms), forms
    assert all(f.version == 1 and not f.overridden and f.path.name == f"{f.form_id}.v1.json" for f in forms)
    assert not forms_path("mediation_agreement.json").exists()  # migrated into the versioned scheme


# ---------------------------------------------------------------- every field of every form


def _section_items(form: Form, ctx: DocumentContext) -> list[Item | None]:
    return list(items_for(form.each, ctx)) if form.each else [None]


def _expected_texts(form: Form, ctx: DocumentContext, item: Item | None) -> list[str]:
    """What the definition says the document prints, from the fixture's values (not hard-coded)."""
    out = [s.get("text", form.name) for s in form.sections if s.type == "title"]
    # A section printed only `when` its field has a value; a terms list in the list's own wording.
    shown = [s for s in form.sections if not s.get("when") or joined(field_parts(s.get("when"), ctx, item)).strip()]
    term_lists = [s for s in shown if s.type == "list" and s.get("source") == "terms"]
    for key in form.field_keys():
        if not (key == "agreement.terms" and term_lists):
            out += joined(field_parts(key, ctx, item)).splitlines()
    for section in shown:
        out += _section_texts(section, ctx)
    for section in term_lists:
        out += [fields.term_sentence(ctx, t, section.get("texts", {})) for t in fields.terms(ctx)]
    return [t for t in out if t.strip()]


def _literal_pieces(template: str) -> list[str]:
    return [p for p in re.split(r"\{[^{}]*\}", template) if p.strip()]


def _section_texts(section: Section, ctx: DocumentContext) -> list[str]:
    out: list[str] = []
    if section.type == "parties":
        roles = section.get("roles")
        for party in ctx.parties:
            if roles is None or party.role.value in roles:
                specs = section.get("person_rows" if party.is_person else "organisation_rows") or [
                    section.get("person" if party.is_person else "organisation")
                ]
                keys = {c["field"] for row in specs for c in row if "field" in c}
                out += [str(getattr(party, k)) for k in keys & {"name", "id_number", "uscc", "address", "phone"}]
                out += [r.name for r in party.representatives]
    if section.type == "list" and section.get("source") == "items":
        out += [piece for item in section.get("items") for piece in _literal_pieces(item)]
    if section.type == "grid":
        out += [cell["label"] for row in section.get("rows") for cell in row if cell.get("label")]
    if section.type == "table":
        out += [c["header"] for c in section.get("columns")]
        rows = {"toc": fields.toc_rows, "confirmation_materials": fields.confirmation_materials}.get(
            section.get("source"), lambda _c: []
        )(ctx)
        out += [row[c["key"]] for row in rows for c in section.get("columns")]
    if section.type == "text" and "text" in section.data:
        out += _literal_pieces(section.get("text"))
    return out


@needs_poppler
@pytest.mark.parametrize("form_id", FORM_IDS)
def test_every_form_prints_every_field_it_defines(form_id: str, fx: Fixture, rendered: dict[str, bytes]) -> None:
    form, ctx = load_form(form_id), _context(fx, form_id)
    # Content-stream order keeps a cell's text together; page footers may fall inside a split paragraph.
    text = re.sub(r"第\d+页共\d+页", "", squeeze(pdf_text(rendered[form_id], raw=True)))
    expected = [t for item in _section_items(form, ctx) for t in _expected_texts(form, ctx, item)]
    assert len(expected) >= 4
    missing = [t for t in expected if squeeze(t) not in text]
    assert missing == [], f"{form_id} lacks {missing}"
    assert all(f.embedded and f.unicode for f in pdf_fonts(rendered[form_id]))


@needs_poppler
def test_the_documents_say_what_the_records_say(rendered: dict[str, bytes]) -> None:
    """A few values spelled out by hand, so that the field registry is not only checked against itself."""

    def text(form_id: str) -> str:
        return squeeze(pdf_text(rendered[form_id]))

    assert "二〇二六年十一月三日9时30分" in text("investigation_record")
    assert "问：你家卫生间什么时候开始漏水？" in text("investigation_record")
    assert text("session_record").count("人民调解记录") == 2  # one document per session
    assert "■当事人申请□主动调解" in text("acceptance_register")
    assert "第一项" not in text("return_visit_record") and "未到期" in text("return_visit_record")
    assert "因该纠纷已由北京市朝阳区人民法院立案受理，该纠纷不属于" in text("decline_notice")
    assert "因双方分歧较大，经多次调解未能达成协议，根据" in text("termination_notice")
    assert "本告知书一式三份" in text("termination_notice")
    assert "向仲裁机构申请仲裁" in text("termination_notice") and "提起诉讼" in text("termination_notice")
    assert text("power_of_attorney").count("授权委托书") == 2  # one per appointed agent
    assert "该协议于二〇二六年十一月二十二日生效" in text("mediation_certificate")


@needs_poppler
def test_rights_notice_covers_the_law_and_the_personal_information_notice(rendered: dict[str, bytes]) -> None:
    text = squeeze(pdf_text(rendered["rights_notice"]))
    for phrase in (
        "选择或者接受人民调解员",
        "接受调解、拒绝调解或者要求终止调解",
        "要求调解公开进行或者不公开进行",
        "自主表达意愿、自愿达成调解协议",
        "如实陈述纠纷事实",
        "遵守调解现场秩序，尊重人民调解员",
        "尊重对方当事人行使权利",
        "不收取任何费用",
        "具有法律约束力",
        "向人民法院提起诉讼",
        "三十日内共同向人民法院申请司法确认",
        "申请强制执行",
        # PIPL Arts. 14, 17: processor, purpose, method, categories, retention, rights
        "个人信息处理者：北京市朝阳区东湖街道望京西园社区人民调解委员会",
        "处理目的",
        "处理方式",
        "个人信息种类",
        "保存期限",
        "有权查阅、复制、更正、补充",
    ):
        assert phrase in text, phrase


# ---------------------------------------------------------------- rare characters, unprintable ones


def _subset_cmaps(pdf: bytes) -> dict[str, str]:
    out: dict[str, str] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources = cast(DictionaryObject, page["/Resources"].get_object())
        for ref in cast(DictionaryObject, resources["/Font"].get_object()).values():
            font = cast(DictionaryObject, ref.get_object())
            assert "/FontFile2" in cast(DictionaryObject, font["/FontDescriptor"].get_object())  # embedded outlines
            cmap = cast(StreamObject, font["/ToUnicode"].get_object()).get_data().decode("ascii")
            out[str(font["/BaseFont"])] = out.get(str(font["/BaseFont"]), "") + cmap
    return out


@needs_poppler
def test_rare_characters_print_with_real_glyphs_in_a_record(rendered: dict[str, bytes]) -> None:
    pdf = rendered["session_record"]
    assert f"{RARE_EXT_A_NAME}、{RARE_EXT_B_NAME}" in squeeze(pdf_text(pdf))
    cmaps = _subset_cmaps(pdf)
    kai = "".join(cmap for name, cmap in cmaps.items() if "LXGWWenKai" in name)
    ming = "".join(cmap for name, cmap in cmaps.items() if "UMing" in name)
    # 𠮷 (U+20BB7) has a code of its own in the embedded Kai subset; code 0 would be .notdef (an empty box).
    assert "<D842DFB7>" in kai and "<00> <D842DFB7>" not in kai
    assert "<4DAE>" in ming  # 䶮 from the embedded Ming subset


def test_a_character_no_font_has_is_reported_naming_the_field(fx: Fixture) -> None:
    ctx = _context(fx, "session_record")
    records = list(ctx.records)
    records[1] = dataclasses.replace(records[1], content=f"当事人{NO_FONT}陈述", participants=f"王{NO_FONT}")
    parties = [dataclasses.replace(p) for p in ctx.case.parties]
    parties[0].name = f"刘{NO_FONT}"
    bad = dataclasses.replace(ctx, records=tuple(records), case=dataclasses.replace(ctx.case, parties=parties))
    with pytest.raises(ValidationError) as caught:
        compose.render_form(load_form("session_record"), bad)
    paths = {e.path for e in caught.value.errors}
    assert {"records[1].content", "records[1].participants", "parties[0].name"} <= paths
    assert all("U+31234" in e.message and "字库中没有" in e.message for e in caught.value.errors)


# ---------------------------------------------------------------- Chinese line breaking everywhere


def _long(texts: int = 4) -> str:
    return "\n".join(PUNCTUATION_HEAVY * 3 for _ in range(texts))


@pytest.fixture(scope="module")
def long_fixture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fixture]:
    case = docfixtures.make_case()
    assert case.agreement is not None
    case.facts, case.claims = _long(), _long(2)
    case.agreement.disputed_matters = case.agreement.responsibilities = _long(2)
    case.agreement.breach_clause = _long(1)
    for term in case.agreement.terms:
        term.action = PUNCTUATION_HEAVY[:300]
    fixture = docfixtures.build(tmp_path_factory.mktemp("long") / "long.sqlite3", _long(), case)
    yield fixture
    fixture.db.close()


@needs_poppler
def test_no_line_of_any_form_starts_with_closing_punctuation(long_fixture: Fixture) -> None:
    checked = 0
    for form_id in FORM_IDS:
        pdf = printing.render(
            DatabaseStore(long_fixture.db),
            PrintJob.forms(case_for(long_fixture, form_id), [form_id], today=TODAY, court=COURT),
        )
        for raw in (False, True):
            lines = [line.strip() for line in pdf_text(pdf, raw=raw).splitlines() if line.strip()]
            bad = [line for line in lines if line[0] in NO_LINE_START]
            assert bad == [], f"{form_id}: {bad[:3]}"
            checked += len(lines)
    assert checked > 1500


# ---------------------------------------------------------------- blank forms


@needs_poppler
@pytest.mark.parametrize("form_id", FORM_IDS)
def test_blank_form_has_labels_lines_and_no_case_data(form_id: str) -> None:
    pdf = printing.render(None, PrintJob.blank([form_id]))
    text = squeeze(pdf_text(pdf))
    form = load_form(form_id)
    title = next(s.get("text", form.name) for s in form.sections if s.type == "title")
    assert squeeze(title) in text
    for section in form.sections:
        if section.type == "signatures":
            labels = [s["label"] for s in section.get("signers", [])]
            assert all(squeeze(_literal_pieces(label)[0]) in text for label in labels if _literal_pieces(label))
        if section.type == "grid":
            assert all(squeeze(c["label"]) in text for row in section.get("rows") for c in row if c.get("label"))
    for data in (RARE_EXT_A_NAME, "望京西园", "二〇二六"):
        assert data not in text
    assert not any(placeholder in text for placeholder in ("{", "}"))


# ---------------------------------------------------------------- several documents, the dossier


@needs_poppler
def test_print_job_holds_each_document_numbered_on_its_own(fx: Fixture, rendered: dict[str, bytes]) -> None:
    forms = ["mediation_application", "rights_notice", "mediation_agreement"]
    pdf = printing.render(DatabaseStore(fx.db), PrintJob.forms(fx.agreement, forms, today=TODAY))
    sizes = [page_count(rendered[f]) for f in forms]
    assert page_count(pdf) == sum(sizes)
    text = squeeze(pdf_text(pdf))
    for size in sizes:
        assert f"第1页共{size}页" in text and f"第{size}页共{size}页" in text
    with pytest.raises(UserFacingError):
        printing.render(DatabaseStore(fx.db), PrintJob.forms(fx.agreement, []))


def test_per_record_forms_print_one_record_on_request(fx: Fixture) -> None:
    one = printing.render(DatabaseStore(fx.db), PrintJob.forms(fx.agreement, ["session_record"], item=1, today=TODAY))
    assert b"%PDF" in one[:8]
    with pytest.raises(UserFacingError, match="没有第3份"):
        printing.render(DatabaseStore(fx.db), PrintJob.forms(fx.agreement, ["session_record"], item=2, today=TODAY))
    with pytest.raises(UserFacingError, match="尚无回访记录"):
        printing.render(DatabaseStore(fx.db), PrintJob.forms(fx.oral, ["return_visit_record"], today=TODAY))
    with pytest.raises(ValidationError) as caught:
        printing.render(DatabaseStore(fx.db), PrintJob.forms(fx.oral, ["termination_notice"], today=TODAY))
    assert caught.value.errors[0].path == "state.termination_reason"


def _stamp(pdf: bytes, page: int) -> str:
    return pdf_text(pdf, page, crop=(400, 0, 195, 80)).strip()


@needs_poppler
def test_dossier_contents_give_the_page_each_document_starts_on(fx: Fixture) -> None:
    pdf = printing.render(DatabaseStore(fx.db), PrintJob.dossier(fx.agreement, today=TODAY))
    pages = page_count(pdf)
    stamps = {n: _stamp(pdf, n) for n in range(1, pages + 1)}
    assert stamps[1] == stamps[2] == stamps[pages] == ""  # cover, contents and back cover are not numbered
    numbered = [int(stamps[n]) for n in range(3, pages)]
    assert numbered == list(range(1, pages - 2))
    page_of = {int(stamp): n for n, stamp in stamps.items() if stamp}
    # The contents as printed (page 2), row by row: number, title, page.
    contents = squeeze(pdf_text(pdf, 2, raw=True))
    ctx = printing.read(DatabaseStore(fx.db), fx.agreement, today=TODAY)
    plan = [p for p in compose.dossier_plan(ctx) if p.filed]
    order = [p.form_id for p in plan]
    assert order[:2] == ["mediation_application", "rights_notice"] and order[-1] == "dossier_note"
    assert (
        order.index("investigation_record")
        < order.index("session_record")
        < order.index("mediation_agreement")
        < order.index("return_visit_record")
        < order.index("confirmation_application")
    )
    for seq, planned in enumerate(plan, 1):
        form = load_form(planned.form_id)
        title = squeeze(compose.item_title(form, planned.item, ctx))
        following = str(seq + 1) if seq < len(plan) else "$"
        match = re.search(rf"{seq}{re.escape(title)}(\d+){following}", contents)
        assert match, f"contents lack row {seq} {title}"
        claimed = int(match[1])
        printed_title = squeeze(next(s.get("text", form.name) for s in form.sections if s.type == "title"))
        assert printed_title in squeeze(pdf_text(pdf, page_of[claimed])), (title, claimed)
    back = squeeze(pdf_text(pdf, pages))
    assert f"本卷共有文件材料{len(plan)}件，共{pages - 3}页" in back


# ---------------------------------------------------------------- the confirmation package


@needs_poppler
def test_confirmation_package_is_one_pdf_with_every_part(fx: Fixture) -> None:
    pdf = printing.render(DatabaseStore(fx.db), PrintJob.package(fx.agreement, COURT, today=TODAY))
    text = squeeze(pdf_text(pdf))
    for title in ("司法确认申请书", "人民调解协议书", "调解组织主持调解的证明", "授权委托书", "司法确认申请材料清单"):
        assert title in text
    assert text.count("授权委托书（委托人") == 0 and "此致北京市朝阳区人民法院" in text
    agents = sum(r.kind is RepresentativeKind.AGENT for p in docfixtures.make_case().parties for r in p.representatives)
    assert text.count("授权委托书") >= agents + 1


@needs_poppler
def test_every_party_applies_as_applicant(rendered: dict[str, bytes]) -> None:
    text = squeeze(pdf_text(rendered["confirmation_application"]))
    parties = docfixtures.make_case().parties
    for party in parties:
        assert f"申请人：{party.name}" in text and f"（{party.name}）" in text  # particulars and signature area
    assert text.count("申请人（签名或按指印）：") + text.count("申请人（盖章）：") == len(parties)
    particulars, _, rest = text.partition("请求事项")
    assert "被申请人" not in particulars  # the agreement's terms, quoted further on, keep their roles
    assert "被申请人（" not in rest  # no signature area for a respondent
    for phrase in (
        "请求事项",
        "事实和理由",
        "没有恶意串通、规避法律的行为",
        "保证提交的材料真实、合法",
        "共同向你院申请司法确认",
        "此致",
        COURT,
        "附：",
    ):
        assert squeeze(phrase) in text


# ---------------------------------------------------------------- a committee's own version of a form


def _override(tmp_path: Path, form_id: str, change: Callable[[dict[str, Any]], None], version: int = 1) -> Path:
    data = json.loads(forms_path(f"{form_id}.v1.json").read_text(encoding="utf-8"))
    change(data)
    data["version"] = version
    (tmp_path / f"{form_id}.v{version}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return tmp_path


@needs_poppler
def test_a_committee_form_file_wins_over_the_shipped_one(fx: Fixture, tmp_path: Path) -> None:
    def retitle(data: dict[str, Any]) -> None:
        data["name"] = "当事人权利义务告知书"
        data["sections"][2]["text"] = "{case.parties}（本县格式）："

    folder = _override(tmp_path, "rights_notice", retitle, version=7)
    listed = {f.form_id: f for f in printing.list_forms(folder)}
    assert listed["rights_notice"].overridden and listed["rights_notice"].version == 7
    assert not listed["mediation_agreement"].overridden
    pdf = printing.render(
        DatabaseStore(fx.db), PrintJob.forms(fx.agreement, ["rights_notice"], today=TODAY, forms_dir=folder)
    )
    text = squeeze(pdf_text(pdf))
    assert "当事人权利义务告知书" in text and "（本县格式）：" in text and "人民调解当事人权利义务告知书" not in text
    blank = squeeze(pdf_text(printing.render(None, PrintJob.blank(["rights_notice"], forms_dir=folder))))
    assert "（本县格式）" in blank


def test_a_broken_committee_form_is_refused_naming_file_and_path(fx: Fixture, tmp_path: Path) -> None:
    def break_it(data: dict[str, Any]) -> None:
        data["sections"][2]["text"] = "{case.partys}："
        data["sections"][3]["style"] = "正文"
        data["page"]["margin_mm"]["top"] = "37mm"

    folder = _override(tmp_path, "rights_notice", break_it)
    with pytest.raises(FormDefinitionError) as caught:
        printing.render(
            DatabaseStore(fx.db), PrintJob.forms(fx.agreement, ["rights_notice"], today=TODAY, forms_dir=folder)
        )
    message = caught.value.message
    assert str(folder / "rights_notice.v1.json") in message
    assert "page.margin_mm.top：应为数字（expected number）" in message
    data = json.loads((folder / "rights_notice.v1.json").read_text(encoding="utf-8"))
    data["page"]["margin_mm"]["top"] = 37
    (folder / "rights_notice.v1.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(FormDefinitionError) as caught:
        printing.render(None, PrintJob.blank(["rights_notice"], forms_dir=folder))
    message = caught.value.message
    assert "sections[2].text：未知的字段 {case.partys}" in message
    assert "sections[3].style：使用了未定义的样式“正文”" in message
    with pytest.raises(FormDefinitionError, match="没有名为“nonsense”的文书格式"):
        printing.render(None, PrintJob.blank(["nonsense"], forms_dir=folder))


# ---------------------------------------------------------------- command line


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_lists_forms_and_renders_blank_forms(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = _cli(capsys, "forms")
    assert code == 0 and "rights_notice" in out and "人民调解当事人权利义务告知书" in out and "共 22 种" in out
    target = tmp_path / "空白.pdf"
    code, out, err = _cli(capsys, "render", "dossier_cover", "--blank", "-o", str(target))
    assert code == 0, err
    assert target.read_bytes().startswith(b"%PDF") and "已生成空白卷宗封面" in out
    code, _, err = _cli(capsys, "render", "rights_notice", "-o", str(target))
    assert code == 2 and "请写明案件编号" in err


@needs_poppler
def test_cli_renders_forms_dossier_and_package(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MEDIATOR_TODAY", TODAY.isoformat())  # the 30-day window must not depend on the test's day
    path = tmp_path / "cli.sqlite3"
    db = docfixtures.open_fixture_db(path)
    agreement, oral = docfixtures.agreement_case(db, confirm=False), docfixtures.oral_case(db)
    numbers = [printing.read(DatabaseStore(db), c, today=TODAY).case.number for c in (agreement, oral)]
    db.close()
    out_pdf = tmp_path / "out.pdf"
    base = ("--db", str(path))
    code, _, err = _cli(capsys, "render", "investigation_record", numbers[0], "-o", str(out_pdf), *base)
    assert code == 0, err
    assert "人民调解调查记录" in squeeze(pdf_text(out_pdf.read_bytes()))
    code, _, err = _cli(capsys, "render", "agreement", numbers[0], "-o", str(out_pdf), "--arabic-dates", *base)
    assert code == 0, err
    assert "2026年11月22日" in squeeze(pdf_text(out_pdf.read_bytes()))
    code, _, err = _cli(capsys, "render", "dossier", numbers[0], "-o", str(out_pdf), *base)
    assert code == 0 and "卷内目录" in squeeze(pdf_text(out_pdf.read_bytes(), 2))
    code, _, err = _cli(capsys, "render", "confirmation", numbers[0], "-o", str(out_pdf), *base)
    assert code == 0, err
    assert "提示：委托代理人" in err and "司法确认申请书" in squeeze(pdf_text(out_pdf.read_bytes()))
    code, _, err = _cli(capsys, "render", "confirmation", numbers[1], "-o", str(out_pdf), *base)
    assert code == 2 and "只有书面调解协议可以申请司法确认" in err
