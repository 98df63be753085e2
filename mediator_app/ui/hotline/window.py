"""工具 → 12345工单: the hotline's work orders in one list with their time limits (red: overdue, yellow:
due within 3 days), importing an export with its preview and a progress bar, and the steps of the
selected order (签收, 转为案件, 关联, 退单, 延期, 回复, 主任审签, 打印回复单); the replies of a period
exported as the platform's file. Every service call runs on the database thread (`Desk.hotline`);
phones are shown masked (docs/hotline.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mediator_app.domain.hotline import HotlineOrder
from mediator_app.domain.masking import mask_text
from mediator_app.errors import UserFacingError
from mediator_app.ui.errors import report_exception
from mediator_app.ui.hotline.forms import (
    ConvertForm,
    ExtendForm,
    LinkForm,
    PreviewDialog,
    ReplyForm,
    ReturnForm,
    StepForm,
)
from mediator_app.ui.preview import dialog_folder, remember_folder
from mediator_app.ui.screen import fit_to_screen
from mediator_app.ui.style import ERROR_COLOUR
from mediator_app.ui.tasks import run_db
from mediator_app.ui.widgets import DateEdit, label

if TYPE_CHECKING:
    from mediator_app.services.desk import Desk
    from mediator_app.services.hotline.desk import OrderLine
    from mediator_app.services.hotline.importing import Preview
    from mediator_app.ui.clock import Clock

COLUMNS = ("工单编号", "状态", "类型", "来电人", "联系电话", "交办时间", "回复期限", "满意度", "诉求内容")
SOON = 3
YELLOW = "#fff1c2"


class _Progress(QObject):
    """Carries the import's progress from the database thread to the bar (a queued signal)."""

    moved = Signal(int, int)


