"""The UI font covers rare name characters; error paths read as words; the case view's sentences."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtGui import QFont, QFontMetricsF, QRawFont, QTextLayout
from PySide6.QtWidgets import QApplication

from mediator_app.domain.money import Money
from mediator_app.errors import FieldError
from mediator_app.ui.case_view import case_html, term_sentence
from mediator_app.ui.field_errors import describe, list_prefixes, location, split_path
from mediator_app.ui.fonts import BASE_POINT_SIZE, install_fonts
from tests.factories import make_case


def test_application_font_is_the_bundled_sans_face_with_the_pdf_fonts_behind_it(qapp: QApplication) -> None:
    setup = install_fonts(qapp)
    assert setup.families[:3] == ["WenQuanYi Micro Hei", "AR PL UMing CN", "LXGW WenKai"]
    assert [path.name for path in setup.files][:2] == ["wqy-microhei.ttf", "uming.ttc"]
    font = qapp.font()
    assert font.families()[0] == "WenQuanYi Micro Hei" and font.pointSize() == BASE_POINT_SIZE >= 12
    for ch in "刘䶮吉𠮷祥调解协议书":
        assert any(QRawFont.fromFont(QFont(f)).supportsCharacter(ord(ch)) for f in font.families()), ch
    sans = QRawFont.fromFont(QFont("WenQuanYi Micro Hei"))
    assert all(sans.supportsCharacter(ord(ch)) for ch in "调解协议书履行回访〇")
    # What the sans face lacks comes from the fonts behind it, glyph by glyph: 䶮 (Ext A) from UMing,
    # 𠮷 (Ext B) from WenKai.
    assert not sans.supportsCharacter(ord("䶮")) and not sans.supportsCharacter(ord("𠮷"))
    assert QRawFont.fromFont(QFont("AR PL UMing CN")).supportsCharacter(ord("䶮"))
    assert not QRawFont.fromFont(QFont("AR PL UMing CN")).supportsCharacter(ord("𠮷"))  # hence WenKai


def test_a_rare_name_is_drawn_not_boxed(qapp: QApplication) -> None:
    """The fallback really draws: 刘䶮 and 吉𠮷祥 take the width of two and three characters, not of
    missing-glyph boxes drawn by the sans face."""
    install_fonts(qapp)
    metrics = QFontMetricsF(qapp.font())
    for name in ("刘䶮", "吉𠮷祥"):
        layout = QTextLayout(name, qapp.font())
        layout.beginLayout()
        layout.createLine()
        layout.endLayout()
        used = {run.rawFont().familyName() for run in layout.glyphRuns()}
        assert "WenQuanYi Micro Hei" in used and len(used) == 2, used
        assert metrics.horizontalAdvance(name) > 0


def test_screen_face_first_then_the_fallbacks(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> None:
    """At start only the screen face is registered (the first paint); the fallbacks follow, once each."""
    from mediator_app.ui import fonts

    monkeypatch.setattr(fonts, "_registered", {})
    assert install_fonts(qapp, body_only=True).families == ["WenQuanYi Micro Hei"]
    assert qapp.font().families() == ["WenQuanYi Micro Hei"]
    added: list[str] = []
    real = fonts.QFontDatabase.addApplicationFont
    monkeypatch.setattr(fonts.QFontDatabase, "addApplicationFont", lambda path: added.append(path) or real(path))
    full = install_fonts(qapp)
    assert full.families[:2] == ["WenQuanYi Micro Hei", "AR PL UMing CN"] and len(full.families) == 4
    assert [Path(p).name for p in added] == ["uming.ttc", "LXGWWenKai-Regular.ttf", "HanaMinB.ttf"]
    assert qapp.font().families() == full.families


def test_paths_split_into_keys_and_positions() -> None:
    assert split_path("parties[12].representatives[0].name") == ("parties[].representatives[].name", (12, 0))
    assert list_prefixes("parties[].representatives[].name") == ["parties", "parties[].representatives"]
    assert list_prefixes("facts") == []


def test_errors_are_described_in_words() -> None:
    names = ["刘䶮", "吉𠮷祥"]
    assert describe(FieldError("agreement.terms[0].deadline", "请填写履行期限"), names) == "第1项条款：请填写履行期限"
    assert describe(FieldError("parties[1].address", "住址未填写"), names) == "第2位当事人（吉𠮷祥）：住址未填写"
    assert location("parties[0].representatives[0].name", names) == "第1位当事人（刘䶮）的代理人"
    assert describe(FieldError("facts", "纠纷简要情况不能为空")) == "纠纷简要情况不能为空"
    assert describe(FieldError("registered_on", "不能晚于今天")) == "登记日期：不能晚于今天"


def test_term_sentence_reads_like_the_agreement() -> None:
    case = make_case(3)
    money, work = case.agreement.terms
    assert term_sentence(case, money) == (
        "被申请人吉𠮷祥于2026年12月31日前向申请人刘䶮支付漏水造成的房屋修复费用"
        "人民币壹万贰仟元整（¥12,000.00），履行方式：银行转账，履行地点：申请人指定的银行账户。"
    )
    assert term_sentence(case, work).startswith("被申请人吉𠮷祥于2026年12月15日前拆除")
    money.amount, money.deadline = Money(5), dt.date(2027, 1, 2)
    assert "人民币伍分（¥0.05）" in term_sentence(case, money)


def test_case_html_escapes_what_users_typed() -> None:
    case = make_case(2)
    case.facts = "<b>不是标记</b>\n第二行"
    html = case_html(case)
    assert "&lt;b&gt;不是标记&lt;/b&gt;<br>第二行" in html
    assert case.parties[0].id_number not in html


def test_ui_font_files_are_the_pdf_fonts_in_the_same_order() -> None:
    from mediator_app.documents.fonts import font_files
    from mediator_app.ui.fonts import bundled_font_files

    assert bundled_font_files() == font_files()


def test_a_packed_rare_font_is_unpacked_off_the_gui_thread_and_joins_the_families(
    qapp: QApplication, qtbot: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The installer's layout (tools/subset_fonts.py): the screen face's one face, the PDF fonts packed
    (UMing's face stands here unpacked, WenKai and HanaMinB as small packed subsets). The window starts
    with what it has; the packed faces are added once unpacked into the cache, in one change of the
    application font."""
    import sys

    from mediator_app.paths import resource_path
    from mediator_app.ui import fonts

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
    import subset_fonts

    folder = tmp_path / "resources" / "fonts"
    folder.mkdir(parents=True)
    # The installer ships the screen face without its unused glyphs (tools/subset_fonts.py, make_ui_face).
    (folder / fonts.UI_FONT_FILE).symlink_to(resource_path("fonts", fonts.UI_FONT_FILE))
    (folder / "uming-cn.ttf").symlink_to(resource_path("fonts", "uming.ttc"))  # the face's file stands in
    kai = folder / "fallback-kai.ttf"
    subset_fonts._subset(
        resource_path("fonts", subset_fonts.KAI), kai, [0x20BB7], subset_fonts.NEW_NAMES[subset_fonts.KAI]
    )
    ext = folder / "fallback-ming-ext.ttf"
    subset_fonts._subset(
        resource_path("fonts", "HanaMinB.ttf"), ext, [0x20001], subset_fonts.NEW_NAMES[subset_fonts.EXT_B]
    )
    for font in (kai, ext):
        subset_fonts.pack(font, folder)
        font.unlink()
    import mediator_app.paths

    monkeypatch.setattr(mediator_app.paths, "resource_path", lambda *parts: tmp_path.joinpath("resources", *parts))
    monkeypatch.setattr(mediator_app.paths, "user_cache_dir", lambda: tmp_path / "cache")
    monkeypatch.setattr(fonts, "_registered", {})
    monkeypatch.setattr(fonts, "_unpacking", set())
    from mediator_app import fontpack

    assert fonts._PACK_SUFFIX == fontpack.PACK_SUFFIX  # the window's copy of the name, kept off the first paint
    changes: list[list[str]] = []
    setup = install_fonts(qapp)
    qapp.fontChanged.connect(lambda font: changes.append(font.families()))
    try:
        assert setup.files[0].name == fonts.UI_FONT_FILE
        assert [path.name for path in setup.files[2:]] == ["fallback-kai.ttf.xz", "fallback-ming-ext.ttf.xz"]
        assert "MediationDesk Ming Ext" not in setup.families  # not yet: it is being unpacked
        qtbot.waitUntil(lambda: "MediationDesk Ming Ext" in qapp.font().families(), timeout=30000)  # type: ignore[attr-defined]
    finally:
        qapp.fontChanged.disconnect()
    assert qapp.font().families()[:2] == ["WenQuanYi Micro Hei", "AR PL UMing CN"]
    assert qapp.font().families()[2:] == ["MediationDesk Kai", "MediationDesk Ming Ext"]
    assert len(changes) == 1  # both packed faces joined in one change
    # The next start finds the checked copies: registered at once, no unpacking thread.
    monkeypatch.setattr(fonts, "_registered", {})
    monkeypatch.setattr(fonts, "_Unpacker", None)  # would fail if called
    again = install_fonts(qapp)
    assert again.families == ["WenQuanYi Micro Hei", "AR PL UMing CN", "MediationDesk Kai", "MediationDesk Ming Ext"]
    assert QRawFont.fromFont(QFont("MediationDesk Ming Ext")).supportsCharacter(0x20001)
    assert list((tmp_path / "cache" / "fonts").glob("*-fallback-ming-ext.ttf"))
    monkeypatch.undo()
    install_fonts(qapp)  # the source checkout's application font again, for the tests after this one
