"""Every procedure step is one transaction, the case row included: a failure between any two of its
statements, or a SIGKILL at any moment, leaves the case exactly before or exactly after the step.

The first test makes the Nth SQL statement of a step raise, for every N the step has; the second kills
a forked child at random moments while it walks a case through its steps, then reopens the file.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import signal
import sqlite3
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from mediator_app.domain.model import Agreement, Case, CaseSource, Committee, PartyRole, Term
from mediator_app.domain.money import Money
from mediator_app.domain.records import RecordKind, ReturnVisit, TermCheck
from mediator_app.domain.statistics import Confirmation
from mediator_app.services import cases as svc
from mediator_app.services import procedure as proc
from mediator_app.storage import audit_check
from mediator_app.storage.database import Database
from mediator_app.storage.engine import SqliteFile
from tests.integration.test_procedure_services import _party, _record  # the same village case

D = dt.date
DAY0 = D(2026, 11, 2)
MASKED = {"at", "created_at", "updated_at"}  # wall-clock times of the write, different on every run
MASKED |= {"prev_hash", "row_hash"}  # the audit chain covers those times; each file's chain is walked instead
Step = tuple[str, Callable[[Database, int], object]]


def _agreement(deadline: dt.date, fen: int) -> Agreement:
    term = Term(seq=1, obligor=2, obligee=1, action="支付维修费", deadline=deadline, amount=Money(fen))
    return Agreement(disputed_matters="维修费用承担", terms=[term])


def _register(db: Database) -> int:
    case = Case(
        dispute_type="邻里纠纷",
        source=CaseSource.APPLICATION,
        registered_on=DAY0,
        facts="楼上卫生间漏水致楼下天花板受损。",
        parties=[_party(1, "张三", PartyRole.APPLICANT), _party(2, "李四", PartyRole.RESPONDENT)],
        mediators=["王德明"],
        recorder="赵小红",
        agreement=_agreement(D(2026, 11, 30), 300_000),
    )
    saved = svc.register_case(db, case, today=DAY0)
    assert saved.id is not None
    return saved.id


def _visit(day: dt.date) -> ReturnVisit:
    return ReturnVisit(
        visited_on=day, visitor="王德明", visited="张三", satisfaction="满意", terms=[TermCheck(1, "已履行")]
    )


# Each road covers steps the others do not; together they take every step and every fact of
# services.procedure once (and the agreement's terms, written while they may still change).
WRITTEN: list[Step] = [
    ("record_risk", lambda db, c: proc.record_risk(db, c, True, DAY0, "东湖派出所")),
    ("accept", lambda db, c: proc.accept(db, c, rights_notified_on=DAY0, today=DAY0)),
    ("extend_mediation", lambda db, c: proc.extend_mediation(db, c, 15, both_parties_consent=True)),
    ("record_refusal", lambda db, c: proc.record_refusal(db, c, "李四表示不同意调解")),
    ("withdraw_refusal", lambda db, c: proc.withdraw_refusal(db, c, "误记")),
    (
        "record_investigation",
        lambda db, c: proc.record_investigation(db, c, _record(RecordKind.INVESTIGATION, DAY0), DAY0),
    ),
    ("record_choices", lambda db, c: proc.record_choices(db, c, "委员会指定", "公开")),
    ("record_session", lambda db, c: proc.record_session(db, c, _record(RecordKind.SESSION, DAY0), today=DAY0)),
    ("save_agreement", lambda db, c: svc.save_agreement(db, c, _agreement(D(2026, 11, 30), 320_000))),
    ("conclude_written", lambda db, c: proc.conclude_written(db, c, today=DAY0)),
    ("record_signatures", lambda db, c: proc.record_signatures(db, c, DAY0, DAY0, D(2026, 11, 10))),
    ("start_performance", lambda db, c: proc.start_performance(db, c, today=D(2026, 11, 10))),
    ("apply_confirmation", lambda db, c: proc.apply_confirmation(db, c, "东湖区人民法院", [1, 2], D(2026, 11, 20))),
    (
        "record_confirmation_result",
        lambda db, c: proc.record_confirmation_result(db, c, Confirmation.CONFIRMED, D(2026, 12, 1), "12号"),
    ),
    ("record_visit", lambda db, c: proc.record_visit(db, c, _visit(D(2026, 12, 2)), today=D(2026, 12, 2))),
    ("archive", lambda db, c: proc.archive(db, c, today=D(2026, 12, 3))),
    ("reopen", lambda db, c: proc.reopen(db, c, "当事人反映仍未履行完毕", today=D(2026, 12, 4))),
]
ORAL: list[Step] = [
    ("accept", lambda db, c: proc.accept(db, c, rights_notified_on=DAY0, today=DAY0)),
    (
        "record_session",
        lambda db, c: proc.record_session(db, c, _record(RecordKind.SESSION, DAY0), "指定", "公开", DAY0),
    ),
    ("conclude_oral", lambda db, c: proc.conclude_oral(db, c, "李四当场赔礼道歉", DAY0, today=DAY0)),
]
TERMINATED: list[Step] = [
    ("accept", lambda db, c: proc.accept(db, c, rights_notified_on=DAY0, today=DAY0)),
    ("terminate", lambda db, c: proc.terminate(db, c, "当事人拒绝调解", routes_notified=True, today=DAY0)),
]
DECLINED: list[Step] = [("decline", lambda db, c: proc.decline(db, c, "该纠纷已由人民法院受理", today=DAY0))]
ROADS = {"written": WRITTEN, "oral": ORAL, "terminated": TERMINATED, "declined": DECLINED}


def _tables(conn: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of a DB-API connection (the search index through its vocabulary on
    SQLite, its plain trigram tables on PostgreSQL), write times masked."""
    if type(conn).__module__.startswith("psycopg"):
        names_sql = (
            "SELECT table_name FROM information_schema.tables"
            " WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1"
        )
    else:
        names_sql = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
    cur = conn.cursor()
    cur.execute(names_sql)
    names = [n for (n,) in cur.fetchall() if not n.startswith(("sqlite_", "search_fts_"))]
    out = {}
    for name in names:
        cur.execute(f'SELECT * FROM "{name}"')
        cols = [d[0] for d in cur.description]
        rows = [tuple("…" if c in MASKED else v for c, v in zip(cols, row, strict=True)) for row in cur.fetchall()]
        out[name] = sorted(rows, key=repr)
    return out


