"""The fallback fonts the installer ships: subsets of the bundled fallback fonts, made at build time.

The body font (AR PL UMing) draws nearly everything; the fallback fonts are searched only for what
it lacks (`mediator_app.documents.fonts`, `font_for_char`). Shipping them whole cost 46 MB of the
frozen bundle for glyphs that are never drawn. `build_installer.spec` calls `make_subsets`, which
keeps in each fallback font exactly the characters a document or the window can take from it:

- WenKai (Kai face): what UMing lacks, the characters UMing draws unfit (`DESIGN_OVERRIDES`: 〇),
  and every character of the program's own text (forms, messages, labels), because the forms'
  section headings are set in WenKai. A heading character outside that set is drawn in UMing.
- HanaMinB: what neither UMing nor WenKai draws (CJK Ext B–F, its whole purpose).

Coverage is measured as the program measures it (a cmap entry counts only if its glyph has an
outline), and the result is checked before it is written: every character the whole fonts drew is
drawn by the subsets, by the same font when the body font is preferred. A subset that would lose
one character fails the build instead of printing a blank.

Both fallback fonts are under the SIL Open Font License with Reserved Font Names ("霞鹜", "LXGW";
"Hanazono Font", "HanaMinB"): a subset is a Modified Version, so it is renamed (`NEW_NAMES`) and
ships under new file names (`SUBSET_FILES`); the licences ship unchanged beside it
(resources/fonts/README.md).

More cuts for the installer's size (`shipped_fonts`): the body font ships as its one used face
without bitmaps and unreached glyphs, with the change notice its licence asks for (`make_body`); the
three PDF fonts ship xz-compressed, each with a manifest of what it covers (`pack`; the program
unpacks each once, on first need: mediator_app/fontpack.py); the screen face ships as its one used
face without the glyphs no character reaches and without glyph names, with a change notice
(`make_ui_face`).

The files are reproducible: two builds of the same sources give the same bytes on any day. Nothing
reads the clock (`dated`): the fonts' head tables keep their sources' dates and the change notices name
the program's version, unless the build sets SOURCE_DATE_EPOCH (reproducible-builds.org), which
then dates both.

Run by hand: python tools/subset_fonts.py OUT_DIR   (a few minutes; prints sizes)
"""

from __future__ import annotations

import hashlib
import json
import logging
import lzma
import os
import sys
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from fontTools import subset
from fontTools.misc.timeTools import epoch_diff
from fontTools.ttLib import TTFont

from mediator_app import __version__

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "resources" / "fonts"

BODY = ("uming.ttc", 0)
KAI = "LXGWWenKai-Regular.ttf"
EXT_B = "HanaMinB.ttf"
# The subsets' file names; mediator_app/documents/fonts.py (BUNDLED_FONTS) and mediator_app/ui/fonts.py
# look for these when the original file is not there (the frozen bundle).
SUBSET_FILES = {KAI: "fallback-kai.ttf", EXT_B: "fallback-ming-ext.ttf"}
# The body font's one face, without what the program never draws (`make_body`).
BODY_SUBSET = "uming-cn.ttf"
# The PDF fonts ship xz-compressed (`pack`), unpacked on first use (mediator_app/fontpack.py).
PACK_SUFFIX = ".xz"
# The screen face (mediator_app/ui/fonts.py, UI_FONT_FILE): the repository keeps the collection's
# proportional face alone (tools/ui_face.py); the installer ships it without unused glyphs (`make_ui_face`).
UI_FACE = ("wqy-microhei.ttf", 0)
UI_SUBSET = "wqy-microhei.ttf"
# The source files the installer does not ship: `shipped_fonts` stands in for them.
REPLACED = (BODY[0], KAI, EXT_B, UI_FACE[0])
# (family, PostScript name) of each subset: no Reserved Font Name (OFL §3).
NEW_NAMES = {
    KAI: ("MediationDesk Kai", "MediationDeskKai-Regular"),
    EXT_B: ("MediationDesk Ming Ext", "MediationDeskMingExt"),
}
# Characters the body font has but draws unfit, taken from WenKai (documents/fonts.py, _DESIGN_OVERRIDES).
DESIGN_OVERRIDES = "〇"
# The program's own text: any character in these files can reach a WenKai heading.
_TEXT_GLOBS = ("forms/*.json", "mediator_app/**/*.py", "resources/**/*.json")


