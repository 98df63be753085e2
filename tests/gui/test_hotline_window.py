"""工具 → 12345工单, tried as a new user would (docs/hotline.md): import a month of orders (a few hundred
rows) through the preview with the progress bar, turn three into cases, return one, reply to two, have
them signed off, export the replies, print a 回复单; a refused step keeps its form open with the reason."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QFileDialog

from mediator_app.domain.hotline import OrderStatus
from mediator_app.services.desk import Desk
from mediator_app.storage.database import Database
from mediator_app.ui.clock import Clock
from mediator_app.ui.hotline.window import HotlineWindow
from mediator_app.ui.preview import PdfPreviewDialog
from tests.gui.conftest import type_text, wait_for_tasks
from tests.hotline_exports import layout_a_xlsx, rows

pytestmark = pytest.mark.gui

TODAY = dt.date(2026, 11, 24)


def _select(window: HotlineWindow, order_no: str) -> None:
    row = next(i for i, line in enumerate(window.lines) if line.order.order_no == order_no)
    window.table.selectRow(row)


def _convert(qtbot: Any, window: HotlineWindow, order_no: str, respondent: str) -> None:
    _select(window, order_no)
    window.buttons["转为案件…"].click()
    form = window.form
    assert form is not None
    form.dispute_type.setCurrentText("邻里纠纷")  # type: ignore[attr-defined]
    type_text(form.respondent, respondent)  # type: ignore[attr-defined]
    form.accept()
    wait_for_tasks(qtbot)


def _reply(qtbot: Any, window: HotlineWindow, order_no: str) -> None:
    _select(window, order_no)
    window.buttons["回复…"].click()
    form = window.form
    assert form is not None
    type_text(form.done_text, "上门了解情况，组织双方调解")  # type: ignore[attr-defined]
    type_text(form.contact, "11月20日在社区调解室与双方面谈")  # type: ignore[attr-defined]
    type_text(form.handler, "马德明")  # type: ignore[attr-defined]
    form.accept()
    wait_for_tasks(qtbot)
    window.buttons["主任审签"].click()
    wait_for_tasks(qtbot)


def test_a_month_of_orders_as_a_new_user(
    qtbot: Any, committee_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock(TODAY)
    window = HotlineWindow(Desk(committee_db), clock, "望京街道人民调解委员会")
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.reload()
    wait_for_tasks(qtbot)
    moves: list[tuple[int, int]] = []
    window.progress.moved.connect(lambda done, total: moves.append((done, total)))
    window.preview(layout_a_xlsx(tmp_path / "11月工单.xlsx", rows(300)))
    wait_for_tasks(qtbot)
    qtbot.waitUntil(lambda: window.preview_dialog is not None)
    preview = window.preview_dialog
    assert preview is not None and preview.list.count() == 300
    assert "新增300条" in preview.findChildren(type(window.summary))[0].text()
    preview.accept()
    wait_for_tasks(qtbot)
    qtbot.waitUntil(lambda: len(window.lines) == 300)
    assert len(moves) >= 7 and moves[-1][0] == moves[-1][1] and not window.bar.isVisible()
    assert "共300张工单" in window.summary.text()
    assert window.table.item(0, 4).text().startswith("139****")  # phones masked in the list

    for no, other in (("BJ261100001", "赵大海"), ("BJ261100002", "钱多多"), ("BJ261100003", "孙立")):
        _convert(qtbot, window, no, other)
    by_no = {line.order.order_no: line.order for line in window.lines}
    assert [by_no[f"BJ26110000{i}"].status for i in (1, 2, 3)] == [OrderStatus.CONVERTED] * 3

    _select(window, "BJ261100004")
    window.buttons["退单…"].click()
    form = window.form
    assert form is not None
    form.accept()  # no reason typed: refused, the form comes back with why
    wait_for_tasks(qtbot)
    assert form.isVisible() and "请填写退单理由" in form.error.text()
    type_text(form.reason, "属于房屋质量问题，应由住建部门处理")  # type: ignore[attr-defined]
    form.accept()
    wait_for_tasks(qtbot)

    _reply(qtbot, window, "BJ261100001")
    _reply(qtbot, window, "BJ261100002")
    by_no = {line.order.order_no: line.order for line in window.lines}
    assert by_no["BJ261100004"].status is OrderStatus.RETURNED
    assert by_no["BJ261100001"].approved_at is not None

    shot = Path(os.environ.get("HOTLINE_SHOT", tmp_path / "hotline.png"))
    _select(window, "BJ261100001")
    qtbot.wait(50)
    assert window.grab().save(str(shot))

    target = tmp_path / "回复.xlsx"
    window.first.set_value(TODAY)
    window.last.set_value(TODAY)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    window.buttons["导出回复…"].click()
    wait_for_tasks(qtbot)
    got = [r[0] for r in load_workbook(target).active.iter_rows(min_row=2, values_only=True)]  # type: ignore[union-attr]
    assert got == ["BJ261100001", "BJ261100002"]  # the returned one was not signed off
    assert "已导出回复2条" in window.status.text()

    _select(window, "BJ261100001")
    window.buttons["打印回复单"].click()
    wait_for_tasks(qtbot)
    slips = [w for w in window.findChildren(PdfPreviewDialog)]
    assert slips and slips[0].document.pageCount() == 1


def test_the_case_shows_its_order_and_the_hotlines_satisfaction(
    qtbot: Any, committee_db: Database, tmp_path: Path
) -> None:
    from openpyxl import Workbook

    from mediator_app.domain.model import Party, PartyKind, PartyRole
    from mediator_app.services import cases
    from mediator_app.services.hotline import orders, replies
    from mediator_app.services.hotline.importing import import_file
    from mediator_app.ui.case_view import CaseView

    import_file(committee_db, layout_a_xlsx(tmp_path / "a.xlsx", rows(2)))
    first = next(o for o in orders.list_orders(committee_db) if o.order_no == "BJ261100001")
    assert first.id is not None
    other = Party(2, PartyRole.RESPONDENT, PartyKind.PERSON, "赵大海")
    case = orders.convert_to_case(committee_db, first.id, "邻里纠纷", other, TODAY)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["工单编号", "满意度", "不满原因"])
    sheet.append(["BJ261100001", "基本满意", "处理稍慢"])
    book.save(tmp_path / "visits.xlsx")
    assert replies.import_satisfaction(committee_db, tmp_path / "visits.xlsx").updated == 1
    view = CaseView()
    qtbot.addWidget(view)
    view.set_desk(Desk(committee_db))
    assert case.id is not None
    view.show_case(cases.get_case(committee_db, case.id))
    wait_for_tasks(qtbot)
    qtbot.waitUntil(lambda: "12345工单" in view.toPlainText())
    assert "BJ261100001" in view.toPlainText() and "已转案件，热线回访：基本满意（处理稍慢）" in view.toPlainText()
