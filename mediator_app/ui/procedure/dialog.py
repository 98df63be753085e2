"""What every procedure dialog shares, on top of `EditDialog` (errors at the field, saving in the
background, asking before typed input is thrown away):

- a help text at the top saying, in plain words, what the law requires at this step;
- a refusal of the procedure (`ProcedureRefused`) shown like a field error: each refusal names the
  fact it is about (`Refusal.fact`), and `fact_fields` says which input supplies that fact, so
  “须记录已告知当事人……（依据：《人民调解法》第二十六条）” appears under the check box it concerns.
  Refusals about nothing on the form (a party's refusal, a minor without guardian) go to the top;
- nothing is saved on any error: the service writes one transaction only when the law allows it;
- dialogs with a `draft_kind` (long records) keep what was typed in the session's `DraftStore` when
  they are closed unsaved or a save fails, and give it back next time: no question is asked on
  closing, because nothing is lost. The draft is thrown away only by 丢弃草稿 (asked first) or
  after a successful save.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import QCoreApplication, QTimer, Signal
from PySide6.QtWidgets import QDialog, QFormLayout, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from mediator_app.domain.model import Case
from mediator_app.errors import FieldError, UserFacingError, ValidationError
from mediator_app.ui import messages
from mediator_app.ui.clock import Clock
from mediator_app.ui.dialog_base import EditDialog
from mediator_app.ui.errors import report_exception
from mediator_app.ui.procedure.drafts import DraftStore
from mediator_app.ui.procedure.texts import refusal_text
from mediator_app.ui.procedure.wording import DRAFT_NAMES
from mediator_app.ui.tasks import run_db
from mediator_app.ui.widgets import fit_to_screen, label

if TYPE_CHECKING:
    from mediator_app.procedure.machine import Refusal
    from mediator_app.services.desk import Desk
    from mediator_app.services.procedure import WorkflowView

AUTOSAVE_MS = 5_000  # how often an open record's text goes to the draft store


@dataclass
class StepContext:
    """What a step dialog works on: the case as shown, its procedure, today, the session's drafts."""

    desk: Desk
    case: Case
    view: WorkflowView
    clock: Clock
    drafts: DraftStore

    @property
    def case_id(self) -> int:
        assert self.case.id is not None
        return self.case.id


class DraftBar(QFrame):
    """这是您上次没有保存的内容，已经恢复 … [丢弃草稿]"""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = label("", "draft", word_wrap=True)
        self.discard_button = QPushButton(self.tr("丢弃草稿"))
        self.discard_button.setAutoDefault(False)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.text, 1)
        row.addWidget(self.discard_button)
        self.hide()


