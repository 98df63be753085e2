"""司法确认申请材料: the court, the parties who apply, the checks before anything goes to court, and
then the package (申请书 + 协议书 + 主持调解的证明 + 授权委托书 + 材料清单) as one PDF in the preview.

- The court (CPL Art. 205): the options `printing.court_options` offers, each with its basis under
  it (调解组织所在地, 当事人住所地 — inferred from an address and marked so —, 委派调解的法院, the court
  already chosen), and 其他法院 for what the program cannot know (标的物所在地, an intermediate
  court). The chosen name stays editable.
- The checks (`printing.confirmation_checks`, docs/legal-basis.md §4.5), asked again whenever the applicants
  change: 不能提交 (red) and 请注意 (orange), each with its rule. 生成申请材料 is enabled only when
  nothing blocks, a court is named, and the warnings — if any — have been acknowledged explicitly.
- A document of the package that cannot be printed (a character no font has) is explained in the
  red box like in 打印文书.
"""

from __future__ import annotations

import functools
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from mediator_app.domain.model import Case
from mediator_app.errors import UserFacingError
from mediator_app.ui.clock import Clock
from mediator_app.ui.documents import choices, jobs
from mediator_app.ui.documents.busy import BusyBar
from mediator_app.ui.documents.print_dialog import PreviewRequest
from mediator_app.ui.documents.problems import ProblemsPanel
from mediator_app.ui.errors import report_exception
from mediator_app.ui.screen import fit_to_screen
from mediator_app.ui.style import ERROR_COLOUR
from mediator_app.ui.tasks import run_db
from mediator_app.ui.text_size import set_style_sheet
from mediator_app.ui.widgets import label

if TYPE_CHECKING:
    from mediator_app.procedure.confirmation import Check, CourtOption
    from mediator_app.storage.database import Database

BLOCK, WARN = "block", "warn"  # procedure.confirmation's levels
WARN_COLOUR = "#b86e00"
LEVEL_WORDS = {BLOCK: ("不能提交", ERROR_COLOUR), WARN: ("请注意", WARN_COLOUR)}
OTHER_COURT = 10_000  # the button id of 其他法院 (-1 would mean “assign one”)

STYLE = f"""
QLabel[role="section"] {{ font-weight: bold; font-size: 14pt; padding-top: 8px; color: #1f3b57; }}
QRadioButton[kind="court"] {{ font-weight: bold; }}
QLabel[role="basis"] {{ color: #4a5560; font-size: 11pt; margin-left: 32px; }}
QLabel[role="check"] {{ padding: 4px 6px; border-bottom: 1px solid #e3e6ea; }}
QLabel[role="ok"] {{ color: #1e5b2e; font-weight: bold; padding: 4px 6px; }}
QLabel[role="why"] {{ color: {ERROR_COLOUR}; font-weight: bold; }}
QPushButton#generate_button {{ font-size: 14pt; font-weight: bold; min-width: 9em; }}
QCheckBox#acknowledged {{ font-weight: bold; color: #5c3b00; background: #fff6e0; padding: 6px; }}
"""

HELP = (
    "经人民调解委员会调解达成的书面调解协议，双方当事人可以自协议生效之日起三十日内，共同向人民法院申请司法确认"
    "（《人民调解法》第三十三条、《民事诉讼法》第二百零五条）。这里生成要交给法院的材料：司法确认申请书、"
    "人民调解协议书、调解组织主持调解的证明、授权委托书（有委托代理人时）和申请材料清单。"
)


def check_html(check: Check) -> str:
    words, colour = LEVEL_WORDS.get(check.level, ("请注意", WARN_COLOUR))
    rule = f"<br><span style='color:#4a5560'>依据：{escape(check.rule)}</span>" if check.rule else ""
    return (
        f"<span style='background:{colour}; color:white; font-weight:bold'>&nbsp;{words}&nbsp;</span>"
        f"&nbsp; {escape(check.message)}{rule}"
    )


def split_reasons(basis: str) -> list[str]:
    """“A；B（x；y）” → [A, B（x；y）]: a court offered for several reasons, one reason a line."""
    out, depth, start = [], 0, 0
    for i, char in enumerate(basis):
        depth += char == "（"
        depth -= char == "）"
        if char == "；" and depth == 0:
            out.append(basis[start:i])
            start = i + 1
    out.append(basis[start:])
    return [part.strip() for part in out if part.strip()]


