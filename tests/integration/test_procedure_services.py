"""The procedure through the services on a real SQLite file: each step written with its history,
refusals writing nothing, and what the case view is told at each stage."""

from __future__ import annotations

import datetime as dt

import pytest

from mediator_app.domain.ids import id_check_char
from mediator_app.domain.model import (
    Agreement,
    Case,
    CaseSource,
    Committee,
    Party,
    PartyKind,
    PartyRole,
    Term,
)
from mediator_app.domain.money import Money
from mediator_app.domain.records import RecordKind, ReturnVisit, StepRecord, TermCheck
from mediator_app.domain.stages import Event, Stage
from mediator_app.domain.statistics import Confirmation
from mediator_app.errors import ValidationError
from mediator_app.services import cases as svc
from mediator_app.services import procedure as proc
from mediator_app.storage.database import Database
from tests.engines import sql

D = dt.date
DAY0 = D(2026, 11, 2)


pytestmark = [pytest.mark.usefixtures("committee_db"), pytest.mark.engines]  # `db` holds the committee below


@pytest.fixture
def committee() -> Committee:
    return Committee(name="东湖村人民调解委员会", short_name="东湖")


def _party(seq: int, name: str, role: PartyRole) -> Party:
    first17 = f"36042619800101{seq:03d}"
    return Party(
        seq=seq,
        role=role,
        kind=PartyKind.PERSON,
        name=name,
        id_number=first17 + id_check_char(first17),
        address="东湖村三组",
        phone="13800138000",
    )


def _register(db: Database) -> int:
    case = Case(
        dispute_type="邻里纠纷",
        source=CaseSource.APPLICATION,
        registered_on=DAY0,
        facts="楼上卫生间漏水致楼下天花板受损。",
        parties=[_party(1, "张三", PartyRole.APPLICANT), _party(2, "李四", PartyRole.RESPONDENT)],
        mediators=["王德明"],
        recorder="赵小红",
    )
    saved = svc.register_case(db, case, today=DAY0)
    assert saved.id is not None
    return saved.id


def _record(kind: RecordKind, day: dt.date) -> StepRecord:
    return StepRecord(
        kind=kind,
        held_at=dt.datetime(day.year, day.month, day.day, 9, 30),
        place="村调解室",
        staff="王德明",
        recorder="赵小红",
        content="双方陈述事实。",
        parties_present="张三、李四",
        result="初步同意赔偿" if kind is RecordKind.SESSION else "",
        subject="李四" if kind is RecordKind.INVESTIGATION else "",
    )


def _actions(db: Database, case_id: int, today: dt.date) -> dict[Event, proc.ActionState]:
    return {a.event: a for a in proc.workflow(db, case_id, today).actions}


