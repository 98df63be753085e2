"""How a bundled font file is read, kept between runs and embedded: the part of font handling that
works around reportlab (`fonts` decides which font draws which character).

- The file is memory-mapped, and reportlab's subsetting is given a view of its glyph table instead
  of a copy.
- The tables reportlab parses are kept in the user cache folder between runs (`marshal` data).
- Embedded subsets are deflated at zlib's fastest level and their ToUnicode CMaps written with
  UTF-16 surrogate pairs beyond the BMP (`EmbeddedTTFont`).
"""

from __future__ import annotations

import array
import contextlib
import marshal
import mmap
import threading
import weakref
import zlib
from bisect import bisect_left
from collections.abc import ItemsView, Iterator, KeysView, Mapping, ValuesView
from fnmatch import fnmatch
from glob import escape as glob_escape
from pathlib import Path
from typing import Any

from reportlab import Version as REPORTLAB_VERSION
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, TTEncoding, TTFNameBytes, TTFont, TTFontFace


def keep_glyph_table(face: Any) -> None:
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
_CACHE_FORMAT = "c7"  # changes with what is cached (c7: the cmap as two arrays; c6: a CRC-32 before the tables)
# Per-glyph tables kept as packed integers (marshal reads bytes at once; a list of 27,000 tuples took a
# third of loading a face): glyphPos as an array, hmetrics as advance and side-bearing arrays, the cmap
# as sorted code points and their glyphs (`Cmap`).
_PACKED = ("glyphPos", "hmetrics", "charToGlyph")


# The cache files are checked for damage, not for tampering (whoever can write the user's cache folder
# can write a matching digest too): a CRC-32 finds any burst of up to 32 changed bits and all but one
# in 4 billion other damage. It replaced a SHA-256, which took 12.7 ms for the two fonts of an
# agreement on a CPU without the SHA instructions (most office PCs before 2021), 1.4 ms with them,
# against 0.6 ms (docs/tech-notes.md, "The print command").
CHECK_SIZE = 4


def _check_value(payload: bytes | memoryview) -> bytes:
    return zlib.crc32(payload).to_bytes(CHECK_SIZE, "big")


def cache_file(path: Path, subfont: int, folder: Path) -> Path | None:
    """Where the parsed tables of face `subfont` of the font file `path` are kept, inside `folder`."""
    try:
        stat = path.stat()
    except OSError:
        return None
    key = f"{path.name}.{subfont}.{stat.st_size}.{stat.st_mtime_ns}.rl{REPORTLAB_VERSION}.{_CACHE_FORMAT}.marshal"
    return folder / "fonts" / key


class Coverage:
    """The code points a font draws with a real glyph: those its cmap maps (the face's `charToGlyph`)
    but the few in `missing` (mapped to .notdef or to an empty glyph).

    Kept as that difference rather than as a set of its own: a set of the 24,000–60,000 code points of
    a bundled font was ~1 ms to read from the cache and ~2.5 ms to build in every process that loads
    the font (two fonts for any agreement: ~4 % of the agreement command)."""

    __slots__ = ("_mapped", "_missing", "_points")

    def __init__(self, mapped: Mapping[int, int], missing: frozenset[int]) -> None:
        self._mapped, self._missing = mapped, missing
        self._points: frozenset[int] | None = None

    def __contains__(self, code: object) -> bool:
        return code in self._mapped and code not in self._missing

    def code_points(self) -> frozenset[int]:
        """The set, made once on first use (about 2 ms for a 60,000-character font; callers ask often)."""
        if self._points is None:
            self._points = frozenset(self._mapped).difference(self._missing)
        return self._points


def save_parsed(target: Path, font: Any, missing: frozenset[int], stale_prefix: str) -> None:
    """Keep a parsed font's tables and measured coverage (the mapped code points it does not draw:
    `Coverage`) in `target`; delete older versions' files."""
    face = {
        k: (bytes(v) if isinstance(v, bytes) else v)
        for k, v in font.face.__dict__.items()
        if k not in _NOT_CACHED and k not in _PACKED
    }
    face.update(_pack(font.face))
    names = [k for k, v in font.face.__dict__.items() if isinstance(v, TTFNameBytes)]
    temporary = target.with_suffix(f".{threading.get_ident()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        payload = marshal.dumps({"face": face, "names": names, "missing": sorted(missing)})
        temporary.write_bytes(_check_value(payload) + payload)
        temporary.replace(target)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):  # a full disk: no half-written file stays
            temporary.unlink()
        return  # a cache that cannot be written only costs time
    _remove_stale(target, stale_prefix)


def _remove_stale(current: Path, prefix: str) -> None:
    """Delete the cache files of earlier versions of the same font (another size, time or reportlab):
    every update of the program would otherwise leave a few megabytes behind."""
    for old in current.parent.glob(f"{glob_escape(prefix)}*.marshal"):
        if old != current:
            with contextlib.suppress(OSError):  # in use by another process on Windows, or gone: next time
                old.unlink()


def load_parsed(target: Path, name: str, path: Path) -> tuple[Any, Coverage] | None:
    """The font `name` over the tables kept in `target` (the file `path` mapped, not parsed) and its
    coverage; None when there is no usable cache file."""
    if not target.is_file():
        return None
    try:
        raw = target.read_bytes()
        # A damaged file (a bad sector, a cut-off write) can still be valid marshal data whose glyph
        # tables are wrong: the PDF would then show blanks. The check value lets through only what was written.
        payload = memoryview(raw)[CHECK_SIZE:]
        if _check_value(payload) != raw[:CHECK_SIZE]:
            return None
        data = marshal.loads(payload)
        face = _CachedFace(data["face"], data["names"], _map_file(path))
        return EmbeddedTTFont.with_face(name, face), Coverage(face.charToGlyph, frozenset(data["missing"]))
    except (OSError, ValueError, EOFError, TypeError, KeyError, AttributeError):
        return None


