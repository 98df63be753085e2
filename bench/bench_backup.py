"""Benchmark of a verified backup of the 100,000-case demo database (issue "Never lose a dispute file").

    python bench/bench_backup.py [--cases 100000] [--seed 1] [--cache DIR] [--runs 3]

Reuses (or builds) the demo database of bench/bench_search.py, then times, in one run and interleaved:

- the program's backup (`storage.backup.backup_file`: online backup API in steps, the copy made
  self-contained, flushed, then verified: integrity_check plus row counts of every table);
- the floor: copying the same file with `shutil.copyfile` (no consistency, no check: what a user
  dragging the file to a USB stick would do, and unsafe while the program writes);
- the verification alone (`storage.backup.verify`).

Target: the verified backup of 100,000 cases within 30 s. Prints medians and the size.
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

from mediator_app.storage.backup import backup_file, verify  # noqa: E402

TARGET_S = 30.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cache", help="folder for the generated databases (default ~/.cache/mediator-bench)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    db = cache_dir(args.cache) / f"demo-{args.cases}-{args.seed}-{fingerprint()}.sqlite3"
    if not db.exists():
        print(f"building {db} …", file=sys.stderr)
        build(db, args.cases, args.seed)
    backup_s, copy_s, verify_s = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.runs):
            target = Path(tmp) / f"b{run}.sqlite3"
            started = time.perf_counter()
            made = backup_file(db, target)
            backup_s.append(time.perf_counter() - started)
            started = time.perf_counter()
            shutil.copyfile(db, Path(tmp) / f"c{run}.sqlite3")
            copy_s.append(time.perf_counter() - started)
            started = time.perf_counter()
            verify(target)
            verify_s.append(time.perf_counter() - started)
            size = target.stat().st_size / 1_048_576
            (Path(tmp) / f"c{run}.sqlite3").unlink()
            target.unlink()
    print(f"database: {db.name}, {made.cases} cases, backup {size:.0f} MB, {args.runs} runs (medians)")
    print(f"{'what':<40} {'seconds':>8}")
    print(f"{'verified backup (backup API + check)':<40} {statistics.median(backup_s):8.2f}")
    print(f"{'  of which verification':<40} {statistics.median(verify_s):8.2f}")
    print(f"{'floor: plain file copy, unchecked':<40} {statistics.median(copy_s):8.2f}")
    verdict = "met" if statistics.median(backup_s) <= TARGET_S else "MISSED"
    print(f"target ≤ {TARGET_S:.0f} s: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
