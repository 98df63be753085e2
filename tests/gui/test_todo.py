"""今日待办: shown at start when something is overdue, overdue first and in red, a card opens its case."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from mediator_app.services import procedure as proc
from mediator_app.storage.database import Database
from mediator_app.ui import actions as act
from mediator_app.ui.clock import Clock
from mediator_app.ui.procedure.todo import CASE_ID_ROLE, OVERDUE_ROLE, TodoModel
from tests.gui.conftest import type_text, wait_for_tasks
from tests.gui.procedure_helpers import open_window, register

pytestmark = pytest.mark.gui
D = dt.date


def two_cases(db: Database) -> tuple[int, int]:
    """One accepted on 10-01 (its 30 days are over on 11-22), one accepted on 11-20."""
    late, fresh = register(db, registered_on=D(2026, 10, 1)), register(db, registered_on=D(2026, 11, 20))
    assert late.id is not None and fresh.id is not None
    proc.accept(db, late.id, rights_notified_on=D(2026, 10, 1), today=D(2026, 10, 1))
    proc.accept(db, fresh.id, rights_notified_on=D(2026, 11, 20), today=D(2026, 11, 20))
    return late.id, fresh.id


def test_overdue_items_are_shown_at_start_and_open_their_case(qtbot: Any, committee_db: Database) -> None:
    late, _fresh = two_cases(committee_db)
    window = open_window(qtbot, committee_db, Clock(D(2026, 11, 22)))
    todo = window.todo_view
    assert window.left_tabs.currentWidget() is todo  # something is overdue: the list comes first
    assert window.left_tabs.tabText(1) == "今日待办（1）"
    assert todo.summary.text() == "2026年11月22日：逾期1项，即将到期0项"
    [text] = todo.texts()
    assert text.startswith("已逾期22天　调解期限　到期日：2026年10月31日\n（2026）望京西园调字第1号")
    index = todo.model.index(0, 0)
    assert index.data(OVERDUE_ROLE) is True
    rect = todo.list.visualRect(index)
    qtbot.mouseClick(todo.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(todo.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    wait_for_tasks(qtbot)
    assert window.case_view.case is not None and window.case_view.case.id == late
    assert window.case_pane.view is not None and window.case_pane.view.case_id == late


def test_nothing_overdue_starts_with_the_case_list(qtbot: Any, committee_db: Database) -> None:
    two_cases(committee_db)
    window = open_window(qtbot, committee_db, Clock(D(2026, 10, 25)))
    assert window.left_tabs.currentIndex() == 0
    assert window.todo_view.texts()[0].startswith("还剩6天　调解期限")
    assert window.left_tabs.tabText(1) == "今日待办（1）"
    window.action_map[act.TODO].trigger()  # the big 今日待办 button
    wait_for_tasks(qtbot)
    assert window.left_tabs.currentWidget() is window.todo_view


def test_a_case_hidden_by_the_search_is_still_opened(qtbot: Any, committee_db: Database) -> None:
    late, _fresh = two_cases(committee_db)
    window = open_window(qtbot, committee_db, Clock(D(2026, 11, 22)))
    type_text(window.case_list.search, "没有这个人")
    qtbot.waitUntil(window.case_list.searching)
    assert window.case_list.results.results.rowCount() == 0
    window.open_case(late)
    wait_for_tasks(qtbot)
    assert (
        window.case_list.search.text() == "" and window.case_view.case is not None and window.case_view.case.id == late
    )


def test_todo_model(qtmodeltester: Any, committee_db: Database) -> None:
    two_cases(committee_db)
    model = TodoModel()
    model.set_items(proc.todo_list(committee_db, D(2026, 11, 22)) + proc.todo_list(committee_db, D(2026, 12, 25)))
    assert model.rowCount() == 3 and model.overdue_count() == 3
    assert model.index(0, 0).data(CASE_ID_ROLE) is not None
    qtmodeltester.check(model)


def test_next_years_holidays_are_asked_for_and_imported_from_todays_list(
    qtbot: Any, committee_db: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QFileDialog

    from mediator_app.services import calendar
    from mediator_app.ui import messages

    monkeypatch.setattr(calendar, "user_data_dir", lambda: tmp_path)  # no holidays.json imported yet
    calendar.holiday_calendar.cache_clear()
    shipped = json.loads(
        (Path(__file__).resolve().parents[2] / "resources/calendar/cn-holidays.json").read_text("utf-8")
    )
    year = max(int(y) for y in shipped["years"]) + 1
    window = open_window(qtbot, committee_db, Clock(D(year - 1, 11, 22)))
    todo = window.todo_view
    assert todo.holidays.isVisibleTo(todo)
    assert todo.holiday_note.text().startswith(f"{year}年节假日安排尚未导入")
    shipped["years"][str(year)] = {"source": "测试数据", "rest": [[f"{year}-01-01", f"{year}-01-01"]], "work": []}
    chosen = tmp_path / "节假日.json"
    chosen.write_text(json.dumps(shipped, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(chosen), ""))
    told: list[str] = []
    monkeypatch.setattr(messages, "inform", lambda _p, _t, text: told.append(text))
    qtbot.mouseClick(todo.holiday_button, Qt.MouseButton.LeftButton)
    wait_for_tasks(qtbot)
    assert told and f"{year}年" in told[0]
    wait_for_tasks(qtbot)
    assert not todo.holidays.isVisibleTo(todo)  # the reminder is gone once the year is there
    calendar.holiday_calendar.cache_clear()
