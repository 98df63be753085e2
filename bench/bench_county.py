"""Benchmark of the issue "A township one-stop centre": a county's aggregate, 1,000,000 cases on
PostgreSQL, beside a room's 100,000 cases on SQLite, in the same run.

    python bench/bench_county.py [--cases 1000000] [--data-dir DIR] [--sqlite FILE]
                                 [--queries 200] [--reload]

Keeps a PostgreSQL cluster (tests/pgcluster.py) in ``--data-dir`` (default `data_dir`: ``county-CASES``
in the benchmarks' cache folder, ``~/.cache/mediator-bench/county-1000000`` on Linux, so that each size
keeps a cluster of its own): the first run makes it, creates the schema with the migrations and loads
the cases as ``mediator-cli demo`` does (the bulk writer `storage.bulk`: COPY on PostgreSQL, then the
search index built once), then ``VACUUM ANALYZE`` as autovacuum would after a load; later runs start
the kept cluster and only measure. The SQLite peer is ``--sqlite`` (default: the 100,000-case demo file
of the statistics benchmarks, bench/demo_bench.py's ``DEMO_DB``, copied into the data directory first,
since opening a database may write to it), or made with ``mediator-cli demo``.

Measured exactly as bench/bench_search.py measures a room (its query drawing, its filter changes,
its percentiles): search p50/p95 for 1-, 2-, 3- and 5-character queries drawn from each database's
own data, and the case list's filter changes (count + first page of 100). Two more search rows draw
the walk's tail (`tail_from`, docs/centre.md "Coarse buckets"): 5- and 6-digit fragments of ID
numbers and phones, and terms common only among old cases (a past year, a month of the facts).

Targets (the issue): PostgreSQL at 1,000,000 cases: search p95 ≤ 50 ms at every query length,
filter change ≤ 100 ms. The SQLite column keeps bench_search's own target (p95 ≤ 20 ms).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_search import Row, cache_dir, draw_from, filter_rows, search_rows, table  # noqa: E402
from bench.demo_bench import DEMO_DB  # noqa: E402
from tests.pgcluster import Cluster, start_cluster, stop_cluster  # noqa: E402

PG_SEARCH_TARGET_MS = 50.0
FILTER_TARGET_MS = 100.0
DATABASE = "county"
# A county server's memory for the database (the kept cluster is made with these; a throwaway test
# cluster keeps PostgreSQL's defaults): 2 GB of shared buffers holds the case list and search index's
# hot pages, and checkpoints are spaced out during the load.
SERVER_SETTINGS = "shared_buffers = 2GB\nmax_wal_size = 8GB\ncheckpoint_timeout = 30min\neffective_cache_size = 8GB\n"


def data_dir(cases: int) -> Path:
    """The default folder of the kept cluster of `cases` cases (and of its SQLite peer's copy)."""
    return cache_dir() / f"county-{cases}"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--queries", type=int, default=200, help="queries per row")
    parser.add_argument("--data-dir", type=Path, help="the kept cluster (default: county-CASES in the cache folder)")
    parser.add_argument("--sqlite", type=Path, help="the 100,000-case SQLite peer (copied before use)")
    parser.add_argument("--reload", action="store_true", help="load the cases again even if loaded")
    parser.add_argument("--load-only", action="store_true", help="load (if needed) and stop")
    args = parser.parse_args(argv)
    if args.data_dir is None:
        args.data_dir = data_dir(args.cases)
    return args


def loaded(cluster: Cluster, cases: int) -> bool:
    """Whether the database holds the whole load with a current search index."""
    import psycopg

    with psycopg.connect(cluster.libpq(), autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,)).fetchone() is None:
            return False
    with psycopg.connect(cluster.libpq(DATABASE)) as conn:
        try:
            count = conn.execute("SELECT count(*) FROM dispute_case").fetchone()
            meta = dict(conn.execute("SELECT key, value FROM search_meta").fetchall())
        except psycopg.errors.UndefinedTable:
            return False
    from mediator_app.storage.search import INDEX_VERSION

    return count is not None and count[0] == cases and meta == {"version": INDEX_VERSION, "state": "ok"}


def load(cluster: Cluster, cases: int, seed: int) -> float:
    """A fresh database filled as `mediator-cli demo` fills one (`services.demo.fill_demo`, in this
    process: the command stops at 200,000 cases), then VACUUM ANALYZE; seconds taken."""
    from mediator_app.services import cases as case_service
    from mediator_app.services import demo

    cluster.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
    cluster.execute(f"CREATE DATABASE {DATABASE}")
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        if done % 50_000 == 0 or done == total:
            print(f"  {done:,}/{total:,} cases, {time.perf_counter() - started:,.0f} s", file=sys.stderr, flush=True)

    def index_progress(step: int, steps: int) -> None:
        print(f"  search index {step}/{steps}, {time.perf_counter() - started:,.0f} s", file=sys.stderr, flush=True)

    db = case_service.open_database(cluster.url(DATABASE))
    try:
        demo.fill_demo(db, cases, seed, progress, index_progress=index_progress)
    finally:
        db.close()
    print(f"loaded in {time.perf_counter() - started:.0f} s; VACUUM ANALYZE ...", file=sys.stderr)
    cluster.execute("VACUUM ANALYZE", DATABASE)
    return time.perf_counter() - started


