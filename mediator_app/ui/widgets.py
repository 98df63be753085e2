"""Small building blocks shared by the dialogs: a field with its error message, an optional date, text areas.

`FieldBox` wraps one input widget with a red message label under it. `FieldErrors`
(`field_errors.py`) decides which message goes to which box; the box only knows how to show it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFontMetrics, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QButtonGroup,
    QCalendarWidget,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from mediator_app.ui.screen import fit_to_screen as fit_to_screen  # re-exported for the dialogs

DATE_FORMAT = "yyyy年M月d日"


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


def repolish(widget: QWidget) -> None:
    """Re-apply the style sheet after a dynamic property changed."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


def label(text: str, role: str = "", word_wrap: bool = False) -> QLabel:
    lab = QLabel(text)
    if role:
        lab.setProperty("role", role)
    lab.setWordWrap(word_wrap)
    return lab


class LiveHint(QLabel):
    """A live hint under a field (what an ID number says, an amount in words) in room kept for
    `lines` wrapped lines even while it is empty, so that the fields under it do not move when it
    appears under the mouse and the dialog keeps its size.

    It also tells the layout it has no height-for-width: a word-wrapped label that does makes the
    dialog's scroll area lay its content out by preferred heights, so the first digit typed grew every
    text area and moved every field (the issue's "every field moves under the mouse")."""

    def __init__(self, lines: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "hint")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * lines + 2)

    def hasHeightForWidth(self) -> bool:
        return False

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)  # in case a narrow window cuts it


class ErrorLabel(QLabel):
    """A red message, hidden while empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "error")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


class TextArea(QPlainTextEdit):
    """Multi-line text; Tab moves to the next field (mediators fill forms with Tab)."""

    def __init__(self, lines: int = 3, placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setPlaceholderText(placeholder)
        height = QFontMetrics(self.font()).lineSpacing() * lines + 16
        self.setMinimumHeight(height)
        self.setMaximumHeight(int(height * 1.5))

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:
        self.setPlainText(text)


class _OpenOnTheDate(QObject):
    """Opens a date field's calendar on its date, or on today while the field is empty (its minimum
    date shown as the special-value text), today selected without filling the field: a click does."""

    def __init__(self, edit: QDateTimeEdit) -> None:
        super().__init__(edit)
        self.edit = edit

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QCalendarWidget):
            calendar = watched
            empty = bool(self.edit.specialValueText()) and self.edit.date() == self.edit.minimumDate()
            day = QDate.currentDate() if empty else self.edit.date()
            calendar.blockSignals(True)  # selecting is not choosing: the popup would set the field
            calendar.setSelectedDate(day)
            calendar.blockSignals(False)
            calendar.setCurrentPage(day.year(), day.month())
        return False


def use_calendar(edit: QDateTimeEdit) -> None:
    """The calendar pop-up every date field uses: weekdays as 一 二 … 日 (the short names 周一 do not fit
    a column at large text and showed as "…"), weeks from Monday, no week numbers, a grid; it opens
    on the field's date or today (`_OpenOnTheDate`)."""
    edit.setCalendarPopup(True)
    calendar = QCalendarWidget(edit)
    calendar.setHorizontalHeaderFormat(QCalendarWidget.HorizontalHeaderFormat.SingleLetterDayNames)
    calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
    calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
    calendar.setGridVisible(True)
    # Room for "28" in every cell at any text size (the list's cell padding once left only "…").
    digits = calendar.fontMetrics().horizontalAdvance("28")
    calendar.setMinimumSize(7 * (digits + 18), 8 * (calendar.fontMetrics().height() + 10))
    edit.setCalendarWidget(calendar)
    calendar.installEventFilter(_OpenOnTheDate(edit))  # a child of the edit: deleted with it


class PopupDateEdit(QDateEdit):
    """A date with the calendar pop-up (`use_calendar`) that Tab leaves: QDateEdit's own Tab walks
    its year, month and day first, which stranded keyboard users inside the field."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        use_calendar(self)

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """An empty field (its minimum shown as the special-value text) starts from today when the
        mediator presses ↑/↓ or types a digit, as its calendar opens on today: ↑ went to 1901 and a
        typed year ended up behind “（未填写）”, so a keyboard user could not enter a date at all."""
        empty = bool(self.specialValueText()) and self.date() == self.minimumDate()
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier  # Alt+↓ is not a step
        if empty and plain and (event.key() in _STEP_KEYS or event.text().isdigit()):
            self.setDate(QDate.currentDate())
            self.setSelectedSection(QDateTimeEdit.Section.YearSection)
            if event.key() in _STEP_KEYS:
                return  # the first press fills in today; the next ones step the selected part
        super().keyPressEvent(event)


_STEP_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)


class DateEdit(PopupDateEdit):
    """A date with a calendar pop-up, shown as 2026年11月22日."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat(DATE_FORMAT)
        self.setDate(QDate.currentDate())

    def value(self) -> dt.date:
        return from_qdate(self.date())

    def set_value(self, day: dt.date) -> None:
        self.setDate(to_qdate(day))


