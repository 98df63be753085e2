"""Other workstations' changes and a lost server, seen from this one: `ChangeWatch`.

Every few seconds a probe reads the change stamp (`Desk.change_stamp`: the audit chain's head, one
probe of a primary key's end, docs/centre.md "Seeing the others' changes"). When it moved, someone
else committed a write and the window reloads its lists (`changed`); when the probe fails, the
status bar says the connection is lost and that the program is reconnecting, and the note goes
away by itself on the first probe that succeeds. An idle centre costs one indexed read per
workstation per interval and repaints nothing.

The probe runs on a thread of its own, not on the database thread: a server that does not answer
would hold every queued action of the user for the connect timeout, and a job on the database
thread shows 正在处理… in the status bar at every tick. What the window reads itself is rebased
through the database thread instead (`rebase`, called as the window reloads): that job runs before
the reload's reads, so the window's own writes do not make it reload twice, and a change committed
after the stamp was read is seen at the next tick.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel

from mediator_app.ui.tasks import run_aside, run_db

if TYPE_CHECKING:
    from mediator_app.services.desk import Desk

log = logging.getLogger(__name__)

POLL_MS = 3_000  # a change on another workstation shows within about this long


class ChangeWatch(QObject):
    """Polls `desk.change_stamp()`; `changed` when another writer committed; the lost-connection note
    in `label` while the probe fails."""

    changed = Signal()

    def __init__(
        self, desk: Desk, label: QLabel, on_server: bool, parent: QObject, interval_ms: int | None = None
    ) -> None:
        super().__init__(parent)
        self.desk, self.label = desk, label
        self.lost_text = (
            self.tr("与服务器的连接已中断，正在重新连接…") if on_server else self.tr("数据文件暂时无法读取，正在重试…")
        )
        self.stamp: object | None = None  # the last stamp seen; None until the first answer
        self.lost = False
        self._generation = 0  # a rebase makes the answers of probes started before it stale
        self._in_flight = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms or POLL_MS)  # read now: the GUI tests set it (tests/gui/conftest.py)
        self.timer.timeout.connect(self.probe)

    def start(self) -> None:
        self.rebase()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def rebase(self) -> None:
        """The window is about to read everything again: what is committed now is what it will show."""
        self._generation += 1
        generation, desk = self._generation, self.desk
        run_db(desk.change_stamp, owner=self).on_success(lambda stamp: self._rebased(generation, stamp)).on_error(
            lambda exc: self._rebased(generation, exc)
        )

    def probe(self) -> None:
        """One look at the stamp, on a thread of its own (one at a time: a dead server takes the
        connect timeout to answer)."""
        if self._in_flight:
            return
        self._in_flight = True
        generation = self._generation
        run_aside(self.desk.change_stamp, owner=self, name="change-probe").on_success(
            lambda stamp: self._probe_answered(generation, stamp)
        ).on_error(lambda exc: self._probe_answered(generation, exc))  # told in the status bar

    def _probe_answered(self, generation: int, answer: object) -> None:
        self._in_flight = False
        if not self._reachable(answer) or generation != self._generation:
            return  # a probe started before the window's last reload: that reload showed what it saw
        moved = self.stamp is not None and answer != self.stamp
        self.stamp = answer
        if moved:
            self.changed.emit()

    def _rebased(self, generation: int, answer: object) -> None:
        if self._reachable(answer) and generation == self._generation:
            self.stamp = answer

    def _reachable(self, answer: object) -> bool:
        """Show or clear the lost-connection note; True when `answer` is a stamp."""
        self._set_lost(answer if isinstance(answer, BaseException) else None)
        return not self.lost

    def _set_lost(self, exc: BaseException | None) -> None:
        if exc is not None and not self.lost:
            log.warning("database probe failed: %s", type(exc).__name__)  # the message may name the server
        self.lost = exc is not None
        self.label.setText(self.lost_text if self.lost else "")
        self.label.setToolTip(str(exc) if isinstance(exc, Exception) and self.lost else "")
