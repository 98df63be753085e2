"""打印文书: every standard document as a check box, grouped as the work goes (受理 / 调解 / 协议与回访 /
司法确认 / 卷宗), the ones the case's stage usually needs ticked; 预览 puts the ticked documents into
ONE PDF (a print job of the printing service, `jobs.print_forms`) and opens it in the preview, so
they print in one go. Beside each document: how many it prints (one per session record, …) or why
it cannot print yet. A document that cannot be printed is explained in the red box, naming the
document and each field, with buttons to where it is fixed; nothing is printed then.

空白文书 (a mode of the same dialog): the forms for handwriting, no case needed — for the day the
computer is down. 打印卷宗 and 司法确认材料 open their own paths (`DocumentPrinting`).

All loading and rendering runs on the database thread; a moving bar shows while it does.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QButtonGroup,
    QCheckBox,
    QDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from mediator_app.domain.model import Case
from mediator_app.errors import UserFacingError
from mediator_app.frozen import frozen
from mediator_app.ui.clock import Clock
from mediator_app.ui.documents import choices, jobs
from mediator_app.ui.documents.busy import BusyBar
from mediator_app.ui.documents.problems import ProblemsPanel
from mediator_app.ui.errors import report_exception
from mediator_app.ui.screen import fit_to_screen, grid_as_wide_as_fits, stack_while_too_wide
from mediator_app.ui.tasks import run_db
from mediator_app.ui.text_size import set_style_sheet
from mediator_app.ui.widgets import label, repolish

if TYPE_CHECKING:
    from mediator_app.documents.catalog import FormInfo
    from mediator_app.services.printing import CaseForms
    from mediator_app.storage.database import Database

CASE_MODE, BLANK_MODE = "case", "blank"

DIALOG_STYLE = """
QRadioButton[kind="mode"] { font-size: 14pt; font-weight: bold; padding: 6px 14px; }
QGroupBox { font-weight: bold; font-size: 14pt; margin-top: 14px; border: 1px solid #b8c4d0; border-radius: 6px; }
QGroupBox::title { subcontrol-origin: margin; left: 10px; padding: 0 4px; color: #1f3b57; }
QGroupBox QCheckBox { font-weight: normal; font-size: 13pt; }
QLabel[role="note"] { color: #5f6b76; font-size: 11pt; font-weight: normal; margin-left: 32px; }
QLabel[role="note"][state="missing"] { color: #8a1c14; }
QLabel[role="setnote"] { color: #5f6b76; font-size: 11pt; font-weight: normal; }
QPushButton#preview_button { font-size: 14pt; font-weight: bold; min-width: 9em; }
"""


@frozen
class PreviewRequest:
    """A rendered PDF and how to present it (the preview's title, file name, copies and words)."""

    pdf: bytes
    title: str
    file_name: str
    copies: int = 1
    hint: str | None = None
    what: str = "文书"


class PrintDocumentsDialog(QDialog):
    """`preview_ready(PreviewRequest)` after a successful render (the dialog then closes);
    `fix_requested(key)` (a `choices.FIX_*`), `dossier_requested()`, `confirmation_requested()`."""

    preview_ready = Signal(object)
    fix_requested = Signal(str)
    dossier_requested = Signal()
    confirmation_requested = Signal()
    loaded = Signal()  # the forms are listed (tests, screenshots)

    def __init__(
        self,
        db: Database | None,
        case: Case | None,
        clock: Clock,
        parent: QWidget | None = None,
        *,
        blank: bool = False,
        selection: Sequence[str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.case = case if case is not None and case.id is not None and db is not None else None
        self.clock = clock
        self.forms: CaseForms | None = None
        self.names: dict[str, str] = {}  # form id -> Chinese name, in the catalogue's order
        self.boxes: dict[str, QCheckBox] = {}
        self.notes: dict[str, QLabel] = {}
        self.busy = False
        self._remembered = {CASE_MODE: list(selection) if selection is not None else None, BLANK_MODE: None}
        self._problem_forms: list[str] = []
        set_style_sheet(self, DIALOG_STYLE)
        self.setWindowTitle(
            self.tr("打印文书 — {number}").format(number=self.case.number) if self.case else self.tr("打印空白文书")
        )

        # -- which documents: this case's, or blank forms
        self.case_mode = QRadioButton(self.tr("本案文书（按案件内容填好）"))
        self.blank_mode = QRadioButton(self.tr("空白文书（手写填写用）"))
        self.mode_group = QButtonGroup(self)
        for n, mode_button in enumerate((self.case_mode, self.blank_mode)):
            mode_button.setProperty("kind", "mode")
            self.mode_group.addButton(mode_button, n)
        self.case_mode.setEnabled(self.case is not None)
        mode_row = QHBoxLayout()
        mode_row.addWidget(self.case_mode)
        mode_row.addWidget(self.blank_mode)
        mode_row.addStretch(1)
        self.help = label("", "help", word_wrap=True)

        # -- the forms, in groups (filled when the list arrives)
        self.groups_widget = QWidget()
        self.groups_layout = QGridLayout(self.groups_widget)
        self.groups_layout.setContentsMargins(0, 0, 0, 0)
        self.groups_layout.setHorizontalSpacing(12)
        self.groups_layout.setVerticalSpacing(6)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        area = QWidget()  # what scrolls: the groups, and the help above them where the screen is short
        self.area_layout = QVBoxLayout(area)
        self.area_layout.setContentsMargins(0, 0, 0, 0)
        self.area_layout.addWidget(self.groups_widget, 1)
        scroll.setWidget(area)

        self.problems = ProblemsPanel()
        self.problems.fix_requested.connect(self._fix)
        self.problems.skip_requested.connect(self._skip_problem_forms)
        self.busy_bar = BusyBar()
        self.status = label("", "hint", word_wrap=True)

        # -- whole sets, beside the groups (this case only)
        self.dossier_button = QPushButton(self.tr("打印整本卷宗…"))
        self.confirmation_button = QPushButton(self.tr("司法确认申请材料…"))
        self.sets_group = QGroupBox(self.tr("成套打印"))
        sets = QVBoxLayout(self.sets_group)
        sets.setContentsMargins(10, 14, 10, 8)
        for button, words in (
            (self.dossier_button, "封面、目录、全部文书（带页号）、封底，按归档顺序"),
            (self.confirmation_button, "选择法院、提交前检查，生成全套申请材料"),
        ):
            sets.addWidget(button)
            note = label(self.tr(words), "setnote", word_wrap=True)
            sets.addWidget(note)
        sets.addStretch(1)

        # -- buttons
        self.suggest_button = QPushButton(self.tr("按本案阶段勾选"))
        self.none_button = QPushButton(self.tr("全部不选"))
        self.preview_button = QPushButton(self.tr("预览…"))
        self.preview_button.setObjectName("preview_button")
        self.close_button = QPushButton(self.tr("关闭"))
        # A copy in large type for a party who does not read well; the copies signed stay standard.
        self.large_print = QCheckBox(self.tr("大字本（给当事人阅读用）"))
        self.large_print.setToolTip(self.tr("字放大约1.4倍，页数增加；签字存档的正式文本请用标准字号打印"))
        self.suggest_button.clicked.connect(self.select_suggested)
        self.none_button.clicked.connect(lambda: self.set_selection([]))
        self.dossier_button.clicked.connect(self._dossier)
        self.confirmation_button.clicked.connect(self._confirmation)
        self.preview_button.clicked.connect(self.preview)
        self.close_button.clicked.connect(self.reject)
        for button in (
            self.suggest_button,
            self.none_button,
            self.dossier_button,
            self.confirmation_button,
            self.close_button,
        ):
            button.setAutoDefault(False)
        self.preview_button.setDefault(True)
        choosing, finishing = QHBoxLayout(), QHBoxLayout()
        for button in (self.suggest_button, self.none_button):
            choosing.addWidget(button)
        choosing.addStretch(1)
        finishing.addStretch(1)
        finishing.addWidget(self.large_print)
        finishing.addWidget(self.preview_button)
        finishing.addWidget(self.close_button)
        # One row; two where it is wider than the screen allows (150 % with the text size 特大).
        buttons = QHBoxLayout()
        buttons.addLayout(choosing, 1)
        buttons.addLayout(finishing)

        layout = QVBoxLayout(self)
        layout.addLayout(mode_row)
        layout.addWidget(self.help)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.problems)
        layout.addWidget(self.status)
        layout.addWidget(self.busy_bar)
        layout.addLayout(buttons)
        fit_to_screen(self, max(1120, self.minimumSizeHint().width()), 720)  # wider for 特大, as the screen allows
        stack_while_too_wide(self, self, [buttons])
        if buttons.direction() == QBoxLayout.Direction.TopToBottom:  # 150 % with 特大: room for the list
            self.area_layout.insertWidget(0, self.help)

        (self.blank_mode if blank or self.case is None else self.case_mode).setChecked(True)
        self.mode_group.idToggled.connect(self._mode_toggled)
        self._load()

    # -- state -------------------------------------------------------------------------------------

    @property
    def mode(self) -> str:
        return BLANK_MODE if self.blank_mode.isChecked() else CASE_MODE

    def selected(self) -> list[str]:
        """The ticked forms, in the catalogue's order (the order of the procedure and the dossier)."""
        return [f for f in self.names if f in self.boxes and self.boxes[f].isChecked()]

    def set_selection(self, form_ids: Sequence[str]) -> None:
        for form_id, box in self.boxes.items():
            box.setChecked(form_id in form_ids)

    def select_suggested(self) -> None:
        self.set_selection(choices.suggested(self.forms) if self.forms is not None and self.mode == CASE_MODE else [])

    def set_busy(self, busy: bool, text: str = "") -> None:
        self.busy = busy
        for widget in (
            self.groups_widget,
            self.case_mode,
            self.blank_mode,
            self.suggest_button,
            self.none_button,
            self.dossier_button,
            self.confirmation_button,
            self.preview_button,
            self.large_print,
        ):
            widget.setEnabled(not busy)
        if not busy:
            self.case_mode.setEnabled(self.case is not None)
            self._update_buttons()
        if busy:
            self.busy_bar.start(text)
        else:
            self.busy_bar.stop()
        self.setCursor(Qt.CursorShape.BusyCursor if busy else Qt.CursorShape.ArrowCursor)

    def _update_buttons(self) -> None:
        case_mode = self.mode == CASE_MODE
        self.suggest_button.setVisible(case_mode)
        self.sets_group.setVisible(case_mode)
        self.preview_button.setEnabled(bool(self.selected()) and not self.busy)

    # -- loading the list --------------------------------------------------------------------------

    def _load(self) -> None:
        self.problems.clear()
        self._say("")
        self.set_busy(True, self.tr("正在读取文书列表…"))
        if self.mode == CASE_MODE and self.case is not None and self.db is not None:
            self.help.setText(self.tr("勾选要打印的文书，然后点“预览…”。勾选的几份文书合成一份，预览后一次打印。"))
            run_db(jobs.case_forms, self.db, self.case.id, self.clock.today(), owner=self).on_success(
                self._case_forms_loaded
            ).on_error(self._load_failed)
        else:
            self.help.setText(
                self.tr(
                    "空白文书只印表格、文字和签名栏，由调解员手写填写，电脑出故障时也能用。"
                    "勾选要打印的表格，然后点“预览…”。"
                    if self.case is None
                    else "空白文书只印表格、文字和签名栏，不填入本案内容，由调解员手写填写。勾选要打印的表格，然后点“预览…”。"
                )
            )
            run_db(jobs.list_forms, owner=self).on_success(self._blank_forms_loaded).on_error(self._load_failed)

    def _case_forms_loaded(self, forms: CaseForms) -> None:
        self.forms = forms
        remembered = self._remembered[CASE_MODE]
        selection = remembered if remembered is not None else choices.suggested(forms)
        # Say what was ticked: a 履行中 case's usual paper (the return-visit record) cannot print before
        # a visit is recorded, and the dialog once claimed to have ticked it with nothing ticked.
        if remembered is not None:
            ticked = self.tr("上次勾选的文书已经勾选好。")
        elif selection:
            ticked = self.tr("已按本案现在的阶段（{stage}）勾选了常用的文书。").format(stage=forms.stage)
        else:
            ticked = self.tr("本案处于“{stage}”阶段，该阶段常用的文书暂时还不能打印，请自行勾选。").format(
                stage=forms.stage
            )
        self.help.setText(self.tr("勾选要打印的文书，然后点“预览…”。勾选的几份文书合成一份，预览后一次打印。") + ticked)
        self._build([(f.form_id, f.name) for f in forms.forms])
        for status in forms.forms:
            text = choices.note(status, forms.parties)
            note = self.notes[status.form_id]
            # "cannot print yet" in dark red, counts in grey; polished again, as measuring the groups for
            # the width (`_groups_per_row`) polished it before its state was known.
            note.setProperty("state", "missing" if status.missing or status.problem else "")
            repolish(note)
            note.setText(text)
            note.setVisible(bool(text))
            box = self.boxes[status.form_id]
            box.setEnabled(not status.problem)
        self.set_selection(selection)
        self._loaded()

    def _blank_forms_loaded(self, infos: list[FormInfo]) -> None:
        self._build([(i.form_id, i.name or i.form_id) for i in infos])
        for info in infos:
            self.notes[info.form_id].setVisible(bool(info.problem))
            self.notes[info.form_id].setText(self.tr("格式文件有误，不能打印") if info.problem else "")
            self.boxes[info.form_id].setEnabled(not info.problem)
        self.set_selection(self._remembered[BLANK_MODE] or [])
        self._loaded()

    def _loaded(self) -> None:
        self.set_busy(False)
        self._update_buttons()
        self.loaded.emit()

    def _load_failed(self, exc: BaseException) -> None:
        self.set_busy(False)
        report_exception(exc, self)

    def _build(self, forms: list[tuple[str, str]]) -> None:
        """The group boxes with a check box and a note per form, three groups to a row (fewer where
        three do not fit the width the screen allows, so the list never scrolls sideways)."""
        while self.groups_layout.count():
            item = self.groups_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None and widget is not self.sets_group:
                widget.hide()  # off the screen now; deleted when the event loop runs
                widget.deleteLater()
        self.boxes.clear()
        self.notes.clear()
        self.names = names = dict(forms)
        groups: list[QWidget] = []
        for title, members in choices.grouped(names):
            group = QGroupBox(self.tr(title))
            column = QVBoxLayout(group)
            column.setSpacing(2)
            column.setContentsMargins(10, 14, 10, 8)
            for form_id in members:
                box = QCheckBox(names[form_id])
                box.setObjectName(form_id)
                box.toggled.connect(self._selection_changed)
                note = QLabel()
                note.setProperty("role", "note")
                note.setWordWrap(True)
                note.hide()
                column.addWidget(box)
                column.addWidget(note)
                self.boxes[form_id] = box
                self.notes[form_id] = note
            column.addStretch(1)
            groups.append(group)
        groups.append(self.sets_group)
        grid_as_wide_as_fits(self, self.groups_widget, self.groups_layout, groups)

    def _selection_changed(self) -> None:
        self._remembered[self.mode] = self.selected()
        self._say("")
        self._update_buttons()

    def _mode_toggled(self, _id: int, checked: bool) -> None:
        if checked:
            self.setWindowTitle(
                self.tr("打印文书 — {number}").format(number=self.case.number)
                if self.mode == CASE_MODE and self.case
                else self.tr("打印空白文书")
            )
            self._load()

    # -- previewing --------------------------------------------------------------------------------

    def preview(self) -> None:
        ids = self.selected()
        if not ids or self.busy:
            return
        self.problems.clear()
        names = self.names
        if self.mode == BLANK_MODE:
            self.set_busy(True, self.tr("正在生成{n}份空白文书，请稍候…").format(n=len(ids)))
            title = "、".join(names.get(f, f) for f in ids)
            request = PreviewRequest(
                b"",
                self.tr("空白文书 — {names}").format(names=title),
                f"空白{names.get(ids[0], ids[0])}{'等' if len(ids) > 1 else ''}.pdf",
                1,
                self.tr("共{pages}页（空白，手写填写用）。"),
                self.tr("空白文书"),
            )
            run_db(jobs.print_blanks, ids, owner=self).on_success(lambda pdf: self._rendered(request, pdf)).on_error(
                self._render_failed
            )
            return
        assert self.case is not None and self.db is not None and self.forms is not None
        number = self.case.number
        parties = self.forms.parties
        first = names.get(ids[0], ids[0])
        request = PreviewRequest(
            b"",
            self.tr("{names} — {number}").format(names="、".join(names.get(f, f) for f in ids), number=number),
            f"{number}{first}{'等' if len(ids) > 1 else ''}.pdf",
            choices.copies_for(ids, parties),
            choices.copies_hint(ids, names, parties),
            first if len(ids) == 1 else self.tr("文书"),
        )
        self.set_busy(True, self.tr("正在生成{n}份文书，请稍候…").format(n=len(ids)))
        large = self.large_print.isChecked()
        run_db(jobs.print_forms, self.db, self.case.id, ids, self.clock.today(), large, owner=self).on_success(
            lambda pdf: self._rendered(request, pdf)
        ).on_error(self._render_failed)

    def _rendered(self, request: PreviewRequest, pdf: bytes) -> None:
        from dataclasses import replace

        self.set_busy(False)
        self.preview_ready.emit(replace(request, pdf=pdf))
        self.accept()

    def _render_failed(self, exc: BaseException) -> None:
        from mediator_app.services.printing import PrintProblems

        self.set_busy(False)
        if isinstance(exc, PrintProblems):
            names = [p.name for p in self.case.parties] if self.case is not None else []
            texts = [choices.problem_text(p, names) for p in exc.problems]
            self._problem_forms = [p.form_id for p in exc.problems]
            fixes = [choices.FIX_CASE, choices.FIX_PROCEDURE, choices.FIX_COURT]
            if self.case is not None and self.case.status in _agreement_editable():
                fixes.append(choices.FIX_AGREEMENT)
            can_skip = len(set(self.selected()) - set(self._problem_forms)) > 0
            self.problems.show_problems(texts, can_skip=can_skip, fixes=fixes)
        elif isinstance(exc, UserFacingError):
            self.problems.show_problems(
                [choices.ProblemText("", "", (exc.message,), ())], title=self.tr("没有生成文书：")
            )
        else:
            report_exception(exc, self)

    def _skip_problem_forms(self) -> None:
        names = self.names
        left_out = [f for f in self._problem_forms if f in self.boxes and self.boxes[f].isChecked()]
        for form_id in left_out:
            self.boxes[form_id].setChecked(False)
        self.problems.clear()
        self._say(
            self.tr("已取消勾选：{names}。其余的文书可以点“预览…”打印。").format(
                names="、".join(f"《{names.get(f, f)}》" for f in left_out)
            )
        )
        self.preview_button.setFocus()

    def _say(self, text: str) -> None:
        """The line under the list, shown only with something to say: empty, it was a strip of nothing
        between the list and the buttons, the height the list lacks at 150 % with 特大."""
        self.status.setText(text)
        self.status.setVisible(bool(text))

    # -- elsewhere ---------------------------------------------------------------------------------

    def _fix(self, key: str) -> None:
        self.reject()
        self.fix_requested.emit(key)

    def _dossier(self) -> None:
        self.reject()
        self.dossier_requested.emit()

    def _confirmation(self) -> None:
        self.reject()
        self.confirmation_requested.emit()

    def problem_text(self) -> str:
        """What the red box says (tests)."""
        return self.problems.plain_text()

    def remembered(self) -> list[str] | None:
        """This case's ticked forms, to tick them again next time (None: never changed)."""
        return self._remembered[CASE_MODE]


def _agreement_editable() -> tuple[str, ...]:
    from mediator_app.services.cases import AGREEMENT_EDITABLE  # loaded on the database thread by now

    return AGREEMENT_EDITABLE
