"""Start-up and case-list benchmark of the GUI on a large database (the issue "Find any case instantly
in a room's whole history, and start fast").

    python bench/bench_startup.py [--db PATH] [--runs 15] [--compare DIR] [--paint-only]
    python bench/bench_startup.py --instructions [RUNS] [--compare DIR] [--keep DIR]

PATH defaults to the 100,000-case database `bench/bench_search.py` builds and caches. Offscreen, it prints:

- time to first paint of the whole process (started from here): a bare Qt QMainWindow (the floor) and
  `python -m mediator_app --db PATH --first-paint-exit`, in `--runs` rounds of one run each, back to
  back, the order alternating from round to round. The figure is the median of the per-round ratios
  program / floor (target ≤ 1.3×, issue 9), with their quartiles and range: on a shared VM whole
  runs fall into groups tens of ms apart, and a ratio within a round compares runs that saw the same
  moment of the machine, where a ratio of two medians says which group most runs fell into. The plain
  medians and their ratio are printed too, and the CPU time each process used until it painted and
  left (user + system, its threads included; POSIX), which a busy machine moves much less;
- `--compare DIR`: another checkout's program (e.g. `git worktree add /tmp/old main`) in every round
  as well, with its ratios and program / compared: old against new in the same run;
- `--instructions [RUNS]`: instead of timing, each process under `valgrind --tool=callgrind` (RUNS
  each, default 1), the instructions to the first paint side by side with their ratio; a busy
  machine does not move them. `--keep DIR` keeps the files for `callgrind_annotate --inclusive=yes`;
- both start the processes with byte code written (PYTHONDONTWRITEBYTECODE removed), as an installed
  program has it;
- in one process running the real main window: time until the list shows (count + first page),
  filter changes as the window sees them (filter bar change → rows shown), a scroll to the middle of
  the list (page fetched), a 2-character name typed into 查找 (typing → results shown, including the
  200 ms debounce), and the resident memory after all that (target ≤ 300 MB).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RATIO_TARGET = 1.3  # issue 9: first paint within 1.3x the bare-Qt floor
RSS_TARGET_MB = 300.0

_BARE_QT = """
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, self.done)
        return False
    def done(self):
        print("first-paint", flush=True)
        import os; os._exit(0)
w = QMainWindow(); w.resize(1366, 768)
f = Painted(); w.installEventFilter(f); w.show()
app.exec()
"""


def default_db() -> Path:
    from bench.bench_search import cache_dir, fingerprint

    return cache_dir(None) / f"demo-100000-1-{fingerprint()}.sqlite3"


def program_env() -> dict[str, str]:
    """Offscreen, and byte code written: an installed program (a wheel, the frozen bundle) starts from
    compiled modules, so a checkout measured with PYTHONDONTWRITEBYTECODE would compile its own every run."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "QT_QPA_PLATFORM": "offscreen"}


def wall_to_first_paint(argv: list[str], env: dict[str, str] | None = None) -> float:
    """ms from starting the process until it prints that it has painted (offscreen unless `env` says)."""
    return to_first_paint(argv, env)[0]


def to_first_paint(argv: list[str], env: dict[str, str] | None = None, cwd: Path = ROOT) -> tuple[float, float]:
    """`wall_to_first_paint`, and the CPU ms the process used in all (it leaves right after painting;
    NaN where `os.wait4` is missing)."""
    env = env if env is not None else program_env()
    started = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("first-paint"):
            elapsed = (time.perf_counter() - started) * 1000
            break
    else:
        raise RuntimeError(f"{argv} exited without painting")
    if not hasattr(os, "wait4"):
        proc.wait(timeout=60)
        return elapsed, float("nan")
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stdout.close()
    return elapsed, (usage.ru_utime + usage.ru_stime) * 1000


class Probe(NamedTuple):
    """One process the first-paint rounds start: its label, command line and working folder."""

    label: str
    argv: list[str]
    cwd: Path


