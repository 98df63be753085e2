"""Cases taken through the real services and procedure on a SQLite file, so that every document has
records to print: an agreement case at the court (investigation, two sessions, signatures, a visit,
the joint application), an oral-agreement case, a terminated case and a declined case.

Dates are fixed (the factories' November 2026) and passed to every service as `today`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from mediator_app.domain.model import Agreement, Case, CaseSource, Committee, PartyRole
from mediator_app.domain.records import RecordKind, ReturnVisit, StepRecord, TermCheck
from mediator_app.frozen import frozen
from mediator_app.services import cases as svc
from mediator_app.services import legal_support, workorders
from mediator_app.services import procedure as proc
from mediator_app.storage.database import Database
from tests.factories import REGISTERED_ON, SIGNED_ON, make_case, make_committee, make_person

D = dt.date
COURT = "北京市朝阳区人民法院"
INVESTIGATED_AT = dt.datetime(2026, 11, 3, 9, 30)
SESSIONS_AT = (dt.datetime(2026, 11, 10, 14, 0), dt.datetime(2026, 11, 20, 9, 0))
VISITED_ON = D(2026, 11, 22)
APPLIED_ON = D(2026, 11, 22)


@frozen
class Fixture:
    db: Database
    agreement: int  # written agreement, signed, visited, applied for confirmation
    oral: int
    terminated: int
    declined: int


def investigation(text: str = "") -> StepRecord:
    return StepRecord(
        kind=RecordKind.INVESTIGATION,
        held_at=INVESTIGATED_AT,
        place="望京西园三区102号楼3单元202室",
        staff="马德明",
        recorder="高晓燕",
        subject="吉𠮷祥",
        participants="物业公司维修工张国华",
        content=text
        or "问：你家卫生间什么时候开始漏水？\n答：今年十月初发现，防水层老化了，我一直想修。\n"
        "问：你是否同意赔偿楼下的损失？\n答：同意赔偿合理的修复费用。",
    )


def session(at: dt.datetime, text: str = "", result: str = "") -> StepRecord:
    return StepRecord(
        kind=RecordKind.SESSION,
        held_at=at,
        place="望京西园社区人民调解室",
        staff="马德明、林春梅",
        recorder="高晓燕",
        parties_present="刘䶮、吉𠮷祥、北京望京西园物业管理有限公司（孙丽）",
        participants="社区网格员王秀英",
        content=text
        or "人民调解员告知当事人权利义务，说明调解原则。申请人陈述：楼上漏水致房屋受损，"
        "要求赔偿修复费用12000元并拆除楼道储物棚。被申请人陈述：同意赔偿，但认为金额偏高。"
        "物业公司陈述：储物棚占用公共部位，应当拆除。",
        result=result or "经调解，各方同意被申请人赔偿修复费用12000元，并拆除储物棚，约定下次签署协议。",
    )


def visit(text: str = "") -> ReturnVisit:
    return ReturnVisit(
        visited_on=VISITED_ON,
        visitor="马德明",
        visited="刘䶮",
        satisfaction="满意",
        terms=[TermCheck(1, "未到期", text[:200] or "约定十二月底前付款"), TermCheck(2, "未到期")],
        new_risk=text or "无",
        note=text or "双方关系缓和，被申请人表示将按期付款并拆除储物棚。",
    )


def _register(db: Database, case: Case) -> int:
    saved = svc.register_case(db, case, today=case.registered_on)
    assert saved.id is not None
    return saved.id


def mediated(db: Database, case_id: int, day: dt.date | None = None) -> None:
    """Accepted and one mediation session recorded (on `day`, default the registration day): from here
    the agreement may be printed (PML Art. 28, procedure.print_stages)."""
    case = svc.get_case(db, case_id)
    day = day or case.registered_on
    at = dt.datetime.combine(day, dt.time(9, 30))
    choice = "当事人共同选择主持调解的调解员"
    for decision in (
        proc.accept(db, case_id, rights_notified_on=day, today=day),
        proc.record_session(db, case_id, session(at), today=day, mediator_choice=choice, publicity="不公开"),
    ):
        assert decision.allowed, decision.reason


def concluded(db: Database, case_id: int, day: dt.date | None = None) -> None:
    """`mediated`, then 达成书面协议: the stage the judicial-confirmation papers need (PML Art. 33)."""
    mediated(db, case_id, day)
    decision = proc.conclude_written(db, case_id, today=day or svc.get_case(db, case_id).registered_on)
    assert decision.allowed, decision.reason


def agreement_case(db: Database, case: Case | None = None, *, confirm: bool = True, text: str = "") -> int:
    """`text`: used for every record's contents instead of the usual short ones."""
    case = case or make_case()
    cid = _register(db, case)
    day = REGISTERED_ON
    proc.accept(db, cid, rights_notified_on=day, today=day)
    proc.record_investigation(db, cid, investigation(text), today=INVESTIGATED_AT.date())
    proc.record_session(
        db,
        cid,
        session(SESSIONS_AT[0], text, text),
        today=SESSIONS_AT[0].date(),
        mediator_choice="当事人共同选择马德明、林春梅主持调解",
        publicity="不公开",
    )
    proc.record_session(db, cid, session(SESSIONS_AT[1], text, text), today=SESSIONS_AT[1].date())
    proc.conclude_written(db, cid, today=SIGNED_ON)
    proc.record_signatures(db, cid, SIGNED_ON, SIGNED_ON, SIGNED_ON)
    proc.record_visit(db, cid, visit(text), today=VISITED_ON)
    order = workorders.issue_work_order(
        db, cid, "国土所（自然资源所）", text or "院墙界址需核实", text or "请派员测量", 3, "马德明", REGISTERED_ON
    )
    assert order.id is not None
    workorders.record_work_order_reply(db, order.id, REGISTERED_ON, text or "已测量", "李所长", REGISTERED_ON)
    asked = legal_support.ask_legal_support(
        db, cid, "法官工作站", text or "邻里排水纠纷", text or "排水沟的维修费用如何分担？", "马德明", REGISTERED_ON
    )
    assert asked.id is not None
    legal_support.record_legal_answer(db, asked.id, REGISTERED_ON, text or "按受益比例分担", "王法官", REGISTERED_ON)
    if confirm:
        proc.apply_confirmation(db, cid, COURT, [p.seq for p in case.parties], APPLIED_ON, today=APPLIED_ON)
    return cid


