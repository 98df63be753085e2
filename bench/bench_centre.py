"""A township centre's load: N client processes on one database for a bounded time (issue "A township
one-stop centre").

    python bench/bench_centre.py [--clients 20] [--seconds 20]

Each client (tests/centre_client.py) registers cases, edits three shared cases, records procedure facts
on them and searches. Run in one go on a throwaway PostgreSQL cluster (tests/pgcluster.py) and, side
by side, on one SQLite file (the peer: a village room's engine, one writer at a time). Prints, per
engine: operations done, conflicts reported, lost updates (must be 0), numbers unique and gap-free,
unhandled errors (must be 0), and p50/p95 of a save and of a search in milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mediator_app.services import cases as svc  # noqa: E402
from tests.engines import TEMPLATE_DB  # noqa: E402
from tests.factories import make_committee  # noqa: E402
from tests.integration.test_centre_processes import (  # noqa: E402
    check_nothing_lost,
    results,
    shared_cases,
    start_clients,
)
from tests.pgcluster import running_cluster  # noqa: E402


def _pct(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def run(location: Path | str, clients: int, seconds: float) -> dict[str, Any]:
    db = svc.open_database(location)
    try:
        svc.save_committee(db, make_committee())
        case_ids = shared_cases(db)
        got = results(start_clients(location, clients, seconds, case_ids), timeout=seconds * 20 + 300)
        problems = ""
        try:
            check_nothing_lost(db, case_ids, got, initial=len(case_ids))
        except AssertionError as exc:
            problems = str(exc)[:300]
    finally:
        db.close()
    saves = [ms for r in got for ms in r["save_ms"]]
    searches = [ms for r in got for ms in r["search_ms"]]
    return {
        "saves": len(saves),
        "conflicts": sum(len(r["conflicts"]) for r in got),
        "registered": sum(len(r["registered"]) for r in got),
        "searches": len(searches),
        "unavailable": sum(len(r["unavailable"]) for r in got),
        "errors": sum(len(r["errors"]) for r in got),
        "check": problems or "ok: nothing lost, numbers gap-free",
        "save_p50": _pct(saves, 50),
        "save_p95": _pct(saves, 95),
        "search_p50": _pct(searches, 50),
        "search_p95": _pct(searches, 95),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    rows: dict[str, dict[str, Any]] = {}
    with running_cluster() as cluster:
        cluster.execute(f"CREATE DATABASE {TEMPLATE_DB}")
        rows["PostgreSQL 15"] = run(cluster.url(TEMPLATE_DB), args.clients, args.seconds)
    with tempfile.TemporaryDirectory() as tmp:
        rows["SQLite (peer)"] = run(Path(tmp) / "room.sqlite3", args.clients, args.seconds)
    print(f"{args.clients} client processes, {args.seconds:g} s each, one database")
    keys = list(next(iter(rows.values())))
    print(f"{'':24}" + "".join(f"{name:>36}" for name in rows))
    for key in keys:
        cells = [f"{v[key]:.1f}" if isinstance(v[key], float) else str(v[key]) for v in rows.values()]
        print(f"{key:24}" + "".join(f"{c:>36}" for c in cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
