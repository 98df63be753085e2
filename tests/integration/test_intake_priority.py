"""Special groups at intake and served first (docs/linkage.md, "Special groups first"): the groups
ticked at registration (window, case file import on the command line) are written with the case in one
transaction, and the case list's default order puts their cases first, page by page, on both engines.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from sqlmodel import select

from mediator_app.domain.statistics import CaseStats, special_groups_from
from mediator_app.errors import ValidationError
from mediator_app.exchange.case_json import dumps_case
from mediator_app.services import caselist, transfer
from mediator_app.services import cases as svc
from mediator_app.services.statistics import facts
from mediator_app.storage import stats_repo
from mediator_app.storage.database import Database
from mediator_app.storage.tables import AuditRow
from tests.clirun import Run
from tests.factories import REGISTERED_ON, make_case

pytestmark = [pytest.mark.usefixtures("committee_db"), pytest.mark.engines]

D = dt.date


def test_groups_ticked_at_intake_are_the_cases_statistics_facts(db: Database) -> None:
    saved = svc.register_case(db, make_case(2), REGISTERED_ON, special_groups=("elderly", "pregnant"))
    assert saved.id is not None
    stats = facts.get_stats(db, saved.id)
    assert (stats.elderly, stats.pregnant, stats.disabled, stats.special_group) == (True, True, False, True)
    assert [r.priority for r in caselist.page(db)] == ["老年人、孕产妇"]
    plain = svc.register_case(db, make_case(2), REGISTERED_ON)
    assert plain.id is not None and not facts.get_stats(db, plain.id).special_group
    with db.reader() as session:
        actions = [a.action for a in session.exec(select(AuditRow))]
    assert actions[-2:] == ["登记案件", "登记案件"]  # one row a case


def test_the_case_and_its_groups_are_one_transaction(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(stats_repo, "save_stats", broken)
    with pytest.raises(OSError):
        svc.register_case(db, make_case(2), REGISTERED_ON, special_groups=("minor",))
    assert svc.list_cases(db) == []  # not a case without the groups it was registered with
    with pytest.raises(ValueError, match="not special groups"):
        svc.register_case(db, make_case(2), REGISTERED_ON, special_groups=("aliens",))
    assert svc.list_cases(db) == []


def test_groups_are_read_from_the_words_mediators_use() -> None:
    assert special_groups_from("孕妇，老年人、低收入") == ("elderly", "pregnant", "low_income")
    assert special_groups_from("") == ()
    with pytest.raises(ValidationError) as bad:
        special_groups_from("老年人、退伍军人")
    [error] = bad.value.errors
    assert error.path == "stats.groups" and error.message.startswith("“退伍军人”不是特殊群体；可以填写：老年人、残疾人")


def test_the_command_line_import_takes_the_groups(
    db: Database, db_location: Path | str, run: Run, tmp_path: Path
) -> None:
    case_file = tmp_path / "案件.json"
    case_file.write_text(dumps_case(make_case(2)), encoding="utf-8")
    code, out, err = run("--db", str(db_location), "import", str(case_file), "--special-groups", "残疾人,重病患者")
    assert code == 0, err
    assert "优先办理" in out
    [summary] = svc.list_cases(db)
    stats = facts.get_stats(db, summary.id)
    assert (stats.disabled, stats.seriously_ill, stats.elderly) == (True, True, False)
    code, out, err = run("--db", str(db_location), "import", str(case_file), "--special-groups", "贫困户")
    assert code == 2 and "“贫困户”不是特殊群体" in err
    assert len(svc.list_cases(db)) == 1
    assert json.loads(case_file.read_text(encoding="utf-8"))["format"] == "mediation-desk/case"


def test_an_imported_case_keeps_its_groups_through_the_service(db: Database, tmp_path: Path) -> None:
    case_file = tmp_path / "案件.json"
    case_file.write_text(dumps_case(make_case(2)), encoding="utf-8")
    saved, _ = transfer.import_case_file(db, case_file, REGISTERED_ON, special_groups=("low_income",))
    assert saved.id is not None and facts.get_stats(db, saved.id).low_income


def _register(db: Database, day: dt.date, groups: tuple[str, ...] = ()) -> int:
    case = make_case(2)
    case.registered_on = day
    case_id = svc.register_case(db, case, day, special_groups=groups).id
    assert case_id is not None
    return case_id


def test_the_default_order_serves_special_groups_first_page_by_page(db: Database) -> None:
    plain = [_register(db, D(2026, 10, day)) for day in range(1, 8)]
    special = [_register(db, D(2026, 10, day), ("elderly",)) for day in (2, 5)]
    newest_first = caselist.page(db)
    assert [r.id for r in newest_first] == [special[1], special[0], *reversed(plain)]
    pages = [r.id for offset in range(0, 9, 2) for r in caselist.page(db, offset=offset, limit=2)]
    assert pages == [r.id for r in newest_first]  # pages across the boundary neither skip nor repeat
    oldest = caselist.CaseSort(caselist.SortKey.DATE, descending=False)
    assert [r.id for r in caselist.page(db, sort=oldest)] == [*special, *plain]
    by_number = caselist.CaseSort(caselist.SortKey.NUMBER, descending=False)
    assert [r.id for r in caselist.page(db, sort=by_number)] == [*plain, *special]  # other orders: as sorted
    october = caselist.CaseFilter(registered_from=D(2026, 10, 4), registered_to=D(2026, 10, 6))
    assert [r.id for r in caselist.page(db, october)] == [special[1], plain[5], plain[4], plain[3]]
    assert [r.id for r in caselist.page(db, october, offset=1, limit=2)] == [plain[5], plain[4]]
    # 统计信息… later: a case whose groups are removed goes back among the rest, another comes first.
    facts.save_stats(db, special[1], CaseStats(), D(2026, 11, 1))
    facts.save_stats(db, plain[0], CaseStats(minor=True), D(2026, 11, 1))
    assert [r.id for r in caselist.page(db, limit=5)] == [special[0], plain[0], plain[6], plain[5], special[1]]


@pytest.mark.sqlite_only
def test_an_older_file_gets_each_cases_place_from_its_facts(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    shutil.copyfile(Path(__file__).parents[1] / "fixtures" / "schemas" / "schema-0011.sqlite3", path)
    with closing(sqlite3.connect(path)) as conn:
        special_cases = {
            int(r[0])
            for r in conn.execute(
                "SELECT case_id FROM case_stats WHERE elderly OR disabled OR seriously_ill OR pregnant OR minor "
                "OR low_income"
            )
        }
        if not special_cases:  # the fixture's demo cases carry none: give two of them groups as 统计信息… did
            conn.execute("UPDATE case_stats SET pregnant = 1 WHERE case_id IN (SELECT case_id FROM case_stats LIMIT 2)")
            conn.commit()
            special_cases = {int(r[0]) for r in conn.execute("SELECT case_id FROM case_stats WHERE pregnant")}
    assert special_cases
    old = svc.open_database(path)
    try:
        rows = caselist.page(old, limit=1000)
        assert {r.id for r in rows[: len(special_cases)]} == special_cases
        assert all(bool(r.priority) == (r.id in special_cases) for r in rows)
    finally:
        old.close()
