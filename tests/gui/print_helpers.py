"""Helpers of the printing GUI tests: the 打印文书 dialog, the preview, page counts and the dates
around the 30-day window of a joint confirmation application."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import shiboken6
from pypdf import PdfReader

from mediator_app.services import cases as svc
from mediator_app.storage.database import Database
from mediator_app.ui import actions as act
from mediator_app.ui.documents import PrintDocumentsDialog
from mediator_app.ui.main_window import MainWindow
from mediator_app.ui.preview import PdfPreviewDialog
from tests.factories import SIGNED_ON
from tests.gui.conftest import wait_for_tasks

NO_FONT = "\U00031234"  # CJK Ext G: in no bundled font (tests/integration/test_fonts.py)
ON_TIME = SIGNED_ON + dt.timedelta(days=2)
LATE = SIGNED_ON + dt.timedelta(days=40)


def gone(dialog: Any) -> bool:
    """Closed: the dialogs delete themselves on close."""
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def number(db: Database, case_id: int) -> str:
    return svc.get_case(db, case_id).number


def pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def print_dialog(qtbot: Any, window: MainWindow) -> PrintDocumentsDialog:
    window.action_map[act.PRINT_DOCUMENTS].trigger()
    wait_for_tasks(qtbot)
    dialog = window.documents.dialog
    assert dialog is not None and dialog.isVisible() and dialog.boxes
    return dialog


def preview_of(window: MainWindow) -> PdfPreviewDialog:
    preview = window.preview
    assert preview is not None and preview.isVisible()
    return preview
