"""A township centre under load and under a server restart: separate client processes
(tests/centre_client.py) on one database.

- Many clients (MEDIATOR_CENTRE_CLIENTS, default 6; bench/bench_centre.py runs 20) for a bounded time
  (MEDIATOR_CENTRE_SECONDS, default 5) register, edit the same three cases, record procedure facts on
  them and search: no save reported done is missing afterwards (zero lost updates), every refused save
  was reported as a conflict, case numbers are unique and gap-free, no client met an unhandled error
  (a deadlock included). On both engines: SQLite lets one writer in at a time, PostgreSQL locks rows.
- The server restarted (``pg_ctl restart``) in the middle of a client's session: the client is told
  "not saved" while the server is away, reconnects by itself (pool_pre_ping), and every save it was
  told succeeded is in the database.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from mediator_app.services import cases as svc
from mediator_app.services import procedure as proc
from mediator_app.storage.database import Database, DatabaseUnavailable
from tests.engines import new_location, require
from tests.factories import REGISTERED_ON, make_case, make_committee
from tests.pgcluster import Cluster

CLIENTS = int(os.environ.get("MEDIATOR_CENTRE_CLIENTS", "6"))
SECONDS = float(os.environ.get("MEDIATOR_CENTRE_SECONDS", "5"))
ROOT = Path(__file__).resolve().parents[2]


def shared_cases(db: Database, n: int = 3) -> list[int]:
    """`n` accepted cases every client edits."""
    ids = []
    for _ in range(n):
        case = make_case(2)
        case.agreement = None
        saved = svc.register_case(db, case, today=REGISTERED_ON)
        assert saved.id is not None
        proc.accept(db, saved.id, rights_notified_on=REGISTERED_ON, today=REGISTERED_ON)
        ids.append(saved.id)
    return ids


def start_clients(location: Path | str, n: int, seconds: float, case_ids: list[int]) -> list[subprocess.Popen[str]]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONIOENCODING="utf-8")
    argv = [str(location), str(seconds)]
    return [
        subprocess.Popen(
            [sys.executable, "-m", "tests.centre_client", *argv, str(seed), *map(str, case_ids)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=ROOT,
        )
        for seed in range(1, n + 1)
    ]


def results(clients: list[subprocess.Popen[str]], timeout: float) -> list[dict[str, Any]]:
    out = []
    for client in clients:
        stdout, stderr = client.communicate(timeout=timeout)
        assert client.returncode == 0, stderr[-2000:]
        out.append(json.loads(stdout))
    return out


def check_nothing_lost(db: Database, case_ids: list[int], got: list[dict[str, Any]], initial: int) -> None:
    """Every reported save is stored; versions count exactly the saves and steps; numbers are gap-free."""
    assert [e for r in got for e in r["errors"]] == []
    for case_id in case_ids:
        stored = svc.get_case(db, case_id)
        saved = [line for r in got for line in r["saved"].get(str(case_id), [])]
        steps = [line for r in got for line in r["steps"].get(str(case_id), [])]
        assert all(line in stored.facts for line in saved)  # zero lost updates
        # 1 at registration, 1 for acceptance, one per save and per step the clients were told succeeded.
        assert stored.version == 2 + len(saved) + len(steps)
    registered = [number for r in got for number in r["registered"]]
    numbers = [c.number for c in svc.list_cases(db)]
    assert len(numbers) == initial + len(registered) and set(registered) <= set(numbers)
    seqs = sorted(int(re.findall(r"\d+", n)[-1]) for n in numbers)
    assert seqs == list(range(1, len(numbers) + 1))  # unique and gap-free (one committee, one year)


@pytest.mark.slow
@pytest.mark.engines
@pytest.mark.usefixtures("committee_db")
def test_many_client_processes_lose_nothing(db: Database, db_location: Path | str) -> None:
    case_ids = shared_cases(db)
    got = results(start_clients(db_location, CLIENTS, SECONDS, case_ids), timeout=SECONDS * 10 + 120)
    check_nothing_lost(db, case_ids, got, initial=len(case_ids))
    conflicts = sum(len(r["conflicts"]) for r in got)
    saves = sum(len(v) for r in got for v in r["saved"].values())
    assert saves > 0 and all("其他人已保存了案件" in c for r in got for c in r["conflicts"])
    assert conflicts + saves > CLIENTS  # the clients did work and met each other
    assert [u for r in got for u in r["unavailable"]] == []  # no lock waits beyond the timeout


@pytest.mark.slow
def test_a_server_restart_loses_no_saved_write_and_the_client_reconnects(
    pg_cluster: Cluster | None, tmp_path: Path
) -> None:
    cluster = require(pg_cluster)
    with new_location("postgresql", cluster, tmp_path / "unused") as url:
        db = svc.open_database(url)
        try:
            svc.save_committee(db, make_committee())
            case_ids = shared_cases(db, 1)
            clients = start_clients(url, 2, 12, case_ids)
            time.sleep(4)
            cluster.restart()  # open connections are cut; the clients' next actions reconnect
            restarted = time.time()
            got = results(clients, timeout=180)
            check_nothing_lost(db, case_ids, got, initial=1)
            assert all(max(r["ok_at"]) > restarted + 1 for r in got)  # each client went on saving afterwards
            assert all("没有保存" in u or "没有读到" in u for r in got for u in r["unavailable"])
        finally:
            db.close()


@pytest.mark.slow
def test_a_read_while_the_server_is_down_is_told_in_chinese_and_the_next_read_reconnects(
    pg_cluster: Cluster | None, tmp_path: Path
) -> None:
    cluster = require(pg_cluster)
    with new_location("postgresql", cluster, tmp_path / "unused") as url:
        db = svc.open_database(url)
        try:
            svc.save_committee(db, make_committee())
            (case_id,) = shared_cases(db, 1)
            cluster.stop()
            try:
                with pytest.raises(DatabaseUnavailable, match="没有读到数据"):
                    svc.get_case(db, case_id)
            finally:
                cluster.start()
            assert svc.get_case(db, case_id).id == case_id  # the pool opened a new connection
        finally:
            db.close()
