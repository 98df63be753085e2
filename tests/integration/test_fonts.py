"""The bundled fonts: files and licences, measured coverage, fallback markup, rare characters in PDFs."""

from __future__ import annotations

import io
import marshal
import threading
from pathlib import Path
from typing import cast

import pytest
from PIL import ImageChops
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, StreamObject
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import SimpleDocTemplate

from mediator_app.documents import fontfiles, fonts
from mediator_app.documents.fonts import (
    BODY_FONT,
    EXT_B_FONT,
    KAI_FONT,
    UncoveredCharactersError,
    fallback_markup,
    font_files,
    font_for_char,
    font_runs,
    glyph_coverage,
    to_unicode_cmap,
    uncovered_chars,
)
from mediator_app.documents.layout import ChineseParagraph
from mediator_app.paths import resource_path
from tests.pdfcheck import ink, needs_poppler, pdf_fonts, pdf_text, render_page

EXT_A = "䶮"  # U+4DAE, CJK Ext A: in the body font
EXT_B = "𠮷"  # U+20BB7, CJK Ext B: only in the fallbacks
ONLY_IN_HANAZONO = "\U00020001"  # 𠀁, CJK Ext B: in neither UMing nor WenKai
NO_FONT = "\U00031234"  # CJK Ext G: no bundled font has it
PRIVATE_USE = "\ue000"


def test_font_files_exist_in_fallback_order_with_licences() -> None:
    files = font_files()
    assert [f.name for f in files] == ["uming.ttc", "LXGWWenKai-Regular.ttf", "HanaMinB.ttf"]
    folder = files[0].parent
    for f in files:
        assert f.is_file() and f.stat().st_size > 1_000_000
    for licence in ("LICENSE-uming.txt", "LICENSE-lxgw-wenkai.txt", "LICENSE-hanazono.txt"):
        assert (folder / licence).stat().st_size > 1000
    readme = (folder / "README.md").read_text(encoding="utf-8")
    for f in files:
        assert f.name in readme


def test_coverage_is_measured_from_the_font_tables() -> None:
    assert ord(EXT_A) in glyph_coverage(BODY_FONT)
    assert ord(EXT_B) not in glyph_coverage(BODY_FONT)
    assert ord(EXT_B) in glyph_coverage(KAI_FONT)
    # UMing maps U+0305 (combining overline) to an empty glyph: in its cmap, but nothing to draw.
    uming = pdfmetrics.getFont(BODY_FONT)
    assert 0x0305 in uming.face.charToGlyph
    assert 0x0305 not in glyph_coverage(BODY_FONT)


def test_fallback_order_picks_the_first_font_that_has_the_glyph() -> None:
    assert font_for_char("吉") == BODY_FONT
    assert font_for_char(EXT_A) == BODY_FONT
    assert font_for_char(EXT_B) == KAI_FONT
    assert font_for_char(ONLY_IN_HANAZONO) == EXT_B_FONT
    assert font_for_char(NO_FONT) is None
    assert font_for_char("吉", preferred=KAI_FONT) == KAI_FONT


def test_hanazono_widens_ext_b_coverage() -> None:
    ext_b = range(0x20000, 0x2A6E0)
    without = {c for c in ext_b if c in glyph_coverage(BODY_FONT) or c in glyph_coverage(KAI_FONT)}
    with_hanazono = without | {c for c in ext_b if c in glyph_coverage(EXT_B_FONT)}
    assert len(without) < 2500
    assert len(with_hanazono) == len(ext_b)  # the whole block (Unicode 13+: 42,720 characters)


def test_uncovered_chars_lists_each_missing_character_once_in_order() -> None:
    text = f"张{NO_FONT}三{PRIVATE_USE}{NO_FONT} 吉{EXT_B}祥\n\t\u200b\ufe00"
    assert uncovered_chars(text) == [NO_FONT, PRIVATE_USE]
    assert uncovered_chars(f"刘{EXT_A}　{EXT_B}{ONLY_IN_HANAZONO}") == []


