"""口头协议登记 and 统计信息 driven like a user: typed on one screen, saved once, the case at 达成口头协议 with its
statistics; a missing agreement is shown at its field and nothing is written."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt

from mediator_app.domain.money import Money
from mediator_app.domain.stages import Stage
from mediator_app.domain.statistics import AgreementForm, Outcome
from mediator_app.services import cases as svc
from mediator_app.services.desk import Desk
from mediator_app.storage.database import Database
from mediator_app.ui.clock import Clock
from mediator_app.ui.oral_entry_dialog import OralEntryDialog
from mediator_app.ui.stats_dialog import StatsDialog
from tests.gui.conftest import type_text, wait_for_tasks

pytestmark = pytest.mark.gui
TODAY = dt.date(2026, 11, 20)


def open_dialog(qtbot: Any, db: Database) -> OralEntryDialog:
    dialog = OralEntryDialog(Desk(db), Clock(TODAY))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def fill(dialog: OralEntryDialog, agreement: str = "被申请人当日疏通排水沟，双方不再争执。") -> None:
    type_text(dialog.applicant, "李桂芳")
    type_text(dialog.applicant_phone, "13812345678")
    type_text(dialog.respondent, "赵德胜")
    type_text(dialog.respondent_phone, "13987654321")
    type_text(dialog.facts, "两家因院墙排水沟堵塞发生争吵。")
    if agreement:
        type_text(dialog.agreement, agreement)
    type_text(dialog.mediator, "王秀兰")
    dialog.prevention.setCurrentText("预防纠纷")
    dialog.prevention_people.setValue(4)
    dialog.groups["elderly"].setChecked(True)


def save_oral(qtbot: Any, dialog: OralEntryDialog) -> Any:
    with qtbot.waitSignal(dialog.case_saved) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        wait_for_tasks(qtbot)
    return saved.args[0]


def test_an_oral_mediation_is_recorded_from_one_screen(qtbot: Any, committee_db: Database) -> None:
    dialog = open_dialog(qtbot, committee_db)
    fill(dialog)
    case = save_oral(qtbot, dialog)
    assert case.status is Stage.ORAL_AGREEMENT and case.registered_on == TODAY
    stats = Desk(committee_db).case_stats(case.id)
    assert (stats.outcome, stats.agreement_form, stats.closed_on) == (Outcome.SUCCESS, AgreementForm.ORAL, TODAY)
    assert (stats.prevent_dispute, stats.elderly) == (4, True)


def test_without_the_agreement_nothing_is_written(qtbot: Any, committee_db: Database) -> None:
    dialog = open_dialog(qtbot, committee_db)
    fill(dialog, agreement="")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_for_tasks(qtbot)
    assert dialog.isVisible()
    assert "协议内容" in dialog.field_errors.box("state.oral_content").message
    assert svc.list_cases(committee_db) == []


def test_statistics_of_a_case_are_edited_and_a_bad_amount_is_shown_at_its_field(
    qtbot: Any, committee_db: Database
) -> None:
    dialog = open_dialog(qtbot, committee_db)
    fill(dialog)
    case = save_oral(qtbot, dialog)
    desk = Desk(committee_db)
    stats_dialog = StatsDialog(desk, Clock(TODAY), case, desk.case_stats(case.id))
    qtbot.addWidget(stats_dialog)
    stats_dialog.show()
    type_text(stats_dialog.amount, "十二元")
    qtbot.mouseClick(stats_dialog.save_button, Qt.MouseButton.LeftButton)
    wait_for_tasks(qtbot)
    assert "金额" in stats_dialog.field_errors.box("stats.amount").message
    stats_dialog.amount.setText("1200.50")
    stats_dialog.flags["prevent_crime"].setValue(3)
    stats_dialog.difficulty.set_value("疑难")
    with qtbot.waitSignal(stats_dialog.stats_saved):
        qtbot.mouseClick(stats_dialog.save_button, Qt.MouseButton.LeftButton)
        wait_for_tasks(qtbot)
    stored = desk.case_stats(case.id)
    assert (stored.amount, stored.prevent_crime, stored.prevent_dispute) == (Money(120_050), 3, 4)
    assert stored.difficulty.value == "疑难" and stored.closed_on == TODAY  # the step's closing date kept
