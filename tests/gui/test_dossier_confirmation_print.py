"""Printing the dossier (打印卷宗: preview, progress and stop, problems by document) and the
司法确认申请材料 (court, the 30-day and joint-application checks, acknowledgement, the package) from the
window, on cases taken through the real services and procedure (`tests/docfixtures.py`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

from mediator_app.domain.model import CaseSource
from mediator_app.services import cases as svc
from mediator_app.services import printing
from mediator_app.services.printing import DatabaseStore, PrintJob
from mediator_app.storage.database import Database
from mediator_app.ui import actions as act
from mediator_app.ui.clock import Clock
from mediator_app.ui.documents import ConfirmationPackageDialog
from mediator_app.ui.main_window import MainWindow
from mediator_app.ui.preview import PdfPreviewDialog
from mediator_app.ui.register import RegisterDialog
from tests import docfixtures
from tests.factories import REGISTERED_ON, make_case
from tests.gui.conftest import type_text, wait_for_tasks
from tests.gui.print_helpers import LATE, NO_FONT, ON_TIME, gone, number, pages, preview_of, print_dialog
from tests.gui.procedure_helpers import click, open_window, show_case
from tests.pdfcheck import needs_poppler, pdf_text, squeeze

pytestmark = pytest.mark.gui


# ---------------------------------------------------------------- the dossier


@needs_poppler
def test_dossier_opens_in_the_preview(qtbot: Any, committee_db: Database) -> None:
    case_id = docfixtures.agreement_case(committee_db)
    window = open_window(qtbot, committee_db, Clock(ON_TIME))
    show_case(qtbot, window, case_id)
    window.action_map[act.PRINT_DOSSIER].trigger()
    wait_for_tasks(qtbot)
    preview = preview_of(window)
    assert preview.windowTitle() == f"调解卷宗 — {number(committee_db, case_id)}"
    text = squeeze(pdf_text(preview.pdf))
    assert "调解卷宗" in text and "卷内目录" in text and "人民调解协议书" in text
    assert preview.document.pageCount() == pages(preview.pdf) >= 10


def test_printing_a_long_job_reports_progress_and_can_be_stopped(
    qtbot: Any, committee_db: Database, tmp_path: Path
) -> None:
    case_id = docfixtures.agreement_case(committee_db)
    pdf = printing.render(
        DatabaseStore(committee_db), PrintJob.forms(case_id, ["session_record", "mediation_agreement"], today=ON_TIME)
    )
    preview = PdfPreviewDialog(pdf, "job", "job.pdf")
    qtbot.addWidget(preview)
    total = preview.document.pageCount()
    assert total >= 4

    def printer(name: str) -> QPrinter:
        out = QPrinter(QPrinter.PrinterMode.HighResolution)
        out.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        out.setOutputFileName(str(tmp_path / name))
        out.setResolution(72)  # the page images small: the test is about the pages, not their sharpness
        return out

    seen: list[tuple[int, int]] = []
    assert preview.print_to(printer("all.pdf"), lambda done, n: seen.append((done, n)) is None) == total
    assert seen == [(n, total) for n in range(total)]
    assert pages((tmp_path / "all.pdf").read_bytes()) == total
    assert preview.print_to(printer("stopped.pdf"), lambda done, _n: done < 2) == 2  # 停止打印 after two pages


def test_a_dossier_that_cannot_print_names_its_documents(qtbot: Any, committee_db: Database) -> None:
    case = make_case(2)
    case.parties[0].name = f"刘{NO_FONT}"
    saved = svc.register_case(committee_db, case, today=REGISTERED_ON)
    assert saved.id is not None
    window = open_window(qtbot, committee_db, Clock(REGISTERED_ON))
    show_case(qtbot, window, saved.id)
    window.action_map[act.PRINT_DOSSIER].trigger()
    window.action_map[act.PRINT_DOSSIER].trigger()  # a second click while it runs does nothing
    wait_for_tasks(qtbot)
    assert window.preview is None
    box = window.documents.problem_box
    assert box is not None and box.isVisible() and box.windowTitle() == "卷宗还不能打印"
    assert "《人民调解申请书》还不能打印" in box.text() and f"第1位当事人（刘{NO_FONT}）的姓名" in box.text()
    [fix] = [b for b in box.buttons() if b.text() == "修改案件信息"]
    qtbot.mouseClick(fix, Qt.MouseButton.LeftButton)
    assert window.findChild(RegisterDialog).isVisible()


def test_dossier_from_the_print_dialog(qtbot: Any, committee_db: Database) -> None:
    case_id = docfixtures.terminated_case(committee_db)
    window = open_window(qtbot, committee_db, Clock(ON_TIME))
    show_case(qtbot, window, case_id)
    dialog = print_dialog(qtbot, window)
    assert dialog.selected() == ["termination_notice"]
    click(qtbot, dialog.dossier_button)
    assert gone(dialog)
    assert preview_of(window).windowTitle().startswith("调解卷宗")


# ---------------------------------------------------------------- 司法确认申请材料


def confirmation_dialog(qtbot: Any, window: MainWindow) -> ConfirmationPackageDialog:
    window.action_map[act.CONFIRMATION_PACKAGE].trigger()
    wait_for_tasks(qtbot)
    dialog = window.documents.confirmation
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_late_or_not_joint_application_is_blocked_with_its_rules(qtbot: Any, committee_db: Database) -> None:
    case_id = docfixtures.agreement_case(committee_db, confirm=False)
    window = open_window(qtbot, committee_db, Clock(LATE))
    show_case(qtbot, window, case_id)
    dialog = confirmation_dialog(qtbot, window)
    blocks = [t for t in dialog.check_texts() if t.startswith("不能提交：")]
    assert any("三十日" in t and "《人民调解法》第三十三条" in t for t in blocks), blocks
    assert not dialog.generate_button.isEnabled()
    assert "“不能提交”的问题" in dialog.why.text()
    # The red badge is on the screen, with the rule under the message.
    first = dialog.check_labels[0]
    assert first.property("level") == "block" and "不能提交" in first.text() and "依据：" in first.text()

    window.clock.set_today(ON_TIME)
    window.documents.confirmation = None
    dialog.reject()
    dialog = confirmation_dialog(qtbot, window)
    assert not any(t.startswith("不能提交") for t in dialog.check_texts())
    dialog.applicant_boxes[2].setChecked(False)  # one party does not apply
    wait_for_tasks(qtbot)
    joint = [t for t in dialog.check_texts() if t.startswith("不能提交：")]
    assert joint and "共同申请" in joint[0] and "《民事诉讼法》第二百零五条" in joint[0]
    assert not dialog.generate_button.isEnabled()


@needs_poppler
def test_a_good_case_generates_the_package_after_the_warnings_are_acknowledged(
    qtbot: Any, committee_db: Database
) -> None:
    case_id = docfixtures.agreement_case(committee_db, confirm=False)
    window = open_window(qtbot, committee_db, Clock(ON_TIME))
    show_case(qtbot, window, case_id)
    dialog = confirmation_dialog(qtbot, window)
    assert dialog.options[0].name == "北京市朝阳区人民法院"
    assert dialog.court.text() == "北京市朝阳区人民法院"
    assert not dialog.blocking()
    # The agents' eligibility (CPL Art. 61) is a warning: it must be acknowledged, not just read.
    assert dialog.warnings() and all(t.startswith("请注意：") for t in dialog.check_texts())
    assert dialog.acknowledged.isVisible() and not dialog.generate_button.isEnabled()
    dialog.acknowledged.setChecked(True)
    assert dialog.generate_button.isEnabled()

    # The court is editable: another court (e.g. where the property is) is typed in.
    dialog.other_court.setChecked(True)
    assert dialog.court.text() == "" and not dialog.generate_button.isEnabled()
    type_text(dialog.court, "北京市朝阳区人民法院望京人民法庭")
    assert dialog.generate_button.isEnabled()
    click(qtbot, dialog.generate_button)
    preview = preview_of(window)
    assert preview.windowTitle() == f"司法确认申请材料 — {number(committee_db, case_id)}"
    # Generating is not applying: the step is recorded when the parties have filed the application.
    assert "请在“办理步骤”里点“申请司法确认”记下来" in preview.hint.text()
    text = squeeze(pdf_text(preview.pdf))
    for title in ("司法确认申请书", "人民调解协议书", "调解组织主持调解的证明", "授权委托书", "司法确认申请材料清单"):
        assert title in text
    assert "北京市朝阳区人民法院望京人民法庭" in text


def test_a_court_invited_mediation_offers_only_that_court(qtbot: Any, committee_db: Database) -> None:
    case = make_case(3)
    case.source, case.referral_court = CaseSource.COURT, "北京市东城区人民法院"
    case.referral_ref = "（2026）京0101民诉前调88号"
    case_id = docfixtures.agreement_case(committee_db, case, confirm=False)
    window = open_window(qtbot, committee_db, Clock(ON_TIME))
    show_case(qtbot, window, case_id)
    dialog = confirmation_dialog(qtbot, window)
    assert len(dialog.options) == 1 and dialog.options[0].required
    assert dialog.other_court.isHidden() and dialog.court.text() == "北京市东城区人民法院"


def test_a_court_referral_without_its_court_points_to_the_case_form(qtbot: Any, committee_db: Database) -> None:
    case = make_case(3)
    case.source = CaseSource.COURT  # registered before the referring court could be recorded
    case_id = docfixtures.agreement_case(committee_db, case, confirm=False)
    window = open_window(qtbot, committee_db, Clock(ON_TIME))
    show_case(qtbot, window, case_id)
    dialog = confirmation_dialog(qtbot, window)
    assert dialog.options == []
    blocks = [t for t in dialog.check_texts() if t.startswith("不能提交：")]
    assert blocks and "委派（委托）法院" in blocks[0] and "第二百零五条第一项" in blocks[0]
    assert dialog.fix_case_button.isVisibleTo(dialog) and not dialog.generate_button.isEnabled()
