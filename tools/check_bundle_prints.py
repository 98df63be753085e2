"""Does the frozen bundle print what the source checkout prints? Every form, blank and for each demo case.

    python tools/check_bundle_prints.py dist/MediationDesk/mediator-cli [--cases 6]

The bundle ships subsets of the fallback fonts (tools/subset_fonts.py). This prints every form with
the source checkout's command (the whole fonts) and with the frozen one, each on its own copy of one
demo data file, and compares the text of the two PDFs (poppler's pdftotext, which reads each glyph's
Unicode mapping): a character the subsets lost would be refused or come out different. Both commands
must succeed or fail alike. Needs poppler-utils. Prints one line per difference and a summary; exit
status 1 on any difference.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SOURCE = [sys.executable, "-c", "from mediator_app.cli.main import run; run()"]
_NUMBER = re.compile(r"（\d{4}）\S+?调字第\d+号")


def _run(command: list[str], env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*command, *args], env=env, capture_output=True, text=True, timeout=300, check=False)


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def _environment(home: Path) -> dict[str, str]:
    """Each command gets its own home: its own settings, logs and font cache."""
    home.mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "MEDIATOR_"))}
    env.update(HOME=str(home), QT_QPA_PLATFORM="offscreen")
    return env


def compare(frozen: Path, cases: int, work: Path) -> list[str]:
    sides = {"source": SOURCE, "bundle": [str(frozen)]}
    envs = {side: _environment(work / side) for side in sides}
    data = work / "demo.sqlite3"
    env = envs["source"]
    for args in (
        ("init", "--committee", "青山镇桃源村人民调解委员会", "--short", "桃源村"),
        ("demo", "--cases", str(cases)),
    ):
        done = _run(SOURCE, env, "--db", str(data), *args)
        if done.returncode:
            raise SystemExit(done.stderr)
    numbers = _NUMBER.findall(_run(SOURCE, env, "--db", str(data), "list").stdout)
    forms = [line.split()[0] for line in _run(SOURCE, env, "forms").stdout.splitlines()[2:] if line[:1].isalpha()]
    for side in sides:
        shutil.copy(data, work / f"{side}.sqlite3")
    problems: list[str] = []
    printed = 0
    for form in forms:
        for target in [["--blank"]] + [[number] for number in numbers]:
            results = {}
            for side, command in sides.items():
                out = work / f"{side}.pdf"
                out.unlink(missing_ok=True)
                done = _run(
                    command, envs[side], "render", form, "--db", str(work / f"{side}.sqlite3"), "-o", str(out), *target
                )
                results[side] = (done.returncode, _text(out) if done.returncode == 0 else done.stderr.strip())
            what = f"{form} {target[0]}"
            if results["source"][0] != results["bundle"][0]:
                problems.append(
                    f"{what}: source exit {results['source'][0]}, bundle exit {results['bundle'][0]}: {results['bundle'][1][:200]}"
                )
            elif results["source"][0] == 0:
                printed += 1
                if results["source"][1] != results["bundle"][1]:
                    problems.append(f"{what}: the bundle's PDF text differs")
    print(
        f"{printed} PDFs printed by both, {len(problems)} differences ({len(forms)} forms, {len(numbers)} cases and blank)"
    )
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("frozen_cli", type=Path)
    parser.add_argument("--cases", type=int, default=6)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bundle-prints-") as folder:
        problems = compare(args.frozen_cli.resolve(), args.cases, Path(folder))
    for line in problems:
        print(line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
