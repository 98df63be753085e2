"""Benchmark: printing a document with Mediation Desk versus converting a Word file with LibreOffice.

Mediators today fill a Word template and print it; LibreOffice's headless conversion of the same
content to PDF is the baseline (docs/tech-notes.md, "Chinese text in PDFs"). Measured, each as the median of several runs:

- the 人民调解协议书 rendered in process (the printing service over the opened database: database
  read, layout, PDF, audit row) and as a whole command (`mediator-cli render agreement`, a new process;
  it prints through the lean store, `printing.SqliteStore`), and for comparison the same command forced onto the
  normal path (SQLModel/SQLAlchemy, the Alembic check: what every command paid before);
- a dossier (卷宗) of about 20 pages, the same two ways;
- LibreOffice converting an equivalent .docx (the same text, page for page, written here as minimal
  WordprocessingML) with `soffice --headless --convert-to pdf`, warm (its profile already created).

Everything (the in-process render, a few times; the command; the normal path; LibreOffice) runs in
turn, round after round, so that the machine's changing load (a shared VM) affects all alike. The program's modules are compiled
first, as an installation has them (pip and PyInstaller compile them; PYTHONDONTWRITEBYTECODE would
otherwise make every command compile the changed ones again).

Goals: the agreement in process at least 30× faster than LibreOffice and as a command at least 6×;
the dossier in process at least 10×, as a command at least 4×. The machine's load moves every figure
(a busy VM slows starting a process far more than running one): compare ratios from the same run,
and say how busy the machine was (the load average is printed at the end).
Not part of the test suite. Run from the project root:

    python bench/bench_render.py [--runs 7] [--rounds 7] [--bundle dist/MediationDesk/mediator-cli]

With ``--bundle`` the built bundle's command (what a village PC runs, installed from the USB stick) is
timed in the same rounds as well.

LibreOffice is installed with apt-get when missing (libreoffice-writer-nogui, else libreoffice-writer).
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mediator_app.services import printing  # noqa: E402
from mediator_app.services.printing import DatabaseStore, PrintJob  # noqa: E402
from tests import docfixtures  # noqa: E402
from tests.pdfcheck import page_count, pdf_text  # noqa: E402

TODAY = dt.date(2026, 11, 22)


# ---------------------------------------------------------------- LibreOffice


def ensure_libreoffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True, env=env)
    for package in ("libreoffice-writer-nogui", "libreoffice-writer"):
        if subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", package], env=env).returncode == 0:
            break
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        sys.exit("LibreOffice could not be installed")
    return found


_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml"
 ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"""
_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
 Target="word/document.xml"/>
