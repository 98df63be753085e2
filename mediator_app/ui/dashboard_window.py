"""主任看板, the director's dashboard (services.dashboard): open cases by stage and age, overdue cases,
the success rate of the last twelve months, long-running disputes resolved, the judicial-confirmation
windows closing soonest. Drawn with QPainter (Qt Charts is GPL-only: docs/tech-notes.md); the figures
are read on the database thread, the one slow figure (disputes older than two years, a pass over a
year's closed cases) after the rest (docs/statistics.md)."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from mediator_app.storage.dashboard_query import AGE_DAYS
from mediator_app.ui.errors import report_exception
from mediator_app.ui.screen import fit_to_screen
from mediator_app.ui.stats_window import note_stats_source
from mediator_app.ui.tasks import run_db

if TYPE_CHECKING:
    from mediator_app.services.dashboard import Dashboard
    from mediator_app.services.desk import Desk
    from mediator_app.ui.clock import Clock

AGES = ("30天内", "31—90天", "91—180天", "180天以上")
AGE_COLORS = (QColor("#7FB3D5"), QColor("#4A7DB5"), QColor("#E6A23C"), QColor("#C0392B"))
LINE = QColor("#2E7D32")
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
CENTER = int(Qt.AlignmentFlag.AlignCenter)
assert len(AGES) == len(AGE_DAYS) + 1


class DashboardView(QWidget):
    """The whole board in one paint: four tiles, the stage×age bars, the twelve-month line, the deadlines."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.board: Dashboard | None = None
        self.long_running: int | None = None
        self.setMinimumSize(900, 560)

    def show_board(self, board: Dashboard) -> None:
        self.board = board
        self.update()

    def show_long_running(self, count: int) -> None:
        self.long_running = count
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:  # Qt names it
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        if self.board is None:
            painter.drawText(QRectF(self.rect()), CENTER, "正在读取……")
            return
        w, h = self.width(), self.height()
        self._tiles(painter, QRectF(10, 10, w - 20, 70))
        self._stages(painter, QRectF(10, 100, w * 0.5 - 20, h * 0.5 - 110))
        self._deadlines(painter, QRectF(w * 0.5 + 10, 100, w * 0.5 - 20, h * 0.5 - 110))
        self._months(painter, QRectF(10, h * 0.5 + 10, w - 20, h * 0.5 - 20))

    def _tiles(self, painter: QPainter, area: QRectF) -> None:
        b = self.board
        assert b is not None
        in_progress = sum(sum(v) for v in b.open_cases.values())
        closed = sum(m.closed for m in b.months)
        rate = f"{100 * sum(m.success for m in b.months) / closed:.2f}%" if closed else "—"
        long_running = "计算中…" if self.long_running is None else f"{self.long_running:,}"
        tiles = [
            ("在办案件", f"{in_progress:,}"),
            ("已逾期", f"{b.overdue:,}"),
            ("调解成功率（近12月）", rate),
            ("两年以上纠纷化解（近12月）", long_running),
        ]
        width = area.width() / len(tiles)
        for i, (caption, value) in enumerate(tiles):
            box = QRectF(area.x() + i * width + 4, area.y(), width - 8, area.height())
            painter.fillRect(box, QColor("#F2F5F9"))
            painter.drawText(box.adjusted(8, 4, -8, -box.height() / 2), LEFT, caption)
            font = painter.font()
            font.setPointSizeF(font.pointSizeF() * 1.6)
            painter.save()
            painter.setFont(font)
            painter.setPen(QColor("#C0392B") if caption == "已逾期" and b.overdue else self.palette().text().color())
            painter.drawText(box.adjusted(8, box.height() / 2 - 6, -8, -2), LEFT, value)
            painter.restore()

    def _stages(self, painter: QPainter, area: QRectF) -> None:
        b = self.board
        assert b is not None
        painter.drawText(QRectF(area.x(), area.y(), area.width(), 20), LEFT, "在办案件：阶段与已办天数")
        top = max((sum(v) for v in b.open_cases.values()), default=0) or 1
        rows = list(b.open_cases.items())
        row_h = min(28.0, (area.height() - 50) / max(len(rows), 1))
        caption_w = 60.0
        for n, (stage, counts) in enumerate(rows):
            y = area.y() + 26 + n * row_h
            painter.drawText(QRectF(area.x(), y, caption_w - 6, row_h), RIGHT, stage)
            x = area.x() + caption_w
            for count, color in zip(counts, AGE_COLORS, strict=True):
                width = (area.width() - caption_w - 60) * count / top
                painter.fillRect(QRectF(x, y + 4, width, row_h - 8), color)
                x += width
            painter.drawText(QRectF(x + 4, y, 56, row_h), LEFT, f"{sum(counts):,}")
        legend_y = area.y() + 30 + len(rows) * row_h
        for i, (caption, color) in enumerate(zip(AGES, AGE_COLORS, strict=True)):
            x = area.x() + caption_w + i * 95
            painter.fillRect(QRectF(x, legend_y + 4, 12, 12), color)
            painter.drawText(QRectF(x + 16, legend_y, 80, 20), LEFT, caption)

    def _deadlines(self, painter: QPainter, area: QRectF) -> None:
        b = self.board
        assert b is not None
        painter.drawText(QRectF(area.x(), area.y(), area.width(), 20), LEFT, "司法确认申请期限将至（协议生效起30日）")
        if not b.deadlines:
            painter.drawText(QRectF(area.x(), area.y() + 26, area.width(), 20), LEFT, "没有即将到期的协议")
            return
        for n, (number, last) in enumerate(b.deadlines):
            y = area.y() + 26 + n * 22
            days = (last - b.today).days
            when = "今天截止" if days == 0 else f"还剩{days}天"
            painter.setPen(QColor("#C0392B") if days <= 3 else self.palette().text().color())
            painter.drawText(QRectF(area.x(), y, area.width(), 20), LEFT, f"{number}　{last.isoformat()}（{when}）")

    def _months(self, painter: QPainter, area: QRectF) -> None:
        b = self.board
        assert b is not None
        painter.drawText(QRectF(area.x(), area.y(), area.width(), 20), LEFT, "近12个月调解成功率（成功 ÷ 办结）")
        plot = QRectF(area.x() + 70, area.y() + 40, area.width() - 110, area.height() - 70)
        painter.setPen(QPen(QColor("#BBBBBB"), 1))
        for pct in (0, 50, 100):
            y = plot.bottom() - plot.height() * pct / 100
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.drawText(QRectF(area.x(), y - 10, 36, 20), RIGHT, f"{pct}%")
        step = plot.width() / max(len(b.months) - 1, 1)
        points = []
        painter.setPen(self.palette().text().color())
        for i, m in enumerate(b.months):
            x = plot.left() + i * step
            painter.drawText(
                QRectF(x - 40, plot.bottom() + 4, 80, 20),
                CENTER,
                f"{m.year}年{m.month}月" if i == 0 or m.month == 1 else f"{m.month}月",
            )
            if m.rate is not None:
                points.append((QPointF(x, plot.bottom() - plot.height() * m.rate / 100), m.rate))
        painter.setPen(QPen(LINE, 2))
        for (a, _), (c, _) in pairwise(points):
            painter.drawLine(a, c)
        for point, value in points:
            painter.setBrush(LINE)
            painter.drawEllipse(point, 3, 3)
            painter.drawText(QRectF(point.x() - 30, point.y() - 22, 60, 18), CENTER, f"{value:.1f}")


