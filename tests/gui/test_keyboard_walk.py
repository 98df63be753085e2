"""A new mediator with the keyboard alone (issue "usable by an older mediator"): 特大 text by Ctrl+加号,
登记新案件 by Ctrl+N and its fields reached with Tab, saved with Ctrl+S; 填写协议条款 by Ctrl+T on that
case, a money term and an act typed (dates as digits), saved with Ctrl+S; its agreement printed by
Ctrl+P and saved as PDF from the preview. Chinese is typed as a pinyin input method commits it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QComboBox, QFileDialog, QMessageBox, QWidget

from mediator_app.domain.money import Money
from mediator_app.services import cases as svc
from mediator_app.services import satisfaction
from mediator_app.storage.database import Database
from mediator_app.ui import text_size
from mediator_app.ui.agreement import AgreementDialog
from mediator_app.ui.preview import PdfPreviewDialog
from mediator_app.ui.register import RegisterDialog
from tests.docfixtures import mediated
from tests.gui.conftest import wait_for_tasks
from tests.gui.test_main_window import open_window
from tests.pdfcheck import needs_poppler, pdf_text

pytestmark = [pytest.mark.gui, needs_poppler]

LIU_ID = "110105196503151020"
JI_ID = "130102198801013519"


@pytest.fixture(autouse=True)
def _standard_text_size(qapp: QApplication) -> Iterator[None]:
    yield
    text_size.apply_text_size(qapp, "标准")  # Ctrl+加号 remembered 特大: the next test starts at 标准


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "the keyboard focus is nowhere"
    return widget


def tab_to(qtbot: Any, target: QWidget, limit: int = 80) -> list[QWidget]:
    """Press Tab until `target` (or a widget inside it) has the focus; returns the widgets passed."""
    passed: list[QWidget] = []
    for _ in range(limit):
        widget = focused()
        if widget is target or target.isAncestorOf(widget):
            return passed
        passed.append(widget)
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    names = [type(w).__name__ for w in passed[:20]]
    raise AssertionError(f"Tab never reaches {type(target).__name__}; it goes round {names}")


def ime(text: str) -> None:
    """What a pinyin input method sends when the mediator picks the characters."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(focused(), event)


def fill_party(qtbot: Any, dialog: RegisterDialog, name: str, id_number: str) -> None:
    editor = dialog.editor
    tab_to(qtbot, editor.name)
    ime(name)
    tab_to(qtbot, editor.id_number)
    qtbot.keyClicks(focused(), id_number)
    tab_to(qtbot, editor.address)
    ime("北京市朝阳区和平街15号楼")
    tab_to(qtbot, editor.phone)
    qtbot.keyClicks(focused(), "13812345678")


