"""Many workstations on one database (a township centre, docs/centre.md), on both engines: a save over
someone else's save is refused with what they changed, numbers stay unique and gap-free under
concurrent registration, and procedure steps on one case run one after another.

Threads, each with its own `Database` (its own connection pool), stand in for workstations here;
bench/bench_centre.py runs separate client processes against a server.
"""

from __future__ import annotations

import dataclasses
import re
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from mediator_app.domain.stages import Stage
from mediator_app.errors import EditConflict
from mediator_app.services import cases as svc
from mediator_app.services import procedure as proc
from mediator_app.storage.database import Database
from tests.factories import REGISTERED_ON, make_case

pytestmark = [pytest.mark.usefixtures("committee_db"), pytest.mark.engines]


def _registered(db: Database) -> int:
    case = make_case(2)
    case.agreement = None
    saved = svc.register_case(db, case, today=REGISTERED_ON)
    assert saved.id is not None
    return saved.id


def test_a_second_save_of_a_stale_case_is_refused_naming_what_the_other_person_changed(db: Database) -> None:
    case_id = _registered(db)
    mine = svc.get_case(db, case_id)  # two workstations open the same case
    theirs = svc.get_case(db, case_id)
    base = dataclasses.replace(mine)
    theirs.facts += "\n补充：双方于次日再次发生争吵。"
    theirs.parties[1].address = "东湖村五组18号"
    saved = svc.update_case(db, theirs, today=REGISTERED_ON)
    assert saved.version == mine.version + 1
    mine.claims = "请求对方赔偿损失"
    typed = dataclasses.replace(mine)
    with pytest.raises(EditConflict) as info:
        svc.update_case(db, mine, today=REGISTERED_ON, base=base)
    message = info.value.message
    assert "其他人已保存了案件" in message and "纠纷简要情况" in message and "住址" in message
    assert "申请事项" not in message  # my own change is not reported as theirs
    assert mine == typed  # the input is kept as it was typed
    stored = svc.get_case(db, case_id)
    assert stored == info.value.current
    assert stored.facts == theirs.facts and stored.claims != mine.claims  # nothing of mine was written
    mine.version = stored.version  # after looking at their changes, the mediator saves on top of them
    assert svc.update_case(db, mine, today=REGISTERED_ON).claims == "请求对方赔偿损失"


def test_a_procedure_step_makes_an_open_edit_stale(db: Database) -> None:
    case_id = _registered(db)
    form = svc.get_case(db, case_id)
    proc.accept(db, case_id, rights_notified_on=REGISTERED_ON, today=REGISTERED_ON)
    form.title = "改过的名称"
    with pytest.raises(EditConflict, match="办理状态"):
        svc.update_case(db, form, today=REGISTERED_ON)
    assert svc.get_case(db, case_id).status == Stage.ACCEPTED  # the step is not undone by the stale form


def _workstations(db_location: Path | str, n: int, work: Callable[[Database, int], None]) -> list[BaseException]:
    """Run `work(db, i)` on `n` threads, each with its own opened database; the errors they raised."""
    stations = [svc.open_database(db_location) for _ in range(n)]
    errors: list[BaseException] = []
    start = threading.Barrier(n)

    def run(i: int) -> None:
        start.wait()
        try:
            work(stations[i], i)
        except BaseException as exc:  # collected and asserted on by the test
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    for s in stations:
        s.close()
    return errors


def test_concurrent_registration_gives_unique_gap_free_numbers(db: Database, db_location: Path | str) -> None:
    per_station, stations = 5, 6

    def register(station: Database, _i: int) -> None:
        for _ in range(per_station):
            _registered(station)

    assert _workstations(db_location, stations, register) == []
    seqs = sorted(int(re.findall(r"\d+", c.number)[-1]) for c in svc.list_cases(db))
    assert seqs == list(range(1, per_station * stations + 1))


def test_concurrent_edits_of_one_case_lose_nothing_and_report_every_conflict(
    db: Database, db_location: Path | str
) -> None:
    case_id = _registered(db)
    saved_lines: list[str] = []
    conflicts: list[str] = []
    lock = threading.Lock()

    def edit(station: Database, i: int) -> None:
        for round_ in range(4):
            case = svc.get_case(station, case_id)
            line = f"第{i}台第{round_}次补充"
            case.facts += "\n" + line
            try:
                svc.update_case(station, case, today=REGISTERED_ON)
            except EditConflict as exc:
                with lock:
                    conflicts.append(exc.message)
            else:
                with lock:
                    saved_lines.append(line)

    assert _workstations(db_location, 5, edit) == []
    final = svc.get_case(db, case_id)
    # Every save reported as done is in the stored text (a later save read it first, else it was refused).
    assert all(line in final.facts for line in saved_lines)
    assert final.version == 1 + len(saved_lines)
    assert len(saved_lines) + len(conflicts) == 20
    assert all("纠纷简要情况" in message for message in conflicts)


def test_procedure_steps_on_one_case_are_serialised(db: Database, db_location: Path | str) -> None:
    case_id = _registered(db)
    proc.accept(db, case_id, rights_notified_on=REGISTERED_ON, today=REGISTERED_ON)

    def report_risks(station: Database, i: int) -> None:
        for round_ in range(5):
            proc.record_risk(station, case_id, True, REGISTERED_ON, f"派出所{i}-{round_}")

    assert _workstations(db_location, 4, report_risks) == []
    # Every step raised the version by one: none read a state another step had not finished writing.
    assert svc.get_case(db, case_id).version == 1 + 1 + 20
