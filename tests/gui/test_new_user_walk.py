"""A new user's walk through the statistics, on the real windows and by their widgets: record
yesterday's oral mediation on the 口头协议登记 screen with the keyboard, open 统计报表 (last month by
default), 生成, read the mistake the check names (a written agreement with a payment but no 涉及金额),
open that case from the check list, fix it, see the report generated again without the flag, 确认并冻结,
save XLSX and PDF, and read the XLSX back: the oral case is counted.

The oral screen needs five fields typed (the two parties' names, the one-line summary, the agreement,
the mediator); here also the two phones and the date of yesterday (↓ on the month, 30 on the day).

Screenshots of every step, as the office PC's screen shows them: run with
``MEDIATOR_TEST_SCREEN=1366x768 MEDIATOR_SCREENSHOTS=DIR`` (each PNG is the 1366×768 screen: the main
window with the dialogs over it, where Qt placed them)."""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication, QPainter, QPixmap
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDateTimeEdit, QFileDialog, QLabel, QWidget

from mediator_app.domain.records import RecordKind, StepRecord
from mediator_app.domain.statistics import AgreementForm
from mediator_app.services import procedure as proc
from mediator_app.services.desk import Desk
from mediator_app.services.statistics.period import Kind, Period
from mediator_app.storage.database import Database
from mediator_app.ui import actions as act
from mediator_app.ui.clock import Clock
from mediator_app.ui.main_window import MainWindow
from mediator_app.ui.oral_entry_dialog import OralEntryDialog
from mediator_app.ui.stats_dialog import StatsDialog
from mediator_app.ui.stats_window import StatisticsDialog
from tests.factories import make_agreement
from tests.gui.conftest import type_text, wait_for_tasks
from tests.gui.procedure_helpers import click, open_window, register

pytestmark = pytest.mark.gui
D = dt.date
TODAY = D(2026, 12, 1)  # the first working day of the month: last month's report is due
REQUIRED_ORAL_FIELDS = 5


class Shots:
    """The screen as the user sees it after each step (saved only when MEDIATOR_SCREENSHOTS names a folder)."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        folder = os.environ.get("MEDIATOR_SCREENSHOTS", "")
        self.folder = Path(folder) if folder else None
        self.taken: list[str] = []

    def __call__(self, name: str, *dialogs: QWidget) -> None:
        QApplication.processEvents()  # the layouts a change asked for, as the event loop would run them
        screen = QGuiApplication.primaryScreen().geometry()
        picture = QPixmap(screen.size())
        painter = QPainter(picture)
        painter.drawPixmap(self.window.pos(), self.window.grab())
        for dialog in dialogs:
            painter.drawPixmap(dialog.mapToGlobal(QPoint(0, 0)), dialog.grab())
        painter.end()
        self.taken.append(name)
        if self.folder is not None:
            picture.save(str(self.folder / f"walk-{len(self.taken):02d}-{name}.png"))


def written_case_without_amount(db: Database) -> str:
    """Last month's written agreement with a payment of 12,000 元 whose 涉及金额 nobody filled in."""
    case = register(db, registered_on=D(2026, 11, 2))
    assert case.id is not None
    cid = case.id
    proc.accept(db, cid, rights_notified_on=D(2026, 11, 2), today=D(2026, 11, 2))
    Desk(db).save_agreement(cid, make_agreement())  # pays 12,000 元 (and removes a shed)
    held = StepRecord(
        RecordKind.SESSION,
        dt.datetime(2026, 11, 5, 9, 30),
        "调解室",
        "马德明",
        "高晓燕",
        "双方陈述。",
        parties_present="双方当事人",
        result="同意调解。",
    )
    proc.record_session(db, cid, held, mediator_choice="委员会指定", publicity="不公开", today=D(2026, 11, 5))
    proc.conclude_written(db, cid, today=D(2026, 11, 9))
    return case.number


