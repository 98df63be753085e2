"""`mediator-app --self-test`: prove an installed (or frozen) program can do its core job without a screen.

Opens a temporary SQLite file (running the Alembic migrations), saves a committee and a two-party
case with an agreement, checks that the 人民调解协议书 is refused while the case is at 登记 (PML Art. 28),
takes the case through 受理 and 调解 to 达成书面协议 by the procedure's own steps, prints the agreement
through the printing service and checks the PDF.
Uses only services and domain (no Qt), so it runs on a build server. The sample case below is also
the demo data for screenshots; its names carry the rare characters 䶮 (Ext A) and 𠮷 (Ext B) that fonts most often lack.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from mediator_app.domain.model import (
    Agreement,
    Case,
    CaseSource,
    Committee,
    IdType,
    Party,
    PartyKind,
    PartyRole,
    Representative,
    RepresentativeKind,
    Term,
)
from mediator_app.domain.money import Money
from mediator_app.domain.records import RecordKind, StepRecord

if TYPE_CHECKING:
    from mediator_app.services.printing import DatabaseStore, PrintJob
    from mediator_app.storage.database import Database

MIN_PDF_BYTES = 5_000


def sample_committee() -> Committee:
    return Committee(
        name="北京市朝阳区和平街道人民调解委员会",
        short_name="朝和",
        address="北京市朝阳区和平街12号",
        court="北京市朝阳区人民法院",
    )


def sample_case() -> Case:
    """A leaking-floor dispute between neighbours, agreed with two payment terms."""
    return Case(
        dispute_type="邻里纠纷",
        source=CaseSource.APPLICATION,
        registered_on=dt.date(2024, 3, 4),
        facts=(
            "被申请人家卫生间防水层老化，2024年2月起多次向楼下申请人家渗水，致申请人家卫生间吊顶、"
            "墙面受损。双方多次协商未果，申请人来调解委员会申请调解。"
        ),
        claims="请求被申请人修复防水层，赔偿吊顶和墙面修复费用人民币3600元。",
        mediators=["王秀兰"],
        recorder="赵明",
        parties=[
            Party(
                seq=1,
                role=PartyRole.APPLICANT,
                kind=PartyKind.PERSON,
                name="刘䶮",
                id_type=IdType.RESIDENT_ID,
                id_number="110105196503151020",
                ethnicity="汉族",
                occupation="退休职工",
                address="北京市朝阳区和平街15号楼3单元201室",
                phone="13812345678",
            ),
            Party(
                seq=2,
                role=PartyRole.RESPONDENT,
                kind=PartyKind.PERSON,
                name="吉𠮷祥",
                id_type=IdType.RESIDENT_ID,
                id_number="130102198801013519",
                ethnicity="汉族",
                occupation="个体经营",
                address="北京市朝阳区和平街15号楼3单元301室",
                phone="13987654321",
                representatives=[
                    Representative(
                        kind=RepresentativeKind.AGENT,
                        name="吉大海",
                        id_number="110105197208082047",
                        phone="13600001111",
                        relation="兄妹",
                    )
                ],
            ),
        ],
        agreement=Agreement(
            disputed_matters="楼上卫生间渗水造成楼下吊顶、墙面损坏的修复与赔偿。",
            responsibilities="被申请人对渗水造成的损失承担全部责任；申请人应为维修提供便利。",
            breach_clause="被申请人逾期未支付的，申请人可就未付款项向人民法院申请强制执行。",
            signed_on=dt.date(2024, 3, 11),
            terms=[
                Term(
                    seq=1,
                    obligor=2,
                    obligee=1,
                    action="支付吊顶和墙面修复费用",
                    amount=Money(360_000),
                    deadline=dt.date(2024, 3, 31),
                    manner="银行转账",
                    place="",
                ),
                Term(
                    seq=2,
                    obligor=2,
                    obligee=None,
                    action="请有资质的施工单位重做卫生间防水层",
                    deadline=dt.date(2024, 4, 30),
                    manner="自行委托施工",
                    place="和平街15号楼3单元301室",
                ),
            ],
        ),
    )


def _page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def _check_fonts() -> str:
    try:
        from mediator_app.documents.fonts import font_files
    except ImportError as exc:
        raise RuntimeError(f"缺少字体模块 font module missing: {exc}") from exc
    from mediator_app import fontpack

    files = font_files()
    missing = [str(f) for f in files if not Path(f).is_file()]
    if not files or missing:
        raise RuntimeError(f"缺少字体文件 font files missing: {missing or 'none listed'}")
    packed = [fontpack.manifest(f) for f in files if fontpack.is_packed(f)]  # unpacked only when needed
    return f"{len(files)} fonts" + (f" ({len(packed)} packed)" if packed else "")


def _check_refused_at_registration(store: DatabaseStore, job: PrintJob) -> None:
    """An agreement of a case not yet mediated is a paper a court sends back: printing must refuse it."""
    from mediator_app.services import printing

    try:
        printing.render(store, job)
    except printing.PrintProblems as exc:
        if any(e.path == "state.stage" for e in exc.errors):
            return
        raise
    raise RuntimeError("登记阶段的案件竟能打印协议书 the agreement printed at 登记")


def _conclude(db: Database, case_id: int) -> None:
    """受理 (rights notified), one 调解 session with the parties' choices, 达成书面协议: the procedure's own steps."""
    from mediator_app.services import procedure

    session = StepRecord(
        kind=RecordKind.SESSION,
        held_at=dt.datetime(2024, 3, 11, 9, 30),
        place="和平街道人民调解委员会调解室",
        staff="王秀兰",
        recorder="赵明",
        content="申请人陈述渗水造成的损失；被申请人承认渗水，同意赔偿并重做防水层。",
        parties_present="刘䶮、吉𠮷祥",
        result="双方达成协议",
    )
    decisions = [
        procedure.accept(db, case_id, dt.date(2024, 3, 4)),
        procedure.record_session(db, case_id, session, "当事人共同选择王秀兰主持调解", "不公开"),
        procedure.conclude_written(db, case_id),
    ]
    refused = [d.reason for d in decisions if not d.allowed]
    if refused:
        raise RuntimeError("办理步骤被拒绝 procedure step refused: " + "；".join(refused))


def run_self_test() -> tuple[bool, str]:
    """Returns (ok, one-line summary or reason)."""
    from mediator_app.services import cases as svc
    from mediator_app.services import printing

    started = time.perf_counter()
    try:
        fonts = _check_fonts()
        with tempfile.TemporaryDirectory(prefix="mediator-selftest-") as folder:
            db = svc.open_database(Path(folder) / "selftest.sqlite3")
            try:
                svc.save_committee(db, sample_committee())
                case = svc.register_case(db, sample_case())
                assert case.id is not None
                if len(svc.list_cases(db)) != 1:
                    raise RuntimeError("登记后案件列表不是1件 case list does not hold the case")
                job = printing.PrintJob.forms(case.id, ["mediation_agreement"])
                store = printing.DatabaseStore(db)
                _check_refused_at_registration(store, job)
                _conclude(db, case.id)
                pdf = printing.render(store, job)
            finally:
                db.close()
        if not pdf.startswith(b"%PDF") or len(pdf) < MIN_PDF_BYTES:
            raise RuntimeError(f"协议书PDF不完整 agreement PDF looks wrong ({len(pdf)} bytes)")
    except Exception as exc:  # the self-test reports every failure as its result
        return False, f"自检失败 self-test FAILED: {type(exc).__name__}: {exc}"
    elapsed = time.perf_counter() - started
    return True, (
        f"自检通过 self-test OK: 数据库迁移、登记案件 {case.number}、登记时拒印协议书、协议书PDF "
        f"{_page_count(pdf)}页 {len(pdf) // 1024} KB、{fonts}，用时 {elapsed:.1f} s"
    )


def _emit(message: str) -> None:
    stream = sys.stdout
    if stream is None:  # a windowed (frozen) program has no console; the exit code still tells
        return
    try:
        stream.write(message + "\n")
    except UnicodeEncodeError:  # e.g. a cp1252 console: keep the English half readable
        stream.write(message.encode("ascii", "replace").decode("ascii") + "\n")
    stream.flush()


def main() -> int:
    ok, message = run_self_test()
    _emit(message)
    return 0 if ok else 1
