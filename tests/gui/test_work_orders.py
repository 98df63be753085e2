"""案件 → 工作联系单 as a mediator uses it: send one to the land office (a missing field is named first),
see it overdue in red, record the reply once, print it into the preview, export the list; and the
committee's unit list under 设置 → 协办单位. Screenshots at 1366×768 go to $SCREENSHOT_DIR when set."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from mediator_app.domain.statistics import CaseStats
from mediator_app.services import procedure as proc
from mediator_app.services import satisfaction, workorders
from mediator_app.services.statistics import facts
from mediator_app.storage.database import Database
from mediator_app.ui import actions as act
from mediator_app.ui.caselist.model import COL_PARTIES
from mediator_app.ui.clock import Clock
from mediator_app.ui.linkage.legal_support import AnswerDialog, AskDialog, LegalSupportDialog
from mediator_app.ui.linkage.satisfaction import ReminderDialog, SatisfactionDialog
from mediator_app.ui.linkage.work_orders import IssueDialog, ReplyDialog, UnitsDialog, WorkOrdersDialog
from mediator_app.ui.preview import PdfPreviewDialog
from mediator_app.ui.style import ERROR_COLOUR
from mediator_app.ui.window_comforts import show_legal_support, show_work_orders
from tests.gui.conftest import type_text, wait_for_tasks
from tests.gui.procedure_helpers import click, error_at, open_window, register, show_case

pytestmark = pytest.mark.gui
D = dt.date
TODAY = D(2026, 11, 20)


def _shot(widget: QWidget, name: str) -> None:
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        widget.grab().save(str(Path(folder) / f"{name}.png"))


def test_a_work_order_from_sending_to_reply(qtbot: Any, committee_db: Database, tmp_path: Path) -> None:
    case = register(committee_db, registered_on=D(2026, 11, 2))
    assert case.id is not None
    window = open_window(qtbot, committee_db, Clock(TODAY))
    window.resize(1366, 768)
    show_case(qtbot, window, case.id)
    assert window.action_map[act.WORK_ORDERS].isEnabled()
    dialog = show_work_orders(window)
    wait_for_tasks(qtbot)
    assert isinstance(dialog, WorkOrdersDialog) and dialog.empty.isVisible()
    issue = dialog.issue()
    assert isinstance(issue, IssueDialog) and issue.unit.findText("国土所（自然资源所）") >= 0
    issue.unit.setCurrentText("国土所（自然资源所）")
    type_text(issue.action, "请派员测量并出具界址意见")
    click(qtbot, issue.save_button)
    assert "协办事项" not in error_at(issue, "unit") and error_at(issue, "matter") == "请写明需要协办的事项"
    assert workorders.case_work_orders(committee_db, case.id) == []  # nothing written
    type_text(issue.matter, "双方宅基地东侧界址争议，需核实1998年宅基地使用证登记的四至")
    issue.limit_days.setValue(2)
    _shot(issue, "work-order-issue")
    click(qtbot, issue.save_button)
    assert not issue.isVisible()
    [order] = workorders.case_work_orders(committee_db, case.id)
    assert (order.unit, order.issued_on, order.due_on, order.issued_by) == (
        "国土所（自然资源所）",
        TODAY,
        D(2026, 11, 24),
        "马德明",
    )
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 5).text() == "待回复"

    late = Clock(D(2026, 11, 27))  # three days past its due date
    dialog.clock = late
    dialog.reload()
    wait_for_tasks(qtbot)
    status = dialog.table.item(0, 5)
    assert status.text() == "已逾期3天" and status.foreground().color().name() == ERROR_COLOUR.lower()
    _shot(dialog, "work-orders")

    reply = dialog.record_reply()
    assert isinstance(reply, ReplyDialog)
    type_text(reply.reply, "已于11月26日现场测量，界址以1998年证为准")
    type_text(reply.reply_by, "李所长")
    click(qtbot, reply.save_button)
    assert dialog.table.item(0, 5).text() == "已回复" and not dialog.reply_button.isEnabled()

    click(qtbot, dialog.print_button)
    preview = window.documents.preview
    assert isinstance(preview, PdfPreviewDialog) and "工作联系单" in preview.windowTitle()
    target = tmp_path / "联系单.xlsx"
    dialog.export_to(target)
    wait_for_tasks(qtbot)
    rows = list(openpyxl.load_workbook(target)["工作联系单"].iter_rows(values_only=True))
    assert rows[1][3] == "国土所（自然资源所）" and rows[1][10] == "已回复"


def test_the_unit_list_is_edited_in_settings(qtbot: Any, committee_db: Database) -> None:
    window = open_window(qtbot, committee_db, Clock(TODAY))
    window.action_map[act.WORK_UNITS].trigger()
    wait_for_tasks(qtbot)
    [dialog] = [d for d in window.findChildren(UnitsDialog) if d.isVisible()]
    assert dialog.units.text().splitlines()[0] == "派出所"
    dialog.units.setText("东湖派出所\n东湖司法所\n")
    _shot(dialog, "work-units")
    click(qtbot, dialog.save_button)
    assert workorders.work_units(committee_db) == ["东湖派出所", "东湖司法所"]


def test_a_legal_question_goes_out_without_the_names(qtbot: Any, committee_db: Database) -> None:
    case = register(committee_db, registered_on=D(2026, 11, 2))
    assert case.id is not None
    window = open_window(qtbot, committee_db, Clock(TODAY))
    show_case(qtbot, window, case.id)
    dialog = show_legal_support(window)
    wait_for_tasks(qtbot)
    assert isinstance(dialog, LegalSupportDialog) and dialog.empty.isVisible()
    click(qtbot, dialog.ask_button)
    ask = dialog.child
    assert isinstance(ask, AskDialog) and case.parties[0].name not in ask.summary.text()
    assert ask.recipient.currentText() == "法官工作站"
    type_text(ask.question, "排水沟维修费用如何分担？")
    _shot(ask, "legal-support-ask")
    click(qtbot, ask.save_button)
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 4).text() == "待答复"
    answer = dialog.record_answer()
    assert isinstance(answer, AnswerDialog)
    type_text(answer.answer, "按受益比例分担")
    type_text(answer.answered_by, "王法官")
    click(qtbot, answer.save_button)
    assert dialog.table.item(0, 4).text() == "已答复（2026-11-20）"
    _shot(dialog, "legal-support")
    click(qtbot, dialog.print_button)
    assert "法律支持申请单" in window.documents.preview.windowTitle()


def test_a_special_group_case_is_marked_in_the_list_and_todo(qtbot: Any, committee_db: Database) -> None:
    case = register(committee_db, registered_on=D(2026, 10, 1))
    assert case.id is not None
    proc.accept(committee_db, case.id, D(2026, 10, 1), today=D(2026, 10, 1))
    facts.save_stats(committee_db, case.id, CaseStats(elderly=True), D(2026, 10, 1))
    window = open_window(qtbot, committee_db, Clock(TODAY))
    [card] = window.todo_view.texts()
    assert card.splitlines()[1].endswith("【优先：老年人】")
    row = window.case_list.model.row_of(case.id)
    assert row is not None
    shown = window.case_list.model.index(row, COL_PARTIES).data()
    assert shown.startswith("【优先】") and "老年人" in window.case_list.model.index(row, COL_PARTIES).data(
        Qt.ItemDataRole.ToolTipRole
    )
    _shot(window, "special-group-marks")


def test_a_satisfaction_call_after_closing(qtbot: Any, committee_db: Database) -> None:
    case = register(committee_db, registered_on=D(2026, 10, 1))
    assert case.id is not None
    proc.accept(committee_db, case.id, D(2026, 10, 1), today=D(2026, 10, 1))
    proc.terminate(committee_db, case.id, "双方分歧较大", True, D(2026, 11, 10))
    window = open_window(qtbot, committee_db, Clock(TODAY))
    window.action_map[act.SATISFACTION_DAYS].trigger()
    wait_for_tasks(qtbot)
    [reminder] = [d for d in window.findChildren(ReminderDialog) if d.isVisible()]
    assert reminder.days.value() == 7  # on by default
    reminder.days.setValue(0)
    assert reminder.days.text() == "不提醒"
    reminder.days.setValue(5)
    click(qtbot, reminder.save_button)
    window.show_todo()
    wait_for_tasks(qtbot)
    assert any("满意度回访" in text for text in window.todo_view.texts())
    show_case(qtbot, window, case.id)
    window.action_map[act.SATISFACTION].trigger()
    wait_for_tasks(qtbot)
    [dialog] = [d for d in window.findChildren(SatisfactionDialog) if d.isVisible()]
    dialog.choice.setCurrentText("不满意")
    click(qtbot, dialog.save_button)
    assert error_at(dialog, "reason") == "不满意的，请写明原因"
    type_text(dialog.reason, "等待时间太长")
    _shot(dialog, "satisfaction-visit")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    assert [v.result for v in satisfaction.case_satisfaction(committee_db, case.id)] == ["不满意"]
