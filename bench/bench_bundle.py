"""Two frozen bundles side by side: does the smaller one (issue 13, docs/tech-notes.md "The frozen bundle")
start or print slower than the one before it?

    python bench/bench_bundle.py BEFORE/MediationDesk AFTER/MediationDesk [--runs 21]

Each bundle gets its own home (settings, logs, font caches) and its own copy of one demo database with a
case whose parties are named in Ext A–D characters (刘䶮, 吉𠮷祥𪜀𫝀: UMing, WenKai and the rare-character
font). Measured alternately in one run, so a loaded machine slows both alike; compare the ratios:

- first paint: `mediator-app --first-paint-exit` (offscreen), from process start to the printed line;
- print: `mediator-cli render` of the agreement of a demo case (everyday characters) and of the
  application of the rare-name case, wall time of the command, font caches warm;
- the first print after an install: the rare-name print with an empty font cache (a bundle unpacks
  its packed fonts then, and parses each font once), a few times each.

Needs the bundles' `mediator-cli` to run the demo (`init`, `demo`, `import`).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_startup import wall_to_first_paint

RARE_NAMES = ("刘䶮", "吉𠮷祥\U0002a700\U0002b740")
_COMMITTEE = ("--committee", "青山镇桃源村人民调解委员会", "--short", "桃源村")


def _env(home: Path) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "MEDIATOR_", "QT_"))}
    return {
        **keep,
        "HOME": str(home),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_CONFIG_HOME": str(home),
        "XDG_DATA_HOME": str(home),
        "QT_QPA_PLATFORM": "offscreen",
        "MEDIATOR_USER": "admin",
        "MEDIATOR_PASSWORD": "bench-admin-2026",
    }


def _cli(bundle: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(bundle / "mediator-cli"), *args], env=env, capture_output=True, text=True, timeout=300)
    if done.returncode:
        raise SystemExit(f"{bundle}: mediator-cli {' '.join(args[:3])} failed: {done.stderr.strip()[:300]}")
    return done


def prepare(bundle: Path, work: Path) -> tuple[Path, str, str]:
    """A demo database made by `bundle` (its own format), with the rare-name case: (file, an agreed
    case's number, the rare-name case's number)."""
    env = _env(work / "setup")
    data = work / "demo.sqlite3"
    _cli(bundle, env, "--db", str(data), "init", *_COMMITTEE)
    _cli(bundle, env, "--db", str(data), "demo", "--cases", "6")
    listing = _cli(bundle, env, "--db", str(data), "list").stdout.splitlines()[2:]
    numbers = [line.split()[0] for line in listing if line.startswith("（")]
    agreed = next(n for n in numbers if _try(bundle, env, data, "agreement", n, work / "probe.pdf"))
    exported = work / "case.json"
    _cli(bundle, env, "--db", str(data), "export", numbers[0], "-o", str(exported))
    case = json.loads(exported.read_text(encoding="utf-8"))
    case["case"]["parties"][0]["name"], case["case"]["parties"][1]["name"] = RARE_NAMES
    case["case"]["status"] = "登记"
    case["case"].pop("number", None)
    exported.write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    before = set(numbers)
    _cli(bundle, env, "--db", str(data), "import", str(exported))
    listing = _cli(bundle, env, "--db", str(data), "list").stdout.splitlines()[2:]
    rare = next(line.split()[0] for line in listing if line.startswith("（") and line.split()[0] not in before)
    return data, agreed, rare


def _try(bundle: Path, env: dict[str, str], data: Path, form: str, number: str, out: Path) -> bool:
    argv = [str(bundle / "mediator-cli"), "--db", str(data), "render", form, number, "-o", str(out)]
    return subprocess.run(argv, env=env, capture_output=True, timeout=300).returncode == 0


def timed(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=300)
    if done.returncode:
        raise SystemExit(f"{argv[0]} failed: {done.stderr.strip()[:300]}")
    return (time.perf_counter() - started) * 1000


def first_paint_ms(bundle: Path, env: dict[str, str], data: Path) -> float:
    return wall_to_first_paint([str(bundle / "mediator-app"), "--db", str(data), "--first-paint-exit"], env)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--runs", type=int, default=21)  # 9 moved the first paint's ratio by ±0.1
    parser.add_argument("--cold", type=int, default=3, help="first prints with an empty font cache, each")
    args = parser.parse_args()
    sides = {"before": args.before.resolve(), "after": args.after.resolve()}
    results: dict[str, dict[str, list[float]]] = {side: {} for side in sides}
    with tempfile.TemporaryDirectory(prefix="bench-bundle-") as folder:
        work = Path(folder)
        setups = {}
        for side, bundle in sides.items():
            (work / side).mkdir()
            data, agreed, rare = prepare(bundle, work / side)
            env = _env(work / side / "home")
            render = [str(bundle / "mediator-cli"), "--db", str(data), "render"]
            out = str(work / side / "out.pdf")
            setups[side] = (bundle, env, data, render, out, agreed, rare)
            timed([*render, "agreement", agreed, "-o", out], env)  # warm: font caches written
            timed([*render, "mediation_application", rare, "-o", out], env)
        for _ in range(args.runs):
            for side, (bundle, env, data, render, out, agreed, rare) in setups.items():
                measured = results[side]
                measured.setdefault("first paint", []).append(first_paint_ms(bundle, env, data))
                agreement = [*render, "agreement", agreed, "-o", out]
                measured.setdefault("print: agreement (everyday characters)", []).append(timed(agreement, env))
                application = [*render, "mediation_application", rare, "-o", out]
                measured.setdefault("print: application (刘䶮, 吉𠮷祥𪜀𫝀)", []).append(timed(application, env))
        for _ in range(args.cold):
            for side, (_bundle, env, _data, render, out, _agreed, rare) in setups.items():
                shutil.rmtree(Path(env["XDG_CACHE_HOME"]), ignore_errors=True)
                application = [*render, "mediation_application", rare, "-o", out]
                results[side].setdefault("first print after install (empty font cache)", []).append(
                    timed(application, env)
                )
    print(f"{'measure (median ms)':<44} {'before':>9} {'after':>9} {'ratio':>7}")
    for measure in results["before"]:
        before, after = (statistics.median(results[side][measure]) for side in sides)
        print(f"{measure:<44} {before:9.0f} {after:9.0f} {after / before:7.2f}")
    print(f"runs: {args.runs} (first prints: {args.cold}); load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
