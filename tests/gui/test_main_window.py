"""The main window: first run, the case list and view, registering from the tool bar, printing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog

from mediator_app.services import cases as svc
from mediator_app.storage.database import Database
from mediator_app.ui import actions as act
from mediator_app.ui import messages
from mediator_app.ui.agreement import AgreementDialog
from mediator_app.ui.caselist.model import CASE_ID_ROLE
from mediator_app.ui.main_window import MainWindow
from mediator_app.ui.preview import PdfPreviewDialog
from mediator_app.ui.register import RegisterDialog
from mediator_app.ui.setup_dialog import CommitteeDialog
from tests.docfixtures import mediated
from tests.factories import make_case
from tests.gui.conftest import type_text, wait_for_tasks

pytestmark = pytest.mark.gui


def open_window(qtbot: Any, path: Path) -> MainWindow:
    window = MainWindow(path)
    qtbot.addWidget(window)
    window.resize(1300, 800)
    window.show()
    with qtbot.waitSignal(window.database_ready, timeout=10_000):
        window.open_database()
    return window


def db_path(db: Database) -> Path:
    return Path(db.description)


def select_first_case(qtbot: Any, window: MainWindow) -> None:
    """The first row's case shown: the window shows it itself at the list's first load."""
    first = window.case_list.table.model().index(0, 0).data(CASE_ID_ROLE)
    if not window.case_list.table.selectionModel().isRowSelected(0):
        window.case_list.table.selectRow(0)
    qtbot.waitUntil(lambda: window.case_view.case is not None and window.case_view.case.id == first, timeout=10_000)


def test_first_run_asks_for_the_committee(qtbot: Any, tmp_path: Path) -> None:
    window = open_window(qtbot, tmp_path / "new.sqlite3")
    dialog = window.findChild(CommitteeDialog)
    assert dialog is not None and dialog.isVisible() and dialog.windowTitle() == "初次使用设置"
    assert dialog.pattern.text() == "（{年}）{简称}调字第{序号}号"
    assert not window.action_map[act.PRINT_AGREEMENT].isEnabled()

    dialog.pattern.setText("{简称}调字第{序号}号")  # no year: refused
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_for_tasks(qtbot)
    assert dialog.field_errors.box("name").message == "请填写人民调解委员会名称"
    assert dialog.field_errors.box("short_name").message == "请填写简称（用于案件编号）"
    assert "{年}" in dialog.field_errors.box("case_number_pattern").message

    type_text(dialog.name, "北京市朝阳区和平街道人民调解委员会")
    type_text(dialog.short_name, "朝和")
    dialog.pattern.setText("（{年}）{简称}调字第{序号:03}号")
    assert dialog.example.text().endswith("朝和调字第001号")
    with qtbot.waitSignal(dialog.committee_saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        wait_for_tasks(qtbot)
    assert window.windowTitle() == "北京市朝阳区和平街道人民调解委员会 — 调解工作台"
    assert window.action_map[act.REGISTER].isEnabled()


def test_list_and_case_view_show_the_case_with_masked_numbers(qtbot: Any, committee_db: Database) -> None:
    case = svc.register_case(committee_db, make_case(3))
    window = open_window(qtbot, db_path(committee_db))
    assert window.case_list.model.rowCount() == 1
    assert window.case_list.table.model().index(0, 3).data() == "刘䶮、吉𠮷祥等3人"  # two names fit the column
    select_first_case(qtbot, window)

    text = window.case_view.toPlainText()
    assert "刘䶮" in text and "吉𠮷祥" in text
    party = case.parties[0]
    assert party.id_number not in text and party.id_number[:6] + "********" in text
    assert party.phone not in text and party.phone[:3] + "****" in text
    assert (
        "被申请人吉𠮷祥于2026年12月31日前向申请人刘䶮支付漏水造成的房屋修复费用人民币壹万贰仟元整（¥12,000.00）"
    ) in text
    assert all(window.action_map[key].isEnabled() for key in act.case_actions())


def test_register_from_the_tool_bar_adds_and_selects_the_case(qtbot: Any, committee_db: Database) -> None:
    window = open_window(qtbot, db_path(committee_db))
    window.action_map[act.REGISTER].trigger()
    dialog = window.findChild(RegisterDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.dispute_type.setCurrentIndex(0)
    type_text(dialog.facts, "相邻通行纠纷")
    for row, name in ((0, "刘䶮"), (1, "吉𠮷祥")):
        dialog.party_table.selectRow(row)
        type_text(dialog.editor.name, name)
    with qtbot.waitSignal(window.case_shown, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert window.case_list.model.rowCount() == 1
    assert window.case_view.case is not None and window.case_view.case.parties[1].name == "吉𠮷祥"
    assert "吉𠮷祥" in window.case_view.toPlainText()
    assert window.count_label.text() == "共 1 件案件"


def test_search_box_finds_by_any_party_name(qtbot: Any, committee_db: Database) -> None:
    svc.register_case(committee_db, make_case(6))
    other = make_case(2)
    other.parties[0].name = "王建国"
    other.parties[1].name = "李秀英"
    svc.register_case(committee_db, other)
    window = open_window(qtbot, db_path(committee_db))
    assert window.case_list.model.rowCount() == 2 and not window.case_list.searching()
    type_text(window.case_list.search, "䶮")
    qtbot.waitUntil(window.case_list.searching)
    assert window.case_list.results.results.rowCount() == 1
    window.case_list.search.clear()
    assert not window.case_list.searching()
    type_text(window.case_list.search, "李秀英")
    qtbot.waitUntil(lambda: window.case_list.searching() and window.case_list.results.results.result.query == "李秀英")
    assert window.case_list.results.results.rowCount() == 1


def test_print_shows_preview_which_prints_and_saves(
    qtbot: Any, committee_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = svc.register_case(committee_db, make_case(3))
    assert saved.id is not None
    mediated(committee_db, saved.id)
    window = open_window(qtbot, db_path(committee_db))
    select_first_case(qtbot, window)
    window.action_map[act.PRINT_AGREEMENT].trigger()
    wait_for_tasks(qtbot)
    preview = window.findChild(PdfPreviewDialog)
    assert preview is not None and preview.isVisible()
    pages = preview.document.pageCount()
    assert pages >= 1 and preview.copies == 4  # three parties and the committee

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert preview.print_to(printer) == pages
    assert (tmp_path / "printed.pdf").read_bytes().startswith(b"%PDF")

    target = tmp_path / "out" / "协议书.pdf"
    target.parent.mkdir()
    informed: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target.with_suffix("")), ""))
    monkeypatch.setattr(messages, "inform", lambda _p, _t, text: informed.append(text))
    preview.save_with_dialog()
    assert target.read_bytes() == preview.pdf and str(target) in informed[0]
    assert [p.name for p in target.parent.iterdir()] == ["协议书.pdf"]  # no temporary file left behind


def print_problems(qtbot: Any, db: Database, case: Any) -> Any:
    saved = svc.register_case(db, case)
    assert saved.id is not None
    mediated(db, saved.id)
    window = open_window(qtbot, db_path(db))
    select_first_case(qtbot, window)
    window.action_map[act.PRINT_AGREEMENT].trigger()
    wait_for_tasks(qtbot)
    assert window.findChild(PdfPreviewDialog) is None
    assert window.print_problems.isVisible()
    return window.print_problems


def test_print_lists_what_is_missing_in_words(qtbot: Any, committee_db: Database) -> None:
    case = make_case(3)
    case.parties[1].address = ""
    case.mediators = []
    box = print_problems(qtbot, committee_db, case)
    assert "第2位当事人（吉𠮷祥）：吉𠮷祥的住址未填写" in box.text()
    assert "请填写主持调解的人民调解员" in box.text()
    assert {b.text() for b in box.buttons()} == {"修改案件信息", "关闭"}


def test_print_without_agreement_leads_to_the_agreement_dialog(qtbot: Any, committee_db: Database) -> None:
    case = make_case(3)
    case.agreement = None
    box = print_problems(qtbot, committee_db, case)
    assert "尚未填写协议内容" in box.text()
    [go] = [b for b in box.buttons() if b.text() == "填写协议条款"]
    qtbot.mouseClick(go, Qt.MouseButton.LeftButton)
    assert box.parent().findChild(AgreementDialog).isVisible()


def test_closing_the_window_keeps_an_unsaved_dialog(qtbot: Any, committee_db: Database, answers: Any) -> None:
    window = open_window(qtbot, db_path(committee_db))
    dialog = window.register_case()
    assert dialog is not None
    type_text(dialog.facts, "还没保存的内容")
    answers.discard = False
    window.close()
    assert window.isVisible() and dialog.isVisible()
    answers.discard = True
    window.close()
    assert not window.isVisible()
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_agreement_of_a_concluded_case_is_not_opened_for_editing(
    qtbot: Any, committee_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    warned: list[str] = []
    monkeypatch.setattr(messages, "warn", lambda _p, _t, text, *_a: warned.append(text))
    case = make_case(3)
    case.status = "达成书面协议"
    svc.register_case(committee_db, case)
    window = open_window(qtbot, db_path(committee_db))
    select_first_case(qtbot, window)
    window.action_map[act.AGREEMENT].trigger()
    assert window.findChild(AgreementDialog) is None
    assert "达成书面协议" in warned[0] and "不能再修改协议条款" in warned[0]


def test_the_frame_paints_first_then_the_window_is_built_and_the_file_opened(
    qtbot: Any, committee_db: Database
) -> None:
    """What the program does at start (app.run_gui): until the first paint only the frame exists."""
    svc.register_case(committee_db, make_case())
    window = MainWindow(db_path(committee_db))
    qtbot.addWidget(window)
    assert not hasattr(window, "case_pane") and window.db is None
    assert [k for k, a in window.action_map.items() if a.isEnabled()] == [act.QUIT]
    prepared: list[bool] = []
    window.open_database_after_first_paint(prepare=lambda: prepared.append(hasattr(window, "case_pane")))
    assert not hasattr(window, "case_pane")  # nothing is built before the window has painted
    with qtbot.waitSignal(window.database_ready, timeout=10_000):
        window.show()
    assert prepared == [False]  # the application's own set-up ran before the build
    assert window.splitter.widget(0) is window.left_tabs and window.splitter.widget(1) is window.case_pane
    assert window.case_list.model.rowCount() == 1 and window.action_map[act.REGISTER].isEnabled()
    assert window.action_map[act.REGISTER].shortcut().toString() == "Ctrl+N"
