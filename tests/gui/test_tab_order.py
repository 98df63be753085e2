"""Every editing dialog's Tab order, walked with the Tab key as a keyboard user does: it opens on its
first field, visits the fields, then 保存, then 取消, and comes back to the first field (issue 13: "a
sensible Tab order, checked by a test of each dialog's focus chain"). Qt's chain itself stays whole
(each widget's next and previous agree) after the buttons are moved to its end.

The table below builds every concrete `EditDialog` subclass; a new dialog without an entry fails
`test_every_editing_dialog_is_in_the_table`."""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget

import mediator_app.ui
from mediator_app.domain.legal_support import LegalSupportRequest
from mediator_app.domain.linkage import WorkOrder
from mediator_app.domain.model import Case
from mediator_app.domain.statistics import CaseStats
from mediator_app.services.desk import Desk
from mediator_app.storage.database import Database
from mediator_app.ui.agreement import AgreementDialog
from mediator_app.ui.clock import Clock
from mediator_app.ui.correction_dialog import CorrectionDialog
from mediator_app.ui.dialog_base import EditDialog
from mediator_app.ui.linkage.legal_support import AnswerDialog, AskDialog
from mediator_app.ui.linkage.satisfaction import ReminderDialog, SatisfactionDialog
from mediator_app.ui.linkage.work_orders import IssueDialog, ReplyDialog, UnitsDialog
from mediator_app.ui.oral_entry_dialog import OralEntryDialog
from mediator_app.ui.procedure.dialog import StepContext
from mediator_app.ui.procedure.drafts import DraftStore
from mediator_app.ui.procedure.pane import FACT_DIALOGS, STEP_DIALOGS
from mediator_app.ui.register import RegisterDialog
from mediator_app.ui.settings_dialog import SettingsDialog
from mediator_app.ui.setup_dialog import CommitteeDialog
from mediator_app.ui.stats_dialog import StatsDialog
from tests.gui.procedure_helpers import register

pytestmark = pytest.mark.gui

TODAY = dt.date(2026, 11, 20)
Make = Callable[[Desk, Case, Clock], EditDialog]


def _step(cls: Callable[[StepContext, QWidget | None], EditDialog]) -> Make:
    def make(desk: Desk, case: Case, clock: Clock) -> EditDialog:
        assert case.id is not None
        context = StepContext(desk, case, desk.workflow(case.id, clock.today()), clock, DraftStore())
        return cls(context, None)

    return make


ORDER = WorkOrder("东湖派出所", "核实宅基地界址", "请协助核实", 10, TODAY, TODAY + dt.timedelta(days=10), "张明", id=1)
REQUEST = LegalSupportRequest("东湖法庭", "当事人甲与乙因屋檐滴水发生纠纷", "是否构成相邻妨碍？", TODAY, "张明", id=1)

OTHER_DIALOGS: dict[type[EditDialog], Make] = {
    RegisterDialog: lambda desk, _case, _clock: RegisterDialog(desk, None),
    CommitteeDialog: lambda desk, _case, _clock: CommitteeDialog(desk, None),
    AgreementDialog: lambda desk, case, _clock: AgreementDialog(desk, case),
    CorrectionDialog: lambda desk, case, clock: CorrectionDialog(desk, case, clock.today()),
    OralEntryDialog: lambda desk, _case, clock: OralEntryDialog(desk, clock),
    StatsDialog: lambda desk, case, clock: StatsDialog(desk, clock, case, CaseStats()),
    IssueDialog: lambda desk, case, clock: IssueDialog(desk, case, clock, ["东湖派出所"]),
    ReplyDialog: lambda desk, _case, clock: ReplyDialog(desk, ORDER, clock),
    UnitsDialog: lambda desk, _case, _clock: UnitsDialog(desk, ["东湖派出所", "东湖法庭"]),
    AskDialog: lambda desk, case, clock: AskDialog(desk, case, clock, REQUEST.summary),
    AnswerDialog: lambda desk, _case, clock: AnswerDialog(desk, REQUEST, clock),
    SatisfactionDialog: lambda desk, case, clock: SatisfactionDialog(desk, case, clock, []),
    ReminderDialog: lambda desk, _case, _clock: ReminderDialog(desk, 7),
}
DIALOGS: dict[str, Make] = {cls.__name__: make for cls, make in OTHER_DIALOGS.items()}
for _dialogs in (STEP_DIALOGS, FACT_DIALOGS):
    for _cls in _dialogs.values():
        DIALOGS.setdefault(getattr(_cls, "__name__", repr(_cls)), _step(_cls))


