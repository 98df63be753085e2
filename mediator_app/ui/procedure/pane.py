"""The right-hand side of the main window for one case, as tabs: 办理步骤 (the procedure,
`ProcedurePanel`: where the case stands, what to do next, the buttons), 案件信息 (`CaseView`), the
records of every step, and the case history. The procedure comes first and has the whole height:
on a 1366×768 screen its buttons must be visible without scrolling.

The pane follows the `CaseView`: whenever it shows a case, the pane loads that case's
`WorkflowView` in the background (`Desk.workflow` for the clock's today). A button
opens the step's dialog; after a step is written the pane reloads and emits `case_changed(case_id)`
so the window refreshes the list, the case and the to-do list. 开始履行监督 and 结案归档 have nothing
to fill in: they are confirmed and run directly, a refusal listed with its articles.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QScrollArea, QTabWidget, QTextBrowser, QVBoxLayout, QWidget

from mediator_app.domain.model import Case
from mediator_app.domain.stages import Event
from mediator_app.errors import UserFacingError
from mediator_app.ui import messages
from mediator_app.ui.case_view import CaseView
from mediator_app.ui.clock import Clock
from mediator_app.ui.errors import report_exception
from mediator_app.ui.procedure import fact_dialogs, record_dialogs, step_dialogs, wording
from mediator_app.ui.procedure.confirmation_dialog import ConfirmationDialog
from mediator_app.ui.procedure.dialog import StepContext, StepDialog
from mediator_app.ui.procedure.drafts import Draft, DraftStore
from mediator_app.ui.procedure.panel import ProcedurePanel
from mediator_app.ui.procedure.texts import CSS, history_html, records_html, refusal_text
from mediator_app.ui.tasks import run_db
from mediator_app.ui.text_size import set_style_sheet

if TYPE_CHECKING:
    from mediator_app.services.desk import Desk
    from mediator_app.services.procedure import WorkflowView

E = Event
DialogClass = Callable[[StepContext, QWidget], StepDialog]  # every step dialog is built as cls(ctx, parent)
STEP_DIALOGS: dict[Event, DialogClass] = {
    E.ACCEPT: step_dialogs.AcceptDialog,
    E.DECLINE: step_dialogs.DeclineDialog,
    E.INVESTIGATE: record_dialogs.InvestigationDialog,
    E.MEDIATE: record_dialogs.SessionDialog,
    E.CONCLUDE_WRITTEN: step_dialogs.ConcludeWrittenDialog,
    E.CONCLUDE_ORAL: step_dialogs.OralDialog,
    E.TERMINATE: step_dialogs.TerminateDialog,
    E.RETURN_VISIT: record_dialogs.VisitDialog,
    E.APPLY_CONFIRMATION: ConfirmationDialog,
    E.CONFIRMATION_GRANTED: step_dialogs.CourtResultDialog,
    E.CONFIRMATION_DENIED: step_dialogs.CourtResultDialog,
    E.CONFIRMATION_NOT_ACCEPTED: step_dialogs.CourtResultDialog,
    E.REOPEN: step_dialogs.ReopenDialog,
}
FACT_DIALOGS: dict[str, DialogClass] = {
    "refusal": fact_dialogs.RefusalDialog,
    "risk": fact_dialogs.RiskDialog,
    "extend": fact_dialogs.ExtendDialog,
    "choices": fact_dialogs.ChoicesDialog,
    wording.SIGNATURES: step_dialogs.SignaturesDialog,
}
DirectAct = Callable[["Desk", int, dt.date], object]  # (desk, case id, today): the act, on the database thread
# Acts without anything to fill in: (question, confirm button, the act).
DIRECT_ACTS: dict[Event, tuple[str, str, DirectAct]] = {
    E.START_PERFORMANCE: (
        "协议已经生效。开始监督履行后，程序会按协议的履行期限提醒您督促和回访。",
        E.START_PERFORMANCE.value,
        lambda desk, case_id, today: desk.start_performance(case_id, today),
    ),
    E.ARCHIVE: (
        "确认结案归档吗？\n\n归档前请把卷宗材料整理齐全。归档以后案件不能再修改；确需继续办理的，"
        "可以写明理由“重新启用”。",
        E.ARCHIVE.value,
        lambda desk, case_id, today: desk.archive(case_id, today),
    ),
}


DOSSIER_LACKS = (
    "卷宗检查发现还缺：\n{lacks}\n\n请先补齐再归档；确需现在归档的，可以继续，缺少的材料以后仍会在卷宗检查中列出。"
)


def _browser() -> QTextBrowser:
    browser = QTextBrowser()
    browser.setOpenLinks(False)
    browser.document().setDefaultStyleSheet(CSS)
    browser.document().setDocumentMargin(12)
    return browser


class CasePane(QWidget):
    case_changed = Signal(int)  # a step or fact was written for this case
    agreement_requested = Signal()  # 填写协议条款 for the case shown
    workflow_shown = Signal(object)  # WorkflowView, once on screen (tests, screenshots)

    def __init__(self, clock: Clock | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clock = clock or Clock()
        self.desk: Desk | None = None
        self.drafts = DraftStore()
        self.view: WorkflowView | None = None
        self.dialog: StepDialog | None = None  # the last one opened (tests look at it)

        self.case_view = CaseView()
        self.panel = ProcedurePanel()
        self.panel.action_requested.connect(self.open_step)
        self.panel.fact_requested.connect(self.open_fact)
        self.panel_scroll = QScrollArea()
        self.panel_scroll.setWidget(self.panel)
        self.panel_scroll.setWidgetResizable(True)
        self.panel_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.panel_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.records = _browser()
        self.history = _browser()
        self.tabs = QTabWidget()
        set_style_sheet(
            self.tabs,
            "QTabBar::tab { font-size: 14pt; padding: 6px 10px; }QTabBar::tab:selected { font-weight: bold; }",
        )
        # A narrow window (150 % scaling) shortens a tab's text rather than hiding the tab behind
        # scroll arrows; the tab's tooltip has the whole text.
        self.tabs.tabBar().setElideMode(Qt.TextElideMode.ElideRight)
        self.tabs.setUsesScrollButtons(False)
        self.tabs.addTab(self.panel_scroll, self.tr("办理步骤"))
        self.tabs.addTab(self.case_view, self.tr("案件信息"))
        self.tabs.addTab(self.records, self.tr("调查调解记录"))
        self.tabs.addTab(self.history, self.tr("办理经过"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.case_view.shown.connect(self._case_shown)
        self._show_nothing()

    def set_desk(self, desk: Desk) -> None:
        self.desk = desk
        if desk.drafts_anchor is not None:
            left = self.drafts.attach(desk.drafts_anchor)
            if left:
                self._offer_drafts(left)
        if self.case_view.case is not None:
            self.reload()

    def _offer_drafts(self, left: list[Draft]) -> None:
        """After a crash or a power cut: say which records were kept, with their cases and times."""
        names = "\n".join(f"· {d.title}（{d.kept_at.month}月{d.kept_at.day}日 {d.kept_at:%H:%M}）" for d in left)
        messages.inform(
            self,
            self.tr("找回没有保存的记录"),
            self.tr(
                "上次关闭程序时，下面的记录还没有保存，已经找回：\n{names}\n\n"
                "打开对应的案件，点相应的按钮（如“记录调查”），内容会自动恢复，请核对后保存。"
            ).format(names=names),
        )

    # -- showing -----------------------------------------------------------------------------------

    def _show_nothing(self) -> None:
        """No case: only the case view's message, no tabs."""
        self.view = None
        self.tabs.setCurrentWidget(self.case_view)
        self.tabs.tabBar().hide()

    def _case_shown(self, case: Case | None) -> None:
        if case is None:
            self._show_nothing()
        else:
            self.reload()

    def reload(self) -> None:
        case = self.case_view.case
        desk = self.desk
        if desk is None or case is None or case.id is None:
            return
        self.panel.setEnabled(False)  # no act on the previous case's buttons meanwhile
        case_id, today = case.id, self.clock.today()
        run_db(lambda: desk.workflow(case_id, today), owner=self).on_success(self._workflow_loaded).on_error(
            self._workflow_failed
        )

    def _workflow_loaded(self, view: WorkflowView) -> None:
        case = self.case_view.case
        if case is None or case.id != view.case_id:
            return  # another case was selected meanwhile
        self.view = view
        self._show_panel()
        self.records.setHtml(records_html(case, view))
        self.history.setHtml(history_html(view.history))
        count = len(view.records) + len(view.visits)
        self.tabs.setTabText(2, self.tr("调查调解记录（{n}）").format(n=count) if count else self.tr("调查调解记录"))
        self.tabs.setTabText(3, self.tr("办理经过（{n}）").format(n=len(view.history)))
        for index in range(self.tabs.count()):
            self.tabs.setTabToolTip(index, self.tabs.tabText(index))
        if self.tabs.tabBar().isHidden():  # the first case after none: start with the procedure
            self.tabs.tabBar().show()
            self.tabs.setCurrentWidget(self.panel_scroll)
        self.workflow_shown.emit(view)

    def _show_panel(self) -> None:
        case = self.case_view.case
        if case is None or case.id is None or self.view is None:
            return
        self.panel.show_workflow(case, self.view, self.drafts.kinds(case.id))
        self.panel.setEnabled(True)

    def _workflow_failed(self, exc: BaseException) -> None:
        self.panel.setEnabled(True)
        report_exception(exc, self)

    # -- acting ------------------------------------------------------------------------------------

    def _context(self) -> StepContext | None:
        case = self.case_view.case
        if self.desk is None or case is None or self.view is None or case.id != self.view.case_id:
            return None
        return StepContext(self.desk, case, self.view, self.clock, self.drafts)

    def open_step(self, key: str) -> StepDialog | None:
        """The dialog of a step (an Event's value, or ``signatures``); acts without inputs run after a question."""
        ctx = self._context()
        if ctx is None:
            return None
        if key in FACT_DIALOGS:
            return self._open(FACT_DIALOGS[key], ctx)
        event = Event(key)
        if event in DIRECT_ACTS:
            self._direct(event, ctx)
            return None
        return self._open(STEP_DIALOGS[event], ctx)

    def open_fact(self, key: str) -> StepDialog | None:
        if key == "agreement":
            self.agreement_requested.emit()
            return None
        ctx = self._context()
        return self._open(FACT_DIALOGS[key], ctx) if ctx is not None else None

    def _open(self, cls: DialogClass, ctx: StepContext) -> StepDialog:
        dialog = cls(ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.step_done.connect(functools.partial(self._written, ctx.case_id))
        dialog.rejected.connect(self._show_panel)  # a draft may have been kept: say so on its button
        if isinstance(dialog, step_dialogs.ConcludeWrittenDialog):
            dialog.agreement_requested.connect(self.agreement_requested)
        dialog.open()
        self.dialog = dialog
        return dialog

    def _direct(self, event: Event, ctx: StepContext) -> None:
        if event is not E.ARCHIVE:
            self._confirm_direct(event, ctx, ())
            return
        # Before the file is closed, the dossier audit names what it lacks (the same audit as the
        # 以案定补 claim's, docs/subsidy.md), so that it is completed now rather than found missing later.
        desk, case_id = ctx.desk, ctx.case_id
        run_db(lambda: desk.dossier_lacks(case_id), owner=self).on_success(
            functools.partial(self._confirm_direct, event, ctx)
        ).on_error(functools.partial(self._act_failed, wording.button_text(event)))

    def _confirm_direct(self, event: Event, ctx: StepContext, lacks: tuple[str, ...]) -> None:
        question, yes, act = DIRECT_ACTS[event]
        text = self.tr(question)
        if lacks:
            found = "\n".join(f"· {lack}" for lack in lacks)
            text += "\n\n" + self.tr(DOSSIER_LACKS).format(lacks=found)
        if not messages.confirm(self, wording.button_text(event), text, self.tr(yes)):
            return
        desk, case_id, today = ctx.desk, ctx.case_id, self.clock.today()
        run_db(lambda: act(desk, case_id, today), owner=self).on_success(
            functools.partial(self._written, ctx.case_id)
        ).on_error(functools.partial(self._act_failed, wording.button_text(event)))

    def _act_failed(self, what: str, exc: BaseException) -> None:
        from mediator_app.services.procedure import ProcedureRefused

        if isinstance(exc, ProcedureRefused):
            reasons = "\n".join(f"· {refusal_text(r)}" for r in exc.decision.refusals)
            messages.warn(
                self,
                self.tr("不能{what}").format(what=what),
                self.tr("现在不能{what}：\n\n{reasons}").format(what=what, reasons=reasons),
            )
        elif isinstance(exc, UserFacingError):
            messages.warn(self, self.tr("不能{what}").format(what=what), exc.message)
        else:
            report_exception(exc, self)

    def _written(self, case_id: int, _result: object = None) -> None:
        self.reload()
        self.case_changed.emit(case_id)

    # -- closing -----------------------------------------------------------------------------------

    def may_close(self) -> bool:
        """Quitting with drafts left: ask first (the safe answer keeps the program open); drafts kept only in
        memory (no draft file) would be lost, and the question says so."""
        drafts = self.drafts.all()
        if not drafts:
            return True
        names = "\n".join(f"· {d.title}" for d in drafts)
        if self.drafts.on_disk:
            text = self.tr(
                "下面的记录还没有保存：\n{names}\n\n草稿已保存在本机，下次打开该记录时会自动恢复。现在退出吗？"
            )
            return messages.confirm(self, self.tr("还有没有保存的记录"), text.format(names=names), self.tr("退出"))
        return messages.confirm(
            self,
            self.tr("还有没有保存的记录"),
            self.tr("下面的记录还没有保存：\n{names}\n\n现在退出，这些内容将会丢失。请先打开它们保存。").format(
                names=names
            ),
            self.tr("不保存，退出"),
        )
