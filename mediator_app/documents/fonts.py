"""The bundled fonts: lazy registration with reportlab, glyph coverage and per-character fallback.

reportlab embeds TrueType outlines only, and no single open TrueType CJK font covers every name a
mediator meets (docs/tech-notes.md), so text is drawn in the body font and each character the body font
lacks is drawn in the first fallback font that has it. A character no bundled font has is reported
(`uncovered_chars`), never printed blank: a missing character in a party's name on a legal document
is a defect. Coverage is measured from each font's cmap and glyph table, not assumed.

Fonts are loaded on first use, one by one (a document in everyday characters never loads the
fallbacks), under a lock, and registered with reportlab once per process. Files and licences:
resources/fonts/README.md.
"""

from __future__ import annotations

import array
import contextlib
import functools
import marshal
import mmap
import threading
import unicodedata
import weakref
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from fnmatch import fnmatch
from glob import escape as glob_escape
from pathlib import Path
from typing import Any

from reportlab import Version as REPORTLAB_VERSION
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, TTEncoding, TTFError, TTFNameBytes, TTFont, TTFontFace

from mediator_app.errors import UserFacingError
from mediator_app.paths import resource_path, user_cache_dir


@dataclass(frozen=True)
class BundledFont:
    name: str  # the name the font is registered under with reportlab
    filename: str  # inside resources/fonts/
    subfont: int = 0  # index inside a TrueType collection (.ttc)


BODY_FONT = "UMing"  # AR PL UMing CN: Ming/Song face, all of GB 2312
KAI_FONT = "WenKai"  # LXGW WenKai: Kai face, first fallback (has 𠮷 U+20BB7)
EXT_B_FONT = "HanaMinB"  # Hanazono Mincho B: the whole of CJK Ext B (and C-F), second fallback

# Fallback order: the body font first, then the first font that covers a missing character wins.
BUNDLED_FONTS: tuple[BundledFont, ...] = (
    BundledFont(BODY_FONT, "uming.ttc", 0),
    BundledFont(KAI_FONT, "LXGWWenKai-Regular.ttf"),
    BundledFont(EXT_B_FONT, "HanaMinB.ttf"),
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


@dataclass(frozen=True)
class _LoadedFont:
    font: Any  # reportlab TTFont
    glyphs: frozenset[int]  # code points the font draws with a real glyph


_lock = threading.Lock()
_loaded: dict[str, _LoadedFont] = {}


def font_files() -> list[Path]:
    """The bundled font files in fallback order (the Qt UI registers the same files)."""
    return [resource_path("fonts", f.filename) for f in BUNDLED_FONTS]


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
    return _load(name).glyphs


def _load(name: str) -> _LoadedFont:
    loaded = _loaded.get(name)
    if loaded is not None:
        return loaded
    spec = _BY_NAME[name]
    with _lock:
        loaded = _loaded.get(name)
        if loaded is None:
            path = resource_path("fonts", spec.filename)
            loaded = _from_cache(spec, path)
            if loaded is None:
                try:
                    font = _EmbeddedTTFont(spec.name, str(path), subfontIndex=spec.subfont)
                except (OSError, TTFError) as exc:
                    raise FontError(f"字体文件缺失或已损坏：{path}，请重新安装本程序") from exc
                loaded = _LoadedFont(font, _drawable_code_points(font))
                _to_cache(spec, path, loaded)
            _keep_glyph_table(loaded.font.face)
            pdfmetrics.registerFont(loaded.font)
            _loaded[name] = loaded
    return loaded


def _keep_glyph_table(face: Any) -> None:
    """Give reportlab's subsetting a view of the glyph table instead of a copy.

    reportlab slices the whole 'glyf' table (most of a 20 MB font) from the file data each time it
    embeds a subset, only to slice the few glyphs it needs out of it: a fifth of the time of a
    two-page agreement. A view copies just those glyphs.
    """
    read = face.get_table

    def get_table(tag: str) -> bytes | _TableView:
        if tag != "glyf":
            return bytes(read(tag))
        start, length = face.get_table_pos(tag)
        return _TableView(face._ttf_data, start, length)

    face.get_table = get_table


class _TableView:
    """One table of a font file; slicing copies only the slice (what makeSubset does with 'glyf')."""

    def __init__(self, data: Any, start: int, length: int) -> None:
        self._data, self._start, self._length = data, start, length

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, index: slice) -> bytes:
        start, stop, step = index.indices(self._length)
        if step != 1:  # pragma: no cover - reportlab slices contiguous glyphs only
            raise ValueError("font table views support contiguous slices only")
        return bytes(self._data[self._start + start : self._start + max(start, stop)])