def test_walk_in_case_to_archive(db: Database) -> None:
    cid = _register(db)
    view = proc.workflow(db, cid, DAY0)
    assert view.stage is Stage.REGISTERED and view.step == 0 and "受理" in view.next_hint
    assert _actions(db, cid, DAY0)[Event.ACCEPT].enabled

    proc.accept(db, cid, rights_notified_on=DAY0, today=DAY0)
    assert svc.get_case(db, cid).accepted_on == DAY0
    acts = _actions(db, cid, DAY0)
    assert acts[Event.MEDIATE].enabled and acts[Event.INVESTIGATE].enabled
    assert [i.kind for i in proc.workflow(db, cid, DAY0).due] == ["调解期限"]

    proc.record_investigation(db, cid, _record(RecordKind.INVESTIGATION, D(2026, 11, 3)), today=D(2026, 11, 3))
    proc.record_session(
        db,
        cid,
        _record(RecordKind.SESSION, D(2026, 11, 5)),
        mediator_choice="双方共同选择王德明",
        publicity="不公开",
        today=D(2026, 11, 5),
    )
    proc.record_session(db, cid, _record(RecordKind.SESSION, D(2026, 11, 9)), today=D(2026, 11, 9))

    # the agreement cannot be concluded before its terms are clear (PML Art. 29)
    acts = _actions(db, cid, D(2026, 11, 9))
    assert not acts[Event.CONCLUDE_WRITTEN].enabled and "第二十九条" in acts[Event.CONCLUDE_WRITTEN].reason
    svc.save_agreement(
        db,
        cid,
        Agreement(
            disputed_matters="维修费用承担",
            terms=[
                Term(seq=1, obligor=2, obligee=1, action="支付维修费", deadline=D(2026, 11, 30), amount=Money(300_000))
            ],
            signed_on=D(2026, 11, 9),
        ),
    )
    proc.conclude_written(db, cid, today=D(2026, 11, 9))

    acts = _actions(db, cid, D(2026, 11, 9))
    assert not acts[Event.START_PERFORMANCE].enabled and "签署日期" in acts[Event.START_PERFORMANCE].reason
    proc.record_signatures(db, cid, D(2026, 11, 9), D(2026, 11, 9), D(2026, 11, 10))
    assert proc.workflow(db, cid, D(2026, 11, 10)).state.effective_on == D(2026, 11, 10)
    proc.start_performance(db, cid, today=D(2026, 11, 10))
    due = {i.kind: i for i in proc.workflow(db, cid, D(2026, 11, 22)).due}
    assert due["履行期限"].due == D(2026, 11, 30) and due["司法确认期限"].due == D(2026, 12, 10)

    visit = ReturnVisit(
        visited_on=D(2026, 12, 1), visitor="王德明", visited="张三", satisfaction="满意", terms=[TermCheck(1, "已履行")]
    )
    proc.record_visit(db, cid, visit, today=D(2026, 12, 1))
    view = proc.workflow(db, cid, D(2026, 12, 1))
    assert "履行期限" not in {i.kind for i in view.due} and view.visits[0].terms[0].status == "已履行"
    proc.archive(db, cid, today=D(2026, 12, 2))

    view = proc.workflow(db, cid, D(2026, 12, 2))
    assert view.stage is Stage.ARCHIVED and view.step == len(view.steps) - 1
    assert [(t.event, t.from_stage, t.to_stage) for t in view.history] == [
        ("受理", "登记", "受理"),
        ("记录调查", "受理", "调查"),
        ("记录调解", "调查", "调解中"),
        ("记录调解", "调解中", "调解中"),
        ("达成书面协议", "调解中", "达成书面协议"),
        ("开始履行监督", "达成书面协议", "履行中"),
        ("记录回访", "履行中", "回访"),
        ("结案归档", "回访", "结案归档"),
    ]
    assert [r.kind for r in view.records] == [RecordKind.INVESTIGATION, RecordKind.SESSION, RecordKind.SESSION]
    assert svc.list_cases(db)[0].status == "结案归档"


def test_refusal_leads_to_termination_with_routes_notified(db: Database) -> None:
    cid = _register(db)
    proc.accept(db, cid, rights_notified_on=DAY0, today=DAY0)
    proc.record_refusal(db, cid, "被申请人李四当面明确表示不同意调解")
    acts = _actions(db, cid, DAY0)
    assert not acts[Event.MEDIATE].enabled and "第十七条" in acts[Event.MEDIATE].reason
    assert acts[Event.TERMINATE].enabled
    with pytest.raises(proc.ProcedureRefused, match="第十七条"):
        proc.record_session(
            db, cid, _record(RecordKind.SESSION, DAY0), mediator_choice="x", publicity="公开", today=DAY0
        )
    with pytest.raises(proc.ProcedureRefused, match="第二十六条"):
        proc.terminate(db, cid, "当事人拒绝调解", routes_notified=False, today=DAY0)
    view = proc.workflow(db, cid, DAY0)
    assert view.stage is Stage.ACCEPTED and view.records == () and len(view.history) == 1  # nothing written
    proc.terminate(db, cid, "当事人拒绝调解", routes_notified=True, today=DAY0)
    view = proc.workflow(db, cid, DAY0)
    assert view.stage is Stage.TERMINATED and view.history[-1].note == "当事人拒绝调解"
    assert view.state.routes_notified
    proc.archive(db, cid, today=DAY0)
    assert proc.workflow(db, cid, DAY0).stage is Stage.ARCHIVED


def test_escalation_risk_must_be_reported_before_mediating(db: Database) -> None:
    cid = _register(db)
    proc.record_risk(db, cid, True, None, "")
    acts = _actions(db, cid, DAY0)
    assert not acts[Event.ACCEPT].enabled and "第二十五条" in acts[Event.ACCEPT].reason
    with pytest.raises(Exception, match="公安机关或有关部门"):
        proc.record_risk(db, cid, True, DAY0, "")
    proc.record_risk(db, cid, True, DAY0, "东湖派出所")
    assert _actions(db, cid, DAY0)[Event.ACCEPT].enabled


