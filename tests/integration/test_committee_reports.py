"""Statistics per committee (docs/centre.md, "Several committees in one database"): a committee's
director gets a report of their committee's cases under its name; the centre-wide director chooses a
committee or the whole centre, whose figures are the committees' summed; a committee's confirmed
report and the centre's are frozen apart; the files carry the right name; the 主任看板 and the 以案定补
claim of one committee. On both engines."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from openpyxl import load_workbook

from mediator_app.domain.access import OWN_COMMITTEE_ONLY, PermissionDenied, Role
from mediator_app.domain.model import Case
from mediator_app.domain.records import ReturnVisit
from mediator_app.domain.stages import Stage
from mediator_app.domain.statistics import OralEntry
from mediator_app.errors import UserFacingError
from mediator_app.services import accounts, cases, dashboard, oral_entry, procedure, subsidy
from mediator_app.services.calendar import holiday_calendar
from mediator_app.services.printing.reports import report_bytes
from mediator_app.services.statistics import snapshots, workflow
from mediator_app.services.statistics.period import Kind, Period
from mediator_app.services.statistics.report import Report
from mediator_app.services.statistics.xlsx import HEADER_ROWS, workbook_bytes
from mediator_app.storage.database import Database
from tests.centre_db import PASSWORD, TRAFFIC, Centre, make_centre
from tests.factories import make_case
from tests.pdfcheck import needs_poppler, pdf_text, squeeze

pytestmark = pytest.mark.engines  # on SQLite and on PostgreSQL

AT = dt.datetime(2026, 11, 3, 9)
MONTH = Period.of(Kind.MONTHLY, 2026, month=11)
# The summary's rows that add up across committees (a rate does not; it is recomputed)
ADDITIVE = ("上期结转", "本期新收", "本期办结", "其中：调解成功", "期末未结", "涉及人数", "涉及金额（元）")


@pytest.fixture
def centre(committee_db: Database) -> Centre:
    """Two oral cases settled in the township committee; in the traffic committee one settled and one
    still open (the factory's case comes accepted on 2 November); a director of each committee."""
    made = make_centre(committee_db)
    admin = made.as_("admin")
    accounts.add_account(admin, "zhu", "朱主任", Role.DIRECTOR, PASSWORD, made.traffic.id)
    accounts.add_account(admin, "wang", "王主任", Role.DIRECTOR, PASSWORD, made.home.id)
    db = made.as_("ma")
    for _ in range(2):
        oral_entry.record_oral_case(db, OralEntry(_without_money(), AT, "当面道歉"), AT.date())
    db = made.as_("jiao")
    oral_entry.record_oral_case(db, OralEntry(_without_money(), AT, "互相谅解"), AT.date())
    cases.register_case(db, make_case(2), AT.date())
    return made


def _without_money() -> Case:
    """A case whose agreement pays nothing (one that pays needs its 涉及金额 before a report confirms)."""
    case = make_case(2)
    case.agreement = None
    return case


def _summary(report: Report) -> dict[str, Any]:
    return {row[0]: row[1] for row in report.table("综合情况").rows}


def test_a_committees_report_counts_its_cases_under_its_name(centre: Centre) -> None:
    made = workflow.generate(centre.as_("zhu"), MONTH, AT.date())
    assert made.unit == TRAFFIC.name and made.committee_id == centre.traffic.id
    assert (_summary(made)["本期新收"], _summary(made)["本期办结"], _summary(made)["期末未结"]) == (2, 1, 1)
    assert [r[:4] for r in made.table("调委会明细").rows] == [[TRAFFIC.name, 2, 1, 1]]
    assert made.problems == []  # the other committee's cases are not its problems
    # the centre's director choosing the committee gets the same report
    chosen = workflow.generate(centre.as_("boss"), MONTH, AT.date(), centre.traffic.id)
    assert chosen.tables == made.tables and chosen.unit == TRAFFIC.name


def test_the_centres_report_is_the_sum_of_the_committees(centre: Centre) -> None:
    db = centre.as_("boss")
    whole = workflow.generate(db, MONTH, AT.date())
    parts = [workflow.generate(db, MONTH, AT.date(), c.id) for c in (centre.home, centre.traffic)]
    assert whole.committee_id is None and whole.unit == centre.home.name
    assert [p.unit for p in parts] == [centre.home.name, TRAFFIC.name]
    for caption in ADDITIVE:
        assert _summary(whole)[caption] == sum(_summary(p)[caption] for p in parts), caption
    assert _summary(whole)["本期办结"] == 3
    for title in ("纠纷类型", "调委会明细"):
        total = whole.table(title).total
        part_totals = [p.table(title).total for p in parts]
        assert total is not None and all(t is not None for t in part_totals)
        assert total[1:4] == [sum(t[i] for t in part_totals if t is not None) for i in (1, 2, 3)], title


def test_a_committees_person_may_not_read_or_confirm_another_committees_or_the_centres(centre: Centre) -> None:
    whole = workflow.generate(centre.as_("boss"), MONTH, AT.date())
    db = centre.as_("wang")
    with pytest.raises(PermissionDenied) as err:
        workflow.generate(db, MONTH, AT.date(), centre.traffic.id)
    assert err.value.message == OWN_COMMITTEE_ONLY
    with pytest.raises(PermissionDenied) as err:
        snapshots.confirm(db, whole, "王主任")
    assert err.value.message == OWN_COMMITTEE_ONLY
    assert snapshots.frozen(centre.as_("boss"), MONTH) is None  # nothing frozen


def test_a_committees_confirmed_report_and_the_centres_are_kept_apart(centre: Centre) -> None:
    db = centre.as_("zhu")
    theirs = workflow.generate_and_confirm(db, MONTH, AT.date(), "朱主任")
    assert theirs.version == 1
    db = centre.as_("boss")
    assert workflow.current(db, MONTH, AT.date()).version == 0  # the centre's is not confirmed by it
    centres = workflow.generate_and_confirm(db, MONTH, AT.date(), "赵主任")
    assert centres.version == 1 and centres.committee_id is None  # its own first version
    frozen = workflow.current(db, MONTH, AT.date(), centre.traffic.id)
    assert (frozen.version, frozen.confirmed_by, frozen.unit) == (1, "朱主任", TRAFFIC.name)
    assert snapshots.frozen(centre.as_("wang"), MONTH) is None  # the township committee confirmed nothing
    assert [r.version for r in snapshots.versions(centre.as_("jiao"), MONTH)] == [1]


def test_the_files_carry_the_committees_name(centre: Centre) -> None:
    made = workflow.generate(centre.as_("jiao"), MONTH, AT.date())
    sheet = load_workbook(io.BytesIO(workbook_bytes(made)))["调委会明细"]
    assert f"填报单位：{TRAFFIC.name}" in str(sheet.cell(2, 1).value)
    rows = list(sheet.iter_rows(min_row=HEADER_ROWS + 1, values_only=True))
    assert [r[0] for r in rows] == [TRAFFIC.name, "合计"]


@needs_poppler
def test_the_pdf_carries_the_committees_name(centre: Centre) -> None:
    made = workflow.generate(centre.as_("jiao"), MONTH, AT.date())
    assert f"填报单位：{TRAFFIC.name}" in squeeze(pdf_text(report_bytes(made), 1))


def test_the_centres_director_reads_one_committees_board(centre: Centre) -> None:
    later = AT.date() + dt.timedelta(days=30)
    theirs = dashboard.dashboard(centre.as_("zhu"), later, holiday_calendar())
    db = centre.as_("boss")
    chosen = dashboard.dashboard(db, later, holiday_calendar(), centre.traffic.id)
    whole = dashboard.dashboard(db, later, holiday_calendar())
    assert chosen == theirs
    assert sum(m.closed for m in chosen.months) == 1 and sum(m.closed for m in whole.months) == 3
    assert dashboard.long_running_resolved(db, later, centre.traffic.id) == 0
    with pytest.raises(PermissionDenied):
        dashboard.dashboard(centre.as_("wang"), later, holiday_calendar(), centre.traffic.id)


def test_a_committees_claim_holds_its_cases_and_its_mediators_confirmed_lists(centre: Centre) -> None:
    db = centre.as_("boss")
    visit = ReturnVisit(dt.date(2026, 11, 20), "回访员", "双方当事人", "满意")
    for summary in cases.list_cases(db):  # a return visit completes an oral case's dossier
        if summary.status == Stage.ORAL_AGREEMENT:
            procedure.record_visit(db, summary.id, visit, today=visit.visited_on)
    rules, today = subsidy.load_rules(), dt.date(2026, 12, 3)
    whole = subsidy.make_claim(db, MONTH, rules, today)
    assert (whole.cases, whole.unit) == (3, centre.home.name)
    db = centre.as_("zhu")
    theirs = subsidy.make_claim(db, MONTH, rules, today)
    assert (theirs.cases, theirs.unit, theirs.committee_id) == (1, TRAFFIC.name, centre.traffic.id)
    assert list(theirs.paid) == ["马德明"]  # the factory's presiding mediator
    with pytest.raises(PermissionDenied):
        subsidy.confirm_claim(db, whole, "朱主任")  # the centre's claim is not theirs to confirm
    assert subsidy.confirm_claim(db, theirs, "朱主任") == [1]
    assert subsidy.make_claim(db, MONTH, rules, today).confirmed.keys() == {"马德明"}
    # a committee's confirmed list is its own, as its report is: the centre's claim and the township
    # committee's still hold their own lists, unconfirmed, with every case of theirs
    db = centre.as_("boss")
    whole = subsidy.make_claim(db, MONTH, rules, today)
    assert whole.confirmed == {} and whole.cases == 3 and whole.unpaid == []
    ours = subsidy.make_claim(centre.as_("wang"), MONTH, rules, today)
    assert ours.confirmed == {} and ours.cases == 2
    # the centre confirming its list does not change the committee's
    assert subsidy.confirm_claim(centre.as_("boss"), whole, "中心主任") == [1] * len(whole.paid)
    theirs = subsidy.make_claim(centre.as_("zhu"), MONTH, rules, today)
    assert theirs.confirmed["马德明"].confirmed_by == "朱主任" and theirs.cases == 1


def test_the_centres_claim_keeps_same_named_mediators_of_two_committees_apart(centre: Centre) -> None:
    """Both committees' cases have 马德明 presiding (the factory's): two people, two lists, each with
    its committee in the label, as in the committees' own claims."""
    db = centre.as_("boss")
    visit = ReturnVisit(dt.date(2026, 11, 20), "回访员", "双方当事人", "满意")
    for summary in cases.list_cases(db):
        if summary.status == Stage.ORAL_AGREEMENT:
            procedure.record_visit(db, summary.id, visit, today=visit.visited_on)
    rules, today = subsidy.load_rules(), dt.date(2026, 12, 3)
    whole = subsidy.make_claim(db, MONTH, rules, today)
    home, traffic = f"马德明（{centre.home.short_name}）", f"马德明（{TRAFFIC.short_name}）"
    assert {name: len(judged) for name, judged in whole.paid.items()} == {home: 2, traffic: 1}
    with pytest.raises(UserFacingError, match="马德明"):  # the bare name fits two lists: not one of them
        subsidy.confirm_claim(db, whole, "中心主任", mediator="马德明")
    assert subsidy.confirm_claim(db, whole, "中心主任", mediator=traffic) == [1]
    again = subsidy.make_claim(db, MONTH, rules, today)
    assert again.confirmed.keys() == {traffic} and again.state(home) == "未确认"
    assert [len(again.paid[name]) for name in (home, traffic)] == [2, 1]
    # the traffic committee's own claim is apart: its list is the bare name, not confirmed
    theirs = subsidy.make_claim(centre.as_("zhu"), MONTH, rules, today)
    assert list(theirs.paid) == ["马德明"] and theirs.confirmed == {}