def _map_file(path: Path) -> Any:
    """The font file's bytes, memory-mapped: only the pages a document uses are read from disk."""
    with path.open("rb") as f:
        try:
            return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):  # pragma: no cover - a file system that cannot map files
            return f.read()


# ---------------------------------------------------------------- parsed fonts kept between runs
# reportlab parses a font's tables in Python (about 0.15 s for each bundled font, in every new
# process: each command-line run, the first print of the GUI). The parsed tables and the measured
# coverage are kept in the user cache folder as `marshal` data (plain values only, nothing that
# runs code when read), keyed by the font file's size and time and the reportlab version; anything
# unexpected there is ignored and the font parsed again.


# What is left out of the cache: the file data, a function, and 'glyphToChar', which reportlab uses
# only while it parses the tables (rebuilt on demand by _CachedFace; leaving it out halves the load).
_NOT_CACHED = ("_ttf_data", "_pdfScale", "glyphToChar")
_CACHE_FORMAT = "c3"  # changes with what is cached
# Per-glyph tables kept as packed integers (marshal reads bytes at once; a list of 27,000 tuples took a
# third of loading a face): glyphPos as an array, hmetrics as advance and side-bearing arrays.
_PACKED = ("glyphPos", "hmetrics")


def _cache_file(spec: BundledFont, path: Path) -> Path | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    key = f"{path.name}.{spec.subfont}.{stat.st_size}.{stat.st_mtime_ns}.rl{REPORTLAB_VERSION}.{_CACHE_FORMAT}.marshal"
    return user_cache_dir() / "fonts" / key


def _to_cache(spec: BundledFont, path: Path, loaded: _LoadedFont) -> None:
    target = _cache_file(spec, path)
    if target is None:
        return
    face = {
        k: (bytes(v) if isinstance(v, bytes) else v)
        for k, v in loaded.font.face.__dict__.items()
        if k not in _NOT_CACHED and k not in _PACKED
    }
    face.update(_pack(loaded.font.face))
    names = [k for k, v in loaded.font.face.__dict__.items() if isinstance(v, TTFNameBytes)]
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(f".{threading.get_ident()}.tmp")
        temporary.write_bytes(marshal.dumps({"face": face, "names": names, "glyphs": sorted(loaded.glyphs)}))
        temporary.replace(target)
    except (OSError, ValueError):
        return  # a cache that cannot be written only costs time
    _remove_stale(target, f"{path.name}.{spec.subfont}.")


def _remove_stale(current: Path, prefix: str) -> None:
    """Delete the cache files of earlier versions of the same font (another size, time or reportlab):
    every update of the program would otherwise leave a few megabytes behind."""
    for old in current.parent.glob(f"{glob_escape(prefix)}*.marshal"):
        if old != current:
            with contextlib.suppress(OSError):  # in use by another process on Windows, or gone: next time
                old.unlink()


def _from_cache(spec: BundledFont, path: Path) -> _LoadedFont | None:
    target = _cache_file(spec, path)
    if target is None or not target.is_file():
        return None
    try:
        data = marshal.loads(target.read_bytes())
        face = _CachedFace(data["face"], data["names"], _map_file(path))
        return _LoadedFont(_EmbeddedTTFont.with_face(spec.name, face), frozenset(data["glyphs"]))
    except (OSError, ValueError, EOFError, TypeError, KeyError, AttributeError):
        return None


def _pack(face: Any) -> dict[str, bytes]:
    advances, bearings = zip(*face.hmetrics, strict=True) if face.hmetrics else ((), ())
    # Advances are doubles: reportlab stores the glyphs past numberOfHMetrics with a scaled (float)
    # advance and the others as integers, and only ever uses int(advance) (makeSubset's hmtx).
    return {
        "glyphPos": array.array("q", face.glyphPos).tobytes(),
        "hmetrics_advance": array.array("d", advances).tobytes(),
        "hmetrics_bearing": array.array("q", bearings).tobytes(),
    }


class _Pairs:
    """reportlab's hmetrics list — (advance width, left side bearing) per glyph — over two arrays."""

    def __init__(self, advances: array.array[float], bearings: array.array[int]) -> None:
        self._advances, self._bearings = advances, bearings

    def __len__(self) -> int:
        return len(self._advances)

    def __getitem__(self, glyph: int) -> tuple[float, int]:
        return self._advances[glyph], self._bearings[glyph]


def _unpack(tables: dict[str, Any]) -> dict[str, Any]:
    def values(key: str, code: str) -> array.array[Any]:
        out = array.array(code)
        out.frombytes(tables.pop(key))
        return out

    return {
        "glyphPos": values("glyphPos", "q"),
        "hmetrics": _Pairs(values("hmetrics_advance", "d"), values("hmetrics_bearing", "q")),
    }


