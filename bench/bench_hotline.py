"""Benchmark of the 12345 work-order import (docs/hotline.md, "Import").

    python bench/bench_hotline.py [--rows 3000] [--runs 3]

Writes a platform export of `rows` orders (layout A of tests/hotline_exports.py: merged title rows,
date cells, Excel serials, phones as numbers, rare characters) and measures in this one process, median
of `runs`, side by side:

- the floor: openpyxl reading every cell of the file in read-only mode (what any import pays);
- the preview (read, find the header, convert the cells, look the numbers up);
- the first import into an empty database (every order new, one transaction);
- the re-import of the same file (every order unchanged: the idempotent case).

Target: a busy district's month, 3,000 orders, imported in ≤ 10 s on the office PC.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from demo_bench import timed  # noqa: E402

TARGET_S = 10.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from openpyxl import load_workbook

    from mediator_app.services import cases
    from mediator_app.services.hotline.importing import import_file, preview_file
    from tests.factories import make_committee
    from tests.hotline_exports import layout_a_xlsx, rows

    committee = make_committee()
    folder = Path(tempfile.mkdtemp(prefix="bench-hotline-"))
    export = layout_a_xlsx(folder / "export.xlsx", rows(args.rows))

    def floor() -> int:
        book = load_workbook(export, read_only=True, data_only=True)
        try:
            return sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
        finally:
            book.close()

    empty = []  # one migrated empty database per run, made before the clock starts
    for i in range(args.runs):
        fresh = cases.open_database(folder / f"fresh-{i}.sqlite3")
        cases.save_committee(fresh, committee)
        empty.append(fresh)

    def fresh_import() -> object:
        target = empty.pop()
        try:
            return import_file(target, export)
        finally:
            target.close()

    db = cases.open_database(folder / "again.sqlite3")
    cases.save_committee(db, committee)
    import_file(db, export)
    timed(floor, 1)  # warm the file cache for every row alike
    table = [("floor: openpyxl reads every cell", *timed(floor, args.runs))]
    table.append(("preview (read, convert, look up)", *timed(lambda: preview_file(db, export), args.runs)))
    table.append(("first import, all new", *timed(fresh_import, args.runs)))
    table.append(("re-import, all unchanged", *timed(lambda: import_file(db, export), args.runs)))
    db.close()
    print(f"{args.rows:,} orders, {export.stat().st_size / 1024:.0f} KiB XLSX; median of {args.runs} runs")
    floor_s = table[0][1]
    print(f"{'what':40} {'ms':>9} {'× floor':>9}")
    for name, seconds, _ in table:
        print(f"{name:40} {seconds * 1000:9.1f} {seconds / floor_s:9.1f}")
    first = table[2][1]
    print(
        f"target: {args.rows:,} orders ≤ {TARGET_S:.0f} s: {'met' if first <= TARGET_S else 'NOT met'} ({first:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
