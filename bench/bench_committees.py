"""What a person of one committee pays for seeing only that committee's cases in a centre database
(docs/centre.md, "Several committees in one database"), side by side with the centre-wide person on
the same database in the same run.

    python bench/bench_committees.py [--cases 20000] [--committees 4] [--queries 60] [--seed 3]

Builds a demo database of `--cases` cases (`services.demo.fill_demo`, in a temporary folder removed
at the end), adds
`--committees - 1` further committees and gives case i to committee i mod K + 1 (so one committee holds
1/K of the centre's cases). Then, as a centre-wide director and as a director of committee 1, it times:
the case list's filter change (count + first page of 100, as the GUI asks) for the default and a stage
filter, 今日待办, search for 1-, 2- and 3-character queries drawn from the parties' names (a
committee's search reads the centre's matches and keeps its own, 4× more per round), and last year's
annual report (the centre's over every case; the committee director's over its own).
Prints median and p95 in ms and the ratio committee / centre.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(call: Callable[[], object], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        out.append((time.perf_counter() - start) * 1000)
    return out


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def build(path: Path, cases: int, committees: int, seed: int) -> list[str]:
    """The demo database split over the committees; the party names to search for."""
    from mediator_app.domain.model import Committee
    from mediator_app.services import cases as svc
    from mediator_app.services import demo

    db = svc.open_database(path)
    try:
        demo.ensure_demo_committee(db)
        demo.fill_demo(db, cases, seed)
        for k in range(2, committees + 1):
            svc.save_committee(db, Committee(name=f"第{k}人民调解委员会", short_name=f"第{k}调"))
        with db.unit_of_work() as session:
            from sqlalchemy import text

            session.execute(text("UPDATE dispute_case SET committee_id = (id % :k) + 1"), {"k": committees})
        with db.read_connection() as conn:
            return [r[0] for r in conn.execute("SELECT name FROM party WHERE kind = '自然人' LIMIT 5000")]
    finally:
        db.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--committees", type=int, default=4)
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()

    from mediator_app.domain.access import Actor, Role
    from mediator_app.domain.stages import Stage
    from mediator_app.services import caselist, procedure, search
    from mediator_app.services import cases as svc
    from mediator_app.services.caselist import CaseFilter
    from mediator_app.services.statistics import workflow
    from mediator_app.services.statistics.period import Kind, Period

    folder = Path(tempfile.mkdtemp(prefix="bench-committees-"))
    path = folder / "centre.sqlite3"
    started = time.perf_counter()
    names = build(path, args.cases, args.committees, args.seed)
    print(f"{args.cases} cases in {args.committees} committees, built in {time.perf_counter() - started:.0f} s")
    rng = random.Random(args.seed)
    queries = {
        "search 1 character": [rng.choice(names)[0] for _ in range(args.queries)],
        "search 2 characters": [rng.choice([n for n in names if len(n) >= 2])[-2:] for _ in range(args.queries)],
        "search 3 characters": [rng.choice([n for n in names if len(n) == 3]) for _ in range(args.queries)],
    }
    db = svc.open_database(path)
    today = dt.date.today()
    last_year = Period.of(Kind.ANNUAL, today.year - 1)  # the centre's report, or committee 1's own
    people = {
        "centre": Actor("centre", "中心主任", Role.DIRECTOR, None),
        "committee": Actor("one", "调委会主任", Role.DIRECTOR, 1),
    }
    rows: list[tuple[str, dict[str, list[float]]]] = []

    def case_list(f: CaseFilter) -> Callable[[], object]:
        return lambda: (caselist.count(db, f), caselist.page(db, f, offset=0, limit=100))

    jobs: list[tuple[str, list[Callable[[], object]]]] = [
        ("case list: all cases", [case_list(CaseFilter(today=today))] * args.queries),
        (
            "case list: stage 调解中",
            [case_list(CaseFilter(stages=(Stage.MEDIATING,), today=today))] * args.queries,
        ),
        ("今日待办", [lambda: procedure.todo_list(db, today)] * 5),
        ("annual report (年报)", [lambda: workflow.generate(db, last_year, today)] * 5),
    ]
    for label, texts in queries.items():
        jobs.append((label, [lambda q=q: search.search(db, q) for q in texts]))  # type: ignore[misc]
    try:
        for label, calls in jobs:
            times: dict[str, list[float]] = {}
            for who, actor in people.items():
                db.actor = actor
                times[who] = [t for call in calls for t in timed(call, 1)]
            rows.append((label, times))
    finally:
        db.close()
        shutil.rmtree(folder, ignore_errors=True)
    print(f"{'what':24} {'centre p50':>11} {'p95':>8} {'committee p50':>14} {'p95':>8} {'× p95':>7}")
    for label, times in rows:
        c, k = times["centre"], times["committee"]
        ratio = p95(k) / p95(c) if p95(c) else float("nan")
        print(
            f"{label:24} {statistics.median(c):11.1f} {p95(c):8.1f} {statistics.median(k):14.1f} {p95(k):8.1f}"
            f" {ratio:7.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
