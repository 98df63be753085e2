"""The bundled fonts: lazy registration with reportlab, glyph coverage and per-character fallback.

reportlab embeds TrueType outlines only, and no single open TrueType CJK font covers every name a
mediator meets (docs/tech-notes.md), so text is drawn in the body font and each character the body font
lacks is drawn in the first fallback font that has it. A character no bundled font has is reported
(`uncovered_chars`), never printed blank: a missing character in a party's name on a legal document
is a defect. Coverage is measured from each font's cmap and glyph table, not assumed.

Fonts are loaded on first use, one by one (a document in everyday characters never loads the
fallbacks), under a lock, and registered with reportlab once per process (read, kept between runs
and embedded by `fontfiles`). The installer ships the fonts compressed: which characters each draws
comes from its manifest, and each is unpacked only when a document first needs it (`fontpack`).
Files and licences: resources/fonts/README.md.
"""

from __future__ import annotations

import functools
import io
import threading
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError

from mediator_app import fontpack
from mediator_app.documents.fontfiles import (
    Coverage,
    EmbeddedTTFont,
    cache_file,
    keep_glyph_table,
    load_parsed,
    save_parsed,
)
from mediator_app.documents.fontfiles import to_unicode_cmap as to_unicode_cmap  # re-exported
from mediator_app.errors import UserFacingError
from mediator_app.frozen import frozen
from mediator_app.paths import resource_path, user_cache_dir


# repr=False: no generated __repr__ (each method a dataclass generates is compiled in every new
# process: a print command's ~50 classes took ~14 % of it, docs/documents.md "Speed").
# eq=False: compared by identity, nothing compares them by value.
@frozen(eq=False, repr=False)
class BundledFont:
    """A font shipped in resources/fonts/ and the name reportlab knows it by."""

    name: str  # the name the font is registered under with reportlab
    filename: str  # inside resources/fonts/
    subfont: int = 0  # index inside a TrueType collection (.ttc)
    # The installer ships a subset of the font under this name instead (tools/subset_fonts.py: a
    # fallback font's characters the fonts before it lack, renamed as its licence asks; the body font's face).
    subset: str | None = None
    # ... or that subset xz-compressed (`<subset>.xz`, with its manifest), unpacked on first need (fontpack).
    packed: bool = False

    def path(self) -> Path:
        """The file: the whole font where it is (a source checkout), else its subset (the installed bundle),
        else the subset packed (`fontpack.is_packed`; `_load` unpacks it)."""
        whole = resource_path("fonts", self.filename)
        if self.subset is None or whole.is_file():
            return whole
        subset = resource_path("fonts", self.subset)
        if not self.packed or subset.is_file():
            return subset
        return resource_path("fonts", self.subset + fontpack.PACK_SUFFIX)


BODY_FONT = "UMing"  # AR PL UMing CN: Ming/Song face, all of GB 2312
KAI_FONT = "WenKai"  # LXGW WenKai: Kai face, first fallback (has 𠮷 U+20BB7)
EXT_B_FONT = "HanaMinB"  # Hanazono Mincho B: the whole of CJK Ext B (and C-F), second fallback

# Fallback order: the body font first, then the first font that covers a missing character wins.
BUNDLED_FONTS: tuple[BundledFont, ...] = (
    BundledFont(BODY_FONT, "uming.ttc", 0, subset="uming-cn.ttf", packed=True),
    BundledFont(KAI_FONT, "LXGWWenKai-Regular.ttf", subset="fallback-kai.ttf", packed=True),
    BundledFont(EXT_B_FONT, "HanaMinB.ttf", subset="fallback-ming-ext.ttf", packed=True),
)
_BY_NAME = {f.name: f for f in BUNDLED_FONTS}

# Glyphs a font has but draws unfit for a Chinese legal document, and the font to draw them in:
# UMing's 〇 (U+3007) is a small circle about half the height of 二, so 二〇二六年 reads like 二○二六年.
_DESIGN_OVERRIDES: dict[tuple[str, str], str] = {(BODY_FONT, "〇"): KAI_FONT}

# Variation selectors select a glyph variant of the preceding character; no cmap lists them as
# characters, and dropping one prints the base character.
_VARIATION_SELECTORS = frozenset(
    code for r in (range(0xFE00, 0xFE10), range(0xE0100, 0xE01F0), range(0x180B, 0x1810)) for code in r
)


