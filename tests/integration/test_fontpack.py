"""The rare-character font shipped packed (mediator_app/fontpack.py, tools/subset_fonts.py `pack`): its
manifest answers which characters it draws without unpacking it, the copy in the cache is checked and
replaced when damaged, an unwritable cache falls back to memory, a damaged package is refused, and
printing chooses and embeds it as it did the plain file."""

from __future__ import annotations

import io
import json
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import SimpleDocTemplate

from mediator_app import fontpack
from mediator_app.documents import fonts
from mediator_app.documents.fonts import BODY_FONT, EXT_B_FONT, fallback_markup, font_for_char, uncovered_chars
from mediator_app.documents.layout import ChineseParagraph
from mediator_app.paths import resource_path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
import subset_fonts

from tests.integration.test_font_subsets import fresh_fonts

RARE = "\U00020001\U0002a700\U0002b740"  # 𠀁 (Ext B), 𪜀 (Ext C), 𫝀 (Ext D): only in HanaMinB
NOWHERE = "\u4db5"  # an Ext-A character none of the bundled fonts draws


@pytest.fixture(scope="module")
def packed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """fallback-ming-ext.ttf.xz and its manifest, made as the build makes them, from three characters."""
    folder = tmp_path_factory.mktemp("pack")
    font = folder / subset_fonts.SUBSET_FILES[subset_fonts.EXT_B]
    source = resource_path("fonts", subset_fonts.EXT_B)
    subset_fonts._subset(source, font, map(ord, RARE), subset_fonts.NEW_NAMES[subset_fonts.EXT_B])
    xz, _listing = subset_fonts.pack(font, folder)
    font.unlink()
    return xz


def test_the_manifest_says_what_the_font_draws_without_unpacking(packed: Path) -> None:
    manifest = fontpack.manifest(packed)
    assert manifest.code_points() == frozenset(map(ord, RARE))
    assert all(manifest.covers(ord(ch)) for ch in RARE)
    assert not manifest.covers(ord(NOWHERE)) and not manifest.covers(ord("吉")) and not manifest.covers(0)
    assert subset_fonts.code_ranges([5, 1, 2, 3, 7, 8]) == [[1, 3], [5, 5], [7, 8]]


