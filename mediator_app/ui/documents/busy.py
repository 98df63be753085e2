"""“正在生成，请稍候…” with a moving bar: shown while a document is rendered on the database thread."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget


class BusyBar(QWidget):
    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(text or self.tr("正在生成文书，请稍候…"))
        self.label.setProperty("role", "hint")
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # no percentage: a moving bar says "working"
        self.bar.setTextVisible(False)
        self.bar.setMaximumWidth(240)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(self.bar)
        row.addStretch(1)
        self.hide()

    def start(self, text: str = "") -> None:
        if text:
            self.label.setText(text)
        self.show()

    def stop(self) -> None:
        self.hide()
