"""统计 window: generates last month's report from the cases, shows its figures and charts and what the
checks found; confirming freezes it; saving writes the file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from mediator_app.services import demo
from mediator_app.services.desk import Desk
from mediator_app.storage.database import Database
from mediator_app.ui.clock import Clock
from mediator_app.ui.stats_window import StatisticsDialog
from tests.gui.conftest import wait_for_tasks

pytestmark = pytest.mark.gui


def test_last_months_report_is_shown_confirmed_and_saved(
    qtbot: Any, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo.fill_demo(db, 150, seed=6)
    dialog = StatisticsDialog(Desk(db), Clock(dt.date(2025, 7, 3)))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.period().label == "2025年6月"  # last month by default
    qtbot.mouseClick(dialog.generate_button, Qt.MouseButton.LeftButton)
    wait_for_tasks(qtbot)
    assert dialog.report is not None and dialog.report.version == 0
    closed = next(r[1] for r in dialog.report.table("综合情况").rows if r[0] == "本期办结")
    assert dialog.figure_labels["本期办结"].text() == f"{closed:,}"
    assert dialog.type_chart.items and sum(v for _, v in dialog.type_chart.items) == closed
    assert dialog.problems.item(0).text() == "未发现问题"
    dialog.actor.setText("王主任")
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    wait_for_tasks(qtbot)
    assert dialog.report.version == 1 and "已冻结" in dialog.state.text()
    assert not dialog.confirm_button.isEnabled()
    target = tmp_path / "6月.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    qtbot.mouseClick(dialog.xlsx_button, Qt.MouseButton.LeftButton)
    wait_for_tasks(qtbot)
    assert target.read_bytes()[:2] == b"PK"


def test_an_unreachable_read_replica_leaves_the_report_on_the_primary_with_a_note(
    qtbot: Any, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/centre.md: when the statistics' read replica cannot be reached the report is read from the
    database itself, and the window and the main window's status bar say so; no error box."""
    from PySide6.QtWidgets import QMainWindow

    from mediator_app.storage.replica import Replica
    from tests.pgcluster import _free_port

    demo.fill_demo(db, 40, seed=6)
    db.replica = Replica(f"postgresql://desk@127.0.0.1:{_free_port()}/mediation")  # nothing listens there
    shown: list[str] = []
    host = QMainWindow()
    host.show_status = shown.append  # type: ignore[attr-defined]  # as ui/main_window.py's
    qtbot.addWidget(host)
    boxes: list[object] = []
    monkeypatch.setattr("mediator_app.ui.stats_window.report_exception", lambda exc, _parent: boxes.append(exc))
    dialog = StatisticsDialog(Desk(db), Clock(dt.date(2025, 7, 3)), host)
    dialog.show()
    qtbot.mouseClick(dialog.generate_button, Qt.MouseButton.LeftButton)
    wait_for_tasks(qtbot)
    assert dialog.report is not None and boxes == []
    assert "这次的统计从主库读取" in dialog.state.text() and "统计库" in shown[-1]
    dialog.close()
