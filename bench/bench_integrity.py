"""Benchmark of the start's integrity checks and the backup on exit (issue "Never lose a dispute file").

    python bench/bench_integrity.py [--db FILE] [--cases 100000] [--seed 1] [--cache DIR] [--runs 3]

On the 100,000-case demo database of bench/bench_search.py (or `--db`, read only), times in one run,
interleaved:

- ``PRAGMA quick_check`` (every start) and ``PRAGMA integrity_check`` (weekly), as
  `storage.integrity.check` runs them;
- the floor beside them: reading the whole file once (what any check must at least do);
- the backup on exit (`services.backup.exit_backup` on a scratch copy: backup API, verification): the
  seconds the process stays after its window is hidden (app.run_gui hides it before backing up).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_search import build, cache_dir, fingerprint  # noqa: E402

from mediator_app.services.backup import exit_backup  # noqa: E402
from mediator_app.storage.integrity import check  # noqa: E402


def read_all(path: Path) -> None:
    with open(path, "rb") as fh:
        while fh.read(1 << 20):
            pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="an existing database (default: the cached demo database)")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cache", help="folder for the generated databases (default ~/.cache/mediator-bench)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    if args.db:
        db = Path(args.db)
    else:
        db = cache_dir(args.cache) / f"demo-{args.cases}-{args.seed}-{fingerprint()}.sqlite3"
        if not db.exists():
            print(f"building {db} …", file=sys.stderr)
            build(db, args.cases, args.seed)
    times: dict[str, list[float]] = {"quick": [], "full": [], "read": [], "exit": []}
    with tempfile.TemporaryDirectory() as tmp:
        live = Path(tmp) / "live.sqlite3"
        shutil.copyfile(db, live)  # exit_backup writes beside the database: never beside the cached one
        for _run in range(args.runs):
            for key, job in (
                ("quick", lambda: check(live)),
                ("full", lambda: check(live, full=True)),
                ("read", lambda: read_all(live)),
            ):
                started = time.perf_counter()
                job()
                times[key].append(time.perf_counter() - started)
            shutil.rmtree(live.parent / "backups", ignore_errors=True)  # no backup yet: one is made
            started = time.perf_counter()
            made = exit_backup(live)
            times["exit"].append(time.perf_counter() - started)
        assert made is not None
        size = live.stat().st_size / 1_048_576
    print(f"database: {db.name}, {made.made.cases} cases, {size:.0f} MB, {args.runs} runs (medians)")
    print(f"{'what':<48} {'seconds':>8}")
    print(f"{'quick_check (every start, own thread)':<48} {statistics.median(times['quick']):8.2f}")
    print(f"{'integrity_check (weekly, own thread)':<48} {statistics.median(times['full']):8.2f}")
    print(f"{'floor: reading the file once':<48} {statistics.median(times['read']):8.2f}")
    print(f"{'backup on exit (after the window is hidden)':<48} {statistics.median(times['exit']):8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