def _two_party_case(text: str = "") -> Case:
    parties = [
        make_person(1, PartyRole.APPLICANT, "张建国", D(1965, 4, 12), 11),
        make_person(2, PartyRole.RESPONDENT, "李秀英", D(1972, 8, 30), 22),
    ]
    return Case(
        dispute_type="邻里纠纷",
        source=CaseSource.OWN_INITIATIVE,
        registered_on=REGISTERED_ON,
        facts=text or "双方因院墙排水问题发生争执，互有推搡。",
        claims=text,
        parties=parties,
        mediators=["马德明"],
        recorder="高晓燕",
    )


def oral_case(db: Database, text: str = "", case: Case | None = None) -> int:
    cid = _register(db, case or _two_party_case(text))
    proc.accept(db, cid, rights_notified_on=REGISTERED_ON, today=REGISTERED_ON)
    proc.record_session(
        db,
        cid,
        session(SESSIONS_AT[0], text, text),
        mediator_choice="委员会指定",
        publicity="公开",
        today=SESSIONS_AT[0].date(),
    )
    svc.save_agreement(db, cid, Agreement(disputed_matters="排水沟改道"))
    proc.conclude_oral(
        db,
        cid,
        text or "被申请人当面赔礼道歉，并于十一月底前自费将排水沟改道；申请人表示谅解。",
        D(2026, 11, 10),
        today=D(2026, 11, 10),
    )
    return cid


def terminated_case(db: Database, text: str = "", case: Case | None = None) -> int:
    """A court's referral (委派调解) that failed: its result goes back to the court."""
    if case is None:
        case = _two_party_case(text)
        case.source = CaseSource.COURT
        case.referral_court, case.referral_ref = "北京市朝阳区人民法院", "（2026）京0105民诉前调88号"
    cid = _register(db, case)
    proc.accept(db, cid, rights_notified_on=REGISTERED_ON, today=REGISTERED_ON)
    proc.record_session(
        db,
        cid,
        session(SESSIONS_AT[0], text, text),
        mediator_choice="委员会指定",
        publicity="不公开",
        today=SESSIONS_AT[0].date(),
    )
    proc.terminate(
        db, cid, text or "双方分歧较大，经多次调解未能达成协议。", routes_notified=True, today=D(2026, 11, 12)
    )
    return cid


def declined_case(db: Database, text: str = "", case: Case | None = None) -> int:
    case = case or _two_party_case(text)
    case.source = CaseSource.APPLICATION
    cid = _register(db, case)
    proc.decline(db, cid, text or "该纠纷已由北京市朝阳区人民法院立案受理", today=REGISTERED_ON)
    return cid


def open_fixture_db(path: Path, committee: Committee | None = None) -> Database:
    db = svc.open_database(path)
    c = committee or make_committee()
    c.id = None
    c.phone = c.phone or "010-64701234"
    svc.save_committee(db, c)
    return db


def build(path: Path, text: str = "", case: Case | None = None) -> Fixture:
    """The four cases; `text` (and a `case` carrying it) for long-text layouts."""
    db = open_fixture_db(path)
    return Fixture(
        db, agreement_case(db, case, text=text), oral_case(db, text), terminated_case(db, text), declined_case(db, text)
    )


# Which fixture case each form is printed from.
CASE_FOR_FORM = {
    "oral_agreement_register": "oral",
    "termination_notice": "terminated",
    "referral_result_notice": "terminated",
    "decline_notice": "declined",
}


def case_for(fixture: Fixture, form_id: str) -> int:
    attribute = CASE_FOR_FORM.get(form_id, "agreement")
    value: int = getattr(fixture, attribute)
    return value
