"""Benchmark of the statistics reports (issue "Statistics the justice bureau asks for").

    python bench/bench_reports.py [--db FILE] [--cases 100000] [--year 2025] [--runs 5]

Uses the demo database FILE (made with ``mediator-cli --db FILE demo --cases N`` first if it does not
exist), then measures in this one process, median of `runs`, and prints side by side:

- the annual report: every table (``services.statistics.report.build``) and with its checks
  (``workflow.generate``), then the XLSX and the PDF written from it;
- the floor: one bare ``COUNT(*) … GROUP BY dispute_type`` over the year's closed cases (the least
  any report must do), and a full scan ``COUNT(*) GROUP BY dispute_type`` of ``dispute_case``.

Target (100,000 cases): the annual report (all tables) ≤ 1 s.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from demo_bench import demo_parser, ensure_demo, timed

TARGET_S = 1.0


def main() -> int:
    parser = demo_parser(__doc__.splitlines()[0], runs=5)
    parser.add_argument("--year", type=int, default=2025)
    args = parser.parse_args()
    ensure_demo(args.db, args.cases)

    from mediator_app.services.cases import open_database
    from mediator_app.services.printing.reports import report_bytes
    from mediator_app.services.statistics import report, workflow
    from mediator_app.services.statistics.period import Kind, Period
    from mediator_app.services.statistics.xlsx import workbook_bytes

    db = open_database(args.db)
    period = Period.of(Kind.ANNUAL, args.year)
    today = dt.date.today()
    start, end = period.start.isoformat(), period.end.isoformat()
    with db.read_connection() as conn:
        cases = conn.execute("SELECT COUNT(*) FROM dispute_case").fetchone()[0]

    def floor_closed() -> Any:
        with db.read_connection() as conn:
            return conn.execute(
                "SELECT c.dispute_type, COUNT(*) FROM case_stats s JOIN dispute_case c ON c.id = s.case_id"
                " WHERE s.closed_on >= ? AND s.closed_on <= ? GROUP BY c.dispute_type",
                (start, end),
            ).fetchall()

    def floor_scan() -> Any:
        with db.read_connection() as conn:
            return conn.execute("SELECT dispute_type, COUNT(*) FROM dispute_case GROUP BY dispute_type").fetchall()

    timed(floor_closed, 1)  # warm the page cache for every row alike
    rows = [
        ("floor: closed cases COUNT(*) GROUP BY type", *timed(floor_closed, args.runs)),
        ("floor: full scan COUNT(*) GROUP BY type", *timed(floor_scan, args.runs)),
        ("annual report, all tables", *timed(lambda: report.build(db, period, "基准", today), args.runs)),
        ("annual report + checks", *timed(lambda: workflow.generate(db, period, today), args.runs)),
    ]
    made = rows[-1][2]
    rows.append(("XLSX from the report", *timed(lambda: workbook_bytes(made), args.runs)))
    rows.append(("PDF from the report", *timed(lambda: report_bytes(made), args.runs)))
    db.close()
    closed = next(r[1] for r in made.table("综合情况").rows if r[0] == "本期办结")
    print(f"{cases:,} cases in {args.db.name}; {period.label}: {closed:,} closed; median of {args.runs} runs")
    floor = rows[0][1]
    print(f"{'what':44} {'ms':>9} {'× floor':>9}")
    for name, seconds, _ in rows:
        print(f"{name:44} {seconds * 1000:9.1f} {seconds / floor:9.1f}")
    report_s = rows[2][1]
    verdict = "met" if report_s <= TARGET_S else "NOT met"
    print(f"target: annual report ≤ {TARGET_S:.0f} s: {verdict} ({report_s * 1000:.0f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