def test_private_use_characters_are_never_drawn_even_if_a_font_maps_them() -> None:
    mapped = sorted(c for c in glyph_coverage(BODY_FONT) if 0xE000 <= c <= 0xF8FF)
    assert mapped, "UMing maps some private-use code points (legacy HKSCS glyphs)"
    assert uncovered_chars(chr(mapped[0])) == [chr(mapped[0])]


def test_markup_wraps_runs_missing_from_the_body_font() -> None:
    assert fallback_markup(f"吉{EXT_B}祥") == f'吉<font name="{KAI_FONT}">{EXT_B}</font>祥'
    # Neighbouring characters of the same fallback share one tag.
    assert fallback_markup(f"{EXT_B}{EXT_B}") == f'<font name="{KAI_FONT}">{EXT_B}{EXT_B}</font>'
    assert fallback_markup(f"甲{ONLY_IN_HANAZONO}") == f'甲<font name="{EXT_B_FONT}">{ONLY_IN_HANAZONO}</font>'
    # UMing's 〇 is a small circle; dates take the full-size one from WenKai.
    assert fallback_markup("二〇二六") == f'二<font name="{KAI_FONT}">〇</font>二六'
    # With another base font, characters it has stay unwrapped.
    assert fallback_markup(f"吉{EXT_B}祥", KAI_FONT) == f"吉{EXT_B}祥"


def test_markup_escapes_user_text() -> None:
    assert fallback_markup("A&B <c> &amp;") == "A&amp;B &lt;c&gt; &amp;amp;"
    injected = '<font name="Helvetica">x</font>'
    assert "<font" not in fallback_markup(injected)
    # U+3000 survives reportlab's whitespace squeezing only as an entity.
    assert fallback_markup("年\u3000月") == "年&#12288;月"


def test_markup_refuses_characters_no_font_has() -> None:
    with pytest.raises(UncoveredCharactersError) as caught:
        fallback_markup(f"张{NO_FONT}{PRIVATE_USE}")
    assert caught.value.chars == [NO_FONT, PRIVATE_USE]
    assert "U+31234" in str(caught.value)


def test_font_runs_drop_invisible_characters_and_keep_blanks() -> None:
    assert font_runs("a\u200bb\tc\u3000d") == [(BODY_FONT, "ab c\u3000d")]


def test_registration_is_once_per_process_and_thread_safe() -> None:
    errors: list[BaseException] = []

    def register() -> None:
        try:
            fonts.register_fonts()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=register) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    for name in fonts.font_names():
        assert pdfmetrics.getFont(name) is fonts._load(name).font


def test_to_unicode_cmap_writes_surrogate_pairs_beyond_the_bmp() -> None:
    cmap = to_unicode_cmap("X", [0, 0x5409, 0x20BB7])
    assert "<01> <5409>" in cmap
    assert "<02> <D842DFB7>" in cmap
    big = to_unicode_cmap("X", list(range(0x4E00, 0x4E00 + 256)))
    assert big.count("beginbfchar") == 3 and "100 beginbfchar" in big and "56 beginbfchar" in big


def _one_paragraph_pdf(text: str, base_font: str = BODY_FONT, size: float = 48) -> bytes:
    buffer = io.BytesIO()
    style = ParagraphStyle(
        "t", fontName=fonts.register_font(base_font), fontSize=size, leading=size * 1.3, wordWrap="CJK"
    )
    doc = SimpleDocTemplate(buffer, invariant=1, initialFontName=base_font)
    doc.build([ChineseParagraph(fallback_markup(text, base_font), style)])
    return buffer.getvalue()