class ConfirmationPackageDialog(QDialog):
    """`preview_ready(PreviewRequest)` after the package was generated (the dialog then closes);
    `fix_requested(key)` (a `choices.FIX_*`)."""

    preview_ready = Signal(object)
    fix_requested = Signal(str)
    checked = Signal()  # the checks are on screen (tests, screenshots)

    def __init__(self, db: Database, case: Case, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert case.id is not None
        self.db = db
        self.case = case
        self.case_id: int = case.id
        self.clock = clock
        self.options: list[CourtOption] = []
        self.checks: list[Check] = []
        self.busy = False
        self._checks_loaded = False
        self._checked_court = ""  # the court the shown checks were asked for
        self._generate_when_checked = False
        set_style_sheet(self, STYLE)
        self.setWindowTitle(self.tr("司法确认申请材料 — {number}").format(number=case.number))

        self.help = label(self.tr(HELP), "help", word_wrap=True)
        # -- court
        self.court_group = QButtonGroup(self)
        self.court_group.idToggled.connect(self._court_chosen)
        self.court_options_box = QVBoxLayout()
        self.court_options_box.setSpacing(2)
        self.other_court = QRadioButton(self.tr("其他法院"))
        self.other_court.setProperty("kind", "court")
        self.court_group.addButton(self.other_court, OTHER_COURT)
        self.other_basis = label(
            self.tr(
                "例如标的物所在地的基层人民法院；纠纷依法应由中级人民法院管辖的，"
                "为相应的中级人民法院（《民事诉讼法》第二百零五条）。请在下面填写法院名称。"
            ),
            "basis",
            word_wrap=True,
        )
        self.court = QLineEdit()
        self.court.setPlaceholderText(self.tr("例如：北京市朝阳区人民法院"))
        self.court.textEdited.connect(self._court_typed)
        self.court.textChanged.connect(self._update_generate)
        # The court's own check (CPL Art. 205) is asked again once a name is chosen, typed and
        # confirmed with Enter, or before generating (not on leaving the field: that would swallow
        # the click on 生成申请材料 that took the focus).
        self.court.returnPressed.connect(self._court_settled)
        court_row = QHBoxLayout()
        court_row.addWidget(QLabel(self.tr("受理申请的人民法院：")))
        court_row.addWidget(self.court, 1)
        # -- applicants
        self.applicant_boxes: dict[int, QCheckBox] = {}
        applicants = QHBoxLayout()
        for party in case.parties:
            box = QCheckBox(f"{party.role.value}{party.name}")
            box.setChecked(True)
            box.toggled.connect(self.recheck)
            applicants.addWidget(box)
            self.applicant_boxes[party.seq] = box
        applicants.addStretch(1)
        # -- checks
        self.checks_title = label(self.tr("提交前检查"), "section")
        self.checks_box = QVBoxLayout()
        self.checks_box.setSpacing(0)
        self.check_labels: list[QLabel] = []
        self.acknowledged = QCheckBox(self.tr("以上“请注意”的事项已经向各方当事人说明，当事人仍要求申请"))
        self.acknowledged.setObjectName("acknowledged")
        self.acknowledged.toggled.connect(self._update_generate)
        self.acknowledged.hide()

        content = QWidget()
        body = QVBoxLayout(content)
        body.addWidget(self.help)
        body.addWidget(label(self.tr("一、受理申请的人民法院（《民事诉讼法》第二百零五条）"), "section"))
        body.addLayout(self.court_options_box)
        body.addWidget(self.other_court)
        body.addWidget(self.other_basis)
        body.addLayout(court_row)
        body.addWidget(label(self.tr("二、共同申请的当事人（须由双方当事人共同申请）"), "section"))
        body.addLayout(applicants)
        body.addWidget(
            label(
                self.tr("三、提交前检查（{date}）").format(
                    date=f"{clock.today().year}年{clock.today().month}月{clock.today().day}日"
                ),
                "section",
            )
        )
        body.addLayout(self.checks_box)
        body.addWidget(self.acknowledged)
        body.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)

        self.problems = ProblemsPanel()
        self.problems.fix_requested.connect(self._fix)
        self.busy_bar = BusyBar()
        self.why = label("", "why", word_wrap=True)
        self.fix_case_button = QPushButton(self.tr("修改案件信息"))
        self.fix_case_button.clicked.connect(lambda: self._fix(choices.FIX_CASE))
        self.fix_case_button.hide()
        self.generate_button = QPushButton(self.tr("生成申请材料…"))
        self.generate_button.setObjectName("generate_button")
        self.generate_button.setEnabled(False)
        self.generate_button.clicked.connect(self.generate)
        self.close_button = QPushButton(self.tr("关闭"))
        self.close_button.clicked.connect(self.reject)
        for button in (self.fix_case_button, self.generate_button, self.close_button):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.why, 1)
        buttons.addWidget(self.fix_case_button)
        buttons.addWidget(self.generate_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.problems)
        layout.addWidget(self.busy_bar)
        layout.addLayout(buttons)
        fit_to_screen(self, 1040, 740)
        self._load()

    # -- loading -----------------------------------------------------------------------------------

    def applicants(self) -> list[int]:
        return [seq for seq, box in self.applicant_boxes.items() if box.isChecked()]

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self.busy = busy
        if busy:
            self.busy_bar.start(text)
        else:
            self.busy_bar.stop()
        self.setCursor(Qt.CursorShape.BusyCursor if busy else Qt.CursorShape.ArrowCursor)
        self._update_generate()

    def _load(self) -> None:
        self._set_busy(True, self.tr("正在检查，请稍候…"))
        run_db(jobs.court_options, self.db, self.case_id, owner=self).on_success(self._options_loaded).on_error(
            self._failed
        )
        self.recheck()

    def _options_loaded(self, options: list[CourtOption]) -> None:
        self.options = options
        for n, option in enumerate(options):
            button = QRadioButton(option.name)
            button.setProperty("kind", "court")
            self.court_group.addButton(button, n)
            reasons = split_reasons(option.basis)
            if option.required:
                reasons.append(self.tr("必须向该法院申请"))
            self.court_options_box.addWidget(button)
            self.court_options_box.addWidget(label("\n".join(f"· {r}" for r in reasons), "basis", word_wrap=True))
        if options:
            buttons = self.court_group.buttons()
            next(b for b in buttons if self.court_group.id(b) == 0).setChecked(True)
        else:
            self.other_court.setChecked(True)
        if any(o.required for o in options):  # a court-invited mediation goes back to that court
            self.other_court.hide()
            self.other_basis.hide()

    def recheck(self) -> None:
        """Run the checks again for the applicants ticked now (nothing is written)."""
        court = self.court.text().strip()
        job = functools.partial(
            jobs.confirmation_checks, self.db, self.case_id, self.clock.today(), self.applicants(), court
        )
        self._set_busy(True, self.tr("正在检查，请稍候…"))
        run_db(job, owner=self).on_success(self.show_checks).on_error(self._failed)

    def show_checks(self, checks: list[Check]) -> None:
        before = [(c.level, c.message) for c in self.checks if c.level == WARN]
        self.checks = sorted(checks, key=lambda c: c.level != BLOCK)
        self._checks_loaded = True
        for old in self.check_labels:
            self.checks_box.removeWidget(old)
            old.hide()  # deleteLater alone would leave it on screen until the event loop runs
            old.deleteLater()
        self.check_labels = []
        if not self.checks:
            ok = label(self.tr("✓ 没有发现不能提交的问题，也没有需要提醒的事项。"), "ok", word_wrap=True)
            self.check_labels.append(ok)
            self.checks_box.addWidget(ok)
        for check in self.checks:
            row = label(check_html(check), "check", word_wrap=True)
            row.setTextFormat(Qt.TextFormat.RichText)
            row.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            row.setProperty("level", check.level)
            self.check_labels.append(row)
            self.checks_box.addWidget(row)
        warnings = [(c.level, c.message) for c in self.checks if c.level == WARN]
        if warnings != before:
            self.acknowledged.setChecked(False)  # a new warning must be acknowledged again
        self.acknowledged.setVisible(bool(warnings))
        self.fix_case_button.setVisible(any(c.level == BLOCK and _case_fixable(c) for c in self.checks))
        self._set_busy(False)
        self.checked.emit()
        if self._generate_when_checked:
            self._generate_when_checked = False
            self.generate()

    def _failed(self, exc: BaseException) -> None:
        self._generate_when_checked = False
        self._set_busy(False)
        report_exception(exc, self)

    # -- the court ---------------------------------------------------------------------------------

    def _court_chosen(self, button_id: int, checked: bool) -> None:
        if not checked:
            return
        if button_id == OTHER_COURT:
            if any(self.court.text().strip() == o.name for o in self.options):
                self.court.clear()
            self.court.setFocus()
        elif 0 <= button_id < len(self.options):
            self.court.setText(self.options[button_id].name)
            self._court_settled()

    def _court_settled(self) -> None:
        if self.court.text().strip() != self._checked_court:
            self._checked_court = self.court.text().strip()
            self.recheck()

    def _court_typed(self, text: str) -> None:
        match = next((n for n, o in enumerate(self.options) if o.name == text.strip()), None)
        button = self.court_group.button(match if match is not None else OTHER_COURT)
        if button is not None and not button.isChecked() and not button.isHidden():
            self.court_group.blockSignals(True)
            button.setChecked(True)
            self.court_group.blockSignals(False)

    # -- generating --------------------------------------------------------------------------------

    def blocking(self) -> list[Check]:
        return [c for c in self.checks if c.level == BLOCK]

    def warnings(self) -> list[Check]:
        return [c for c in self.checks if c.level == WARN]

    def _update_generate(self) -> None:
        why = ""
        if not self._checks_loaded:
            why = ""
        elif self.blocking():
            why = self.tr("有{n}项“不能提交”的问题，解决以后才能生成申请材料。").format(n=len(self.blocking()))
        elif not self.court.text().strip():
            why = self.tr("请选择或填写受理申请的人民法院。")
        elif self.warnings() and not self.acknowledged.isChecked():
            why = self.tr("请先向当事人说明“请注意”的事项，并勾选确认。")
        self.why.setText(why)
        self.generate_button.setEnabled(self._checks_loaded and not why and not self.busy)

    def generate(self) -> None:
        if not self.generate_button.isEnabled():
            return
        self.problems.clear()
        court = self.court.text().strip()
        if court != self._checked_court:
            # A court typed since the last check: check it first; generate if it adds nothing to acknowledge.
            self._generate_when_checked = True
            self._court_settled()
            return
        job = functools.partial(jobs.print_package, self.db, self.case_id, court, self.clock.today(), self.applicants())
        self._set_busy(True, self.tr("正在生成司法确认申请材料，请稍候…"))
        run_db(job, owner=self).on_success(self._generated).on_error(self._generate_failed)

    def _generated(self, pdf: bytes) -> None:
        self._set_busy(False)
        number = self.case.number
        self.preview_ready.emit(
            PreviewRequest(
                pdf,
                self.tr("司法确认申请材料 — {number}").format(number=number),
                f"{number}司法确认申请材料.pdf",
                1,
                self.tr(
                    "共{pages}页，交人民法院一套。申请书由各方当事人签名（盖章、按指印），和身份证明等材料一起共同提交。"
                    "递交以后，请在“办理步骤”里点“申请司法确认”记下来。"
                ),
                self.tr("司法确认申请材料"),
            )
        )
        self.accept()

    def _generate_failed(self, exc: BaseException) -> None:
        from mediator_app.services.printing import ConfirmationBlocked, PrintProblems

        self._set_busy(False)
        if isinstance(exc, ConfirmationBlocked):
            self.recheck()  # the case changed meanwhile: show what blocks now
        elif isinstance(exc, PrintProblems):
            names = [p.name for p in self.case.parties]
            self.problems.show_problems(
                [choices.problem_text(p, names) for p in exc.problems], fixes=[choices.FIX_CASE, choices.FIX_PROCEDURE]
            )
        elif isinstance(exc, UserFacingError):
            self.problems.show_problems(
                [choices.ProblemText("", "", (exc.message,), ())], title=self.tr("没有生成申请材料：")
            )
        else:
            report_exception(exc, self)

    def _fix(self, key: str) -> None:
        self.reject()
        self.fix_requested.emit(key)

    def check_texts(self) -> list[str]:
        """The checks as the user reads them (tests): 不能提交：…（依据：…）."""
        return [f"{LEVEL_WORDS.get(c.level, ('', ''))[0]}：{c.message}（依据：{c.rule}）" for c in self.checks]


def _case_fixable(check: Check) -> bool:
    """A missing ID number, address, guardian, referring court…: fixed in 修改案件信息."""
    from mediator_app.procedure.confirmation import AGENT_RULE, GUARDIAN_RULE, IDENTITY_RULE

    return check.rule in (IDENTITY_RULE, GUARDIAN_RULE, AGENT_RULE) or "修改案件信息" in check.message