def _all_subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    for sub in list(found):
        found |= _all_subclasses(sub)
    return found


def test_every_editing_dialog_is_in_the_table() -> None:
    for module in pkgutil.walk_packages(mediator_app.ui.__path__, "mediator_app.ui."):
        importlib.import_module(module.name)
    # A base class that only others derive from (StepDialog, RecordDialog) is not a dialog of its own.
    concrete = {cls.__name__ for cls in _all_subclasses(EditDialog) if not cls.__subclasses__()}
    assert concrete - set(DIALOGS) == set()


def _tab_stops(qtbot: Any, dialog: QDialog, limit: int) -> list[QWidget]:
    """The widgets the focus visits, Tab after Tab, from the one it opened on until it comes back."""
    start = QApplication.focusWidget()
    assert start is not None and dialog.isAncestorOf(start), "the dialog did not take the keyboard"
    stops = [start]
    for _ in range(limit):
        qtbot.keyClick(stops[-1], Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        assert now is not None and dialog.isAncestorOf(now), f"Tab left the dialog after {stops[-1]!r}"
        if now is start:
            return stops
        assert now not in stops, f"Tab went round without coming back to the first field: {now!r}"
        stops.append(now)
    raise AssertionError(f"no way back to the first field after {limit} Tabs")


def _chain_is_whole(dialog: QDialog) -> None:
    """Qt's focus chain is a ring through every widget of the window, next and previous in step."""
    seen = []
    widget: QWidget = dialog
    while True:
        following = widget.nextInFocusChain()
        assert following.previousInFocusChain() is widget
        widget = following
        if widget is dialog:
            break
        assert widget not in seen
        seen.append(widget)
    missing = [w for w in dialog.findChildren(QWidget) if w.window() is dialog and w not in seen]
    assert missing == []


@pytest.mark.parametrize("name", sorted(DIALOGS))
def test_tab_walks_the_fields_then_save_then_cancel(qtbot: Any, committee_db: Database, name: str) -> None:
    desk = Desk(committee_db)
    case = register(committee_db)
    dialog = DIALOGS[name](desk, case, Clock(TODAY))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    assert QApplication.focusWidget() is dialog.first_field()
    stops = _tab_stops(qtbot, dialog, limit=len(dialog.findChildren(QWidget)) + 2)
    assert stops[-2:] == [dialog.save_button, dialog.cancel_button]
    assert all(dialog.content.isAncestorOf(stop) for stop in stops[:-2])
    _chain_is_whole(dialog)
    dialog.hide()
    dialog.show()  # a second show keeps the order
    qtbot.waitExposed(dialog)
    assert _focusable_chain(dialog)[-2:] == [dialog.save_button, dialog.cancel_button]


def _focusable_chain(dialog: EditDialog) -> list[QWidget]:
    found = []
    widget = dialog.nextInFocusChain()
    while widget is not dialog:
        if widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
            found.append(widget)
        widget = widget.nextInFocusChain()
    return found


def test_settings_walks_its_page_then_save_then_cancel(qtbot: Any, committee_db: Database) -> None:
    """设置 is no EditDialog (it has tabs); its buttons join the dialog after the tabs."""
    dialog = SettingsDialog(None, None, Desk(committee_db))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitExposed(dialog)
    dialog.tabs.tabBar().setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.tabs.tabBar())
    stops = _tab_stops(qtbot, dialog, limit=len(dialog.findChildren(QWidget)) + 2)
    assert stops[-2:] == [dialog.save_button, dialog.cancel_button]
    assert all(dialog.tabs.isAncestorOf(stop) for stop in stops[:-2])
    assert len(stops) > 3  # the page's fields are on the way
