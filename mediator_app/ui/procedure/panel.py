"""The procedure at the top of the case view.

- the step bar: 登记 → 受理 → 调查 → 调解 → 协议/终止 → 履行与回访 → 司法确认 → 归档, the current step
  highlighted, the steps the case went through marked “√” (a step it skipped is not);
- the 下一步 box: what the law requires next (`WorkflowView.next_hint`) in large text, the case's
  deadlines (overdue in red) and anything that blocks the case (a refusal, an unreported risk);
- the acts possible now as large buttons in the mediator's words. An act the law does not allow now
  stays visible but disabled, with each reason and its article written under it — not in a tooltip:
  older users do not hover. A record left unsaved is announced on its button's row;
- the buttons for facts that are not steps (当事人拒绝调解, 激化风险/报告, …).

The panel only shows a `WorkflowView`; it asks for acts through `action_requested(key)` (the
event's value, or ``signatures``) and `fact_requested(key)`.
"""

from __future__ import annotations

from collections.abc import Collection
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from mediator_app.domain.model import Case
from mediator_app.domain.stages import Stage, step_index
from mediator_app.ui.fonts import BASE_POINT_SIZE
from mediator_app.ui.procedure import wording
from mediator_app.ui.procedure.flow import FlowLayout
from mediator_app.ui.procedure.texts import due_line
from mediator_app.ui.style import ERROR_COLOUR, FOCUS_COLOUR
from mediator_app.ui.text_size import set_style_sheet
from mediator_app.ui.widgets import repolish

if TYPE_CHECKING:
    from mediator_app.procedure.machine import Refusal
    from mediator_app.services.procedure import WorkflowView

REASON_COLOUR = "#8a1c14"
DRAFT_COLOUR = "#9a5b00"

PANEL_STYLE = f"""
QLabel#case_title {{ font-size: 15pt; font-weight: bold; }}
QLabel#stage_label {{ color: #1f3b57; }}
QLabel[step="current"] {{ background: #1f5f99; color: white; font-weight: bold; border-radius: 6px;
                         padding: 4px 6px; }}
QLabel[step="done"] {{ background: #e3efe6; color: #1e5b2e; border-radius: 6px; padding: 4px 6px; }}
QLabel[step="todo"] {{ color: #5f6b76; border: 1px dashed #b8bec4; border-radius: 6px; padding: 3px 5px; }}
QLabel[role="arrow"] {{ color: #8a939c; font-size: 10pt; }}
QFrame#next_box {{ background: #f2f7fc; border: 2px solid #3c6e9f; border-radius: 8px; }}
QLabel#next_title {{ color: #1f5f99; font-weight: bold; font-size: 14pt; }}
QLabel#next_hint {{ font-size: 15pt; color: #10263b; }}
QLabel[due="late"] {{ color: {ERROR_COLOUR}; font-weight: bold; }}
QLabel[due="soon"] {{ color: #7a4d00; font-weight: bold; }}
QLabel[role="alert"] {{ color: {REASON_COLOUR}; font-weight: bold; }}
QPushButton[kind="step"] {{ font-size: 14pt; font-weight: bold; min-width: 8.5em; min-height: 1.8em;
                           padding: 2px 12px; border: 2px solid #1f5f99; border-radius: 6px; background: #ffffff;
                           color: #10263b; }}
QPushButton[kind="step"]:hover {{ background: #e3ebf3; }}
QPushButton[kind="step"]:focus {{ border: @thick_ring solid {FOCUS_COLOUR}; background: #fff3e0; }}
QPushButton[kind="step"]:disabled {{ color: #8a9199; background: #eceef0; border: 2px dashed #b8bec4; }}
QPushButton[kind="fact"] {{ padding: 4px 12px; }}
QPushButton[kind="fix"] {{ padding: 2px 10px; min-height: 1.4em; }}
"""