def test_ext_b_character_uses_the_fallback_font_embedded_with_its_outlines() -> None:
    page = PdfReader(io.BytesIO(_one_paragraph_pdf(f"吉{EXT_B}祥"))).pages[0]
    contents = page.get_contents()
    assert contents is not None
    used = contents.get_data().decode("latin-1")
    resources = cast(DictionaryObject, page["/Resources"].get_object())
    font_dict = cast(DictionaryObject, resources["/Font"].get_object())
    page_fonts = {str(name): cast(DictionaryObject, ref.get_object()) for name, ref in font_dict.items()}
    wenkai = {name: f for name, f in page_fonts.items() if "LXGWWenKai" in str(f["/BaseFont"])}
    assert wenkai, "the page has no WenKai subset"
    ((name, font),) = wenkai.items()
    assert f"{name} " in used  # selected by the content stream
    assert "/FontFile2" in cast(DictionaryObject, font["/FontDescriptor"].get_object())  # outlines embedded
    # The character got a code of its own in the subset (a missing glyph would be code 0, .notdef).
    cmap = cast(StreamObject, font["/ToUnicode"].get_object()).get_data().decode("ascii")
    assert "<D842DFB7>" in cmap
    assert "<00> <D842DFB7>" not in cmap


@needs_poppler
def test_ext_b_character_extracts_and_every_font_is_embedded() -> None:
    pdf = _one_paragraph_pdf(f"刘{EXT_A} 吉{EXT_B}祥 {ONLY_IN_HANAZONO}")
    text = pdf_text(pdf)
    assert f"刘{EXT_A}" in text
    # reportlab alone writes an invalid ToUnicode entry beyond the BMP; fontfiles.EmbeddedTTFont fixes it.
    assert f"吉{EXT_B}祥" in text
    assert ONLY_IN_HANAZONO in text
    found = pdf_fonts(pdf)
    assert {f.name.split("+")[1] for f in found} == {"UMingCN-0", "LXGWWenKai-Regular", "HanaMinB"}
    assert all(f.embedded and f.subset and f.unicode for f in found)


def _glyph_image(font: str, char: str) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(100, 100), initialFontName=font, invariant=1)
    canvas.setFont(fonts.register_font(font), 72)
    canvas.drawString(14, 20, char)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


@needs_poppler
def test_ext_b_character_is_drawn_with_a_real_glyph() -> None:
    drawn = render_page(_one_paragraph_pdf(EXT_B, size=72))
    assert ink(drawn) > 300
    # The same code point in the body font, which lacks it, prints the .notdef box instead.
    notdef = render_page(_glyph_image(BODY_FONT, EXT_B))
    real = render_page(_glyph_image(KAI_FONT, EXT_B))
    assert ink(ImageChops.difference(notdef, real).point(lambda v: 255 - v)) > 300


def test_missing_font_file_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(fonts, "_loaded", {})
    monkeypatch.setattr(fonts, "resource_path", lambda *parts: tmp_path.joinpath(*parts))
    with pytest.raises(fonts.FontError, match="字体文件缺失"):
        fonts.register_font(BODY_FONT)


