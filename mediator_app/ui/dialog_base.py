"""What the editing dialogs share: labelled fields with error messages, saving in the background,
and never losing typed input.

A subclass builds its fields with `add_field` (caption from the label table, a `FieldBox`, bound to
the dialog's `FieldErrors`), implements `snapshot()` (a value that changes when the input does) and
`save()` (start the background job, handing its outcome to `saved` / `save_failed`).

- While a save runs, the buttons are disabled and closing is refused: the job will finish.
- A `ValidationError` puts each message at its field and focuses the first; nothing was saved and
  everything typed stays. Other errors go to `errors.report_exception`.
- Closing (Esc, the window's ×, 取消) with changed input asks first (`messages.ask_discard`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from mediator_app.errors import ValidationError
from mediator_app.ui import messages
from mediator_app.ui.errors import report_exception
from mediator_app.ui.field_errors import LABELS, FieldErrors
from mediator_app.ui.widgets import ErrorLabel, FieldBox


class EditDialog(QDialog):
    """Base of the dialogs that edit and save something."""

    what = "填写的内容"  # for the discard question: “{what}还没有保存”

    def __init__(self, title: str, parent: QWidget | None = None, labels: dict[str, str] = LABELS) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.labels = labels
        self.general_error = ErrorLabel(self)
        self.field_errors = FieldErrors(self.general_error, self.party_names, labels)
        self.busy = False
        self._saved_snapshot: Any = None

        self.content = QWidget()
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no Tab stop of its own: it scrolls to the field in focus
        scroll.setWidget(self.content)

        # Without a parent until the dialog is first shown (`setVisible`): it joins the dialog, and so
        # Qt's Tab chain, after every field the subclass made, so 保存 and 取消 come last.
        self.buttons = QDialogButtonBox()
        self.save_button: QPushButton = self.buttons.addButton(self.tr("保存"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button: QPushButton = self.buttons.addButton(
            self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole
        )
        for button in (self.save_button, self.cancel_button):
            # Enter in a line edit must not save a half-filled form (some users press Enter after each field).
            button.setAutoDefault(False)
            button.setDefault(False)
        # A keyboard user saves from any field with Ctrl+S (Enter does not save, above); Esc is 取消. The
        # dialog's shortcut, not the button's: a step dialog renaming 保存 (setText) dropped the button's.
        QShortcut(QKeySequence.StandardKey.Save, self, self.save_button.click)
        self.save_button.setToolTip(self.tr("保存（Ctrl+S）"))
        self.buttons.accepted.connect(self._save_clicked)
        self.buttons.rejected.connect(self.reject)

        self._outer = QVBoxLayout(self)
        self._outer.addWidget(self.general_error)
        self._outer.addWidget(scroll, 1)

    # -- to implement ----------------------------------------------------------------------------

    def snapshot(self) -> Any:
        raise NotImplementedError

    def save(self) -> None:
        """Start saving (usually `run_db(...).on_success(self.saved).on_error(self.save_failed)`)."""
        raise NotImplementedError

    def party_names(self) -> list[str]:
        return []

    def select_item(self, list_key: str, index: int) -> None:
        """Show item `index` of `list_key` in the editor (dialogs with a party or term list)."""

    # -- building ----------------------------------------------------------------------------------

    def add_field(self, form: QFormLayout, key: str, field: QWidget) -> FieldBox:
        """A form row captioned from the label table, its box bound to `key` for error messages."""
        box = self.field_errors.bind(key, FieldBox(field))
        form.addRow(self.labels[key], box)
        return box

    def mark_clean(self) -> None:
        """The current input counts as saved (call at the end of __init__ and after loading)."""
        self._saved_snapshot = self.snapshot()

    def is_dirty(self) -> bool:
        return bool(self.snapshot() != self._saved_snapshot)

    def setVisible(self, visible: bool) -> None:
        """show(), open() and exec() all come here: the buttons join the dialog before it first shows.

        Qt's Tab order is the order in which widgets joined the window, and the fields are made after
        this base class's __init__. Adding the buttons last is the order Qt keeps by itself; changing
        the chain afterwards with `QWidget.setTabOrder` left it broken in Qt 6.11 (the GUI suite
        crashed later in painting, docs/testing-notes.md)."""
        if visible and self.buttons.parent() is None:
            self._outer.addWidget(self.buttons)
        super().setVisible(visible)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # The dialog opened with 保存 in focus once, and what a mediator typed went nowhere (tried on
        # xcb, docs/install-check.md). The first field takes the focus unless the dialog chose one.
        focus = self.focusWidget()
        if focus is None or focus in (self.save_button, self.cancel_button):
            first = self.first_field()
            if first is not None:
                first.setFocus(Qt.FocusReason.TabFocusReason)

    def first_field(self) -> QWidget | None:
        """The first widget of the form that Tab can reach, in the Tab chain's order."""
        widget = self.content.nextInFocusChain()
        while widget is not None and widget is not self.content:
            if (
                self.content.isAncestorOf(widget)
                and widget.isEnabled()
                and widget.isVisibleTo(self)
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            ):
                return widget
            widget = widget.nextInFocusChain()
        return None

    # -- saving ------------------------------------------------------------------------------------

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.buttons.setEnabled(not busy)
        self.setCursor(Qt.CursorShape.BusyCursor if busy else Qt.CursorShape.ArrowCursor)

    def _save_clicked(self) -> None:
        if self.busy:
            return
        self.set_busy(True)
        try:
            self.save()
        except BaseException:
            self.set_busy(False)
            raise

    def saved(self, _result: object = None) -> None:
        self.set_busy(False)
        self.field_errors.clear()
        self.mark_clean()
        self.accept()

    def save_failed(self, exc: BaseException) -> None:
        self.set_busy(False)
        if isinstance(exc, ValidationError):
            self.show_errors(exc)
        else:
            report_exception(exc, self)

    def show_errors(self, exc: ValidationError) -> None:
        self.field_errors.set_errors(exc.errors)
        self.field_errors.focus_first(self.select_item)

    # -- closing -----------------------------------------------------------------------------------

    def reject(self) -> None:
        if self.busy:
            return  # the save is running; closing now would leave the user unsure whether it happened
        if self.is_dirty() and not messages.ask_discard(self, self.tr(self.what)):
            return
        super().reject()


def close_edit_dialogs(parent: QWidget) -> bool:
    """Ask every open edit dialog under `parent` to close, each asking before it throws away typed
    input; False as soon as one stays open (the mediator wants to keep it)."""
    for dialog in parent.findChildren(EditDialog):
        if dialog.isVisible():
            dialog.reject()
            if dialog.isVisible():
                return False
    return True
