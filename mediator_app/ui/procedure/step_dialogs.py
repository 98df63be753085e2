"""The dialogs of the procedure's steps without a long record: 受理, 不予受理, 达成书面协议, 记录签署,
达成口头协议, 终止调解, 记录法院裁定, 重新启用. Each says what the law requires, collects the inputs in
the trade's words and calls its service; the refusal of the law, if any, appears at its field.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import Any, ClassVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QTextBrowser, QWidget

from mediator_app.domain.dates import arabic_date
from mediator_app.domain.records import ProcedureState
from mediator_app.domain.stages import Event
from mediator_app.domain.statistics import Confirmation
from mediator_app.ui.case_view import term_sentence
from mediator_app.ui.procedure.dialog import StepContext, StepDialog, section
from mediator_app.ui.procedure.texts import refusal_text
from mediator_app.ui.text_size import set_style_sheet
from mediator_app.ui.widgets import Choice, DateEdit, OptionalDateEdit, TextArea, label, to_qdate

YES, NO = "是", "否"


def _date_edit(ctx: StepContext, day: dt.date | None = None) -> DateEdit:
    """A date that cannot be later than today (the clock's)."""
    edit = DateEdit()
    edit.setMaximumDate(to_qdate(ctx.clock.today()))
    edit.set_value(day or ctx.clock.today())
    return edit


class AcceptDialog(StepDialog):
    fact_fields: ClassVar[dict[str, str]] = {
        "rights_notified": "rights_notified",
        "handled_elsewhere": "handled_elsewhere",
    }
    LABELS: ClassVar[dict[str, str]] = {
        "accepted_on": "受理日期",
        "rights_notified": "权利义务告知",
        "handled_elsewhere": "其他机关处理情况",
    }
    HELP = (
        "受理前，应当向当事人告知人民调解的性质、原则和效力，以及当事人享有的权利和承担的义务，"
        "并请当事人在《当事人权利义务告知书》上签收（《人民调解法》第二十三条、第二十四条）。\n"
        "已经由人民法院、公安机关或者其他行政机关受理或者处理的纠纷，人民调解委员会不予受理"
        "（《人民调解工作若干规定》第二十二条）。"
    )
    default_size = (860, 560)

    def __init__(self, ctx: StepContext, parent: QWidget | None = None) -> None:
        super().__init__(Event.ACCEPT.value, ctx, self.LABELS, self.tr(self.HELP), Event.ACCEPT.value, parent)
        self.accepted_on = _date_edit(ctx)
        self.rights = QCheckBox(self.tr("已向当事人告知权利义务（告知书已签收）"))
        self.elsewhere = Choice([NO, YES])
        self.add_field(self.form, "accepted_on", self.accepted_on)
        self.add_field(self.form, "rights_notified", self.rights)
        self.form.addRow(label(self.tr("该纠纷是否已由人民法院、公安机关或其他行政机关受理或处理？"), word_wrap=True))
        self.add_field(self.form, "handled_elsewhere", self.elsewhere)
        self.finish()

    def snapshot(self) -> tuple[Any, ...]:
        return self.accepted_on.value(), self.rights.isChecked(), self.elsewhere.value()

    def save(self) -> None:
        answer = self.elsewhere.value()
        if not answer:
            self.refuse("handled_elsewhere", self.tr("请回答这个问题：选“否”或“是”"))
            return
        day = self.accepted_on.value()
        notified, elsewhere, today = day if self.rights.isChecked() else None, answer == YES, self.ctx.clock.today()
        self.run(lambda desk, case_id: desk.accept(case_id, notified, elsewhere, today))


class DeclineDialog(StepDialog):
    fact_fields: ClassVar[dict[str, str]] = {"decline_reason": "decline_reason"}
    LABELS: ClassVar[dict[str, str]] = {"decline_reason": "不予受理的理由"}
    HELP = (
        "下列纠纷人民调解委员会不予受理：法律、法规规定只能由专门机关管辖处理的，或者禁止采用民间调解方式解决的；"
        "人民法院、公安机关或者其他行政机关已经受理或者解决的（《人民调解工作若干规定》第二十二条）。"
        "请写明理由，并告知当事人可以向哪里反映。"
    )

    def __init__(self, ctx: StepContext, parent: QWidget | None = None) -> None:
        super().__init__(Event.DECLINE.value, ctx, self.LABELS, self.tr(self.HELP), Event.DECLINE.value, parent)
        self.reason = TextArea(4, self.tr("例如：该纠纷已由人民法院立案受理，已告知当事人等待法院处理"))
        self.add_field(self.form, "decline_reason", self.reason)
        self.finish()

    def snapshot(self) -> str:
        return self.reason.text()

    def save(self) -> None:
        reason, today = self.reason.text(), self.ctx.clock.today()
        self.run(lambda desk, case_id: desk.decline(case_id, reason, today))


class ConcludeWrittenDialog(StepDialog):
    """Shows the agreement that will be concluded; after this its terms are frozen."""

    agreement_requested = Signal()
    fact_fields: ClassVar[dict[str, str]] = {"agreement_problems": "agreement"}
    LABELS: ClassVar[dict[str, str]] = {"agreement": "协议内容"}
    HELP = (
        "确认后，协议条款不能再修改（需要变更的，应当重新调解）。请打印协议书，一式份数为当事人人数加一份，"
        "由各方当事人签名、盖章或者按指印，调解员签名并加盖人民调解委员会印章，"
        "然后点“记录签署”填写日期：协议自最后一项完成之日起生效（《人民调解法》第二十九条）。"
    )
    default_size = (900, 700)

    def __init__(self, ctx: StepContext, parent: QWidget | None = None) -> None:
        super().__init__(
            Event.CONCLUDE_WRITTEN.value,
            ctx,
            self.LABELS,
            self.tr(self.HELP),
            self.tr("确认{act}").format(act=Event.CONCLUDE_WRITTEN.value),
            parent,
        )
        self.terms = QTextBrowser()
        self.terms.setHtml(self._agreement_html())
        self.terms.setMinimumHeight(220)
        self.edit_button = QPushButton(self.tr("修改协议条款"))
        self.edit_button.setAutoDefault(False)
        self.edit_button.clicked.connect(self._edit_terms)
        self.body.addWidget(section(self.tr("将要确认的协议")))
        self.add_field(self.form, "agreement", self.terms)
        self.problems = label("", "error", word_wrap=True)
        self.body.addWidget(self.problems)
        self.body.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignLeft)
        action = next((a for a in ctx.view.actions if a.event is Event.CONCLUDE_WRITTEN), None)
        if action is not None and not action.enabled:
            self.problems.setText("\n".join(refusal_text(r) for r in action.refusals))
        self.problems.setVisible(bool(self.problems.text()))
        self.finish()

    def _agreement_html(self) -> str:
        case = self.ctx.case
        agreement = case.agreement
        if agreement is None:
            return "<p>尚未填写协议条款。</p>"
        out = [f"<p><b>争议事项：</b>{escape(agreement.disputed_matters)}</p>"]
        if agreement.responsibilities:
            out.append(f"<p><b>各方责任：</b>{escape(agreement.responsibilities)}</p>")
        out.append("<ol>" + "".join(f"<li>{escape(term_sentence(case, t))}</li>" for t in agreement.terms) + "</ol>")
        return "".join(out)

    def _edit_terms(self) -> None:
        self.reject()
        self.agreement_requested.emit()

    def snapshot(self) -> tuple[()]:
        return ()

    def save(self) -> None:
        today = self.ctx.clock.today()
        self.run(lambda desk, case_id: desk.conclude_written(case_id, today))