def test_parsed_fonts_are_kept_between_runs_and_a_bad_cache_is_ignored(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from mediator_app.documents.compose import render_form
    from mediator_app.documents.context import DocumentContext
    from mediator_app.documents.forms import load_form
    from tests.factories import make_case, make_committee

    def fresh_process_render() -> bytes:
        monkeypatch.setattr(fonts, "_loaded", {})  # as in a new process: fonts are loaded again
        ctx = DocumentContext(case=make_case(), committee=make_committee())
        return render_form(load_form("mediation_agreement"), ctx)

    monkeypatch.setattr(fonts, "user_cache_dir", lambda: tmp_path)
    parsed = fresh_process_render()
    cached = sorted((tmp_path / "fonts").iterdir())
    assert [p.name.split(".")[0] for p in cached] == ["LXGWWenKai-Regular", "uming"]
    assert fresh_process_render() == parsed  # restored from the cache: the same PDF, byte for byte
    for path in cached:
        path.write_bytes(b"\x00not marshal data")
    assert fresh_process_render() == parsed
    # Damage that leaves valid marshal data: glyph offsets changed in the middle of the file.
    fresh_process_render()  # rewrites the cache files
    for path in sorted((tmp_path / "fonts").iterdir()):
        raw = bytearray(path.read_bytes())
        offsets = bytes(marshal.loads(raw[fontfiles.CHECK_SIZE :])["face"]["glyphPos"])  # the glyphs' offsets, packed
        at = raw.find(offsets)
        raw[at : at + len(offsets)] = bytes(len(offsets))  # every glyph now starts at 0
        path.write_bytes(bytes(raw))
        font_file = resource_path("fonts", path.name.split(".0.")[0])
        assert fontfiles.load_parsed(path, "damaged", font_file) is None  # refused, parsed anew
    assert fresh_process_render() == parsed


def test_the_cache_of_an_earlier_font_file_is_removed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """An update changes the font file's time (or reportlab's version): the old cache file goes."""
    monkeypatch.setattr(fonts, "user_cache_dir", lambda: tmp_path)
    monkeypatch.setattr(fonts, "_loaded", {})
    folder = tmp_path / "fonts"
    folder.mkdir()
    stale = folder / "LXGWWenKai-Regular.ttf.0.1.2.rl4.0.0.c2.marshal"
    other_font = folder / "uming.ttc.0.1.2.rl4.0.0.c2.marshal"
    other_face = folder / "LXGWWenKai-Regular.ttf.1.1.2.rl4.0.0.c2.marshal"
    for path in (stale, other_font, other_face):
        path.write_bytes(b"old")
    fonts._load(KAI_FONT)
    left = sorted(p.name for p in folder.iterdir())
    assert stale.name not in left and other_font.name in left and other_face.name in left
    assert len([n for n in left if n.startswith("LXGWWenKai-Regular.ttf.0.")]) == 1


def test_a_font_restored_from_the_cache_reads_the_file_lazily(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The cache leaves out 'glyphToChar' (rebuilt if reportlab asks) and the file is mapped, not read:
    the glyph table a subset is cut from is a view that copies only the slices taken."""
    monkeypatch.setattr(fonts, "user_cache_dir", lambda: tmp_path)
    monkeypatch.setattr(fonts, "_loaded", {})
    parsed = fonts._load(KAI_FONT).font.face
    monkeypatch.setattr(fonts, "_loaded", {})
    cached = fonts._load(KAI_FONT).font.face
    assert type(cached) is not type(parsed) and "glyphToChar" not in vars(cached)
    rebuilt = cached.glyphToChar  # the inverse of charToGlyph (reportlab's own differs only around U+00A0)
    assert {c: g for g, chars in rebuilt.items() for c in chars} == cached.charToGlyph == parsed.charToGlyph
    whole = parsed.get_table("glyf")
    view = cached.get_table("glyf")
    assert len(view) == len(whole) and isinstance(view[100:200], bytes)
    assert view[100:200] == whole[100:200] and view[len(whole) - 8 :] == whole[-8:] and view[50:40] == b""


def test_a_cached_cmap_answers_as_the_parsed_one_without_building_a_dict(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The cache keeps the cmap as two sorted arrays (`fontfiles.Cmap`): lookups answer as reportlab's
    dict did, the dict is built only when the whole mapping is asked for, and an entry added later
    (reportlab's shaping adds private-use code points) is found."""
    monkeypatch.setattr(fonts, "user_cache_dir", lambda: tmp_path)
    monkeypatch.setattr(fonts, "_loaded", {})
    parsed = fonts._load(BODY_FONT).font.face.charToGlyph
    monkeypatch.setattr(fonts, "_loaded", {})
    cached = fonts._load(BODY_FONT).font.face.charToGlyph
    assert isinstance(cached, fontfiles.Cmap) and isinstance(parsed, dict)
    probes = [0x20, 0xA0, ord("中"), ord(EXT_A), ord(EXT_B), min(parsed), max(parsed), max(parsed) + 1, -1]
    for code in probes:
        assert (code in cached) == (code in parsed)
        assert cached.get(code) == parsed.get(code)
        if code in parsed:
            assert cached[code] == parsed[code]
        else:
            with pytest.raises(KeyError):
                cached[code]
    assert len(cached) == len(parsed) and cached._dict is None  # nothing so far needed the whole dict
    assert dict(cached.items()) == parsed and list(cached) == list(parsed)
    cached[0xF0000] = 7
    assert 0xF0000 in cached and cached[0xF0000] == 7 and len(cached) == len(parsed) + 1


def test_a_width_added_later_is_no_mapping_of_the_cached_cmap(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The cached cmap asks the width dict first; a code point given a width but no glyph afterwards
    is not mapped, as in reportlab's own dict (not the next code point's glyph)."""
    monkeypatch.setattr(fonts, "user_cache_dir", lambda: tmp_path)
    monkeypatch.setattr(fonts, "_loaded", {})
    fonts._load(BODY_FONT)
    monkeypatch.setattr(fonts, "_loaded", {})
    face = fonts._load(BODY_FONT).font.face
    cached = face.charToGlyph
    assert isinstance(cached, fontfiles.Cmap)
    unmapped = next(code for code in range(0x3400, 0x10000) if code not in face.charWidths)
    face.charWidths[unmapped] = 1000
    assert unmapped not in cached and cached.get(unmapped) is None
    with pytest.raises(KeyError):
        cached[unmapped]
    del face.charWidths[unmapped]


def test_a_cache_file_whose_cmap_does_not_match_its_widths_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(fonts, "user_cache_dir", lambda: tmp_path)
    monkeypatch.setattr(fonts, "_loaded", {})
    fonts._load(KAI_FONT)
    (path,) = (tmp_path / "fonts").iterdir()
    data = marshal.loads(path.read_bytes()[fontfiles.CHECK_SIZE :])
    data["face"]["cmap_glyphs"] = data["face"]["cmap_glyphs"][:-4]  # one glyph short
    payload = marshal.dumps(data)
    path.write_bytes(fontfiles._check_value(payload) + payload)
    assert fontfiles.load_parsed(path, "short", resource_path("fonts", "LXGWWenKai-Regular.ttf")) is None


def test_reportlab_url_pattern_is_compiled_on_first_use_and_works_the_same() -> None:
    """documents.platypus imports reportlab's paragraph module with its slow URL pattern made lazy."""
    import re
    import subprocess
    import sys

    import reportlab.platypus.paragraph as rl_paragraph

    from mediator_app.documents.platypus import LazyPattern

    code = (
        "import mediator_app.documents.compose, reportlab.platypus.paragraph as p, re; "
        "from mediator_app.documents.platypus import LazyPattern; "
        "assert isinstance(p.uri_pat, LazyPattern) and p.uri_pat._compiled is None; "
        "assert all(isinstance(v, re.Pattern) for k, v in vars(p).items() if k.endswith('_pat') and k != 'uri_pat')"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).returncode == 0
    real = rl_paragraph.uri_pat if isinstance(rl_paragraph.uri_pat, re.Pattern) else rl_paragraph.uri_pat._real()
    lazy = LazyPattern(real.pattern, real.flags)
    samples = [
        "https://www.court.gov.cn/zixun/xiangqing/1234.html",
        "HTTP://例子.中国/路径?a=1",
        "ftp://10.0.0.1:21/x",
        "www.example.com",
        "not a url",
        "https://-bad-.com",
    ]
    for text in samples:
        mine, theirs = lazy.match(text), real.match(text)
        assert (mine and mine.groups()) == (theirs and theirs.groups()), text
    assert lazy.pattern == real.pattern and lazy.groups == real.groups


def test_reportlab_runs_with_its_c_accelerators() -> None:
    """rl_accel (a dependency) is installed and reportlab uses it: a fifth of a render otherwise."""
    from reportlab.lib import rl_accel

    assert type(rl_accel.fp_str).__name__ == "builtin_function_or_method"
    assert type(rl_accel.instanceStringWidthTTF).__name__ == "builtin_function_or_method"
