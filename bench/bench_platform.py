"""Benchmark of the provincial-platform export (docs/platform-export.md).

    python bench/bench_platform.py [--db FILE] [--cases 100000] [--year 2025] [--runs 3]

Uses the demo database FILE (made with ``mediator-cli --db FILE demo --cases N`` first if it does not
exist), master-data codes for every mediator of it, and measures in this one process, median of
`runs`, side by side:

- the floor: fetching the year's closed cases' rows joined with their case rows (no mapping, no file);
- `prepare` (the three sorted queries, the masking of the summaries, the mapping through the code
  tables), the write-only workbook, and both together (what ``mediator-cli export platform`` does).

Target (100,000 cases): one year ≤ 10 s.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from demo_bench import demo_parser, ensure_demo, timed

TARGET_S = 10.0


def main() -> int:
    parser = demo_parser(__doc__.splitlines()[0], runs=3)
    parser.add_argument("--year", type=int, default=2025)
    args = parser.parse_args()
    ensure_demo(args.db, args.cases)

    from mediator_app.domain.platform import MasterCodes
    from mediator_app.services import platform_export as pe
    from mediator_app.services.cases import open_database

    db = open_database(args.db)
    start, end = dt.date(args.year, 1, 1), dt.date(args.year, 12, 31)
    with db.read_connection() as conn:
        names = [n for (n,) in conn.execute("SELECT DISTINCT name FROM case_mediator").fetchall()]
    master = MasterCodes("TWH0001", "", "370102", {n: f"TJY{i:03d}" for i, n in enumerate(names, 1)})
    codes = pe.load_codes()

    def floor() -> Any:
        with db.read_connection() as conn:
            return conn.execute(
                "SELECT c.id, c.number, c.source, c.dispute_type, c.facts, s.outcome, s.amount_fen"
                " FROM case_stats s JOIN dispute_case c ON c.id = s.case_id"
                " WHERE s.closed_on >= ? AND s.closed_on <= ? ORDER BY c.id",
                (start.isoformat(), end.isoformat()),
            ).fetchall()

    timed(floor, 1)  # warm the page cache for every row alike
    rows = [("floor: fetch the year's closed case rows", *timed(floor, args.runs))]
    rows.append(("prepare: query, mask, map", *timed(lambda: pe.prepare(db, start, end, codes, master), args.runs)))
    made = rows[-1][2]
    rows.append(("workbook (write-only XLSX)", *timed(lambda: pe.workbook(db, made), args.runs)))

    def whole() -> bytes:
        return pe.workbook(db, pe.prepare(db, start, end, codes, master))

    rows.append(("export platform, all of it", *timed(whole, args.runs)))
    db.close()
    print(f"{args.db.name}: {len(made.rows):,} cases closed in {args.year}; median of {args.runs} runs")
    print(f"unmapped: {len(made.problems)} case problems, {len(made.settings)} settings")
    floor_s = rows[0][1]
    print(f"{'what':44} {'ms':>9} {'× floor':>9}")
    for name, seconds, _ in rows:
        print(f"{name:44} {seconds * 1000:9.1f} {seconds / floor_s:9.1f}")
    total = rows[-1][1]
    verdict = "met" if total <= TARGET_S else "NOT met"
    print(f"target: one year ≤ {TARGET_S:.0f} s: {verdict} ({total:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
