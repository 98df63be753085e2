"""What serving the special groups' cases first costs the case list (docs/linkage.md, docs/search.md).

    python bench/bench_priority_list.py [--cases 100000] [--seed 1] [--rounds 25]

On the demo database of `bench/bench_search.py` (built there and cached; about 23 % of its cases have a
special group), measures a filter change of the default order — the count and the first page of 100
row ids (`storage.case_list`, the page's names and groups left out: they are the same either way) — in
two ways, interleaved in this one process so that a busy machine slows both alike:

- peer: the plain date order as the list read it before (one ordered scan of ``ix_case_list_date``);
- now: special groups first (the two ranges of ``ix_case_list_priority`` in turn).

Prints medians and p95 side by side, and how many of the page's cases are a special group's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

TODAY = dt.date(2026, 12, 6)
PAGE = 100


def plain_date_page(conn: Any, f: Any, offset: int) -> list[Any]:
    """The default page as read before special groups came first: one ordered scan of the date index."""
    from mediator_app.storage import case_list as cl
    from mediator_app.storage.dialect import dialect_of

    d = dialect_of(conn)
    order = ", ".join(f"c.{c} DESC" for c in (*cl._ORDER_COLUMNS[cl.SortKey.DATE], "id"))
    where, params = cl._where(d, f)
    sql = cl._row_sql(d, cl._INDEX[cl.SortKey.DATE]) + f"{where} ORDER BY {order} LIMIT ? OFFSET ?"
    return cl._rows(conn, sql, (TODAY.isoformat(), *params, PAGE, offset))


def priority_page(conn: Any, f: Any, offset: int) -> list[Any]:
    from mediator_app.storage import case_list as cl

    return cl._date_page(conn, f, True, offset, PAGE, TODAY.isoformat())


FILTERS: dict[str, tuple[dict[str, Any], int]] = {
    "全部（按登记日期）": ({}, 0),
    "阶段：调解中（无特殊群体）": ({"stages": ("调解中",)}, 0),
    "阶段：结案归档（过半）": ({"stages": ("结案归档",)}, 0),
    "纠纷类型：邻里纠纷": ({"dispute_type": "邻里纠纷"}, 0),
    "登记日期：2026年3月": ({"registered_from": dt.date(2026, 3, 1), "registered_to": dt.date(2026, 3, 31)}, 0),
    "逾期": ({"overdue": True}, 0),
    "全部，第51页": ({}, 5000),
}


def measure(conn: Any, rounds: int) -> list[tuple[str, list[float], list[float], int]]:
    from mediator_app.storage import case_list as cl

    out = []
    for name, (given, offset) in FILTERS.items():
        f = cl.CaseFilter(today=TODAY, **given)
        ways: list[Callable[[Any, Any, int], list[Any]]] = [plain_date_page, priority_page]
        times: list[list[float]] = [[], []]
        for n in range(rounds):
            order = (0, 1) if n % 2 else (1, 0)
            for i in order:
                started = time.perf_counter()
                cl.count(conn, f)
                ways[i](conn, f, offset)
                times[i].append((time.perf_counter() - started) * 1000)
        ids = [r[0] for r in priority_page(conn, f, offset)]
        special = len(cl.special_groups(conn, ids))
        out.append((name, times[0], times[1], special))
    return out


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.95) - 1)]


def main(argv: list[str] | None = None) -> int:
    from bench_search import build, cache_dir, fingerprint

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=25)
    parser.add_argument("--cache", help="folder for the generated databases (default ~/.cache/mediator-bench)")
    args = parser.parse_args(argv)
    db_path = cache_dir(args.cache) / f"demo-{args.cases}-{args.seed}-{fingerprint()}.sqlite3"
    if not db_path.exists():
        print(f"building {db_path} ...", file=sys.stderr)
        build(db_path, args.cases, args.seed)
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    rows = measure(conn, args.rounds)
    print(f"\n{args.cases:,} cases (seed {args.seed}), SQLite {sqlite3.sqlite_version}; {args.rounds} rounds each")
    print("filter change = count + first page of 100 ids, default order (ms)")
    print("| filter | peer: plain date p50 | now: special first p50 | peer p95 | now p95 | special on page |")
    print("|---|---|---|---|---|---|")
    for name, peer, now, special in rows:
        print(
            f"| {name} | {statistics.median(peer):.1f} | {statistics.median(now):.1f} "
            f"| {p95(peer):.1f} | {p95(now):.1f} | {special} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
