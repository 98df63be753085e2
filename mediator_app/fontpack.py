"""A font the installer ships compressed, unpacked on first need: its manifest and its unpacked copy.

The installer ships the PDF fonts xz-compressed (tools/subset_fonts.py `pack`: the body font UMing
17.3 -> 5.7 MB, WenKai's subset 4.2 -> 2.4 MB, the rare-character font, HanaMinB's subset of CJK Ext
B–F, 29.6 -> 12.4 MB), each with a manifest beside it (`<name>.json`: its SHA-256, size and the code
points it draws as ranges), so the program can tell which font draws a character without opening it
(`Manifest.covers`). The first time a document or the window needs a font, it is unpacked once into
the user cache folder (UMing: ~0.8 s, once per installation and user) and checked against the
manifest's SHA-256. The check is remembered beside the copy (`<copy>.checked`: its size, modification
time and file id when it was checked); a later use hashes the copy again only when one of them has
changed (hashing UMing's 17 MB took ~40 ms, which every print would pay), and a copy that does not
match (a cut-off write, another file put in its place) is unpacked again. If the cache folder cannot
be written, the font is unpacked into memory for this process (and a Chinese message says so).

Both the PDFs (documents/fonts.py) and the window (ui/fonts.py) use it; no reportlab, no Qt here.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import logging
import os
from pathlib import Path

from mediator_app.frozen import frozen

log = logging.getLogger(__name__)

PACK_SUFFIX = ".xz"  # tools/subset_fonts.py, PACK_SUFFIX


class FontPackError(OSError):
    """The packed font or its manifest is missing or damaged: the installation must be repaired."""


# eq=False, repr=False: nothing compares, hashes or prints a manifest (its generated methods would be
# compiled in every print command; docs/tech-notes.md, "The print command").
@frozen(eq=False, repr=False)
class Manifest:
    """A compressed font file shipped with the program and what its unpacked file must be."""

    packed: Path  # the compressed file
    file: str  # the font's own file name
    sha256: str
    size: int
    starts: tuple[int, ...]  # the code-point ranges the font draws, as parallel sorted lists
    ends: tuple[int, ...]

    def covers(self, code: int) -> bool:
        """Does the font draw `code`? Answered from the manifest, without unpacking the font."""
        index = bisect.bisect_right(self.starts, code) - 1
        return index >= 0 and code <= self.ends[index]

    def code_points(self) -> frozenset[int]:
        return frozenset(c for start, end in zip(self.starts, self.ends, strict=True) for c in range(start, end + 1))


def is_packed(path: Path) -> bool:
    return path.name.endswith(PACK_SUFFIX)


def manifest(packed: Path) -> Manifest:
    """The manifest shipped beside `packed` (`fallback-ming-ext.ttf.xz` -> `fallback-ming-ext.ttf.json`)."""
    import json  # here: the print path rarely needs a manifest, the window's first paint never

    listing = packed.with_name(packed.name.removesuffix(PACK_SUFFIX) + ".json")
    try:
        data = json.loads(listing.read_text(encoding="utf-8"))
        ranges = sorted((int(start), int(end)) for start, end in data["ranges"])
        return Manifest(
            packed, str(data["file"]), str(data["sha256"]), int(data["size"]), *map(tuple, zip(*ranges, strict=True))
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise FontPackError(f"字体清单文件缺失或已损坏：{listing}，请重新安装本程序") from exc


def _stamp(path: Path) -> Path:
    """Where the record of `path`'s last successful check is kept."""
    return path.with_name(path.name + ".checked")


def _identity(path: Path, entry: Manifest) -> str:
    """What a check is remembered by: the digest checked against, the copy's size, modification time and
    file id. A rewrite, a truncation or another file moved into its place changes one of them."""
    stat = path.stat()
    return f"{entry.sha256} {stat.st_size} {stat.st_mtime_ns} {stat.st_ino}"


def _remember_check(path: Path, entry: Manifest) -> None:
    with contextlib.suppress(OSError):  # unrecorded, the next use hashes the copy again: time, not safety
        _stamp(path).write_text(_identity(path, entry), encoding="ascii")


def _recorded(path: Path, entry: Manifest) -> bool:
    """Was `path` checked against `entry` and left unchanged since (its record matches)?"""
    try:
        return _stamp(path).read_text(encoding="ascii") == _identity(path, entry)
    except (OSError, UnicodeDecodeError):
        return False


def _digest_matches(path: Path, entry: Manifest) -> bool:
    try:
        if path.stat().st_size != entry.size:
            return False
        if _recorded(path, entry):
            return True  # checked before, unchanged since
        with path.open("rb") as file:
            matches = hashlib.file_digest(file, "sha256").hexdigest() == entry.sha256
    except OSError:
        return False
    if matches:
        _remember_check(path, entry)
    return matches


def cached_copy(entry: Manifest, cache: Path) -> Path:
    """Where the unpacked copy lives: named by its digest, so another version's copy is another file."""
    return cache / "fonts" / f"{entry.sha256[:16]}-{entry.file}"


def checked_copy(packed: Path, cache: Path) -> Path | None:
    """The unpacked copy of `packed` when an earlier check of it still holds, else None; never hashes
    or unpacks (a few milliseconds: the window asks on its GUI thread, and unpacks on a thread of its
    own only when this says None, i.e. on the first start after an install)."""
    try:
        entry = manifest(packed)
    except FontPackError:
        return None
    target = cached_copy(entry, cache)
    return target if _recorded(target, entry) else None


def unpacked(packed: Path, cache: Path) -> Path | bytes:
    """The font of `packed`: its checked copy in `cache` (unpacked there first if needed), or its bytes
    when the cache cannot be written (a read-only profile, a full disk). FontPackError if it is damaged."""
    import lzma  # here: only the first use after an install unpacks

    if not packed.is_file():  # the font itself, before its manifest: the message names what is missing
        raise FontPackError(f"字体文件缺失或已损坏：{packed}，请重新安装本程序")
    entry = manifest(packed)
    target = cached_copy(entry, cache)
    if _digest_matches(target, entry):
        return target
    try:
        data = lzma.decompress(packed.read_bytes())
    except (OSError, lzma.LZMAError) as exc:
        raise FontPackError(f"字体文件缺失或已损坏：{packed}，请重新安装本程序") from exc
    if len(data) != entry.size or hashlib.sha256(data).hexdigest() != entry.sha256:
        raise FontPackError(f"字体文件已损坏（校验值不符）：{packed}，请重新安装本程序")
    temporary = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(data)
        temporary.replace(target)  # atomic: another process sees the old state or the whole file
        _remember_check(target, entry)  # the bytes were checked above
    except OSError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        log.warning(
            "无法写入缓存文件夹“%s”（%s）：字库 %s 本次在内存中展开，多占约 %d MB 内存，打印和显示不受影响",
            target.parent,
            exc.strerror or exc,
            entry.file,
            entry.size // 1_000_000,
        )
        return data
    _remove_other_versions(target)
    return target


def _remove_other_versions(current: Path) -> None:
    """Unpacked copies of an earlier version of the same font (another digest), with the records of their
    checks, and half-written copies of a process that was stopped while it wrote (`.tmp`): up to 30 MB each."""
    suffix = current.name.split("-", 1)[1]
    found = [current.parent.glob(f"*-{suffix}{end}") for end in ("", ".*.tmp", ".checked")]
    for old in (path for paths in found for path in paths):
        if old not in (current, _stamp(current)):
            with contextlib.suppress(OSError):  # in use by another process on Windows: next time
                old.unlink()
