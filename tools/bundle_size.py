"""The frozen bundle's size, in total and per part: what a village PC copies from a USB stick.

    python tools/bundle_size.py dist/MediationDesk      (.ci/run and build_installer.spec print it)

Target ≤ 150 MB for the onedir bundle (docs/tech-notes.md, "The frozen bundle"). Sizes are the files'
lengths (a symbolic link counts nothing) in MiB, the unit of `du -sm`, so the figures compare with the
notes (du rounds each file up to its disk blocks: its total is ~1 MB more). Exit status 0: the figure
is information, the target a goal.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

MIB = 1024 * 1024
# (part, test on the path inside _internal/): the first that matches counts the file.
PARTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Qt libraries (PySide6/Qt/lib)", ("PySide6/Qt/lib/",)),
    ("Qt plugins and translations", ("PySide6/Qt/",)),
    ("Qt for Python bindings", ("PySide6/", "shiboken6/")),
    ("fonts", ("resources/fonts/",)),
    ("other resources, forms", ("resources/", "forms/")),
    ("user guide pictures", ("docs/",)),
    ("cryptography", ("cryptography",)),
    ("psycopg with libpq", ("psycopg",)),
    ("sqlcipher3", ("sqlcipher3",)),
    ("pydantic_core", ("pydantic_core",)),
    ("reportlab", ("reportlab",)),
    ("mediator_app (.pyc, migrations)", ("mediator_app/",)),
    ("Python (libpython, extension modules)", ("libpython", "python3", "base_library", "lib-dynload")),
)


def part_of(relative: str) -> str:
    for part, prefixes in PARTS:
        if relative.startswith(prefixes):
            return part
    if "/" not in relative and ".so" in relative:
        return "other shared libraries (top level)"
    return "everything else"


def sizes(bundle: Path) -> Counter[str]:
    counted: Counter[str] = Counter()
    for path in bundle.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        relative = path.relative_to(bundle).as_posix()
        if relative.startswith("_internal/"):
            counted[part_of(relative.removeprefix("_internal/"))] += path.stat().st_size
        else:
            counted["executables"] += path.stat().st_size
    return counted


def report(bundle: Path) -> str:
    counted = sizes(bundle)
    lines = [f"bundle size: {sum(counted.values()) / MIB:.1f} MB ({bundle}, onedir; target ≤ 150 MB)"]
    for part, size in counted.most_common():
        lines.append(f"  {size / MIB:6.1f} MB  {part}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not Path(argv[0]).is_dir():
        print(__doc__.strip().splitlines()[2].strip())
        return 2
    print(report(Path(argv[0])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
