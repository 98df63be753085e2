"""统计 window: a period's report as the director reads it — the key figures, two bar charts drawn
with QPainter (Qt Charts is GPL-only: docs/tech-notes.md), what the checks found, confirming (frozen
as a version; a correction needs its reason) and saving as XLSX or PDF. Everything is computed by
`services.statistics` on the database thread (docs/statistics.md)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mediator_app.services.statistics.period import CAPTIONS, Kind, Period
from mediator_app.ui.committee_choice import CommitteeChoice
from mediator_app.ui.errors import report_exception
from mediator_app.ui.preview import dialog_folder, remember_folder
from mediator_app.ui.screen import fit_to_screen
from mediator_app.ui.tasks import run_db
from mediator_app.ui.widgets import label

if TYPE_CHECKING:
    from mediator_app.domain.model import Case
    from mediator_app.domain.statistics import CaseStats
    from mediator_app.services.desk import Desk
    from mediator_app.services.statistics.report import Report
    from mediator_app.ui.clock import Clock
    from mediator_app.ui.stats_dialog import StatsDialog

KINDS = {CAPTIONS[k]: k for k in Kind}
BAR = QColor("#4A7DB5")


def note_stats_source(owner: QWidget, desk: Desk) -> str:
    """When the statistics just read came from the database itself because the read replica that is set
    could not be used (docs/centre.md): the note, shown in the main window's status bar and returned
    for the window's own state line; "" otherwise."""
    note = desk.stats_note or ""
    host = owner.parentWidget()
    while host is not None and getattr(host, "show_status", None) is None:
        host = host.parentWidget()
    if host is not None and note:
        host.show_status(note)  # type: ignore[attr-defined]  # the main window (ui/main_window.py)
    return note


