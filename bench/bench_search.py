"""Benchmark of the GitHub issue "Find any case instantly in a room's whole history, and start fast".

    python bench/bench_search.py [--cases 100000] [--seed 1] [--cache DIR] [--rebuild] [--queries 200]

Builds a demo database with `mediator-cli demo` (or reuses it from the cache folder: default
``mediator-bench`` in the user's cache folder, ``~/.cache/mediator-bench`` on Linux; keyed by a hash
of the generator, schema and index code), then
measures, in this one process, and prints a table with medians, p95 and the ratio to a baseline
measured in the same run:

- search latency for 1-, 2-, 3- and 5-character queries drawn from the data (surnames, 2-character
  given names, 2-character words of the facts, 3-character full names, 5-character phrases of
  addresses and facts), against a plain ``LIKE '%…%'`` scan over the same text (a table of one row
  per case holding all its searchable text, built once in a separate file);
- filter changes of the case list (count + first page of 100) for several filters, against loading
  the whole list the way the GUI does today (`services.cases.list_cases`);
- database size with and without the search index; resident memory after opening and searching;
- time to first paint: the bare-Qt floor (QMainWindow, offscreen), and the program itself if
  `mediator_app/app.py` has the first-paint hook (env MEDIATOR_FIRST_PAINT_EXIT=1 prints
  ``first-paint-ms N`` and exits); without it the row says TODO.

Targets (100,000 cases): search p95 ≤ 20 ms at every query length; filter change ≤ 100 ms; RSS ≤ 300 MB.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEARCH_TARGET_MS = 20.0
FILTER_TARGET_MS = 100.0
RSS_TARGET_MB = 300.0
FIRST_PAINT_HOOK = "MEDIATOR_FIRST_PAINT_EXIT"
# What decides the generated database's content (the index format has its own version number).
FINGERPRINT_FILES = (
    "mediator_app/services/demo.py",
    "mediator_app/storage/bulk.py",
    "mediator_app/domain/search_text.py",
)


# ---------------------------------------------------------------- the database


def fingerprint() -> str:
    from mediator_app.storage.search import INDEX_VERSION

    digest = hashlib.sha256(INDEX_VERSION.encode())
    for name in FINGERPRINT_FILES:
        digest.update((ROOT / name).read_bytes())
    for path in sorted((ROOT / "mediator_app/storage/migrations/versions").glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def cache_dir(given: str | None = None) -> Path:
    """`given`, else the benchmarks' folder in the user's cache folder (platformdirs:
    ``$XDG_CACHE_HOME/mediator-bench`` or ``~/.cache/mediator-bench`` on Linux, ``%LOCALAPPDATA%`` on
    Windows): every benchmark keeps what it generates (demo databases, clusters) there by default."""
    if given:
        return Path(given)
    import platformdirs

    return Path(platformdirs.user_cache_dir("mediator-bench", appauthor=False))


def build(path: Path, cases: int, seed: int) -> float:
    """Run `mediator-cli demo` in a child process (its progress bar goes to our stderr); seconds taken."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "mediator_app.cli.main",
            "--db",
            str(partial),
            "demo",
            "--cases",
            str(cases),
            "--seed",
            str(seed),
        ],
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    elapsed = time.perf_counter() - started
    partial.rename(path)
    return elapsed


def like_table(db_path: Path, like_path: Path) -> None:
    """The LIKE baseline's text: one row per case, all its searchable text (as the index holds it)."""
    if like_path.exists():
        return
    src = sqlite3.connect(db_path)
    dst = sqlite3.connect(like_path)
    dst.execute("CREATE TABLE case_text (case_id INTEGER PRIMARY KEY, text TEXT NOT NULL)")
    rows = src.execute("SELECT case_id, number, names, ids, addresses, texts_z FROM search_doc")
    dst.executemany(
        "INSERT INTO case_text VALUES (?, ?)",
        ((r[0], "\n".join((*r[1:5], zlib.decompress(r[5]).decode("utf-8")))) for r in rows),
    )
    dst.commit()
    dst.close()
    src.close()


def sizes(db_path: Path) -> tuple[float, float, float]:
    """(whole file, search index, case list indexes) in MB."""
    conn = sqlite3.connect(db_path)
    total = db_path.stat().st_size / 1e6
    per = dict(conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall())
    conn.close()
    search = sum(v for k, v in per.items() if k.startswith(("search_doc", "search_fts_", "search_meta"))) / 1e6
    listing = sum(v for k, v in per.items() if k.startswith("ix_case_list_")) / 1e6
    return total, search, listing


