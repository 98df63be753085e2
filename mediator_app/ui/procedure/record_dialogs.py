"""调查记录, 调解记录 and 回访记录: the records the mediator types at length, so they keep drafts.

The big text box (调查内容 / 各方陈述) grows with the dialog. Names the program already knows
(the case's mediators and recorder, the parties) are filled in as suggestions; the record is checked
by `domain.records.record_errors` in the service and every message comes back to its field.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from PySide6.QtCore import QDateTime, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from mediator_app.domain.records import SATISFACTION, TERM_STATUSES, RecordKind, ReturnVisit, StepRecord, TermCheck
from mediator_app.errors import FieldError, ValidationError
from mediator_app.ui.case_view import term_sentence
from mediator_app.ui.procedure.dialog import StepContext, StepDialog, section
from mediator_app.ui.widgets import Choice, DateEdit, FieldBox, TextArea, label, to_qdate, use_calendar

PUBLIC, PRIVATE = "公开", "不公开"


class DateTimeEdit(QDateTimeEdit):
    """时间: a date with a calendar and the hour and minute, e.g. 2026年11月3日 09:30."""

    def __init__(self, moment: dt.datetime, latest: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        use_calendar(self)
        self.setDisplayFormat("yyyy年M月d日 HH:mm")
        self.setMaximumDate(to_qdate(latest))
        self.set_value(moment)

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)  # Tab leaves the field (see widgets.PopupDateEdit)

    def value(self) -> dt.datetime:
        moment = self.dateTime().toPython()
        assert isinstance(moment, dt.datetime)
        return moment.replace(second=0, microsecond=0)

    def set_value(self, moment: dt.datetime) -> None:
        self.setDateTime(QDateTime(to_qdate(moment.date()), QTime(moment.hour, moment.minute)))


def _names_combo(names: list[str], current: str = "") -> QComboBox:
    """A name that is usually one of the parties, but may be anyone (typed)."""
    combo = QComboBox()
    combo.setEditable(True)
    combo.addItems(names)
    combo.setCurrentIndex(-1)
    combo.setEditText(current)
    return combo


def _big_text(placeholder: str, lines: int = 10) -> TextArea:
    area = TextArea(lines, placeholder)
    area.setMaximumHeight(16777215)  # the long text takes all the room the dialog has
    return area


class RecordDialog(StepDialog):
    """Shared by the investigation and the session record: who, when and where on the left, the long
    texts on the right with the whole height of the dialog."""

    kind: ClassVar[RecordKind]
    default_size = (1180, 720)

    def _common_fields(self, ctx: StepContext) -> None:
        self.left = QWidget()
        self.body.removeItem(self.form)
        self.left_column = QVBoxLayout(self.left)
        self.left_column.setContentsMargins(0, 0, 0, 0)
        self.left_column.addLayout(self.form)
        self.texts = QVBoxLayout()  # caption above each box; the boxes share the height
        columns = QHBoxLayout()
        columns.addWidget(self.left, 2)
        columns.addSpacing(12)
        columns.addLayout(self.texts, 3)
        self.body.addLayout(columns, 1)
        case = ctx.case
        self.held_at = DateTimeEdit(ctx.clock.now(), ctx.clock.today())
        self.place = QLineEdit(placeholderText=self.tr("例如：本委员会调解室、当事人家中"))
        self.staff = QLineEdit("、".join(case.mediators))
        self.recorder = QLineEdit(case.recorder)
        self.participants = QLineEdit()

    def add_text(self, key: str, area: TextArea, stretch: int) -> None:
        area.setMaximumHeight(16777215)
        self.texts.addWidget(label(self.labels[key]))
        self.texts.addWidget(self.field_errors.bind(key, FieldBox(area)), stretch)

    def record(self) -> StepRecord:
        raise NotImplementedError

    def snapshot(self) -> Any:
        return self.record()

    def restore(self, content: Any) -> None:
        assert isinstance(content, StepRecord)
        self.held_at.set_value(content.held_at)
        for edit, value in (
            (self.place, content.place),
            (self.staff, content.staff),
            (self.recorder, content.recorder),
            (self.participants, content.participants),
        ):
            edit.setText(value)
        self.restore_own(content)

    def restore_own(self, content: StepRecord) -> None:
        raise NotImplementedError


class InvestigationDialog(RecordDialog):
    kind = RecordKind.INVESTIGATION
    draft_kind = "investigation"
    fact_fields: ClassVar[dict[str, str]] = {}
    LABELS: ClassVar[dict[str, str]] = {
        "held_at": "调查时间",
        "place": "调查地点",
        "staff": "调查人",
        "subject": "被调查人",
        "recorder": "记录人",
        "participants": "在场人",
        "content": "调查内容",
    }
    HELP = (
        "调查是为了弄清纠纷的事实。请记下向谁、在哪里了解到什么，可以按“问：…… 答：……”的方式记录；"
        "写好的记录会放入调解卷宗（《人民调解法》第二十七条）。"
    )

    def __init__(self, ctx: StepContext, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("调查记录"), ctx, self.LABELS, self.tr(self.HELP), self.tr("保存调查记录"), parent)
        self._common_fields(ctx)
        self.subject = _names_combo([p.name for p in ctx.case.parties])
        self.content_edit = _big_text(self.tr("问：……\n答：……"), 9)
        for key, widget in (
            ("held_at", self.held_at),
            ("place", self.place),
            ("staff", self.staff),
            ("subject", self.subject),
            ("recorder", self.recorder),
            ("participants", self.participants),
        ):
            self.add_field(self.form, key, widget)
        self.left_column.addStretch(1)
        self.add_text("content", self.content_edit, 1)
        self.finish(stretch=False)

    def record(self) -> StepRecord:
        return StepRecord(
            kind=RecordKind.INVESTIGATION,
            held_at=self.held_at.value(),
            place=self.place.text().strip(),
            staff=self.staff.text().strip(),
            recorder=self.recorder.text().strip(),
            content=self.content_edit.text().strip(),
            subject=self.subject.currentText().strip(),
            participants=self.participants.text().strip(),
        )

    def snapshot(self) -> StepRecord:
        # Untrimmed: what is on the screen, so a draft gives back exactly what was typed.
        record = self.record()
        record.content = self.content_edit.text()
        return record

    def restore_own(self, content: StepRecord) -> None:
        self.subject.setEditText(content.subject)
        self.content_edit.setText(content.content)

    def save(self) -> None:
        record, today = self.record(), self.ctx.clock.today()
        self.run(lambda desk, case_id: desk.record_investigation(case_id, record, today))


class SessionDialog(RecordDialog):
    kind = RecordKind.SESSION
    draft_kind = "session"
    fact_fields: ClassVar[dict[str, str]] = {"mediator_choice_recorded": "mediator_choice"}
    LABELS: ClassVar[dict[str, str]] = {
        "held_at": "调解时间",
        "place": "调解地点",
        "parties_present": "当事人",
        "staff": "调解员",
        "recorder": "记录人",
        "participants": "参加人",
        "content": "各方陈述",
        "result": "调解结果",
        "mediator_choice": "调解员的选择",
        "publicity": "是否公开",
    }
    HELP = (
        "每次调解都要记录：谁参加了、各方怎么说、结果如何（《人民调解法》第二十七条）。"
        "经当事人同意，可以邀请当事人的亲属、邻里、同事或者有关专业人员参加调解（第二十条）。"
    )
    CHOICE_HELP = (
        "当事人有权选择或者接受人民调解员，有权要求调解公开进行或者不公开进行"
        "（《人民调解法》第十九条、第二十三条）。涉及个人隐私、商业秘密或者当事人反对的，不公开调解。"
    )

    def __init__(self, ctx: StepContext, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("调解记录"), ctx, self.LABELS, self.tr(self.HELP), self.tr("保存调解记录"), parent)
        self._common_fields(ctx)
        state = ctx.view.state
        self.first = not (state.mediator_choice.strip() and state.publicity in (PUBLIC, PRIVATE))
        self.parties_present = QLineEdit("、".join(p.name for p in ctx.case.parties))
        self.content_edit = _big_text(self.tr("申请人陈述：……\n被申请人陈述：……"), 6)
        self.result_edit = TextArea(
            3, self.tr("例如：双方同意由被申请人赔偿修复费用，下次调解时签订协议；或：双方分歧较大，择日再调")
        )  # not `result`: QDialog.result()
        self.mediator_choice = _names_combo(self._choice_suggestions(ctx), state.mediator_choice)
        line = self.mediator_choice.lineEdit()
        assert line is not None
        line.setPlaceholderText(self.tr("点右边的箭头选择，或者直接填写"))
        self.publicity = Choice([PRIVATE, PUBLIC])
        self.publicity.set_value(state.publicity)
        for key, widget in (
            ("held_at", self.held_at),
            ("place", self.place),
            ("parties_present", self.parties_present),
            ("staff", self.staff),
            ("recorder", self.recorder),
            ("participants", self.participants),
        ):
            self.add_field(self.form, key, widget)
        self.parties_present.setCursorPosition(0)
        if self.first:
            box = QGroupBox(self.tr("当事人的选择（第一次调解前须记录）"))
            form = QFormLayout(box)
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
            form.addRow(label(self.tr(self.CHOICE_HELP), "help", word_wrap=True))
            self.add_field(form, "mediator_choice", self.mediator_choice)
            self.add_field(form, "publicity", self.publicity)
            self.left_column.addWidget(box)
        else:
            self.left_column.addWidget(
                label(
                    self.tr("当事人的选择（已记录）：{choice}；{publicity}调解").format(
                        choice=state.mediator_choice, publicity=state.publicity
                    ),
                    "hint",
                    True,
                )
            )
        self.left_column.addStretch(1)
        self.add_text("content", self.content_edit, 3)
        self.add_text("result", self.result_edit, 1)
        self.finish(stretch=False)

    @staticmethod
    def _choice_suggestions(ctx: StepContext) -> list[str]:
        names = "、".join(ctx.case.mediators)
        return ([f"当事人共同选择{names}"] if names else []) + ["人民调解委员会指定，当事人同意"]

    def record(self) -> StepRecord:
        return StepRecord(
            kind=RecordKind.SESSION,
            held_at=self.held_at.value(),
            place=self.place.text().strip(),
            staff=self.staff.text().strip(),
            recorder=self.recorder.text().strip(),
            content=self.content_edit.text().strip(),
            participants=self.participants.text().strip(),
            parties_present=self.parties_present.text().strip(),
            result=self.result_edit.text().strip(),
        )

    def snapshot(self) -> tuple[StepRecord, str, str]:
        record = self.record()
        record.content, record.result = self.content_edit.text(), self.result_edit.text()
        return record, self.mediator_choice.currentText(), self.publicity.value()

    def restore(self, content: Any) -> None:
        record, choice, publicity = content
        super().restore(record)
        self.mediator_choice.setEditText(choice)
        self.publicity.set_value(publicity)

    def restore_own(self, content: StepRecord) -> None:
        self.parties_present.setText(content.parties_present)
        self.content_edit.setText(content.content)
        self.result_edit.setText(content.result)

    def save(self) -> None:
        choice = self.mediator_choice.currentText() if self.first else None
        publicity = self.publicity.value() if self.first else None
        if self.first and publicity == "":
            self.refuse("publicity", self.tr("请选择公开调解还是不公开调解（《人民调解法》第二十三条）"))
            return
        record, today = self.record(), self.ctx.clock.today()
        self.run(lambda desk, case_id: desk.record_session(case_id, record, choice, publicity, today))


class VisitDialog(StepDialog):
    """人民调解回访记录: performance of each term, satisfaction, any new risk (PML Art. 31)."""

    draft_kind = "visit"
    fact_fields: ClassVar[dict[str, str]] = {"effective_on": ""}
    LABELS: ClassVar[dict[str, str]] = {
        "visited_on": "回访日期",
        "visitor": "回访人",
        "visited": "被回访人",
        "satisfaction": "满意程度",
        "new_risk": "新的矛盾或风险",
        "note": "回访情况",
        "terms": "履行情况",
    }
    HELP = (
        "人民调解委员会应当对调解协议的履行情况进行监督，督促当事人履行约定的义务（《人民调解法》第三十一条）。"
        "请逐项记录协议的履行情况；发现新的矛盾或激化风险的，及时处理。"
    )
    default_size = (1000, 760)

    def __init__(self, ctx: StepContext, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("回访记录"), ctx, self.LABELS, self.tr(self.HELP), self.tr("保存回访记录"), parent)
        case = ctx.case
        self.visited_on = DateEdit()
        self.visited_on.setMaximumDate(to_qdate(ctx.clock.today()))
        self.visited_on.set_value(ctx.clock.today())
        self.visitor = QLineEdit("、".join(case.mediators))
        self.visited = _names_combo([p.name for p in case.parties])
        self.satisfaction = Choice(list(SATISFACTION))
        self.new_risk = QLineEdit(placeholderText=self.tr("没有的可以不填"))
        self.note = TextArea(4, self.tr("当事人怎么说、履行了什么、还有什么困难"))
        for key, widget in (("visited_on", self.visited_on), ("visitor", self.visitor), ("visited", self.visited)):
            self.add_field(self.form, key, widget)
        self.term_seqs: list[int] = []
        self.statuses: list[QComboBox] = []
        self.term_notes: list[QLineEdit] = []
        self.body.addWidget(section(self.tr("协议履行情况（逐项填写）")))
        terms_form = QFormLayout()
        terms_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.body.addLayout(terms_form)
        for i, term in enumerate(case.agreement.terms if case.agreement and not ctx.view.state.oral_content else []):
            status = QComboBox()
            status.addItems(TERM_STATUSES)
            status.setPlaceholderText(self.tr("请选择"))
            status.setCurrentIndex(-1)
            note = QLineEdit(placeholderText=self.tr("说明（可不填），例如：已付3000元，余款约定月底付清"))
            self.field_errors.bind(f"term{i}_status", FieldBox(status))
            row = QFormLayout()
            row.addRow(self.tr("履行情况"), self.field_errors.box(f"term{i}_status"))
            row.addRow(self.tr("说明"), note)
            terms_form.addRow(
                label(self.tr("第{n}项：{text}").format(n=term.seq, text=term_sentence(case, term)), word_wrap=True)
            )
            terms_form.addRow(row)
            self.term_seqs.append(term.seq)
            self.statuses.append(status)
            self.term_notes.append(note)
        if not self.term_seqs:
            oral = ctx.view.state.oral_content
            terms_form.addRow(
                label(
                    self.tr("口头协议：{text}").format(text=oral)
                    if oral
                    else self.tr("协议没有分项条款，请在“回访情况”中写明履行情况。"),
                    "hint",
                    True,
                )
            )
        form2 = QFormLayout()
        self.body.addLayout(form2)
        for key, last in (("satisfaction", self.satisfaction), ("new_risk", self.new_risk), ("note", self.note)):
            self.add_field(form2, key, last)
        self.finish()

    def visit(self) -> ReturnVisit:
        checks = [
            TermCheck(seq, status.currentText() if status.currentIndex() >= 0 else "", note.text().strip())
            for seq, status, note in zip(self.term_seqs, self.statuses, self.term_notes, strict=True)
        ]
        return ReturnVisit(
            visited_on=self.visited_on.value(),
            visitor=self.visitor.text().strip(),
            visited=self.visited.currentText().strip(),
            satisfaction=self.satisfaction.value(),
            terms=checks,
            new_risk=self.new_risk.text().strip(),
            note=self.note.text().strip(),
        )

    def snapshot(self) -> ReturnVisit:
        visit = self.visit()
        visit.note = self.note.text()
        return visit

    def restore(self, content: Any) -> None:
        assert isinstance(content, ReturnVisit)
        self.visited_on.set_value(content.visited_on)
        self.visitor.setText(content.visitor)
        self.visited.setEditText(content.visited)
        self.satisfaction.set_value(content.satisfaction)
        self.new_risk.setText(content.new_risk)
        self.note.setText(content.note)
        for check, status, note in zip(content.terms, self.statuses, self.term_notes, strict=False):
            status.setCurrentIndex(status.findText(check.status))
            note.setText(check.note)

    def show_errors(self, exc: ValidationError) -> None:
        # terms[1].status is shown at the second term's box (all terms are on screen at once).
        errors = [
            FieldError(e.path.replace("terms[", "term").replace("].", "_"), e.message)
            if e.path.startswith("terms[")
            else e
            for e in exc.errors
        ]
        super().show_errors(ValidationError(errors))

    def save(self) -> None:
        visit, today = self.visit(), self.ctx.clock.today()
        self.run(lambda desk, case_id: desk.record_visit(case_id, visit, today))