class BarChart(QWidget):
    """Horizontal bars, one per category, with the value at the end of each."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.items: list[tuple[str, float]] = []
        self.setMinimumSize(360, 260)

    def set_items(self, items: list[tuple[str, float]]) -> None:
        self.items = [(c, v) for c, v in items if v] or items[:0]
        self.setMinimumHeight(40 + 22 * max(len(self.items), 1))
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:  # Qt names it
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = painter.fontMetrics()
        painter.drawText(QRectF(0, 0, self.width(), 24), int(Qt.AlignmentFlag.AlignLeft), self.title)
        if not self.items:
            painter.drawText(QRectF(0, 30, self.width(), 24), int(Qt.AlignmentFlag.AlignLeft), "本期没有数据")
            return
        caption_w = max(metrics.horizontalAdvance(c) for c, _ in self.items) + 10
        value_w = metrics.horizontalAdvance("000,000") + 8
        top = max(self.items, key=lambda i: i[1])[1] or 1
        row_h = min(22.0, (self.height() - 30) / len(self.items))
        for n, (caption, value) in enumerate(self.items):
            y = 30 + n * row_h
            painter.setPen(self.palette().text().color())
            painter.drawText(
                QRectF(0, y, caption_w - 6, row_h),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                caption,
            )
            width = (self.width() - caption_w - value_w) * value / top
            painter.fillRect(QRectF(caption_w, y + 3, width, row_h - 6), BAR)
            text = f"{value:,.0f}"
            painter.drawText(QRectF(caption_w + width + 4, y, value_w, row_h), int(Qt.AlignmentFlag.AlignVCenter), text)


def _figure(report: Report, caption: str) -> Any:
    return next(row[1] for row in report.table("综合情况").rows if row[0] == caption)


class StatisticsDialog(QDialog):
    """Emits `case_requested(case_id)` when a flagged case is opened, so that the window behind shows it."""

    case_requested = Signal(int)

    def __init__(self, desk: Desk, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("统计报表"))
        self.desk, self.clock = desk, clock
        self.report: Report | None = None
        self.source_note = ""  # the statistics were read from the primary: the replica could not be used
        self.fix_dialog: StatsDialog | None = None  # the flagged case's 统计信息, while open
        layout = QVBoxLayout(self)
        layout.addLayout(self._period_row())
        self.state = label("", word_wrap=True)
        layout.addWidget(self.state)
        self.figures = QGridLayout()
        self.figure_labels: dict[str, QLabel] = {}
        for i, caption in enumerate(
            ("本期新收", "本期办结", "调解成功率（%）", "涉及人数", "涉及金额（万元）", "期末未结")
        ):
            self.figures.addWidget(label(self.tr(caption)), 0, i)
            value = label("—", "figure")
            self.figures.addWidget(value, 1, i)
            self.figure_labels[caption] = value
        layout.addLayout(self.figures)
        charts = QHBoxLayout()
        self.type_chart, self.source_chart = BarChart(self.tr("办结：纠纷类型")), BarChart(self.tr("办结：案件来源"))
        charts.addWidget(self.type_chart)
        charts.addWidget(self.source_chart)
        layout.addLayout(charts, 1)
        layout.addLayout(self._problem_row())
        self.problems = QListWidget()
        self.problems.setMaximumHeight(120)
        self.problems.currentRowChanged.connect(self._problem_chosen)
        self.problems.itemDoubleClicked.connect(lambda _item: self.fix_case())
        layout.addWidget(self.problems)
        layout.addLayout(self._action_row())
        fit_to_screen(self, 1100, 800)

    def _period_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        today = self.clock.today()
        self.kind = QComboBox()
        self.kind.addItems(list(KINDS))
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.number = QSpinBox()
        previous = today.replace(day=1) - dt.timedelta(days=1)  # last month: the report usually asked for
        self.year.setValue(previous.year)
        self.number.setValue(previous.month)
        self.kind.currentTextChanged.connect(self._kind_changed)
        self._kind_changed(self.kind.currentText())
        self.generate_button = QPushButton(self.tr("生成"))
        self.generate_button.setToolTip(self.tr("已确认的报表显示确认的版本；未确认的按现在的案件生成"))
        self.generate_button.clicked.connect(lambda: self.generate(fresh=False))
        self.regenerate_button = QPushButton(self.tr("按现在的案件重新生成"))
        self.regenerate_button.setToolTip(self.tr("改正案件以后，或者要更正已确认的报表时"))
        self.regenerate_button.clicked.connect(lambda: self.generate(fresh=True))
        widgets = (label(self.tr("报表")), self.kind, label(self.tr("年份")), self.year, self.number)
        for widget in (*widgets, self.generate_button, self.regenerate_button):
            row.addWidget(widget)
        # One committee's report or the whole centre's: a centre-wide person of a centre chooses
        # (docs/centre.md); a person of one committee gets their committee's, a room its only one.
        self.committee_label = label(self.tr("调委会"))
        self.committee = CommitteeChoice(self, self.tr("全中心"))
        self.committee.setMinimumContentsLength(22)  # the row has room for most of a committee's name
        self.committee.setToolTip(self.tr("全中心：全部调委会的案件；选择一个调委会：只统计该调委会的案件"))
        self.committee.activated.connect(lambda _i: self.generate(fresh=False))
        for widget in (self.committee_label, self.committee):
            widget.setVisible(False)
            row.addWidget(widget)
        self.committee.load(self.desk, self._committees_offered)
        row.addStretch(1)
        return row

    def _committees_offered(self, several: bool) -> None:
        self.committee_label.setVisible(several)
        self.committee.setVisible(several)

    def _problem_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(label(self.tr("校验结果（须全部改正后才能确认；双击列出的案件即可打开改正）")), 1)
        self.fix_button = QPushButton(self.tr("打开所选案件改正…"))
        self.fix_button.setToolTip(self.tr("打开这件案件的统计信息；保存后报表自动按现在的案件重新生成"))
        self.fix_button.setEnabled(False)
        self.fix_button.clicked.connect(self.fix_case)
        row.addWidget(self.fix_button)
        return row

    def _action_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.actor = QLineEdit(placeholderText=self.tr("确认人（统计员或主任）"))
        who = self.desk.actor
        if who is not None and who.role is not None:
            self.actor.setText(who.display_name)  # who is logged in confirms, unless another name is typed
        self.reason = QLineEdit(placeholderText=self.tr("更正理由（已确认过时填写）"))
        self.confirm_button = QPushButton(self.tr("确认并冻结"))
        self.confirm_button.clicked.connect(self.confirm)
        self.xlsx_button, self.pdf_button = QPushButton(self.tr("另存为 XLSX…")), QPushButton(self.tr("另存为 PDF…"))
        self.xlsx_button.clicked.connect(lambda: self.export(".xlsx"))
        self.pdf_button.clicked.connect(lambda: self.export(".pdf"))
        close, board = QPushButton(self.tr("关闭")), QPushButton(self.tr("主任看板…"))
        close.clicked.connect(self.reject)
        board.clicked.connect(self.open_dashboard)
        for widget in (self.actor, self.reason, self.confirm_button, self.xlsx_button, self.pdf_button, board, close):
            row.addWidget(widget)
        self._enable(False)
        return row

    def _enable(self, has_report: bool) -> None:
        for button in (self.confirm_button, self.xlsx_button, self.pdf_button):
            button.setEnabled(has_report)

    def _kind_changed(self, caption: str) -> None:
        kind = KINDS[caption]
        self.number.setVisible(kind is not Kind.ANNUAL)
        self.number.setRange(1, 12 if kind is Kind.MONTHLY else 4)
        self.number.setSuffix(self.tr(" 月") if kind is Kind.MONTHLY else self.tr(" 季度"))

    def period(self) -> Period:
        kind, number = KINDS[self.kind.currentText()], self.number.value()
        return Period.of(
            kind,
            self.year.value(),
            number if kind is Kind.MONTHLY else None,
            number if kind is Kind.QUARTERLY else None,
        )

    def generate(self, fresh: bool) -> None:
        desk, period, today, committee = self.desk, self.period(), self.clock.today(), self.committee.chosen()
        run_db(lambda: desk.statistics_report(period, today, fresh, committee), owner=self).on_success(
            self.show_report
        ).on_error(self._failed)

    def confirm(self) -> None:
        if self.report is None:
            return
        desk, report, actor, reason = self.desk, self.report, self.actor.text(), self.reason.text()
        run_db(lambda: desk.confirm_report(report, actor, reason), owner=self).on_success(self.show_report).on_error(
            self._failed
        )

    def export(self, suffix: str) -> None:
        if self.report is None:
            return
        whose = self.report.unit if self.report.committee_id is not None else ""  # a committee's report
        name = f"{whose}{self.report.period.label}{CAPTIONS[self.report.period.kind]}{suffix}"
        chosen, _ = QFileDialog.getSaveFileName(self, self.tr("另存为"), str(dialog_folder() / name), f"*{suffix}")
        if not chosen:
            return
        desk, report, target = self.desk, self.report, Path(chosen)
        remember_folder(target)
        run_db(lambda: target.write_bytes(desk.report_file(report, suffix)), owner=self).on_success(
            lambda _n: self._show_state(report, self.tr("已保存：{path}").format(path=target))
        ).on_error(self._failed)

    def show_report(self, report: Report) -> None:
        self.report = report
        self.source_note = note_stats_source(self, self.desk)
        self._show_state(report)
        for caption, value in (
            ("本期新收", _figure(report, "本期新收")),
            ("本期办结", _figure(report, "本期办结")),
            ("调解成功率（%）", _figure(report, "调解成功率（%）")),
            ("涉及人数", _figure(report, "涉及人数")),
            ("涉及金额（万元）", round(_figure(report, "涉及金额（元）") / 1_000_000, 2)),
            ("期末未结", _figure(report, "期末未结")),
        ):
            self.figure_labels[caption].setText("—" if value is None else f"{value:,}")
        self.type_chart.set_items([(str(r[0]), float(r[2])) for r in report.table("纠纷类型").rows])
        self.source_chart.set_items([(str(r[0]), float(r[1])) for r in report.table("案件来源").rows])
        self.problems.clear()
        for n, text in enumerate(report.problems):
            item = QListWidgetItem(text, self.problems)
            case_id = report.problem_cases[n] if n < len(report.problem_cases) else None
            item.setData(Qt.ItemDataRole.UserRole, case_id)
        if not report.problems:
            self.problems.addItem(self.tr("未发现问题"))
        self.problems.setCurrentRow(0 if report.problems else -1)
        self._problem_chosen(self.problems.currentRow())
        self._enable(True)
        self.confirm_button.setEnabled(not report.version and not report.problems)

    def _show_state(self, report: Report, saved: str = "") -> None:
        """Which report is shown and what is to be done with it (the last file saved kept in view)."""
        if report.version:
            state = self.tr("第{n}版，{who}确认（已冻结，以后修改案件也不会改变）").format(
                n=report.version, who=report.confirmed_by
            )
        elif report.problems:
            state = self.tr("未确认：校验发现{n}处问题，改正以后才能确认").format(n=len(report.problems))
        else:
            state = self.tr("未确认：按现在的案件生成，核对无误后请填写确认人并点“确认并冻结”")
        period = report.period
        lines = [f"{report.unit}　{period.label}{CAPTIONS[period.kind]}　{state}", self.source_note, saved]
        self.state.setText("\n".join(line for line in lines if line))

    def _flagged_case(self) -> int | None:
        item = self.problems.currentItem()
        case_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return case_id if isinstance(case_id, int) else None

    def _problem_chosen(self, _row: int) -> None:
        self.fix_button.setEnabled(self._flagged_case() is not None)

    def fix_case(self) -> None:
        """Open the flagged case's 统计信息 over this window (the window behind shows the case); once
        saved, the report is generated again from the cases as they are now."""
        case_id = self._flagged_case()
        if case_id is None:
            return
        self.case_requested.emit(case_id)
        desk = self.desk
        run_db(lambda: (desk.get_case(case_id), desk.case_stats(case_id)), owner=self).on_success(
            self._open_case_stats
        ).on_error(self._failed)

    def _open_case_stats(self, loaded: tuple[Case, CaseStats]) -> None:
        from mediator_app.ui.stats_dialog import StatsDialog

        case, stats = loaded
        dialog = StatsDialog(self.desk, self.clock, case, stats, self)
        dialog.stats_saved.connect(lambda _s: self.generate(fresh=True))
        if stats.amount is None:
            dialog.amount.setFocus()  # the check most often met: an agreement with money, no 涉及金额
        self.fix_dialog = dialog
        dialog.open()

    def open_dashboard(self) -> None:
        from mediator_app.ui.dashboard_window import DashboardDialog

        chosen = self.committee.chosen()  # the committee chosen here: its board
        committee = None if chosen is None else (chosen, self.committee.names.get(chosen, ""))
        DashboardDialog(self.desk, self.clock, self, committee).exec()

    def _failed(self, exc: BaseException) -> None:
        report_exception(exc, self)