# ---------------------------------------------------------------- measuring


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def percentile(values: Sequence[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource  # peak, not current, where /proc is missing

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


_PUNCTUATION = re.compile(r"[\s，。、；：（）“”…,.]")


def draw_queries(db_path: Path, n: int, seed: int) -> dict[str, list[str]]:
    conn = sqlite3.connect(db_path)
    people = [r[0] for r in conn.execute("SELECT name FROM party WHERE kind = '自然人'")]
    facts = [r[0] for r in conn.execute("SELECT facts FROM dispute_case")]
    addresses = [r[0] for r in conn.execute("SELECT address FROM party")]
    phones = [r[0] for r in conn.execute("SELECT phone FROM party WHERE length(phone) >= 4")]
    conn.close()
    return draw_from(people, facts, addresses, phones, n, seed)


def draw_from(
    people: list[str], facts: list[str], addresses: list[str], phones: list[str], n: int, seed: int
) -> dict[str, list[str]]:
    """`n` queries per row from the people's names, facts, addresses and phone numbers (bench/bench_county.py
    draws from a PostgreSQL database the same way). The last row is what a mediator types to find a
    party by the last four digits of a phone number: digits that also occur in every ID number."""
    rng = random.Random(seed)
    three = [p for p in people if len(p) == 3]

    def phrase(texts: list[str], k: int) -> str:
        while True:
            text = rng.choice(texts)
            if len(text) > k:
                at = rng.randrange(len(text) - k)
                if not _PUNCTUATION.search(piece := text[at : at + k]):
                    return piece

    return {
        "1 字：姓": [rng.choice(people)[0] for _ in range(n)],
        "2 字：名": [rng.choice(three)[1:] for _ in range(n)],
        "2 字：事实用词": [phrase(facts, 2) for _ in range(n)],
        "3 字：姓名": [rng.choice(three) for _ in range(n)],
        "5 字：住址片段": [phrase(addresses, 5) for _ in range(n // 2)],
        "5 字：事实片段": [phrase(facts, 5) for _ in range(n - n // 2)],
        "4 位：电话尾号": [rng.choice(phones)[-4:] for _ in range(n)],
    }


@dataclass
class Row:
    what: str
    p50: float
    p95: float
    base: float | None = None  # baseline median
    target: str = ""
    ok: bool | None = None

    def cells(self) -> list[str]:
        ratio = f"{self.base / self.p50:,.0f}× faster" if self.base and self.p50 else ""
        mark = "" if self.ok is None else ("PASS" if self.ok else "FAIL")
        return [
            self.what,
            f"{self.p50:,.2f}",
            f"{self.p95:,.2f}",
            f"{self.base:,.1f}" if self.base else "",
            ratio,
            f"{self.target} {mark}".strip(),
        ]


def search_rows(location: Path | str, queries: dict[str, list[str]], target_ms: float = SEARCH_TARGET_MS) -> list[Row]:
    """p50/p95 of `services.search.search` per row of queries, on a file or a server URL."""
    from mediator_app.services import cases, search

    db = cases.open_database(location)
    rows = []
    try:
        for label, qs in queries.items():
            for q in qs[:10]:  # warm-up: the page cache, as in a program that has been open a while
                search.search(db, q)
            times = [timed(lambda q=q: search.search(db, q)) for q in qs]  # type: ignore[misc]
            p95 = percentile(times, 95)
            rows.append(
                Row(
                    f"查找 {label}",
                    statistics.median(times),
                    p95,
                    target=f"p95 ≤ {target_ms:g} ms",
                    ok=p95 <= target_ms,
                )
            )
    finally:
        db.close()
    return rows


def bench_search(db_path: Path, like_path: Path, queries: dict[str, list[str]]) -> tuple[list[Row], float, float]:
    rss_before = rss_mb()
    rows = search_rows(db_path, queries)
    rss_after = rss_mb()
    like = sqlite3.connect(like_path)
    # Baseline: LIKE over the same text, all matches (a ranking needs them all), in a separate file.
    for row, qs in zip(rows, queries.values(), strict=True):
        sample = qs[:15]
        row.base = statistics.median(
            timed(
                lambda q=q: like.execute(  # type: ignore[misc]
                    "SELECT case_id FROM case_text WHERE text LIKE ? ORDER BY case_id DESC", (f"%{q}%",)
                ).fetchall()
            )
            for q in sample
        )
    like.close()
    return rows, rss_before, rss_after


def bench_filters(db_path: Path) -> list[Row]:
    from mediator_app.services import cases

    db = cases.open_database(db_path)
    base = statistics.median(timed(lambda: cases.list_cases(db)) for _ in range(3))
    db.close()
    rows = filter_rows(db_path)
    for row in rows:
        row.base = base
    return rows


def filter_rows(location: Path | str) -> list[Row]:
    """p50/p95 of each filter change on a file or a server URL, as the list model makes it: the first
    count as far as known + the first page of 100 (`caselist.first_page`: exact count on SQLite; on
    PostgreSQL no count, "more than 100" when the page is full).
    翻到末页 is the exact count (the model's second job) + the last page read from the end with that
    count; 清点 rows are that exact count alone (shown while the list is already on screen: no target)."""
    import datetime as dt

    from mediator_app.services import caselist as cl
    from mediator_app.services import cases

    db = cases.open_database(location)
    today = dt.date(2026, 11, 20)
    choices = cl.choices(db)
    mediator = choices.mediators[0]
    filters = {
        "全部（按登记日期）": (cl.CaseFilter(today=today), cl.CaseSort()),
        "阶段：调解中": (cl.CaseFilter(stages=("调解中",), today=today), cl.CaseSort()),
        "阶段：结案归档（过半）": (cl.CaseFilter(stages=("结案归档",), today=today), cl.CaseSort()),
        "纠纷类型：邻里纠纷": (cl.CaseFilter(dispute_type="邻里纠纷", today=today), cl.CaseSort()),
        f"调解员：{mediator}": (cl.CaseFilter(mediator=mediator, today=today), cl.CaseSort()),
        "来源：网格员上报": (cl.CaseFilter(source="网格员上报", today=today), cl.CaseSort()),
        "登记日期：2026年3月": (
            cl.CaseFilter(registered_from=dt.date(2026, 3, 1), registered_to=dt.date(2026, 3, 31), today=today),
            cl.CaseSort(),
        ),
        "逾期": (cl.CaseFilter(overdue=True, today=today), cl.CaseSort()),
        "逾期 + 类型 + 调解员": (
            cl.CaseFilter(overdue=True, dispute_type="邻里纠纷", mediator=mediator, today=today),
            cl.CaseSort(),
        ),
        "全部，按阶段排序": (cl.CaseFilter(today=today), cl.CaseSort(cl.SortKey.STAGE)),
        "类型筛选，按阶段排序": (cl.CaseFilter(dispute_type="邻里纠纷", today=today), cl.CaseSort(cl.SortKey.STAGE)),
        "全部，按编号，翻到末页": (cl.CaseFilter(today=today), cl.CaseSort(cl.SortKey.NUMBER), "last"),
        "全部（默认顺序），翻到末页": (cl.CaseFilter(today=today), cl.CaseSort(), "last"),
        "清点 全部": (cl.CaseFilter(today=today), cl.CaseSort(), "count"),
        f"清点 调解员：{mediator}": (cl.CaseFilter(mediator=mediator, today=today), cl.CaseSort(), "count"),
    }
    rows = []
    for label, spec in filters.items():
        f, sort = spec[0], spec[1]
        kind = spec[2] if len(spec) > 2 else "change"

        def change(f: cl.CaseFilter = f, sort: cl.CaseSort = sort, kind: str = kind) -> None:
            if kind == "change":
                cl.first_page(db, f, sort, 100)
                return
            n = cl.count(db, f)
            if kind == "last":
                cl.page(db, f, sort, max(0, n - 100), 100, n)

        change()
        times = [timed(change) for _ in range(15)]
        p95 = percentile(times, 95)
        rows.append(
            Row(
                label if kind == "count" else f"筛选 {label}",
                statistics.median(times),
                p95,
                None,
                "—" if kind == "count" else "≤ 100 ms",
                None if kind == "count" else p95 <= FILTER_TARGET_MS,
            )
        )
    db.close()
    return rows


_BARE_QT = """
import sys, time
t0 = time.perf_counter()
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print(f"first-paint-ms {(time.perf_counter() - t0) * 1000:.0f}", flush=True)
            QTimer.singleShot(0, app.quit)
        return False
w = QMainWindow(); w.resize(1200, 800)
f = Painted(); w.installEventFilter(f); w.show()
app.exec()
"""


def first_paint(db_path: Path, runs: int = 5) -> tuple[list[float], list[float] | None]:
    """Wall time (ms) from process start to exit at first paint: bare Qt, and the program if it has the hook."""
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}

    def wall(argv: list[str], extra: dict[str, str]) -> float:
        started = time.perf_counter()
        subprocess.run(argv, check=True, env={**env, **extra}, cwd=ROOT, stdout=subprocess.PIPE, timeout=120)
        return (time.perf_counter() - started) * 1000

    bare = [wall([sys.executable, "-c", _BARE_QT], {}) for _ in range(runs)]
    app_source = (
        (ROOT / "mediator_app/app.py").read_text(encoding="utf-8") if (ROOT / "mediator_app/app.py").exists() else ""
    )
    if FIRST_PAINT_HOOK not in app_source:
        return bare, None
    program = [
        wall([sys.executable, "-m", "mediator_app", "--db", str(db_path)], {FIRST_PAINT_HOOK: "1"}) for _ in range(runs)
    ]
    return bare, program


# ---------------------------------------------------------------- report


def table(rows: list[list[str]], headers: Sequence[str]) -> str:
    from mediator_app.cli.table import pad, width

    widths = [max(width(h), *(width(r[i]) for r in rows)) for i, h in enumerate(headers)]
    lines = [
        "| " + " | ".join(pad(h, w) for h, w in zip(headers, widths, strict=True)) + " |",
        "|" + "|".join("-" * (w + 2) for w in widths) + "|",
    ]
    lines += ["| " + " | ".join(pad(c, w) for c, w in zip(r, widths, strict=True)) + " |" for r in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--queries", type=int, default=200, help="queries per row")
    parser.add_argument("--cache", help="folder for the generated databases (default ~/.cache/mediator-bench)")
    parser.add_argument("--rebuild", action="store_true", help="generate the database even if cached")
    parser.add_argument("--no-gui", action="store_true", help="skip the first-paint measurement")
    args = parser.parse_args(argv)

    folder = cache_dir(args.cache)
    db_path = folder / f"demo-{args.cases}-{args.seed}-{fingerprint()}.sqlite3"
    like_path = db_path.with_suffix(".like.sqlite3")
    built = None
    if args.rebuild or not db_path.exists():
        like_path.unlink(missing_ok=True)
        print(f"building {db_path} ...", file=sys.stderr)
        built = build(db_path, args.cases, args.seed)
    like_table(db_path, like_path)
    queries = draw_queries(db_path, args.queries, args.seed + 1)

    from mediator_app.services import caselist, cases, search  # noqa: F401  (imported before measuring RSS)

    search_rows, rss_open, rss_searched = bench_search(db_path, like_path, queries)
    filter_rows = bench_filters(db_path)
    rss_end = rss_mb()
    total, index_mb, list_mb = sizes(db_path)
    paint = None if args.no_gui else first_paint(db_path)

    print(
        f"\n{args.cases:,} cases (seed {args.seed}), SQLite {sqlite3.sqlite_version}, Python {sys.version.split()[0]}, "
        f"{os.cpu_count()} CPUs; database {db_path}"
    )
    if built is not None:
        print(f"generated with `mediator-cli demo --cases {args.cases}` in {built:.1f} s")
    headers = ("measurement", "p50 ms", "p95 ms", "baseline ms", "ratio", "target")
    print("\nSearch (baseline: LIKE '%q%' scan over the same text, all matches)")
    print(table([r.cells() for r in search_rows], headers))
    print("\nCase list: filter change = count + first page of 100 (baseline: services.cases.list_cases, all rows)")
    print(table([r.cells() for r in filter_rows], headers))
    print("\nSize and memory")
    size_rows = [
        ["database file", f"{total:,.0f} MB", ""],
        ["  of which search index (search_doc + FTS)", f"{index_mb:,.0f} MB", ""],
        ["  of which case-list indexes", f"{list_mb:,.0f} MB", ""],
        ["database without the search index", f"{total - index_mb:,.0f} MB", ""],
        ["RSS before opening (Python + program imports)", f"{rss_open:,.0f} MB", ""],
        [
            "RSS after opening and searching",
            f"{rss_searched:,.0f} MB",
            f"≤ 300 MB {'PASS' if rss_searched <= RSS_TARGET_MB else 'FAIL'}",
        ],
        ["RSS after the case-list runs too", f"{rss_end:,.0f} MB", ""],
    ]
    print(table(size_rows, ("what", "value", "target")))
    if paint is not None:
        bare, program = paint
        print("\nTime to first paint (whole process, offscreen, median of 5)")
        paint_rows = [["bare QMainWindow (floor)", f"{statistics.median(bare):,.0f} ms", ""]]
        if program is None:
            paint_rows.append(["mediator_app --db (100k)", "TODO", f"app.py has no {FIRST_PAINT_HOOK} hook"])
        else:
            paint_rows.append(
                [
                    "mediator_app --db (100k)",
                    f"{statistics.median(program):,.0f} ms",
                    f"{statistics.median(program) / statistics.median(bare):.1f}× the floor",
                ]
            )
        print(table(paint_rows, ("what", "median", "note")))
    failed = [r.what for r in search_rows + filter_rows if r.ok is False] + (
        ["RSS"] if max(rss_searched, rss_end) > RSS_TARGET_MB else []
    )
    print(f"\n{'all targets met' if not failed else 'targets missed: ' + ', '.join(failed)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
