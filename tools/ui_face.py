"""Makes the screen face `resources/fonts/wqy-microhei.ttf` from Debian's `wqy-microhei.ttc`.

The collection holds two faces, "WenQuanYi Micro Hei" and "WenQuanYi Micro Hei Mono"; the program uses
only the first (mediator_app/ui/fonts.py). Registering a font file with Qt makes fontconfig query every
face in it for its character set before the window's first paint: for the collection, two faces of
34,600 characters each, ≈20 M instructions of the start (docs/architecture.md, "Start-up"); for the
one face, half. So the repository keeps the first face alone, taken out of the collection with every
table unchanged (the outlines, metrics, hinting and layout tables byte for byte) but the `head`
checksum and one name record (10, description) that says how and when it was taken out, as the Apache
License 2.0 (§4b) asks of a changed file.

    python tools/ui_face.py PATH/TO/wqy-microhei.ttc     (Debian fonts-wqy-microhei 0.2.0-beta-3.1)

It checks the result: the same tables byte for byte but `head` and `name`, the same characters mapped
to the same glyphs.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from fontTools.ttLib import TTCollection, TTFont

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "resources" / "fonts" / "wqy-microhei.ttf"
FACE = "WenQuanYi Micro Hei"
CHANGED = ("head", "name")  # the checksum; the notice


def make(collection: Path, target: Path = TARGET) -> Path:
    faces = TTCollection(collection, lazy=True).fonts
    index = next(i for i, face in enumerate(faces) if face["name"].getDebugName(4) == FACE)
    font = TTFont(collection, fontNumber=index, lazy=True, recalcTimestamp=False, recalcBBoxes=False)
    notice = (
        f"Modified {date.today().isoformat()} by Mediation Desk's tools/ui_face.py: the face {FACE} taken out "
        f"of {collection.name} (fonts-wqy-microhei 0.2.0-beta-3.1) alone, without the collection's Mono face; "
        "outlines, metrics, hinting and layout tables unchanged."
    )
    font["name"].setName(notice, 10, 3, 1, 0x409)
    font.save(target)
    check(collection, index, target)
    return target


def check(collection: Path, index: int, target: Path) -> None:
    """The same tables but `CHANGED`, byte for byte, and the same character map; SystemExit if not."""
    before = TTFont(collection, fontNumber=index, lazy=True)
    after = TTFont(target, lazy=True)
    tags = sorted(before.reader.keys())  # the reader has keys() but is not iterable
    if tags != sorted(after.reader.keys()):
        raise SystemExit(f"{target}: other tables than the face's")
    for tag in tags:
        if tag not in CHANGED and before.reader[tag] != after.reader[tag]:
            raise SystemExit(f"{target}: table {tag!r} changed")
    if before.getBestCmap() != after.getBestCmap():
        raise SystemExit(f"{target}: the character map changed")


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("python tools/ui_face.py PATH/TO/wqy-microhei.ttc")
        return 2
    target = make(Path(argv[0]))
    print(f"{target}: {target.stat().st_size / 1e6:.1f} MB, checked")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
