"""One workstation of a township centre, as a separate process, for the many-clients test and the
benchmark (tests/integration/test_centre_processes.py, bench/bench_centre.py).

    python -m tests.centre_client DB SECONDS SEED CASE_ID [CASE_ID ...]

For SECONDS it does what a centre's workstations do, at random: register a case, edit one of the
shared cases (append a line to its facts), record a procedure fact on one, search (1-, 2- and
3-character terms). It prints one JSON object: the lines it was told were saved (per case), the
conflicts it was shown, the numbers it registered, every other error, and the latency of each save
and search in milliseconds. The parent process checks them against the database afterwards.
"""

from __future__ import annotations

import json
import random
import sys
import time
from typing import Any

from mediator_app.errors import EditConflict, UserFacingError
from mediator_app.services import cases as svc
from mediator_app.services import procedure as proc
from mediator_app.services import search
from mediator_app.storage.database import DatabaseUnavailable
from tests.factories import REGISTERED_ON, make_case

TERMS = ("刘", "纠纷", "调解员", "邻里纠纷", "张", "赔偿")


def _edit(db: Any, case_id: int, line: str, out: dict[str, Any]) -> None:
    case = svc.get_case(db, case_id)
    case.facts += "\n" + line
    start = time.perf_counter()
    try:
        svc.update_case(db, case, today=REGISTERED_ON)
    except EditConflict as exc:
        out["conflicts"].append(exc.message[:60])
        return
    finally:
        out["save_ms"].append((time.perf_counter() - start) * 1000)
    out["saved"].setdefault(str(case_id), []).append(line)
    out["ok_at"].append(time.time())


def _register(db: Any, out: dict[str, Any]) -> None:
    case = make_case(2)
    case.agreement = None
    start = time.perf_counter()
    saved = svc.register_case(db, case, today=REGISTERED_ON)
    out["save_ms"].append((time.perf_counter() - start) * 1000)
    out["registered"].append(saved.number)
    out["ok_at"].append(time.time())


def _step(db: Any, case_id: int, line: str, out: dict[str, Any]) -> None:
    proc.record_risk(db, case_id, True, REGISTERED_ON, line)
    out["steps"].setdefault(str(case_id), []).append(line)


def _search(db: Any, rng: random.Random, out: dict[str, Any]) -> None:
    start = time.perf_counter()
    search.search(db, rng.choice(TERMS))
    out["search_ms"].append((time.perf_counter() - start) * 1000)


def _open(location: str) -> Any:
    """The database, retried while the server cannot be reached: on a loaded machine a client may still
    be starting when the test restarts the server ("the database system is starting up"); a workstation
    is then told so in Chinese and opens again (docs/centre.md)."""
    deadline = time.monotonic() + 60
    while True:
        try:
            return svc.open_database(location)
        except UserFacingError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def run(location: str, seconds: float, seed: int, case_ids: list[int]) -> dict[str, Any]:
    rng = random.Random(seed)
    out: dict[str, Any] = {
        "saved": {},
        "steps": {},
        "conflicts": [],
        "registered": [],
        "unavailable": [],
        "errors": [],
        "save_ms": [],
        "search_ms": [],
        "ok_at": [],  # wall-clock times of the saves reported done
    }
    db = _open(location)
    until, n = time.monotonic() + seconds, 0
    try:
        while time.monotonic() < until:
            n += 1
            line = f"客户端{seed}第{n}次"
            roll = rng.random()
            try:
                if roll < 0.25:
                    _register(db, out)
                elif roll < 0.65:
                    _edit(db, rng.choice(case_ids), line, out)
                elif roll < 0.8:
                    _step(db, rng.choice(case_ids), line, out)
                else:
                    _search(db, rng, out)
            except DatabaseUnavailable as exc:  # said to the user as "not saved"; the next action retries
                out["unavailable"].append(exc.message[:80])
                time.sleep(0.2)
            except Exception as exc:  # an unhandled error (a deadlock, a bug): the test fails on it
                out["errors"].append(f"{type(exc).__name__}: {exc}"[:300])
    finally:
        db.close()
    return out


def main(argv: list[str]) -> int:
    location, seconds, seed = argv[0], float(argv[1]), int(argv[2])
    print(json.dumps(run(location, seconds, seed, [int(a) for a in argv[3:]]), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
