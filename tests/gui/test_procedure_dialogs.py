"""The procedure dialogs one by one: drafts of long records, the judicial-confirmation dialog with its
live refusal and warnings, decline and reopen, the oral agreement, the risk report, the extension,
and the unsaved-input guard."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt

from mediator_app.domain.model import Agreement, Term
from mediator_app.domain.money import Money
from mediator_app.domain.records import RecordKind, StepRecord
from mediator_app.domain.stages import Stage
from mediator_app.services import cases as svc
from mediator_app.services import procedure as proc
from mediator_app.storage.database import Database
from mediator_app.ui import messages
from mediator_app.ui.clock import Clock
from mediator_app.ui.procedure import record_dialogs, step_dialogs
from mediator_app.ui.procedure.confirmation_dialog import ConfirmationDialog
from tests.gui.conftest import Answers, type_text, wait_for_tasks
from tests.gui.procedure_helpers import (
    act,
    click,
    closed,
    error_at,
    fact,
    general_error,
    open_window,
    panel,
    register,
    save,
    show_case,
    stage,
)

pytestmark = pytest.mark.gui
D = dt.date
DAY0 = D(2026, 11, 2)
# A record typed slowly over half an hour: long, with line breaks, rare characters.
LONG_TEXT = "\n".join(
    f"问：第{n}个问题，吉𠮷祥家卫生间什么时候开始漏水？\n答：大约十月初，刘䶮发现天花板有水渍，"
    f"当时通知了物业，物业来看过一次。"
    for n in range(1, 21)
)


def accepted_case(db: Database) -> int:
    case = register(db)
    assert case.id is not None
    proc.accept(db, case.id, rights_notified_on=DAY0, today=DAY0)
    return case.id


def session(day: dt.date) -> StepRecord:
    return StepRecord(
        RecordKind.SESSION,
        dt.datetime.combine(day, dt.time(9, 30)),
        "调解室",
        "马德明",
        "高晓燕",
        "双方陈述。",
        parties_present="刘䶮、吉𠮷祥",
        result="同意调解。",
    )


def agreed_case(db: Database, matters: str = "漏水损失的赔偿") -> int:
    """A written agreement signed on 2026-11-10: the confirmation window ends on 2026-12-10."""
    cid = accepted_case(db)
    proc.record_session(
        db, cid, session(D(2026, 11, 5)), mediator_choice="委员会指定", publicity="不公开", today=D(2026, 11, 5)
    )
    svc.save_agreement(
        db,
        cid,
        Agreement(
            disputed_matters=matters,
            terms=[
                Term(
                    seq=1,
                    obligor=2,
                    obligee=1,
                    action="支付房屋修复费用",
                    amount=Money(360_000),
                    deadline=D(2026, 12, 31),
                    manner="银行转账",
                )
            ],
        ),
    )
    proc.conclude_written(db, cid, today=D(2026, 11, 9))
    proc.record_signatures(db, cid, D(2026, 11, 9), D(2026, 11, 9), D(2026, 11, 10))
    return cid


# ---------------------------------------------------------------- drafts


def test_a_long_record_is_never_lost(qtbot: Any, committee_db: Database, answers: Answers) -> None:
    cid = accepted_case(committee_db)
    window = open_window(qtbot, committee_db, Clock(D(2026, 11, 3)))
    show_case(qtbot, window, cid)
    number = svc.get_case(committee_db, cid).number

    # Closed by mistake (取消): no question, the text is kept for this case, the button says so.
    dialog = act(qtbot, window, "记录调查")
    assert isinstance(dialog, record_dialogs.InvestigationDialog)
    type_text(dialog.place, "吉𠮷祥家中")
    type_text(dialog.content_edit, LONG_TEXT)
    click(qtbot, dialog.cancel_button)
    assert closed(dialog) and answers.asked == []
    assert "有没有保存的草稿" in panel(window).reason_text("记录调查")

    # Opened again: everything is back, and it says so.
    dialog = act(qtbot, window, "记录调查")
    assert isinstance(dialog, record_dialogs.InvestigationDialog)
    assert dialog.content_edit.text() == LONG_TEXT and dialog.place.text() == "吉𠮷祥家中"
    assert dialog.draft_bar.isVisible() and "已经恢复" in dialog.draft_bar.text.text()

    # A save that fails (a field missing) keeps everything, says where, writes nothing.
    save(qtbot, dialog)
    assert error_at(dialog, "subject") == "请填写被调查人"
    assert dialog.content_edit.text() == LONG_TEXT
    assert proc.workflow(committee_db, cid, D(2026, 11, 3)).records == ()

    # A save the law refuses (a refusal recorded meanwhile, e.g. at another desk) keeps it too.
    proc.record_refusal(committee_db, cid, "吉𠮷祥在电话中明确表示不同意调解")
    type_text(dialog.subject, "吉𠮷祥")
    save(qtbot, dialog)
    assert dialog.isVisible()
    assert general_error(dialog) == "已有当事人明确拒绝调解，不得调解，应终止调解（依据：《人民调解法》第十七条）"
    draft = window.case_pane.drafts.get(cid, "investigation")
    assert draft is not None and draft.content.content == LONG_TEXT and draft.content.subject == "吉𠮷祥"
    assert proc.workflow(committee_db, cid, D(2026, 11, 3)).records == ()

    # Quitting with a draft left is asked first; the safe answer keeps the program open.
    answers.confirm = False
    window.close()
    assert window.isVisible()
    assert (
        answers.asked[-1]
        == f"confirm:下面的记录还没有保存：\n· 调查记录（{number}）\n\n草稿已保存在本机，下次打开该记录时会自动恢复。现在退出吗？"
    )

    # Throwing the draft away is asked too.
    window.case_pane.reload()
    wait_for_tasks(qtbot)
    dialog = window.case_pane.open_step("记录调查")  # the button is disabled now (refusal): straight to it
    assert isinstance(dialog, record_dialogs.InvestigationDialog) and dialog.content_edit.text() == LONG_TEXT
    click(qtbot, dialog.draft_bar.discard_button)
    assert dialog.content_edit.text() == LONG_TEXT  # answered “不”
    answers.confirm = True
    click(qtbot, dialog.draft_bar.discard_button)
    assert answers.asked[-1] == "confirm:确定要丢弃这份草稿吗？丢弃后不能恢复。"
    assert dialog.content_edit.text() == "" and dialog.place.text() == ""
    assert window.case_pane.drafts.all() == [] and not dialog.draft_bar.isVisible()
    click(qtbot, dialog.cancel_button)
    window.close()
    assert not window.isVisible()


def test_closing_the_window_with_a_record_open_keeps_it_as_a_draft_and_asks(
    qtbot: Any, committee_db: Database, answers: Answers
) -> None:
    cid = accepted_case(committee_db)
    window = open_window(qtbot, committee_db, Clock(D(2026, 11, 3)))
    show_case(qtbot, window, cid)
    dialog = act(qtbot, window, "记录调解")
    type_text(dialog.content_edit, LONG_TEXT)
    answers.confirm = False
    window.close()
    assert window.isVisible() and closed(dialog)
    draft = window.case_pane.drafts.get(cid, "session")
    assert draft is not None and draft.content[0].content == LONG_TEXT
    dialog = act(qtbot, window, "记录调解")
    assert isinstance(dialog, record_dialogs.SessionDialog) and dialog.content_edit.text() == LONG_TEXT


def test_a_step_dialog_without_drafts_asks_before_throwing_input_away(
    qtbot: Any, committee_db: Database, answers: Answers
) -> None:
    case = register(committee_db)
    assert case.id is not None
    window = open_window(qtbot, committee_db, Clock(DAY0))
    show_case(qtbot, window, case.id)
    dialog = act(qtbot, window, "不予受理")
    click(qtbot, dialog.cancel_button)  # nothing typed: closes without a question
    assert closed(dialog) and answers.asked == []
    dialog = act(qtbot, window, "不予受理")
    type_text(dialog.reason, "已由人民法院立案")
    answers.discard = False
    click(qtbot, dialog.cancel_button)
    assert dialog.isVisible() and answers.asked == ["discard:不予受理"]


# ---------------------------------------------------------------- judicial confirmation


def test_confirmation_shows_the_last_day_a_party_left_out_and_warnings_to_acknowledge(
    qtbot: Any, committee_db: Database
) -> None:
    cid = agreed_case(committee_db, matters="漏水损失的赔偿；楼道储物棚产权归属")
    clock = Clock(D(2026, 12, 6))  # day 26 of the 30-day window
    window = open_window(qtbot, committee_db, clock)
    show_case(qtbot, window, cid)
    dialog = act(qtbot, window, "申请司法确认")
    assert isinstance(dialog, ConfirmationDialog)
    wait_for_tasks(qtbot)
    assert dialog.court.currentText() == "北京市朝阳区人民法院"  # the committee's court
    assert dialog.window_label.text() == "须在2026年12月10日以前共同申请（协议生效之日起三十日内）"
    warnings = dialog.warnings.text()
    assert dialog.warnings.isVisible() and "第三百五十五条" in warnings and "即将届满（2026年12月10日）" in warnings

    # Unchecking a party says at once, at the parties, why the application cannot go.
    dialog.applicant_boxes[2].setChecked(False)
    wait_for_tasks(qtbot)
    assert error_at(dialog, "applicants") == (
        "司法确认须由双方当事人共同申请，以下当事人未列为申请人：吉𠮷祥（依据：《民事诉讼法》第二百零五条）"
    )
    dialog.acknowledged.setChecked(True)
    save(qtbot, dialog)
    assert "吉𠮷祥" in error_at(dialog, "applicants")
    assert proc.workflow(committee_db, cid, clock.today()).stage is Stage.WRITTEN_AGREEMENT  # nothing written
    dialog.applicant_boxes[2].setChecked(True)
    wait_for_tasks(qtbot)
    assert error_at(dialog, "applicants") == ""

    # The warnings must be acknowledged.
    dialog.acknowledged.setChecked(False)
    save(qtbot, dialog)
    assert error_at(dialog, "acknowledged") == "请先把上面的提示向当事人说明，然后勾选这一项"
    dialog.acknowledged.setChecked(True)
    save(qtbot, dialog)
    assert closed(dialog)
    assert stage(window) == "司法确认申请中"
    p = panel(window)
    assert p.enabled_actions() == ["记录法院裁定", "记录回访"]
    assert any(t.startswith("● 法院审查期限：2027年1月5日") for t in p.due_texts())

    # 记录法院裁定: which outcome must be chosen.
    clock.set_today(D(2026, 12, 20))
    dialog = act(qtbot, window, "记录法院裁定")
    assert isinstance(dialog, step_dialogs.CourtResultDialog)
    save(qtbot, dialog)
    assert error_at(dialog, "granted") == "请选择人民法院的裁定结果"
    dialog.outcome.set_value("确认调解协议有效")
    type_text(dialog.number, "（2026）京0105民特123号")
    save(qtbot, dialog)
    assert stage(window) == "司法确认有效" and p.steps.state_of("司法确认") == "current"
    assert "（2026）京0105民特123号" in window.case_pane.records.toPlainText()


def test_a_court_that_does_not_accept_is_recorded_and_shown(qtbot: Any, committee_db: Database) -> None:
    cid = agreed_case(committee_db)
    proc.apply_confirmation(committee_db, cid, "西湖区人民法院", [1, 2, 3], D(2026, 12, 8), today=D(2026, 12, 8))
    clock = Clock(D(2026, 12, 14))
    window = open_window(qtbot, committee_db, clock)
    show_case(qtbot, window, cid)
    dialog = act(qtbot, window, "记录法院裁定")
    assert isinstance(dialog, step_dialogs.CourtResultDialog)
    dialog.outcome.set_value("不予受理")
    type_text(dialog.number, "（2026）西0106民特5号")
    save(qtbot, dialog)
    assert stage(window) == "司法确认不予受理" and panel(window).steps.state_of("司法确认") == "current"
    shown = window.case_pane.records.toPlainText()
    assert "裁定不予受理（（2026）西0106民特5号）" in shown


def test_confirmation_after_the_window_is_refused_at_the_date(qtbot: Any, committee_db: Database) -> None:
    cid = agreed_case(committee_db)
    clock = Clock(D(2026, 12, 20))
    window = open_window(qtbot, committee_db, clock)
    show_case(qtbot, window, cid)
    p = panel(window)
    assert "期限已于2026年12月10日届满" in p.reason_text("申请司法确认")
    # Applied in time, entered late: the date of the application decides (PML Art. 33).
    dialog = window.case_pane.open_step("申请司法确认")
    assert isinstance(dialog, ConfirmationDialog)
    wait_for_tasks(qtbot)
    assert "期限已于2026年12月10日届满" in dialog.blocks.text()
    dialog.applied_on.set_value(D(2026, 12, 8))
    wait_for_tasks(qtbot)
    assert not dialog.blocks.isVisible()
    dialog.acknowledged.setChecked(True)  # 即将届满 on the 8th
    save(qtbot, dialog)
    assert stage(window) == "司法确认申请中"
    assert proc.workflow(committee_db, cid, clock.today()).state.confirmation_applied_on == D(2026, 12, 8)


# ---------------------------------------------------------------- other steps and facts


def test_decline_archive_and_reopen(qtbot: Any, committee_db: Database) -> None:
    case = register(committee_db)
    assert case.id is not None
    window = open_window(qtbot, committee_db, Clock(DAY0))
    show_case(qtbot, window, case.id)
    dialog = act(qtbot, window, "不予受理")
    save(qtbot, dialog)
    assert error_at(dialog, "decline_reason") == "不予受理须写明理由（依据：《人民调解工作若干规定》第二十二条）"
    type_text(dialog.reason, "该纠纷已由人民法院立案受理")
    save(qtbot, dialog)
    assert stage(window) == "不予受理" and panel(window).steps.state_of("登记") == "current"
    click(qtbot, panel(window).buttons["结案归档"])
    assert stage(window) == "结案归档"
    dialog = act(qtbot, window, "重新启用")
    save(qtbot, dialog)
    assert "第二十七条" in error_at(dialog, "reopen_reason")
    type_text(dialog.reason, "法院退回，当事人重新申请调解")
    save(qtbot, dialog)
    assert stage(window) == "不予受理"
    assert "法院退回，当事人重新申请调解" in window.case_pane.history.toPlainText()


def test_archiving_names_what_the_dossier_still_lacks(qtbot: Any, committee_db: Database, answers: Answers) -> None:
    case_id = accepted_case(committee_db)  # accepted, then ended without a mediation session on file
    proc.terminate(committee_db, case_id, "申请人撤回调解申请", routes_notified=True, today=DAY0)
    window = open_window(qtbot, committee_db, Clock(DAY0))
    show_case(qtbot, window, case_id)
    answers.confirm = False  # 不，返回: the mediator completes the dossier first
    click(qtbot, panel(window).buttons["结案归档"])
    assert "卷宗检查发现还缺：\n· 缺调解记录" in answers.asked[-1]
    assert stage(window) == "调解终止"  # not archived


def test_oral_agreement_needs_its_content_and_cannot_go_to_court(qtbot: Any, committee_db: Database) -> None:
    cid = accepted_case(committee_db)
    proc.record_session(
        committee_db, cid, session(D(2026, 11, 5)), mediator_choice="委员会指定", publicity="公开", today=D(2026, 11, 5)
    )
    window = open_window(qtbot, committee_db, Clock(D(2026, 11, 5)))
    show_case(qtbot, window, cid)
    dialog = act(qtbot, window, "达成口头协议")
    save(qtbot, dialog)
    assert error_at(dialog, "oral_content") == "口头协议须由调解员记录协议内容（依据：《人民调解法》第二十八条）"
    type_text(dialog.content_edit, "吉𠮷祥当场向刘䶮赔礼道歉，并于本周内修好防水层")
    save(qtbot, dialog)
    assert stage(window) == "达成口头协议"
    p = panel(window)
    assert "记录签署" not in p.buttons
    assert p.reason_text("申请司法确认").startswith("不能办理：只有书面调解协议可以申请司法确认")
    assert "第三十三条" in p.reason_text("申请司法确认")
    dialog = act(qtbot, window, "记录回访")
    assert isinstance(dialog, record_dialogs.VisitDialog) and dialog.statuses == []


def test_unreported_risk_blocks_acceptance_until_reported(qtbot: Any, committee_db: Database) -> None:
    case = register(committee_db)
    assert case.id is not None
    window = open_window(qtbot, committee_db, Clock(DAY0))
    show_case(qtbot, window, case.id)
    dialog = fact(qtbot, window, "激化风险/报告")
    assert dialog.risk.isChecked()
    save(qtbot, dialog)
    p = panel(window)
    assert p.disabled_actions() == ["受理"]
    assert "第二十五条" in p.reason_text("受理")
    assert "有激化风险，尚未记录向公安机关或有关部门报告" in p.alerts.text()
    [report] = [b for b in p.findChildren(type(p.buttons["受理"])) if b.text() == "记录报告情况"]
    click(qtbot, report)
    dialog = window.case_pane.dialog
    dialog.reported_on.set_value(DAY0)
    save(qtbot, dialog)
    assert general_error(dialog) == "请填写报告的公安机关或有关部门"
    type_text(dialog.reported_to, "望京派出所")
    save(qtbot, dialog)
    assert p.enabled_actions() == ["受理", "不予受理"] and not p.alerts.isVisible()


def test_extension_needs_both_parties(qtbot: Any, committee_db: Database) -> None:
    cid = accepted_case(committee_db)
    window = open_window(qtbot, committee_db, Clock(D(2026, 11, 20)))
    show_case(qtbot, window, cid)
    assert panel(window).due_texts()[0].startswith("● 调解期限：2026年12月2日")
    dialog = fact(qtbot, window, "延长调解期限")
    save(qtbot, dialog)
    assert "双方当事人同意" in general_error(dialog)
    dialog.consent.setChecked(True)
    save(qtbot, dialog)
    assert panel(window).due_texts()[0].startswith("● 调解期限：2026年12月17日")


def test_every_offered_dialog_opens_and_closes_without_a_question(
    qtbot: Any, committee_db: Database, answers: Answers
) -> None:
    cid = agreed_case(committee_db)
    window = open_window(qtbot, committee_db, Clock(D(2026, 11, 12)))
    show_case(qtbot, window, cid)
    p = panel(window)
    number = svc.get_case(committee_db, cid).number
    for text in p.enabled_actions() + list(p.fact_buttons):
        if text in ("开始履行监督",):
            continue
        button = p.buttons.get(text) or p.fact_buttons[text]
        click(qtbot, button)
        dialog = window.case_pane.dialog
        assert dialog is not None and dialog.windowTitle().endswith(number)
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        assert closed(dialog)
    assert answers.asked == []


def test_an_act_refused_after_all_lists_the_reasons_with_their_articles(
    qtbot: Any, committee_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    warned: list[tuple[str, str]] = []
    monkeypatch.setattr(messages, "warn", lambda _p, title, text, *_a: warned.append((title, text)))
    cid = agreed_case(committee_db)
    window = open_window(qtbot, committee_db, Clock(D(2026, 11, 12)))
    show_case(qtbot, window, cid)
    # Meanwhile, at another desk, the signing dates are found wrong and cleared.
    proc.record_signatures(committee_db, cid, None, None, None)
    click(qtbot, panel(window).buttons["开始履行监督"])
    assert warned == [
        (
            "不能开始履行监督",
            "现在不能开始履行监督：\n\n· 书面协议须各方当事人签名、盖章或按指印，"
            "调解员签名并加盖委员会印章后才生效，请记录签署日期（依据：《人民调解法》第二十九条）",
        )
    ]
    assert stage(window) == "达成书面协议"
