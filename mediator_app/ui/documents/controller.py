"""The main window's printing: 打印文书 (and its blank mode), 打印卷宗, 司法确认申请材料, the preview, and
the way from “cannot be printed yet” to the dialog where it is fixed.

One window at a time for the user: a dialog that leads elsewhere (a fix, the dossier, the package)
closes first; the forms ticked for a case are remembered for the session, so after fixing a field
打印文书 opens with the same documents ticked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox

from mediator_app.ui.documents import choices
from mediator_app.ui.documents.confirmation_package import ConfirmationPackageDialog
from mediator_app.ui.documents.print_dialog import PreviewRequest, PrintDocumentsDialog
from mediator_app.ui.errors import report_exception
from mediator_app.ui.preview import PdfPreviewDialog
from mediator_app.ui.tasks import run_db

if TYPE_CHECKING:
    from mediator_app.domain.model import Case
    from mediator_app.ui.main_window import MainWindow


class DocumentPrinting(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.selections: dict[int, list[str]] = {}  # case id -> the forms last ticked
        # the last ones opened (tests look at them)
        self.dialog: PrintDocumentsDialog | None = None
        self.confirmation: ConfirmationPackageDialog | None = None
        self.problem_box: QMessageBox | None = None
        self._dossier_running = False  # a second click while the dossier is laid out does nothing

    def _case(self) -> Case | None:
        """The case selected and shown, if any."""
        case = self.window.case_view.case
        if self.window.db is None or case is None or case.id is None or case.id != self.window.selected_case_id():
            return None
        return case

    # -- 打印文书 -------------------------------------------------------------------------------------

    def print_documents(self, blank: bool = False) -> PrintDocumentsDialog:
        case = None if self.window.committee is None else self._case()
        remembered = self.selections.get(case.id) if case is not None and case.id is not None else None
        dialog = PrintDocumentsDialog(
            self.window.db, case, self.window.clock, self.window, blank=blank, selection=remembered
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.preview_ready.connect(self.show_preview)
        dialog.fix_requested.connect(self.fix)
        dialog.dossier_requested.connect(self.print_dossier)
        dialog.confirmation_requested.connect(self.confirmation_package)
        if case is not None and case.id is not None:
            case_id = case.id
            dialog.finished.connect(lambda _result: self._remember(case_id, dialog))
        dialog.open()
        self.dialog = dialog
        return dialog

    def print_blank(self) -> PrintDocumentsDialog:
        return self.print_documents(blank=True)

    def _remember(self, case_id: int, dialog: PrintDocumentsDialog) -> None:
        selection = dialog.remembered()
        if selection is not None:
            self.selections[case_id] = selection

    # -- 打印卷宗 -------------------------------------------------------------------------------------

    def print_dossier(self) -> None:
        from mediator_app.services import print_jobs

        case = self._case()
        if case is None or self.window.db is None or self._dossier_running:
            return
        number = case.number
        self._dossier_running = True
        self.window.statusBar().showMessage(self.tr("正在生成卷宗，请稍候…"))
        task = run_db(print_jobs.render_dossier, self.window.db, case.id, self.window.clock.today(), owner=self.window)
        task.on_success(
            lambda pdf: self.show_preview(
                PreviewRequest(
                    pdf,
                    self.tr("调解卷宗 — {number}").format(number=number),
                    f"{number}调解卷宗.pdf",
                    1,
                    self.tr("共{pages}页（封面、卷内目录、本案文书、情况说明、封底），归档用，打印1份。"),
                    self.tr("调解卷宗"),
                )
            )
        )
        task.on_error(lambda exc: self._failed(case, self.tr("卷宗"), exc))

    # -- 司法确认申请材料 ------------------------------------------------------------------------------

    def confirmation_package(self) -> ConfirmationPackageDialog | None:
        case = self._case()
        if case is None or self.window.db is None:
            return None
        dialog = ConfirmationPackageDialog(self.window.db, case, self.window.clock, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.preview_ready.connect(self.show_preview)
        dialog.fix_requested.connect(self.fix)
        dialog.open()
        self.confirmation = dialog
        return dialog

    # -- the preview and problems ------------------------------------------------------------------

    def show_preview(self, request: PreviewRequest) -> PdfPreviewDialog:
        self._dossier_running = False
        self.window.statusBar().clearMessage()
        dialog = PdfPreviewDialog(
            request.pdf,
            request.title,
            request.file_name,
            request.copies,
            self.window,
            hint=request.hint,
            what=request.what,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.window.preview = dialog
        return dialog

    def _failed(self, case: Case, what: str, exc: BaseException) -> None:
        from mediator_app.services.print_jobs import PrintProblems

        self._dossier_running = False
        self.window.statusBar().clearMessage()
        if not isinstance(exc, PrintProblems):
            report_exception(exc, self.window)
            return
        names = [p.name for p in case.parties]
        texts = [choices.problem_text(p, names) for p in exc.problems]
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("{what}还不能打印").format(what=what),
            self.tr("{what}还不能打印，没有生成任何文书。请先补全以下内容：\n\n{lines}").format(
                what=what, lines=choices.problems_text(texts)
            ),
            QMessageBox.StandardButton.NoButton,
            self.window,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wanted = {f for t in texts for f in t.fixes} - {choices.FIX_COURT}
        for key, text in choices.FIX_BUTTONS.items():
            if key in wanted:
                box.addButton(self.tr(text), QMessageBox.ButtonRole.ActionRole).clicked.connect(
                    lambda _checked=False, k=key: self.fix(k)
                )
        box.addButton(self.tr("关闭"), QMessageBox.ButtonRole.RejectRole)
        box.open()
        self.problem_box = box

    def fix(self, key: str) -> None:
        """Go where a problem is fixed: the case's particulars, the agreement, the procedure, the court."""
        if key == choices.FIX_CASE:
            self.window.edit_case()
        elif key == choices.FIX_AGREEMENT:
            self.window.edit_agreement()
        elif key == choices.FIX_PROCEDURE:
            pane = self.window.case_pane
            pane.tabs.setCurrentWidget(pane.panel_scroll)
        elif key == choices.FIX_COURT:
            self.confirmation_package()