def test_confirmation_only_joint_and_within_window(db: Database) -> None:
    cid = _register(db)
    proc.accept(db, cid, rights_notified_on=DAY0, today=DAY0)
    proc.record_session(
        db, cid, _record(RecordKind.SESSION, DAY0), mediator_choice="委员会指定", publicity="公开", today=DAY0
    )
    svc.save_agreement(
        db,
        cid,
        Agreement(
            disputed_matters="赔偿",
            terms=[
                Term(seq=1, obligor=2, obligee=1, action="支付赔偿款", deadline=D(2026, 12, 31), amount=Money(100_000))
            ],
        ),
    )
    proc.conclude_written(db, cid, today=DAY0)
    proc.record_signatures(db, cid, DAY0, DAY0, DAY0)
    with pytest.raises(proc.ProcedureRefused, match=r"共同申请.*李四"):
        proc.apply_confirmation(db, cid, "东湖区人民法院", [1], D(2026, 11, 10), today=D(2026, 11, 10))
    with pytest.raises(proc.ProcedureRefused, match="期限已于"):
        proc.apply_confirmation(db, cid, "东湖区人民法院", [1, 2], D(2026, 12, 10), today=D(2026, 12, 10))
    d = proc.apply_confirmation(db, cid, "东湖区人民法院", [1, 2], D(2026, 11, 28), today=D(2026, 11, 28))
    assert any("即将届满" in w for w in d.warnings)
    proc.record_confirmation_result(
        db, cid, Confirmation.CONFIRMED, D(2026, 12, 5), "（2026）东0102民特12号", today=D(2026, 12, 5)
    )
    assert proc.workflow(db, cid, D(2026, 12, 5)).stage is Stage.CONFIRMED


def test_oral_agreement_needs_content_and_cannot_be_confirmed(db: Database) -> None:
    cid = _register(db)
    proc.accept(db, cid, rights_notified_on=DAY0, today=DAY0)
    proc.record_session(
        db, cid, _record(RecordKind.SESSION, DAY0), mediator_choice="委员会指定", publicity="公开", today=DAY0
    )
    with pytest.raises(proc.ProcedureRefused, match="第二十八条"):
        proc.conclude_oral(db, cid, " ", DAY0, today=DAY0)
    proc.conclude_oral(db, cid, "李四当场向张三赔礼道歉", DAY0, today=DAY0)
    acts = _actions(db, cid, DAY0)
    assert not acts[Event.APPLY_CONFIRMATION].enabled and "第三十三条" in acts[Event.APPLY_CONFIRMATION].reason


def test_reopen_is_an_explicit_recorded_act(db: Database) -> None:
    cid = _register(db)
    proc.decline(db, cid, "该纠纷已由人民法院受理", today=DAY0)
    proc.archive(db, cid, today=DAY0)
    with pytest.raises(proc.UserFacingError, match="已归档"):
        proc.record_refusal(db, cid, "x")
    with pytest.raises(proc.ProcedureRefused, match="理由"):
        proc.reopen(db, cid, "", today=DAY0)
    proc.reopen(db, cid, "法院退回，当事人重新申请", today=DAY0)
    view = proc.workflow(db, cid, DAY0)
    assert view.stage is Stage.DECLINED and view.history[-1].note == "法院退回，当事人重新申请"
    assert view.state.archived_from == "" and view.state.archived_on is None  # written with the transition


def test_extension_needs_both_parties_consent(db: Database) -> None:
    cid = _register(db)
    proc.accept(db, cid, rights_notified_on=DAY0, today=DAY0)
    with pytest.raises(proc.UserFacingError, match="双方当事人同意"):
        proc.extend_mediation(db, cid, 15, both_parties_consent=False)
    proc.extend_mediation(db, cid, 15, both_parties_consent=True)
    due = proc.workflow(db, cid, DAY0).due
    assert due[0].due == DAY0 + dt.timedelta(days=45)


def test_todo_list_across_cases(db: Database) -> None:
    a, b = _register(db), _register(db)
    proc.accept(db, a, rights_notified_on=D(2026, 10, 1), today=D(2026, 10, 1))
    proc.accept(db, b, rights_notified_on=D(2026, 11, 20), today=D(2026, 11, 20))
    items = proc.todo_list(db, D(2026, 11, 22))
    assert [(t.case_id, t.item.kind, t.item.overdue) for t in items] == [(a, "调解期限", True)]
    assert items[0].number == "（2026）东湖调字第1号" and "张三" in items[0].title
    assert [t.case_id for t in proc.todo_list(db, D(2026, 12, 15))] == [a, b]


