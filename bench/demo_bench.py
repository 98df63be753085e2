"""What the statistics benchmarks (reports, platform export, dashboard) share: the checkout on the
path, one demo database made once with ``mediator-cli demo`` and reused, and the median of a timing."""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_search import cache_dir  # noqa: E402

# The statistics benchmarks' shared demo file (--db's default), in the benchmarks' cache folder.
DEMO_DB = cache_dir() / "reports-demo.sqlite3"


def demo_parser(description: str, runs: int) -> argparse.ArgumentParser:
    """--db (the demo file, made if missing), --cases (its size when made), --runs."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--db", type=Path, default=DEMO_DB, help="the demo file, made if missing (default %(default)s)")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=runs)
    return parser


def ensure_demo(db: Path, cases: int) -> None:
    if not db.exists():
        db.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "mediator_app.cli.main", "--db", str(db), "demo", "--cases", str(cases)],
            check=True,
        )


def timed(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    """The median wall time of `runs` calls, and the last call's result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result