def probes(db: Path, compare: Path | None) -> list[Probe]:
    """The floor, this checkout's program and, with `--compare DIR`, another checkout's (run from its own
    folder, so that `python -m mediator_app` imports that checkout's package: the current folder comes
    first on the path, before the editable install)."""
    program = ["-m", "mediator_app", "--db", str(db), "--first-paint-exit"]
    found = [Probe("floor", [sys.executable, "-c", _BARE_QT], ROOT), Probe("program", [sys.executable, *program], ROOT)]
    if compare is not None:
        found.append(Probe("compared", [sys.executable, *program], compare.resolve()))
    return found


def first_paint(runs: list[Probe], rounds: int) -> dict[str, list[tuple[float, float]]]:
    """(wall, CPU) ms of each probe in each round. A round starts every probe once, back to back, so that
    the ratios within a round compare runs that saw the same moment of the machine; the order rotates
    from round to round (floor-program, program-floor, …) so that neither always goes first."""
    measured: dict[str, list[tuple[float, float]]] = {probe.label: [] for probe in runs}
    for probe in runs:  # warm the file cache for each
        to_first_paint(probe.argv, cwd=probe.cwd)
    for round_no in range(rounds):
        shift = round_no % len(runs)
        for probe in runs[shift:] + runs[:shift]:
            measured[probe.label].append(to_first_paint(probe.argv, cwd=probe.cwd))
    return measured


def spread(values: list[float]) -> str:
    """Median, quartiles and range of a list: `1.23 (IQR 1.18-1.30, range 1.05-1.52)`."""
    if len(values) < 2:
        return f"{values[0]:.2f}"
    q1, _q2, q3 = statistics.quantiles(values, n=4)
    return f"{statistics.median(values):.2f} (IQR {q1:.2f}-{q3:.2f}, range {min(values):.2f}-{max(values):.2f})"


def report_wall(measured: dict[str, list[tuple[float, float]]], rounds: int) -> None:
    loads = " ".join(f"{load:.1f}" for load in os.getloadavg())
    print(f"Time to first paint, whole process, offscreen, {rounds} rounds (load average {loads} at the end):")
    floor = measured["floor"]
    for label, runs in measured.items():
        walls = ", ".join(f"{w:.0f}" for w, _ in runs)
        median_wall, median_cpu = statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)
        print(f"  {label:<9} median {median_wall:5.0f} ms, CPU {median_cpu:5.0f} ms   runs: {walls}")
    for label, runs in measured.items():
        if label == "floor":
            continue
        wall = [w / f for (w, _), (f, _) in zip(runs, floor, strict=True)]
        cpu = [c / f for (_, c), (_, f) in zip(runs, floor, strict=True)]
        plain = statistics.median(w for w, _ in runs) / statistics.median(w for w, _ in floor)
        verdict = "PASS" if statistics.median(wall) <= RATIO_TARGET else "FAIL"
        print(f"  {label} / floor, per round: wall {spread(wall)} ({verdict} ≤ {RATIO_TARGET}×)")
        print(f"      CPU {spread(cpu)}; the plain medians' ratio: wall {plain:.2f}")
    if "compared" in measured:
        wall = [p / c for (p, _), (c, _) in zip(measured["program"], measured["compared"], strict=True)]
        cpu = [p / c for (_, p), (_, c) in zip(measured["program"], measured["compared"], strict=True)]
        print(f"  program / compared, per round: wall {spread(wall)}, CPU {spread(cpu)}")


def callgrind_instructions(probe: Probe, out: Path) -> int:
    """Instructions the process executes until it has painted and left (all its threads; valgrind's
    callgrind, which a busy machine does not move)."""
    env = program_env()
    argv = ["valgrind", "--tool=callgrind", "--dump-instr=no", f"--callgrind-out-file={out}", *probe.argv]
    done = subprocess.run(argv, env=env, cwd=probe.cwd, capture_output=True, text=True, timeout=900)
    if "first-paint" not in done.stdout:
        raise RuntimeError(f"{probe.label} exited without painting: {done.stderr[-2000:]}")
    for line in out.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith(("totals:", "summary:")):
            return int(line.split()[1])
    raise RuntimeError(f"no totals in {out}")