class SignaturesDialog(StepDialog):
    """记录签署: the three dates; the agreement takes effect on the last of them (PML Art. 29)."""

    LABELS: ClassVar[dict[str, str]] = {
        "parties_signed_on": "当事人签名（按指印）",
        "mediator_signed_on": "调解员签名",
        "sealed_on": "加盖印章",
    }
    HELP = (
        "书面调解协议自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效"
        "（《人民调解法》第二十九条）。请填写每一项完成的日期；还没完成的请留空。"
        "如需司法确认，当事人须在协议生效之日起三十日内共同申请（第三十三条）。"
    )
    default_size = (860, 560)

    def __init__(self, ctx: StepContext, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("记录签署"), ctx, self.LABELS, self.tr(self.HELP), self.tr("保存签署日期"), parent)
        state = ctx.view.state
        self.parties = OptionalDateEdit()
        self.mediator = OptionalDateEdit()
        self.sealed = OptionalDateEdit()
        for key, edit, day in (
            ("parties_signed_on", self.parties, state.parties_signed_on),
            ("mediator_signed_on", self.mediator, state.mediator_signed_on),
            ("sealed_on", self.sealed, state.sealed_on),
        ):
            edit.edit.setMaximumDate(to_qdate(ctx.clock.today()))
            edit.set_value(day)
            edit.changed.connect(self._update_effective)
            self.add_field(self.form, key, edit)
        self.all_today = QPushButton(self.tr("三项都是今天"))
        self.all_today.setAutoDefault(False)
        self.all_today.clicked.connect(self._all_today)
        row = QHBoxLayout()
        row.addWidget(self.all_today)
        row.addStretch(1)
        self.form.addRow("", row)
        self.effective = QLabel()
        self.effective.setWordWrap(True)
        set_style_sheet(self.effective, "font-size: 14pt; font-weight: bold; color: #1f3b57;")
        self.form.addRow(self.tr("协议生效日期"), self.effective)
        self._update_effective()
        self.finish()

    def _all_today(self) -> None:
        for edit in (self.parties, self.mediator, self.sealed):
            edit.set_value(self.ctx.clock.today())

    def effective_on(self) -> dt.date | None:
        return ProcedureState(
            parties_signed_on=self.parties.value(),
            mediator_signed_on=self.mediator.value(),
            sealed_on=self.sealed.value(),
        ).effective_on

    def _update_effective(self) -> None:
        day = self.effective_on()
        self.effective.setText(
            self.tr("{date}（三项中最后完成的一天）").format(date=arabic_date(day))
            if day
            else self.tr("三项都完成后协议才生效")
        )

    def snapshot(self) -> tuple[Any, ...]:
        return self.parties.value(), self.mediator.value(), self.sealed.value()

    def save(self) -> None:
        parties, mediator, sealed = self.parties.value(), self.mediator.value(), self.sealed.value()
        self.run(lambda desk, case_id: desk.record_signatures(case_id, parties, mediator, sealed))