class DashboardDialog(QDialog):
    def __init__(
        self, desk: Desk, clock: Clock, parent: QWidget | None = None, committee: tuple[int, str] | None = None
    ) -> None:
        """`committee`: (id, name) of the committee whose board a centre-wide director chose in 统计报表;
        None: the person's own committee's board, or the whole centre's."""
        super().__init__(parent)
        title = self.tr("主任看板")
        self.setWindowTitle(title if committee is None else f"{title}：{committee[1]}")
        self.desk, self.clock = desk, clock
        self.committee_id = None if committee is None else committee[0]
        layout = QVBoxLayout(self)
        self.view = DashboardView()
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        refresh, close = QPushButton(self.tr("刷新")), QPushButton(self.tr("关闭"))
        refresh.clicked.connect(self.load)
        close.clicked.connect(self.reject)
        row.addStretch(1)
        row.addWidget(refresh)
        row.addWidget(close)
        layout.addLayout(row)
        fit_to_screen(self, 1100, 760)
        self.load()

    def load(self) -> None:
        today, committee = self.clock.today(), self.committee_id
        run_db(self.desk.dashboard, today, committee, owner=self).on_success(self._show_board).on_error(self._failed)
        run_db(self.desk.long_running_resolved, today, committee, owner=self).on_success(
            self.view.show_long_running
        ).on_error(self._failed)

    def _show_board(self, board: Dashboard) -> None:
        self.view.show_board(board)
        note_stats_source(self, self.desk)  # read from the primary: the read replica could not be used

    def _failed(self, exc: BaseException) -> None:
        report_exception(exc, self)
