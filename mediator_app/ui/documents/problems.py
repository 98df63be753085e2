"""The red box that says which documents cannot be printed yet, why (each field in words), and the
buttons that lead to where it is fixed. Nothing is printed while it shows: a document is never
printed blank or silently left out — leaving one out is the user's own choice (`skip_button`).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from mediator_app.ui.documents.choices import FIX_BUTTONS, ProblemText, problems_text
from mediator_app.ui.style import ERROR_COLOUR
from mediator_app.ui.text_size import set_style_sheet

PROBLEM_STYLE = f"""
QFrame#problems {{ background: #fff1f0; border: 2px solid {ERROR_COLOUR}; border-radius: 6px; }}
QLabel#problems_text {{ color: #5c0f0a; }}
QLabel#problems_title {{ color: {ERROR_COLOUR}; font-weight: bold; font-size: 14pt; }}
"""


class ProblemsPanel(QFrame):
    """`fix_requested(key)`: a `choices.FIX_*` button was pressed; `skip_requested()`: leave those out."""

    fix_requested = Signal(str)
    skip_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problems")
        set_style_sheet(self, PROBLEM_STYLE)
        self.default_title = self.tr("还不能打印，没有生成任何文书。请先处理下面的事项：")
        self.title = QLabel(self.default_title)
        self.title.setObjectName("problems_title")
        self.title.setWordWrap(True)
        self.text = QLabel()
        self.text.setObjectName("problems_text")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # The buttons stand beside the text, one under the other: the dialog keeps its height for the list.
        self.fix_buttons: dict[str, QPushButton] = {}
        column = QVBoxLayout()
        column.setSpacing(4)
        for key, text in FIX_BUTTONS.items():
            button = QPushButton(self.tr(text))
            button.setAutoDefault(False)
            button.clicked.connect(lambda _checked=False, k=key: self.fix_requested.emit(k))
            self.fix_buttons[key] = button
            column.addWidget(button)
        self.skip_button = QPushButton(self.tr("这几份先不打印"))
        self.skip_button.setAutoDefault(False)
        self.skip_button.clicked.connect(self.skip_requested.emit)
        column.addWidget(self.skip_button)
        column.addStretch(1)
        words = QVBoxLayout()
        words.addWidget(self.title)
        words.addWidget(self.text)
        words.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.addLayout(words, 1)
        layout.addLayout(column)
        self.texts: list[ProblemText] = []
        self.hide()

    def show_problems(
        self,
        texts: Sequence[ProblemText],
        *,
        can_skip: bool = False,
        fixes: Sequence[str] | None = None,
        title: str = "",
    ) -> None:
        """`fixes`: the fix buttons that can be offered (default: every one a problem asks for)."""
        self.texts = list(texts)
        self.title.setText(title or self.default_title)
        self.text.setText(problems_text(texts))
        wanted = {f for t in texts for f in t.fixes}
        allowed = set(FIX_BUTTONS) if fixes is None else set(fixes)
        for key, button in self.fix_buttons.items():
            button.setVisible(key in wanted and key in allowed)
        self.skip_button.setVisible(can_skip)
        self.setVisible(bool(texts))

    def clear(self) -> None:
        self.show_problems([])

    def plain_text(self) -> str:
        return f"{self.title.text()}\n{self.text.text()}" if not self.isHidden() else ""
