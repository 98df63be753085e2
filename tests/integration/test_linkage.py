"""Work orders to other units and the 受理回执 (docs/linkage.md), through the services, printing and the
command line: working-day due dates across the National Day holiday, one audited transaction per
write, a reply recorded once, overdue orders in 今日待办, the XLSX export read back with openpyxl, the
receipt's case number, next step, deadline, phone and QR code, and an older file migrated.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from sqlmodel import col, select

from mediator_app.documents.context import Item
from mediator_app.documents.forms import load_form
from mediator_app.documents.pieces import QrCode
from mediator_app.documents.render import DocumentBuilder
from mediator_app.domain.model import Case, CaseSource
from mediator_app.domain.satisfaction import SatisfactionVisit
from mediator_app.domain.statistics import CaseStats
from mediator_app.errors import UserFacingError, ValidationError
from mediator_app.services import caselist, legal_support, procedure, satisfaction, workorders
from mediator_app.services import cases as svc
from mediator_app.services.printing import DatabaseStore, PrintJob, PrintProblems, read, render
from mediator_app.services.statistics import facts
from mediator_app.storage.database import Database
from mediator_app.storage.tables import AuditRow
from tests import docfixtures
from tests.clirun import ID_OR_MOBILE
from tests.factories import REGISTERED_ON, make_case, make_committee
from tests.pdfcheck import needs_poppler, pdf_text, squeeze

pytestmark = [pytest.mark.usefixtures("committee_db"), pytest.mark.engines]

MATTER = "宅基地东侧界址争议，需核实1998年使用证登记的四至；申请人电话13812345678。"
D = dt.date


def _audit(db: Database, action: str) -> list[str]:
    with db.reader() as session:
        rows = session.exec(select(AuditRow.detail).where(AuditRow.action == action).order_by(col(AuditRow.id)))
        return [str(r) for r in rows]


def _case(db: Database) -> int:
    case_id = svc.register_case(db, make_case(2), REGISTERED_ON).id
    assert case_id is not None
    return case_id


def test_a_work_order_is_due_in_working_days_and_replied_to_once(db: Database) -> None:
    case_id = _case(db)
    order = workorders.issue_work_order(
        db, case_id, "国土所（自然资源所）", MATTER, "请派员测量", 3, "马德明", D(2026, 9, 30)
    )
    assert (order.seq, order.due_on) == (1, D(2026, 10, 10))  # National Day skipped, Saturday 10 October worked
    second = workorders.issue_work_order(db, case_id, "派出所", "双方推搡", "请出警", 1, "马德明", D(2026, 11, 6))
    assert (second.seq, second.due_on) == (2, D(2026, 11, 9))
    assert _audit(db, "发出工作联系单") == [
        "（2026）望京西园调字第1号-联1 致国土所（自然资源所）",
        "（2026）望京西园调字第1号-联2 致派出所",
    ]
    assert order.id is not None
    replied = workorders.record_work_order_reply(
        db, order.id, D(2026, 10, 9), "已测量，界址以1998年证为准", "李所长", D(2026, 10, 9)
    )
    assert replied.replied and workorders.case_work_orders(db, case_id)[0].reply == "已测量，界址以1998年证为准"
    with pytest.raises(ValidationError) as refused:
        workorders.record_work_order_reply(db, order.id, D(2026, 10, 9), "改一下", "李所长", D(2026, 10, 9))
    assert refused.value.errors[0].message == "此联系单已记录回复，不能再改"
    assert workorders.case_work_orders(db, case_id)[0].reply == "已测量，界址以1998年证为准"
    assert len(_audit(db, "记录协办回复")) == 1


def test_nothing_is_written_for_a_bad_order(db: Database) -> None:
    case_id = _case(db)
    with pytest.raises(ValidationError) as bad:
        workorders.issue_work_order(db, case_id, "", MATTER, "", 0, "马德明", D(2026, 11, 6))
    assert [e.path for e in bad.value.errors] == ["unit", "action", "limit_days"]
    with pytest.raises(UserFacingError, match="找不到该案件"):
        workorders.issue_work_order(db, case_id + 99, "派出所", MATTER, "请出警", 2, "马德明", D(2026, 11, 6))
    assert workorders.case_work_orders(db, case_id) == [] and _audit(db, "发出工作联系单") == []


def test_overdue_orders_are_in_todays_list_in_red(db: Database) -> None:
    case_id = _case(db)
    late = workorders.issue_work_order(
        db, case_id, "劳动保障监察大队", MATTER, "请核查欠薪", 2, "马德明", D(2026, 11, 2)
    )
    workorders.issue_work_order(db, case_id, "派出所", "双方推搡", "请出警", 60, "马德明", D(2026, 11, 2))
    items = [t for t in procedure.todo_list(db, D(2026, 11, 10)) if t.item.kind == workorders.DUE_KIND]
    assert [(t.case_id, t.item.due, t.item.overdue, t.item.urgency()) for t in items] == [
        (case_id, D(2026, 11, 4), True, "已逾期6天")
    ]
    assert "劳动保障监察大队" in items[0].item.text and "13812345678" not in items[0].item.text  # masked
    assert late.id is not None
    workorders.record_work_order_reply(db, late.id, D(2026, 11, 10), "已责令补发", "王队长", D(2026, 11, 10))
    assert not [t for t in procedure.todo_list(db, D(2026, 11, 10)) if t.item.kind == workorders.DUE_KIND]
    assert [line.status for line in workorders.work_order_lines(db, D(2026, 11, 10))] == ["待回复", "已回复"]


def test_the_export_reads_back_with_openpyxl(db: Database) -> None:
    case_id = _case(db)
    workorders.issue_work_order(
        db, case_id, "住房和城乡建设部门", MATTER, "请认定漏水责任", 5, "马德明", D(2026, 11, 2)
    )
    book = openpyxl.load_workbook(io.BytesIO(workorders.export_xlsx(db, D(2026, 11, 20))))
    rows = list(book["工作联系单"].iter_rows(values_only=True))
    assert rows[0] == workorders.EXPORT_HEADER
    assert rows[1][:4] == (
        "（2026）望京西园调字第1号-联1",
        "（2026）望京西园调字第1号",
        "刘䶮、吉𠮷祥邻里纠纷",
        "住房和城乡建设部门",
    )
    assert rows[1][6:11] == (5, "2026-11-02", "2026-11-09", "马德明", "已逾期11天")
    assert not ID_OR_MOBILE.search(str(rows[1][4])) and "宅基地东侧界址争议" in str(rows[1][4])
    assert _audit(db, "导出工作联系单") == ["1份"]


def test_the_unit_list_is_a_setting_with_shipped_defaults(db: Database) -> None:
    assert workorders.work_units(db)[0] == "派出所" and "国土所（自然资源所）" in workorders.work_units(db)
    assert workorders.save_work_units(db, ["  司法所 ", "", "派出所", "司法所"]) == ["司法所", "派出所"]
    assert workorders.work_units(db) == ["司法所", "派出所"]
    with pytest.raises(ValidationError, match="至少需要一个协办单位"):
        workorders.save_work_units(db, [" "])


def _receipt_text(db: Database, case_id: int) -> str:
    return squeeze(
        pdf_text(render(DatabaseStore(db), PrintJob.forms(case_id, ["acceptance_receipt"], today=REGISTERED_ON)))
    )


@needs_poppler
def test_the_receipt_tells_the_party_what_comes_next(db: Database) -> None:
    committee = make_committee()
    committee.phone = "010-64701234"
    svc.save_committee(db, committee)
    case_id = _case(db)
    text = _receipt_text(db, case_id)
    for expected in (
        "受理回执",
        "（2026）望京西园调字第1号",
        "马德明",
        "010-64701234",
        "二〇二六年十一月五日",
        "3个工作日内答复",
    ):
        assert expected in text, expected
    ctx = read(DatabaseStore(db), case_id, today=REGISTERED_ON)
    story = DocumentBuilder(load_form("acceptance_receipt"), ctx).build()
    codes = [f for f in _flatten(story) if isinstance(f, QrCode)]
    assert [c.value for c in codes] == ["（2026）望京西园调字第1号"]
    assert len(codes[0].modules) == 29 and codes[0].modules[0][:7] == [True] * 7  # a finder pattern
    procedure.accept(db, case_id, D(2026, 11, 3), today=D(2026, 11, 3))
    assert "二〇二六年十二月三日" in _receipt_text(db, case_id)  # accepted: the 30-day mediation limit


def _flatten(story: list[object]) -> list[object]:
    """Every flowable, table cell and drawing element inside the story."""
    out: list[object] = []
    for f in story:
        if isinstance(f, list | tuple):
            out += _flatten(list(f))
            continue
        out.append(f)
        out += _flatten([c for row in getattr(f, "_cellvalues", []) for c in row])
        out += _flatten([*getattr(f, "_content", []), *getattr(f, "contents", [])])
    return out


@needs_poppler
def test_a_work_order_prints_with_its_reply_place(db: Database) -> None:
    case_id = _case(db)
    workorders.issue_work_order(db, case_id, "派出所", "双方推搡", "请出警", 2, "马德明", D(2026, 11, 2))
    pdf = render(DatabaseStore(db), PrintJob.forms(case_id, ["work_order"], today=D(2026, 11, 2)))
    text = squeeze(pdf_text(pdf))
    for expected in (
        "工作联系单",
        "（2026）望京西园调字第1号-联1",
        "派出所",
        "二个工作日",
        "二〇二六年十一月四日",
        "协办单位回复",
    ):
        assert expected in text, expected
    assert pdf_text(pdf).count("\f") == 1  # one page
    assert Item("work_order", 0).work_order is None


@pytest.mark.sqlite_only
def test_an_older_file_gets_the_new_tables(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    shutil.copyfile(Path(__file__).parents[1] / "fixtures" / "schemas" / "schema-0008.sqlite3", path)
    db = svc.open_database(path)
    try:
        committee = svc.get_committee(db)
        assert committee is not None and committee.phone == ""
        case_id = svc.list_cases(db)[0].id
        order = workorders.issue_work_order(
            db, case_id, "司法所", "咨询", "请给予法律意见", 2, "马德明", D(2026, 11, 2)
        )
        assert workorders.case_work_orders(db, case_id) == [order]
    finally:
        db.close()


def test_the_command_lists_overdue_orders(db: Database, db_location: Path | str, run: object, tmp_path: Path) -> None:
    case_id = _case(db)
    today = dt.date.today()
    workorders.issue_work_order(
        db, case_id, "劳动保障监察大队", MATTER, "请核查欠薪", 2, "马德明", today - dt.timedelta(days=40)
    )
    workorders.issue_work_order(db, case_id, "派出所", "双方推搡", "请出警", 60, "马德明", today)
    code, out, _ = run("--db", str(db_location), "workorders", "--overdue")  # type: ignore[operator]
    assert code == 0 and "劳动保障监察大队" in out and "派出所" not in out and "已逾期" in out
    assert not ID_OR_MOBILE.search(out)
    code, out, _ = run("--db", str(db_location), "workorders", "--json", "-o", str(tmp_path / "联系单.xlsx"))  # type: ignore[operator]
    assert code == 0 and [r["协办单位"] for r in json.loads(out)] == ["劳动保障监察大队", "派出所"]
    assert (tmp_path / "联系单.xlsx").stat().st_size > 0
    code, _, err = run("--db", str(db_location), "workorders", "-o", str(tmp_path / "x.csv"))  # type: ignore[operator]
    assert code == 2 and ".xlsx" in err


def test_the_committee_phone_is_checked_where_it_enters(db: Database) -> None:
    committee = svc.get_committee(db)
    assert committee is not None
    committee.phone = "0" * 31
    with pytest.raises(ValidationError) as bad:
        svc.save_committee(db, committee)
    assert [e.path for e in bad.value.errors] == ["phone"]
    committee.phone = "010-64701234"
    assert svc.save_committee(db, committee).phone == "010-64701234"


def _referred_case() -> Case:
    case = make_case(2)
    case.source = CaseSource.COURT
    case.referral_court, case.referral_ref = "北京市朝阳区人民法院", "（2026）京0105民诉前调88号"
    return case


@needs_poppler
def test_the_referring_court_is_told_the_result_with_the_agreement(db: Database) -> None:
    case_id = docfixtures.agreement_case(db, _referred_case(), confirm=False)
    pdf = render(DatabaseStore(db), PrintJob.forms(case_id, ["referral_result_notice", "mediation_agreement"]))
    text = squeeze(pdf_text(pdf))
    for expected in ("委派调解结果告知书", "北京市朝阳区人民法院：", "（2026）京0105民诉前调88号", "自愿达成调解协议"):
        assert expected in text, expected
    assert "附：人民调解协议书一份" in text and "人民调解协议书" in text.split("特此告知")[1]


def test_no_result_and_no_referral_are_named_before_printing(db: Database) -> None:
    referred = svc.register_case(db, _referred_case(), REGISTERED_ON).id
    walk_in = _case(db)
    assert referred is not None
    with pytest.raises(PrintProblems) as pending:
        render(DatabaseStore(db), PrintJob.forms(referred, ["referral_result_notice"]))
    assert "还没有调解结果" in pending.value.problems[0].errors[0].message
    with pytest.raises(PrintProblems) as not_referred:
        render(DatabaseStore(db), PrintJob.forms(walk_in, ["referral_result_notice"]))
    assert [e.path for e in not_referred.value.errors] == ["referral_court", "status"]


@needs_poppler
def test_legal_support_sends_the_dispute_without_the_people(db: Database) -> None:
    case = make_case(2)
    a, b = (p.name for p in case.parties)
    case.facts = f"{a}称{b}占用通道，{a}电话13812345678，身份证110105196503150012。"
    case_id = svc.register_case(db, case, REGISTERED_ON).id
    assert case_id is not None
    summary = legal_support.draft_summary(db, case_id)
    assert a not in summary and b not in summary and "申请人甲称被申请人甲占用通道" in summary
    assert not ID_OR_MOBILE.search(summary) and "（姓名已隐去）" in summary
    with pytest.raises(ValidationError) as bad:
        legal_support.ask_legal_support(db, case_id, "", summary, " ", "马德明", D(2026, 11, 3))
    assert [e.path for e in bad.value.errors] == ["recipient", "question"]
    asked = legal_support.ask_legal_support(
        db, case_id, "12368诉讼服务热线", summary, "通道是否属于共有部分？", "马德明", D(2026, 11, 3)
    )
    assert asked.seq == 1 and asked.status() == "待答复" and asked.id is not None
    legal_support.record_legal_answer(db, asked.id, D(2026, 11, 5), "应查明不动产登记", "王法官", D(2026, 11, 5))
    with pytest.raises(ValidationError, match="已记录答复"):
        legal_support.record_legal_answer(db, asked.id, D(2026, 11, 5), "改", "王法官", D(2026, 11, 5))
    [stored] = legal_support.case_legal_support(db, case_id)
    assert (stored.answer, stored.answered_by, stored.status()) == (
        "应查明不动产登记",
        "王法官",
        "已答复（2026-11-05）",
    )
    assert _audit(db, "申请法律支持") == ["第1份 向12368诉讼服务热线"]  # the question's text stays out of the log
    pdf = render(DatabaseStore(db), PrintJob.forms(case_id, ["legal_support_request"], today=D(2026, 11, 5)))
    text = squeeze(pdf_text(pdf))
    assert "法律支持申请单" in text and "通道是否属于共有部分" in text and a not in text


def test_special_groups_are_served_first_and_marked(db: Database) -> None:
    cases = [make_case(2), make_case(2)]
    cases[0].registered_on, cases[1].registered_on = D(2026, 10, 1), D(2026, 10, 5)
    first = svc.register_case(db, cases[0], D(2026, 10, 1)).id
    elderly = svc.register_case(db, cases[1], D(2026, 10, 5)).id
    assert first is not None and elderly is not None
    for case_id, day in ((first, D(2026, 10, 1)), (elderly, D(2026, 10, 5))):
        procedure.accept(db, case_id, day, today=day)
    facts.save_stats(db, elderly, CaseStats(elderly=True, pregnant=True), D(2026, 10, 5))
    todo = [t for t in procedure.todo_list(db, D(2026, 11, 20)) if t.item.kind == "调解期限"]
    assert [(t.case_id, t.item.overdue, t.priority) for t in todo] == [
        (elderly, True, "老年人、孕产妇"),  # overdue by fewer days, but a special group: first
        (first, True, ""),
    ]
    rows = {r.id: r.priority for r in caselist.page(db)}
    assert rows == {first: "", elderly: "老年人、孕产妇"}


def test_a_closed_case_is_called_back_once_the_committee_asks_for_it(db: Database) -> None:
    case = make_case(2)
    case.registered_on = D(2026, 10, 1)
    case_id = svc.register_case(db, case, D(2026, 10, 1)).id
    assert case_id is not None
    visit = SatisfactionVisit(D(2026, 10, 20), "马德明", "刘䶮", "不满意")
    with pytest.raises(ValidationError) as open_case:
        satisfaction.record_satisfaction(db, case_id, visit, D(2026, 10, 20))
    assert [e.message for e in open_case.value.errors] == ["案件尚未结案，结案后才做满意度回访", "不满意的，请写明原因"]
    procedure.accept(db, case_id, D(2026, 10, 1), today=D(2026, 10, 1))
    procedure.terminate(db, case_id, "双方分歧较大", True, D(2026, 10, 10))
    assert satisfaction.satisfaction_days(db) == 7  # on by default (docs/linkage.md)
    satisfaction.save_satisfaction_days(db, 0)  # 不提醒: the committee turned it off
    assert not satisfaction.due_satisfaction(db, D(2026, 10, 20)) and _audit(db, "设置满意度回访时间") == ["不提醒"]
    satisfaction.save_satisfaction_days(db, 7)
    [due] = [t for t in procedure.todo_list(db, D(2026, 10, 20)) if t.item.kind == satisfaction.DUE_KIND]
    assert (due.case_id, due.item.due, due.item.urgency()) == (case_id, D(2026, 10, 17), "已逾期3天")
    assert not satisfaction.due_satisfaction(db, D(2026, 12, 1))  # a month past due: no longer useful
    visit.reason = "认为调解员偏向对方"
    satisfaction.record_satisfaction(db, case_id, visit, D(2026, 10, 20))
    assert [(v.result, v.reason) for v in satisfaction.case_satisfaction(db, case_id)] == [
        ("不满意", "认为调解员偏向对方")
    ]
    assert not satisfaction.due_satisfaction(db, D(2026, 10, 20)) and _audit(db, "满意度回访") == ["不满意"]
    with pytest.raises(ValidationError, match="应在1至60天之间"):
        satisfaction.save_satisfaction_days(db, 61)


def test_the_satisfaction_reminder_is_on_by_default_without_flooding_an_old_file(db: Database) -> None:
    closed = {}
    for closed_on in (D(2024, 3, 1), D(2026, 9, 1), D(2026, 10, 9), D(2026, 10, 14)):
        case = make_case(2)
        case.registered_on = closed_on - dt.timedelta(days=5)
        case_id = svc.register_case(db, case, case.registered_on).id
        assert case_id is not None
        procedure.accept(db, case_id, case.registered_on, today=case.registered_on)
        procedure.terminate(db, case_id, "双方分歧较大", True, closed_on)
        closed[closed_on] = case_id
    due = satisfaction.due_satisfaction(db, D(2026, 10, 20))  # no setting saved: 7 days after closing
    assert [(d.case_id, d.item.due) for d in sorted(due, key=lambda d: d.item.due)] == [
        (closed[D(2026, 10, 9)], D(2026, 10, 16)),
        (closed[D(2026, 10, 14)], D(2026, 10, 21)),
    ]  # not the case closed in 2024 nor the one due more than 30 days ago
    assert any(t.item.kind == satisfaction.DUE_KIND for t in procedure.todo_list(db, D(2026, 10, 20)))