class FontError(UserFacingError):
    """A bundled font file is missing or unreadable: the installation is damaged."""


class UncoveredCharactersError(ValueError):
    """Text handed to the PDF layer contains characters that no bundled font can draw.

    Printable fields are checked beforehand (`uncovered_chars`), so reaching this is a bug.
    """

    def __init__(self, chars: list[str]) -> None:
        self.chars = chars
        listed = "".join(f"“{c}”（U+{ord(c):04X}）" for c in chars)
        super().__init__(f"{listed}字在字库中没有，无法打印")


@frozen(eq=False, repr=False)
class _LoadedFont:
    """A font registered with reportlab, with the code points it can draw."""

    font: Any  # reportlab TTFont
    glyphs: Coverage  # code points the font draws with a real glyph


_lock = threading.Lock()
_loaded: dict[str, _LoadedFont] = {}


def font_files() -> list[Path]:
    """The bundled font files in fallback order (the Qt UI registers the same files)."""
    return [f.path() for f in BUNDLED_FONTS]


def font_names() -> list[str]:
    """The reportlab names of the bundled fonts, in fallback order."""
    return [f.name for f in BUNDLED_FONTS]


def register_font(name: str) -> str:
    """Load and register one bundled font with reportlab (once per process); returns its name."""
    _load(name)
    return name


def register_fonts() -> None:
    for font in BUNDLED_FONTS:
        _load(font.name)


def glyph_coverage(name: str) -> frozenset[int]:
    """Code points the bundled font `name` draws with a real glyph (measured from its tables)."""
    return _load(name).glyphs.code_points()


def _load(name: str) -> _LoadedFont:
    loaded = _loaded.get(name)
    if loaded is not None:
        return loaded
    spec = _BY_NAME[name]
    with _lock:
        loaded = _loaded.get(name)
        if loaded is None:
            path = spec.path()
            source: Path | bytes = path
            if fontpack.is_packed(path):
                try:
                    source = fontpack.unpacked(path, user_cache_dir())
                except fontpack.FontPackError as exc:
                    raise FontError(str(exc)) from exc
            target, cached = None, None
            if isinstance(source, Path):  # an unpacked font in memory is parsed each time (fontpack)
                target = cache_file(source, spec.subfont, user_cache_dir())
                cached = load_parsed(target, spec.name, source) if target is not None else None
            if cached is not None:
                loaded = _LoadedFont(*cached)
            else:
                try:
                    opened = str(source) if isinstance(source, Path) else io.BytesIO(source)
                    font = EmbeddedTTFont(spec.name, opened, subfontIndex=spec.subfont)
                except (OSError, TTFError) as exc:
                    raise FontError(f"字体文件缺失或已损坏：{path}，请重新安装本程序") from exc
                drawable = _drawable_code_points(font)
                missing = frozenset(font.face.charToGlyph).difference(drawable)
                loaded = _LoadedFont(font, Coverage(font.face.charToGlyph, missing))
                if target is not None and isinstance(source, Path):
                    save_parsed(target, font, missing, f"{source.name}.{spec.subfont}.")
            keep_glyph_table(loaded.font.face)
            pdfmetrics.registerFont(loaded.font)
            _loaded[name] = loaded
    return loaded


def _drawable_code_points(font: Any) -> frozenset[int]:
    """Characters mapped to a glyph that has an outline (or that are blank by nature, like spaces).

    A cmap entry pointing at glyph 0 (.notdef) or at an empty glyph would print nothing.
    """
    face = font.face
    positions: list[int] | None = getattr(face, "glyphPos", None)
    out = set()
    for code, glyph in face.charToGlyph.items():
        if glyph == 0:
            continue
        if positions is not None and positions[glyph + 1] == positions[glyph] and not chr(code).isspace():
            continue
        out.add(code)
    return frozenset(out)


@functools.lru_cache(maxsize=16384)
def is_ignorable(ch: str) -> bool:
    """Whitespace, control and format characters, variation selectors: nothing to draw."""
    return ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf") or ord(ch) in _VARIATION_SELECTORS


