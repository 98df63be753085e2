"""The case list at scale (lazy model, filters, sort, remembered state) and the 查找 results."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer

from mediator_app.domain.stages import Stage
from mediator_app.services import caselist, demo
from mediator_app.services import cases as svc
from mediator_app.services.desk import Desk
from mediator_app.storage.database import Database
from mediator_app.ui.caselist.model import (
    CASE_ID_ROLE,
    COL_NUMBER,
    COL_PARTIES,
    PAGE,
    PLACEHOLDER,
    LazyCaseModel,
)
from mediator_app.ui.caselist.search_view import HTML_ROLE
from mediator_app.ui.main_window import MainWindow
from tests.accounts import open_logged_in
from tests.factories import make_case
from tests.gui.conftest import type_text, wait_for_tasks

pytestmark = pytest.mark.gui

CASES = 2000
TODAY = dt.date(2026, 11, 22)


@pytest.fixture(scope="module")
def big_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2,000 generated cases through the bulk path, built once per module and copied per test."""
    path = tmp_path_factory.mktemp("big") / "big.sqlite3"
    db = svc.open_database(path)
    demo.ensure_demo_committee(db)
    demo.fill_demo(db, CASES, 7)
    db.close()
    return path


@pytest.fixture
def big_db(big_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "big.sqlite3"
    shutil.copy(big_template, path)
    return path


@pytest.fixture(autouse=True)
def _fresh_settings() -> None:
    QSettings().clear()


def open_window(qtbot: Any, path: Path, restore: bool = False) -> MainWindow:
    from mediator_app.ui.clock import Clock

    window = MainWindow(path, clock=Clock(TODAY))
    qtbot.addWidget(window)
    if restore:
        window.restore_state()
    window.resize(1300, 800)
    window.show()
    with qtbot.waitSignal(window.database_ready, timeout=20_000):
        window.open_database()
    window.left_tabs.setCurrentIndex(0)  # the list, not 今日待办
    return window


def shown_ids(model: LazyCaseModel, n: int) -> list[int]:
    return [model.index(r, COL_NUMBER).data(CASE_ID_ROLE) for r in range(min(n, model.rowCount()))]


def expected_ids(
    path: Path, f: caselist.CaseFilter, sort: caselist.CaseSort, offset: int = 0, n: int = 30
) -> list[int]:
    db = open_logged_in(path)
    try:
        return [r.id for r in caselist.page(db, f, sort, offset, n)]
    finally:
        db.close()


def test_lazy_model_passes_qt_model_tester(qtbot: Any, qtmodeltester: Any, big_db: Path) -> None:
    db = open_logged_in(big_db)
    model = LazyCaseModel()
    model.set_desk(Desk(db))
    with qtbot.waitSignal(model.loaded):
        model.reload()
    assert model.rowCount() == CASES and model.loaded_rows() == PAGE
    qtmodeltester.check(model, force_py=False)
    wait_for_tasks(qtbot)
    with qtbot.waitSignal(model.loaded):
        model.set_filter(caselist.CaseFilter(dispute_type="没有这种纠纷"))
    assert model.rowCount() == 0
    qtmodeltester.check(model, force_py=False)
    wait_for_tasks(qtbot)
    db.close()


def test_scrolling_fetches_pages_in_the_background(qtbot: Any, big_db: Path) -> None:
    window = open_window(qtbot, big_db)
    model = window.case_list.model
    assert model.rowCount() == CASES and model.loaded_rows() == PAGE  # only the first page is read
    assert window.count_label.text() == f"共 {CASES} 件案件"
    ticks = []
    timer = QTimer(interval=5)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    last = CASES - 1
    assert model.index(last, COL_NUMBER).data() == PLACEHOLDER  # asked for, shown as "…" meanwhile
    window.case_list.table.scrollToBottom()
    qtbot.waitUntil(lambda: model.row(last) is not None, timeout=10_000)
    timer.stop()
    assert ticks, "the event loop kept running while the page was read"
    sort = caselist.CaseSort(caselist.SortKey.DATE, True)
    want = expected_ids(big_db, caselist.CaseFilter(today=TODAY), sort, CASES - 10, 10)
    assert [model.index(r, 0).data(CASE_ID_ROLE) for r in range(CASES - 10, CASES)] == want


def test_a_bounded_first_count_shows_more_than_then_the_exact_count(
    qtbot: Any, qtmodeltester: Any, big_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where a filter change counts nothing (PostgreSQL: `count_first` False), the list shows the first
    page and says "more than" (never a wrong exact number); the exact count follows, the rows past the
    page are added and the last row is the list's last."""
    from mediator_app.storage import case_list, dialect

    bounded = dataclasses.replace(dialect.SQLITE, count_first=False)
    monkeypatch.setattr(case_list, "dialect_of", lambda _conn: bounded)
    window = open_window(qtbot, big_db)
    model = window.case_list.model
    qtbot.waitUntil(lambda: model.exact, timeout=20_000)
    assert model.rowCount() == CASES and window.count_label.text() == f"共 {CASES} 件案件"
    seen: list[str] = []
    with qtbot.waitSignal(model.loaded):
        model.set_filter(caselist.CaseFilter(stages=(Stage.MEDIATING,)))  # one page: exact at once
    assert model.exact and window.count_label.text().startswith("符合筛选条件的案件 ")
    with qtbot.waitSignal(model.loaded):
        model.set_filter(caselist.CaseFilter())
        window.case_list.list_counted.connect(seen.append)
    assert not model.exact and model.rowCount() == PAGE == model.loaded_rows()
    assert window.count_label.text() == f"案件超过 {PAGE} 件，正在清点…"
    qtbot.waitUntil(lambda: model.exact, timeout=20_000)
    assert model.rowCount() == CASES and window.count_label.text() == seen[-1] == f"共 {CASES} 件案件"
    qtmodeltester.check(model, force_py=False)
    wait_for_tasks(qtbot)
    last = CASES - 1
    assert model.index(last, COL_NUMBER).data() == PLACEHOLDER  # an added row: its page is asked for
    qtbot.waitUntil(lambda: model.row(last) is not None, timeout=10_000)
    want = expected_ids(big_db, caselist.CaseFilter(today=TODAY), caselist.CaseSort(), CASES - 10, 10)
    assert [model.index(r, 0).data(CASE_ID_ROLE) for r in range(CASES - 10, CASES)] == want
    wait_for_tasks(qtbot)


def test_filter_and_sort_show_the_rows_page_gives(qtbot: Any, big_db: Path) -> None:
    window = open_window(qtbot, big_db)
    choices = window.case_list.filter_bar.dispute_type
    qtbot.waitUntil(lambda: choices.count() > 2)
    kind = choices.itemData(1)
    with qtbot.waitSignal(window.case_list.model.loaded):
        choices.setCurrentIndex(1)
    f = caselist.CaseFilter(dispute_type=kind, today=TODAY)
    db = open_logged_in(big_db)
    total = caselist.count(db, f)
    db.close()
    assert window.case_list.model.rowCount() == total < CASES
    assert window.count_label.text() == f"符合筛选条件的案件 {total} 件"
    assert shown_ids(window.case_list.model, 30) == expected_ids(big_db, f, caselist.CaseSort())

    with qtbot.waitSignal(window.case_list.model.loaded):
        window.case_list.table.sortByColumn(COL_NUMBER, Qt.SortOrder.AscendingOrder)  # a click on 案件编号
    assert shown_ids(window.case_list.model, 30) == expected_ids(
        big_db, f, caselist.CaseSort(caselist.SortKey.NUMBER, False)
    )

    window.case_list.table.sortByColumn(COL_PARTIES, Qt.SortOrder.AscendingOrder)  # 当事人: no index order
    wait_for_tasks(qtbot)
    qtbot.waitUntil(lambda: window.case_list.table.horizontalHeader().sortIndicatorSection() == COL_NUMBER)
    assert window.case_list.model.query.sort.key == "number"

    with qtbot.waitSignal(window.case_list.model.loaded):
        window.case_list.filter_bar.overdue.setChecked(True)
    overdue = dataclasses.replace(f, overdue=True)
    assert shown_ids(window.case_list.model, 10) == expected_ids(
        big_db, overdue, caselist.CaseSort(caselist.SortKey.NUMBER, False), n=10
    )


def test_a_quicker_filter_change_wins(qtbot: Any, big_db: Path) -> None:
    window = open_window(qtbot, big_db)
    seen: list[int] = []
    window.case_list.model.loaded.connect(seen.append)
    window.case_list.model.set_filter(caselist.CaseFilter(stages=(Stage.MEDIATING,)))
    window.case_list.model.set_filter(caselist.CaseFilter(overdue=True))  # before the first answer arrives
    wait_for_tasks(qtbot)
    db = open_logged_in(big_db)
    overdue = caselist.count(db, caselist.CaseFilter(overdue=True, today=TODAY))
    db.close()
    assert seen == [overdue] and window.case_list.model.rowCount() == overdue


def test_columns_sort_and_filters_are_remembered(qtbot: Any, big_db: Path) -> None:
    window = open_window(qtbot, big_db, restore=True)
    header = window.case_list.table.horizontalHeader()
    header.moveSection(header.visualIndex(COL_PARTIES), 0)
    header.resizeSection(COL_NUMBER, 230)
    with qtbot.waitSignal(window.case_list.model.loaded):
        window.case_list.table.sortByColumn(COL_NUMBER, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: window.case_list.filter_bar.source.count() > 1)
    with qtbot.waitSignal(window.case_list.model.loaded):
        window.case_list.filter_bar.source.setCurrentIndex(1)
    chosen = window.case_list.filter_bar.value()
    window.close()
    wait_for_tasks(qtbot)

    again = open_window(qtbot, big_db, restore=True)
    header = again.case_list.table.horizontalHeader()
    assert header.visualIndex(COL_PARTIES) == 0 and header.sectionSize(COL_NUMBER) == 230
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (COL_NUMBER, Qt.SortOrder.AscendingOrder)
    assert again.case_list.filter_bar.value() == chosen and again.case_list.model.query.filter == chosen
    assert again.case_list.model.query.sort.key == "number" and not again.case_list.model.query.sort.descending
    f = caselist.CaseFilter(source=chosen.source, today=TODAY)
    assert shown_ids(again.case_list.model, 20) == expected_ids(
        big_db, f, caselist.CaseSort(caselist.SortKey.NUMBER, False), n=20
    )


def test_search_shows_ranked_highlighted_masked_results(qtbot: Any, committee_db: Database) -> None:
    case = svc.register_case(committee_db, make_case(3))
    other = make_case(2)
    other.parties[0].name, other.parties[1].name = "王建国", "李秀英"
    svc.register_case(committee_db, other)
    window = open_window(qtbot, Path(committee_db.description))
    type_text(window.case_list.search, "刘䶮")
    qtbot.waitUntil(window.case_list.searching)
    assert window.case_list.results.results.rowCount() == 1
    html = window.case_list.results.results.index(0).data(HTML_ROLE)
    assert ">刘䶮</b>" in html and case.number in html

    party = case.parties[0]
    window.case_list.search.clear()
    assert not window.case_list.searching()  # back to the list
    type_text(window.case_list.search, party.phone)
    qtbot.waitUntil(
        lambda: window.case_list.searching() and window.case_list.results.results.result.query == party.phone
    )
    text = " ".join(window.case_list.results.texts()) + window.case_list.results.results.index(0).data(HTML_ROLE)
    assert party.phone not in text and party.phone[:3] + "****" in text

    first = window.case_list.results.results.hits[0]
    window.case_list.results.clicked.emit(window.case_list.results.results.index(0))
    # (it may be the case shown since the start: the list's first row is shown at its first load)
    qtbot.waitUntil(lambda: window.case_view.case is not None and window.case_view.case.id == first.case_id)
    assert window.current_case_id == first.case_id
    assert window.case_list.searching()  # the results stay, so another one can be opened


def test_row_texts_and_native_sort_values() -> None:
    from PySide6.QtCore import QDate

    from mediator_app.ui.caselist.model import COL_DATE, COL_STATUS, SORT_ROLE, parties_text

    workers = "、".join(f"工人{n}" for n in range(1, 28))
    row = caselist.CaseListRow(
        id=9,
        number="（2026）朝和调字第9号",
        registered_on=dt.date(2026, 3, 1),
        dispute_type="劳动争议纠纷",
        source="当事人申请",
        status="调解中",
        title="",
        party_names=workers,
        party_count=27,
        mediators="王秀兰",
        overdue=True,
    )
    assert parties_text(row) == "工人1、工人2等27人"
    assert parties_text(dataclasses.replace(row, party_names="刘䶮、吉𠮷祥", party_count=2)) == "刘䶮、吉𠮷祥"
    model = LazyCaseModel()
    model._count, model._pages[0] = 1, [row]  # a loaded page, without a database
    assert model.index(0, COL_DATE).data() == "2026年3月1日"
    assert model.index(0, COL_DATE).data(SORT_ROLE) == QDate(2026, 3, 1)
    assert model.index(0, COL_STATUS).data() == "调解中" and "已逾期" in model.index(0, COL_STATUS).data(
        Qt.ItemDataRole.ToolTipRole
    )
    assert isinstance(model.index(0, COL_STATUS).data(SORT_ROLE), int)  # the stage's place in the procedure


def test_the_filter_is_kept_as_json_and_what_does_not_parse_is_dropped() -> None:
    import json

    from mediator_app.ui.caselist.model import filter_from_json, filter_is_empty, filter_to_json

    f = caselist.CaseFilter(
        stages=(Stage.MEDIATING,), dispute_type="邻里纠纷", registered_from=dt.date(2026, 1, 2), overdue=True
    )
    assert filter_from_json(json.loads(json.dumps(filter_to_json(f), ensure_ascii=False))) == f
    assert filter_from_json({"stage": "调解中"}) == caselist.CaseFilter(stages=(Stage.MEDIATING,))  # older settings
    junk = {"stages": ["不是阶段"], "registered_to": "2026-13-01", "mediator": 3, "source": None}
    assert filter_from_json(junk) == caselist.CaseFilter() == filter_from_json("x")
    assert filter_is_empty(caselist.CaseFilter(today=TODAY)) and not filter_is_empty(f)


def test_the_list_pane_stands_alone_and_says_which_case_was_chosen(qtbot: Any, committee_db: Database) -> None:
    from mediator_app.ui.caselist.pane import CaseListPane

    first = svc.register_case(committee_db, make_case(2))
    second = svc.register_case(committee_db, make_case(3))
    pane = CaseListPane()
    qtbot.addWidget(pane)
    pane.set_desk(Desk(committee_db))
    with qtbot.waitSignal(pane.list_loaded) as loaded:
        pane.reload(TODAY)
    assert loaded.args == [2, False]
    chosen: list[int] = []
    activated: list[int] = []
    pane.case_chosen.connect(chosen.append)
    pane.case_activated.connect(activated.append)
    row = pane.model.row_of(first.id)
    pane.table.selectRow(row)
    pane.table.doubleClicked.emit(pane.model.index(row, COL_NUMBER))
    assert chosen == [first.id] and activated == [first.id]
    assert pane.highlight(second.id) and chosen == [first.id]  # the window's choice is not echoed back
    assert pane.table.selectionModel().selectedRows()[0].data(CASE_ID_ROLE) == second.id


def test_a_narrow_list_folds_columns_then_wraps_rows_and_saves_them_as_shown(qtbot: Any, big_db: Path) -> None:
    """A list too narrow for its columns on one line (1366×768 at 150 %): 登记日期 and 纠纷类型 fold away into the row's tooltip,
    rows take two lines, and nothing is cut; widened again, the list shows every column on one line."""
    from mediator_app.ui.caselist.model import COL_DATE, COL_STATUS, COL_TYPE

    window = open_window(qtbot, big_db, restore=True)
    pane = window.case_list
    qtbot.waitUntil(lambda: bool(pane.content_widths))
    header = pane.table.horizontalHeader()
    window.splitter.setSizes([450, 850])
    qtbot.waitUntil(lambda: pane.folded == [COL_DATE, COL_TYPE] and pane.lines == 2)
    assert header.isSectionHidden(COL_DATE) and header.isSectionHidden(COL_TYPE) and pane.table.wordWrap()
    metrics = pane.table.fontMetrics()
    number = metrics.horizontalAdvance(str(pane.model.index(0, COL_NUMBER).data()))
    assert header.sectionSize(COL_NUMBER) - 12 < number <= 2 * (header.sectionSize(COL_NUMBER) - 12)  # two lines
    status = metrics.horizontalAdvance(str(pane.model.index(0, COL_STATUS).data()))
    assert status <= 2 * (header.sectionSize(COL_STATUS) - 12)
    row = pane.model.loaded_text(0, COL_DATE)
    assert f"登记日期：{row}" in str(pane.model.index(0, COL_NUMBER).data(Qt.ItemDataRole.ToolTipRole))
    settings = QSettings()
    pane.save_state(settings)
    assert header.isSectionHidden(COL_DATE)  # still folded on screen, but saved as shown:
    again = LazyCaseModel()
    from PySide6.QtWidgets import QTableView

    view = QTableView()
    view.setModel(again)
    assert view.horizontalHeader().restoreState(settings.value("caselist/header"))
    assert not view.horizontalHeader().isSectionHidden(COL_DATE)
    window.resize(2000, 800)
    window.splitter.setSizes([1500, 500])
    qtbot.waitUntil(lambda: pane.folded == [] and pane.lines == 1)
    assert not header.isSectionHidden(COL_DATE) and not pane.table.wordWrap()