def drawable(font: TTFont) -> set[int]:
    """Code points mapped to a glyph with an outline (or blank by nature, like spaces): as the program
    measures coverage (documents/fonts.py, _drawable_code_points)."""
    glyf = font["glyf"]
    order = font.getGlyphOrder()
    out = set()
    for code, name in font.getBestCmap().items():
        if name == order[0]:
            continue
        if glyf[name].numberOfContours == 0 and not chr(code).isspace():
            continue
        out.add(code)
    return out


def program_text(root: Path = ROOT) -> set[int]:
    """Every character of the program's forms, source and data files."""
    chars: set[int] = set()
    for pattern in _TEXT_GLOBS:
        for path in root.glob(pattern):
            chars.update(map(ord, path.read_text(encoding="utf-8")))
    return chars


def _rename(font: TTFont, family: str, postscript: str) -> None:
    """Replace every name record that carries the original names (OFL Reserved Font Names)."""
    names = {1: family, 3: f"{postscript};subset", 4: family, 6: postscript, 16: family, 17: "Regular", 2: "Regular"}
    table = font["name"]
    table.names = [record for record in table.names if record.nameID not in (*names, 18, 21, 22)]
    for name_id, text in names.items():
        table.setName(text, name_id, 3, 1, 0x409)
        table.setName(text, name_id, 1, 0, 0)


def dated(font: TTFont) -> str:
    """Date the modified `font` without reading the clock, so that a build gives the same bytes on any
    day: with SOURCE_DATE_EPOCH set (reproducible-builds.org; seconds since 1970) its head table's
    modification time becomes that moment, else it stays the source font's (the font must be opened
    with recalcTimestamp=False, or saving would write the time of the save). Returns the change
    notice's opening, which says when: "Modified 2026-12-06 by Mediation Desk 0.1.0's …", or without
    SOURCE_DATE_EPOCH the version alone."""
    tool = f"Mediation Desk {__version__}'s tools/subset_fonts.py"
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return f"Modified by {tool}"
    font["head"].modified = int(epoch) - epoch_diff  # the head table counts from 1904 (epoch_diff < 0)
    return f"Modified {datetime.fromtimestamp(int(epoch), UTC).date().isoformat()} by {tool}"


def _subset(source: Path, target: Path, keep: Iterable[int], names: tuple[str, str]) -> None:
    options = subset.Options()
    options.layout_features = ["*"]  # vertical forms (vert), whatever the face has
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False  # post format 3: glyph names are not needed to draw or embed
    options.drop_tables = [*options.drop_tables, "FFTM"]
    font = TTFont(source, recalcBBoxes=False, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(keep))
    subsetter.subset(font)
    _rename(font, *names)
    dated(font)  # OFL: the new names are the notice
    target.parent.mkdir(parents=True, exist_ok=True)
    font.save(target)


def plan(fonts: Path = FONTS, root: Path = ROOT) -> tuple[dict[str, set[int]], dict[str, set[int]]]:
    """(coverage of each whole font, characters each fallback subset keeps)."""
    body = drawable(TTFont(fonts / BODY[0], fontNumber=BODY[1], lazy=True))
    kai = drawable(TTFont(fonts / KAI, lazy=True))
    ext_b = drawable(TTFont(fonts / EXT_B, lazy=True))
    keep_kai = (kai - body) | (kai & (program_text(root) | set(map(ord, DESIGN_OVERRIDES))))
    keep_ext_b = ext_b - body - kai
    return {BODY[0]: body, KAI: kai, EXT_B: ext_b}, {KAI: keep_kai, EXT_B: keep_ext_b}