class OralDialog(StepDialog):
    draft_kind = "oral"
    fact_fields: ClassVar[dict[str, str]] = {"oral_content": "oral_content"}
    LABELS: ClassVar[dict[str, str]] = {"oral_content": "口头协议内容", "reached_on": "达成日期"}
    HELP = (
        "当事人认为无需制作调解协议书的，可以采取口头协议方式，人民调解员应当记录协议内容"
        "（《人民调解法》第二十八条）。口头协议自各方当事人达成协议之日起生效（第三十条）。"
        "口头协议不能申请司法确认；需要的，请制作书面协议。"
    )

    def __init__(self, ctx: StepContext, parent: QWidget | None = None) -> None:
        super().__init__(
            Event.CONCLUDE_ORAL.value, ctx, self.LABELS, self.tr(self.HELP), self.tr("保存口头协议"), parent
        )
        self.content_edit = TextArea(6, self.tr("谁向谁做什么、什么时候以前做到，例如：李四当场向张三赔礼道歉"))
        self.content_edit.setMaximumHeight(16777215)
        self.reached_on = _date_edit(ctx)
        self.add_field(self.form, "oral_content", self.content_edit)
        self.add_field(self.form, "reached_on", self.reached_on)
        self.finish()

    def snapshot(self) -> tuple[Any, ...]:
        return self.content_edit.text(), self.reached_on.value()

    def restore(self, content: Any) -> None:
        self.content_edit.setText(content[0])
        self.reached_on.set_value(content[1])

    def save(self) -> None:
        content, reached_on, today = self.content_edit.text(), self.reached_on.value(), self.ctx.clock.today()
        self.run(lambda desk, case_id: desk.conclude_oral(case_id, content, reached_on, today))


TERMINATION_REASONS = ("调解不成", "当事人要求终止调解", "当事人拒绝调解", "其他原因")


