"""登记新案件 for a 12345 / 110 linkage / grid referral and for an adult under guardianship, driven like
a user: the referring body's row appears, captioned for the chosen source, only for those sources and
is saved with its reference; the subject matter's place is saved; an adult marked 限制民事行为能力 is
refused without a guardian, with the Civil Code article at the field."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QLabel

from mediator_app.domain.model import Capacity, CaseSource
from mediator_app.services import cases as svc
from mediator_app.storage.database import Database
from tests.gui.conftest import type_text
from tests.gui.test_register_dialog import click_save, fill_case, fill_party, open_dialog

pytestmark = pytest.mark.gui


def _caption(dialog: Any, key: str) -> str:
    caption = dialog._source_form.labelForField(dialog.field_errors.box(key))
    return caption.text() if isinstance(caption, QLabel) else ""


def test_the_referring_body_row_follows_the_source_and_is_saved(qtbot: Any, committee_db: Database) -> None:
    dialog = open_dialog(qtbot, committee_db)
    assert not dialog.referral_body.isVisibleTo(dialog)  # 当事人申请
    for source, caption in (
        (CaseSource.HOTLINE_12345, "转办单位"),
        (CaseSource.POLICE, "移送的公安机关"),
        (CaseSource.GRID, "上报的网格（网格员）"),
    ):
        dialog.source.setCurrentIndex(dialog.source.findData(source))
        assert dialog.referral_body.isVisibleTo(dialog) and _caption(dialog, "referral_body") == caption
        assert dialog.source_ref.isVisibleTo(dialog)
    dialog.source.setCurrentIndex(dialog.source.findData(CaseSource.COURT))
    assert not dialog.referral_body.isVisibleTo(dialog) and not dialog.source_ref.isVisibleTo(dialog)
    dialog.source.setCurrentIndex(dialog.source.findData(CaseSource.POLICE))
    fill_case(dialog)
    fill_party(dialog, 0, "张建国", "110105196503151020")
    fill_party(dialog, 1, "李秀英", "130102198801013519")
    type_text(dialog.referral_body, "北京市公安局朝阳分局望京派出所")
    type_text(dialog.source_ref, "110联动-2026-318")
    type_text(dialog.subject_location, "北京市海淀区西三旗建材城东路8号院")
    with qtbot.waitSignal(dialog.case_saved):
        click_save(qtbot, dialog)
    [summary] = svc.list_cases(committee_db)
    case = svc.get_case(committee_db, summary.id)
    assert (case.source, case.referral_body, case.source_ref) == (
        CaseSource.POLICE,
        "北京市公安局朝阳分局望京派出所",
        "110联动-2026-318",
    )
    assert case.subject_location == "北京市海淀区西三旗建材城东路8号院"


def test_the_referring_body_is_not_kept_for_an_own_application(qtbot: Any, committee_db: Database) -> None:
    dialog = open_dialog(qtbot, committee_db)
    dialog.source.setCurrentIndex(dialog.source.findData(CaseSource.GRID))
    type_text(dialog.referral_body, "第三网格")
    dialog.source.setCurrentIndex(dialog.source.findData(CaseSource.APPLICATION))
    assert dialog.build_case().referral_body == ""


def test_an_adult_under_guardianship_is_refused_without_a_guardian(qtbot: Any, committee_db: Database) -> None:
    dialog = open_dialog(qtbot, committee_db)
    fill_case(dialog)
    fill_party(dialog, 0, "张建国", "110105196503151020")
    fill_party(dialog, 1, "李秀英", "130102198801013519")
    editor = dialog.editor
    assert editor.left.isRowVisible(dialog.field_errors.box("parties[].capacity"))
    editor.capacity.setCurrentIndex(editor.capacity.findData(Capacity.LIMITED))
    click_save(qtbot, dialog)
    message = dialog.field_errors.box("parties[].representatives").message
    assert "限制民事行为能力的成年人" in message and "《民法典》第二十二条、第二十三条、第二十八条" in message
    assert svc.list_cases(committee_db) == []
    editor.rep_kind.setCurrentIndex(editor.rep_kind.findText("法定代理人"))
    type_text(editor.rep_name, "李建军")
    type_text(editor.rep_id_number, "110105196503151012")
    type_text(editor.rep_relation, "父女")
    with qtbot.waitSignal(dialog.case_saved):
        click_save(qtbot, dialog)
    case = svc.get_case(committee_db, svc.list_cases(committee_db)[0].id)
    assert case.parties[1].capacity is Capacity.LIMITED and case.parties[1].representatives[0].name == "李建军"


def test_the_case_view_shows_who_referred_the_case_the_place_and_the_capacity() -> None:
    from mediator_app.ui.case_view import case_html
    from tests.factories import make_case

    case = make_case(parties=2)
    case.source, case.referral_body, case.source_ref = CaseSource.GRID, "第三网格（网格员王红）", "WG-2026-77"
    case.subject_location = "北京市海淀区西三旗建材城东路8号院"
    case.parties[1].capacity = Capacity.NONE
    html = case_html(case)
    assert "网格员上报（第三网格（网格员王红），WG-2026-77）" in html
    assert "北京市海淀区西三旗建材城东路8号院" in html and "无民事行为能力" in html
