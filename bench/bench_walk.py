"""The search's walk at a county's scale, statement by statement, beside the walk's previous setting in
the same run (docs/centre.md, "Case numbers ended by one scan").

    python bench/bench_walk.py [--data-dir DIR] [--queries 200] [--number-rest 100]
                               [--terms 7426,2025年]

Starts the kept cluster of bench/bench_county.py (default: its 1,000,000-case folder, `bench_county.data_dir`;
stopped again at the end, kept), draws each row's
queries as bench_search draws them (from a 2 % sample of the server's names, facts, addresses and
phones) and runs every query twice in turn through `storage.search_query.find`: with the case-number
tier's last scan at `--number-rest` expected matches (the peer: what the walk did before) and with the
program's own setting. Per row: p50/p95 of both, and per tier the statements the walk issued (probe,
range steps, last scan) with their time, so that where a row's time goes is visible. `--terms` traces
given terms instead, one line each.

The two settings alternate query by query, so the machine's load (other work on a shared machine)
falls on both alike; the figures are `find` alone (no result lines, unlike bench_county's rows).
"""

from __future__ import annotations

import argparse
import collections
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_county import DATABASE, SERVER_SETTINGS, data_dir  # noqa: E402
from bench.bench_search import draw_from, percentile, table  # noqa: E402
from mediator_app.storage import search_query  # noqa: E402
from tests.pgcluster import start_cluster, stop_cluster  # noqa: E402

Tally = collections.Counter[tuple[str, str]]


def kind_of(sql: str) -> tuple[str, str]:
    """(tier, statement) of one statement the walk issues."""
    if "search_fts_" not in sql:
        return ("—", "sequence")
    tier = sql.split("search_fts_", 1)[1].split()[0].rstrip(")")
    if "array_agg" in sql:
        return (tier, "probe")
    return (tier, "step" if "integer[]" in sql else "last scan")


@contextmanager
def counting(counts: Tally, millis: collections.Counter[tuple[str, str]]) -> Iterator[None]:
    """Count and time every statement `search_query` runs while inside."""
    plain = search_query._rows

    def timed(conn: Any, sql: str, params: Any = (), planned_each_time: bool = False) -> list[Any]:
        started = time.perf_counter()
        try:
            return plain(conn, sql, params, planned_each_time)
        finally:
            key = kind_of(sql)
            counts[key] += 1
            millis[key] += (time.perf_counter() - started) * 1000

    search_query._rows = timed  # type: ignore[assignment]
    try:
        yield
    finally:
        search_query._rows = plain  # type: ignore[assignment]


@contextmanager
def number_rest(value: int | None) -> Iterator[None]:
    """The case-number tier's last-scan threshold set to `value` (None: the program's own)."""
    own = search_query.REST_MATCHES_OF.get("number")
    if value is not None:
        search_query.REST_MATCHES_OF["number"] = value
    try:
        yield
    finally:
        if own is None:
            search_query.REST_MATCHES_OF.pop("number", None)
        else:
            search_query.REST_MATCHES_OF["number"] = own


def spent(counts: Tally, millis: collections.Counter[tuple[str, str]], runs: int) -> str:
    """Statements per query and their time, per tier and kind (tiers that took under 1 ms left out)."""
    parts = [
        f"{tier} {kind} {counts[tier, kind] / runs:.1f}×/{millis[tier, kind] / runs:.1f}"
        for tier, kind in sorted(counts)
        if millis[tier, kind] / runs >= 1
    ]
    return ", ".join(parts)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, default=data_dir(1_000_000), help="bench_county's kept cluster")
    parser.add_argument("--queries", type=int, default=200, help="queries per row")
    parser.add_argument("--number-rest", type=int, default=100, help="the peer's threshold for the case numbers")
    parser.add_argument("--terms", help="comma-separated terms to trace instead of the rows")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    import psycopg

    cluster = start_cluster(args.data_dir / "cluster", settings=SERVER_SETTINGS)
    try:
        with psycopg.connect(cluster.libpq(DATABASE)) as conn:
            if args.terms:
                trace(conn, args.terms.split(","), args.number_rest)
            else:
                measure(conn, args.queries, args.number_rest)
    finally:
        stop_cluster(cluster, keep=True)
    import os

    print(f"load average {os.getloadavg()[0]:.2f} at the end")
    return 0


def sample(conn: Any, sql: str) -> list[str]:
    return [r[0] for r in conn.execute(sql)]


def measure(conn: Any, queries: int, peer: int) -> None:
    people = sample(conn, "SELECT name FROM party TABLESAMPLE SYSTEM (2) WHERE kind = '自然人'")
    facts = sample(conn, "SELECT facts FROM dispute_case TABLESAMPLE SYSTEM (2)")
    addresses = sample(conn, "SELECT address FROM party TABLESAMPLE SYSTEM (2)")
    phones = sample(conn, "SELECT phone FROM party TABLESAMPLE SYSTEM (2) WHERE length(phone) >= 4")
    rows, notes = [], []
    for label, terms in draw_from(people, facts, addresses, phones, queries, 2).items():
        for term in terms[:10]:  # warm-up, as bench_search does
            search_query.find(conn, [term], 51)
        times: dict[int | None, list[float]] = {peer: [], None: []}
        counts: dict[int | None, Tally] = {peer: collections.Counter(), None: collections.Counter()}
        millis: dict[int | None, Tally] = {peer: collections.Counter(), None: collections.Counter()}
        for term in terms:
            for setting in (peer, None):
                with number_rest(setting), counting(counts[setting], millis[setting]):
                    started = time.perf_counter()
                    search_query.find(conn, [term], 51)
                    times[setting].append((time.perf_counter() - started) * 1000)
        rows.append(
            [label]
            + [f"{f(times[s]):,.1f}" for s in (peer, None) for f in (statistics.median, lambda t: percentile(t, 95))]
        )
        for setting, name in ((peer, f"number {peer}"), (None, "now")):
            notes.append(f"{label} ({name}): {spent(counts[setting], millis[setting], len(terms))}")
    own = search_query.REST_MATCHES_OF.get("number", search_query.REST_MATCHES)
    headers = ("row (find only)", f"number {peer} p50", f"number {peer} p95", f"number {own} p50", f"number {own} p95")
    print(table(rows, headers))
    print("\nstatements per query, count × / ms:")
    print("\n".join(notes))


def trace(conn: Any, terms: list[str], peer: int) -> None:
    for term in terms:
        for setting in (peer, None):
            counts: Tally = collections.Counter()
            millis: Tally = collections.Counter()
            with number_rest(setting), counting(counts, millis):
                started = time.perf_counter()
                found = search_query.find(conn, [term], 51)
                took = (time.perf_counter() - started) * 1000
            ranks = collections.Counter(rank for _, rank in found.ranked)
            name = f"number {peer}" if setting else "now"
            print(f"{term} ({name}): {took:,.1f} ms, ranks {dict(sorted(ranks.items()))}; {spent(counts, millis, 1)}")


if __name__ == "__main__":
    sys.exit(main())
