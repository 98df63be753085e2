"""The application style sheet: large targets, a strong focus ring, and how an invalid field looks.

A field with an error carries the dynamic property ``invalid=true`` (set by `widgets.FieldBox`): a
thick red border and a pale red background, plus a red message under it, so the fault is visible
without relying on colour alone.
"""

from __future__ import annotations

from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication

ERROR_COLOUR = "#b3261e"
# The keyboard focus: a thick orange ring, unlike the blue of the buttons and the red of errors, so
# that a mediator working with Tab sees where the typing goes (the platform's dotted ring is faint).
FOCUS_COLOUR = "#d97800"

STYLE_SHEET = f"""
QPushButton {{ padding: 6px 18px; min-height: 1.8em; }}
QPushButton:default {{ font-weight: bold; }}
QPushButton#filter_button {{ padding: 3px 12px; min-height: 0; }}
QPushButton#filter_button[active="true"] {{ font-weight: bold; color: #1f3b57; }}
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

    app.setStyleSheet(scaled(STYLE_SHEET) + file_dialog_sheet(app))


# Qt's own file dialog (另存为PDF…) kept its standard size at 特大: its folder box read 「/hom…tor6」, its side
# bar 「mediat」 and its file-name box only the end of the name (README-only trial, docs/install-check.md).
# Sized in lines of its text it grows with it: about 990×580 px at 特大, 680×470 px at 标准. A style sheet's
# em cannot know the screen: at 特大 on a 150 % screen that was 986×580 of a 911×512 screen, so the sizes
# are worked out here, whenever the text size changes, and kept within the available screen. (Not an
# application event filter catching the dialog's Show: a Python call for every event of the program.)
FILE_DIALOG_LINES = (34, 20)  # width, height in lines of the application's text


def file_dialog_sheet(app: QApplication) -> str:
    screen = app.primaryScreen()
    line = QFontMetrics(app.font()).height()
    width, height = FILE_DIALOG_LINES[0] * line, FILE_DIALOG_LINES[1] * line
    if screen is not None:
        available = screen.availableGeometry()
        width, height = min(width, available.width()), min(height, available.height())
    return f"QFileDialog {{ min-width: {width}px; min-height: {height}px; }}\n"
