"""申请司法确认: the court, which parties apply, the date — and, while the mediator fills it in, what the
law says about it: the last day of the 30-day window, the reasons the application cannot go now
(e.g. a party left out: the application must be joint, CPL Art. 205) and the warnings the parties must
hear first (SPC Interp. Art. 355: status relations, title; the window about to end). Warnings must be
acknowledged before the step is recorded.

The preview is `services.procedure.confirmation_preview`, asked again on every change; it writes nothing.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtWidgets import QCheckBox, QComboBox, QFrame, QLabel, QVBoxLayout, QWidget

from mediator_app.domain.dates import arabic_date
from mediator_app.ui.procedure.dialog import StepContext, StepDialog, section
from mediator_app.ui.procedure.panel import REASON_COLOUR
from mediator_app.ui.procedure.texts import refusal_text
from mediator_app.ui.tasks import run_db
from mediator_app.ui.text_size import set_style_sheet
from mediator_app.ui.widgets import DateEdit, FieldBox, label, to_qdate

if TYPE_CHECKING:
    from mediator_app.services.procedure import ConfirmationPreview


class ConfirmationDialog(StepDialog):
    fact_fields: ClassVar[dict[str, str]] = {"applicants_missing": "applicants", "today": "applied_on"}
    LABELS: ClassVar[dict[str, str]] = {
        "court": "受理申请的人民法院",
        "applicants": "共同申请的当事人",
        "applied_on": "申请日期",
        "acknowledged": "提示",
    }
    HELP = (
        "经人民调解委员会调解达成的书面调解协议，双方当事人认为有必要的，可以自调解协议生效之日起三十日内，"
        "共同向人民法院申请司法确认（《人民调解法》第三十三条、《民事诉讼法》第二百零五条）。"
        "人民法院确认有效后，一方不履行的，对方可以申请强制执行。"
    )
    default_size = (940, 720)

    def __init__(self, ctx: StepContext, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("申请司法确认"), ctx, self.LABELS, self.tr(self.HELP), self.tr("记录已申请"), parent)
        self.preview: ConfirmationPreview | None = None
        self.court = QComboBox()
        self.court.setEditable(True)
        line = self.court.lineEdit()
        assert line is not None
        line.setPlaceholderText(self.tr("例如：北京市朝阳区人民法院"))
        self.applied_on = DateEdit()
        self.applied_on.setMaximumDate(to_qdate(ctx.clock.today()))
        self.applied_on.set_value(ctx.clock.today())
        self.applied_on.dateChanged.connect(self.update_preview)
        self.applicant_boxes: dict[int, QCheckBox] = {}
        frame = QFrame()
        column = QVBoxLayout(frame)
        column.setContentsMargins(4, 2, 4, 2)
        for party in ctx.case.parties:
            box = QCheckBox(f"{party.role.value}{party.name}")
            box.setChecked(True)
            box.toggled.connect(self.update_preview)
            column.addWidget(box)
            self.applicant_boxes[party.seq] = box
        self.add_field(self.form, "court", self.court)
        self.add_field(self.form, "applicants", frame)
        self.add_field(self.form, "applied_on", self.applied_on)

        self.window_label = QLabel()
        self.window_label.setWordWrap(True)
        set_style_sheet(self.window_label, "font-size: 14pt; font-weight: bold; color: #1f3b57;")
        self.blocks = QLabel()
        self.blocks.setWordWrap(True)
        self.warnings = label("", "warning", word_wrap=True)
        self.acknowledged = QCheckBox(self.tr("以上提示已经向当事人说明，当事人仍要求申请"))
        self.body.addWidget(section(self.tr("申请期限和提示")))
        self.body.addWidget(self.window_label)
        self.body.addWidget(self.blocks)
        self.body.addWidget(self.warnings)
        self.body.addWidget(self.field_errors.bind("acknowledged", FieldBox(self.acknowledged)))
        self.warnings.hide()
        self.field_errors.box("acknowledged").hide()
        self.finish()
        self.update_preview()

    def applicants(self) -> list[int]:
        return [seq for seq, box in self.applicant_boxes.items() if box.isChecked()]

    def update_preview(self) -> None:
        """Ask what the law says about the application as it now stands (nothing is written)."""
        desk, case_id = self.ctx.desk, self.ctx.case_id
        applicants, applied_on, today = self.applicants(), self.applied_on.value(), self.ctx.clock.today()
        run_db(lambda: desk.confirmation_preview(case_id, applicants, applied_on, today), owner=self).on_success(
            self._show_preview
        )

    def _show_preview(self, preview: ConfirmationPreview) -> None:
        first = self.preview is None
        self.preview = preview
        if first and preview.court and not self.court.currentText():
            self.court.addItem(preview.court)
            self.court.setCurrentIndex(0)
            self.mark_clean()
        self.window_label.setText(
            self.tr("须在{date}以前共同申请（协议生效之日起三十日内）").format(date=arabic_date(preview.last_day))
            if preview.last_day
            else self.tr("协议尚未生效，还不能申请")
        )
        # A party left out is said under the parties' check boxes, at once; the other reasons here.
        blocks = [
            f"<span style='color:{REASON_COLOUR}'>不能申请：{escape(r.message)}</span><br><b>依据：</b>{escape(r.rule)}"
            for r in preview.refusals
            if r.fact != "applicants_missing"
        ]
        self.blocks.setText("<br>".join(blocks))
        self.blocks.setVisible(bool(blocks))
        self.warnings.setText("\n".join(f"提示：{w}" for w in preview.warnings))
        self.warnings.setVisible(bool(preview.warnings))
        self.field_errors.box("acknowledged").setVisible(bool(preview.warnings))
        missing = [refusal_text(r) for r in preview.refusals if r.fact == "applicants_missing"]
        self.field_errors.box("applicants").set_error("\n".join(missing))

    def snapshot(self) -> tuple[Any, ...]:
        return (
            self.court.currentText(),
            tuple(self.applicants()),
            self.applied_on.value(),
            self.acknowledged.isChecked(),
        )

    def save(self) -> None:
        if self.preview is not None and self.preview.warnings and not self.acknowledged.isChecked():
            self.refuse("acknowledged", self.tr("请先把上面的提示向当事人说明，然后勾选这一项"))
            return
        court, applicants, applied_on = self.court.currentText().strip(), self.applicants(), self.applied_on.value()
        today = self.ctx.clock.today()
        self.run(lambda desk, case_id: desk.apply_confirmation(case_id, court, applicants, applied_on, today))
