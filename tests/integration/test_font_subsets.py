"""The fallback-font subsets the installer ships (tools/subset_fonts.py) and how the program finds them."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import SimpleDocTemplate

from mediator_app import __version__
from mediator_app.documents import fonts
from mediator_app.documents.fonts import BODY_FONT, EXT_B_FONT, KAI_FONT, fallback_markup, font_files, font_for_char
from mediator_app.documents.layout import ChineseParagraph
from mediator_app.paths import resource_path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
import subset_fonts

EXT_B = "𠮷"  # U+20BB7: WenKai has it, UMing does not
ONLY_IN_HANAZONO = "\U00020001"  # 𠀁: neither UMing nor WenKai
KAI_KEPT = EXT_B + "〇一纠纷"
_RESERVED = ("LXGW", "霞鹜", "Hanazono", "HanaMin")


@pytest.fixture(scope="module")
def subset_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A resources folder as the installer lays it out: UMing whole, the fallbacks as small subsets."""
    root = tmp_path_factory.mktemp("bundle")
    folder = root / "resources" / "fonts"
    folder.mkdir(parents=True)
    (folder / "uming.ttc").symlink_to(resource_path("fonts", "uming.ttc"))
    source = resource_path("fonts")
    kai, ext = subset_fonts.KAI, subset_fonts.EXT_B
    subset_fonts._subset(
        source / kai, folder / subset_fonts.SUBSET_FILES[kai], map(ord, KAI_KEPT), subset_fonts.NEW_NAMES[kai]
    )
    subset_fonts._subset(
        source / ext, folder / subset_fonts.SUBSET_FILES[ext], [ord(ONLY_IN_HANAZONO)], subset_fonts.NEW_NAMES[ext]
    )
    return root


