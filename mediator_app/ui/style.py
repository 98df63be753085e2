"""The application style sheet: large targets, a strong focus ring, and how an invalid field looks.

A field with an error carries the dynamic property ``invalid=true`` (set by `widgets.FieldBox`): a
thick red border and a pale red background, plus a red message under it, so the fault is visible
without relying on colour alone.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

ERROR_COLOUR = "#b3261e"
# The keyboard focus: a thick orange ring, unlike the blue of the buttons and the red of errors, so
# that a mediator working with Tab sees where the typing goes (the platform's dotted ring is faint).
FOCUS_COLOUR = "#d97800"

STYLE_SHEET = f"""
QPushButton {{ padding: 6px 18px; min-height: 1.8em; }}
QPushButton:default {{ font-weight: bold; }}
QToolBar {{ spacing: 3px; padding: 3px; }}
QToolBar QToolButton {{ padding: 6px 8px; border: 1px solid #9aa5b1; border-radius: 4px;
                       background: #f4f6f8; font-weight: bold; }}
QToolBar QToolButton:hover {{ background: #e3ebf3; }}
QToolBar QToolButton:disabled {{ color: #9aa0a6; border-color: #d0d4d8; }}
QLineEdit, QPlainTextEdit, QComboBox, QDateEdit {{ padding: 3px; }}
QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus, QDateEdit:focus, QDateTimeEdit:focus, QSpinBox:focus,
QTableView:focus, QListView:focus, QTreeView:focus, QTextBrowser:focus {{ border: @ring solid {FOCUS_COLOUR}; }}
QPushButton:focus {{ border: @ring solid {FOCUS_COLOUR}; border-radius: 3px; background: #fff3e0; }}
QToolBar QToolButton:focus {{ border: @ring solid {FOCUS_COLOUR}; }}
QCheckBox:focus, QRadioButton:focus {{ background: #fff3e0; }}
QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"], QComboBox[invalid="true"],
QDateEdit[invalid="true"], QDateTimeEdit[invalid="true"], QSpinBox[invalid="true"], QTableView[invalid="true"],
QCheckBox[invalid="true"], QFrame[invalid="true"] {{
    border: 2px solid {ERROR_COLOUR}; background: #fff1f0; }}
QCheckBox {{ spacing: 8px; padding: 3px; }}
QStatusBar QLabel {{ padding: 0 0.6em; }}
QStatusBar::item {{ border: none; border-left: 1px solid #c3cad2; }}
QCheckBox::indicator, QRadioButton::indicator {{ width: @indicator; height: @indicator; }}
QLabel[role="error"] {{ color: {ERROR_COLOUR}; font-weight: bold; }}
QLabel[role="hint"] {{ color: #3c5a78; }}
QLabel[role="section"] {{ font-weight: bold; font-size: 14pt; padding-top: 6px; }}
QLabel[role="help"] {{ background: #eef4fa; border-left: 4px solid #3c6e9f; padding: 8px 10px; color: #1f3b57; }}
QLabel[role="warning"] {{ background: #fff6e0; border-left: 4px solid #c47f00; padding: 8px 10px; color: #5c3b00; }}
QLabel[role="draft"] {{ background: #fff6e0; border: 1px solid #c47f00; padding: 6px 10px; color: #5c3b00; }}
QTableView::item {{ padding: 4px; }}
QCalendarWidget QTableView::item {{ padding: 0px; }}
QHeaderView::section {{ padding: 4px; font-weight: bold; }}
QFileDialog QListView#sidebar {{ min-width: 6em; }}
"""


def apply_style(app: QApplication) -> None:
    """The sheet at the program's text size (`text_size`: its font sizes are the standard size's, its
    ``@indicator`` and ``@ring`` lengths text_size.LENGTHS)."""
    from mediator_app.ui.text_size import scaled

    app.setStyleSheet(scaled(STYLE_SHEET))
    if app.findChild(FileDialogFit) is None:
        app.installEventFilter(FileDialogFit(app))


# Qt's own file dialog (另存为PDF…) kept its standard size at 特大: its folder box read 「/hom…tor6」, its side
# bar 「mediat」 and its file-name box only the end of the name (README-only trial, docs/install-check.md).
# Sized in lines of its text it grows with it: about 990×580 px at 特大, 680×470 px at 标准. At 特大 on a
# 150 % screen that was 986×580 of a 911×512 screen (a style sheet's min-width cannot know the screen).
FILE_DIALOG_LINES = (34, 20)  # width, height in lines of the dialog's font


class FileDialogFit(QObject):
    """Sizes every Qt file dialog as it is shown (the static `QFileDialog.get…` functions give no other
    hook): `FILE_DIALOG_LINES` of its text, at most the available screen, and inside it."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QFileDialog):
            fit_file_dialog(watched)
        return False


def fit_file_dialog(dialog: QWidget) -> None:
    screen = dialog.screen().availableGeometry()
    line = dialog.fontMetrics().height()
    width = min(FILE_DIALOG_LINES[0] * line, screen.width())
    height = min(FILE_DIALOG_LINES[1] * line, screen.height())
    dialog.resize(width, height)
    frame = dialog.frameGeometry()
    parent = dialog.parentWidget()
    frame.moveCenter(parent.window().frameGeometry().center() if parent is not None else screen.center())
    frame.moveLeft(max(screen.left(), min(frame.left(), screen.right() - frame.width() + 1)))
    frame.moveTop(max(screen.top(), min(frame.top(), screen.bottom() - frame.height() + 1)))
    dialog.move(frame.topLeft())