def _search_order(preferred: str) -> Iterator[str]:
    yield preferred
    for font in BUNDLED_FONTS:
        if font.name != preferred:
            yield font.name


@functools.lru_cache(maxsize=16384)
def font_for_char(ch: str, preferred: str = BODY_FONT) -> str | None:
    """The font that draws `ch`: `preferred` if it can, else the first bundled font that can.

    A few glyphs `preferred` draws badly are taken from another font (`_DESIGN_OVERRIDES`: 〇).

    Private-use characters (自造字) are never drawn: their meaning depends on the machine that typed
    them, so a glyph in one of our fonts at that code point may be a different character.
    """
    if unicodedata.category(ch) == "Co":
        return None
    override = _DESIGN_OVERRIDES.get((preferred, ch))
    if override is not None:
        _load(override)  # registered with reportlab even when no style of the document uses it
        return override
    code = ord(ch)
    for name in _search_order(preferred):
        if _draws(name, code):
            return name
    return None


def _draws(name: str, code: int) -> bool:
    """Does the font `name` draw `code`? A packed font not yet loaded answers from its manifest, so a
    character it lacks never unpacks it (fontpack)."""
    if name not in _loaded:
        manifest = _manifest(name)
        if manifest is not None and not manifest.covers(code):
            return False
    return code in _load(name).glyphs


@functools.lru_cache(maxsize=8)
def _manifest(name: str) -> fontpack.Manifest | None:
    path = _BY_NAME[name].path()
    if not fontpack.is_packed(path):
        return None
    try:
        return fontpack.manifest(path)
    except fontpack.FontPackError as exc:
        raise FontError(str(exc)) from exc


def uncovered_chars(text: str) -> list[str]:
    """The distinct characters of `text`, in order, that no bundled font draws (blanks ignored)."""
    return list(_uncovered(text))


# A document checks the same texts many times (a party's name on every page of a dossier: 716 texts,
# 6,775 characters per 24-page dossier, `python bench/bench_render.py`); the answer depends on the text alone.
@functools.lru_cache(maxsize=4096)
def _uncovered(text: str) -> tuple[str, ...]:
    seen: set[str] = set()
    out: list[str] = []
    for ch in text:
        if ch in seen:
            continue
        seen.add(ch)
        if not is_ignorable(ch) and font_for_char(ch) is None:
            out.append(ch)
    return tuple(out)


def font_runs(text: str, font: str = BODY_FONT) -> list[tuple[str, str]]:
    """Split `text` into (font name, run) pairs: runs `font` cannot draw go to the first fallback.

    Blanks stay in the current run (tabs and line breaks become a space, as in any paragraph);
    other invisible characters are dropped. Raises `UncoveredCharactersError` for characters no
    bundled font draws.
    """
    runs: list[tuple[str, list[str]]] = []
    missing: list[str] = []
    for ch in text:
        if is_ignorable(ch):
            if not ch.isspace():
                continue
            name = runs[-1][0] if runs else font
            ch = ch if ch in (" ", "\u3000") and ord(ch) in _load(name).glyphs else " "
        else:
            found = font_for_char(ch, font)
            if found is None:
                if ch not in missing:
                    missing.append(ch)
                continue
            name = found
        if runs and runs[-1][0] == name:
            runs[-1][1].append(ch)
        else:
            runs.append((name, [ch]))
    if missing:
        raise UncoveredCharactersError(missing)
    return [(name, "".join(chars)) for name, chars in runs]


def escape_markup(text: str) -> str:
    """Escape &, < and >; write U+3000 as an entity, which reportlab would otherwise squeeze to a space."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\u3000", "&#12288;")


@functools.lru_cache(maxsize=4096)  # as `_uncovered`: the same texts again and again, one answer each
def fallback_markup(text: str, font: str = BODY_FONT) -> str:
    """Paragraph markup for plain `text` whose base font is `font`, with per-character fallback.

    "吉𠮷祥" -> '吉<font name="WenKai">𠮷</font>祥'. &, < and > are escaped, so user text can never
    inject markup. The paragraph style must use `font` as its fontName.
    """
    parts = []
    for name, run in font_runs(text, font):
        escaped = escape_markup(run)
        parts.append(escaped if name == font else f'<font name="{name}">{escaped}</font>')
    return "".join(parts)
