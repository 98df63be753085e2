"""The window's printing: 打印协议书, 打印文书 (and its blank mode), 打印卷宗, 司法确认申请材料, the preview,
and the way from “cannot be printed yet” to the dialog where it is fixed.

Everything prints through the printing service (`services.printing`, called on the database thread
by `jobs`); the agreement from the tool bar is the same job as the agreement ticked in 打印文书, so it
carries the same context and its problems come in the same box. The controller knows the window
only through `PrintingHost`: the database, the committee, the clock, the case shown, a status
message and the three places a problem is fixed.

One window at a time for the user: a dialog that leads elsewhere (a fix, the dossier, the package)
closes first; the forms ticked for a case are remembered for the session, so after fixing a field
打印文书 opens with the same documents ticked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from mediator_app.ui.documents import choices, jobs
from mediator_app.ui.documents.confirmation_package import ConfirmationPackageDialog
from mediator_app.ui.documents.print_dialog import PreviewRequest, PrintDocumentsDialog
from mediator_app.ui.errors import report_exception
from mediator_app.ui.preview import PdfPreviewDialog
from mediator_app.ui.tasks import run_db

if TYPE_CHECKING:
    from mediator_app.domain.model import Case, Committee
    from mediator_app.storage.database import Database
    from mediator_app.ui.clock import Clock

AGREEMENT = "mediation_agreement"


class PrintingHost(Protocol):
    """What printing needs from the window it serves."""

    @property
    def db(self) -> Database | None: ...

    @property
    def committee(self) -> Committee | None: ...

    @property
    def clock(self) -> Clock: ...

    def shown_case(self) -> Case | None:
        """The case selected in the list and shown, if any."""

    def show_status(self, text: str) -> None:
        """A message in the status bar ("" clears it)."""

    def edit_case(self) -> object: ...

    def edit_agreement(self) -> object: ...

    def show_procedure(self) -> None:
        """The case view's 办理步骤."""


class DocumentPrinting(QObject):
    """`parent`: the widget the dialogs and the preview belong to (the window)."""

    def __init__(self, host: PrintingHost, parent: QWidget) -> None:
        super().__init__(parent)
        self.host = host
        self.parent_widget = parent
        self.selections: dict[int, list[str]] = {}  # case id -> the forms last ticked
        # the last ones opened (tests look at them)
        self.dialog: PrintDocumentsDialog | None = None
        self.confirmation: ConfirmationPackageDialog | None = None
        self.preview: PdfPreviewDialog | None = None
        self.problem_box: QMessageBox | None = None
        self._dossier_running = False  # a second click while the dossier is laid out does nothing

    def _case(self) -> Case | None:
        case = self.host.shown_case()
        return case if self.host.db is not None and case is not None and case.id is not None else None

    # -- 打印协议书 -----------------------------------------------------------------------------------

    def print_agreement(self) -> None:
        """The 人民调解协议书 alone, one copy per party plus one (PML Art. 29), in the preview."""
        case = self._case()
        if case is None or self.host.db is None:
            return
        number = case.number
        task = run_db(jobs.print_forms, self.host.db, case.id, [AGREEMENT], self.host.clock.today(), owner=self)
        task.on_success(
            lambda pdf: self.show_preview(
                PreviewRequest(
                    pdf,
                    self.tr("人民调解协议书 — {number}").format(number=number),
                    f"{number}人民调解协议书.pdf",
                    case.copies(),
                    what=self.tr("协议书"),
                )
            )
        )
        task.on_error(lambda exc: self._failed(case, self.tr("协议书"), exc))

    # -- 打印文书 -------------------------------------------------------------------------------------

    def print_documents(self, blank: bool = False) -> PrintDocumentsDialog:
        case = None if self.host.committee is None else self._case()
        remembered = self.selections.get(case.id) if case is not None and case.id is not None else None
        dialog = PrintDocumentsDialog(
            self.host.db, case, self.host.clock, self.parent_widget, blank=blank, selection=remembered
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
        case = self._case()
        if case is None or self.host.db is None or self._dossier_running:
            return
        number = case.number
        self._dossier_running = True
        self.host.show_status(self.tr("正在生成卷宗，请稍候…"))
        task = run_db(jobs.print_dossier, self.host.db, case.id, self.host.clock.today(), owner=self.parent_widget)
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
        if case is None or self.host.db is None:
            return None
        dialog = ConfirmationPackageDialog(self.host.db, case, self.host.clock, self.parent_widget)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.preview_ready.connect(self.show_preview)
        dialog.fix_requested.connect(self.fix)
        dialog.open()
        self.confirmation = dialog
        return dialog

    # -- the preview and problems ------------------------------------------------------------------

    def show_preview(self, request: PreviewRequest) -> PdfPreviewDialog:
        self._dossier_running = False
        self.host.show_status("")
        dialog = PdfPreviewDialog(
            request.pdf,
            request.title,
            request.file_name,
            request.copies,
            self.parent_widget,
            hint=request.hint,
            what=request.what,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.preview = dialog
        return dialog

    def _failed(self, case: Case, what: str, exc: BaseException) -> None:
        from mediator_app.services.printing import PrintProblems

        self._dossier_running = False
        self.host.show_status("")
        if not isinstance(exc, PrintProblems):
            report_exception(exc, self.parent_widget)
            return
        names = [p.name for p in case.parties]
        texts = [choices.problem_text(p, names) for p in exc.problems]
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("{what}还不能打印").format(what=what),
            self.tr("{what}还不能打印，没有生成任何文书。请先处理以下事项：\n\n{lines}").format(
                what=what, lines=choices.problems_text(texts)
            ),
            QMessageBox.StandardButton.NoButton,
            self.parent_widget,
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
            self.host.edit_case()
        elif key == choices.FIX_AGREEMENT:
            self.host.edit_agreement()
        elif key == choices.FIX_PROCEDURE:
            self.host.show_procedure()
        elif key == choices.FIX_COURT:
            self.confirmation_package()