class StepDialog(EditDialog):
    """Base of the procedure dialogs. `step_done(result)` after the service wrote the step."""

    step_done = Signal(object)
    draft_kind: str | None = None
    fact_fields: ClassVar[dict[str, str]] = {}  # Refusal.fact -> the input key (FieldErrors) that supplies it
    default_size: tuple[int, int] = (900, 680)  # not `size`: that is QWidget.size()

    def __init__(
        self,
        title: str,
        ctx: StepContext,
        labels: dict[str, str],
        help_text: str = "",
        save_text: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            QCoreApplication.translate("StepDialog", "{title} — {number}").format(title=title, number=ctx.case.number),
            parent,
            labels,
        )
        self.ctx = ctx
        self.what = title
        if save_text:
            self.save_button.setText(save_text)
        self.body = QVBoxLayout(self.content)
        self.draft_bar = DraftBar()
        self.draft_bar.discard_button.clicked.connect(self.discard_draft)
        self.body.addWidget(self.draft_bar)
        self.help = label(help_text, "help", word_wrap=True)
        self.help.setVisible(bool(help_text))
        self.body.addWidget(self.help)
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.body.addLayout(self.form)

    def finish(self, stretch: bool = True) -> None:
        """Call at the end of a subclass's __init__: size, the clean state, a kept draft restored.
        `stretch=False` lets a big text box take the spare height instead of empty space."""
        if stretch:
            self.body.addStretch(1)
        fit_to_screen(self, *self.default_size)
        self.mark_clean()
        self._restore_draft()
        if self.draft_kind:
            # Every few seconds what was typed goes to the draft store (and its file beside the
            # database): a crash or a power cut loses at most this much typing.
            self._autosaved: Any = None
            timer = QTimer(self)
            timer.setInterval(AUTOSAVE_MS)
            timer.timeout.connect(self._autosave)
            timer.start()

    def _autosave(self) -> None:
        if self.busy or not self.is_dirty():
            return
        snapshot = self.snapshot()
        if snapshot != self._autosaved:
            self.keep_draft()
            self._autosaved = snapshot

    # -- to implement (draft dialogs) --------------------------------------------------------------

    def restore(self, content: Any) -> None:
        """Put a snapshot() back into the inputs."""
        raise NotImplementedError

    # -- running the step --------------------------------------------------------------------------

    def run(self, job: Callable[[Desk, int], object]) -> None:
        """Run `job(desk, case_id)` on the database thread; the outcome comes back here. Read the inputs
        before: the job runs on the worker, which never touches a widget."""
        desk, case_id = self.ctx.desk, self.ctx.case_id
        run_db(lambda: job(desk, case_id), owner=self).on_success(self._step_written).on_error(self.save_failed)

    def refuse(self, key: str, message: str) -> None:
        """An input the dialog itself finds missing: shown at its field, nothing sent."""
        self.save_failed(ValidationError([FieldError(key, message)]))

    def _step_written(self, result: object) -> None:
        if self.draft_kind:
            self.ctx.drafts.discard(self.ctx.case_id, self.draft_kind)
        self.saved()
        self.step_done.emit(result)

    def save_failed(self, exc: BaseException) -> None:
        from mediator_app.services.procedure import ProcedureRefused

        self.set_busy(False)
        self.keep_draft()
        if isinstance(exc, ProcedureRefused):
            self.show_refusals(exc.decision.refusals)
        elif isinstance(exc, ValidationError):
            self.show_errors(exc)
        elif isinstance(exc, UserFacingError):
            self.field_errors.set_errors([FieldError("", exc.message)])
        else:
            report_exception(exc, self)

    def show_refusals(self, refusals: tuple[Refusal, ...]) -> None:
        errors = [FieldError(self.fact_fields.get(r.fact, ""), refusal_text(r)) for r in refusals]
        self.show_errors(ValidationError(errors))

    # -- drafts ------------------------------------------------------------------------------------

    def _draft_title(self) -> str:
        name = DRAFT_NAMES.get(self.draft_kind or "", self.what)
        return f"{name}（{self.ctx.case.number}）"

    def keep_draft(self) -> None:
        if self.draft_kind and self.is_dirty():
            self.ctx.drafts.put(self.ctx.case_id, self.draft_kind, self.snapshot(), self._draft_title())

    def _restore_draft(self) -> None:
        draft = self.ctx.drafts.get(self.ctx.case_id, self.draft_kind) if self.draft_kind else None
        if draft is None:
            return
        self.restore(draft.content)
        self.draft_bar.text.setText(
            self.tr("这是您{time}没有保存的内容，已经恢复。请继续填写，然后点“{save}”。").format(
                time=draft.kept_at.strftime("%H:%M"), save=self.save_button.text()
            )
        )
        self.draft_bar.show()

    def discard_draft(self) -> None:
        if not messages.confirm(
            self, self.tr("丢弃草稿"), self.tr("确定要丢弃这份草稿吗？丢弃后不能恢复。"), self.tr("丢弃草稿")
        ):
            return
        assert self.draft_kind is not None
        self.ctx.drafts.discard(self.ctx.case_id, self.draft_kind)
        self.restore(self._saved_snapshot)
        self.draft_bar.hide()

    def reject(self) -> None:
        if self.busy:
            return
        if self.draft_kind:
            if self.is_dirty():
                self.keep_draft()  # kept for this case: nothing is lost, so nothing to ask
            else:
                self.ctx.drafts.discard(self.ctx.case_id, self.draft_kind)
            QDialog.reject(self)
            return
        super().reject()


def section(text: str) -> QLabel:
    return label(text, "section")