def report_instructions(runs: list[Probe], rounds: int, keep: Path | None) -> None:
    """Each probe under callgrind `rounds` times, interleaved; totals side by side and their ratios."""
    import tempfile

    folder = keep or Path(tempfile.mkdtemp(prefix="bench-startup-"))
    folder.mkdir(parents=True, exist_ok=True)
    counts: dict[str, list[int]] = {probe.label: [] for probe in runs}
    for probe in runs:  # its byte code written, its files in the cache
        to_first_paint(probe.argv, cwd=probe.cwd)
    for round_no in range(rounds):
        for probe in runs:
            counts[probe.label].append(callgrind_instructions(probe, folder / f"{probe.label}.{round_no}.out"))
    loads = " ".join(f"{load:.1f}" for load in os.getloadavg())
    print(f"Instructions to first paint, whole process (callgrind, {rounds} run(s) each; load average {loads}):")
    floor = statistics.median(counts["floor"])
    for label, values in counts.items():
        median = statistics.median(values)
        each = ", ".join(f"{v / 1e6:.1f}" for v in values)
        ratio = "" if label == "floor" else f"   {median / floor:.3f}× the floor"
        print(f"  {label:<9} {median / 1e6:8.1f} M{ratio}   runs (M): {each}")
    if "compared" in counts:
        delta = statistics.median(counts["program"]) - statistics.median(counts["compared"])
        print(f"  program − compared: {delta / 1e6:+.1f} M")
    if keep is not None:
        print(f"  callgrind files in {folder} (callgrind_annotate --inclusive=yes FILE)")


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def in_window(db: Path, name: str) -> list[tuple[str, str]]:
    """Drive the real main window; returns (what, figure) rows."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ.setdefault("MEDIATOR_USER", "bench")  # the file has no accounts: the window creates this one
    os.environ.setdefault("MEDIATOR_PASSWORD", "bench-password")
    import tempfile

    from PySide6.QtCore import QCoreApplication, QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from mediator_app.domain.stages import Stage
    from mediator_app.services.caselist import CaseFilter
    from mediator_app.ui.fonts import install_fonts
    from mediator_app.ui.main_window import MainWindow
    from mediator_app.ui.style import apply_style

    QCoreApplication.setOrganizationName("MediationDeskBench")
    QCoreApplication.setApplicationName("MediationDeskBench")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
    app = QApplication.instance() or QApplication(sys.argv[:1])
    install_fonts(app)  # type: ignore[arg-type]
    apply_style(app)  # type: ignore[arg-type]

    def wait(signal: object, timeout_ms: int = 60_000) -> float:
        loop = QEventLoop()
        started = time.perf_counter()
        signal.connect(loop.quit)  # type: ignore[attr-defined]
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()
        signal.disconnect(loop.quit)  # type: ignore[attr-defined]
        return (time.perf_counter() - started) * 1000

    rows: list[tuple[str, str]] = []
    window = MainWindow(db)
    window.resize(1366, 768)
    window.show()
    started = time.perf_counter()
    window.open_database()
    wait(window.database_ready)
    rows.append(
        ("open database + list shown (count + first page)", f"{(time.perf_counter() - started) * 1000:,.0f} ms")
    )
    rows.append(
        (
            "rows in the list / rows held in memory",
            f"{window.case_list.model.rowCount():,} / {window.case_list.model.loaded_rows():,}",
        )
    )

    filters = [
        ("阶段 = 调解中", CaseFilter(stages=(Stage.MEDIATING,))),
        ("纠纷类型 = 邻里纠纷", CaseFilter(dispute_type="邻里纠纷")),
        ("调解员 = 刘秀英", CaseFilter(mediator="刘秀英")),
        ("只看逾期", CaseFilter(overdue=True)),
        ("邻里纠纷 + 只看逾期", CaseFilter(dispute_type="邻里纠纷", overdue=True)),
        ("清除筛选", CaseFilter()),
    ]
    for what, f in filters:
        times = []
        for _ in range(3):
            window.case_list.filter_bar.set_value(CaseFilter(dispute_type="__none__"))
            window.case_list.model.set_filter(CaseFilter(dispute_type="__none__"))
            wait(window.case_list.model.loaded)
            started = time.perf_counter()
            window.case_list.filter_bar.set_value(f)
            window.case_list._apply_filter()  # what the bar's debounce timer calls
            wait(window.case_list.model.loaded)
            times.append((time.perf_counter() - started) * 1000)
        rows.append(
            (
                f"filter change in the window: {what} ({window.case_list.model.rowCount():,} rows)",
                f"{statistics.median(times):,.0f} ms",
            )
        )

    window.left_tabs.setCurrentIndex(0)  # at start the window shows 今日待办 when cases are overdue
    app.processEvents()
    for target in (window.case_list.model.rowCount() // 2, window.case_list.model.rowCount() - 1):
        started = time.perf_counter()
        window.case_list.table.scrollTo(window.case_list.model.index(target, 0))
        while window.case_list.model.row(target) is None and time.perf_counter() - started < 60:
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
        rows.append(
            (
                f"scroll to row {target:,}: its page fetched and shown",
                f"{(time.perf_counter() - started) * 1000:,.0f} ms",
            )
        )

    from tests.gui.conftest import type_text  # an input method's commit string, as a mediator types Chinese

    started = time.perf_counter()
    type_text(window.case_list.search, name)
    while not window.case_list.searching():
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
    rows.append(
        (
            f"查找 “{name}”: typed → {window.case_list.results.results.rowCount()} results shown (200 ms debounce incl.)",
            f"{(time.perf_counter() - started) * 1000:,.0f} ms",
        )
    )
    rss = rss_mb()
    rows.append(
        (
            "RSS after list, filters, scroll and search",
            f"{rss:,.0f} MB ({'PASS' if rss <= RSS_TARGET_MB else 'FAIL'} ≤ {RSS_TARGET_MB:.0f} MB)",
        )
    )
    window.remember_state = False
    window.close()
    from mediator_app.ui.tasks import executor

    executor().wait()
    if window.db is not None:
        window.db.close()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, help="database (default: bench_search's cached 100,000-case file)")
    parser.add_argument("--runs", type=int, default=15, help="rounds of the first paint (each: floor and program)")
    parser.add_argument("--name", default="孟婷", help="a 2-character name to search for")
    parser.add_argument("--compare", type=Path, metavar="DIR", help="another checkout's program in every round too")
    parser.add_argument("--paint-only", action="store_true", help="the first paint only, not the window's figures")
    parser.add_argument(
        "--instructions",
        nargs="?",
        type=int,
        const=1,
        metavar="RUNS",
        help="count instructions under callgrind instead of timing (RUNS each, default 1); nothing else",
    )
    parser.add_argument("--keep", type=Path, metavar="DIR", help="with --instructions: keep the callgrind files here")
    args = parser.parse_args(argv)
    db = args.db or default_db()
    if not db.exists():
        print(f"{db} does not exist: run bench/bench_search.py first (it builds and caches it)", file=sys.stderr)
        return 2
    print(f"database {db}\n")
    runs = probes(db, args.compare)
    if args.instructions is not None:
        report_instructions(runs, args.instructions, args.keep)
        return 0
    report_wall(first_paint(runs, args.runs), args.runs)
    if args.paint_only:
        return 0
    print("\nIn the main window:")
    for what, figure in in_window(db, args.name):
        print(f"  {what:<72} {figure}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
