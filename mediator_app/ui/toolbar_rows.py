"""The main window's tool bar in one row, or two where one does not hold every button (1366×768 at
150 % with the text size 特大: 911 logical pixels). Qt's own answer, the overflow chevron (»), hides
打印文书 and 刷新 behind a button older users do not recognise. Here, where the full words do not fit,
the buttons first take their short words (SHORT: the action's icon text, which a tool-bar button
shows; the menus keep the full text and the tooltip says it); where even those do not fit, the rest
go to a second tool bar under the first (a second row costs the case list its height, which at 150 %
with 特大 it does not have). Both come back when the window is wide enough again. The same for the
status bar: a label with a ``fullText`` property (数据文件：…, 当前用户：…) drops its caption before
"：" where the bar would be wider than the window (its tooltip says it in full).

Kept free of the Qt namespace's enums (QEvent's own are fine): it is made before the first paint."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMainWindow, QToolBar

# Each tool-bar text's short words: the object still named, the verb kept where there is one.
SHORT = {
    "今日待办": "待办",
    "登记新案件": "登记案件",
    "修改案件信息": "修改案件",
    "填写协议条款": "协议条款",
    "打印协议书": "打印协议",
}


class ToolBarRows(QObject):
    """Watches the window's width and shares the actions of `first` between it and a second row."""

    def __init__(self, window: QMainWindow, first: QToolBar) -> None:
        super().__init__(window)
        self.window, self.first = window, first
        self.order = list(first.actions())
        self.second = QToolBar(first.windowTitle(), window)
        self.second.setObjectName("main_toolbar_second_row")
        self.second.setMovable(False)
        self.second.setProperty("toolButtonStyle", 2)  # Qt::ToolButtonTextOnly, as the first row
        window.addToolBarBreak()
        window.addToolBar(self.second)
        self.second.setVisible(False)
        self.bar = window.statusBar()
        window.installEventFilter(self)
        self.bar.installEventFilter(self)  # a label added or grown (the text size)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Resize:
            self.fit()
        elif watched is self.bar and event.type() == QEvent.Type.LayoutRequest:
            self.fit_status_bar()
        return False

    def _width(self, action: QAction) -> int:
        for bar in (self.first, self.second):
            if action in bar.actions():
                button = bar.widgetForAction(action)
                return button.sizeHint().width() if button is not None else 0
        return 0

    def fit(self) -> None:
        """Every action in the first row in its full words, else in its short words; as many as the row
        holds, in their order, and the rest in the second."""
        self.fit_status_bar()
        for action in self.order:
            action.setIconText(action.text())
        if self._fits() < len(self.order):
            for action in self.order:
                action.setIconText(SHORT.get(action.text(), action.text()))
        fits = self._fits()
        first_row, second_row = self.order[:fits], self.order[fits:]
        if first_row == self.first.actions() and second_row == self.second.actions():
            return
        for action in self.order:
            self.first.removeAction(action)
            self.second.removeAction(action)
        self.first.addActions(first_row)
        self.second.addActions(second_row)
        self.second.setVisible(bool(second_row))

    def fit_status_bar(self) -> None:
        """The status bar's captioned labels in full, or without their captions where it is too wide.
        Measured, not tried: a label's text changed here asks for the bar's layout again (LayoutRequest,
        which calls this), so a text is set only when it changes."""
        bar = self.bar
        labels = [label for label in bar.findChildren(QLabel) if isinstance(label.property("fullText"), str)]
        grow = 0  # how much wider the bar is with every caption shown
        for label in labels:
            metrics = label.fontMetrics()
            grow += metrics.horizontalAdvance(label.property("fullText")) - metrics.horizontalAdvance(label.text())
        short = bar.minimumSizeHint().width() + grow > self.window.width()
        for label in labels:
            full = label.property("fullText")
            text = full.split("：", 1)[-1] if short else full
            if label.text() != text:
                label.setText(text)

    def _fits(self) -> int:
        """How many of the actions, in order, the first row's width holds (at least one)."""
        widths = [self._width(action) for action in self.order]
        layout = self.first.layout()
        spacing = layout.spacing() if layout is not None else 0
        own = self.first.actions()
        # the bar's margins and frame: its size hint less its buttons and the gaps between them
        overhead = self.first.sizeHint().width() - sum(self._width(a) for a in own) - spacing * max(len(own) - 1, 0)
        room = self.window.width() - overhead
        fits, used = 0, 0
        for width in widths:
            used += width + (spacing if fits else 0)
            if used > room:
                break
            fits += 1
        return max(fits, 1)