def _pack(face: Any) -> dict[str, Any]:
    advances, bearings = zip(*face.hmetrics, strict=True) if face.hmetrics else ((), ())
    # Advances are doubles: reportlab stores the glyphs past numberOfHMetrics with a scaled (float)
    # advance and the others as integers, and only ever uses int(advance) (makeSubset's hmtx).
    packed: dict[str, Any] = {
        "glyphPos": array.array("q", face.glyphPos).tobytes(),
        "hmetrics_advance": array.array("d", advances).tobytes(),
        "hmetrics_bearing": array.array("q", bearings).tobytes(),
    }
    cmap = face.charToGlyph
    if cmap.keys() != face.charWidths.keys():  # pragma: no cover - reportlab fills both for each code point
        packed["charToGlyph"] = dict(cmap)
        return packed
    codes = sorted(cmap)
    packed["cmap_codes"] = array.array("I", codes).tobytes()
    packed["cmap_glyphs"] = array.array("I", [cmap[code] for code in codes]).tobytes()
    return packed


class _Pairs:
    """reportlab's hmetrics list — (advance width, left side bearing) per glyph — over two arrays."""

    def __init__(self, advances: array.array[float], bearings: array.array[int]) -> None:
        self._advances, self._bearings = advances, bearings

    def __len__(self) -> int:
        return len(self._advances)

    def __getitem__(self, glyph: int) -> tuple[float, int]:
        return self._advances[glyph], self._bearings[glyph]


class Cmap(Mapping[int, int]):
    """reportlab's charToGlyph (code point -> glyph) over two sorted arrays read from the cache.

    As a dict, the cmap of each of an agreement's two fonts (24,000-29,000 entries) was built in every
    process that printed, for the few hundred characters a document draws (docs/tech-notes.md, "The
    print command"). Whether a code point is mapped is answered by the face's width dict, which has the
    same keys (`_pack` keeps the arrays only then) and must stay a dict (rl_accel's stringWidth reads
    it directly); a glyph is found by bisection. Iterated over or changed (reportlab's shaping adds
    private-use entries), the mapping becomes a dict once and answers from it after.
    """

    __slots__ = ("_codes", "_dict", "_glyphs", "_mapped")

    def __init__(self, codes: array.array[int], glyphs: array.array[int], mapped: dict[int, Any]) -> None:
        self._codes, self._glyphs, self._mapped = codes, glyphs, mapped
        self._dict: dict[int, int] | None = None

    def __contains__(self, code: object) -> bool:
        if self._dict is not None:
            return code in self._dict
        return isinstance(code, int) and self._at(code) is not None

    def __getitem__(self, code: int) -> int:
        if self._dict is not None:
            return self._dict[code]
        at = self._at(code)
        if at is None:
            raise KeyError(code)
        return self._glyphs[at]

    def _at(self, code: int) -> int | None:
        """The code point's place in the arrays; the width dict first, a cheap refusal of most code
        points, then the arrays themselves (a width added later is no mapping)."""
        if code not in self._mapped:
            return None
        at = bisect_left(self._codes, code)
        return at if at < len(self._codes) and self._codes[at] == code else None

    def __setitem__(self, code: int, glyph: int) -> None:
        self._whole()[code] = glyph

    def __iter__(self) -> Iterator[int]:
        return iter(self._whole())

    def __len__(self) -> int:
        return len(self._codes) if self._dict is None else len(self._dict)

    def keys(self) -> KeysView[int]:
        return self._whole().keys()

    def items(self) -> ItemsView[int, int]:
        return self._whole().items()

    def values(self) -> ValuesView[int]:
        return self._whole().values()

    def _whole(self) -> dict[int, int]:
        if self._dict is None:
            self._dict = dict(zip(self._codes, self._glyphs, strict=True))
        return self._dict


def _unpack(tables: dict[str, Any]) -> dict[str, Any]:
    def values(key: str, code: str) -> array.array[Any]:
        out = array.array(code)
        out.frombytes(tables.pop(key))
        return out

    unpacked = {
        "glyphPos": values("glyphPos", "q"),
        "hmetrics": _Pairs(values("hmetrics_advance", "d"), values("hmetrics_bearing", "q")),
    }
    if "cmap_codes" in tables:
        codes, glyphs = values("cmap_codes", "I"), values("cmap_glyphs", "I")
        if len(codes) != len(glyphs) or len(codes) != len(tables["charWidths"]):
            raise ValueError("the cached cmap does not match the widths")
        unpacked["charToGlyph"] = Cmap(codes, glyphs, tables["charWidths"])
    return unpacked


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


class EmbeddedTTFont(TTFont):  # type: ignore[misc]  # reportlab ships no type hints
    """A TTFont whose ToUnicode CMaps also map characters outside the BMP correctly.

    reportlab writes every code point as four hex digits, which is invalid beyond U+FFFF: 𠮷
    (U+20BB7) is drawn right but copies, searches and extracts as garbage (docs/tech-notes.md). After
    reportlab has written its font objects, the CMaps of subsets holding such characters are
    rewritten with UTF-16 surrogate pairs, as the PDF specification asks.
    """

    @classmethod
    def with_face(cls, name: str, face: Any) -> EmbeddedTTFont:
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
