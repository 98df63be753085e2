"""工具 → 审计记录: the entries filtered by person, case, action and days; the verify button's verdict."""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from mediator_app.services import cases as svc
from mediator_app.services import privacy
from mediator_app.services.audit import AuditFilter
from mediator_app.services.desk import Desk
from mediator_app.storage.database import Database
from mediator_app.ui.audit_dialog import AuditDialog
from tests.factories import make_case
from tests.gui.conftest import wait_for_tasks

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("committee_db")]
TODAY = dt.date.today()


@pytest.fixture
def desk(db: Database, db_path: Path) -> Desk:
    first = svc.register_case(db, make_case(2, number=""), dt.date(2026, 11, 2))
    svc.register_case(db, make_case(2, number=""), dt.date(2026, 11, 3))
    assert first.id is not None
    privacy.reveal(db, first.id, 1, privacy.Revealed.ID_NUMBER, actor="王主任")
    return Desk(db, db_path)


def _rows(dialog: AuditDialog) -> list[list[str]]:
    table = dialog.table
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def test_entries_newest_first_and_filtered(qtbot: Any, desk: Desk) -> None:
    dialog = AuditDialog(desk, TODAY)
    qtbot.addWidget(dialog)
    wait_for_tasks(qtbot)
    rows = _rows(dialog)
    assert [r[3] for r in rows] == ["查看个人信息", "登记案件", "登记案件", "设置委员会"]
    assert "共 4 条" in dialog.count_label.text()
    dialog.actor.setCurrentText("王主任")
    dialog.reload()
    wait_for_tasks(qtbot)
    assert [r[1] for r in _rows(dialog)] == ["王主任"]
    dialog.actor.setCurrentIndex(0)
    dialog.action.setCurrentText("登记案件")
    dialog.case_number.setText(rows[1][2][-4:])  # a part of the newer case's number
    dialog.reload()
    wait_for_tasks(qtbot)
    assert [r[2] for r in _rows(dialog)] == [rows[1][2]]
    dialog.action.setCurrentIndex(0)
    dialog.case_number.setText("")
    dialog.use_days.setChecked(True)
    dialog.since.setDate(dialog.since.date().addYears(-5))
    dialog.until.setDate(dialog.until.date().addYears(-4))
    dialog.reload()
    wait_for_tasks(qtbot)
    assert _rows(dialog) == []  # written today, not in a range years back


def test_verify_says_whole_then_names_the_edited_row(qtbot: Any, desk: Desk, db_path: Path) -> None:
    dialog = AuditDialog(desk, TODAY)
    qtbot.addWidget(dialog)
    dialog.verify_button.click()
    wait_for_tasks(qtbot)
    assert "审计记录完整" in dialog.chain_label.text() and "共 4 条" in dialog.chain_label.text()
    with closing(sqlite3.connect(db_path)) as conn:
        conn.execute("UPDATE audit_log SET actor = '别人' WHERE id = 2")
        conn.commit()
    dialog.verify_button.click()
    wait_for_tasks(qtbot)
    assert "第 2 号记录的内容" in dialog.chain_label.text()


def test_the_access_report_from_the_window_opens_in_the_preview(
    qtbot: Any, desk: Desk, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QInputDialog, QWidget

    from mediator_app.ui.pipl_report import ask_for_report
    from mediator_app.ui.preview import PdfPreviewDialog

    person = svc.list_cases(db)[0]
    full = svc.get_case(db, person.id).parties[0].id_number
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: (full, True))
    opened: list[PdfPreviewDialog] = []
    monkeypatch.setattr(PdfPreviewDialog, "open", lambda self: opened.append(self))
    window = QWidget()
    qtbot.addWidget(window)
    ask_for_report(window, desk, TODAY)
    wait_for_tasks(qtbot)
    assert len(opened) == 1 and opened[0].pdf.startswith(b"%PDF") and opened[0].document.pageCount() >= 1
    assert desk.audit_entries(AuditFilter(action=privacy.REPORT_ACTION))  # the making is recorded


def test_the_case_view_masks_typed_numbers_and_reveals_a_full_number_on_demand(
    qtbot: Any, desk: Desk, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import QUrl

    from mediator_app.ui import messages
    from mediator_app.ui.case_view import CaseView

    summary = svc.list_cases(db)[0]
    case = svc.get_case(db, summary.id)
    full_id = case.parties[0].id_number
    case.facts = f"身份证{full_id}，电话13912345678。"
    view = CaseView()
    qtbot.addWidget(view)
    view.set_desk(desk)
    view.show_case(case)
    text = view.toPlainText()
    assert full_id not in text and "13912345678" not in text and "139****5678" in text
    assert "显示证件号码" in text
    shown: list[str] = []
    monkeypatch.setattr(messages, "inform", lambda _p, _t, body: shown.append(body))
    view.anchorClicked.emit(QUrl("reveal:证件号码:1"))
    wait_for_tasks(qtbot)
    assert len(shown) == 1 and full_id in shown[0] and "已记入审计记录" in shown[0]
    assert desk.audit_entries(AuditFilter(action=privacy.VIEW_ACTION))[0].case_id == case.id
