"""Benchmark: what encryption at rest costs (issue "Protect the parties' personal data": "Encryption costs
little", target within 1.3× each).

    python bench/bench_encryption.py [--db PLAIN.sqlite3] [--queries 100] [--runs 9]

The same 100,000-case demo database, plain and encrypted (an SQLCipher copy made here with
`storage.cipher.encrypt_copy`, keyed by a key file with a passphrase, as `mediator-cli init --encrypt`
makes on a PC without a credential store; `MEDIATOR_PASSPHRASE` gives the passphrase), measured side
by side in this one run, each measurement alternating between the two files so that the machine's
changing load (a shared VM) falls on both alike:

- search: the same queries as `bench/bench_search.py` (1-, 2-, 3- and 5-character), `services.search`
  on the opened database, median and p95;
- first paint of the program (`python -m mediator_app --db FILE --first-paint-exit`), with the bare-Qt
  floor of `bench/bench_startup.py`;
- the agreement command (`mediator-cli --db FILE render agreement N -o OUT`), a new process each time,
  both files on the lean print path (the loaders over sqlite3, or over SQLCipher's keyed connection):
  the encrypted file with its key unlocked from the passphrase (Argon2id, ≈0.2 s by design:
  docs/privacy.md), and again with the key in a credential store (bench/file_keyring.py stands in for
  Windows Credential Manager or the desktop keyring, which a headless machine lacks).

The plain database is bench_search's cached one (``--db`` to give another at the schema head; it is
only read); the encrypted copy and its key file are kept beside it for the next run. Prints a table
with the ratio of each pair and the load average. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_search import build, cache_dir, draw_queries, fingerprint, percentile, timed  # noqa: E402
from bench.bench_startup import _BARE_QT, wall_to_first_paint  # noqa: E402

PASSPHRASE = "bench-encryption-passphrase"
RATIO_TARGET = 1.3


def plain_database(given: Path | None) -> Path:
    if given is not None:
        return given
    path = cache_dir(None) / f"demo-100000-1-{fingerprint()}.sqlite3"
    if not path.exists():
        print(f"building {path} (100,000 demo cases) …", file=sys.stderr)
        build(path, 100_000, 1)
    return path


def encrypted_copy(plain: Path) -> Path:
    """The SQLCipher copy of `plain` with its key file (passphrase only), made once and kept."""
    from mediator_app.services import keys
    from mediator_app.storage.cipher import encrypt_copy

    target = plain.with_name(plain.stem + ".encrypted.sqlite3")
    if target.exists() and keys.key_file(target).exists():
        return target
    for stale in (target, keys.key_file(target)):
        stale.unlink(missing_ok=True)
    print(f"encrypting a copy of {plain} …", file=sys.stderr)
    os.environ.pop(keys.PASSPHRASE_ENV, None)
    new = keys.create_key(target, passphrase=PASSPHRASE)
    partial = target.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    encrypt_copy(plain, partial, new.key)
    partial.rename(target)
    return target


def agreement_number(plain: Path) -> str:
    """A case whose agreement prints: the first concluded case with an agreement that renders."""
    import sqlite3

    conn = sqlite3.connect(f"{plain.resolve().as_uri()}?mode=ro", uri=True)
    numbers = [
        r[0]
        for r in conn.execute(
            "SELECT c.number FROM dispute_case c JOIN agreement a ON a.case_id = c.id "
            "WHERE c.status IN ('调解成功', '结案归档') ORDER BY c.id LIMIT 20"
        )
    ]
    conn.close()
    out = Path(tempfile.mkdtemp(prefix="bench-enc-")) / "probe.pdf"
    for number in numbers:
        if subprocess.run(command(plain, number, out), capture_output=True, env=child_env()).returncode == 0:
            return number
    sys.exit("no agreement of the first 20 concluded cases prints")


def child_env() -> dict[str, str]:
    return {**os.environ, "MEDIATOR_PASSPHRASE": PASSPHRASE, "QT_QPA_PLATFORM": "offscreen"}


def command(db: Path, number: str, out: Path) -> list[str]:
    script = shutil.which("mediator-cli", path=str(Path(sys.executable).parent)) or "mediator-cli"
    return [script, "--db", str(db), "render", "agreement", number, "-o", str(out)]


def alternating(jobs: dict[str, Callable[[], float]], runs: int) -> dict[str, list[float]]:
    """Each job's results (ms), the jobs run in turn `runs` times after one warm-up each."""
    for job in jobs.values():
        job()
    results: dict[str, list[float]] = {name: [] for name in jobs}
    for _ in range(runs):
        for name, job in jobs.items():
            results[name].append(job())
    return results