class _CachedFace(TTFontFace):  # type: ignore[misc]  # reportlab ships no type hints
    """A TTFontFace restored from its parsed tables instead of parsing the file again."""

    def __init__(self, tables: dict[str, Any], names: list[str], ttf_data: Any) -> None:
        pdfmetrics.TypeFace.__init__(self, None)
        tables.update(_unpack(tables))
        self.__dict__.update(tables)
        for key in names:
            self.__dict__[key] = TTFNameBytes(tables[key])
        self._ttf_data = ttf_data
        units = self.unitsPerEm
        self._pdfScale = (lambda x: x) if units == 1000 else (lambda x: x * (1000 / units))

    def __getattr__(self, name: str) -> Any:
        if name != "glyphToChar":
            raise AttributeError(name)
        inverse: dict[int, list[int]] = {}  # not cached (see _NOT_CACHED): rebuilt should it be asked for
        for char, glyph in sorted(self.charToGlyph.items()):
            inverse.setdefault(glyph, []).append(char)
        self.glyphToChar = inverse
        return inverse


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
        if code in _load(name).glyphs:
            return name
    return None


def uncovered_chars(text: str) -> list[str]:
    """The distinct characters of `text`, in order, that no bundled font draws (blanks ignored)."""
    seen: set[str] = set()
    out: list[str] = []
    for ch in text:
        if ch in seen:
            continue
        seen.add(ch)
        if not is_ignorable(ch) and font_for_char(ch) is None:
            out.append(ch)
    return out


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


class _EmbeddedTTFont(TTFont):  # type: ignore[misc]  # reportlab ships no type hints
    """A TTFont whose ToUnicode CMaps also map characters outside the BMP correctly.

    reportlab writes every code point as four hex digits, which is invalid beyond U+FFFF: 𠮷
    (U+20BB7) is drawn right but copies, searches and extracts as garbage (docs/tech-notes.md). After
    reportlab has written its font objects, the CMaps of subsets holding such characters are
    rewritten with UTF-16 surrogate pairs, as the PDF specification asks.
    """

    @classmethod
    def with_face(cls, name: str, face: Any) -> _EmbeddedTTFont:
        """The font over an already parsed face: what TTFont.__init__ does, minus the parsing."""
        font = cls.__new__(cls)
        font.fontName = name
        font.face = face
        font.encoding = TTEncoding()
        font.state = weakref.WeakKeyDictionary()
        font._asciiReadable = rl_config.ttfAsciiReadable
        font.shapable = not any(fnmatch(name, glob) for glob in rl_config.unShapedFontGlob)
        return font

    def addObjects(self, doc: Any) -> None:
        state = self.state.get(doc)
        subsets = [list(s) for s in state.subsets] if state is not None else []
        super().addObjects(doc)
        face = self.face
        for n, subset in enumerate(subsets):
            base = b"".join((SUBSETN(n), b"+", face.name, face.subfontNameX)).decode("pdfdoc")
            program = doc.idToObject.get(f"fontFile:{face.filename}({base})")
            if program is not None and program.filters:
                program.filters = [_FAST_FLATE]
            if all(code <= 0xFFFF for code in subset):
                continue
            stream = doc.idToObject.get("toUnicodeCMap:" + base)
            if stream is not None:
                stream.content = to_unicode_cmap(base, subset)


class _FastFlate:
    """Flate compression at zlib's fastest level, for the embedded font programs.

    The glyph outlines of a subset (about 100 KB for a page of Chinese) were compressed at zlib's
    default level, a tenth of the time of printing an agreement; the fastest level takes a third
    of that time for a file about 10% larger. Any PDF reader inflates both alike.
    """

    pdfname = "FlateDecode"

    def encode(self, data: bytes | str) -> bytes:
        return zlib.compress(data.encode("utf8") if isinstance(data, str) else data, 1)

    def decode(self, encoded: bytes) -> bytes:
        return zlib.decompress(encoded)


_FAST_FLATE = _FastFlate()


def to_unicode_cmap(name: str, subset: list[int]) -> str:
    """A ToUnicode CMap for a one-byte subset, code point i -> subset[i] in UTF-16BE."""
    entries = [f"<{i:02X}> <{chr(code).encode('utf-16-be').hex().upper()}>" for i, code in enumerate(subset)]
    blocks: list[str] = []
    for at in range(0, len(entries), 100):  # PDF 32000-1 §9.10.3: at most 100 entries per block
        chunk = entries[at : at + 100]
        blocks += [f"{len(chunk)} beginbfchar", *chunk, "endbfchar"]
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            f"<< /Registry ({name})",
            f"/Ordering ({name})",
            "/Supplement 0",
            ">> def",
            f"/CMapName /{name} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            *blocks,
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )
