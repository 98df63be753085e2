"""登记新案件 driven like a user: typed input, party list, 保存, messages at fields, nothing lost."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from mediator_app.domain.model import PartyKind
from mediator_app.services import cases as svc
from mediator_app.services.desk import Desk
from mediator_app.storage.database import Database
from mediator_app.ui import messages
from mediator_app.ui.register import RegisterDialog
from tests.factories import make_case, resident_id
from tests.gui.conftest import Answers, type_text, wait_for_tasks

pytestmark = pytest.mark.gui

LIU_ID = "110105196503151020"  # valid; a woman born 1965-03-15
JI_ID = "130102198801013519"  # valid
JI_ID_BAD = "130102198801013518"  # wrong check character


def open_dialog(qtbot: Any, db: Database, case: Any = None) -> RegisterDialog:
    dialog = RegisterDialog(Desk(db), case)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def fill_case(dialog: RegisterDialog, facts: str = "楼上卫生间渗水，楼下吊顶受损。") -> None:
    dialog.dispute_type.setCurrentIndex(dialog.dispute_type.findText("邻里纠纷"))
    type_text(dialog.mediators, "王秀兰")
    if facts:
        type_text(dialog.facts, facts)
    type_text(dialog.claims, "请求赔偿修复费用。")


def fill_party(dialog: RegisterDialog, row: int, name: str, id_number: str, address: str = "") -> None:
    dialog.party_table.selectRow(row)
    editor = dialog.editor
    if name:
        type_text(editor.name, name)
    type_text(editor.id_number, id_number)
    type_text(editor.address, address or "北京市朝阳区和平街15号楼")
    type_text(editor.phone, "13812345678")


def click_save(qtbot: Any, dialog: RegisterDialog) -> None:
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_for_tasks(qtbot)


def test_typed_case_is_saved_and_rare_names_survive(qtbot: Any, committee_db: Database) -> None:
    dialog = open_dialog(qtbot, committee_db)
    fill_case(dialog)
    fill_party(dialog, 0, "刘䶮", LIU_ID)
    assert "1965年3月15日出生" in dialog.editor.derived.text()
    assert dialog.editor.sex.currentText() == "女"  # filled from the ID number at once
    fill_party(dialog, 1, "吉𠮷祥", JI_ID)
    assert dialog.party_table.item(0, 2).text() == "刘䶮"
    assert dialog.party_table.item(1, 2).text() == "吉𠮷祥"

    with qtbot.waitSignal(dialog.case_saved) as saved:
        click_save(qtbot, dialog)

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert saved.args[0].number
    [summary] = svc.list_cases(committee_db)
    case = svc.get_case(committee_db, summary.id)
    assert [p.name for p in case.parties] == ["刘䶮", "吉𠮷祥"]
    assert case.parties[0].birth_date is not None and case.parties[0].sex == "女"
    assert case.mediators == ["王秀兰"]
    assert case.dispute_type == "邻里纠纷"


def test_invalid_input_is_shown_at_each_field_and_nothing_is_saved(qtbot: Any, committee_db: Database) -> None:
    dialog = open_dialog(qtbot, committee_db)
    fill_case(dialog, facts="")
    fill_party(dialog, 0, "", LIU_ID)  # no name
    fill_party(dialog, 1, "吉𠮷祥", JI_ID_BAD)  # wrong check character
    dialog.party_table.selectRow(0)

    click_save(qtbot, dialog)

    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert svc.list_cases(committee_db) == []
    facts = dialog.field_errors.box("facts")
    assert facts.message == "纠纷简要情况不能为空"
    assert facts.error.isVisible() and facts.field.property("invalid") is True
    assert dialog.field_errors.box("parties[].name").message == "姓名不能为空"  # party 1 is in the editor
    assert dialog.party_table.item(1, 2).text() == "吉𠮷祥（待修改）"

    dialog.party_table.selectRow(1)
    assert dialog.field_errors.box("parties[].id_number").message == "身份证号码校验位不正确，请核对是否输错"
    assert dialog.field_errors.box("parties[].name").message == ""
    # everything typed is still there
    assert dialog.editor.name.text() == "吉𠮷祥" and dialog.editor.id_number.text() == JI_ID_BAD
    assert dialog.claims.text() == "请求赔偿修复费用。"

    # the user mends the three fields and saves again
    type_text(dialog.facts, "楼上卫生间渗水。")
    assert facts.message == ""  # the message goes as soon as the field is edited
    dialog.editor.id_number.clear()
    type_text(dialog.editor.id_number, JI_ID)
    dialog.party_table.selectRow(0)
    type_text(dialog.editor.name, "刘䶮")
    click_save(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert len(svc.list_cases(committee_db)) == 1


def test_a_party_error_selects_that_party_and_focuses_the_field(qtbot: Any, committee_db: Database) -> None:
    dialog = open_dialog(qtbot, committee_db)
    dialog.activateWindow()
    fill_case(dialog)
    fill_party(dialog, 0, "刘䶮", LIU_ID)
    fill_party(dialog, 1, "吉𠮷祥", JI_ID_BAD)
    dialog.party_table.selectRow(0)

    click_save(qtbot, dialog)

    assert dialog.party_table.currentRow() == 1
    assert dialog.editor.name.text() == "吉𠮷祥"
    box = dialog.field_errors.box("parties[].id_number")
    assert box.message.startswith("身份证号码校验位不正确")
    qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.editor.id_number)


def test_minor_without_guardian_is_shown_at_the_representative(qtbot: Any, committee_db: Database) -> None:
    dialog = open_dialog(qtbot, committee_db)
    fill_case(dialog)
    fill_party(dialog, 0, "刘䶮", LIU_ID)
    fill_party(dialog, 1, "吉小𠮷", resident_id(dt.date(2015, 6, 1), 21))
    assert "未满十八周岁" in dialog.editor.derived.text()
    click_save(qtbot, dialog)
    assert "须填写法定代理人" in dialog.field_errors.box("parties[].representatives").message
    assert svc.list_cases(committee_db) == []


def test_parties_can_be_added_and_removed(qtbot: Any, committee_db: Database, answers: Answers) -> None:
    dialog = open_dialog(qtbot, committee_db)
    for _ in range(27):
        qtbot.mouseClick(dialog.add_applicant, Qt.MouseButton.LeftButton)
    assert dialog.party_table.rowCount() == 29
    assert dialog.party_table.currentRow() == 28
    type_text(dialog.editor.name, "第二十九人")
    qtbot.mouseClick(dialog.remove_party, Qt.MouseButton.LeftButton)
    assert answers.asked and "第二十九人" in answers.asked[-1]  # asked because something was typed
    assert dialog.party_table.rowCount() == 28
    assert dialog.party_table.currentRow() == 27
    assert dialog.editor.name.text() == ""  # the editor shows the party now in that row


def test_organisation_party_shows_its_own_fields(qtbot: Any, committee_db: Database) -> None:
    dialog = open_dialog(qtbot, committee_db)
    fill_case(dialog)
    fill_party(dialog, 0, "刘䶮", LIU_ID)
    dialog.party_table.selectRow(1)
    editor = dialog.editor
    editor.kind.setCurrentIndex(editor.kind.findData(PartyKind.ORGANISATION))
    assert editor.left.isRowVisible(dialog.field_errors.box("parties[].legal_rep"))
    assert not editor.left.isRowVisible(dialog.field_errors.box("parties[].id_number"))
    type_text(editor.name, "北京和平物业服务有限公司")
    type_text(editor.address, "北京市朝阳区和平街1号")
    click_save(qtbot, dialog)
    assert dialog.field_errors.box("parties[].legal_rep").message == "法定代表人或主要负责人不能为空"
    type_text(editor.legal_rep, "马德福")
    click_save(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    case = svc.get_case(committee_db, svc.list_cases(committee_db)[0].id)
    assert case.parties[1].kind is PartyKind.ORGANISATION and case.parties[1].legal_rep == "马德福"


def test_closing_with_typed_input_asks_first(qtbot: Any, committee_db: Database, answers: Answers) -> None:
    dialog = open_dialog(qtbot, committee_db)
    dialog.reject()  # nothing typed: closes without a question
    assert not dialog.isVisible() and answers.asked == []

    dialog = open_dialog(qtbot, committee_db)
    type_text(dialog.facts, "邻居吵架")
    answers.discard = False
    dialog.close()
    assert dialog.isVisible() and answers.asked == ["discard:案件登记信息"]
    assert dialog.facts.text() == "邻居吵架"
    answers.discard = True
    dialog.reject()
    assert not dialog.isVisible()


def test_editing_keeps_number_and_agreement(qtbot: Any, committee_db: Database) -> None:
    saved = svc.register_case(committee_db, make_case(3))
    dialog = open_dialog(qtbot, committee_db, saved)
    assert dialog.windowTitle() == "修改案件信息"
    assert dialog.party_table.rowCount() == 3
    dialog.facts.clear()
    type_text(dialog.facts, "修改后的纠纷情况")
    click_save(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    case = svc.get_case(committee_db, saved.id)
    assert case.number == saved.number and case.facts == "修改后的纠纷情况"
    assert case.agreement == saved.agreement


def test_a_case_saved_meanwhile_elsewhere_is_not_overwritten_and_the_input_stays(
    qtbot: Any, committee_db: Database, answers: Answers
) -> None:
    saved = svc.register_case(committee_db, make_case(3))
    dialog = open_dialog(qtbot, committee_db, saved)
    elsewhere = svc.get_case(committee_db, saved.id)  # another workstation of the centre
    elsewhere.parties[0].address = "东湖村五组18号"
    svc.update_case(committee_db, elsewhere)
    dialog.claims.clear()
    type_text(dialog.claims, "请求对方当面道歉。")
    answers.confirm = False  # 不，返回
    click_save(qtbot, dialog)
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert "其他人已保存了案件" in answers.asked[-1] and "住址" in answers.asked[-1]
    assert "申请事项" not in answers.asked[-1]
    assert dialog.claims.text() == "请求对方当面道歉。"  # the typed input stays
    assert svc.get_case(committee_db, saved.id).parties[0].address == "东湖村五组18号"
    answers.confirm = True  # 以我填写的内容保存
    click_save(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    stored = svc.get_case(committee_db, saved.id)
    assert stored.claims == "请求对方当面道歉。" and stored.version == saved.version + 2
    assert stored.parties[0].address == "东湖村五组18号"  # what only the other person changed stays theirs


def test_a_party_named_in_the_agreement_cannot_be_removed(
    qtbot: Any, committee_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    warned: list[str] = []
    monkeypatch.setattr(messages, "warn", lambda _p, _t, text, *_a: warned.append(text))
    saved = svc.register_case(committee_db, make_case(4))
    dialog = open_dialog(qtbot, committee_db, saved)
    dialog.party_table.selectRow(1)  # 吉𠮷祥 owes both terms
    qtbot.mouseClick(dialog.remove_party, Qt.MouseButton.LeftButton)
    assert dialog.party_table.rowCount() == 4 and "吉𠮷祥" in warned[0]

    dialog.party_table.selectRow(2)  # not in any term: removed, the terms follow the renumbering
    qtbot.mouseClick(dialog.remove_party, Qt.MouseButton.LeftButton)
    assert dialog.party_table.rowCount() == 3
    click_save(qtbot, dialog)
    case = svc.get_case(committee_db, saved.id)
    assert [p.seq for p in case.parties] == [1, 2, 3]
    assert case.agreement is not None
    assert [(t.obligor, t.obligee) for t in case.agreement.terms] == [
        (t.obligor, t.obligee) for t in saved.agreement.terms
    ]  # parties 1 and 2 kept their numbers


def test_earlier_disputes_of_the_same_id_number_are_shown(qtbot: Any, committee_db: Database) -> None:
    earlier = svc.register_case(committee_db, make_case(2))
    dialog = open_dialog(qtbot, committee_db)
    assert not dialog.history.isVisible()
    id_number = earlier.parties[0].id_number
    type_text(dialog.editor.id_number, id_number)
    qtbot.waitUntil(lambda: dialog.history.isVisible(), timeout=5_000)
    wait_for_tasks(qtbot)
    assert dialog.history.texts() == [f"{earlier.number}　{earlier.dispute_type}　{earlier.status}"]
    assert "以前有过 1 件纠纷" in dialog.history.title.text()
    dialog.history.list.setCurrentRow(0)  # shows why, opens nothing
    details = dialog.history.details.text()
    assert "同一证件号码" in details and id_number not in details and id_number[:6] in details


def test_editing_a_case_does_not_list_the_case_itself(qtbot: Any, committee_db: Database) -> None:
    case = svc.register_case(committee_db, make_case(2))
    dialog = open_dialog(qtbot, committee_db, case)
    qtbot.wait(500)
    wait_for_tasks(qtbot)
    assert dialog.history.found == [] and not dialog.history.isVisible()


def test_the_id_hint_appears_without_moving_the_fields_below(qtbot: Any, committee_db: Database) -> None:
    """What the number says appears in room kept for it: the field under the mouse does not move."""
    dialog = open_dialog(qtbot, committee_db)
    editor = dialog.editor
    dialog.party_table.selectRow(0)
    qtbot.wait(10)
    before = (editor.sex.mapTo(dialog, editor.sex.rect().topLeft()), dialog.size())
    type_text(editor.id_number, LIU_ID)
    qtbot.wait(10)
    assert "1965年3月15日出生" in editor.derived.text()
    assert (editor.sex.mapTo(dialog, editor.sex.rect().topLeft()), dialog.size()) == before


def test_the_notice_acknowledgement_and_retention_are_recorded_at_intake(qtbot: Any, committee_db: Database) -> None:
    dialog = open_dialog(qtbot, committee_db)
    fill_case(dialog)
    fill_party(dialog, 0, "刘䶮", LIU_ID)
    fill_party(dialog, 1, "吉𠮷祥", JI_ID)
    assert not dialog.privacy_notice.isChecked() and dialog.retention.currentText() == "10年"
    dialog.privacy_notice.setChecked(True)
    dialog.retention.setCurrentText("30年")
    click_save(qtbot, dialog)
    [summary] = svc.list_cases(committee_db)
    case = svc.get_case(committee_db, summary.id)
    assert (case.privacy_notice_on, case.retention) == (dialog.registered_on.value(), "30年")
    edit = open_dialog(qtbot, committee_db, case)  # editing later keeps the day it was acknowledged
    assert edit.privacy_notice.isChecked() and edit.build_case().privacy_notice_on == case.privacy_notice_on


def test_special_groups_ticked_at_intake_are_saved_with_the_case(qtbot: Any, committee_db: Database) -> None:
    from mediator_app.services.statistics import facts

    dialog = open_dialog(qtbot, committee_db)
    assert dialog.field_errors.box("stats.groups").isVisibleTo(dialog)
    fill_case(dialog)
    fill_party(dialog, 0, "刘䶮", LIU_ID)
    fill_party(dialog, 1, "吉𠮷祥", JI_ID)
    dialog.mark_clean()
    dialog.groups["elderly"].setChecked(True)
    assert dialog.is_dirty()  # a ticked group is input that closing would lose
    dialog.groups["low_income"].setChecked(True)
    click_save(qtbot, dialog)
    [summary] = svc.list_cases(committee_db)
    stats = facts.get_stats(committee_db, summary.id)
    assert (stats.elderly, stats.low_income, stats.pregnant) == (True, True, False)
    edit = open_dialog(qtbot, committee_db, svc.get_case(committee_db, summary.id))
    assert not edit.field_errors.box("stats.groups").isVisibleTo(edit)  # later: 统计信息…
    assert edit.special_groups() == ()
