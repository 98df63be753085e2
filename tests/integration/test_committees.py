"""Several committees in one centre database (docs/centre.md, "Several committees in one database"):
each person works in their committee (numbers, papers, lists, search, 今日待办, work orders, 12345
orders), a case of another committee is refused in Chinese, and the centre-wide director sees all,
with a committee filter and one statistics row per committee. On both engines."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import shutil
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from pathlib import Path

import pytest
from openpyxl import load_workbook

from mediator_app.domain.access import OTHER_COMMITTEE, Actor, PermissionDenied, Role
from mediator_app.domain.hotline import HotlineOrder
from mediator_app.domain.model import Committee
from mediator_app.domain.statistics import OralEntry
from mediator_app.errors import ValidationError
from mediator_app.services import (
    access,
    accounts,
    caselist,
    cases,
    committees,
    dashboard,
    history,
    oral_entry,
    privacy,
    procedure,
    search,
    workorders,
)
from mediator_app.services.calendar import holiday_calendar
from mediator_app.services.caselist import CaseFilter
from mediator_app.services.hotline import orders as hotline_orders
from mediator_app.services.login import hash_password
from mediator_app.services.printing import DatabaseStore, PrintJob, read, render
from mediator_app.services.statistics import workflow
from mediator_app.services.statistics.period import Kind, Period
from mediator_app.services.statistics.xlsx import HEADER_ROWS, workbook_bytes
from mediator_app.storage import hotline_repo
from mediator_app.storage.columns import stored_utc
from mediator_app.storage.database import Database
from tests.centre_db import PASSWORD, TRAFFIC, Centre, make_centre
from tests.factories import REGISTERED_ON, make_case

pytestmark = pytest.mark.engines  # on SQLite and on PostgreSQL

DAY = REGISTERED_ON


@pytest.fixture
def centre(committee_db: Database) -> Centre:
    """The conftest committee (望京西园) plus a traffic committee; a mediator in each, a centre-wide director."""
    return make_centre(committee_db)


def _register(db: Database, name: str) -> int:
    case = make_case(2)
    case.parties[0].name = name
    case_id = cases.register_case(db, case, DAY).id
    assert case_id is not None
    return case_id


def test_each_committee_numbers_its_cases_from_its_own_counter(centre: Centre) -> None:
    db = centre.as_("jiao")
    assert db.actor is not None and db.actor.committee_id == centre.traffic.id
    first_traffic = cases.get_case(db, _register(db, "刘䶮"))
    centre.as_("ma")
    home_cases = [cases.get_case(db, _register(db, "刘䶮")) for _ in range(2)]
    assert first_traffic.committee_id == centre.traffic.id
    assert "青山交调" in first_traffic.number and first_traffic.number.endswith("第1号")
    assert [c.committee_id for c in home_cases] == [centre.home.id] * 2
    assert [c.number[-3:] for c in home_cases] == ["第1号", "第2号"]
    assert all("望京西园" in c.number for c in home_cases)


def test_a_person_of_one_committee_sees_only_its_cases_and_is_told_why_for_another(centre: Centre) -> None:
    db = centre.as_("jiao")
    theirs = _register(db, "刘䶮")
    db = centre.as_("ma")
    ours = _register(db, "刘䶮")
    assert caselist.count(db) == 1
    # Asking for the other committee through the filter still shows only one's own.
    assert caselist.count(db, CaseFilter(committee_id=centre.traffic.id)) == 1
    assert [r.id for r in caselist.page(db)] == [ours]
    assert [c.id for c in cases.list_cases(db)] == [ours]
    assert [h.case_id for h in search.search(db, "刘䶮").hits] == [ours]
    assert {t.case_id for t in procedure.todo_list(db, DAY)} <= {ours}
    assert [e.case_id for e in history.earlier_disputes(db, cases.get_case(db, ours).parties)] == [ours]
    for refused in (
        lambda: cases.get_case(db, theirs),
        lambda: procedure.workflow(db, theirs, DAY),
        lambda: procedure.accept(db, theirs, DAY, today=DAY),
        lambda: workorders.case_work_orders(db, theirs),
        lambda: render(DatabaseStore(db), PrintJob.forms(theirs, ["mediation_application"])),
    ):
        with pytest.raises(PermissionDenied) as err:
            refused()
        assert err.value.message == OTHER_COMMITTEE
    assert procedure.workflow(db, ours, DAY).case_id == ours


def test_the_centre_wide_director_sees_all_and_filters_by_committee(centre: Centre) -> None:
    db = centre.as_("jiao")
    theirs = _register(db, "刘䶮")
    db = centre.as_("ma")
    ours = _register(db, "刘䶮")
    db = centre.as_("boss")
    assert db.actor is not None and db.actor.committee_id is None
    assert caselist.count(db) == 2
    assert [r.id for r in caselist.page(db, CaseFilter(committee_id=centre.traffic.id))] == [theirs]
    assert caselist.count(db, CaseFilter(committee_id=centre.home.id)) == 1
    assert {h.case_id for h in search.search(db, "刘䶮").hits} == {ours, theirs}
    assert cases.get_case(db, theirs).committee_id == centre.traffic.id


def test_papers_carry_the_committee_of_the_case(centre: Centre) -> None:
    db = centre.as_("jiao")
    theirs = _register(db, "刘䶮")
    db = centre.as_("boss")
    ctx = read(DatabaseStore(db), theirs)
    assert (ctx.committee.name, ctx.committee.address, ctx.committee.phone) == (
        TRAFFIC.name,
        TRAFFIC.address,
        TRAFFIC.phone,
    )
    pdf = render(DatabaseStore(db), PrintJob.forms(theirs, ["mediation_application"]), ctx=ctx)
    assert pdf.startswith(b"%PDF")


def test_search_fills_a_committees_page_past_the_other_committees_newer_matches(centre: Centre) -> None:
    db = centre.as_("ma")
    ours = _register(db, "孟婷")
    db = centre.as_("jiao")
    for _ in range(4):  # newer matches of the other committee rank ahead of ours
        _register(db, "孟婷")
    db = centre.as_("ma")
    found = search.search(db, "孟婷", limit=2)
    assert [h.case_id for h in found.hits] == [ours]
    assert not found.has_more


def test_hotline_orders_belong_to_their_committee(centre: Centre) -> None:
    db = centre.db
    assigned = dt.datetime(2026, 11, 2, 9)
    with db.unit_of_work() as session:
        assert centre.home.id is not None and centre.traffic.id is not None
        ours = hotline_repo.add(
            session, centre.home.id, HotlineOrder("BJ1", "咨询", content="噪音", assigned_at=assigned)
        )
        theirs = hotline_repo.add(
            session, centre.traffic.id, HotlineOrder("BJ2", "咨询", content="剐蹭", assigned_at=assigned)
        )
    assert ours.id is not None and theirs.id is not None
    db = centre.as_("ma")
    assert [o.order_no for o in hotline_orders.list_orders(db)] == ["BJ1"]
    assert {t.number for t in hotline_orders.todo_items(db, DAY)} <= {"BJ1"}
    with pytest.raises(PermissionDenied, match="另一个调委会"):
        hotline_orders.get_order(db, theirs.id)
    with pytest.raises(PermissionDenied, match="另一个调委会"):
        hotline_orders.sign_order(db, theirs.id, assigned)
    db = centre.as_("boss")
    assert sorted(o.order_no for o in hotline_orders.list_orders(db)) == ["BJ1", "BJ2"]


def test_statistics_have_one_row_per_committee_and_their_total(centre: Centre) -> None:
    at = dt.datetime(2026, 11, 3, 9)
    db = centre.as_("ma")
    for _ in range(2):
        oral_entry.record_oral_case(db, OralEntry(make_case(2), at, "当面道歉"), at.date())
    db = centre.as_("jiao")
    oral_entry.record_oral_case(db, OralEntry(make_case(2), at, "赔偿修车费"), at.date())
    db = centre.as_("boss")
    made = workflow.generate(db, Period.of(Kind.MONTHLY, 2026, month=11), at.date())
    assert made.unit == centre.home.name  # the centre's report, whoever makes it
    ws = load_workbook(io.BytesIO(workbook_bytes(made)))["调委会明细"]
    rows = [list(r) for r in ws.iter_rows(min_row=HEADER_ROWS + 1, values_only=True)]
    # name, 新收, 办结, 成功 for each committee, then the total
    assert [r[:4] for r in rows] == [
        [centre.home.name, 2, 2, 2],
        [TRAFFIC.name, 1, 1, 1],
        ["合计", 3, 3, 3],
    ]


def test_an_access_report_of_one_committee_holds_its_cases_only(centre: Centre) -> None:
    accounts.add_account(centre.as_("admin"), "zhu", "朱主任", Role.DIRECTOR, PASSWORD, centre.traffic.id)
    db = centre.as_("ma")
    case = make_case(2)
    id_number = case.parties[0].id_number
    case_id = cases.register_case(db, case, DAY).id
    assert case_id is not None
    db = centre.as_("zhu")
    assert privacy.access_report(db, id_number, DAY).cases == ()
    with pytest.raises(PermissionDenied, match="另一个调委会"):  # a director of another committee
        cases.void_case(db, case_id, "重复登记")
    db = centre.as_("boss")
    assert len(privacy.access_report(db, id_number, DAY).cases) == 1


def test_accounts_carry_their_committee_and_an_administrator_stays_centre_wide(centre: Centre) -> None:
    db = centre.as_("admin")
    listed = {a.login: a.committee_id for a in accounts.list_accounts(db)}
    assert listed == {"admin": None, "ma": centre.home.id, "jiao": centre.traffic.id, "boss": None}
    accounts.set_committee(db, "ma", centre.traffic.id)
    assert centre.as_("ma").actor == Actor("ma", "马德明", Role.MEDIATOR, centre.traffic.id)
    db = centre.as_("admin")
    with pytest.raises(ValidationError, match="全中心"):
        accounts.add_account(db, "admin2", "钱管理", Role.ADMIN, PASSWORD, centre.home.id)
    with pytest.raises(ValidationError, match="全中心"):
        accounts.set_committee(db, "admin", centre.home.id)
    with pytest.raises(ValidationError, match="全中心"):
        accounts.set_role(db, "ma", Role.ADMIN)
    with pytest.raises(ValidationError, match="没有这个调委会"):
        accounts.add_account(db, "wu", "吴调解", Role.MEDIATOR, PASSWORD, 999)


def test_only_the_centre_adds_committees_and_short_names_stay_unique(centre: Centre) -> None:
    db = centre.as_("admin")
    with pytest.raises(ValidationError, match="已由"):
        committees.add_committee(db, Committee(name="青山镇劳动争议人民调解委员会", short_name="青山交调"))
    labour = committees.add_committee(db, Committee(name="青山镇劳动争议人民调解委员会", short_name="青山劳调"))
    assert [c.short_name for c in committees.list_committees(db)] == ["望京西园", "青山交调", "青山劳调"]
    accounts.add_account(db, "lao", "劳主任", Role.DIRECTOR, PASSWORD, labour.id)
    db = centre.as_("lao")
    with pytest.raises(PermissionDenied, match="全中心账户"):
        committees.add_committee(db, Committee(name="青山镇医疗纠纷人民调解委员会", short_name="青山医调"))
    with pytest.raises(PermissionDenied, match="只能修改本调委会"):
        cases.save_committee(db, dataclasses.replace(centre.traffic, phone="110"))
    own = cases.require_committee(db)
    assert own.id == labour.id
    assert cases.save_committee(db, dataclasses.replace(own, phone="0571-88005678")).phone == "0571-88005678"


@pytest.mark.usefixtures("centre")
def test_two_committees_registering_at_once_both_get_gap_free_numbers(db_location: Path | str) -> None:
    """Two workstations (their own connections), one per committee, registering at the same time:
    each committee's numbers are 1..n with no gap and no number of the other committee's counter."""
    per = 6

    def workstation(login: str) -> list[str]:
        db = cases.open_database(db_location)
        try:
            access.login(db, login, PASSWORD)
            return [cases.register_case(db, make_case(2), DAY).number for _ in range(per)]
        finally:
            db.close()

    with ThreadPoolExecutor(2) as pool:
        home, traffic = pool.map(workstation, ["ma", "jiao"])
    for numbers, short_name in ((home, "望京西园"), (traffic, "青山交调")):
        assert all(short_name in n for n in numbers)
        assert sorted(int(re.findall(r"第(\d+)号", n)[0]) for n in numbers) == list(range(1, per + 1))


def test_the_accounts_of_an_earlier_file_stay_centre_wide_and_see_every_case(tmp_path: Path) -> None:
    """Migration 0013 on a room's file of the previous schema with an account: nothing changes for it."""
    path = tmp_path / "room.sqlite3"
    shutil.copyfile(Path(__file__).parents[1] / "fixtures" / "schemas" / "schema-0011.sqlite3", path)
    at = stored_utc(dt.datetime(2026, 11, 1, tzinfo=dt.UTC))
    with closing(sqlite3.connect(path)) as conn, conn:
        held = conn.execute("SELECT COUNT(*) FROM dispute_case").fetchone()[0]
        conn.execute(
            "INSERT INTO user_account (login, display_name, role, password_hash, failed_count, active,"
            " created_at, changed_at) VALUES ('old', '老主任', '调委会主任', ?, 0, 1, ?, ?)",
            (hash_password(PASSWORD), at, at),
        )
    db = cases.open_database(path)
    try:
        assert access.login(db, "old", PASSWORD).committee_id is None
        assert caselist.count(db) == held > 0
        assert caselist.choices(db).committees == ()  # one committee: no committee filter
    finally:
        db.close()


def test_the_dashboard_of_a_committee_counts_its_cases_and_the_centres_counts_all(centre: Centre) -> None:
    db = centre.as_("jiao")
    for _ in range(2):
        _register(db, "刘䶮")
    db = centre.as_("ma")
    _register(db, "刘䶮")
    later = DAY + dt.timedelta(days=60)  # the registered cases are 60 days old: one age bucket
    board = dashboard.dashboard(db, later, holiday_calendar())
    assert sum(sum(ages) for ages in board.open_cases.values()) == 1
    assert dashboard.long_running_resolved(db, later) == 0
    db = centre.as_("boss")
    board = dashboard.dashboard(db, later, holiday_calendar())
    assert sum(sum(ages) for ages in board.open_cases.values()) == 3
