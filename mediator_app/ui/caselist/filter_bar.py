"""The filter bar above the case list: 阶段, 纠纷类型, 调解员, 来源, 登记日期从/到, 只看逾期, 清除筛选; and the 筛选
button that stands for it where the list has too little height for the bar (`FilterButton`).

The boxes offer what the database holds (`caselist.choices`, read once the database is open). A value
restored from the last session is kept even before (or if no longer) offered, so the list opens
filtered as it was left. Every change emits `changed(CaseFilter)`; a stage is shown by its own name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from mediator_app.domain.stages import Stage
from mediator_app.services.caselist import CaseFilter
from mediator_app.ui.caselist.model import filter_is_empty
from mediator_app.ui.widgets import PopupDateEdit, from_qdate, to_qdate

if TYPE_CHECKING:
    from mediator_app.services.caselist import FilterChoices

ALL = "全部"
COMPACT_DATE_FORMAT = "yyyy-MM-dd"
_NO_DATE = QDate(2000, 1, 1)


class _OptionalDate(PopupDateEdit):
    """A compact date that may be 不限 (the minimum date stands for no limit, Qt's idiom)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat(COMPACT_DATE_FORMAT)  # two of them on a row of the narrow pane
        self.setMinimumDate(_NO_DATE)
        self.setSpecialValueText(self.tr("不限"))
        self.setDate(_NO_DATE)

    def value(self) -> dt.date | None:
        return None if self.date() == _NO_DATE else from_qdate(self.date())

    def set_value(self, day: dt.date | None) -> None:
        self.setDate(_NO_DATE if day is None else to_qdate(day))


class FilterBar(QWidget):
    changed = Signal(object)  # CaseFilter
    shown_changed = Signal()  # what the boxes show changed: by the mediator or restored (set_value)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stage = self._combo()
        self.dispute_type = self._combo()
        self.mediator = self._combo()
        self.source = self._combo()
        self.date_from = _OptionalDate()
        self.date_to = _OptionalDate()
        self.committee = self._combo()  # shown only to a centre-wide person of a centre (set_choices)
        self.committee_label = QLabel(self.tr("调委会"))
        self.overdue = QCheckBox(self.tr("只看逾期"))
        self.clear_button = QPushButton(self.tr("清除筛选"))
        self.clear_button.setAutoDefault(False)
        self.clear_button.clicked.connect(self.clear)

        # Two boxes a row and the dates on a row of their own: the pane stays narrow enough for the
        # case view at 150 % scaling on a 1366×768 screen (911 px wide; docs/testing-notes.md, "Fit").
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(4)
        # The captioned boxes, in the bar's order: laid out here, named by `active` for the 筛选 button.
        self.boxes = (
            ("阶段", self.stage),
            ("纠纷类型", self.dispute_type),
            ("调解员", self.mediator),
            ("来源", self.source),
        )
        for n, (caption, box) in enumerate(self.boxes):
            row, column = divmod(n, 2)
            grid.addWidget(QLabel(self.tr(caption)), row, 2 * column)
            grid.addWidget(box, row, 2 * column + 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        dates = QHBoxLayout()
        dates.setSpacing(4)
        dates.addWidget(self.date_from, 1)
        dates.addWidget(QLabel(self.tr("至")))
        dates.addWidget(self.date_to, 1)
        grid.addWidget(QLabel(self.tr("登记日期")), 2, 0)
        grid.addLayout(dates, 2, 1, 1, 3)
        last = QHBoxLayout()
        last.addWidget(self.overdue)
        last.addStretch(1)
        last.addWidget(self.clear_button)
        grid.addLayout(last, 3, 0, 1, 4)
        grid.addWidget(self.committee_label, 4, 0)
        grid.addWidget(self.committee, 4, 1, 1, 3)
        self.committee_label.setVisible(False)
        self.committee.setVisible(False)

        for box in (self.stage, self.dispute_type, self.mediator, self.source, self.committee):
            box.currentIndexChanged.connect(self._emit)
        self.date_from.dateChanged.connect(self._emit)
        self.date_to.dateChanged.connect(self._emit)
        self.overdue.toggled.connect(self._emit)
        self._updating = False
        self._update_clear()

    @staticmethod
    def _combo() -> QComboBox:
        box = QComboBox()
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(4)
        box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        box.addItem(ALL, "")
        return box

    # -- values --

    def value(self) -> CaseFilter:
        stage = self.stage.currentData()
        return CaseFilter(
            stages=(Stage(stage),) if stage else (),
            dispute_type=self.dispute_type.currentData() or "",
            mediator=self.mediator.currentData() or "",
            source=self.source.currentData() or "",
            registered_from=self.date_from.value(),
            registered_to=self.date_to.value(),
            overdue=self.overdue.isChecked(),
            committee_id=self.committee.currentData() or None,
        )

    def set_value(self, f: CaseFilter) -> None:
        self._updating = True
        try:
            for box, value in (
                (self.stage, f.stages[0] if f.stages else ""),
                (self.dispute_type, f.dispute_type),
                (self.mediator, f.mediator),
                (self.source, f.source),
            ):
                _choose(box, value)
            self.date_from.set_value(f.registered_from)
            self.date_to.set_value(f.registered_to)
            self.overdue.setChecked(f.overdue)
            found = self.committee.findData(f.committee_id) if f.committee_id is not None else 0
            self.committee.setCurrentIndex(max(found, 0))
        finally:
            self._updating = False
        self._update_clear()

    def set_choices(self, choices: FilterChoices) -> None:
        """Offer what the database holds, keeping the current values."""
        current = self.value()
        self._updating = True
        try:
            for box, values in (
                (self.stage, choices.stages),
                (self.dispute_type, choices.dispute_types),
                (self.mediator, choices.mediators),
                (self.source, choices.sources),
            ):
                _fill(box, values)
            self.committee.clear()
            self.committee.addItem(ALL, "")
            for committee_id, short_name in choices.committees:
                self.committee.addItem(short_name, committee_id)
            self.committee.setVisible(bool(choices.committees))
            self.committee_label.setVisible(bool(choices.committees))
        finally:
            self._updating = False
        self.set_value(current)

    def clear(self) -> None:
        if not filter_is_empty(self.value()):
            self.set_value(CaseFilter())
            self.changed.emit(self.value())

    def _emit(self) -> None:
        self._update_clear()
        if not self._updating:
            self.changed.emit(self.value())

    def _update_clear(self) -> None:
        self.clear_button.setEnabled(not filter_is_empty(self.value()))
        self.shown_changed.emit()

    def active(self) -> list[str]:
        """The filters set, each as its caption and value (阶段：调解中), in the bar's order."""
        boxes = (*self.boxes, ("调委会", self.committee))
        shown = [(caption, box.currentText()) for caption, box in boxes if box.currentIndex() > 0]
        start, end = self.date_from.value(), self.date_to.value()
        if start is not None or end is not None:
            shown.append(("登记日期", f"{start or '不限'} 至 {end or '不限'}"))
        words = [self.tr("{caption}：{value}").format(caption=c, value=v) for c, v in shown]
        return [*words, self.tr("只看逾期")] if self.overdue.isChecked() else words


class FilterButton(QPushButton):
    """筛选, beside 查找, where the list folds the filter bar away to keep its rows in sight (1366×768 at
    150 % with 特大: the bar took all but one row). It says how many filters are set (筛选（2项）) and
    which (its tooltip); pressed, it shows the bar above the list, the keyboard on 阶段, until pressed
    again. Tab reaches it after 查找, and the filters after it while the bar is shown."""

    def __init__(self, bar: FilterBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = bar
        self.setObjectName("filter_button")  # as high as 查找's box beside it (ui/style.py)
        self.setCheckable(True)
        self.setAutoDefault(False)
        self.toggled.connect(self._toggled)
        bar.shown_changed.connect(self.update_text)
        self.update_text()

    def update_text(self) -> None:
        active = self.bar.active()
        self.setText(self.tr("筛选（{n}项）").format(n=len(active)) if active else self.tr("筛选"))
        if self.property("active") != bool(active):  # bold while a filter is set (ui/style.py)
            self.setProperty("active", bool(active))
            self.style().unpolish(self)
            self.style().polish(self)
        shown = self.tr("已筛选：") + "；".join(active) if active else self.tr("未筛选，显示全部案件")
        self.setToolTip(shown + self.tr("。点击显示或收起筛选条件。"))

    def _toggled(self, checked: bool) -> None:
        self.bar.setVisible(checked)
        if checked:
            self.bar.stage.setFocus()


def _fill(box: QComboBox, values: Sequence[str]) -> None:
    box.clear()
    box.addItem(ALL, "")
    for value in values:
        box.addItem(value, value)


def _choose(box: QComboBox, value: str) -> None:
    index = box.findData(value) if value else 0
    if index < 0:  # restored from the last session before the choices are known: offer it anyway
        box.addItem(value, value)
        index = box.count() - 1
    box.setCurrentIndex(index)