class HotlineWindow(QDialog):
    def __init__(self, desk: Desk, clock: Clock, unit: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("12345工单"))
        self.desk, self.clock, self.unit = desk, clock, unit
        self.lines: list[OrderLine] = []
        self.form: StepForm | None = None  # the open step form (kept alive while it is shown)
        self.preview_dialog: PreviewDialog | None = None
        self.progress = _Progress(self)
        self.summary = QLabel()
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)  # the content takes what is left
        self.table.itemSelectionChanged.connect(self._selected)
        self.detail = label("", word_wrap=True)
        self.status = label("", "hint", word_wrap=True)  # what the last import or export did
        self.bar = QProgressBar()
        self.bar.setVisible(False)
        self.progress.moved.connect(self._moved)
        self.first, self.last = DateEdit(), DateEdit()
        today = clock.today()
        self.first.set_value(today.replace(day=1))
        self.last.set_value(today)
        self.buttons: dict[str, QPushButton] = {}
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        for caption, slot in (
            ("导入工单…", self.choose_file),
            ("导入回访结果…", self.choose_visits),
            ("刷新", self.reload),
        ):
            top.addWidget(self._button(caption, slot))
        export = QHBoxLayout()
        export.addWidget(QLabel(self.tr("回复审签日期")))
        export.addWidget(self.first)
        export.addWidget(QLabel(self.tr("至")))
        export.addWidget(self.last)
        export.addWidget(self._button("导出回复…", self.export_replies))
        export.addStretch(1)
        steps = QHBoxLayout()
        for caption, slot in (
            ("签收", self.sign),
            ("转为案件…", self.convert),
            ("关联到案件…", self.link),
            ("退单…", self.return_order),
            ("延期…", self.extend),
            ("回复…", self.reply),
            ("主任审签", self.approve),
            ("打印回复单", self.print_slip),
        ):
            steps.addWidget(self._button(caption, slot))
        steps.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addWidget(self.status)
        layout.addLayout(steps)
        layout.addLayout(export)
        fit_to_screen(self, 1280, 720)
        self._selected()

    def _button(self, caption: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(self.tr(caption))
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: slot())
        self.buttons[caption] = button
        return button

    # -- the list --

    def reload(self) -> None:
        hotline = self.desk.hotline
        run_db(hotline.overview, owner=self).on_success(self._loaded).on_error(self._problem)

    def _loaded(self, lines: list[OrderLine]) -> None:
        chosen = self.current()
        self.lines = lines
        today = self.clock.today()
        self.table.setRowCount(len(lines))
        late = soon = 0
        for row, line in enumerate(lines):
            left = line.reply_days_left(today)
            late += left is not None and left < 0
            soon += left is not None and 0 <= left <= SOON
            for column, text in enumerate(_cells(line)):
                item = QTableWidgetItem(text)
                if left is not None and left <= SOON:
                    item.setBackground(QColor("#ffd6d6" if left < 0 else YELLOW))
                self.table.setItem(row, column, item)
            if chosen is not None and line.order.id == chosen.id:
                self.table.selectRow(row)
        self.table.resizeColumnsToContents()
        colour = ERROR_COLOUR if late else "#1f3b57"
        self.summary.setText(
            self.tr("共{n}张工单：逾期{late}张，3日内到期{soon}张").format(n=len(lines), late=late, soon=soon)
        )
        self.summary.setStyleSheet(f"font-weight: bold; color: {colour};")
        self._selected()

    def current(self) -> HotlineOrder | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.lines[rows[0].row()].order if rows and rows[0].row() < len(self.lines) else None

    def _selected(self) -> None:
        order = self.current()
        for caption, button in self.buttons.items():
            if caption not in ("导入工单…", "导入回访结果…", "刷新", "导出回复…"):
                button.setEnabled(order is not None)
        self.detail.setText(_detail(order) if order is not None else self.tr("选中一张工单，查看内容并办理。"))

    # -- import --

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("选择12345平台导出文件"), str(dialog_folder()), "工单文件 (*.xlsx *.csv)"
        )
        if name:
            self.preview(Path(name))

    def _run_with_bar(self, job: Callable[[Callable[[int, int], None]], Any]) -> Any:
        self.bar.setVisible(True)
        self.bar.setRange(0, 0)
        emit = self.progress.moved.emit
        return run_db(lambda: job(emit), owner=self)

    def _moved(self, done: int, total: int) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)

    def preview(self, path: Path) -> None:
        hotline = self.desk.hotline
        task = self._run_with_bar(lambda emit: hotline.preview(path, emit))
        task.on_success(lambda p: self._previewed(path, p)).on_error(self._problem)

    def _previewed(self, path: Path, preview: Preview) -> None:
        self.bar.setVisible(False)
        lines = [f"第{line.row}行　{line.kind.value}　{line.text}" for line in preview.lines]
        errors = sum(1 for line in preview.lines if line.kind.value == "错误")
        dialog = PreviewDialog(preview.summary(), lines, errors, self)
        dialog.accepted.connect(lambda: self.import_file(path))
        self.preview_dialog = dialog
        dialog.open()

    def import_file(self, path: Path) -> None:
        hotline = self.desk.hotline
        task = self._run_with_bar(lambda emit: hotline.import_file(path, emit))
        task.on_success(self._imported).on_error(self._problem)

    def _imported(self, preview: Preview) -> None:
        self.bar.setVisible(False)
        self._said(self.tr("已导入：") + preview.summary())
        self.reload()

    def choose_visits(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("选择热线回访结果文件"), str(dialog_folder()), "回访结果 (*.xlsx *.csv)"
        )
        if not name:
            return
        hotline = self.desk.hotline
        run_db(lambda: hotline.import_satisfaction(Path(name)), owner=self).on_success(
            lambda r: self._said(f"已导入回访结果{r.updated}条。" + "；".join(r.problems))
        ).on_error(self._problem)

    # -- the steps of one order --

    def _order_id(self) -> int | None:
        order = self.current()
        return order.id if order is not None else None

    def _step(self, call: Callable[[], object], form: StepForm | None = None) -> None:
        def failed(exc: BaseException) -> None:
            if form is not None and isinstance(exc, UserFacingError):  # the form shows why, kept as typed
                form.show_error(exc.message)
                form.open()
            else:
                self._problem(exc)

        run_db(call, owner=self).on_success(lambda _r: self.reload()).on_error(failed)

    def _ask(self, form: StepForm, read: Callable[[], Callable[[], object]]) -> None:
        """Open `form`; 确定 reads it (`read`, here on the GUI thread: the worker never touches a widget)
        into the service call, run on the database thread."""
        form.accepted.connect(lambda: self._step(read(), form))
        self.form = form
        form.open()

    def _chosen(self) -> tuple[HotlineOrder, int] | None:
        order = self.current()
        return None if order is None or order.id is None else (order, order.id)

    def sign(self) -> None:
        order_id, hotline, now = self._order_id(), self.desk.hotline, self.clock.now()
        if order_id is not None:
            self._step(lambda: hotline.sign(order_id, now))

    def convert(self) -> None:
        chosen, hotline, today = self._chosen(), self.desk.hotline, self.clock.today()
        if chosen is not None:
            form, order_id = ConvertForm(chosen[0], self), chosen[1]
            self._ask(
                form,
                lambda: partial(
                    hotline.convert, order_id, form.dispute_type.currentText(), form.respondent_party(), today
                ),
            )

    def link(self) -> None:
        chosen, hotline = self._chosen(), self.desk.hotline
        if chosen is not None:
            order, order_id = chosen
            run_db(lambda: hotline.earlier_disputes(order), owner=self).on_success(
                lambda found: self._choose_case(order, order_id, found)
            ).on_error(self._problem)

    def _choose_case(self, order: HotlineOrder, order_id: int, found: list[Any]) -> None:
        if not found:
            self._said(self.tr("没有找到同一来电人（姓名和电话）或同一地址的案件；需要时请先“转为案件”。"))
            return
        form = LinkForm(order, [(d.case_id, f"{d.number}　{d.title}　{d.reasons()}") for d in found], self)
        hotline = self.desk.hotline
        self._ask(form, lambda: partial(hotline.link, order_id, form.case_id() or 0))

    def return_order(self) -> None:
        chosen, hotline, now = self._chosen(), self.desk.hotline, self.clock.now()
        if chosen is not None:
            form, order_id = ReturnForm(chosen[0], self), chosen[1]
            self._ask(form, lambda: partial(hotline.return_order, order_id, form.reason.text(), now))

    def extend(self) -> None:
        chosen, hotline, today = self._chosen(), self.desk.hotline, self.clock.today()
        if chosen is not None:
            form, order_id = ExtendForm(chosen[0], today, self), chosen[1]
            self._ask(
                form,
                lambda: partial(
                    hotline.extend, order_id, form.reason.text(), form.until.value(), form.basis.text(), today
                ),
            )

    def reply(self) -> None:
        chosen, hotline, now = self._chosen(), self.desk.hotline, self.clock.now()
        if chosen is not None:
            form, order_id = ReplyForm(chosen[0], "", self.unit, self), chosen[1]
            self._ask(form, lambda: partial(hotline.reply, order_id, form.reply(), now))

    def approve(self) -> None:
        order_id, hotline, now = self._order_id(), self.desk.hotline, self.clock.now()
        if order_id is not None:
            self._step(lambda: hotline.approve(order_id, now))

    def print_slip(self) -> None:
        order = self.current()
        if order is None or order.id is None:
            return
        hotline, order_id, number = self.desk.hotline, order.id, order.order_no
        run_db(lambda: hotline.reply_slip(order_id), owner=self).on_success(
            lambda pdf: self._show_pdf(pdf, number)
        ).on_error(self._problem)

    def _show_pdf(self, pdf: bytes, number: str) -> None:
        from mediator_app.ui.preview import PdfPreviewDialog

        dialog = PdfPreviewDialog(pdf, self.tr("办理情况回复单"), f"回复单_{number}.pdf", 1, self, what="回复单")
        dialog.open()

    # -- replies out --

    def export_replies(self) -> None:
        first, last = self.first.value(), self.last.value()
        suggested = dialog_folder() / f"12345工单回复_{first:%Y%m%d}-{last:%Y%m%d}.xlsx"
        name, _ = QFileDialog.getSaveFileName(self, self.tr("导出回复"), str(suggested), "*.xlsx")
        if name:
            remember_folder(Path(name))
            self.write_replies(Path(name), first, last)

    def write_replies(self, target: Path, first: dt.date, last: dt.date) -> None:
        hotline, now = self.desk.hotline, self.clock.now()

        def job() -> int:
            data, count = hotline.export_replies(first, last, now)
            target.write_bytes(data)
            return count

        run_db(job, owner=self).on_success(lambda count: self._exported(count, target)).on_error(self._problem)

    def _exported(self, count: int, target: Path) -> None:
        self._said(self.tr("已导出回复{n}条（已报送，不能再修改）：{path}").format(n=count, path=target))
        self.reload()

    def _said(self, text: str) -> None:
        self.status.setText(text)

    def _problem(self, exc: BaseException) -> None:
        self.bar.setVisible(False)
        report_exception(exc, self)


def _cells(line: OrderLine) -> list[str]:
    o = line.order
    due = line.limits.reply_by
    return [
        o.order_no,
        o.status.value,
        o.order_type,
        o.caller,
        o.masked_phone(),
        f"{o.assigned_at:%Y-%m-%d %H:%M}" if o.assigned_at else "",
        f"{due:%Y-%m-%d}" if due is not None and o.is_open else "",
        o.satisfaction,
        mask_text(o.content.replace("\n", " "))[:60],
    ]


def _detail(o: HotlineOrder) -> str:
    parts = [f"{o.order_no}　{o.status.value}　{o.address}", mask_text(o.content)]
    if o.reply_result is not None:
        state = "已报送" if o.sent_at else ("已审签" if o.approved_at else "待审签")
        parts.append(f"回复：{o.reply_result.value}（{state}）　{o.reply_done}")
    if o.extension_until is not None:
        parts.append(f"已延期至{o.extension_until:%Y-%m-%d}：{o.extension_reason}")
    if o.satisfaction:
        parts.append(f"回访：{o.satisfaction}　{o.satisfaction_note}")
    return "\n".join(parts)
