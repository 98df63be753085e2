"""填写协议条款: amounts parsed where typed, a term without a deadline refused, nothing saved on error."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from mediator_app.domain.model import Case
from mediator_app.domain.money import Money
from mediator_app.services import cases as svc
from mediator_app.services.desk import Desk
from mediator_app.storage.database import Database
from mediator_app.ui.agreement import AgreementDialog
from tests.factories import make_case
from tests.gui.conftest import Answers, type_text, wait_for_tasks

pytestmark = pytest.mark.gui


@pytest.fixture
def case(committee_db: Database) -> Case:
    new = make_case(3)
    new.agreement = None
    return svc.register_case(committee_db, new)


def open_dialog(qtbot: Any, db: Database, case: Case) -> AgreementDialog:
    dialog = AgreementDialog(Desk(db), case)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def fill_term(dialog: AgreementDialog, row: int, amount: str, deadline: dt.date | None) -> None:
    dialog.select_item("agreement.terms", row)
    editor = dialog.editor
    editor.obligor.setCurrentIndex(editor.obligor.findData(2))  # 吉𠮷祥 pays
    editor.obligee.setCurrentIndex(editor.obligee.findData(1))  # 刘䶮
    type_text(editor.action, "支付房屋修复费用")
    editor.amount.clear()
    type_text(editor.amount, amount)
    editor.deadline.set_value(deadline)
    type_text(editor.manner, "银行转账")


def click_save(qtbot: Any, dialog: AgreementDialog) -> None:
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_for_tasks(qtbot)


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-5", "金额不能为负数"),
        ("abc", "金额应为数字，最多两位小数，例如 12000 或 12000.50"),
    ],
)
def test_bad_amount_is_shown_at_the_amount_and_nothing_saved(
    qtbot: Any, committee_db: Database, case: Case, amount: str, message: str
) -> None:
    dialog = open_dialog(qtbot, committee_db, case)
    type_text(dialog.disputed_matters, "修复费用的承担")
    fill_term(dialog, 0, amount, dt.date(2026, 12, 31))
    assert dialog.editor.amount_words.text() == ""

    click_save(qtbot, dialog)

    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.field_errors.box("agreement.terms[].amount").message == message
    assert dialog.editor.amount.text() == amount  # kept as typed
    assert svc.get_case(committee_db, case.id).agreement is None


def test_term_without_deadline_is_refused_and_all_problems_shown_together(
    qtbot: Any, committee_db: Database, case: Case
) -> None:
    dialog = open_dialog(qtbot, committee_db, case)
    fill_term(dialog, 0, "3600", dt.date(2026, 12, 31))
    qtbot.mouseClick(dialog.add_term_button, Qt.MouseButton.LeftButton)
    fill_term(dialog, 1, "abc", None)  # bad amount and no deadline on the second term
    dialog.select_item("agreement.terms", 0)

    click_save(qtbot, dialog)

    assert dialog.term_table.currentRow() == 1  # the term with the problem is brought up
    deadline_message = "请填写履行期限（具体日期），否则协议内容不明确"
    assert dialog.field_errors.box("agreement.terms[].deadline").message == deadline_message
    assert dialog.field_errors.box("agreement.terms[].amount").message.startswith("金额应为数字")
    assert dialog.term_table.item(1, 2).text().endswith("支付房屋修复费用")
    assert dialog.term_table.item(1, 4).text() == "未填写"
    assert svc.get_case(committee_db, case.id).agreement is None

    dialog.select_item("agreement.terms", 0)  # the first term has no problem
    assert dialog.field_errors.box("agreement.terms[].deadline").message == ""


def test_deadline_only_problem_goes_through_the_service(qtbot: Any, committee_db: Database, case: Case) -> None:
    dialog = open_dialog(qtbot, committee_db, case)
    fill_term(dialog, 0, "3600", None)
    click_save(qtbot, dialog)
    assert "请填写履行期限" in dialog.field_errors.box("agreement.terms[].deadline").message
    assert svc.get_case(committee_db, case.id).agreement is None


def test_valid_agreement_is_saved(qtbot: Any, committee_db: Database, case: Case, answers: Answers) -> None:
    dialog = open_dialog(qtbot, committee_db, case)
    type_text(dialog.disputed_matters, "修复费用由谁承担")
    type_text(dialog.breach_clause, "逾期付款的，按日万分之五支付违约金。")
    dialog.signed_on.set_value(dt.date(2026, 11, 20))
    fill_term(dialog, 0, "３６００元", dt.date(2026, 12, 31))  # full-width digits as a pinyin IME types them
    assert dialog.editor.amount_words.text() == "即：人民币叁仟陆佰元整（¥3,600.00）"

    with qtbot.waitSignal(dialog.case_saved):
        click_save(qtbot, dialog)

    assert dialog.result() == QDialog.DialogCode.Accepted and answers.asked == []
    agreement = svc.get_case(committee_db, case.id).agreement
    assert agreement is not None
    assert agreement.disputed_matters == "修复费用由谁承担"
    assert agreement.signed_on == dt.date(2026, 11, 20)
    [term] = agreement.terms
    assert (term.seq, term.obligor, term.obligee, term.amount) == (1, 2, 1, Money(360_000))
    assert term.deadline == dt.date(2026, 12, 31) and term.manner == "银行转账"


def test_existing_terms_are_loaded_and_unchanged_input_closes_quietly(
    qtbot: Any, committee_db: Database, answers: Answers
) -> None:
    saved = svc.register_case(committee_db, make_case(3))
    dialog = open_dialog(qtbot, committee_db, saved)
    assert dialog.term_table.rowCount() == 2
    assert dialog.editor.amount.text() == "12000.00"
    assert dialog.editor.obligor.currentText() == "被申请人 吉𠮷祥"
    dialog.reject()
    assert not dialog.isVisible() and answers.asked == []


def test_removing_a_term_asks_and_renumbers(qtbot: Any, committee_db: Database, answers: Answers) -> None:
    saved = svc.register_case(committee_db, make_case(3))
    dialog = open_dialog(qtbot, committee_db, saved)
    dialog.select_item("agreement.terms", 0)
    qtbot.mouseClick(dialog.remove_term_button, Qt.MouseButton.LeftButton)
    assert answers.asked == ["confirm:确定要删除第1项条款吗？"]
    assert dialog.term_table.rowCount() == 1 and dialog.term_table.item(0, 0).text() == "1"
    click_save(qtbot, dialog)
    agreement = svc.get_case(committee_db, saved.id).agreement
    assert agreement is not None and [t.seq for t in agreement.terms] == [1]
    assert agreement.terms[0].action.startswith("拆除")


def test_an_unclear_term_is_flagged_at_the_field_while_typing(qtbot: Any, committee_db: Database, case: Case) -> None:
    dialog = open_dialog(qtbot, committee_db, case)
    fill_term(dialog, 0, "1200", dt.date(2026, 12, 31))
    editor = dialog.editor
    assert editor.warnings.isHidden()  # a clear payment: nothing to say
    editor.action.clear()
    type_text(editor.action, "适当赔偿申请人的损失")
    editor.amount.clear()
    warning = editor.warnings.text()
    assert editor.warnings.isVisible()
    assert "提示：第1项条款是给付金钱，但没有写明具体金额" in warning
    assert "“适当”" in warning and "第三百五十八条" in warning
    editor.action.clear()
    type_text(editor.action, "确认争议房屋归申请人所有")
    assert "第三百五十五条" in editor.warnings.text()
    assert svc.get_case(committee_db, case.id or 0).agreement is None  # nothing was saved: it only warns


def test_the_amount_in_words_appears_without_moving_the_fields_below(
    qtbot: Any, committee_db: Database, case: Case
) -> None:
    dialog = open_dialog(qtbot, committee_db, case)
    deadline = dialog.editor.deadline
    qtbot.wait(10)
    before = (deadline.mapTo(dialog, deadline.rect().topLeft()), dialog.size())
    type_text(dialog.editor.amount, "3600")
    qtbot.wait(10)
    assert dialog.editor.amount_words.text().startswith("即：人民币叁仟陆佰元整")
    assert (deadline.mapTo(dialog, deadline.rect().topLeft()), dialog.size()) == before
