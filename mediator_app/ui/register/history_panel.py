"""以前的纠纷: while parties are typed in, the earlier cases of the same person or address.

The mediator should know before accepting a case that these people (same ID number, or same name and
phone) or this address had disputes before (`Desk.earlier_disputes`). Each edit restarts a
short timer; the look-up runs on the database thread and an answer to an older edit is dropped. A
click on a case shows why it is listed and its title below the list; nothing is opened or changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from mediator_app.domain.model import Party
from mediator_app.ui.tasks import run_db

if TYPE_CHECKING:
    from mediator_app.services.desk import Desk
    from mediator_app.services.history import EarlierDispute

DELAY_MS = 400
LIMIT = 20


def line(d: EarlierDispute) -> str:
    """（2025）和平调字第12号　邻里纠纷　调解成功"""
    return f"{d.number}　{d.dispute_type}　{d.status}"


class HistoryPanel(QWidget):
    def __init__(self, desk: Desk, exclude_case_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.exclude_case_id = exclude_case_id
        self.found: list[EarlierDispute] = []
        self._generation = 0
        self._parties: list[Party] = []
        self._timer = QTimer(self, singleShot=True, interval=DELAY_MS)
        self._timer.timeout.connect(self._look_up)
        self.title = QLabel()
        self.title.setObjectName("history_title")
        self.title.setWordWrap(True)
        self.list = QListWidget()
        self.list.setMaximumHeight(150)
        self.list.currentItemChanged.connect(self._show_details)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.list)
        layout.addWidget(self.details)
        self.setVisible(False)

    def parties_changed(self, parties: Sequence[Party]) -> None:
        """Look again after the mediator pauses typing."""
        self._parties = list(parties)
        self._timer.start()

    def _look_up(self) -> None:
        self._generation += 1
        generation = self._generation
        desk, parties, exclude = self.desk, list(self._parties), self.exclude_case_id
        run_db(lambda: desk.earlier_disputes(parties, exclude, LIMIT), owner=self).on_success(
            lambda found: self._found(generation, found)
        )

    def _found(self, generation: int, found: list[EarlierDispute]) -> None:
        if generation != self._generation:
            return
        self.found = found
        self.list.clear()
        self.details.clear()
        for dispute in found:
            item = QListWidgetItem(line(dispute))
            item.setToolTip(dispute.reasons)
            self.list.addItem(item)
        more = self.tr("（只列出最近{n}件）").format(n=LIMIT) if len(found) >= LIMIT else ""
        self.title.setText(
            self.tr("注意：这些当事人或地址以前有过 {n} 件纠纷{more}，点一下可看原因：").format(n=len(found), more=more)
        )
        self.setVisible(bool(found))

    def _show_details(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        row = self.list.row(item) if item is not None else -1
        if 0 <= row < len(self.found):
            d = self.found[row]
            self.details.setText(f"{d.registered_on:%Y年%-m月%-d日}登记　{d.title}\n{d.reasons}")
        else:
            self.details.clear()

    def texts(self) -> list[str]:
        return [self.list.item(r).text() for r in range(self.list.count())]
