"""Benchmark of the hash-chained audit trail (docs/privacy.md): what chaining costs a write, what a check costs.

    python bench/bench_audit.py [--rows 100000] [--runs 3]

In one run, on a fresh file of this program's schema:

- one audit row per transaction, as every service writes it (`storage.audit_chain.append`: read the
  head, hash, insert), side by side with the floor: the same row inserted without the chain (no head
  read, no hash), each in its own `BEGIN IMMEDIATE … COMMIT` with synchronous=FULL as the program commits;
- the checkpoint rewritten after such a commit (`services.audit.Anchor.record`: read, sign, write a
  temporary file, fsync, rename), which every audited transaction adds;
- `audit verify` over `--rows` rows (walk and recompute every hash, compare with the checkpoint), side by
  side with the floor: reading the same rows without hashing.

Prints medians in milliseconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import statistics
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mediator_app.services import audit, cases  # noqa: E402
from mediator_app.storage import audit_chain, audit_check, loader  # noqa: E402
from mediator_app.storage.columns import stored_utc  # noqa: E402

SINGLE = 200  # one-row transactions timed per kind


def _one_row_each(path: Path, chained: bool) -> float:
    """Median ms of a one-row write transaction."""
    times = []
    now = dt.datetime.now(dt.UTC)
    for n in range(SINGLE):
        started = time.perf_counter()
        with loader.writer(path) as conn:
            if chained:
                loader.add_audit(conn, "打印文书", None, f"第{n}号", "王德明", now)
            else:
                conn.execute(
                    "INSERT INTO audit_log (at, actor, case_id, action, detail, prev_hash, row_hash) "
                    "VALUES (?, ?, NULL, ?, ?, '', '')",
                    (stored_utc(now), "王德明", "打印文书", f"第{n}号"),
                )
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def _checkpoint(path: Path) -> float:
    """Median ms of one checkpoint rewrite."""
    anchor, times = audit.anchor_for(path), []
    for n in range(SINGLE):
        started = time.perf_counter()
        anchor.record(audit_chain.Head(10_000_000 + n, "ab" * 32))
        times.append(time.perf_counter() - started)
    anchor.record(audit_chain.EMPTY, force=True)
    return statistics.median(times) * 1000


def _fill(path: Path, rows: int) -> None:
    """`rows` chained rows in one transaction (the chain as `append` builds it, in bulk)."""
    now = dt.datetime.now(dt.UTC)
    with loader.writer(path) as conn:
        head = audit_chain.head(conn)
        batch = []
        for n in range(rows):
            row_id = head.last_id + 1
            sealed = audit_chain.seal(row_id, now, "王德明", n, "查看个人信息", f"第{n}号", head.last_hash)
            batch.append((row_id, stored_utc(now), "王德明", n, "查看个人信息", f"第{n}号", head.last_hash, sealed))
            head = audit_chain.Head(row_id, sealed)
        conn.executemany(
            f"INSERT INTO audit_log ({', '.join(audit_chain.FIELDS)}) VALUES ({', '.join('?' * 8)})", batch
        )
    audit.anchor_for(path).record(head)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path, floor = Path(folder) / "audit.sqlite3", Path(folder) / "floor.sqlite3"
        for each in (path, floor):
            cases.open_database(each).close()
        plain = _one_row_each(floor, chained=False)  # its own file: unchained rows would break the chain
        chained = _one_row_each(path, chained=True)
        checkpoint = _checkpoint(floor)
        _fill(path, args.rows)
        anchor = audit.anchor_for(path)
        verify, read = [], []
        for _ in range(args.runs):
            with closing(sqlite3.connect(path)) as conn:
                started = time.perf_counter()
                report = audit.verify_connection(conn, anchor)
                verify.append(time.perf_counter() - started)
                started = time.perf_counter()
                count = sum(1 for _row in audit_check.iter_rows(conn))
                read.append(time.perf_counter() - started)
        assert report.ok and report.rows == count, report.problems
    print(f"one audit row per transaction ({SINGLE} each, synchronous=FULL), median:")
    print(f"  chained (head read + SHA-256 + insert): {chained:7.2f} ms")
    print(f"  floor (plain insert, no chain):          {plain:7.2f} ms")
    print(f"  + checkpoint rewrite after the commit:   {checkpoint:7.2f} ms")
    print(f"audit verify over {count:,} rows, median of {args.runs}:")
    print(f"  walk + recompute every hash + checkpoint: {statistics.median(verify) * 1000:8.0f} ms")
    print(f"  floor (read the same rows, no hashing):   {statistics.median(read) * 1000:8.0f} ms")


if __name__ == "__main__":
    main()