@pytest.fixture
def shipped_fonts(subset_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The program reading its fonts from `subset_folder`, with a fresh font cache."""
    fresh_fonts(monkeypatch, subset_folder, tmp_path / "cache")
    yield subset_folder / "resources" / "fonts"
    font_for_char.cache_clear()


def fresh_fonts(monkeypatch: pytest.MonkeyPatch, root: Path, cache: Path) -> None:
    """documents.fonts reading its fonts from `root`/resources/fonts, with a fresh font cache in `cache`."""
    monkeypatch.setattr(fonts, "resource_path", lambda *parts: root.joinpath("resources", *parts))
    monkeypatch.setattr(fonts, "user_cache_dir", lambda: cache)
    monkeypatch.setattr(fonts, "_loaded", {})
    # reportlab's registries without the bundled fonts: the shipped files are registered under the
    # fonts' usual names (and UMing again, by its face name) for this test only.
    ours = set(fonts.font_names())
    monkeypatch.setattr(pdfmetrics, "_fonts", {k: v for k, v in pdfmetrics._fonts.items() if k not in ours})
    faces = {k: v for k, v in pdfmetrics._dynFaceNames.items() if v.fontName not in ours}
    monkeypatch.setattr(pdfmetrics, "_dynFaceNames", faces)
    for cached in (font_for_char, fonts._manifest, fonts._uncovered):
        cached.cache_clear()


@pytest.mark.usefixtures("shipped_fonts")
def test_the_program_finds_the_subsets_where_the_whole_fonts_are_not() -> None:
    assert [p.name for p in font_files()] == ["uming.ttc", "fallback-kai.ttf", "fallback-ming-ext.ttf"]
    assert font_for_char(EXT_B) == KAI_FONT
    assert font_for_char(ONLY_IN_HANAZONO) == EXT_B_FONT
    assert font_for_char("〇") == KAI_FONT  # UMing's small circle is still replaced (_DESIGN_OVERRIDES)
    assert font_for_char("吉") == BODY_FONT
    assert fonts.glyph_coverage(KAI_FONT) == frozenset(map(ord, KAI_KEPT))
    # A heading set in WenKai with a character the subset left out is drawn in UMing, not dropped.
    assert font_for_char("吉", KAI_FONT) == BODY_FONT


@pytest.mark.usefixtures("shipped_fonts")
def test_a_rare_name_prints_from_the_subsets_under_their_new_names() -> None:
    style = ParagraphStyle("body", fontName=BODY_FONT, fontSize=14, leading=20)
    out = io.BytesIO()
    text = f"吉{EXT_B}祥{ONLY_IN_HANAZONO}二〇二六年"
    SimpleDocTemplate(out).build([ChineseParagraph(fallback_markup(text), style)])
    page = PdfReader(io.BytesIO(out.getvalue())).pages[0]
    assert page.extract_text().replace("\n", "") == text
    embedded = [str(f["/BaseFont"]) for f in page["/Resources"]["/Font"].values() if "+" in str(f["/BaseFont"])]
    names = {name.split("+")[1] for name in embedded}
    assert names == {"UMingCN-0", "MediationDeskKai-Regular", "MediationDeskMingExt"}


def test_subsets_carry_no_reserved_font_name(shipped_fonts: Path) -> None:
    for name in subset_fonts.SUBSET_FILES.values():
        table = TTFont(shipped_fonts / name)["name"]
        # The names a font is known by (family, full, PostScript, unique, typographic, variations);
        # the copyright notice (name 0) and the licence (13, 14) stay as the OFL requires.
        names = [r.toUnicode() for r in table.names if r.nameID in (1, 3, 4, 6, 16, 17, 18, 21, 22, 25)]
        assert names and not [r for r in names if any(word in r for word in _RESERVED)]
        assert any("LXGW" in r.toUnicode() or "GlyphWiki" in r.toUnicode() for r in table.names if r.nameID == 0)


def test_the_build_refuses_subsets_that_lose_or_move_a_character() -> None:
    body, kai, ext = subset_fonts.BODY[0], subset_fonts.KAI, subset_fonts.EXT_B
    whole = {body: {1, 2}, kai: {2, 3, 4}, ext: {4, 5}}
    subset_fonts.check(whole, {kai: {3, 4}, ext: {5}})  # 2 stays with UMing, which drew it first
    with pytest.raises(SystemExit, match="lose 1 characters: U\\+0005"):
        subset_fonts.check(whole, {kai: {3, 4}, ext: set()})
    with pytest.raises(SystemExit, match="U\\+0004"):
        subset_fonts.check(whole, {kai: {3}, ext: {4, 5}})  # 4 would move from WenKai to HanaMinB


def test_the_kai_subset_keeps_the_program_text_for_the_headings() -> None:
    text = subset_fonts.program_text()
    heading = "调解协议书"
    assert set(map(ord, heading)) <= text


# One build of the modified fonts in a process of its own: its clock set `shift` seconds ahead (another
# day) and its own hash seed, so that anything taken from the clock or from a set's order shows.
_BUILD = """
import sys, time
from pathlib import Path

out, shift, tools = Path(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
real = time.time
time.time = lambda: real() + shift
sys.path.insert(0, tools)
import subset_fonts
from mediator_app.paths import resource_path

fonts = resource_path("fonts")
kai = subset_fonts.KAI
subset_fonts._subset(fonts / kai, out / "kai.ttf", map(ord, "〇一纠纷𠮷"), subset_fonts.NEW_NAMES[kai])
subset_fonts._subset(fonts / "wqy-microhei.ttf", out / "small.ttf", map(ord, "调解工作台"), ("Small", "Small"))
subset_fonts._one_face(out / "small.ttf", 0, out / "face.ttf", (), "a test's cut")
subset_fonts.pack(out / "kai.ttf", out)
"""
_BUILT = ("kai.ttf", "small.ttf", "face.ttf", "kai.ttf.xz", "kai.ttf.json")


def _build(out: Path, days_ahead: int, seed: int, source_date_epoch: str | None = None) -> dict[str, bytes]:
    out.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["PYTHONHASHSEED"] = str(seed)
    if source_date_epoch is not None:
        env["SOURCE_DATE_EPOCH"] = source_date_epoch
    tools = Path(subset_fonts.__file__).parent
    command = [sys.executable, "-c", _BUILD, str(out), str(days_ahead * 86400), str(tools)]
    subprocess.run(command, check=True, env=env, timeout=300)
    return {name: (out / name).read_bytes() for name in _BUILT}


def _notice_and_stamp(data: bytes) -> tuple[str, int]:
    font = TTFont(io.BytesIO(data))
    return font["name"].getDebugName(10), font["head"].modified


def test_two_builds_on_different_days_give_the_same_bytes(tmp_path: Path) -> None:
    today = _build(tmp_path / "today", 0, 1)
    later = _build(tmp_path / "later", 3, 2)
    assert today == later
    notice, stamp = _notice_and_stamp(today["face.ttf"])
    assert notice.startswith(f"Modified by Mediation Desk {__version__}'s tools/subset_fonts.py: a test's cut")
    assert stamp == _notice_and_stamp(today["small.ttf"])[1]  # the source's date, kept


def test_a_build_dates_the_modified_fonts_with_source_date_epoch(tmp_path: Path) -> None:
    epoch = 1_764_979_200  # 2025-12-06 00:00 UTC
    built = _build(tmp_path / "dated", 0, 1, str(epoch + 3600))
    notice, stamp = _notice_and_stamp(built["face.ttf"])
    assert notice.startswith(f"Modified 2025-12-06 by Mediation Desk {__version__}'s tools/subset_fonts.py")
    head_1904 = epoch + 3600 + 2_082_844_800  # the head table counts seconds from 1904
    assert stamp == head_1904 and _notice_and_stamp(built["kai.ttf"])[1] == head_1904
    assert _build(tmp_path / "again", 3, 2, str(epoch + 3600)) == built
