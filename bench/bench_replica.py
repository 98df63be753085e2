"""The annual report on the primary or on a streaming read replica, with and without a save load
(docs/centre.md, "The county's server, on paper").

    python bench/bench_replica.py [--cluster DIR/cluster] [--database county]
                                  [--year 2025] [--clients 4] [--seconds 60] [--runs 3]

Starts the kept cluster (tests/pgcluster.py; made by ``bench/bench_county.py --cases 100000``, whose
default folder is this one's default, or with ``--data-dir DIR``), copies ``--database`` into a scratch database (the load adds cases: the kept
one stays as it was), makes a hot standby of the cluster (``start_standby``: pg_basebackup -R -X
stream), then measures, median of ``--runs`` (or of as many reports as fit in the load's time):

- the floor: ``COUNT(*)`` of the year's closed cases through the closing-date index, on each server;
- the annual report with its checks (``workflow.generate``) read from the primary, then from the
  replica (``open_database(..., stats_db=...)``: the program's own seam), idle;
- the same while ``--clients`` workstation processes (tests/centre_client.py) save on the primary,
  with their save latency p50/p95 beside each.

The standby and the scratch database are removed at the end; the kept cluster is stopped. On one
machine the replica shares the CPU and the disk with the primary, so this shows what the replica does
not cost and that the program reads it; what it saves the primary is measured only on two servers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_county import data_dir  # noqa: E402
from mediator_app.services import cases as svc  # noqa: E402
from mediator_app.services.statistics import workflow  # noqa: E402
from mediator_app.services.statistics.period import Kind, Period  # noqa: E402
from mediator_app.storage.database import Database  # noqa: E402
from tests.integration.test_centre_processes import results, shared_cases, start_clients  # noqa: E402
from tests.pgcluster import Cluster, start_cluster, start_standby, stop_cluster, wait_replayed  # noqa: E402

SCRATCH = "replica_bench"


def _pct(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def _times(fn: Callable[[], Any], runs: int, while_: Callable[[], bool] | None = None) -> list[float]:
    """Wall times in ms of `runs` calls, or of as many as `while_` allows (at least one)."""
    out: list[float] = []
    while len(out) < runs if while_ is None else (not out or while_()):
        began = time.perf_counter()
        fn()
        out.append((time.perf_counter() - began) * 1000)
    return out


def _floor(url: str, period: Period) -> Callable[[], Any]:
    import psycopg

    def count() -> Any:
        with psycopg.connect(url) as conn:
            sql = "SELECT count(*) FROM case_stats WHERE closed_on >= %s AND closed_on <= %s"
            return conn.execute(sql, (period.start.isoformat(), period.end.isoformat())).fetchone()

    return count


def _report(db: Database, period: Period) -> Callable[[], Any]:
    return lambda: workflow.generate(db, period, dt.date.today())


def _measure(primary: Cluster, standby: Cluster, args: argparse.Namespace) -> list[tuple[str, str, str]]:
    period = Period.of(Kind.ANNUAL, args.year)
    on_primary = svc.open_database(primary.libpq(SCRATCH))
    on_replica = svc.open_database(primary.libpq(SCRATCH), stats_db=standby.libpq(SCRATCH))
    rows = []
    try:
        for name, cluster in (("primary", primary), ("replica", standby)):
            floor = _times(_floor(cluster.libpq(SCRATCH), period), args.runs)
            rows.append((f"floor: count of {args.year}'s closed cases, {name}", f"{statistics.median(floor):,.0f}", ""))
        for name, db in (("primary", on_primary), ("replica", on_replica)):
            _report(db, period)()  # warm the cache alike
            idle = _times(_report(db, period), args.runs)
            assert db.stats_note is None, db.stats_note
            rows.append((f"annual report, idle, read from the {name}", f"{statistics.median(idle):,.0f}", ""))
        for name, db in (("primary", on_primary), ("replica", on_replica)):
            case_ids = shared_cases(on_primary)
            clients = start_clients(primary.libpq(SCRATCH), args.clients, args.seconds, case_ids)
            time.sleep(2)  # the clients connected and saving
            busy = _times(
                _report(db, period), args.runs, lambda running=clients: any(c.poll() is None for c in running)
            )
            got = results(clients, timeout=args.seconds * 20 + 300)
            saves = [ms for r in got for ms in r["save_ms"]]
            errors = sum(len(r["errors"]) for r in got)
            rows.append(
                (
                    f"annual report, {args.clients} clients saving, read from the {name} ({len(busy)} runs)",
                    f"{statistics.median(busy):,.0f}",
                    f"{len(saves)} saves p50 {_pct(saves, 50):.0f} / p95 {_pct(saves, 95):.0f} ms, {errors} errors",
                )
            )
        rows.append(("replay lag after the load (s)", f"{wait_replayed(primary, standby):.2f}", ""))
    finally:
        on_primary.close()
        on_replica.close()
    return rows


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cluster", type=Path, default=data_dir(100_000) / "cluster")
    parser.add_argument("--database", default="county")
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--runs", type=int, default=3)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    primary = start_cluster(args.cluster)
    try:
        primary.execute(f"DROP DATABASE IF EXISTS {SCRATCH}")
        primary.execute(f"CREATE DATABASE {SCRATCH} TEMPLATE {args.database}")
        svc.open_database(primary.libpq(SCRATCH)).close()  # migrated to this program's schema on the primary
        began = time.perf_counter()
        standby = start_standby(primary)
        print(f"standby made and started in {time.perf_counter() - began:,.0f} s", flush=True)
        try:
            rows = _measure(primary, standby, args)
        finally:
            stop_cluster(standby)
    finally:
        primary.execute(f"DROP DATABASE IF EXISTS {SCRATCH}")
        stop_cluster(primary, keep=True)
    width = max(len(r[0]) for r in rows)
    print(f"{'what':<{width}}  {'ms':>7}  saves on the primary meanwhile")
    for what, ms, saves in rows:
        print(f"{what:<{width}}  {ms:>7}  {saves}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