</Relationships>"""
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def write_docx(pages: list[list[str]], path: Path) -> None:
    """A Word file with these lines, 三号 (16 pt) Song, A4 with GB/T 9704 margins, a page break per page."""
    font = '<w:rFonts w:ascii="AR PL UMing CN" w:eastAsia="AR PL UMing CN" w:hAnsi="AR PL UMing CN"/>'
    run_props = f'<w:rPr>{font}<w:sz w:val="32"/></w:rPr>'
    body = []
    for n, lines in enumerate(pages):
        for i, line in enumerate(lines):
            brk = '<w:r><w:br w:type="page"/></w:r>' if n and i == 0 else ""
            body.append(f'<w:p>{brk}<w:r>{run_props}<w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>')
    section = (
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587" w:header="851" w:footer="992"/>'
        "</w:sectPr>"
    )
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{_W}"><w:body>'
        + "".join(body)
        + section
        + "</w:body></w:document>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("word/document.xml", document)


def docx_like(pdf: bytes, path: Path) -> Path:
    """The same text as `pdf`, page for page, as a .docx."""
    pages = [[line for line in pdf_text(pdf, n).splitlines() if line.strip()] for n in range(1, page_count(pdf) + 1)]
    write_docx(pages, path)
    return path


def libreoffice_convert(soffice: str, docx: Path, profile: Path, out: Path) -> None:
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )


# ---------------------------------------------------------------- timing


def interleaved_medians(
    jobs: dict[str, Callable[[], object]], rounds: int, repeat: dict[str, int] | None = None
) -> dict[str, float]:
    """Median seconds of each job, the jobs run in turn round after round (after one warm-up each),
    job `name` `repeat[name]` times a round (the quick in-process render: more samples)."""
    repeat = repeat or {}
    for job in jobs.values():
        job()
    times: dict[str, list[float]] = {name: [] for name in jobs}
    for _ in range(rounds):
        for name, job in jobs.items():
            for _ in range(repeat.get(name, 1)):
                start = time.perf_counter()
                job()
                times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) for name, t in times.items()}


def cli(*args: str, env: dict[str, str]) -> Callable[[], object]:
    script = shutil.which("mediator-cli", path=str(Path(sys.executable).parent)) or "mediator-cli"
    return lambda: subprocess.run([script, *args], check=True, capture_output=True, timeout=120, env=env)


# The installed command with the lean read path turned off: the normal path through the ORM.
_NORMAL_PATH = (
    "import sys; from mediator_app.services import printing; "
    "printing.SqliteStore.open = classmethod(lambda cls, path: None); "
    "from mediator_app.cli.main import main; sys.exit(main(sys.argv[1:]))"
)


def cli_normal_path(*args: str, env: dict[str, str]) -> Callable[[], object]:
    return lambda: subprocess.run(
        [sys.executable, "-c", _NORMAL_PATH, *args], check=True, capture_output=True, timeout=120, cwd=ROOT, env=env
    )


def frozen_cli(executable: Path, *args: str, env: dict[str, str]) -> Callable[[], object]:
    """The command as a village PC runs it: the PyInstaller bundle's executable (no venv, no site-packages)."""
    return lambda: subprocess.run([str(executable), *args], check=True, capture_output=True, timeout=120, env=env)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs in process in each round")
    parser.add_argument("--rounds", type=int, default=7, help="rounds of command, normal path and LibreOffice")
    parser.add_argument(
        "--bundle",
        type=Path,
        help="the frozen command of a built bundle (dist/MediationDesk/mediator-cli): timed as well",
    )
    options = parser.parse_args()
    soffice = ensure_libreoffice()
    compileall.compile_dir(ROOT / "mediator_app", quiet=1)
    work = Path(tempfile.mkdtemp(prefix="bench-render-"))
    db_path = work / "bench.sqlite3"
    db = docfixtures.open_fixture_db(db_path)
    case_id = docfixtures.agreement_case(db, confirm=False)
    number = printing.read(DatabaseStore(db), case_id, today=TODAY).case.number

    def agreement() -> bytes:
        return printing.render(DatabaseStore(db), PrintJob.forms(case_id, ["mediation_agreement"], today=TODAY))

    def dossier() -> bytes:
        return printing.render(DatabaseStore(db), PrintJob.dossier(case_id, today=TODAY))

    samples = {"人民调解协议书": agreement(), "调解卷宗": dossier()}
    argv = {
        "人民调解协议书": ("--db", str(db_path), "render", "agreement", number, "-o", str(work / "a.pdf")),
        "调解卷宗": ("--db", str(db_path), "render", "dossier", number, "-o", str(work / "d.pdf")),
    }
    # The commands keep their parsed fonts in a cache folder of their own: the user cache folder is
    # shared by every copy of the program on the machine, and a copy installed elsewhere (its font
    # files of another time) replaces the cache files of the others, so that each command would parse
    # its fonts again (~0.3 s) when several copies run, as on a shared development machine.
    env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache")}
    commands = {name: cli(*args, env=env) for name, args in argv.items()}
    normal_commands = {name: cli_normal_path(*args, env=env) for name, args in argv.items()}
    bundled = (
        {name: frozen_cli(options.bundle, *args, env=env) for name, args in argv.items()} if options.bundle else {}
    )
    in_process = {"人民调解协议书": agreement, "调解卷宗": dossier}
    profile = work / "lo-profile"
    cold_docx = docx_like(samples["人民调解协议书"], work / "cold.docx")
    start = time.perf_counter()
    libreoffice_convert(soffice, cold_docx, profile, work)  # creates the profile: LibreOffice's cold start
    lo_cold = time.perf_counter() - start

    rows = []
    for name, pdf in samples.items():
        docx = docx_like(pdf, work / f"{name}.docx")
        jobs: dict[str, Callable[[], object]] = {
            "ours": in_process[name],
            "command": commands[name],
            "normal": normal_commands[name],
            "lo": lambda d=docx: libreoffice_convert(soffice, d, profile, work),
        }
        if name in bundled:
            jobs["bundle"] = bundled[name]
        medians = interleaved_medians(jobs, options.rounds, repeat={"ours": options.runs})
        ours, command, normal, lo = medians["ours"], medians["command"], medians["normal"], medians["lo"]
        lo_pages = page_count((work / f"{name}.pdf").read_bytes())
        rows.append((name, page_count(pdf), lo_pages, ours, command, normal, lo, medians.get("bundle")))
    db.close()

    print(f"\nLibreOffice: {subprocess.run([soffice, '--version'], capture_output=True, text=True).stdout.strip()}")
    print(
        f"medians of {options.rounds} rounds, each rendering {options.runs} times in process and running every "
        f"process once (LibreOffice warm; its first, cold run took {lo_cold:.2f} s)\n"
    )
    header = (
        "document",
        "pages",
        "in process",
        "command",
        "command, normal path",
        "LibreOffice",
        "in-process ×",
        "command ×",
        "normal path ×",
        *(("bundle command", "bundle ×") if bundled else ()),
    )
    print(" | ".join(header))
    print(" | ".join("---" for _ in header))
    for name, pages, lo_pages, ours, command, normal, lo, bundle in rows:
        frozen = f" | {bundle * 1000:.0f} ms | {lo / bundle:.1f}×" if bundle else ""
        print(
            f"{name} | {pages} (LO {lo_pages}) | {ours * 1000:.0f} ms | {command * 1000:.0f} ms"
            f" | {normal * 1000:.0f} ms | {lo * 1000:.0f} ms | {lo / ours:.1f}× | {lo / command:.1f}×"
            f" | {lo / normal:.1f}×{frozen}"
        )
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    if load is not None:
        print(
            f"\nload average (1, 5, 15 min) at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} CPUs"
        )
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
