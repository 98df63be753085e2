"""The case list model: Qt's model tester, columns, the sort role's native values."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import QSortFilterProxyModel, Qt

from mediator_app.services.cases import CaseSummary
from mediator_app.ui.case_model import (
    CASE_ID_ROLE,
    COL_DATE,
    COL_NUMBER,
    COL_PARTIES,
    HEADERS,
    SORT_ROLE,
    CaseTableModel,
    parties_text,
)

WORKERS = "、".join(f"工人{n}" for n in range(1, 28))


def summary(case_id: int, day: dt.date, names: str = "刘䶮、吉𠮷祥", count: int = 2) -> CaseSummary:
    return CaseSummary(id=case_id, number=f"（{day.year}）朝和调字第{case_id}号", title="", dispute_type="邻里纠纷",
                       source="当事人申请", registered_on=day, status="登记", party_names=names, party_count=count)


CASES = [summary(10, dt.date(2026, 3, 1)), summary(9, dt.date(2026, 11, 6), WORKERS, 27),
         summary(2, dt.date(2025, 12, 31))]


def test_model_passes_qt_model_tester(qtmodeltester: Any) -> None:
    model = CaseTableModel()
    model.set_cases(CASES)
    qtmodeltester.check(model, force_py=False)
    model.set_cases([])
    qtmodeltester.check(model, force_py=False)


def test_columns_and_roles() -> None:
    model = CaseTableModel()
    model.set_cases(CASES)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)] == list(HEADERS)
    assert model.index(0, COL_DATE).data() == "2026年3月1日"
    assert model.index(0, COL_PARTIES).data() == "刘䶮、吉𠮷祥"
    assert model.index(1, COL_PARTIES).data() == "工人1、工人2、工人3等27人"
    assert model.index(1, COL_NUMBER).data(CASE_ID_ROLE) == 9
    assert model.row_of(2) == 2 and model.row_of(99) is None


@pytest.mark.parametrize(("column", "expected"), [
    (COL_NUMBER, [2, 9, 10]),  # 第2号 < 第9号 < 第10号: by issue order, not by text
    (COL_DATE, [2, 10, 9]),
])
def test_sort_role_sorts_by_native_values(column: int, expected: list[int]) -> None:
    model = CaseTableModel()
    model.set_cases(CASES)
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.sort(column, Qt.SortOrder.AscendingOrder)
    assert [proxy.index(r, 0).data(CASE_ID_ROLE) for r in range(3)] == expected


def test_parties_text_short_lists_stay_whole() -> None:
    assert parties_text(summary(1, dt.date(2026, 1, 1), "甲、乙、丙", 3)) == "甲、乙、丙"
