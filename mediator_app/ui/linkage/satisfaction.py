"""案件 → 满意度回访… (the call after a case is closed: 满意 / 基本满意 / 不满意 and why, the earlier calls
listed above) and 设置 → 满意度回访提醒… (after how many days a closed case without one appears on
今日待办). docs/linkage.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QSpinBox, QWidget

from mediator_app.domain.dates import arabic_date
from mediator_app.domain.model import Case
from mediator_app.domain.satisfaction import DAYS_RANGE, OFF, RESULTS, SatisfactionVisit
from mediator_app.ui.clock import Clock
from mediator_app.ui.dialog_base import EditDialog
from mediator_app.ui.screen import fit_to_screen
from mediator_app.ui.tasks import run_db
from mediator_app.ui.widgets import DateEdit, TextArea, label, to_qdate

if TYPE_CHECKING:
    from mediator_app.services.desk import Desk


def visits_text(visits: list[SatisfactionVisit]) -> str:
    if not visits:
        return "本案还没有满意度回访。"
    lines = [
        f"{arabic_date(v.visited_on)} {v.visitor}回访{v.visited}：{v.result}" + (f"（{v.reason}）" if v.reason else "")
        for v in visits
    ]
    return "已回访：\n" + "\n".join(lines)


class SatisfactionDialog(EditDialog):
    LABELS: ClassVar[dict[str, str]] = {
        "visited_on": "回访日期",
        "visitor": "回访人",
        "visited": "被回访人",
        "result": "是否满意",
        "reason": "原因或意见",
    }
    what = "回访"

    def __init__(
        self, desk: Desk, case: Case, clock: Clock, visits: list[SatisfactionVisit], parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("满意度回访 — {number}").format(number=case.number), parent, self.LABELS)
        self.desk, self.case_id, self.clock = desk, case.id or 0, clock
        form = QFormLayout(self.content)
        form.addRow(label(self.tr(visits_text(visits)), "hint", word_wrap=True))
        self.visited_on = DateEdit()
        self.visited_on.set_value(clock.today())
        self.visited_on.setMaximumDate(to_qdate(clock.today()))
        self.visitor = QLineEdit(case.mediators[0] if case.mediators else "")
        self.visited = QLineEdit(case.parties[0].name if case.parties else "")
        self.choice = QComboBox()
        self.choice.addItems(list(RESULTS))
        self.reason = TextArea(3, self.tr("不满意的，写明原因"))
        for key, widget in (
            ("visited_on", self.visited_on),
            ("visitor", self.visitor),
            ("visited", self.visited),
            ("result", self.choice),
            ("reason", self.reason),
        ):
            self.add_field(form, key, widget)
        fit_to_screen(self, 720, 480)
        self.mark_clean()

    def snapshot(self) -> tuple[str, ...]:
        return (self.visitor.text(), self.visited.text(), self.choice.currentText(), self.reason.text())

    def save(self) -> None:
        desk, case_id, today = self.desk, self.case_id, self.clock.today()
        visit = SatisfactionVisit(
            self.visited_on.value(),
            self.visitor.text(),
            self.visited.text(),
            self.choice.currentText(),
            self.reason.text(),
        )
        run_db(lambda: desk.linkage.record_satisfaction(case_id, visit, today), owner=self).on_success(
            self.saved
        ).on_error(self.save_failed)


class ReminderDialog(EditDialog):
    LABELS: ClassVar[dict[str, str]] = {"days": "结案后第几天提醒"}
    what = "设置"

    def __init__(self, desk: Desk, days: int, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("满意度回访提醒"), parent, self.LABELS)
        self.desk = desk
        form = QFormLayout(self.content)
        form.addRow(
            label(
                self.tr("结案后到了这一天仍未做满意度回访的案件，列入“今日待办”（此后30天内）。"),
                "help",
                word_wrap=True,
            )
        )
        self.days = QSpinBox()
        self.days.setRange(OFF, DAYS_RANGE[1])
        self.days.setSpecialValueText(self.tr("不提醒"))  # 0: the committee turned the reminder off
        self.days.setValue(days)
        self.add_field(form, "days", self.days)
        fit_to_screen(self, 560, 300)
        self.mark_clean()

    def snapshot(self) -> int:
        return self.days.value()

    def save(self) -> None:
        desk, days = self.desk, self.days.value()
        run_db(lambda: desk.linkage.save_satisfaction_days(days), owner=self).on_success(self.saved).on_error(
            self.save_failed
        )