def test_terms_cannot_change_after_written_agreement_concluded(db: Database) -> None:
    cid = _register(db)
    proc.accept(db, cid, rights_notified_on=DAY0, today=DAY0)
    proc.record_session(
        db, cid, _record(RecordKind.SESSION, DAY0), mediator_choice="委员会指定", publicity="公开", today=DAY0
    )
    agreement = Agreement(
        disputed_matters="赔偿",
        terms=[Term(seq=1, obligor=2, obligee=1, action="支付赔偿款", deadline=D(2026, 12, 31), amount=Money(100_000))],
    )
    svc.save_agreement(db, cid, agreement)
    proc.conclude_written(db, cid, today=DAY0)
    agreement.terms[0].amount = Money(1)
    with pytest.raises(proc.UserFacingError, match="不能再修改协议条款"):
        svc.save_agreement(db, cid, agreement)
    stored = svc.get_case(db, cid).agreement
    assert stored is not None and stored.terms[0].amount == Money(100_000)


def _agreed(db: Database) -> int:
    cid = _register(db)
    proc.accept(db, cid, rights_notified_on=DAY0, today=DAY0)
    proc.record_session(
        db, cid, _record(RecordKind.SESSION, DAY0), mediator_choice="委员会指定", publicity="公开", today=DAY0
    )
    svc.save_agreement(
        db,
        cid,
        Agreement(
            disputed_matters="赔偿",
            terms=[
                Term(seq=1, obligor=2, obligee=1, action="支付赔偿款", deadline=D(2026, 12, 31), amount=Money(100_000))
            ],
        ),
    )
    proc.conclude_written(db, cid, today=DAY0)
    proc.record_signatures(db, cid, DAY0, DAY0, D(2026, 11, 10))
    return cid


def test_confirmation_window_is_met_by_the_day_the_parties_applied(db: Database) -> None:
    cid = _agreed(db)  # effective 11-10: the window ends on 12-10
    preview = proc.confirmation_preview(db, cid, [1], D(2026, 12, 8), today=D(2026, 12, 14))
    assert preview.last_day == D(2026, 12, 10) and preview.court == ""
    assert [r.fact for r in preview.refusals] == ["applicants_missing"]
    assert any("即将届满" in w for w in preview.warnings)
    late = proc.confirmation_preview(db, cid, [1, 2], D(2026, 12, 14), today=D(2026, 12, 14))
    assert [r.fact for r in late.refusals] == ["today"] and "12月10日届满" in late.refusals[0].message
    with pytest.raises(ValidationError) as refused:
        proc.apply_confirmation(db, cid, " ", [1, 2], D(2026, 12, 8), today=D(2026, 12, 14))
    assert refused.value.errors[0].path == "court"
    # entered on the 14th, applied on the 8th: within the window
    proc.apply_confirmation(db, cid, "东湖区人民法院", [1, 2], D(2026, 12, 8), today=D(2026, 12, 14))
    view = proc.workflow(db, cid, D(2026, 12, 14))
    assert view.stage is Stage.CONFIRMATION_APPLIED and view.state.confirmation_applied_on == D(2026, 12, 8)
    again = proc.confirmation_preview(db, cid, [1, 2], D(2026, 12, 14), today=D(2026, 12, 14))
    assert again.court == "东湖区人民法院"


def test_acceptance_without_the_rights_notified_is_refused_and_names_the_fact(db: Database) -> None:
    cid = _register(db)
    with pytest.raises(proc.ProcedureRefused) as refused:
        proc.accept(db, cid, rights_notified_on=None, today=DAY0)
    assert [r.fact for r in refused.value.decision.refusals] == ["rights_notified"]
    assert svc.get_case(db, cid).accepted_on is None


def test_records_are_checked_before_anything_is_written(db: Database) -> None:
    cid = _register(db)
    proc.accept(db, cid, rights_notified_on=DAY0, today=DAY0)
    empty = StepRecord(
        kind=RecordKind.SESSION, held_at=dt.datetime(2026, 11, 30, 9), place="", staff="", recorder="", content=" "
    )
    with pytest.raises(ValidationError) as invalid:
        proc.record_session(db, cid, empty, mediator_choice="委员会指定", publicity="公开", today=DAY0)
    assert {e.path for e in invalid.value.errors} == {
        "held_at",
        "place",
        "staff",
        "parties_present",
        "content",
        "result",
    }
    visit = ReturnVisit(visited_on=DAY0, visitor="王德明", visited="", satisfaction="", terms=[TermCheck(1, "")])
    with pytest.raises(ValidationError) as invalid:
        proc.record_visit(db, cid, visit, today=DAY0)
    assert {e.path for e in invalid.value.errors} == {"visited", "satisfaction", "terms[0].status"}
    view = proc.workflow(db, cid, DAY0)
    assert view.records == () and view.visits == () and view.state.mediator_choice == ""


