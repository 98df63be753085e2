"""Qt's ICU data trimmed to what Qt Core calls: the frozen bundle's libicudata without 25 MB nobody reads.

    python tools/trim_icu.py OUT_FOLDER      (build_installer.spec runs it on Linux)

PySide6's Linux wheel ships ICU 73, whose data library (libicudata.so.73, 31 MB) holds every
language's locale, collation, break-iterator, transliteration, unit and currency data and ~200 legacy
converters. Qt Core links ICU for four things only (its undefined ICU symbols: `ucol_*` collation,
`ucnv_*` converters, `u_strToUpper/Lower` and `ucal_*` time-zone names); its break iterators, number
formats and locale names are Qt's own. So the data keeps: every top-level item that is not one
language's locale (likely subtags, plurals, time-zone tables, normalisation and case data) but the
character names (`unames.icu`), the root, Chinese and English locales of the locale, collation, zone and
region trees (collation: pinyin, stroke and the others of zh.res; ucadata.icu), and the Chinese
converters (GB18030, GBK = windows-936, Big5 and their IBM aliases). It drops the other languages, the
break iterators and their dictionaries (cjdict 2 MB; Qt never opens a `ubrk`), the transliterators,
the currency, language, unit and spell-out trees (ICU's formatters' names, ~0.7 MB) and the other
converters: 30.6 -> 4.5 MB.

The item list is edited with ICU's own `icupkg` (Debian: icu-devtools), which refuses a result with a
dangling dependency; the trimmed data becomes a shared library exporting the same one symbol
(`icudt73_dat`) with the C compiler. Before it is used, `check` runs the same Qt calls with the full
and the trimmed library (Chinese collation and numeric sorting, case mapping, the GB18030/GBK/Big5
codecs, a time zone's Chinese name) and the bundle keeps the full library unless every answer is the
same. Without icupkg, a C compiler or on another system the full library is used (None).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

KEEP_LOCALE = re.compile(r"(root|zh|zh_.+|en|en_US|en_001|en_GB|res_index|pool)\.res")
LOCALE = re.compile(r"[a-z]{2,3}(_[A-Za-z0-9]+)*\.res")
TREES = ("", "coll", "zone", "region")
# Trees and items no Qt call reads, dropped whole (every language): break iterators, transliterators,
# and the currency, language, unit and spell-out (rbnf) names, which only ICU's number and display-name
# formatters use (Qt formats numbers and names itself); unames.icu is u_charName's. The region tree stays:
# a time zone without a metazone name is named after its country.
DROPPED_TREES = ("brkitr", "translit", "curr", "lang", "unit", "rbnf")
DROPPED_ITEMS = ("unames.icu",)
KEEP_CONVERTERS = {
    "gb18030",
    "windows-936-2000",
    "windows-950-2000",
    "ibm-1383_P110-1999",
    "ibm-1386_P100-2001",
    "ibm-5478_P100-1995",
    "ibm-1373_P100-2002",
    "ibm-1375_P100-2008",
    "ibm-950_P110-1999",
    "icu-internal-25546",
}

# The Qt calls the program's text relies on, printed; run with the full and with the trimmed library.
CHECK = """
import sys
from PySide6.QtCore import QCollator, QCoreApplication, QDateTime, QLocale, QStringDecoder, QTimeZone
app = QCoreApplication(sys.argv)
zh = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
collator = QCollator(zh)
print(sorted(["张三", "李四", "王五", "赵六", "阿明", "钱七", "孙八", "刘䶮", "欧阳", "Zhang"], key=collator.sortKey))
numeric = QCollator(zh)
numeric.setNumericMode(True)
print(sorted(["第10号", "第2号", "第1号", "（2026）第12号", "（2026）第3号"], key=numeric.sortKey))
print(zh.toUpper("straße ǆ abc"), zh.toLower("ÀÉÎ"), QLocale(QLocale.Language.Turkish).toUpper("i"))
print([name for name in ("GB18030", "GBK", "Big5") if QStringDecoder(name).isValid()])
moment = QDateTime.fromSecsSinceEpoch(1796000000)
print(QTimeZone(b"Asia/Shanghai").displayName(moment, QTimeZone.NameType.LongName, zh))
"""


def data_library() -> Path | None:
    import PySide6

    found = sorted((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    return found[0] if found and sys.platform.startswith("linux") else None


def _symbol(library: Path) -> tuple[str, int, int]:
    """(name, file offset, size) of the data symbol (icudtNN_dat) in the library's .rodata."""
    symbols = subprocess.run(["nm", "-D", "--defined-only", str(library)], capture_output=True, text=True, check=True)
    name = next(line.split()[-1] for line in symbols.stdout.splitlines() if line.endswith("_dat"))
    sections = subprocess.run(["readelf", "-SW", str(library)], capture_output=True, text=True, check=True).stdout
    fields = next(line for line in sections.splitlines() if " .rodata " in line).split("]", 1)[1].split()
    return name, int(fields[3], 16), int(fields[4], 16)