def record_oral_mediation(qtbot: Any, window: MainWindow, shot: Shots) -> OralEntryDialog:
    window.action_map[act.ORAL_ENTRY].trigger()
    dialog = window.findChild(OralEntryDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    shot("oral-empty", dialog)
    click(qtbot, dialog.save_button)  # 保存 on the empty screen says everything that must be filled, at once
    must = {e.path for e in dialog.field_errors.errors}
    shot("oral-what-is-required", dialog)
    assert len(must) == REQUIRED_ORAL_FIELDS, must
    assert dialog.field_errors.box("applicant").message == "姓名不能为空"  # at the row, not above the form
    type_text(dialog.applicant, "李桂芳")
    qtbot.keyClicks(dialog.applicant_phone, "13812345678")
    type_text(dialog.respondent, "赵德胜")
    qtbot.keyClicks(dialog.respondent_phone, "13987654321")
    type_text(dialog.facts, "两家因院墙排水沟堵塞发生争吵。")
    type_text(dialog.agreement, "赵德胜当日疏通排水沟，双方不再争执。")
    dialog.held_at.setFocus()
    dialog.held_at.setSelectedSection(QDateTimeEdit.Section.MonthSection)
    QTest.keyClick(dialog.held_at, Qt.Key.Key_Down)  # mediated yesterday, recorded this morning
    dialog.held_at.setSelectedSection(QDateTimeEdit.Section.DaySection)
    qtbot.keyClicks(dialog.held_at, "30")
    type_text(dialog.mediator, "王秀兰")
    shot("oral-filled", dialog)
    return dialog


def test_a_new_user_records_an_oral_case_and_reports_last_month(
    qtbot: Any, committee_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    number = written_case_without_amount(committee_db)
    window = open_window(qtbot, committee_db, Clock(TODAY))
    window.resize(1366, 768)
    window.move(0, 0)
    shot = Shots(window)
    shot("main")

    # 1. The oral mediation, typed on one screen; saved, the window shows it.
    oral = record_oral_mediation(qtbot, window, shot)
    with qtbot.waitSignal(oral.case_saved) as saved:
        click(qtbot, oral.save_button)
    oral_case = saved.args[0]
    assert oral_case.registered_on == D(2026, 11, 30)
    assert Desk(committee_db).case_stats(oral_case.id).agreement_form is AgreementForm.ORAL
    wait_for_tasks(qtbot)
    shot("oral-saved")

    # 2. 统计报表: last month is already chosen; 生成 names the case with its mistake.
    window.action_map[act.STATISTICS_WINDOW].trigger()
    stats = window.findChild(StatisticsDialog)
    assert stats is not None
    qtbot.waitExposed(stats)
    assert stats.period() == Period.of(Kind.MONTHLY, 2026, month=11)
    click(qtbot, stats.generate_button)
    assert stats.report is not None
    flagged = [stats.problems.item(i).text() for i in range(stats.problems.count())]
    assert flagged == [f"{number}：协议约定了给付金额，但没有填写涉及金额（请在该案件的“统计信息”中填写）"]
    assert not stats.confirm_button.isEnabled() and stats.fix_button.isEnabled()
    assert "校验发现1处问题，改正以后才能确认" in stats.state.text()
    shot("report-flagged", stats)

    # 3. From the flagged line to the case: its 统计信息 opens over the report, the case shown behind.
    rect = stats.problems.visualItemRect(stats.problems.item(0))
    qtbot.mouseClick(stats.problems.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # a double click's
    qtbot.mouseDClick(stats.problems.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # two events
    wait_for_tasks(qtbot)
    fix = stats.fix_dialog
    assert isinstance(fix, StatsDialog) and fix.isVisible()
    assert window.case_view.case is not None and window.case_view.case.number == number
    assert fix.amount.hasFocus()
    assert any(w.text() == "协议约定的给付金额合计：¥12,000.00" for w in fix.findChildren(QLabel))
    qtbot.keyClicks(fix.amount, "12000")
    shot("case-fixed", stats, fix)
    click(qtbot, fix.save_button)
    wait_for_tasks(qtbot)

    # 4. The report was generated again from the cases as they are now: nothing flagged.
    assert not fix.isVisible()
    assert stats.report.problems == [] and stats.problems.item(0).text() == "未发现问题"
    assert not stats.fix_button.isEnabled()
    shot("report-clean", stats)

    # 5. 确认并冻结 by the person logged in, then both files.
    assert stats.actor.text(), "the confirmer is filled in from the login"
    click(qtbot, stats.confirm_button)
    assert stats.report.version == 1 and "已冻结" in stats.state.text()
    shot("report-frozen", stats)
    files = {suffix: tmp_path / f"2026年11月月报{suffix}" for suffix in (".xlsx", ".pdf")}
    for suffix, target in files.items():
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, _t=target, **_k: (str(_t), ""))
        click(qtbot, stats.xlsx_button if suffix == ".xlsx" else stats.pdf_button)
        assert "已保存" in stats.state.text() and "已冻结" in stats.state.text()
    shot("report-saved", stats)
    assert files[".pdf"].read_bytes().startswith(b"%PDF")

    # 6. The workbook read back: two cases closed in November, one of them oral, 12,000 元 involved.
    book = load_workbook(io.BytesIO(files[".xlsx"].read_bytes()), data_only=True)
    summary = {row[0]: row[1] for row in book["综合情况"].iter_rows(values_only=True) if row and row[0]}
    assert summary["本期办结"] == 2
    assert summary["口头协议"] == 1
    assert summary["涉及金额（元）"] == 12000
    stats.reject()