def test_actions_list_their_refusals_one_by_one(db: Database) -> None:
    cid = _register(db)
    proc.record_refusal(db, cid, "李四拒绝")
    proc.record_risk(db, cid, True, None, "")
    accept = _actions(db, cid, DAY0)[Event.ACCEPT]
    assert [r.fact for r in accept.refusals] == ["refusal_recorded", "risk_reported_on"]
    assert accept.reason == "；".join(str(r) for r in accept.refusals)


def test_refusal_recorded_by_mistake_can_be_withdrawn_with_a_reason(db: Database) -> None:
    cid = _register(db)
    proc.accept(db, cid, rights_notified_on=DAY0, today=DAY0)
    with pytest.raises(proc.UserFacingError, match="没有记录"):
        proc.withdraw_refusal(db, cid, "误记")
    proc.record_refusal(db, cid, "李四表示不同意调解")
    with pytest.raises(proc.ValidationError):
        proc.withdraw_refusal(db, cid, " ")
    assert not _actions(db, cid, DAY0)[Event.MEDIATE].enabled
    proc.withdraw_refusal(db, cid, "误记，实为李四要求改期")
    assert _actions(db, cid, DAY0)[Event.MEDIATE].enabled
    with db.engine.connect() as conn:
        action, detail = conn.exec_driver_sql(
            sql(db, "SELECT action, detail FROM audit_log WHERE case_id = ? ORDER BY id DESC LIMIT 1"), (cid,)
        ).one()
    assert action == "撤回拒绝调解记录" and "李四表示不同意调解" in detail and "误记" in detail


def test_a_court_that_does_not_accept_the_application_is_its_own_outcome(db: Database) -> None:
    from mediator_app.services.procedure_view import NEXT_HINT
    from mediator_app.services.statistics import facts, workflow
    from mediator_app.services.statistics.period import Kind, Period

    cid = _agreed(db)  # effective 11-10: the 30 days end on 12-10
    proc.apply_confirmation(db, cid, "西湖区人民法院", [1, 2], D(2026, 11, 12), today=D(2026, 11, 12))
    proc.record_confirmation_result(
        db, cid, Confirmation.NOT_ACCEPTED, D(2026, 11, 16), "（2026）西0106民特5号", today=D(2026, 11, 16)
    )
    view = proc.workflow(db, cid, D(2026, 11, 16))
    assert view.stage is Stage.CONFIRMATION_NOT_ACCEPTED
    assert [i.due for i in view.due if i.kind == "司法确认期限"] == [D(2026, 12, 10)]  # to apply elsewhere
    assert (view.state.confirmation_decided_on, view.state.court_case_number) == (
        D(2026, 11, 16),
        "（2026）西0106民特5号",
    )
    stats = facts.get_stats(db, cid)
    assert (stats.confirmation, stats.confirmation_ruled_on, stats.confirmation_ruling) == (
        Confirmation.NOT_ACCEPTED,
        D(2026, 11, 16),
        "（2026）西0106民特5号",
    )
    assert "有管辖权的人民法院" in NEXT_HINT[Stage.CONFIRMATION_NOT_ACCEPTED]
    report = workflow.generate(db, Period(Kind.MONTHLY, 2026, 11), D(2026, 11, 30))
    figures = {row[0]: row[1] for row in report.table("综合情况").rows}
    # applied once; neither confirmed nor rejected on the merits: counted as not accepted
    assert [figures[f"司法确认：{k}"] for k in ("申请", "确认有效", "驳回", "不予受理")] == [1, 0, 0, 1]
    assert not any("司法确认" in p for p in report.problems)
    # the parties apply to the competent court within the 30 days; after them, they may not
    acts = _actions(db, cid, D(2026, 11, 20))
    assert acts[Event.APPLY_CONFIRMATION].enabled and acts[Event.MEDIATE].enabled
    proc.apply_confirmation(db, cid, "东湖区人民法院", [1, 2], D(2026, 11, 20), today=D(2026, 11, 20))
    proc.record_confirmation_result(
        db, cid, Confirmation.CONFIRMED, D(2026, 11, 27), "（2026）东0102民特9号", today=D(2026, 11, 27)
    )
    assert proc.workflow(db, cid, D(2026, 11, 27)).stage is Stage.CONFIRMED
    assert facts.get_stats(db, cid).confirmation is Confirmation.CONFIRMED