def snapshot(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """`_tables` of a SQLite file, read with a connection of its own."""
    with closing(sqlite3.connect(path)) as conn:
        return _tables(conn)


def committed(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """`_tables` of `db` as another connection sees it (what is committed), on either engine."""
    with db.read_connection() as conn:
        return _tables(conn)


class InjectedFault(Exception):
    pass


@pytest.fixture
def committee() -> Committee:
    return Committee(name="东湖村人民调解委员会", short_name="东湖")


def _fail_at(db: Database, n: int) -> Callable[..., None]:
    seen = 0

    def before_cursor_execute(*_args: object) -> None:
        nonlocal seen
        seen += 1
        if seen == n:
            raise InjectedFault(n)

    event.listen(db.engine, "before_cursor_execute", before_cursor_execute)
    return before_cursor_execute


@pytest.mark.engines  # on SQLite and on PostgreSQL
@pytest.mark.parametrize("road", ROADS)
def test_a_failure_at_any_statement_of_a_step_leaves_the_case_as_before(committee_db: Database, road: str) -> None:
    db = committee_db
    cid = _register(db)
    for name, step in ROADS[road]:
        before = committed(db)
        n = 0
        while True:
            n += 1
            listener = _fail_at(db, n)
            try:
                step(db, cid)
            except InjectedFault:
                assert committed(db) == before, f"{name}: half written after a failure at statement {n}"
                continue
            finally:
                event.remove(db.engine, "before_cursor_execute", listener)
            break
        after = committed(db)
        assert after != before, f"{name} wrote nothing"
        assert n > 3, f"{name}: only {n - 1} statements seen"  # the listener saw the step's statements
    case = svc.get_case(db, cid)
    assert case.status == proc.workflow(db, cid, DAY0).stage
    assert case.accepted_on == (None if road == "declined" else DAY0)


def _walk(path: Path, road: list[Step], cid: int) -> None:
    db = Database(SqliteFile(path).create_engine(), str(path))  # already migrated: no Alembic in the child
    for _name, step in road:
        step(db, cid)
    db.close()


def _fresh(work: Path, template: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    work.write_bytes(template.read_bytes())


def _child(work: Path, cid: int) -> int:
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; it never returns into pytest
        try:
            _walk(work, WRITTEN, cid)
        finally:
            os._exit(0)
    return pid


def test_a_process_killed_at_any_moment_leaves_each_case_before_or_after_a_step(tmp_path: Path) -> None:
    template = tmp_path / "template.sqlite3"
    db = svc.open_database(template)
    svc.save_committee(db, Committee(name="东湖村人民调解委员会", short_name="东湖"))
    cid = _register(db)
    db.close()
    work = tmp_path / "work.sqlite3"
    # The states the file may be found in: before the first step, after each one.
    _fresh(work, template)
    states = [snapshot(work)]
    db = Database(SqliteFile(work).create_engine(), str(work))
    for _name, step in WRITTEN:
        step(db, cid)
        states.append(snapshot(work))
    db.close()
    # How long a child takes for the whole walk, so that the kills fall across it.
    _fresh(work, template)
    started = time.perf_counter()
    os.waitpid(_child(work, cid), 0)
    span = time.perf_counter() - started
    assert snapshot(work) == states[-1]

    rng = random.Random(20261102)
    trials, kills, found = 24, 0, set()
    for i in range(trials):
        _fresh(work, template)
        pid = _child(work, cid)
        time.sleep(span * (i + rng.random()) / trials)  # one random moment in each slice of the walk
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        kills += os.WIFSIGNALED(status)
        now = snapshot(work)  # opening the file rolls back what the killed child had not committed
        assert now in states, f"kill {i}: the case was found half-way through a step"
        with closing(sqlite3.connect(work)) as conn:  # and the audit chain is whole wherever it stopped
            assert audit_check.walk(audit_check.iter_rows(conn)).broken is None
        found.add(states.index(now))
    assert kills >= trials // 2  # most children were killed mid-walk, not after it
    assert len(found) >= 3  # and at different steps