class StepBar(QWidget):
    """The main road of the procedure, one chip per step. Where the chips would take more than two
    lines (1366×768 at 150 % with the text size 特大: four lines, pushing 下一步 down) the bar turns
    compact: no arrows (the chips keep their order) and its text at the standard size, not larger;
    it turns back when it is wider again. The current step is also in large text beside the title."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flow = FlowLayout(self, spacing=2)
        self.chips: list[QLabel] = []
        self.arrows: list[QLabel] = []
        self.compact = False
        self._compact_below = 0  # the width at which it turned compact
        # Measured once the events of a change are through: a new text size reaches the chips and
        # this bar in no fixed order, and a chip measured before its font changed fitted falsely.
        self._fit_timer = QTimer(self, singleShot=True, interval=0)
        self._fit_timer.timeout.connect(self.fit)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_timer.start()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # another text size: measured afresh
            self._compact_below = 0
            self._fit_timer.start()

    def fit(self) -> None:
        """Compact when the full bar takes more than two lines at this width (checked again when wider)."""
        if not self.chips or self.width() <= 0:
            return
        if self.compact and self.width() > self._compact_below:
            self._set_compact(False)
        line = max(chip.sizeHint().height() for chip in self.chips)
        if not self.compact and self.flow.heightForWidth(self.width()) > 2 * line + 2 * 2:
            self._compact_below = self.width()
            self._set_compact(True)

    def _set_compact(self, compact: bool) -> None:
        self.compact = compact
        for arrow in self.arrows:
            arrow.setVisible(not compact)
        font = QFont()  # unset: the application's, at the chosen text size
        if compact:
            font = QFont(self.font())
            font.setPointSizeF(min(font.pointSizeF(), BASE_POINT_SIZE))
        for chip in self.chips:
            chip.setFont(font)
        self.flow.invalidate()

    def set_steps(self, names: tuple[str, ...], current: int, passed: set[int]) -> None:
        if len(self.chips) != len(names):
            self._build(names)
        for i, chip in enumerate(self.chips):
            state = "current" if i == current else "done" if i in passed else "todo"
            chip.setText(("√ " if state == "done" else "") + names[i])
            chip.setProperty("step", state)
            chip.setToolTip({"current": "现在所处的步骤", "done": "已经办过", "todo": "尚未办理"}[state])
            repolish(chip)

    def _build(self, names: tuple[str, ...]) -> None:
        for i, name in enumerate(names):
            if i:
                arrow = QLabel("→")
                arrow.setProperty("role", "arrow")
                self.flow.addWidget(arrow)
                self.arrows.append(arrow)
            chip = QLabel(name)
            self.flow.addWidget(chip)
            self.chips.append(chip)
        self._set_compact(self.compact)

    def state_of(self, name: str) -> str:
        chip = next(c for c in self.chips if c.text().removeprefix("√ ") == name)
        return str(chip.property("step"))


def _reason_html(refusals: tuple[Refusal, ...]) -> str:
    lines = [
        f"<span style='color:{REASON_COLOUR}'>不能办理：{escape(r.message)}</span><br><b>依据：</b>{escape(r.rule)}"
        for r in refusals
    ]
    return "<br>".join(lines)


class ProcedurePanel(QWidget):
    action_requested = Signal(str)  # Event value, or wording.SIGNATURES
    fact_requested = Signal(str)  # FactSpec key, or "agreement" (填写协议条款)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_style_sheet(self, PANEL_STYLE)
        self.buttons: dict[str, QPushButton] = {}  # by the text on the button (tests read these)
        self.reasons: dict[str, QLabel] = {}
        self.fact_buttons: dict[str, QPushButton] = {}
        self.due_labels: list[QLabel] = []

        self.title = QLabel()
        self.title.setObjectName("case_title")
        self.title.setWordWrap(True)
        self.stage_label = QLabel()
        self.stage_label.setObjectName("stage_label")
        self.steps = StepBar()

        self.next_box = QFrame()
        self.next_box.setObjectName("next_box")
        next_title = QLabel(self.tr("下一步"))
        next_title.setObjectName("next_title")
        self.next_hint = QLabel()
        self.next_hint.setObjectName("next_hint")
        self.next_hint.setWordWrap(True)
        self.next_hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.due_host = QVBoxLayout()
        self.due_host.setSpacing(2)
        self.alerts = QLabel()
        self.alerts.setProperty("role", "alert")
        self.alerts.setWordWrap(True)
        box = QVBoxLayout(self.next_box)
        box.setContentsMargins(12, 8, 12, 8)
        box.setSpacing(4)
        box.addWidget(next_title)
        box.addWidget(self.next_hint)
        box.addLayout(self.due_host)
        box.addWidget(self.alerts)

        self.actions_host = QVBoxLayout()
        self.facts_row = QWidget()
        self.facts_flow = FlowLayout(self.facts_row, spacing=6)

        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        heading.addWidget(self.stage_label, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(6)
        layout.addLayout(heading)
        layout.addWidget(self.steps)
        layout.addWidget(self.next_box)
        layout.addWidget(self._section(self.tr("现在可以办理")))
        layout.addLayout(self.actions_host)
        layout.addWidget(self.facts_row)
        layout.addStretch(1)
        self._actions_widget: QWidget | None = None

    @staticmethod
    def _section(text: str) -> QLabel:
        lab = QLabel(text)
        lab.setProperty("role", "section")
        return lab

    # -- showing a workflow ------------------------------------------------------------------------

    def show_workflow(self, case: Case, view: WorkflowView, drafts: Collection[str] = ()) -> None:
        self.title.setText(f"{case.number}　{case.display_title}")
        self.stage_label.setText(self.tr("目前：{stage}").format(stage=view.stage.value))
        self.steps.set_steps(view.steps, view.step, _passed_steps(view))
        self.next_hint.setText(view.next_hint)
        self._show_due(view)
        self._show_alerts(view)
        self._show_actions(case, view, drafts)
        self._show_facts(view.stage)

    def _show_due(self, view: WorkflowView) -> None:
        for lab in self.due_labels:
            _discard(lab)
        self.due_labels = []
        for item in view.due:
            lab = QLabel(f"● {due_line(item)}　{item.text}")
            lab.setWordWrap(True)
            lab.setProperty("due", "late" if item.overdue else "soon" if item.days_left <= 7 else "")
            lab.setToolTip(item.rule)
            self.due_host.addWidget(lab)
            lab.show()  # at once, not when the event loop next runs
            self.due_labels.append(lab)

    def _show_alerts(self, view: WorkflowView) -> None:
        state, lines = view.state, []
        if state.refusal_note:
            lines.append(self.tr("已记录当事人拒绝调解：{note}").format(note=state.refusal_note))
        if state.escalation_risk and state.risk_reported_on is None:
            lines.append(self.tr("有激化风险，尚未记录向公安机关或有关部门报告"))
        self.alerts.setText("\n".join(lines))
        self.alerts.setVisible(bool(lines))

    def _rows(self, case: Case, view: WorkflowView) -> list[tuple[str, str, bool, str, tuple[Refusal, ...]]]:
        """(key, button text, enabled, description, refusals) per button, two court outcomes merged."""
        rows: list[tuple[str, str, bool, str, tuple[Refusal, ...]]] = []
        written = case.agreement is not None and view.state.oral_reached_on is None
        if view.stage is Stage.WRITTEN_AGREEMENT and written:
            rows.append((wording.SIGNATURES, wording.SIGNATURES_TEXT, True, wording.SIGNATURES_DESCRIPTION, ()))
        seen: dict[str, int] = {}
        for action in view.actions:
            text = wording.button_text(action.event)
            if text in seen:  # 法院确认有效 / 驳回申请 / 不予受理: one button, the dialog asks which
                key, _t, enabled, description, refusals = rows[seen[text]]
                rows[seen[text]] = (
                    key,
                    text,
                    enabled or action.enabled,
                    description,
                    () if enabled or action.enabled else refusals,
                )
                continue
            seen[text] = len(rows)
            rows.append(
                (
                    action.event.value,
                    text,
                    action.enabled,
                    wording.DESCRIPTION[action.event],
                    () if action.enabled else action.refusals,
                )
            )
        return rows

    def _show_actions(self, case: Case, view: WorkflowView, drafts: Collection[str]) -> None:
        if self._actions_widget is not None:
            _discard(self._actions_widget)
        self.buttons, self.reasons = {}, {}
        host = QWidget()
        grid = QGridLayout(host)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(1, 1)
        draft_events = {wording.DRAFT_EVENTS[k].value for k in drafts if k in wording.DRAFT_EVENTS}
        for row, (key, text, enabled, description, refusals) in enumerate(self._rows(case, view)):
            button = QPushButton(text)
            button.setProperty("kind", "step")
            button.setEnabled(enabled)
            button.setAutoDefault(False)
            button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _checked=False, k=key: self.action_requested.emit(k))
            reason = QLabel()
            reason.setWordWrap(True)
            reason.setTextFormat(Qt.TextFormat.RichText)
            html = escape(description) if enabled else _reason_html(refusals)
            if key in draft_events:
                html += f"<br><b style='color:{DRAFT_COLOUR}'>有没有保存的草稿，点按钮继续填写</b>"
            reason.setText(html)
            if not enabled:
                reason.setProperty("reason", "disabled")
            else:
                reason.setStyleSheet("color: #4a5560;")
            cell = QHBoxLayout()  # the way to remove the obstacle, if any, right beside the reason
            cell.addWidget(reason, 1)
            fix = self._fix_button(refusals)
            if fix is not None:
                cell.addWidget(fix, 0, Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(button, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addLayout(cell, row, 1)
            self.buttons[text], self.reasons[text] = button, reason
        self.actions_host.addWidget(host)
        host.show()
        self._actions_widget = host

    def _fix_button(self, refusals: tuple[Refusal, ...]) -> QPushButton | None:
        """A way to remove the obstacle, where there is one on this screen."""
        fixes = {
            "agreement_problems": ("agreement", self.tr("填写协议条款")),
            "risk_reported_on": ("risk", self.tr("记录报告情况")),
        }
        for refusal in refusals:
            if refusal.fact in fixes:
                key, text = fixes[refusal.fact]
                button = QPushButton(text)
                button.setProperty("kind", "fix")
                button.setAutoDefault(False)
                button.clicked.connect(lambda _checked=False, k=key: self.fact_requested.emit(k))
                return button
        return None

    def _show_facts(self, stage: Stage) -> None:
        while self.facts_flow.count():
            item = self.facts_flow.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                _discard(widget)
        self.fact_buttons = {}
        facts = wording.facts_for(stage)
        if facts:
            caption = QLabel(self.tr("其他情况："))
            self.facts_flow.addWidget(caption)
            caption.show()
        for spec in facts:
            button = QPushButton(spec.text)
            button.setProperty("kind", "fact")
            button.setAutoDefault(False)
            button.setToolTip(spec.tip)
            button.clicked.connect(lambda _checked=False, k=spec.key: self.fact_requested.emit(k))
            self.facts_flow.addWidget(button)
            button.show()
            self.fact_buttons[spec.text] = button
        self.facts_row.setVisible(bool(facts))
        self.facts_row.updateGeometry()

    # -- for tests ---------------------------------------------------------------------------------

    def focus_first_action(self) -> None:
        """The keyboard on the first step allowed now (from a print refusal's 到“办理步骤”办理)."""
        enabled = [button for button in self.buttons.values() if button.isEnabled()]
        if enabled:
            enabled[0].setFocus()

    def enabled_actions(self) -> list[str]:
        return [text for text, button in self.buttons.items() if button.isEnabled()]

    def disabled_actions(self) -> list[str]:
        return [text for text, button in self.buttons.items() if not button.isEnabled()]

    def reason_text(self, text: str) -> str:
        """The words under a button as the user reads them (HTML removed)."""
        from PySide6.QtGui import QTextDocumentFragment

        return QTextDocumentFragment.fromHtml(self.reasons[text].text()).toPlainText()

    def due_texts(self) -> list[str]:
        return [lab.text() for lab in self.due_labels]


def _discard(widget: QWidget) -> None:
    """Take a widget off the screen now (deleteLater alone leaves it showing until the event loop runs)."""
    widget.hide()
    widget.setParent(None)
    widget.deleteLater()


def _passed_steps(view: WorkflowView) -> set[int]:
    """Steps the case actually went through (from its history), so a skipped 调查 is not ticked."""
    passed = {step_index(Stage(s)) for t in view.history for s in (t.from_stage, t.to_stage)}
    passed.add(0)  # every case was registered
    return {i for i in passed if i < view.step}  # after 重新启用, later steps are not "done" any more