def check(whole: dict[str, set[int]], made: dict[str, set[int]]) -> None:
    """Every character the whole fonts drew, drawn by the same font with the body font preferred."""
    order = (BODY[0], KAI, EXT_B)
    before = {code: next(f for f in order if code in whole[f]) for code in set().union(*whole.values())}
    shipped = {BODY[0]: whole[BODY[0]], **made}
    after = {code: next((f for f in order if code in shipped[f]), None) for code in before}
    lost = sorted(code for code, font in after.items() if font != before[code])
    if lost:
        listed = ", ".join(f"U+{code:04X}" for code in lost[:20])
        raise SystemExit(f"font subsets would change or lose {len(lost)} characters: {listed}")


def make_subsets(out_dir: Path, fonts: Path = FONTS) -> dict[str, Path]:
    """Write the fallback subsets into `out_dir`, checked; returns {original file name: subset file}."""
    logging.getLogger("fontTools").setLevel(logging.WARNING)  # a line per table otherwise, in the build's log
    whole, keep = plan(fonts)
    written = {}
    for original, chars in keep.items():
        target = out_dir / SUBSET_FILES[original]
        _subset(fonts / original, target, chars, NEW_NAMES[original])
        written[original] = target
    made = {original: drawable(TTFont(path, lazy=True)) for original, path in written.items()}
    check(whole, made)
    return written


def _one_face(source_file: Path, number: int, target: Path, drop: tuple[str, ...], notice: str) -> Path:
    """Face `number` of a collection as a font of its own at `target`: every character it maps, the
    layout features and names it has, without glyph names (post format 3), the glyphs nothing reaches
    and the tables `drop`, with `notice` as its name record 10. Checked: every character it drew is drawn."""
    source = TTFont(source_file, fontNumber=number, recalcBBoxes=False, recalcTimestamp=False)
    before = drawable(source)
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    options.drop_tables = [*options.drop_tables, "FFTM", *drop]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(source.getBestCmap()))
    subsetter.subset(source)
    source["name"].setName(f"{dated(source)}: {notice}", 10, 3, 1, 0x409)
    target.parent.mkdir(parents=True, exist_ok=True)
    source.save(target)
    with TTFont(target, lazy=True) as opened:
        after = drawable(opened)
    if after != before:
        raise SystemExit(f"{target.name} would lose {len(before - after)} characters")
    return target


def make_body(out_dir: Path, fonts: Path = FONTS) -> Path:
    """AR PL UMing CN alone, as the installer ships it (`BODY_SUBSET`): the one face of uming.ttc the
    program uses (the collection's HK, TW and TW MBE faces share its glyph table but map 2,700 glyphs no
    CN character reaches), without those glyphs, the embedded bitmaps (EBDT/EBLC/BDF: the PDF embeds
    outlines and the screen draws UMing only for the few characters the screen face lacks) and the glyph
    names: 21.1 -> 17.3 MB. Every character the face drew is still drawn, checked. The Arphic Public
    License allows such a change with a notice in the file of how and when it was changed (§2a): name
    record 10 (description) says so, and resources/fonts/README.md repeats it. Names are unchanged."""
    notice = (
        "the face AR PL UMing CN taken out of uming.ttc (fonts-arphic-uming 0.2.20080216.2), the glyphs no "
        "character of this face reaches, the embedded bitmaps and the glyph names removed; outlines unchanged."
    )
    drop = ("EBDT", "EBLC", "EBSC", "BDF ")
    return _one_face(fonts / BODY[0], BODY[1], out_dir / BODY_SUBSET, drop, notice)


