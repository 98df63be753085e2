"""Render every document the program prints and record what came out, to compare two versions.

A refactoring of the read or print path must not change a printed paper. This script builds one
deterministic demo database, then through the command line (the door users and scripts use, so the
script does not depend on the services' Python API) renders, for one case of each stage:
every form (each item where the form has several), the dossier and the confirmation package; and
every blank form. Each output's SHA-256 (or, for a refused render, the exit code and the message)
goes into ``manifest.json`` in the output folder.

    python tools/render_identity.py --out /tmp/before          # on the old commit
    python tools/render_identity.py --out /tmp/after --compare /tmp/before

With ``--compare`` a PDF whose bytes differ is rasterised with ``pdftoppm`` (poppler-utils) on both
sides; identical pixels count as a match (bytes may legitimately change, e.g. object order). The
print date is today's, so both runs must happen on the same day. Exit 0 when everything matches.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

CASES = 30
SEED = 3


def cli(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, MEDIATOR_DB=str(db))
    command = [sys.executable, "-m", "mediator_app.cli.main", *args, "--db", str(db)]
    return subprocess.run(command, capture_output=True, text=True, env=env, check=False)


def _record(result: subprocess.CompletedProcess[str], pdf: Path) -> dict[str, object]:
    if result.returncode == 0 and pdf.is_file():
        return {"sha256": hashlib.sha256(pdf.read_bytes()).hexdigest(), "file": pdf.name}
    message = (result.stderr or result.stdout).replace(str(pdf), "<out>").strip()
    return {"exit": result.returncode, "message": message}


def _forms(db: Path) -> list[str]:
    listing = cli("forms", db=db).stdout.splitlines()
    return [line.split()[0] for line in listing[2:] if line and not line.startswith("共")]


def build(out: Path) -> dict[str, dict[str, object]]:
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="render-identity-"))
    db = work / "identity.sqlite3"
    for args in (
        (
            "init",
            "--committee",
            "东湖村人民调解委员会",
            "--short",
            "东湖",
            "--address",
            "东湖村村委会二楼",
            "--court",
            "东湖区人民法院",
        ),
        ("demo", "--cases", str(CASES), "--seed", str(SEED)),
    ):
        done = cli(*args, db=db)
        if done.returncode != 0:
            raise SystemExit(f"{args[0]} failed: {done.stderr}")
    cases = json.loads(cli("list", "--json", db=db).stdout)
    by_stage: dict[str, str] = {}
    for case in sorted(cases, key=lambda c: c["number"]):
        by_stage.setdefault(case["status"], case["number"])
    forms = _forms(db)
    manifest: dict[str, dict[str, object]] = {}

    def render(key: str, *args: str) -> None:
        pdf = out / f"{len(manifest):03d}.pdf"
        manifest[key] = _record(cli("render", *args, "-o", str(pdf), db=db), pdf)

    for form in forms:
        render(f"blank/{form}", form, "--blank")
    for stage, number in sorted(by_stage.items()):
        for form in forms:
            render(f"{stage}/{form}", form, number)
            for item in (2, 3):
                render(f"{stage}/{form}#{item}", form, number, "--item", str(item))
        render(f"{stage}/dossier", "dossier", number)
        render(f"{stage}/confirmation", "confirmation", number)
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def _pixels(pdf: Path) -> list[bytes]:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", "60", "-gray", str(pdf), f"{tmp}/p"], check=True)
        return [p.read_bytes() for p in sorted(Path(tmp).glob("p*.pgm"))]


def compare(old_dir: Path, new_dir: Path, new: dict[str, dict[str, object]]) -> int:
    old: dict[str, dict[str, object]] = json.loads((old_dir / "manifest.json").read_text(encoding="utf-8"))
    bad = 0
    bytes_same = pixels_same = 0
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if a is None or b is None:
            print(f"ONLY IN {'new' if a is None else 'old'}: {key}")
            bad += 1
        elif "sha256" in a and "sha256" in b:
            if a["sha256"] == b["sha256"]:
                bytes_same += 1
            elif _pixels(old_dir / str(a["file"])) == _pixels(new_dir / str(b["file"])):
                pixels_same += 1
            else:
                print(f"DIFFERENT PAGES: {key}")
                bad += 1
        elif a != {k: v for k, v in b.items() if k != "file"} and a != b:
            print(f"DIFFERENT RESULT: {key}\n  old: {a}\n  new: {b}")
            bad += 1
    print(
        f"{len(new)} outputs: {bytes_same} byte-identical PDFs, {pixels_same} pixel-identical PDFs, "
        f"{sum(1 for v in new.values() if 'exit' in v)} refusals, {bad} differences"
    )
    return 1 if bad else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--compare", type=Path)
    args = parser.parse_args()
    manifest = build(args.out)
    if args.compare:
        return compare(args.compare, args.out, manifest)
    print(f"{len(manifest)} outputs written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
