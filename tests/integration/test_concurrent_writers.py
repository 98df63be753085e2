"""Several writers on one SQLite file wait for each other instead of failing.

Two processes import cases through the command line in a loop and two more register cases through the
services, all on one file, for `SECONDS` (set MEDIATOR_CONCURRENCY_SECONDS for a longer run). Every write a
writer was told succeeded must be in the file afterwards, whole; no write may fail; the file stays intact.
Before writes took the lock at BEGIN (BEGIN IMMEDIATE), two parallel import loops lost about a tenth of
their imports to "database is locked".
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest

from mediator_app.exchange.case_json import write_case_file
from mediator_app.services import audit
from mediator_app.services import cases as svc
from tests.factories import make_case, make_committee

NUMBER = re.compile(r"已导入案件：(（\d{4}）.+?号)")
SECONDS = float(os.environ.get("MEDIATOR_CONCURRENCY_SECONDS", "8"))

SERVICE_WRITER = """
import sys, time
from pathlib import Path
from mediator_app.exchange.case_json import read_case_file
from mediator_app.services import cases, transfer
db = cases.open_database(Path(sys.argv[1]))
case_file, until = Path(sys.argv[2]), time.monotonic() + float(sys.argv[3])
while time.monotonic() < until:
    try:
        saved = transfer.import_case(db, read_case_file(case_file))
    except Exception as exc:
        print("FAIL", type(exc).__name__, exc, flush=True)
    else:
        print("OK", saved.number, flush=True)
db.close()
"""


def _env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]), PYTHONIOENCODING="utf-8")


@pytest.mark.slow
def test_four_writers_on_one_file_lose_nothing(tmp_path: Path) -> None:
    db_path = tmp_path / "shared.sqlite3"
    db = svc.open_database(db_path)
    svc.save_committee(db, make_committee())
    db.close()
    case_file = tmp_path / "case.json"
    write_case_file(case_file, make_case(parties=3))

    acknowledged: list[str] = []
    failures: list[str] = []
    lock = threading.Lock()

    def cli_loop() -> None:
        until = time.monotonic() + SECONDS
        command = [sys.executable, "-m", "mediator_app.cli.main", "import", str(case_file), "--db", str(db_path)]
        while time.monotonic() < until:
            done = subprocess.run(command, capture_output=True, text=True, env=_env(), check=False)
            with lock:
                if done.returncode == 0:
                    acknowledged.append(NUMBER.search(done.stdout).group(1))  # type: ignore[union-attr]
                else:
                    failures.append(done.stderr.strip())

    def service_loop() -> None:
        command = [sys.executable, "-c", SERVICE_WRITER, str(db_path), str(case_file), str(SECONDS)]
        done = subprocess.run(command, capture_output=True, text=True, env=_env(), check=False)
        with lock:
            for line in done.stdout.splitlines():
                kind, _, rest = line.partition(" ")
                (acknowledged if kind == "OK" else failures).append(rest)
            if done.returncode != 0:
                failures.append(done.stderr.strip()[-500:])

    threads = [threading.Thread(target=f) for f in (cli_loop, cli_loop, service_loop, service_loop)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert failures == []
    assert len(acknowledged) > 20
    with closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {r[0] for r in conn.execute("SELECT number FROM dispute_case")}
        parties = dict(conn.execute("SELECT case_id, count(*) FROM party GROUP BY case_id").fetchall())
        ids = dict(conn.execute("SELECT number, id FROM dispute_case").fetchall())
    assert set(acknowledged) <= stored
    assert len(set(acknowledged)) == len(acknowledged)  # no number given twice
    assert all(parties[ids[n]] == 3 for n in acknowledged)  # each case whole
    with closing(sqlite3.connect(db_path)) as conn:  # four writers, one audit chain, its head anchored
        report = audit.verify_connection(conn, audit.anchor_for(db_path))
    assert report.ok and report.rows > len(acknowledged), report.problems
    print(json.dumps({"seconds": SECONDS, "writes": len(acknowledged)}))