def _removed(items: list[str]) -> set[str]:
    return {item for item in items if _dropped(*item.rpartition("/")[::2])}


def _dropped(folder: str, name: str) -> bool:
    if folder in DROPPED_TREES or (not folder and name in DROPPED_ITEMS):
        return True
    if name.endswith(".cnv"):
        return name.removesuffix(".cnv") not in KEEP_CONVERTERS
    return folder in TREES and bool(LOCALE.fullmatch(name)) and not KEEP_LOCALE.fullmatch(name)


def trim(library: Path, out: Path) -> Path:
    """The trimmed library, written to `out` under the original's file name."""
    symbol, offset, size = _symbol(library)
    stem = symbol.removesuffix("_dat") + "l"  # icudt73l: the package name ICU gives a little-endian data file
    with tempfile.TemporaryDirectory(prefix="icu-") as folder:
        work = Path(folder)
        data = work / f"{stem}.dat"
        with library.open("rb") as file:
            file.seek(offset)
            data.write_bytes(file.read(size))
        items = subprocess.run(["icupkg", "-l", str(data)], capture_output=True, text=True, check=True).stdout.split()
        removed = _removed(items)
        for _ in range(5):  # an item of a kept language that leans on a dropped one goes too
            (work / "remove.txt").write_text("\n".join(sorted(removed)) + "\n", encoding="utf-8")
            done = subprocess.run(["icupkg", "-r", str(work / "remove.txt"), str(data)], capture_output=True, text=True)
            dangling = re.findall(r"Item (\S+) depends on missing item", done.stdout + done.stderr)
            if done.returncode == 0 and not dangling:
                break
            if not dangling:
                raise RuntimeError(done.stderr)
            removed |= set(dangling)
        (work / "data.S").write_text(
            f'.section .rodata\n.globl {symbol}\n.type {symbol}, @object\n.balign 16\n{symbol}:\n.incbin "{data}"\n'
            f'.size {symbol}, . - {symbol}\n.section .note.GNU-stack,"",@progbits\n',
            encoding="utf-8",
        )
        out.mkdir(parents=True, exist_ok=True)
        target = out / library.name
        subprocess.run(
            ["cc", "-shared", "-nostdlib", f"-Wl,-soname,{library.name}", "-o", str(target), str(work / "data.S")],
            check=True,
        )
    return target


def check(trimmed: Path) -> bool:
    """Do Qt's collation, case mapping, codecs and time-zone names answer the same with the trimmed data?"""
    answers = []
    for extra in ({}, {"LD_LIBRARY_PATH": str(trimmed.parent)}):
        env = {**os.environ, **extra}
        done = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, env=env, timeout=120)
        answers.append((done.returncode, done.stdout))
    return answers[0][0] == 0 and answers[0] == answers[1]


def trimmed_library(out: Path) -> tuple[Path, Path] | None:
    """(the wheel's library, its checked trimmed copy in `out`), or None where it cannot be made or differs."""
    library = data_library()
    if library is None or not shutil.which("icupkg") or not shutil.which("cc"):
        return None
    target = out / library.name
    newest = max(library.stat().st_mtime, Path(__file__).stat().st_mtime)  # the wheel's data or these rules
    if not target.is_file() or target.stat().st_mtime < newest:
        trim(library, out)
    return (library, target) if check(target) else None


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("build") / "icu"
    made = trimmed_library(out)
    if made is None:
        print("ICU data not trimmed (not Linux, no icupkg or cc, or Qt answered differently)")
        return 1
    library, target = made
    mb = 1024 * 1024
    print(f"{library.name}: {library.stat().st_size / mb:.1f} MB -> {target.stat().st_size / mb:.1f} MB ({target})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