def test_register_a_case_and_print_its_agreement_with_the_keyboard_alone(
    qtbot: Any, committee_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The walk starts on the case list: no satisfaction call due today puts 今日待办 first (on by default).
    satisfaction.save_satisfaction_days(committee_db, 0)
    window = open_window(qtbot, Path(committee_db.description))
    window.activateWindow()
    qtbot.waitExposed(window)
    for _ in range(2):
        qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)  # Ctrl+加号
    assert text_size.current() == "特大"

    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), RegisterDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, RegisterDialog)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None and dialog.isAncestorOf(focused()))

    fill_party(qtbot, dialog, "刘䶮", LIU_ID)
    tab_to(qtbot, dialog.party_table)
    qtbot.keyClick(focused(), Qt.Key.Key_Down)  # the second party: 被申请人
    fill_party(qtbot, dialog, "吉𠮷祥", JI_ID)
    tab_to(qtbot, dialog.dispute_type)
    for _ in range(dialog.dispute_type.count()):
        if dialog.dispute_type.currentText() == "邻里纠纷":
            break
        qtbot.keyClick(focused(), Qt.Key.Key_Down)
    assert dialog.dispute_type.currentText() == "邻里纠纷"
    tab_to(qtbot, dialog.mediators)
    ime("王秀兰")
    tab_to(qtbot, dialog.facts)
    ime("楼上卫生间渗水，楼下吊顶受损。")
    tab_to(qtbot, dialog.claims)
    ime("请求赔偿修复费用。")
    tab_to(qtbot, dialog.privacy_notice)
    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    assert dialog.privacy_notice.isChecked()

    with qtbot.waitSignal(dialog.case_saved, timeout=10_000) as saved:
        qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_for_tasks(qtbot)
    case = saved.args[0]
    assert [p.name for p in svc.get_case(committee_db, case.id).parties] == ["刘䶮", "吉𠮷祥"]
    assert window.statusBar().currentMessage() == f"已保存：{case.number}"  # said, not only done
    qtbot.waitUntil(lambda: window.case_view.case is not None and window.case_view.case.id == case.id)

    enter_terms(qtbot, window, case.id)
    saved_case = svc.get_case(committee_db, case.id)
    assert saved_case.agreement is not None
    terms = saved_case.agreement.terms
    assert [(t.obligor, t.obligee, t.action) for t in terms] == [
        (2, 1, "赔偿吊顶修复费用"),
        (2, None, "修复卫生间防水层"),
    ]
    assert terms[0].amount == Money.parse("3600") and terms[1].amount is None
    assert [t.deadline for t in terms] == [dt.date(2027, 1, 15), dt.date(2027, 1, 31)]

    # Ctrl+P at 登记 is refused (PML Art. 28); Enter on 到“办理步骤”办理 puts the keyboard on 受理.
    window.activateWindow()  # what the window manager does when a dialog closes
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    assert focused() is window.case_list.table  # back on the list, not nowhere
    qtbot.keyClick(focused(), Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QMessageBox), timeout=20_000)
    refusal = QApplication.activeModalWidget()
    assert isinstance(refusal, QMessageBox) and "《人民调解法》第二十八条" in refusal.text()
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not refusal.isVisible())
    window.activateWindow()
    qtbot.waitUntil(lambda: focused() is window.case_pane.panel.buttons["受理"])
    # 受理 and 调解 have their own dialogs (walked in tests/gui/test_procedure_flow.py); here the services.
    mediated(committee_db, case.id)
    window.refresh_all()
    wait_for_tasks(qtbot)

    # Now Ctrl+P previews this case's agreement; Tab reaches 另存为PDF… and Space presses it.
    target = tmp_path / "协议书.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    window.case_list.table.setFocus()
    qtbot.waitUntil(lambda: focused() is window.case_list.table)
    qtbot.keyClick(focused(), Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), PdfPreviewDialog), timeout=20_000)
    preview = QApplication.activeModalWidget()
    assert isinstance(preview, PdfPreviewDialog)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None and preview.isAncestorOf(focused()))
    tab_to(qtbot, preview.save_button)
    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    qtbot.waitUntil(target.exists)
    assert target.read_bytes().startswith(b"%PDF")
    assert "叁仟陆佰元整" in pdf_text(target.read_bytes()).replace("\n", "")
    # "已保存为…" is told in a box: Enter closes it, as a keyboard user would (left open, the next
    # test's dialog would not get the keyboard).
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QMessageBox))
    told = QApplication.activeModalWidget()
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: told is not None and not told.isVisible())


def choose(qtbot: Any, combo: QComboBox, text: str) -> None:
    """↓ through a drop-down list until `text` is chosen."""
    tab_to(qtbot, combo)
    for _ in range(combo.count() + 1):
        if text in combo.currentText():
            return
        qtbot.keyClick(focused(), Qt.Key.Key_Down)
    raise AssertionError(f"↓ never reaches {text} in {[combo.itemText(i) for i in range(combo.count())]}")


def enter_terms(qtbot: Any, window: Any, case_id: int | None) -> None:
    """Ctrl+T on the registered case: 争议事项 and 各方责任, a money term and an act, Ctrl+S."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(focused(), Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), AgreementDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, AgreementDialog) and dialog.case.id == case_id
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None and dialog.isAncestorOf(focused()))
    tab_to(qtbot, dialog.disputed_matters)
    ime("楼上卫生间渗水造成楼下吊顶受损的赔偿")
    tab_to(qtbot, dialog.responsibilities)
    ime("被申请人对渗水负全部责任")
    editor = dialog.editor
    choose(qtbot, editor.obligor, "吉𠮷祥")
    choose(qtbot, editor.obligee, "刘䶮")
    tab_to(qtbot, editor.action)
    ime("赔偿吊顶修复费用")
    tab_to(qtbot, editor.amount)
    qtbot.keyClicks(focused(), "3600")
    assert "叁仟陆佰元整" in editor.amount_words.text()
    tab_to(qtbot, editor.deadline)
    qtbot.keyClicks(focused(), "20270115")  # an empty date takes the digits as typed

    tab_to(qtbot, dialog.add_term_button)
    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    assert dialog.term_table.rowCount() == 2
    assert focused() is editor.obligor  # the new term's first field, not back at the top
    choose(qtbot, editor.obligor, "吉𠮷祥")
    tab_to(qtbot, editor.action)
    ime("修复卫生间防水层")
    tab_to(qtbot, editor.deadline)
    qtbot.keyClicks(focused(), "20270131")

    with qtbot.waitSignal(dialog.case_saved, timeout=10_000):
        qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_for_tasks(qtbot)