def sqlite_peer(given: Path | None, folder: Path, seed: int) -> Path:
    """The 100,000-case SQLite file to measure beside: a copy of `given` (or of the default demo file),
    or a new one made with `mediator-cli demo`."""
    copy = folder / "peer-100000.sqlite3"
    if copy.exists():
        return copy
    source = given or DEMO_DB
    if source.exists():
        for suffix in ("", ".audit-head", ".audit-key"):
            if Path(f"{source}{suffix}").exists():
                shutil.copy2(f"{source}{suffix}", f"{copy}{suffix}")
        return copy
    subprocess.run(
        [
            sys.executable,
            "-m",
            "mediator_app.cli.main",
            "--db",
            str(copy),
            "demo",
            "--cases",
            "100000",
            "--seed",
            str(seed),
        ],
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    return copy


def pg_texts(url: str) -> tuple[list[str], list[str], list[str], list[str]]:
    """What bench_search draws its queries from, read from the server: people's names, facts, addresses,
    phone numbers."""
    import psycopg

    with psycopg.connect(url) as conn:
        people = [r[0] for r in conn.execute("SELECT name FROM party WHERE kind = '自然人'")]
        facts = [r[0] for r in conn.execute("SELECT facts FROM dispute_case")]
        addresses = [r[0] for r in conn.execute("SELECT address FROM party")]
        phones = [r[0] for r in conn.execute("SELECT phone FROM party WHERE length(phone) >= 4")]
    return people, facts, addresses, phones


OLD_ONLY = ("2025年", "2025", "3月", "2月", "4月", "2025年3月")  # in the facts and case numbers of old cases only


def tail_from(numbers: list[str], n: int, seed: int) -> dict[str, list[str]]:
    """The walk's tail: `n` 5- or 6-digit fragments of ID numbers and phones (`numbers`), and terms
    found only among old cases, `OLD_ONLY` in turn."""
    rng = random.Random(seed)
    long_enough = [x for x in numbers if len(x) >= 11]

    def fragment() -> str:
        text, k = rng.choice(long_enough), rng.choice((5, 6))
        at = rng.randrange(len(text) - k + 1)
        return text[at : at + k]

    return {
        "5-6 位：证件电话片段": [fragment() for _ in range(n)],
        "旧案才有的词": [OLD_ONLY[i % len(OLD_ONLY)] for i in range(n)],
    }


def numbers_of(url_or_file: str | Path) -> list[str]:
    """The ID numbers and phone numbers of the parties (a server's libpq URL or a SQLite file)."""
    sql = "SELECT id_number FROM party WHERE length(id_number) >= 11 UNION ALL SELECT phone FROM party WHERE length(phone) >= 11"
    if isinstance(url_or_file, Path):
        with sqlite3.connect(url_or_file) as lite:
            return [r[0] for r in lite.execute(sql)]
    import psycopg

    with psycopg.connect(url_or_file) as conn:
        return [r[0] for r in conn.execute(sql)]


def side_by_side(pg: list[Row], lite: list[Row]) -> list[list[str]]:
    rows = []
    for p, s in zip(pg, lite, strict=True):
        mark = "" if p.ok is None else ("PASS" if p.ok else "FAIL")
        rows.append([p.what, f"{p.p50:,.2f}", f"{p.p95:,.2f}", f"{p.target} {mark}", f"{s.p50:,.2f}", f"{s.p95:,.2f}"])
    return rows


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.data_dir.mkdir(parents=True, exist_ok=True)
    cluster = start_cluster(args.data_dir / "cluster", settings=SERVER_SETTINGS)
    try:
        took = None
        if args.reload or not loaded(cluster, args.cases):
            print(f"loading {args.cases:,} cases into {cluster.data} ...", file=sys.stderr)
            took = load(cluster, args.cases, args.seed)
        if args.load_only:
            return 0
        peer = sqlite_peer(args.sqlite, args.data_dir, args.seed)
        url = cluster.url(DATABASE)
        pg_queries = draw_from(*pg_texts(cluster.libpq(DATABASE)), args.queries, args.seed + 1)
        from bench.bench_search import draw_queries

        lite_queries = draw_queries(peer, args.queries, args.seed + 1)
        pg_queries.update(tail_from(numbers_of(cluster.libpq(DATABASE)), args.queries, args.seed + 2))
        lite_queries.update(tail_from(numbers_of(peer), args.queries, args.seed + 2))
        pg_search = search_rows(url, pg_queries, PG_SEARCH_TARGET_MS)
        lite_search = search_rows(peer, lite_queries)
        pg_filters = filter_rows(url)
        lite_filters = filter_rows(peer)
        version = _server_version(cluster)
    finally:
        stop_cluster(cluster, keep=True)

    print(f"\nPostgreSQL {version}, {args.cases:,} cases (seed {args.seed}), kept in {cluster.folder}")
    print(f"SQLite peer: {peer}; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at the end")
    if took is not None:
        print(f"loaded with `mediator-cli demo --cases {args.cases}` + VACUUM ANALYZE in {took:,.0f} s")
    headers = ("measurement", "PG p50 ms", "PG p95 ms", "PG target", "SQLite 100k p50", "SQLite 100k p95")
    print("\nSearch (queries drawn from each database's own data, as bench_search draws them)")
    print(table(side_by_side(pg_search, lite_search), headers))
    print("\nCase list: filter change = first page of 100 with the count as far as known (exact on SQLite)")
    print(table(side_by_side(pg_filters, lite_filters), headers))
    failed = [r.what for r in pg_search + pg_filters if r.ok is False]
    print(f"\nPostgreSQL: {'all targets met' if not failed else 'targets missed: ' + ', '.join(failed)}")
    return 0


def _server_version(cluster: Cluster) -> str:
    import psycopg

    with psycopg.connect(cluster.libpq(DATABASE)) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    return str(row[0]) if row else "?"


if __name__ == "__main__":
    sys.exit(main())