def test_unpacked_once_into_the_cache_and_checked_each_time(packed: Path, tmp_path: Path) -> None:
    manifest = fontpack.manifest(packed)
    copy = fontpack.unpacked(packed, tmp_path)
    assert isinstance(copy, Path) and copy == fontpack.cached_copy(manifest, tmp_path)
    assert copy.stat().st_size == manifest.size
    first = copy.stat().st_mtime_ns
    assert fontpack.unpacked(packed, tmp_path) == copy and copy.stat().st_mtime_ns == first  # not unpacked again
    # A damaged copy (same size, one byte changed) fails the digest and is unpacked again.
    data = bytearray(copy.read_bytes())
    data[len(data) // 2] ^= 0xFF
    copy.write_bytes(bytes(data))
    assert fontpack.unpacked(packed, tmp_path) == copy
    assert fontpack._digest_matches(copy, manifest)
    # Another version's copy is removed when this one is written.
    stale = copy.with_name("0123456789abcdef-" + manifest.file)
    stale.write_bytes(b"old")
    cut_off = copy.with_name(copy.name + ".4242.tmp")  # a process stopped while it wrote
    cut_off.write_bytes(b"half")
    copy.unlink()
    fontpack.unpacked(packed, tmp_path)
    assert not stale.exists() and not cut_off.exists() and copy.is_file()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes into read-only folders")
def test_an_unwritable_cache_unpacks_into_memory(
    packed: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "fonts").mkdir()
    (tmp_path / "fonts").chmod(0o500)
    try:
        with caplog.at_level(logging.WARNING, logger="mediator_app.fontpack"):
            data = fontpack.unpacked(packed, tmp_path)
    finally:
        (tmp_path / "fonts").chmod(0o700)
    assert isinstance(data, bytes) and len(data) == fontpack.manifest(packed).size
    assert "无法写入缓存文件夹" in caplog.text and "内存" in caplog.text


def test_an_unwritable_cache_as_a_file_unpacks_into_memory(packed: Path, tmp_path: Path) -> None:
    (tmp_path / "fonts").write_text("not a folder")  # fails for root as well
    data = fontpack.unpacked(packed, tmp_path)
    assert isinstance(data, bytes) and len(data) == fontpack.manifest(packed).size


def test_a_damaged_package_or_manifest_is_refused_in_chinese(packed: Path, tmp_path: Path) -> None:
    broken = tmp_path / packed.name
    broken.write_bytes(packed.read_bytes()[:-100])
    listing = packed.with_name(packed.name.removesuffix(".xz") + ".json")
    (tmp_path / listing.name).write_bytes(listing.read_bytes())
    with pytest.raises(fontpack.FontPackError, match="重新安装"):
        fontpack.unpacked(broken, tmp_path / "cache")
    wrong = json.loads(listing.read_text(encoding="utf-8"))
    wrong["sha256"] = "0" * 64
    (tmp_path / listing.name).write_text(json.dumps(wrong), encoding="utf-8")
    broken.write_bytes(packed.read_bytes())
    with pytest.raises(fontpack.FontPackError, match="校验值不符"):
        fontpack.unpacked(broken, tmp_path / "cache")
    (tmp_path / listing.name).write_text("{", encoding="utf-8")
    with pytest.raises(fontpack.FontPackError, match="字体清单"):
        fontpack.manifest(broken)


@pytest.fixture
def shipped_packed(packed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The program reading its fonts from a folder laid out as the installer's: UMing and WenKai whole,
    the rare-character font packed only; a fresh cache."""
    folder = tmp_path / "resources" / "fonts"
    folder.mkdir(parents=True)
    for name in ("uming.ttc", "LXGWWenKai-Regular.ttf"):
        (folder / name).symlink_to(resource_path("fonts", name))
    yield from _reading_from(folder, packed, monkeypatch)


def _reading_from(folder: Path, packed: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """documents.fonts reading from `folder` (with the packed rare-character font added) and a fresh
    cache beside it, which is yielded; its memoised answers forgotten afterwards."""
    for path in packed.parent.iterdir():
        (folder / path.name).symlink_to(path)
    root = folder.parent.parent
    fresh_fonts(monkeypatch, root, root / "cache")
    yield root / "cache"
    font_for_char.cache_clear()
    fonts._manifest.cache_clear()
    fonts._uncovered.cache_clear()


def test_a_character_the_packed_font_lacks_never_unpacks_it(shipped_packed: Path) -> None:
    assert fonts.font_files()[-1].name == "fallback-ming-ext.ttf.xz"
    assert font_for_char("吉") == BODY_FONT
    assert uncovered_chars(f"刘{NOWHERE}") == [NOWHERE]  # asked every font: the packed one by its manifest
    assert EXT_B_FONT not in fonts._loaded
    assert not list(shipped_packed.glob("fonts/*fallback-ming-ext.ttf"))


def _printed_fonts(text: str) -> set[str]:
    """Print `text` in the body font with per-character fallback; check the PDF's text and return the
    names of the fonts it embeds."""
    style = ParagraphStyle("body", fontName=BODY_FONT, fontSize=14, leading=20)
    out = io.BytesIO()
    SimpleDocTemplate(out).build([ChineseParagraph(fallback_markup(text), style)])
    page = PdfReader(io.BytesIO(out.getvalue())).pages[0]
    assert page.extract_text().replace("\n", "") == text
    return {str(f["/BaseFont"]).split("+")[-1] for f in page["/Resources"]["/Font"].values()}


def test_a_rare_name_unpacks_and_prints_it(shipped_packed: Path) -> None:
    text = f"吉{RARE}祥"
    assert [font_for_char(ch) for ch in RARE] == [EXT_B_FONT] * 3
    assert "MediationDeskMingExt" in _printed_fonts(text)
    assert len(list(shipped_packed.glob("fonts/*-fallback-ming-ext.ttf"))) == 1


def test_a_checked_copy_is_hashed_again_only_when_it_changed(
    packed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every print uses the packed body font: its copy is hashed when it is unpacked, and again only when
    its size, modification time or file id differ from that check's record."""
    assert fontpack.checked_copy(packed, tmp_path) is None  # not unpacked yet: the window unpacks on a thread
    copy = fontpack.unpacked(packed, tmp_path)
    assert isinstance(copy, Path) and fontpack.checked_copy(packed, tmp_path) == copy
    hashed: list[object] = []
    real = fontpack.hashlib.file_digest

    def counting(file: object, digest: str) -> object:
        hashed.append(file)
        return real(file, digest)  # type: ignore[arg-type]

    monkeypatch.setattr(fontpack.hashlib, "file_digest", counting)
    assert fontpack.unpacked(packed, tmp_path) == copy and not hashed  # checked when it was unpacked
    stat = copy.stat()
    os.utime(copy, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # touched: checked again
    assert fontpack.checked_copy(packed, tmp_path) is None and not hashed  # the window's question never hashes
    assert fontpack.unpacked(packed, tmp_path) == copy and len(hashed) == 1
    assert fontpack.unpacked(packed, tmp_path) == copy and len(hashed) == 1  # and remembered
    # Another file of the same size put in its place (a copy without the mtime, an edit) is hashed,
    # found wrong and unpacked again.
    data = bytearray(copy.read_bytes())
    data[len(data) // 3] ^= 0xFF
    replacement = tmp_path / "other.ttf"
    replacement.write_bytes(bytes(data))
    os.utime(replacement, ns=(stat.st_atime_ns, copy.stat().st_mtime_ns))
    replacement.replace(copy)
    assert fontpack.unpacked(packed, tmp_path) == copy
    assert copy.read_bytes() != bytes(data) and len(hashed) == 2
    # A record that does not parse, or another version's, is no record.
    fontpack._stamp(copy).write_bytes(b"\xff\xfe")
    assert fontpack._digest_matches(copy, fontpack.manifest(packed)) and len(hashed) == 3


BODY_TEXT = "吉祥二〇二六年刘䶮"  # 䶮: Ext A, drawn by UMing


@pytest.fixture
def all_packed(packed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The installer's layout: the body font's face, WenKai's subset and HanaMinB's subset, each packed
    with its manifest (small subsets here), nothing else; a fresh cache."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    folder = tmp_path / "resources" / "fonts"
    folder.mkdir(parents=True)
    body = TTFont(resource_path("fonts", "uming.ttc"), fontNumber=0)
    subsetter = subset.Subsetter(subset.Options(notdef_outline=True, name_IDs=["*"]))
    subsetter.populate(unicodes=map(ord, BODY_TEXT))
    subsetter.subset(body)
    body.save(folder / subset_fonts.BODY_SUBSET)
    kai = folder / subset_fonts.SUBSET_FILES[subset_fonts.KAI]
    source = resource_path("fonts", subset_fonts.KAI)
    subset_fonts._subset(source, kai, map(ord, "〇𠮷调解"), subset_fonts.NEW_NAMES[subset_fonts.KAI])
    for font in (folder / subset_fonts.BODY_SUBSET, kai):
        subset_fonts.pack(font, folder)
        font.unlink()
    yield from _reading_from(folder, packed, monkeypatch)


def test_the_installers_packed_fonts_unpack_on_the_first_print_and_print_alike(all_packed: Path) -> None:
    assert [path.name for path in fonts.font_files()] == [
        "uming-cn.ttf.xz",
        "fallback-kai.ttf.xz",
        "fallback-ming-ext.ttf.xz",
    ]
    # Choosing fonts reads the manifests: nothing is unpacked for a character no font draws.
    assert uncovered_chars(NOWHERE) == [NOWHERE]
    assert not fonts._loaded and not (all_packed / "fonts").exists()
    text = f"{BODY_TEXT}𠮷{RARE}"
    assert {"UMingCN", "MediationDeskKai-Regular", "MediationDeskMingExt"} <= _printed_fonts(text)
    copies = sorted(path.name.split("-", 1)[1] for path in (all_packed / "fonts").glob("*.ttf"))
    assert copies == ["fallback-kai.ttf", "fallback-ming-ext.ttf", "uming-cn.ttf"]
    assert len(list((all_packed / "fonts").glob("*.ttf.checked"))) == 3
