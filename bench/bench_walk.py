"""The search's walk at a county's scale, statement by statement, beside the walk's previous setting in
the same run (docs/centre.md, "Case numbers ended by one scan", "Coarse buckets").

    python bench/bench_walk.py [--data-dir DIR] [--queries 200] [--peer fine|number-rest|number-doubled|texts-doubled|unprobed|trigrams]
                               [--number-rest 100] [--terms 7426,2025年] [--slowest 5]

Starts the kept cluster of bench/bench_county.py (default: its 1,000,000-case folder, `bench_county.data_dir`;
stopped again at the end, kept), draws each row's
queries as bench_search draws them (from a 2 % sample of the server's names, facts, addresses and
phones) and runs every query twice in turn through `storage.search_query.find`: with the peer's walk and
with the program's own. The peer (`--peer`): `fine`, the walk by 1,024-id buckets only, without the
coarse buckets and the planner's estimate (migration 0018; on the same index); `number-rest`, the
case-number tier's last scan at `--number-rest` expected matches; `number-doubled`, the case numbers
looked up in their doubled column only (before migration 0019); `texts-doubled`, the facts likewise
(before 0022); `unprobed`, the case numbers doubled and range checks
without probes and the estimate without a sample of pages (the walk before both); `trigrams`, every term
looked up by its trigrams: digit terms not by their 5-digit windows, whole names not as values (before
migrations 0020 and 0021). Per row: p50/p95 of both, and per tier the statements the walk issued (probe,
range steps, last scan) with their time, so that where a row's time goes is visible. `--terms` traces
given terms instead, one line each; `--slowest N` lists each row's N slowest terms to trace. The rows are bench_county's, its two rows of the walk's tail included.

The two settings alternate query by query, so the machine's load (other work on a shared machine)
falls on both alike, and which of them runs a term first (on index pages not yet cached) alternates
too; the figures are `find` alone (no result lines, unlike bench_county's rows).
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

from bench.bench_county import DATABASE, SERVER_SETTINGS, data_dir, tail_from  # noqa: E402
from bench.bench_search import draw_from, percentile, table  # noqa: E402
from mediator_app.storage import dialect, search_forms, search_query, search_walk  # noqa: E402
from tests.pgcluster import start_cluster, stop_cluster  # noqa: E402

Tally = collections.Counter[tuple[str, str]]


def kind_of(sql: str) -> tuple[str, str]:
    """(tier, statement) of one statement the walk issues."""
    if "search_fts_" not in sql:
        return ("—", "sequence")
    tier = sql.split("FROM search_fts_", 1)[1].split()[0].rstrip(")")
    if "TABLESAMPLE" in sql:
        return (tier, "sample")
    if "array_agg" in sql:
        return (tier, "probe")
    if sql.startswith("EXPLAIN"):
        return (tier, "estimate")
    if "/ 16384)" in sql:
        return (tier, "coarse")
    if "/ 1024) = ANY" not in sql:
        return (tier, "last scan")
    if "case_id <" not in sql:
        return (tier, "bucket")  # the fine buckets' existence checks and the one bucket read after a skip
    return (tier, "step")


@contextmanager
def counting(counts: Tally, millis: collections.Counter[tuple[str, str]]) -> Iterator[None]:
    """Count and time every statement `search_query` runs while inside."""
    plain = search_walk.rows

    def timed(conn: Any, sql: str, params: Any = (), planned_each_time: bool = False) -> list[Any]:
        started = time.perf_counter()
        try:
            return plain(conn, sql, params, planned_each_time)
        finally:
            key = kind_of(sql)
            counts[key] += 1
            millis[key] += (time.perf_counter() - started) * 1000

    search_walk.rows = timed  # type: ignore[assignment]
    try:
        yield
    finally:
        search_walk.rows = plain  # type: ignore[assignment]


@contextmanager
def peer_walk(peer: str, number: int) -> Iterator[None]:
    """The peer's walk: without coarse buckets (`fine`) or with the case numbers' threshold `number`."""
    if peer == "number-rest":
        with number_rest(number):
            yield
        return
    if peer == "number-doubled":
        with doubled_only("number"):
            yield
        return
    if peer == "texts-doubled":
        with doubled_only("texts"):
            yield
        return
    if peer == "unprobed":
        with doubled_only("number"), unprobed():
            yield
        return
    if peer == "trigrams":
        with by_trigrams():
            yield
        return
    own = search_walk.Coarse.of
    search_walk.Coarse.of = staticmethod(lambda *_: None)  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        search_walk.Coarse.of = own  # type: ignore[method-assign]


@contextmanager
def own_walk() -> Iterator[None]:
    yield


@contextmanager
def unprobed() -> Iterator[None]:
    """Range checks of the term alone in groups growing without bound, and the planner's estimate alone
    (no probe, no sample of pages)."""
    own, group = search_walk.probes, search_walk.GROUP_MAX
    search_walk.probes = lambda _patterns: None  # type: ignore[assignment]
    search_walk.GROUP_MAX = 1 << 30
    try:
        yield
    finally:
        search_walk.probes, search_walk.GROUP_MAX = own, group  # type: ignore[assignment]


@contextmanager
def by_trigrams() -> Iterator[None]:
    """Every term looked up by its trigrams: digit terms and whole names as before migrations 0020 and 0021."""
    own = dialect.PostgresDialect.fts_lookup

    def trigrams(self: dialect.PostgresDialect, tier: str, phrases: list[str]) -> search_forms.Lookup:
        lookup = own(self, tier, phrases)
        return self.fts_like(lookup.column, lookup.patterns)

    dialect.PostgresDialect.fts_lookup = trigrams  # type: ignore[method-assign]
    try:
        yield
    finally:
        dialect.PostgresDialect.fts_lookup = own  # type: ignore[method-assign]


@contextmanager
def doubled_only(tier: str) -> Iterator[None]:
    """The tier looked up in its doubled column only: the case numbers as before migration 0019, the
    facts as before 0022."""
    own = search_forms.SINGLE_COLUMN.pop(tier)
    try:
        yield
    finally:
        search_forms.SINGLE_COLUMN[tier] = own


@contextmanager
def number_rest(value: int | None) -> Iterator[None]:
    """The case-number tier's last-scan threshold set to `value` (None: the program's own)."""
    own = search_walk.REST_MATCHES_OF.get("number")
    if value is not None:
        search_walk.REST_MATCHES_OF["number"] = value
    try:
        yield
    finally:
        if own is None:
            search_walk.REST_MATCHES_OF.pop("number", None)
        else:
            search_walk.REST_MATCHES_OF["number"] = own


def peer_name(peer: str, number: int) -> str:
    return f"number {number}" if peer == "number-rest" else peer


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
    parser.add_argument(
        "--peer",
        choices=("fine", "number-rest", "number-doubled", "texts-doubled", "unprobed", "trigrams"),
        default="fine",
        help="the walk to compare with",
    )
    parser.add_argument("--number-rest", type=int, default=100, help="the number-rest peer's threshold")
    parser.add_argument("--terms", help="comma-separated terms to trace instead of the rows")
    parser.add_argument("--slowest", type=int, default=0, help="also list each row's N slowest terms (the program's)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    import psycopg

    cluster = start_cluster(args.data_dir / "cluster", settings=SERVER_SETTINGS)
    try:
        with psycopg.connect(cluster.libpq(DATABASE)) as conn:
            if args.terms:
                trace(conn, args.terms.split(","), args.peer, args.number_rest)
            else:
                measure(conn, args.queries, args.peer, args.number_rest, args.slowest)
    finally:
        stop_cluster(cluster, keep=True)
    import os

    print(f"load average {os.getloadavg()[0]:.2f} at the end")
    return 0


def sample(conn: Any, sql: str) -> list[str]:
    return [r[0] for r in conn.execute(sql)]


def measure(conn: Any, queries: int, peer: str, number: int, slowest: int = 0) -> None:
    people = sample(conn, "SELECT name FROM party TABLESAMPLE SYSTEM (2) WHERE kind = '自然人'")
    facts = sample(conn, "SELECT facts FROM dispute_case TABLESAMPLE SYSTEM (2)")
    addresses = sample(conn, "SELECT address FROM party TABLESAMPLE SYSTEM (2)")
    phones = sample(conn, "SELECT phone FROM party TABLESAMPLE SYSTEM (2) WHERE length(phone) >= 4")
    numbers = sample(
        conn,
        "SELECT id_number FROM party TABLESAMPLE SYSTEM (2) WHERE length(id_number) >= 11 "
        "UNION ALL SELECT phone FROM party TABLESAMPLE SYSTEM (2) WHERE length(phone) >= 11",
    )
    rows, notes, slow = [], [], []
    drawn = {**draw_from(people, facts, addresses, phones, queries, 2), **tail_from(numbers, queries, 3)}
    for label, terms in drawn.items():
        for term in terms[:10]:  # warm-up, as bench_search does
            search_query.find(conn, [term], 51)
        times: dict[str, list[float]] = {"peer": [], "now": []}
        counts: dict[str, Tally] = {"peer": collections.Counter(), "now": collections.Counter()}
        millis: dict[str, Tally] = {"peer": collections.Counter(), "now": collections.Counter()}
        for i, term in enumerate(terms):
            # Each term first with one setting, then the other, which then finds the term's index pages
            # cached: the first goes to each setting in turn (always the peer first favoured the program).
            for setting in ("peer", "now") if i % 2 == 0 else ("now", "peer"):
                walk = peer_walk(peer, number) if setting == "peer" else own_walk()
                with walk, counting(counts[setting], millis[setting]):
                    started = time.perf_counter()
                    search_query.find(conn, [term], 51)
                    times[setting].append((time.perf_counter() - started) * 1000)
        rows.append(
            [label]
            + [f"{f(times[s]):,.1f}" for s in ("peer", "now") for f in (statistics.median, lambda t: percentile(t, 95))]
        )
        if slowest:
            worst = sorted(zip(times["now"], terms, strict=True), reverse=True)[:slowest]
            slow.append(f"{label}: " + ", ".join(f"{term} {ms:.1f}" for ms, term in worst))
        name = peer_name(peer, number)
        for setting in ("peer", "now"):
            notes.append(
                f"{label} ({name if setting == 'peer' else 'now'}): {spent(counts[setting], millis[setting], len(terms))}"
            )
    headers = ("row (find only)", f"{name} p50", f"{name} p95", "now p50", "now p95")
    print(table(rows, headers))
    print("\nstatements per query, count × / ms:")
    print("\n".join(notes))
    if slow:
        print("\nthe slowest terms (now, ms; trace them with --terms):")
        print("\n".join(slow))


def trace(conn: Any, terms: list[str], peer: str, number: int) -> None:
    """Each term through the peer's walk and the program's, in turn; the same hits are required."""
    for term in terms:
        results = []
        for setting in ("peer", "now"):
            counts: Tally = collections.Counter()
            millis: Tally = collections.Counter()
            walk = peer_walk(peer, number) if setting == "peer" else own_walk()
            with walk, counting(counts, millis):
                started = time.perf_counter()
                found = search_query.find(conn, [term], 51)
                took = (time.perf_counter() - started) * 1000
            results.append(found)
            ranks = collections.Counter(rank for _, rank in found.ranked)
            name = peer_name(peer, number) if setting == "peer" else "now"
            print(f"{term} ({name}): {took:,.1f} ms, ranks {dict(sorted(ranks.items()))}; {spent(counts, millis, 1)}")
        if results[0] != results[1]:
            print(f"{term}: DIFFERENT HITS")


if __name__ == "__main__":
    sys.exit(main())
