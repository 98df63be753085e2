"""Killed at any moment, the program loses no acknowledged write and leaves no case half-way through a step.

A child process registers cases and walks each through the procedure (accept, investigation, two
sessions, written agreement, signatures, return visit, judicial confirmation), writing one line to a
pipe after each service call returns (the acknowledgement). The parent kills it with SIGKILL at a random
moment, `KILLS` times (MEDIATOR_CRASH_KILLS, 200 by default; 1,000 for the longer run in the closing
note), and after every kill checks the file: ``integrity_check`` is ``ok``, every acknowledged step is
there, and every case is whole: its stage is the one its last transition went to, an accepted case has
its acceptance date, a case in mediation has its records, a concluded one its agreement.

The child is forked from this process with the database already opened (modules imported, schema
checked; the engine's pool emptied before each fork, so no SQLite connection crosses it), so a cycle
costs milliseconds of start-up rather than the interpreter's half second.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import time
from contextlib import closing
from pathlib import Path

import pytest

from mediator_app.domain.stages import Stage
from mediator_app.services import cases as svc
from mediator_app.services import procedure as proc
from mediator_app.storage.database import Database
from tests import docfixtures
from tests.factories import make_case, make_committee

KILLS = int(os.environ.get("MEDIATOR_CRASH_KILLS", "200"))

# The stage each acknowledged step leaves the case in (the name the child prints after it).
STEPS = [
    ("register", Stage.REGISTERED),
    ("accept", Stage.ACCEPTED),
    ("investigate", Stage.INVESTIGATING),
    ("session1", Stage.MEDIATING),
    ("session2", Stage.MEDIATING),
    ("conclude", Stage.WRITTEN_AGREEMENT),
    ("sign", Stage.WRITTEN_AGREEMENT),
    ("visit", Stage.VISITED),
    ("apply", Stage.CONFIRMATION_APPLIED),
]
ORDER = {name: i for i, (name, _) in enumerate(STEPS)}


def child(db: Database, ack: int, seed: int) -> None:
    """Runs in the forked child until it is killed; never returns normally."""
    rng = random.Random(seed)

    def say(case_id: int, step: str) -> None:
        os.write(ack, f"{case_id} {step}\n".encode())

    while True:
        case = make_case(parties=rng.choice((2, 3)))
        cid = svc.register_case(db, case, today=case.registered_on).id
        assert cid is not None
        say(cid, "register")
        day = docfixtures.REGISTERED_ON
        proc.accept(db, cid, rights_notified_on=day, today=day)
        say(cid, "accept")
        proc.record_investigation(db, cid, docfixtures.investigation(), today=docfixtures.INVESTIGATED_AT.date())
        say(cid, "investigate")
        at = docfixtures.SESSIONS_AT
        proc.record_session(
            db,
            cid,
            docfixtures.session(at[0]),
            today=at[0].date(),
            mediator_choice="当事人共同选择马德明主持调解",
            publicity="不公开",
        )
        say(cid, "session1")
        proc.record_session(db, cid, docfixtures.session(at[1]), today=at[1].date())
        say(cid, "session2")
        signed = docfixtures.SIGNED_ON
        proc.conclude_written(db, cid, today=signed)
        say(cid, "conclude")
        proc.record_signatures(db, cid, signed, signed, signed)
        say(cid, "sign")
        proc.record_visit(db, cid, docfixtures.visit(), today=docfixtures.VISITED_ON)
        say(cid, "visit")
        seqs = [p.seq for p in case.parties]
        applied = docfixtures.APPLIED_ON
        proc.apply_confirmation(db, cid, docfixtures.COURT, seqs, applied, today=applied)
        say(cid, "apply")


def check_whole(db_path: Path, acknowledged: dict[int, str]) -> None:
    with closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        cases = {r[0]: (Stage(r[1]), r[2]) for r in conn.execute("SELECT id, status, accepted_on FROM dispute_case")}
        last = dict(
            conn.execute(
                "SELECT case_id, to_stage FROM transition_log t WHERE id = "
                "(SELECT max(id) FROM transition_log WHERE case_id = t.case_id)"
            ).fetchall()
        )
        records = {
            (r[0], r[1]): r[2]
            for r in conn.execute("SELECT case_id, kind, count(*) FROM step_record GROUP BY case_id, kind")
        }
        agreed = {
            r[0]
            for r in conn.execute("SELECT a.case_id FROM agreement a JOIN agreement_term t ON t.agreement_id = a.id")
        }
        signed = {r[0] for r in conn.execute("SELECT case_id FROM case_procedure WHERE sealed_on IS NOT NULL")}
        visits = {r[0] for r in conn.execute("SELECT case_id FROM return_visit")}
    for cid, step in acknowledged.items():
        assert cid in cases, f"acknowledged case {cid} is missing"
        reached = max(i for i, (_, stage) in enumerate(STEPS) if stage is cases[cid][0])
        assert reached >= ORDER[step], f"case {cid}: acknowledged step {step}, found in {cases[cid][0].value}"
        if ORDER[step] >= ORDER["sign"]:
            assert cid in signed, f"case {cid}: acknowledged signatures are missing"
    for cid, (stage, accepted_on) in cases.items():
        where = f"case {cid} in {stage.value}"
        if stage is not Stage.REGISTERED:
            assert last.get(cid) == stage.value, f"{where}: its last transition went to {last.get(cid)}"
            assert accepted_on is not None, f"{where}: no acceptance date"
        if ORDER_OF[stage] >= ORDER["investigate"]:
            assert records.get((cid, "调查"), 0) >= 1, f"{where}: no investigation record"
        if ORDER_OF[stage] >= ORDER["session1"]:
            assert records.get((cid, "调解"), 0) >= 1, f"{where}: no session record"
        if ORDER_OF[stage] >= ORDER["conclude"]:
            assert cid in agreed, f"{where}: no agreement"
        if ORDER_OF[stage] >= ORDER["visit"]:
            assert cid in visits, f"{where}: no return visit"


ORDER_OF = {stage: min(i for i, (_, s) in enumerate(STEPS) if s is stage) for _, stage in STEPS}


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_nothing_and_leaves_nothing_half(tmp_path: Path) -> None:
    db_path = tmp_path / "crash.sqlite3"
    db = svc.open_database(db_path)
    svc.save_committee(db, make_committee())
    rng = random.Random(20261206)
    acknowledged: dict[int, str] = {}
    steps_seen = 0
    for kill in range(KILLS):
        read_end, write_end = os.pipe()
        db.engine.dispose()  # no SQLite connection may cross the fork: the child opens its own
        pid = os.fork()
        if pid == 0:  # the child: write until killed
            os.close(read_end)
            try:
                child(db, write_end, kill)
            finally:
                os._exit(3)  # only reached if the child itself failed
        os.close(write_end)
        time.sleep(rng.uniform(0.05, 0.6))
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        with os.fdopen(read_end, "rb") as pipe:
            lines = pipe.read().decode().splitlines()
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, f"the child ended by itself: {status}"
        for line in lines:
            cid, step = line.split()
            acknowledged[int(cid)] = step
        steps_seen += len(lines)
        check_whole(db_path, acknowledged)
    db.close()
    assert steps_seen > KILLS  # the kills did land in the middle of real work
    print(f"{KILLS} kills, {steps_seen} acknowledged steps, {len(acknowledged)} cases")