class TerminateDialog(StepDialog):
    draft_kind = "terminate"
    fact_fields: ClassVar[dict[str, str]] = {
        "termination_reason": "termination_reason",
        "routes_notified": "routes_notified",
    }
    LABELS: ClassVar[dict[str, str]] = {
        "termination_reason": "终止原因",
        "details": "具体情况",
        "routes_notified": "告知其他途径",
    }
    HELP = (
        "调解不成的，应当终止调解，并告知当事人可以依法通过仲裁、行政、司法等途径维护自己的权利"
        "（《人民调解法》第二十六条）。当事人有权要求终止调解（第二十三条）；"
        "一方当事人明确拒绝调解的，不得调解（第十七条）。"
    )

    def __init__(self, ctx: StepContext, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("终止调解"), ctx, self.LABELS, self.tr(self.HELP), self.tr("终止调解"), parent)
        self.reason = Choice(list(TERMINATION_REASONS))
        self.details = TextArea(3, self.tr("选“其他原因”的，请在这里写明原因"))
        self.routes = QCheckBox(self.tr("已告知当事人：可以依法通过仲裁、行政、司法等途径维护自己的权利"))
        self.add_field(self.form, "termination_reason", self.reason)
        self.add_field(self.form, "details", self.details)
        self.add_field(self.form, "routes_notified", self.routes)
        if ctx.view.state.refusal_note:
            self.reason.set_value("当事人拒绝调解")
            self.details.setText(ctx.view.state.refusal_note)
        self.finish()

    def reason_text(self) -> str:
        choice, details = self.reason.value(), self.details.text().strip()
        if choice == "其他原因":
            return details
        return f"{choice}：{details}" if choice and details else choice

    def snapshot(self) -> tuple[Any, ...]:
        return self.reason.value(), self.details.text(), self.routes.isChecked()

    def restore(self, content: Any) -> None:
        self.reason.set_value(content[0])
        self.details.setText(content[1])
        self.routes.setChecked(content[2])

    def save(self) -> None:
        reason, routes, today = self.reason_text(), self.routes.isChecked(), self.ctx.clock.today()
        self.run(lambda desk, case_id: desk.terminate(case_id, reason, routes, today))


# The dialog's words for the court's three rulings (domain.statistics.Confirmation).
RULINGS = {"确认调解协议有效": Confirmation.CONFIRMED, "驳回申请": Confirmation.REJECTED}
RULINGS["不予受理"] = Confirmation.NOT_ACCEPTED


class CourtResultDialog(StepDialog):
    LABELS: ClassVar[dict[str, str]] = {
        "granted": "法院裁定",
        "decided_on": "裁定日期",
        "court_case_number": "法院案号",
    }
    HELP = (
        "人民法院裁定调解协议有效的，一方当事人拒绝履行或者未全部履行时，对方当事人可以向人民法院申请强制执行；"
        "裁定驳回申请的，当事人可以通过人民调解方式变更原调解协议或者达成新的调解协议，"
        "也可以向人民法院提起诉讼（《人民调解法》第三十三条）。"
        "裁定不予受理的（如不属于该院管辖），当事人可以在协议生效之日起三十日内向有管辖权的人民法院共同申请"
        "（《民事诉讼法》第二百零五条），也可以变更协议或者向人民法院起诉（《人民调解法》第三十二条）。"
    )
    default_size = (860, 600)

    def __init__(self, ctx: StepContext, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("记录法院裁定"), ctx, self.LABELS, self.tr(self.HELP), self.tr("保存裁定结果"), parent)
        self.outcome = Choice(list(RULINGS))
        self.decided_on = _date_edit(ctx)
        self.number = QLineEdit(placeholderText=self.tr("例如：（2026）京0105民特123号"))
        self.add_field(self.form, "granted", self.outcome)
        self.add_field(self.form, "decided_on", self.decided_on)
        self.add_field(self.form, "court_case_number", self.number)
        self.finish()

    def snapshot(self) -> tuple[Any, ...]:
        return self.outcome.value(), self.decided_on.value(), self.number.text()

    def save(self) -> None:
        if not self.outcome.value():
            self.refuse("granted", self.tr("请选择人民法院的裁定结果"))
            return
        ruling, decided_on, number = RULINGS[self.outcome.value()], self.decided_on.value(), self.number.text()
        today = self.ctx.clock.today()
        self.run(lambda desk, case_id: desk.record_confirmation_result(case_id, ruling, decided_on, number, today))


class ReopenDialog(StepDialog):
    fact_fields: ClassVar[dict[str, str]] = {"reopen_reason": "reopen_reason"}
    LABELS: ClassVar[dict[str, str]] = {"reopen_reason": "重新启用的理由"}
    HELP = (
        "已归档的案件是调解档案的一部分（《人民调解法》第二十七条）。确需继续办理的（例如当事人就履行又发生争议），"
        "请写明理由；案件回到归档前的阶段，办理经过中会记下这次重新启用。"
    )

    def __init__(self, ctx: StepContext, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("重新启用"), ctx, self.LABELS, self.tr(self.HELP), self.tr("重新启用"), parent)
        self.reason = TextArea(4)
        self.add_field(self.form, "reopen_reason", self.reason)
        self.finish()

    def snapshot(self) -> str:
        return self.reason.text()

    def save(self) -> None:
        reason, today = self.reason.text(), self.ctx.clock.today()
        self.run(lambda desk, case_id: desk.reopen(case_id, reason, today))