def make_ui_face(out_dir: Path, fonts: Path = FONTS) -> Path:
    """WenQuanYi Micro Hei as the installer ships it (`UI_SUBSET`, the same name): the repository's
    proportional face of wqy-microhei.ttc (tools/ui_face.py; the collection's "Mono" face is left out
    there) without the 15,000 glyphs that neither a character nor a layout feature reaches, and
    without glyph names (post format 3): 4.6 -> 3.9 MB (the whole collection: 5.2). Outlines and hinting
    (the screen's small sizes, 53 KB) are unchanged; every character the face drew is still drawn,
    checked. The Apache License 2.0 (§4b) asks a modified file to say that it was changed: name record
    10 (description) does, and resources/fonts/README.md repeats it. Names are unchanged."""
    notice = (
        "the face WenQuanYi Micro Hei taken out of wqy-microhei.ttc (fonts-wqy-microhei 0.2.0-beta-3.1), the "
        "glyphs no character of this face reaches and the glyph names removed; outlines and hinting unchanged."
    )
    return _one_face(fonts / UI_FACE[0], UI_FACE[1], out_dir / UI_SUBSET, (), notice)


def code_ranges(codes: Iterable[int]) -> list[list[int]]:
    """[[first, last], …] of consecutive code points: HanaMinB's 57,837 characters in 1,976 pairs."""
    out: list[list[int]] = []
    for code in sorted(codes):
        if out and out[-1][1] == code - 1:
            out[-1][1] = code
        else:
            out.append([code, code])
    return out


def pack(font: Path, out_dir: Path) -> tuple[Path, Path]:
    """`font` compressed with xz (`<name>.xz`) and its manifest (`<name>.json`: SHA-256, size and the code
    points it draws, as ranges), which lets the program choose fonts without unpacking it
    (mediator_app/fontpack.py). HanaMinB's subset: 29.6 -> 12.4 MB; UMing's face: 17.3 -> 5.7 MB;
    WenKai's subset: 4.2 -> 2.4 MB."""
    data = font.read_bytes()
    packed = out_dir / f"{font.name}{PACK_SUFFIX}"
    packed.write_bytes(lzma.compress(data, preset=9 | lzma.PRESET_EXTREME))  # -0.5 MB against -6, a minute more
    with TTFont(font, lazy=True) as opened:
        ranges = code_ranges(drawable(opened))
    manifest = {"file": font.name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data), "ranges": ranges}
    listing = out_dir / f"{font.name}.json"
    listing.write_text(json.dumps(manifest, separators=(",", ":")), encoding="utf-8")
    return packed, listing


def shipped_fonts(out_dir: Path, fonts: Path = FONTS) -> list[Path]:
    """The font files the installer ships in place of `REPLACED`, made again when an input is newer:
    the body font's face, WenKai's subset and HanaMinB's subset, each packed (with its manifest), and
    the screen face."""
    made = [out_dir / BODY_SUBSET, out_dir / SUBSET_FILES[KAI], out_dir / SUBSET_FILES[EXT_B]]
    outputs = [out_dir / f"{font.name}{end}" for font in made for end in (PACK_SUFFIX, ".json")]
    outputs.append(out_dir / UI_SUBSET)
    inputs = [fonts / name for name in REPLACED] + [Path(__file__)]
    newest = max(path.stat().st_mtime for path in inputs)
    if all(path.is_file() for path in outputs) and newest <= min(path.stat().st_mtime for path in outputs):
        return outputs
    make_subsets(out_dir, fonts)
    make_body(out_dir, fonts)
    make_ui_face(out_dir, fonts)
    for font in made:
        pack(font, out_dir)
        font.unlink()
    return outputs


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[-1])
        return 2
    started = time.perf_counter()
    for path in shipped_fonts(Path(argv[0])):
        print(f"{path.name}: {path.stat().st_size / 1e6:.1f} MB")
    print(f"sources {sum((FONTS / name).stat().st_size for name in REPLACED) / 1e6:.1f} MB")
    print(f"checked and written in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
