"""The throw-away cases the screenshots show (tools/screenshot.py, tools/fit_check.py): a demo database
with the rare names 刘䶮 and 吉𠮷祥, and four cases at different points of the procedure, all written
through the real services and state machine."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mediator_app.domain.ids import id_check_char  # noqa: E402
from mediator_app.domain.model import Case, CaseSource, Party, PartyKind, PartyRole  # noqa: E402
from mediator_app.selftest import sample_case, sample_committee  # noqa: E402


def _id(first17: str) -> str:
    return first17 + id_check_char(first17)


def demo_cases() -> list[Case]:
    workers = ["张建国", "李卫东", "王小平", "赵铁柱", "孙志强", "周海涛", "吴春生", "郑大勇"]
    wage = Case(
        dispute_type="劳动争议纠纷",
        source=CaseSource.HOTLINE_12345,
        source_ref="12345-20241105-0031",
        registered_on=dt.date(2024, 1, 15),
        mediators=["王秀兰", "陈立新"],
        recorder="赵明",
        facts="申请人等8名工人在被申请人承包的和平街小区改造工程务工，2023年9月至12月工资共计人民币86400元未发放。",
        claims="请求被申请人支付拖欠的工资。",
        parties=[
            Party(
                seq=n,
                role=PartyRole.APPLICANT,
                kind=PartyKind.PERSON,
                name=name,
                id_number=_id(f"1301021980{n:02d}{10 + n:02d}{100 + 3 * n:03d}"),
                address="河北省石家庄市长安区",
            )
            for n, name in enumerate(workers, start=1)
        ]
        + [
            Party(
                seq=len(workers) + 1,
                role=PartyRole.RESPONDENT,
                kind=PartyKind.ORGANISATION,
                name="北京恒達建筑劳务有限公司",
                legal_rep="马德福",
                legal_rep_title="经理",
                address="北京市朝阳区望京街9号",
            )
        ],
    )
    family = Case(
        dispute_type="婚姻家庭纠纷",
        source=CaseSource.GRID,
        registered_on=dt.date(2024, 2, 20),
        mediators=["刘桂芳"],
        facts="三兄妹对母亲的赡养费分担和轮流照料安排发生争执。",
        parties=[
            Party(
                seq=1,
                role=PartyRole.APPLICANT,
                kind=PartyKind.PERSON,
                name="欧阳秀英",
                id_number=_id("11010519480612002"),
            ),
            Party(seq=2, role=PartyRole.RESPONDENT, kind=PartyKind.PERSON, name="欧阳建华"),
            Party(seq=3, role=PartyRole.RESPONDENT, kind=PartyKind.PERSON, name="欧阳建军"),
        ],
    )
    return [wage, family, sample_case()]


def build_demo_database(path: Path) -> None:
    from mediator_app.services import cases as svc

    db = svc.open_database(path)
    try:
        svc.save_committee(db, sample_committee())
        for case in demo_cases():
            svc.register_case(db, case)
    finally:
        db.close()


PROCEDURE_TODAY = dt.date(2026, 11, 20)
PROCEDURE_SIZE = (1366, 700)  # a maximised window on a 1366×768 screen (title and task bars): nothing may be cut off


def _at(day: dt.date, hour: int = 9, minute: int = 30) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute))


def build_procedure_database(path: Path) -> dict[str, int]:
    """Four cases at different points of the procedure on 2026-11-20, written through the services."""
    from mediator_app.domain.model import Term
    from mediator_app.domain.money import Money
    from mediator_app.domain.records import RecordKind, StepRecord
    from mediator_app.services import cases as svc
    from mediator_app.services import procedure as proc

    d = dt.date
    db = svc.open_database(path)
    try:
        svc.save_committee(db, sample_committee())
        ids: dict[str, int] = {}

        wage = demo_cases()[0]
        wage.registered_on = d(2026, 10, 10)
        ids["overdue"] = _saved_id(svc.register_case(db, wage, today=wage.registered_on))
        proc.accept(db, ids["overdue"], rights_notified_on=d(2026, 10, 12), today=d(2026, 10, 12))

        performing = sample_case()
        performing.registered_on = d(2026, 10, 8)
        performing.agreement = None
        cid = ids["performing"] = _saved_id(svc.register_case(db, performing, today=performing.registered_on))
        proc.accept(db, cid, rights_notified_on=d(2026, 10, 9), today=d(2026, 10, 9))
        proc.record_session(
            db,
            cid,
            StepRecord(
                RecordKind.SESSION,
                _at(d(2026, 10, 16)),
                "和平街社区人民调解室",
                "王秀兰",
                "赵明",
                "申请人陈述：楼上渗水致吊顶、墙面受损，要求修复防水层并赔偿3600元。被申请人陈述：同意修复防水层，赔偿金额可以商量。",
                parties_present="刘䶮、吉𠮷祥",
                result="双方同意由被申请人赔偿3600元并重做防水层，约定签订书面协议。",
            ),
            mediator_choice="当事人共同选择王秀兰",
            publicity="不公开",
            today=d(2026, 10, 16),
        )
        agreement = sample_case().agreement
        assert agreement is not None
        agreement.signed_on = d(2026, 10, 22)
        agreement.terms = [
            Term(
                seq=1,
                obligor=2,
                obligee=1,
                action="支付吊顶和墙面修复费用",
                amount=Money(360_000),
                deadline=d(2026, 11, 15),
                manner="银行转账",
            ),
            Term(
                seq=2,
                obligor=2,
                obligee=None,
                action="请有资质的施工单位重做卫生间防水层",
                deadline=d(2026, 12, 20),
                manner="自行委托施工",
                place="和平街15号楼3单元301室",
            ),
        ]
        svc.save_agreement(db, cid, agreement)
        proc.conclude_written(db, cid, today=d(2026, 10, 22))
        proc.record_signatures(db, cid, d(2026, 10, 23), d(2026, 10, 23), d(2026, 10, 24))
        proc.start_performance(db, cid, today=d(2026, 10, 24))

        mediating = sample_case()
        mediating.registered_on, mediating.agreement = d(2026, 11, 2), None
        mediating.parties[0].name, mediating.parties[1].name = "欧阳秀英", "张建华"
        mediating.parties[1].representatives = []
        mediating.facts = "被申请人在共用楼道堆放杂物并搭建储物棚，阻碍通行，申请人多次要求清理未果。"
        mediating.claims = "请求被申请人拆除储物棚、清理楼道杂物。"
        cid = ids["mediating"] = _saved_id(svc.register_case(db, mediating, today=mediating.registered_on))
        proc.accept(db, cid, rights_notified_on=d(2026, 11, 3), today=d(2026, 11, 3))
        proc.record_investigation(
            db,
            cid,
            StepRecord(
                RecordKind.INVESTIGATION,
                _at(d(2026, 11, 5), 15),
                "和平街15号楼3单元楼道",
                "王秀兰",
                "赵明",
                "问：储物棚是什么时候搭的？\n答：今年夏天搭的，放些旧家具。\n问：是否影响邻居通行？\n答：留了一人宽的通道。",
                subject="张建华",
                participants="楼门长李桂芝",
            ),
            today=d(2026, 11, 5),
        )
        proc.record_session(
            db,
            cid,
            StepRecord(
                RecordKind.SESSION,
                _at(d(2026, 11, 10)),
                "和平街社区人民调解室",
                "王秀兰",
                "赵明",
                "申请人陈述：储物棚堵住楼道，老人上下楼不便，也有消防隐患。被申请人陈述：东西暂时没地方放。",
                parties_present="欧阳秀英、张建华",
                participants="楼门长李桂芝",
                result="被申请人同意考虑清理，双方约定一周后再调。",
            ),
            mediator_choice="当事人共同选择王秀兰",
            publicity="公开",
            today=d(2026, 11, 10),
        )
        proc.record_session(
            db,
            cid,
            StepRecord(
                RecordKind.SESSION,
                _at(d(2026, 11, 17)),
                "和平街社区人民调解室",
                "王秀兰",
                "赵明",
                "调解员讲解了《消防法》关于不得占用、堵塞疏散通道的规定。被申请人表示愿意拆除储物棚，请求给予十天时间。",
                parties_present="欧阳秀英、张建华",
                result="双方同意被申请人于11月30日前拆除储物棚，待签订书面协议。",
            ),
            today=d(2026, 11, 17),
        )

        signing = sample_case()
        signing.registered_on = d(2026, 11, 12)
        signing.parties[0].name, signing.parties[1].name = "孙桂兰", "周海涛"
        signing.parties[1].representatives = []
        signing.agreement = None
        cid = ids["signing"] = _saved_id(svc.register_case(db, signing, today=signing.registered_on))
        proc.accept(db, cid, rights_notified_on=d(2026, 11, 12), today=d(2026, 11, 12))
        proc.record_session(
            db,
            cid,
            StepRecord(
                RecordKind.SESSION,
                _at(d(2026, 11, 19)),
                "和平街社区人民调解室",
                "王秀兰",
                "赵明",
                "申请人陈述：楼上渗水致吊顶受损。被申请人陈述：同意赔偿并修复。",
                parties_present="孙桂兰、周海涛",
                result="达成协议。",
            ),
            mediator_choice="当事人共同选择王秀兰",
            publicity="不公开",
            today=d(2026, 11, 19),
        )
        agreement = sample_case().agreement
        assert agreement is not None
        agreement.signed_on = d(2026, 11, 19)
        agreement.terms = [
            Term(
                seq=1,
                obligor=2,
                obligee=1,
                action="支付吊顶和墙面修复费用",
                amount=Money(360_000),
                deadline=d(2026, 12, 31),
                manner="银行转账",
            )
        ]
        svc.save_agreement(db, cid, agreement)
        proc.conclude_written(db, cid, today=d(2026, 11, 19))

        fresh = sample_case()
        fresh.registered_on, fresh.agreement = PROCEDURE_TODAY, None
        ids["registered"] = _saved_id(svc.register_case(db, fresh, today=PROCEDURE_TODAY))
        return ids
    finally:
        db.close()


def _saved_id(case: Case) -> int:
    assert case.id is not None
    return case.id
