"""End to end through the screens: one walk-in dispute from registration to the archive, and one
ended by a party's refusal. Every step is taken by clicking the button in the case view and filling
its dialog; at each step the test reads what the mediator sees — the step bar, the 下一步 text,
which buttons are enabled, the reasons under the disabled ones, the deadlines, the to-do list.

The clock is fixed and moved forward by hand, so the deadlines and refusals are the same every run.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtWidgets import QPushButton

from mediator_app.domain.records import RecordKind
from mediator_app.domain.stages import Stage
from mediator_app.services import procedure as proc
from mediator_app.services import satisfaction
from mediator_app.storage.database import Database
from mediator_app.ui.agreement import AgreementDialog
from mediator_app.ui.clock import Clock
from mediator_app.ui.main_window import MainWindow
from mediator_app.ui.procedure import record_dialogs, step_dialogs
from tests.gui.conftest import Answers, type_text, wait_for_tasks
from tests.gui.procedure_helpers import (
    act,
    click,
    closed,
    error_at,
    fact,
    general_error,
    list_status,
    open_window,
    panel,
    register,
    save,
    show_case,
    stage,
)

pytestmark = pytest.mark.gui
D = dt.date
NEXT = proc.NEXT_HINT


def move_to(qtbot: Any, window: MainWindow, clock: Clock, day: dt.date) -> None:
    """The next morning: the mediator presses 刷新."""
    clock.set_today(day)
    window.refresh_all()
    wait_for_tasks(qtbot)


def fill_session(dialog: record_dialogs.SessionDialog, content: str, result: str) -> None:
    type_text(dialog.place, "望京西园社区人民调解室")
    type_text(dialog.content_edit, content)
    type_text(dialog.result_edit, result)


def test_walk_in_dispute_from_registration_to_archive(qtbot: Any, committee_db: Database, answers: Answers) -> None:
    clock = Clock(D(2026, 11, 2))
    case = register(committee_db)
    assert case.id is not None
    satisfaction.save_satisfaction_days(committee_db, 0)  # 今日待办 below: the procedure's own deadlines
    window = open_window(qtbot, committee_db, clock)
    show_case(qtbot, window, case.id)
    p = panel(window)

    # -- just registered: 受理 or 不予受理, nothing else ------------------------------------------------
    assert p.steps.state_of("登记") == "current" and p.steps.state_of("受理") == "todo"
    assert p.next_hint.text() == NEXT[Stage.REGISTERED]
    assert p.enabled_actions() == ["受理", "不予受理"] and p.disabled_actions() == []
    assert set(p.fact_buttons) == {"当事人拒绝调解", "激化风险/报告", "当事人选择"}
    assert p.due_texts() == []
    assert window.todo_view.texts() == []

    # -- 受理: the question must be answered, the rights notified; nothing saved until then ------------
    dialog = act(qtbot, window, "受理")
    assert isinstance(dialog, step_dialogs.AcceptDialog) and "第二十三条" in dialog.help.text()
    save(qtbot, dialog)
    assert error_at(dialog, "handled_elsewhere") == "请回答这个问题：选“否”或“是”"
    dialog.elsewhere.set_value("否")
    save(qtbot, dialog)
    assert dialog.isVisible()
    assert error_at(dialog, "rights_notified") == (
        "受理前须向当事人告知权利义务（当事人权利义务告知书）（依据：《人民调解法》第二十三条、第二十四条）"
    )
    assert proc.workflow(committee_db, case.id, clock.today()).stage is Stage.REGISTERED  # nothing written
    dialog.rights.setChecked(True)
    assert error_at(dialog, "rights_notified") == ""  # the message goes as soon as the box is ticked
    save(qtbot, dialog)
    assert closed(dialog)

    assert stage(window) == "受理" and list_status(window, case.id) == "受理"
    assert p.steps.state_of("登记") == "done" and p.steps.state_of("受理") == "current"
    assert p.next_hint.text() == NEXT[Stage.ACCEPTED]
    assert p.enabled_actions() == ["记录调查", "记录调解", "终止调解"]
    assert p.due_texts() == ["● 调解期限：2026年12月2日（还剩30天）　调解一般应在30天内结束，经双方同意可延长"]
    assert "延长调解期限" in p.fact_buttons
    assert "受理日期\n2026年11月2日\n状态\n受理" in window.case_view.toPlainText()  # the case view too

    # -- first session: the parties' choices are asked for (PML Arts. 19, 23) --------------------------
    move_to(qtbot, window, clock, D(2026, 11, 5))
    dialog = act(qtbot, window, "记录调解")
    assert isinstance(dialog, record_dialogs.SessionDialog) and dialog.first
    fill_session(
        dialog,
        "申请人陈述：楼上漏水致房屋受损，要求赔偿修复费用。被申请人陈述：同意赔偿，认为金额偏高。",
        "双方同意再行协商赔偿数额。",
    )
    save(qtbot, dialog)
    assert error_at(dialog, "publicity") == "请选择公开调解还是不公开调解（《人民调解法》第二十三条）"
    dialog.publicity.set_value("不公开")
    save(qtbot, dialog)
    assert error_at(dialog, "mediator_choice") == (
        "调解前须记录当事人对调解员的选择以及是否公开调解（依据：《人民调解法》第十九条、第二十三条）"
    )
    assert proc.workflow(committee_db, case.id, clock.today()).records == ()
    dialog.mediator_choice.setCurrentIndex(0)  # 当事人共同选择马德明、林春梅
    save(qtbot, dialog)
    assert closed(dialog)
    assert stage(window) == "调解中" and p.steps.state_of("调解") == "current"
    assert p.steps.state_of("调查") == "todo"  # skipped: not ticked
    assert p.next_hint.text() == NEXT[Stage.MEDIATING]
    assert p.enabled_actions() == ["记录调查", "记录调解", "达成口头协议", "终止调解"]
    assert p.reason_text("达成书面协议") == (
        "不能办理：协议内容不完整或不明确：尚未填写协议内容\n依据：《人民调解法》第二十九条"
    )

    # -- second session: the choices are already recorded ----------------------------------------------
    move_to(qtbot, window, clock, D(2026, 11, 9))
    dialog = act(qtbot, window, "记录调解")
    assert isinstance(dialog, record_dialogs.SessionDialog) and not dialog.first
    fill_session(dialog, "双方就赔偿数额达成一致。", "达成协议：被申请人赔偿3600元。")
    save(qtbot, dialog)
    assert closed(dialog)
    view = window.case_pane.view
    assert view is not None and [r.kind for r in view.records] == [RecordKind.SESSION, RecordKind.SESSION]
    assert view.state.mediator_choice == "当事人共同选择马德明、林春梅" and view.state.publicity == "不公开"
    records = window.case_pane.records.toPlainText()
    assert "调解记录（第2次）" in records and "达成协议：被申请人赔偿3600元。" in records
    assert window.case_pane.tabs.tabText(2) == "调查调解记录（2）"

    # -- the agreement: 填写协议条款 from the reason, then 达成书面协议 ------------------------------------
    [go] = [b for b in p.findChildren(QPushButton) if b.text() == "填写协议条款" and b.isVisible()]
    click(qtbot, go)
    agreement = window.findChild(AgreementDialog)
    assert agreement is not None and agreement.isVisible()
    type_text(agreement.disputed_matters, "漏水造成的房屋损失如何赔偿。")
    editor = agreement.editor
    editor.obligor.setCurrentIndex(editor.obligor.findData(2))
    editor.obligee.setCurrentIndex(editor.obligee.findData(1))
    type_text(editor.action, "支付房屋修复费用")
    type_text(editor.amount, "3600")
    editor.deadline.set_value(D(2026, 11, 30))
    type_text(editor.manner, "银行转账")
    click(qtbot, agreement.save_button)
    assert closed(agreement)
    assert p.enabled_actions() == ["记录调查", "记录调解", "达成书面协议", "达成口头协议", "终止调解"]

    dialog = act(qtbot, window, "达成书面协议")
    assert isinstance(dialog, step_dialogs.ConcludeWrittenDialog)
    assert (
        "被申请人吉𠮷祥于2026年11月30日前向申请人刘䶮支付房屋修复费用人民币叁仟陆佰元整" in dialog.terms.toPlainText()
    )
    assert not dialog.problems.isVisible()
    save(qtbot, dialog)
    assert stage(window) == "达成书面协议" and p.steps.state_of("协议/终止") == "current"
    assert p.next_hint.text() == NEXT[Stage.WRITTEN_AGREEMENT]
    assert p.enabled_actions() == ["记录签署"]
    assert p.disabled_actions() == ["开始履行监督", "记录回访", "申请司法确认"]
    assert "请记录签署日期" in p.reason_text("开始履行监督") and "第二十九条" in p.reason_text("开始履行监督")

    # -- 记录签署: the agreement takes effect on the last of the three dates ------------------------------
    move_to(qtbot, window, clock, D(2026, 11, 10))
    dialog = act(qtbot, window, "记录签署")
    assert isinstance(dialog, step_dialogs.SignaturesDialog)
    assert dialog.effective.text() == "三项都完成后协议才生效"
    dialog.parties.set_value(D(2026, 11, 9))
    dialog.mediator.set_value(D(2026, 11, 9))
    assert dialog.effective.text() == "三项都完成后协议才生效"
    dialog.sealed.set_value(D(2026, 11, 10))
    assert dialog.effective.text() == "2026年11月10日（三项中最后完成的一天）"
    save(qtbot, dialog)
    assert p.enabled_actions() == ["记录签署", "开始履行监督", "记录回访", "申请司法确认"]
    assert [t.split("　")[0] for t in p.due_texts()] == [
        "● 履行期限：2026年11月30日（还剩20天）",
        "● 回访：2026年11月30日（还剩20天）",
        "● 司法确认期限：2026年12月10日（还剩30天）",
    ]

    # -- 开始履行监督: nothing to fill in, a question first ------------------------------------------------
    click(qtbot, p.buttons["开始履行监督"])
    assert answers.asked[-1].startswith("confirm:协议已经生效")
    assert stage(window) == "履行中" and p.steps.state_of("履行与回访") == "current"
    assert p.next_hint.text() == NEXT[Stage.PERFORMING]
    assert p.enabled_actions() == ["记录回访", "申请司法确认"]

    # -- 今日待办 as the days pass: what falls due soon, then what is overdue, in red and first -------------
    move_to(qtbot, window, clock, D(2026, 11, 25))
    assert window.todo_view.texts() == [
        f"还剩5天　履行期限　到期日：2026年11月30日\n{case.number}　{case.display_title}\n第1项：支付房屋修复费用",
        f"还剩5天　回访　到期日：2026年11月30日\n{case.number}　{case.display_title}\n回访当事人，了解协议履行情况",
    ]
    assert window.left_tabs.tabText(1) == "今日待办（2）"
    move_to(qtbot, window, clock, D(2026, 12, 1))
    assert [t.splitlines()[0] for t in window.todo_view.texts()] == [
        "已逾期1天　履行期限　到期日：2026年11月30日",
        "已逾期1天　回访　到期日：2026年11月30日",
    ]
    assert all(window.todo_view.model.items[i].item.overdue for i in range(2))
    assert "已逾期1天" in p.due_texts()[0]
    assert p.due_labels[0].property("due") == "late"

    # -- 记录回访: every term's performance, the satisfaction --------------------------------------------
    dialog = act(qtbot, window, "记录回访")
    assert isinstance(dialog, record_dialogs.VisitDialog) and dialog.visitor.text() == "马德明、林春梅"
    save(qtbot, dialog)
    assert error_at(dialog, "visited") == "请填写被回访人"
    assert error_at(dialog, "satisfaction") == "请选择当事人的满意程度"
    assert error_at(dialog, "term0_status") == "请选择这一项的履行情况"
    assert proc.workflow(committee_db, case.id, clock.today()).visits == ()
    type_text(dialog.visited, "刘䶮")
    dialog.statuses[0].setCurrentIndex(dialog.statuses[0].findText("已履行"))
    dialog.satisfaction.set_value("满意")
    type_text(dialog.note, "修复费用已于11月28日转账付清，双方关系和睦。")
    save(qtbot, dialog)
    assert closed(dialog)
    assert stage(window) == "回访" and p.next_hint.text() == NEXT[Stage.VISITED]
    assert p.enabled_actions() == ["记录回访", "申请司法确认", "结案归档"]
    assert [t.split("：")[0] for t in p.due_texts()] == ["● 司法确认期限"]
    assert window.todo_view.texts() == []
    assert "第1项：已履行" in window.case_pane.records.toPlainText()

    # -- 结案归档 ---------------------------------------------------------------------------------------
    move_to(qtbot, window, clock, D(2026, 12, 2))
    click(qtbot, p.buttons["结案归档"])
    assert answers.asked[-1].startswith("confirm:确认结案归档吗？")
    assert "卷宗检查发现还缺" not in answers.asked[-1]  # a complete dossier: the question alone
    assert stage(window) == "结案归档" and list_status(window, case.id) == "结案归档"
    assert p.steps.state_of("归档") == "current" and p.steps.state_of("司法确认") == "todo"
    assert p.next_hint.text() == NEXT[Stage.ARCHIVED]
    assert p.enabled_actions() == ["重新启用"] and p.fact_buttons == {}
    history = window.case_pane.history.toPlainText()
    for line in ("受理", "记录调解", "达成书面协议", "开始履行监督", "记录回访", "结案归档", "回访 → 结案归档"):
        assert line in history
    assert window.case_pane.tabs.tabText(3) == "办理经过（7）"


def test_refusal_blocks_mediation_and_termination_needs_the_routes_notice(qtbot: Any, committee_db: Database) -> None:
    clock = Clock(D(2026, 11, 2))
    case = register(committee_db)
    assert case.id is not None
    window = open_window(qtbot, committee_db, clock)
    show_case(qtbot, window, case.id)
    p = panel(window)
    dialog = act(qtbot, window, "受理")
    dialog.rights.setChecked(True)
    dialog.elsewhere.set_value("否")
    save(qtbot, dialog)
    assert stage(window) == "受理"

    # -- the refusal is a fact, recorded from its own button ----------------------------------------------
    dialog = fact(qtbot, window, "当事人拒绝调解")
    assert "第十七条" in dialog.help.text()
    save(qtbot, dialog)
    assert general_error(dialog) == "请写明哪一方当事人、以何种方式明确拒绝调解"
    type_text(dialog.note, "被申请人吉𠮷祥于11月3日当面明确表示不同意调解")
    save(qtbot, dialog)
    assert closed(dialog)

    assert stage(window) == "受理"
    assert p.enabled_actions() == ["终止调解"]
    assert p.disabled_actions() == ["记录调查", "记录调解"]
    assert p.reason_text("记录调解") == (
        "不能办理：已有当事人明确拒绝调解，不得调解，应终止调解\n依据：《人民调解法》第十七条"
    )
    assert "已记录当事人拒绝调解：被申请人吉𠮷祥于11月3日当面明确表示不同意调解" in p.alerts.text()

    # -- 终止调解 without telling the parties where else to go is refused at the check box ---------------
    dialog = act(qtbot, window, "终止调解")
    assert isinstance(dialog, step_dialogs.TerminateDialog)
    assert dialog.reason.value() == "当事人拒绝调解"  # taken from the refusal
    save(qtbot, dialog)
    assert dialog.isVisible()
    assert error_at(dialog, "routes_notified") == (
        "终止调解须记录已告知当事人可以通过仲裁、行政、司法等途径维护权利（依据：《人民调解法》第二十六条）"
    )
    assert error_at(dialog, "termination_reason") == ""
    view = proc.workflow(committee_db, case.id, clock.today())
    assert view.stage is Stage.ACCEPTED and len(view.history) == 1  # nothing written
    dialog.routes.setChecked(True)
    save(qtbot, dialog)
    assert closed(dialog)

    assert stage(window) == "调解终止" and list_status(window, case.id) == "调解终止"
    assert p.steps.state_of("协议/终止") == "current"
    assert p.next_hint.text() == NEXT[Stage.TERMINATED]
    assert p.enabled_actions() == ["结案归档"] and p.fact_buttons == {}
    assert p.due_texts() == []
    history = window.case_pane.history.toPlainText()
    assert "终止调解" in history and "当事人拒绝调解：被申请人吉𠮷祥于11月3日当面明确表示不同意调解" in history
    facts = window.case_pane.records.toPlainText()
    assert "已告知当事人可以通过仲裁、行政、司法等途径维护权利" in facts


def test_termination_with_nothing_filled_in_names_both_problems(qtbot: Any, committee_db: Database) -> None:
    clock = Clock(D(2026, 11, 2))
    case = register(committee_db)
    assert case.id is not None
    proc.accept(committee_db, case.id, rights_notified_on=D(2026, 11, 2), today=D(2026, 11, 2))
    window = open_window(qtbot, committee_db, clock)
    show_case(qtbot, window, case.id)
    dialog = act(qtbot, window, "终止调解")
    save(qtbot, dialog)
    assert "须写明终止原因" in error_at(dialog, "termination_reason")
    assert "第二十六条" in error_at(dialog, "routes_notified")
    dialog.reason.set_value("其他原因")
    save(qtbot, dialog)
    assert "须写明终止原因" in error_at(dialog, "termination_reason")  # 其他原因 needs the words
    type_text(dialog.details, "申请人已向人民法院起诉")
    dialog.routes.setChecked(True)
    save(qtbot, dialog)
    assert stage(window) == "调解终止"
    assert proc.workflow(committee_db, case.id, clock.today()).state.termination_reason == "申请人已向人民法院起诉"
