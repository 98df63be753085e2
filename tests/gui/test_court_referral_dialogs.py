"""A court-referred case as a new user records and sends it: the referral rows appear in 登记新案件
only for 12368/法院委派 and are saved; 司法确认申请材料 then offers the referring court alone, and a
court typed in its place is refused with CPL Art. 205(1); for another case an unconnected court is
warned of (Art. 205(2))."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt

from mediator_app.domain.model import CaseSource
from mediator_app.services import cases as svc
from mediator_app.storage.database import Database
from mediator_app.ui.clock import Clock
from mediator_app.ui.documents import ConfirmationPackageDialog
from tests import docfixtures
from tests.factories import SIGNED_ON, make_case
from tests.gui.conftest import type_text, wait_for_tasks
from tests.gui.test_register_dialog import click_save, fill_case, fill_party, open_dialog

pytestmark = pytest.mark.gui

REFERRING = "北京市东城区人民法院"
REF = "（2026）京0101民诉前调123号"


def test_referral_rows_show_for_a_court_referral_and_are_saved(qtbot: Any, committee_db: Database) -> None:
    dialog = open_dialog(qtbot, committee_db)
    assert not dialog.referral_court.isVisibleTo(dialog)
    fill_case(dialog)
    fill_party(dialog, 0, "张建国", "110105196503151020")
    fill_party(dialog, 1, "李秀英", "130102198801013519")
    dialog.source.setCurrentIndex(dialog.source.findData(CaseSource.COURT))
    assert dialog.referral_court.isVisibleTo(dialog) and dialog.referral_deadline.isVisibleTo(dialog)
    type_text(dialog.referral_court, REFERRING)
    type_text(dialog.referral_ref, REF)
    dialog.referral_deadline.set_value(dt.date.today() + dt.timedelta(days=20))
    with qtbot.waitSignal(dialog.case_saved):
        click_save(qtbot, dialog)
    [summary] = svc.list_cases(committee_db)
    case = svc.get_case(committee_db, summary.id)
    assert (case.source, case.referral_court, case.referral_ref) == (CaseSource.COURT, REFERRING, REF)
    assert case.referral_deadline == dt.date.today() + dt.timedelta(days=20)


def test_a_referral_is_not_kept_when_the_source_is_changed(qtbot: Any, committee_db: Database) -> None:
    case = make_case(parties=2)
    case.source, case.referral_court, case.referral_ref = CaseSource.COURT, REFERRING, REF
    dialog = open_dialog(qtbot, committee_db, case)
    assert dialog.referral_court.text() == REFERRING and dialog.referral_court.isVisibleTo(dialog)
    dialog.source.setCurrentIndex(dialog.source.findData(CaseSource.HOTLINE_12345))
    assert not dialog.referral_court.isVisibleTo(dialog)
    built = dialog.build_case()
    assert (built.referral_court, built.referral_ref, built.referral_deadline) == ("", "", None)


def _package_dialog(qtbot: Any, db: Database, case_id: int) -> ConfirmationPackageDialog:
    dialog = ConfirmationPackageDialog(db, svc.get_case(db, case_id), Clock(SIGNED_ON + dt.timedelta(days=2)))
    qtbot.addWidget(dialog)
    dialog.show()
    wait_for_tasks(qtbot)
    return dialog


def test_only_the_referring_court_is_offered_and_another_is_refused(qtbot: Any, committee_db: Database) -> None:
    case = make_case(parties=2)
    case.source, case.referral_court, case.referral_ref = CaseSource.COURT, REFERRING, REF
    dialog = _package_dialog(qtbot, committee_db, docfixtures.agreement_case(committee_db, case, confirm=False))
    assert [o.name for o in dialog.options] == [REFERRING]
    assert dialog.court.text() == REFERRING and not dialog.other_court.isVisibleTo(dialog)
    assert not [t for t in dialog.check_texts() if t.startswith("不能提交")]
    dialog.court.setText("北京市朝阳区人民法院")
    dialog.court.returnPressed.emit()
    wait_for_tasks(qtbot)
    blocks = [t for t in dialog.check_texts() if t.startswith("不能提交")]
    assert blocks and "《民事诉讼法》第二百零五条第一项" in blocks[0] and REFERRING in blocks[0]
    assert not dialog.generate_button.isEnabled()


def test_an_unconnected_court_is_warned_of(qtbot: Any, committee_db: Database) -> None:
    dialog = _package_dialog(qtbot, committee_db, docfixtures.agreement_case(committee_db, confirm=False))
    dialog.acknowledged.setChecked(True)
    dialog.court.setText("北京市海淀区人民法院")
    qtbot.mouseClick(dialog.generate_button, Qt.MouseButton.LeftButton)  # checked before generating
    wait_for_tasks(qtbot)
    warned = [t for t in dialog.check_texts() if "北京市海淀区人民法院不是" in t]
    assert warned and warned[0].startswith("请注意") and "第二百零五条第二项" in warned[0]
    # A new warning is acknowledged again before anything is generated.
    assert not dialog.acknowledged.isChecked() and not dialog.generate_button.isEnabled()
