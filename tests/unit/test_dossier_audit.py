"""The dossier audit's judgement (domain.dossier.audit): each lack is named, only where it applies."""

from __future__ import annotations

import dataclasses
import datetime as dt

from mediator_app.domain.dossier import CHECKS, DOSSIER_PRINT, PACKAGE_PRINT, DossierFacts, audit

DAY = dt.date(2026, 3, 2)
COMPLETE = DossierFacts(
    case_id=1,
    number="（2026）桃源村调字第1号",
    stage="回访",
    mediator="王德明",
    difficulty="一般",
    accepted_on=DAY,
    closed_on=DAY,
    outcome="成功",
    agreement_form="书面",
    investigations=1,
    sessions=1,
    visits=1,
    parties_signed_on=DAY,
    mediator_signed_on=DAY,
    sealed_on=DAY,
    printed=frozenset({DOSSIER_PRINT}),
)


def test_a_complete_dossier_lacks_nothing_even_by_every_check() -> None:
    assert audit(COMPLETE).complete
    assert audit(COMPLETE, tuple(CHECKS)).lacks == ()


def test_each_missing_piece_is_named() -> None:
    bare = dataclasses.replace(
        COMPLETE, accepted_on=None, sessions=0, visits=0, sealed_on=None, mediator_signed_on=None, printed=frozenset()
    )
    assert audit(bare).lacks == (
        "缺受理记录（人民调解申请书或受理登记表）",
        "缺调解记录",
        "协议书未记录调解员签名",
        "协议书未记录加盖人民调解委员会印章",
        "缺回访记录",
    )
    everything = audit(dataclasses.replace(bare, investigations=0), tuple(CHECKS)).lacks
    assert "缺调查记录" in everything and any("整本卷宗未从本程序打印" in x for x in everything)


def test_a_failed_mediation_needs_no_agreement_or_visit() -> None:
    failed = dataclasses.replace(COMPLETE, outcome="不成功", parties_signed_on=None, visits=0, stage="调解终止")
    assert audit(failed).complete


def test_an_oral_agreement_needs_its_register_not_signatures_or_a_session_record() -> None:
    oral = dataclasses.replace(
        COMPLETE, agreement_form="口头", parties_signed_on=None, mediator_signed_on=None, sealed_on=None, sessions=0
    )
    assert audit(oral).lacks == ("口头协议登记表未记录协议内容或达成日期",)
    assert audit(dataclasses.replace(oral, oral_recorded=True)).complete


def test_judicial_confirmation_papers_only_where_applied_for() -> None:
    applied = dataclasses.replace(COMPLETE, confirmation_applied_on=DAY, confirmation="确认")
    assert audit(applied).lacks == (
        "司法确认：未记录受理的人民法院",
        "司法确认：申请材料未从本程序打印",
        "司法确认：未记录法院裁定书文号",
    )
    done = dataclasses.replace(
        applied,
        confirmation_court="某区人民法院",
        confirmation_ruling="（2026）京0105民特1号",
        printed=frozenset({PACKAGE_PRINT}),
    )
    assert audit(done).complete