class OptionalDateEdit(QWidget):
    """A date that may be left empty (shown as “未填写”), with a 清除 button.

    Qt's idiom: the minimum date stands for “no date” and is displayed as the special-value text.
    When the calendar opens on an empty field it shows today, not the sentinel's year 1900.
    """

    changed = Signal()
    _EMPTY = QDate(1900, 1, 1)

    def __init__(self, empty_text: str = "（未填写）", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = PopupDateEdit(self)
        self.edit.setDisplayFormat(DATE_FORMAT)
        self.edit.setMinimumDate(self._EMPTY)
        self.edit.setSpecialValueText(empty_text)
        self.edit.setDate(self._EMPTY)
        self.edit.dateChanged.connect(self.changed)
        self.clear_button = QPushButton(self.tr("清除"), self)
        self.clear_button.setAutoDefault(False)
        self.clear_button.clicked.connect(lambda: self.set_value(None))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.clear_button)
        self.setFocusProxy(self.edit)

    def value(self) -> dt.date | None:
        day = self.edit.date()
        return None if day == self._EMPTY else from_qdate(day)

    def set_value(self, day: dt.date | None) -> None:
        self.edit.setDate(self._EMPTY if day is None else to_qdate(day))


class Choice(QFrame):
    """One answer out of a few (是/否, 公开/不公开), as radio buttons in a row; none chosen at first
    when the question must be answered consciously."""

    def __init__(self, options: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = QButtonGroup(self)
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 2, 4, 2)
        self.buttons: list[QAbstractButton] = []
        for n, text in enumerate(options):
            button = QRadioButton(text, self)
            self.group.addButton(button, n)
            self.buttons.append(button)
            row.addWidget(button)
        row.addStretch(1)
        if self.buttons:
            self.setFocusProxy(self.buttons[0])

    def value(self) -> str:
        button = self.group.checkedButton()
        return button.text() if button is not None else ""

    def set_value(self, text: str) -> None:
        for button in self.buttons:
            if button.text() == text:
                button.setChecked(True)
                return
        self.group.setExclusive(False)  # lets the checked button be unchecked: no answer
        for button in self.buttons:
            button.setChecked(False)
        self.group.setExclusive(True)


class FieldBox(QWidget):
    """One input and its error message. `set_error` highlights the input and shows the message under it."""

    def __init__(self, field: QWidget, highlight: QWidget | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self._highlight = highlight or (field.edit if isinstance(field, OptionalDateEdit) else field)
        self.error = ErrorLabel(self)
        self.on_error_changed: list[Callable[[], None]] = []  # plain callbacks, no Qt signal needed
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(field)
        box.addWidget(self.error)
        self.setFocusProxy(field)
        self._clear_on_user_edit(field)

    def _clear_on_user_edit(self, field: QWidget) -> None:
        if isinstance(field, QLineEdit):
            field.textEdited.connect(self.clear_error)
        elif isinstance(field, QPlainTextEdit):
            field.textChanged.connect(self.clear_error)
        elif isinstance(field, QComboBox):
            field.activated.connect(self.clear_error)
            line = field.lineEdit()
            if line is not None:
                line.textEdited.connect(self.clear_error)
        elif isinstance(field, OptionalDateEdit):
            field.changed.connect(self.clear_error)
        elif isinstance(field, QDateTimeEdit):  # QDateEdit too
            field.dateTimeChanged.connect(self.clear_error)
        elif isinstance(field, QAbstractButton):  # a check box
            field.toggled.connect(self.clear_error)
        elif isinstance(field, Choice):
            field.group.buttonToggled.connect(self.clear_error)
        elif isinstance(field, QAbstractSpinBox):
            field.editingFinished.connect(self.clear_error)

    @property
    def message(self) -> str:
        return self.error.text()

    def set_error(self, message: str) -> None:
        changed = message != self.error.text()
        self.error.show_message(message)
        if bool(self._highlight.property("invalid")) != bool(message):
            self._highlight.setProperty("invalid", bool(message))
            repolish(self._highlight)
        if changed:
            for callback in self.on_error_changed:
                callback()

    def clear_error(self) -> None:
        if self.error.text():
            self.set_error("")

    def focus(self) -> None:
        self.field.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(self.field, QLineEdit):
            self.field.selectAll()