def bench_search(
    plain: Path, encrypted: Path, queries: dict[str, list[str]]
) -> list[tuple[str, list[float], list[float]]]:
    from mediator_app.services import cases, search

    os.environ["MEDIATOR_PASSPHRASE"] = PASSPHRASE
    dbs = {"plain": cases.open_database(plain), "encrypted": cases.open_database(encrypted)}
    rows = []
    for label, qs in queries.items():
        times: dict[str, list[float]] = {"plain": [], "encrypted": []}
        for q in qs[:10]:  # warm the page cache of both, as in a program that has been open a while
            for db in dbs.values():
                search.search(db, q)
        for q in qs:
            for name, db in dbs.items():
                times[name].append(timed(lambda db=db, q=q: search.search(db, q)))  # type: ignore[misc]
        rows.append((label, times["plain"], times["encrypted"]))
    for db in dbs.values():
        db.close()
    return rows


def first_paint(db: Path) -> Callable[[], float]:
    argv = [sys.executable, "-m", "mediator_app", "--db", str(db), "--first-paint-exit"]

    def run() -> float:
        os.environ["MEDIATOR_PASSPHRASE"] = PASSPHRASE
        return wall_to_first_paint(argv)

    return run


def agreement_command(db: Path, number: str, out: Path, env: dict[str, str] | None = None) -> Callable[[], float]:
    argv = command(db, number, out)

    def run() -> float:
        started = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True, timeout=300, env=env or child_env())
        return (time.perf_counter() - started) * 1000

    return run


def store_env(encrypted: Path, work: Path) -> dict[str, str]:
    """A child's environment whose credential store (bench/file_keyring.py) holds the encrypted file's
    key, and no passphrase."""
    import keyring

    from bench.file_keyring import FILE_ENV, FileKeyring
    from mediator_app.services import keys

    env = {k: v for k, v in child_env().items() if k != keys.PASSPHRASE_ENV}
    env.update(
        {
            FILE_ENV: str(work / "keyring.json"),
            "PYTHON_KEYRING_BACKEND": "bench.file_keyring.FileKeyring",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        }
    )
    os.environ[FILE_ENV] = env[FILE_ENV]
    before = keyring.get_keyring()
    keyring.set_keyring(FileKeyring())
    try:
        assert keys.keyring_put(encrypted, keys.unlock(encrypted, passphrase=PASSPHRASE))
    finally:
        keyring.set_keyring(before)
    return env


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="the plain database (default: bench_search's 100,000-case file)")
    parser.add_argument("--queries", type=int, default=100, help="search queries per row")
    parser.add_argument("--runs", type=int, default=9, help="first paints and commands per file")
    options = parser.parse_args()
    plain = plain_database(options.db)
    encrypted = encrypted_copy(plain)
    with open(encrypted, "rb") as fh:
        assert not fh.read(16).startswith(b"SQLite format 3"), "the copy is not encrypted"
    number = agreement_number(plain)
    work = Path(tempfile.mkdtemp(prefix="bench-enc-"))
    rows: list[tuple[str, float, float, str]] = []

    for label, p, e in bench_search(plain, encrypted, draw_queries(plain, options.queries, 1)):
        rows.append((f"查找 {label}: p95", percentile(p, 95), percentile(e, 95), "ms"))
    paints = alternating(
        {
            "bare Qt": lambda: wall_to_first_paint([sys.executable, "-c", _BARE_QT]),
            "plain": first_paint(plain),
            "encrypted": first_paint(encrypted),
        },
        options.runs,
    )
    rows.append(
        ("first paint: median", statistics.median(paints["plain"]), statistics.median(paints["encrypted"]), "ms")
    )
    commands = alternating(
        {
            "plain": agreement_command(plain, number, work / "p.pdf"),
            "passphrase": agreement_command(encrypted, number, work / "e.pdf"),
            "store": agreement_command(encrypted, number, work / "s.pdf", store_env(encrypted, work)),
        },
        options.runs,
    )
    plain_ms = statistics.median(commands["plain"])
    for label, name in (("key from the passphrase", "passphrase"), ("key in a credential store", "store")):
        rows.append((f"agreement command, {label}: median", plain_ms, statistics.median(commands[name]), "ms"))

    print(f"\nplain: {plain} ({plain.stat().st_size / 2**20:,.0f} MB); encrypted copy: {encrypted}")
    print(
        f"agreement of case {number}; {options.runs} runs of each process, alternating; bare-Qt first paint "
        f"{statistics.median(paints['bare Qt']):.0f} ms\n"
    )
    print("measure | plain | encrypted | encrypted ÷ plain | target")
    print("--- | --- | --- | --- | ---")
    for what, p_value, e_value, unit in rows:
        ratio = e_value / p_value if p_value else float("nan")
        mark = "met" if ratio <= RATIO_TARGET else "NOT met"
        print(f"{what} | {p_value:,.1f} {unit} | {e_value:,.1f} {unit} | {ratio:.2f}× | ≤ {RATIO_TARGET}× {mark}")
    load = os.getloadavg()
    print(
        f"\nload average (1, 5, 15 min) at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} CPUs"
    )
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
