"""Printing the standard documents from the window: 打印文书 (several forms → one preview, problems in
words, blank forms), 打印卷宗, and 司法确认申请材料 (court, checks, acknowledgement, the package).

Cases are taken through the real services and procedure (`tests/docfixtures.py`) on a migrated
SQLite file; the window's clock is fixed so the 30-day window is the same on every run. PDFs are read
with pypdf (page counts) and poppler (`tests/pdfcheck.py`, text as a reader sees it).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QWidget

from mediator_app.domain.model import Case
from mediator_app.errors import FieldError
from mediator_app.services import cases as svc
from mediator_app.services import printing
from mediator_app.services import procedure as proc
from mediator_app.services.printing import CaseForms, DatabaseStore, FormProblem, FormStatus, PrintJob
from mediator_app.storage.database import Database
from mediator_app.ui import actions as act
from mediator_app.ui import messages
from mediator_app.ui.agreement import AgreementDialog
from mediator_app.ui.clock import Clock
from mediator_app.ui.documents import DocumentPrinting, choices
from mediator_app.ui.documents.confirmation_package import split_reasons
from mediator_app.ui.register import RegisterDialog
from tests import docfixtures
from tests.docfixtures import mediated
from tests.factories import REGISTERED_ON, make_case
from tests.gui.conftest import wait_for_tasks
from tests.gui.print_helpers import NO_FONT, ON_TIME, gone, number, pages, preview_of, print_dialog
from tests.gui.procedure_helpers import click, open_window, show_case
from tests.pdfcheck import needs_poppler, pdf_text, squeeze

pytestmark = pytest.mark.gui


# ---------------------------------------------------------------- 打印文书


@needs_poppler
def test_several_forms_print_as_one_preview(qtbot: Any, committee_db: Database) -> None:
    case_id = docfixtures.agreement_case(committee_db)  # applied for confirmation: stage 司法确认申请中
    window = open_window(qtbot, committee_db, Clock(ON_TIME))
    show_case(qtbot, window, case_id)
    dialog = print_dialog(qtbot, window)
    assert dialog.windowTitle() == f"打印文书 — {number(committee_db, case_id)}"
    assert dialog.selected() == ["confirmation_application", "mediation_certificate", "confirmation_materials"]
    assert dialog.notes["session_record"].text() == "共2份（每次调解一份）"
    assert dialog.notes["mediation_agreement"].text() == "打印4份"
    assert "尚未记录终止调解的原因" in dialog.notes["termination_notice"].text()

    chosen = ["rights_notice", "session_record", "mediation_agreement"]
    dialog.set_selection(chosen)
    click(qtbot, dialog.preview_button)
    preview = preview_of(window)
    assert gone(dialog)  # one window at a time
    expected = sum(pages(printing.render(DatabaseStore(committee_db), PrintJob.forms(case_id, [f]))) for f in chosen)
    assert preview.document.pageCount() == pages(preview.pdf) == expected
    text = squeeze(pdf_text(preview.pdf))
    for title in ("人民调解当事人权利义务告知书", "人民调解记录", "人民调解协议书"):
        assert title in text
    assert text.count("人民调解记录") >= 2  # one per session
    # Mixed documents: one set, and the words say how many agreements the law asks for.
    assert preview.copies == 1
    assert "《人民调解协议书》应为4份" in preview.hint.text() and f"共{expected}页" in preview.hint.text()
    assert (
        preview.windowTitle()
        == f"人民调解当事人权利义务告知书、人民调解记录、人民调解协议书 — {number(committee_db, case_id)}"
    )

    # Next time the same documents are ticked for this case.
    preview.close()
    again = print_dialog(qtbot, window)
    assert again.selected() == chosen


def test_documents_each_party_receives_print_one_per_party_plus_one(qtbot: Any, committee_db: Database) -> None:
    case_id = docfixtures.agreement_case(committee_db, confirm=False)
    window = open_window(qtbot, committee_db, Clock(ON_TIME))
    show_case(qtbot, window, case_id)
    dialog = print_dialog(qtbot, window)
    assert dialog.selected() == ["return_visit_record"]  # stage 回访
    dialog.set_selection(["mediation_agreement"])
    click(qtbot, dialog.preview_button)
    preview = preview_of(window)
    assert preview.copies == 4 and "请打印4份：每位当事人各一份，调解委员会留存一份" in preview.hint.text()


def test_a_document_that_cannot_print_is_explained_and_nothing_is_printed(qtbot: Any, committee_db: Database) -> None:
    case = make_case(3)
    case.agreement, case.accepted_on = None, None
    case.parties[1].name = f"吉{NO_FONT}"
    saved = svc.register_case(committee_db, case, today=REGISTERED_ON)
    assert saved.id is not None
    proc.accept(committee_db, saved.id, rights_notified_on=REGISTERED_ON, today=REGISTERED_ON)
    window = open_window(qtbot, committee_db, Clock(REGISTERED_ON))
    show_case(qtbot, window, saved.id)
    dialog = print_dialog(qtbot, window)
    # Accepted, not yet mediated: the stage's refusal comes before what the agreement lacks (PML Art. 28).
    at_stage = "案件处于“受理”阶段，尚未经调解达成协议；调解协议书须在调解达成协议后制作（《人民调解法》第二十八条）"
    assert dialog.notes["mediation_agreement"].text() == "还不能打印：" + at_stage

    dialog.set_selection(["rights_notice", "session_record", "mediation_agreement", "dossier_back"])
    click(qtbot, dialog.preview_button)
    assert window.preview is None and dialog.isVisible()  # nothing printed, the dialog stays
    text = dialog.problem_text()
    assert text.startswith("还不能打印，没有生成任何文书")
    assert "《人民调解当事人权利义务告知书》还不能打印" in text
    assert f"第2位当事人（吉{NO_FONT}）的姓名：“{NO_FONT}”（U+31234）字在字库中没有" in text
    assert "《人民调解记录》还不能打印：\n    · 本案还没有可以填入“人民调解记录”的内容（尚无调解记录）" in text
    assert text.endswith(f"《人民调解协议书》还不能打印：\n    · {at_stage}")  # that one reason only
    shown = {key for key, b in dialog.problems.fix_buttons.items() if not b.isHidden()}
    assert shown == {choices.FIX_CASE, choices.FIX_PROCEDURE}

    # 这几份先不打印 is the user's choice; the rest prints.
    assert not dialog.problems.skip_button.isHidden()
    click(qtbot, dialog.problems.skip_button)
    assert dialog.selected() == ["dossier_back"]
    assert dialog.status.text().startswith(
        "已取消勾选：《人民调解当事人权利义务告知书》、《人民调解记录》、《人民调解协议书》"
    )
    assert not dialog.problems.isVisible()

    # The agreement alone: its one reason leads to 办理步骤 (the print dialog closes first), not to its terms.
    window.case_pane.tabs.setCurrentIndex(1)
    dialog.set_selection(["mediation_agreement"])
    click(qtbot, dialog.preview_button)
    assert dialog.problem_text().count("· ") == 1 and at_stage in dialog.problem_text()
    assert dialog.problems.fix_buttons[choices.FIX_AGREEMENT].isHidden()
    click(qtbot, dialog.problems.fix_buttons[choices.FIX_PROCEDURE])
    assert gone(dialog)
    assert window.case_pane.tabs.currentWidget() is window.case_pane.panel_scroll
    assert window.findChild(AgreementDialog) is None


def test_the_agreement_of_a_case_at_registration_is_refused_at_both_doors(qtbot: Any, committee_db: Database) -> None:
    """A trial printed the agreement of a case still at 登记 (PML Art. 28): Ctrl+P and 打印文书 refuse it."""
    saved = svc.register_case(committee_db, make_case(2), today=REGISTERED_ON)  # terms typed in already
    assert saved.id is not None
    window = open_window(qtbot, committee_db, Clock(REGISTERED_ON))
    show_case(qtbot, window, saved.id)
    window.activateWindow()
    qtbot.waitExposed(window)
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)  # 打印协议书
    wait_for_tasks(qtbot)
    box = window.documents.problem_box
    assert window.preview is None and box is not None and box.isVisible()
    assert "案件处于“登记”阶段" in box.text() and "《人民调解法》第二十八条" in box.text()
    assert {b.text() for b in box.buttons()} == {choices.FIX_BUTTONS[choices.FIX_PROCEDURE], "关闭"}
    [go] = [b for b in box.buttons() if b.text() == choices.FIX_BUTTONS[choices.FIX_PROCEDURE]]
    click(qtbot, go)
    accept = window.case_pane.panel.buttons["受理"]  # the keyboard on the step to take, Enter takes it
    qtbot.waitUntil(lambda: window.focusWidget() is accept)

    # Tab from the case list reaches that button too (it once walked the list's cells for ever).
    window.activateWindow()
    window.case_list.table.setFocus()
    qtbot.waitUntil(window.case_list.table.hasFocus)
    qtbot.keyClick(window.case_list.table, Qt.Key.Key_Tab)
    assert not window.case_list.table.hasFocus()

    dialog = print_dialog(qtbot, window)
    assert dialog.selected() == ["mediation_application", "rights_notice"]
    assert dialog.notes["mediation_agreement"].text().startswith("还不能打印：案件处于“登记”阶段")
    dialog.set_selection(["mediation_agreement"])
    click(qtbot, dialog.preview_button)
    assert window.preview is None and dialog.isVisible()
    assert "《人民调解法》第二十八条" in dialog.problem_text()
    dialog.reject()


def test_fixing_the_case_opens_its_particulars(qtbot: Any, committee_db: Database) -> None:
    case = make_case(2)
    case.parties[0].name = f"刘{NO_FONT}"
    saved = svc.register_case(committee_db, case, today=REGISTERED_ON)
    assert saved.id is not None
    window = open_window(qtbot, committee_db, Clock(REGISTERED_ON))
    show_case(qtbot, window, saved.id)
    dialog = print_dialog(qtbot, window)
    assert dialog.selected() == ["mediation_application", "rights_notice"]  # 登记, source 当事人申请
    click(qtbot, dialog.preview_button)
    assert f"第1位当事人（刘{NO_FONT}）的姓名" in dialog.problem_text()
    assert not dialog.problems.skip_button.isVisible()  # nothing would be left to print
    click(qtbot, dialog.problems.fix_buttons[choices.FIX_CASE])
    assert window.findChild(RegisterDialog).isVisible()


# ---------------------------------------------------------------- blank forms


@needs_poppler
def test_blank_forms_print_without_a_case(qtbot: Any, committee_db: Database) -> None:
    window = open_window(qtbot, committee_db, Clock(REGISTERED_ON))
    assert window.action_map[act.PRINT_DOCUMENTS].isEnabled()
    dialog = print_dialog(qtbot, window)
    assert dialog.windowTitle() == "打印空白文书"
    assert dialog.blank_mode.isChecked() and not dialog.case_mode.isEnabled()
    assert dialog.sets_group.isHidden() and dialog.selected() == []
    assert not dialog.preview_button.isEnabled()
    dialog.set_selection(["session_record", "mediation_agreement"])
    click(qtbot, dialog.preview_button)
    preview = preview_of(window)
    text = squeeze(pdf_text(preview.pdf))
    assert "人民调解记录" in text and "人民调解协议书" in text
    assert "调字第" not in text  # no case data
    assert pages(preview.pdf) == preview.document.pageCount() >= 2
    assert preview.copies == 1 and "空白" in preview.hint.text()


def test_blank_forms_even_before_the_committee_is_set_up(qtbot: Any, db: Database) -> None:
    window = open_window(qtbot, db, Clock(REGISTERED_ON))  # the first-run dialog is open
    dialog = window.documents.print_blank()
    wait_for_tasks(qtbot)
    assert dialog.blank_mode.isChecked() and "rights_notice" in dialog.boxes
    dialog.set_selection(["rights_notice"])
    click(qtbot, dialog.preview_button)
    assert preview_of(window).pdf.startswith(b"%PDF")


def test_switching_to_blank_mode_for_a_selected_case(qtbot: Any, committee_db: Database) -> None:
    case_id = docfixtures.oral_case(committee_db)
    window = open_window(qtbot, committee_db, Clock(ON_TIME))
    show_case(qtbot, window, case_id)
    dialog = print_dialog(qtbot, window)
    assert dialog.selected() == ["oral_agreement_register"]
    dialog.blank_mode.setChecked(True)
    wait_for_tasks(qtbot)
    assert dialog.selected() == [] and dialog.windowTitle() == "打印空白文书"
    assert all(not note.isVisible() for note in dialog.notes.values())
    dialog.case_mode.setChecked(True)
    wait_for_tasks(qtbot)
    assert dialog.selected() == ["oral_agreement_register"]  # what was ticked for the case stays


def test_the_agreement_from_the_tool_bar_is_the_agreement_of_the_print_dialog(
    qtbot: Any, committee_db: Database
) -> None:
    case_id = docfixtures.agreement_case(committee_db)
    window = open_window(qtbot, committee_db, Clock(ON_TIME))
    show_case(qtbot, window, case_id)
    window.action_map[act.PRINT_AGREEMENT].trigger()
    wait_for_tasks(qtbot)
    from_tool_bar = preview_of(window).pdf
    window.preview.close()
    dialog = print_dialog(qtbot, window)
    dialog.set_selection(["mediation_agreement"])
    click(qtbot, dialog.preview_button)
    wait_for_tasks(qtbot)
    assert preview_of(window).pdf == from_tool_bar  # the same job: the same context, the window's today
    job = PrintJob.forms(case_id, ["mediation_agreement"], today=ON_TIME)
    assert printing.render(DatabaseStore(committee_db), job) == from_tool_bar


def test_an_agreement_that_cannot_print_is_explained_in_the_documents_box(qtbot: Any, committee_db: Database) -> None:
    case = make_case(2)
    case.parties[0].name = f"刘{NO_FONT}"
    saved = svc.register_case(committee_db, case, today=REGISTERED_ON)
    assert saved.id is not None
    mediated(committee_db, saved.id)
    window = open_window(qtbot, committee_db, Clock(REGISTERED_ON))
    show_case(qtbot, window, saved.id)
    window.action_map[act.PRINT_AGREEMENT].trigger()
    wait_for_tasks(qtbot)
    box = window.documents.problem_box
    assert window.preview is None and box is not None and box is window.print_problems and box.isVisible()
    assert box.windowTitle() == "协议书还不能打印"
    assert "《人民调解协议书》还不能打印" in box.text() and f"第1位当事人（刘{NO_FONT}）的姓名" in box.text()


class Host(QWidget):
    """Everything printing may ask of the window it serves (`PrintingHost`), and nothing more."""

    def __init__(self, db: Database, case_id: int, clock: Clock) -> None:
        super().__init__()
        self.db, self.clock = db, clock
        self.committee = svc.get_committee(db)
        self.case = svc.get_case(db, case_id)
        self.status: list[str] = []
        self.went: list[str] = []

    def shown_case(self) -> Case | None:
        return self.case

    def show_status(self, text: str) -> None:
        self.status.append(text)

    def edit_case(self) -> None:
        self.went.append("case")

    def edit_agreement(self) -> None:
        self.went.append("agreement")

    def show_procedure(self) -> None:
        self.went.append("procedure")


def test_printing_asks_the_window_only_what_its_host_protocol_says(qtbot: Any, committee_db: Database) -> None:
    host = Host(committee_db, docfixtures.agreement_case(committee_db), Clock(ON_TIME))
    qtbot.addWidget(host)
    printer = DocumentPrinting(host, host)
    printer.print_dossier()
    wait_for_tasks(qtbot)
    assert printer.preview is not None and printer.preview.windowTitle().startswith("调解卷宗")
    assert host.status == ["正在生成卷宗，请稍候…", ""]
    printer.print_agreement()
    wait_for_tasks(qtbot)
    assert printer.preview.windowTitle().startswith("人民调解协议书") and printer.preview.copies == 4
    for key in (choices.FIX_PROCEDURE, choices.FIX_AGREEMENT, choices.FIX_CASE):
        printer.fix(key)
    assert host.went == ["procedure", "agreement", "case"]


# ---------------------------------------------------------------- saving


def test_save_as_pdf_writes_the_job(
    qtbot: Any, committee_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = docfixtures.terminated_case(committee_db)
    window = open_window(qtbot, committee_db, Clock(ON_TIME))
    show_case(qtbot, window, case_id)
    dialog = print_dialog(qtbot, window)
    dialog.set_selection(["rights_notice", "termination_notice"])
    click(qtbot, dialog.preview_button)
    preview = preview_of(window)
    assert preview.file_name == f"{number(committee_db, case_id)}人民调解当事人权利义务告知书等.pdf"
    target = tmp_path / "saved" / "终止.pdf"
    target.parent.mkdir()
    informed: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    monkeypatch.setattr(messages, "inform", lambda _p, _t, text: informed.append(text))
    qtbot.mouseClick(preview.save_button, Qt.MouseButton.LeftButton)
    assert target.read_bytes() == preview.pdf
    assert pages(target.read_bytes()) == preview.document.pageCount()
    assert informed == [f"文书已保存为：\n{target}"]
    assert [p.name for p in target.parent.iterdir()] == ["终止.pdf"]


# ---------------------------------------------------------------- the words (no widgets)


def _status(form_id: str, count: int = 1, each: str | None = None, missing: tuple[FieldError, ...] = ()) -> FormStatus:
    return FormStatus(form_id, form_id, each, count, missing)


def test_stage_suggestions_only_tick_what_can_print() -> None:
    forms = CaseForms(
        1,
        "1",
        "受理",
        "12345热线转办",
        2,
        (
            _status("mediation_application"),
            _status("acceptance_register"),
            _status("rights_notice"),
            _status("power_of_attorney", 0, "agent"),
        ),
    )
    assert choices.suggested(forms) == ["acceptance_register", "rights_notice"]
    terminated = dataclasses.replace(
        forms,
        stage="调解终止",
        forms=(_status("termination_notice", missing=(FieldError("state.termination_reason", "尚未记录"),)),),
    )
    assert choices.suggested(terminated) == []
    assert choices.note(terminated.forms[0], 2) == "还不能打印：尚未记录"
    assert choices.note(_status("session_record", 3, "session"), 2) == "共3份（每次调解一份）"
    assert choices.note(_status("visit", 0, "visit"), 2) == "尚无回访记录"
    assert choices.note(_status("termination_notice"), 2) == "打印3份"


def test_groups_copies_and_problem_words() -> None:
    groups = dict(choices.grouped(["rights_notice", "mediation_agreement", "dossier_back", "new_form"]))
    assert groups == {
        "受理": ["rights_notice"],
        "协议与回访": ["mediation_agreement"],
        "卷宗": ["dossier_back"],
        "其他": ["new_form"],
    }
    assert choices.copies_for(["mediation_agreement", "termination_notice"], 3) == 4
    assert choices.copies_for(["mediation_agreement", "rights_notice"], 3) == 1
    assert choices.copies_for([], 3) == 1
    problem = FormProblem(
        "mediation_agreement",
        "人民调解协议书",
        (
            FieldError("agreement.terms[0].deadline", "请填写履行期限"),
            FieldError("parties[1].representatives[0].name", "“𱈴”字在字库中没有"),
            FieldError("rights_notice:sections[3].text", "“𱈴”字在字库中没有"),
            FieldError("state.parties_signed_on", "调解协议尚未生效"),
            FieldError("court", "请选择受理司法确认申请的人民法院"),
        ),
    )
    text = choices.problem_text(problem, ["刘䶮", "吉𠮷祥"])
    assert text.title == "《人民调解协议书》还不能打印："
    assert text.lines == (
        "第1项条款：请填写履行期限",
        "第2位当事人（吉𠮷祥）的代理人姓名：“𱈴”字在字库中没有",
        "文书格式文件中的文字（rights_notice:sections[3].text）：“𱈴”字在字库中没有",
        "各方签署日期：调解协议尚未生效",
        "请选择受理司法确认申请的人民法院",
    )
    assert text.fixes == (choices.FIX_CASE, choices.FIX_AGREEMENT, choices.FIX_PROCEDURE, choices.FIX_COURT)
    assert split_reasons("甲（x；y）；乙") == ["甲（x；y）", "乙"]


def test_the_help_line_says_what_was_ticked(qtbot: Any, committee_db: Database) -> None:
    """A case being performed usually prints its return-visit record, which cannot print before a visit
    is recorded: the dialog said it had ticked the usual papers with nothing ticked (fit screenshots)."""
    case_id = docfixtures.agreement_case(committee_db)
    window = open_window(qtbot, committee_db, Clock(ON_TIME))
    show_case(qtbot, window, case_id)
    dialog = print_dialog(qtbot, window)
    assert dialog.selected() != [] and "勾选了常用的文书" in dialog.help.text()
    # The same case's list as the database thread delivers it, its usual papers not printable now
    chosen = dialog.selected()
    assert dialog.forms is not None
    unprintable = [
        dataclasses.replace(f, missing=[FieldError("visits", "尚无回访记录")]) if f.form_id in chosen else f
        for f in dialog.forms.forms
    ]
    dialog._remembered["case"] = None  # as a dialog opened afresh
    dialog._case_forms_loaded(dataclasses.replace(dialog.forms, forms=unprintable))
    assert dialog.selected() == []
    assert "勾选了常用" not in dialog.help.text() and "请自行勾选" in dialog.help.text()
