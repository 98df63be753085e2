"""Facts that are not steps but that the law's checks depend on: a party's refusal (PML Art. 17), an
escalation risk and its report (Art. 25), an agreed extension of the mediation period, and the
parties' choice of mediator and of public or private mediation (Arts. 19, 23)."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QSpinBox, QWidget

from mediator_app.domain.dates import arabic_date
from mediator_app.ui.procedure.dialog import StepContext, StepDialog
from mediator_app.ui.procedure.record_dialogs import PRIVATE, PUBLIC, SessionDialog
from mediator_app.ui.widgets import Choice, OptionalDateEdit, TextArea, label, to_qdate


class RefusalDialog(StepDialog):
    LABELS: ClassVar[dict[str, str]] = {"note": "拒绝情况"}
    HELP = (
        "当事人一方明确拒绝调解的，不得调解（《人民调解法》第十七条）。记录以后，案件不能再受理、调查或者调解；"
        "已经受理的，应当终止调解，并告知当事人可以通过仲裁、行政、司法等途径维护自己的权利。"
    )
    default_size = (860, 520)

    def __init__(self, ctx: StepContext, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("当事人拒绝调解"), ctx, self.LABELS, self.tr(self.HELP), self.tr("记录拒绝调解"), parent
        )
        self.note = TextArea(4, self.tr("哪一方当事人、什么时候、以什么方式（当面、电话、书面）明确拒绝调解"))
        self.add_field(self.form, "note", self.note)
        self.finish()

    def snapshot(self) -> str:
        return self.note.text()

    def save(self) -> None:
        note = self.note.text()
        self.run(lambda desk, case_id: desk.record_refusal(case_id, note))


class RiskDialog(StepDialog):
    LABELS: ClassVar[dict[str, str]] = {"risk": "激化风险", "reported_on": "报告日期", "reported_to": "报告的部门"}
    HELP = (
        "人民调解员发现纠纷可能激化的，应当采取有针对性的预防措施；对有可能引起治安案件、刑事案件的纠纷，"
        "应当及时向当地公安机关或者其他有关部门报告（《人民调解法》第二十五条）。"
        "有激化风险而尚未报告的，不能继续受理、调查或者调解。"
    )
    default_size = (860, 540)

    def __init__(self, ctx: StepContext, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("激化风险/报告"), ctx, self.LABELS, self.tr(self.HELP), self.tr("保存"), parent)
        state = ctx.view.state
        self.risk = QCheckBox(self.tr("该纠纷有激化风险，可能引起治安案件或刑事案件"))
        self.risk.setChecked(state.escalation_risk or not (state.risk_reported_on or state.risk_reported_to))
        self.reported_on = OptionalDateEdit(self.tr("（尚未报告）"))
        self.reported_on.edit.setMaximumDate(to_qdate(ctx.clock.today()))
        self.reported_on.set_value(state.risk_reported_on)
        self.reported_to = QLineEdit(state.risk_reported_to, placeholderText=self.tr("例如：东湖派出所"))
        self.add_field(self.form, "risk", self.risk)
        self.add_field(self.form, "reported_on", self.reported_on)
        self.add_field(self.form, "reported_to", self.reported_to)
        self.finish()

    def snapshot(self) -> tuple[Any, ...]:
        return self.risk.isChecked(), self.reported_on.value(), self.reported_to.text()

    def save(self) -> None:
        risk, reported_on, reported_to = self.risk.isChecked(), self.reported_on.value(), self.reported_to.text()
        self.run(lambda desk, case_id: desk.record_risk(case_id, risk, reported_on, reported_to))


class ExtendDialog(StepDialog):
    LABELS: ClassVar[dict[str, str]] = {"days": "延长天数", "consent": "双方同意"}
    HELP = (
        "人民调解一般在一个月内调结；经双方当事人同意，可以延长调解期限（《人民调解工作若干规定》第三十三条）。"
        "期限到了不会阻止调解，程序会提醒您。"
    )
    default_size = (820, 480)

    def __init__(self, ctx: StepContext, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("延长调解期限"), ctx, self.LABELS, self.tr(self.HELP), self.tr("延长"), parent)
        due = next((i for i in ctx.view.due if i.kind == "调解期限"), None)
        if due is not None:
            self.form.addRow(self.tr("现在的期限"), label(f"{arabic_date(due.due)}（{due.urgency()}）"))
        self.days = QSpinBox()
        self.days.setRange(1, 90)
        self.days.setValue(15)
        self.days.setSuffix(self.tr(" 天"))
        self.consent = QCheckBox(self.tr("双方当事人都同意延长调解期限"))
        self.add_field(self.form, "days", self.days)
        self.add_field(self.form, "consent", self.consent)
        self.finish()

    def snapshot(self) -> tuple[Any, ...]:
        return self.days.value(), self.consent.isChecked()

    def save(self) -> None:
        days, consent = self.days.value(), self.consent.isChecked()
        self.run(lambda desk, case_id: desk.extend_mediation(case_id, days, consent))


class ChoicesDialog(StepDialog):
    LABELS: ClassVar[dict[str, str]] = {"mediator_choice": "调解员的选择", "publicity": "是否公开"}
    default_size = (860, 520)

    def __init__(self, ctx: StepContext, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("当事人选择"), ctx, self.LABELS, self.tr(SessionDialog.CHOICE_HELP), self.tr("保存"), parent
        )
        state = ctx.view.state
        self.mediator_choice = QComboBox()
        self.mediator_choice.setEditable(True)
        self.mediator_choice.addItems(SessionDialog._choice_suggestions(ctx))
        self.mediator_choice.setCurrentIndex(-1)
        self.mediator_choice.setEditText(state.mediator_choice)
        self.publicity = Choice([PRIVATE, PUBLIC])
        self.publicity.set_value(state.publicity)
        self.add_field(self.form, "mediator_choice", self.mediator_choice)
        self.add_field(self.form, "publicity", self.publicity)
        self.finish()

    def snapshot(self) -> tuple[Any, ...]:
        return self.mediator_choice.currentText(), self.publicity.value()

    def save(self) -> None:
        choice, publicity = self.mediator_choice.currentText(), self.publicity.value()
        self.run(lambda desk, case_id: desk.record_choices(case_id, choice, publicity))
