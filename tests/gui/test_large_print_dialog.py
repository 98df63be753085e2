"""打印文书 → 大字本: a party's copy of the agreement in large type, from the same dialog."""

from __future__ import annotations

from typing import Any

import pytest

from mediator_app.services import printing
from mediator_app.services.printing import DatabaseStore, PrintJob
from mediator_app.storage.database import Database
from mediator_app.ui.clock import Clock
from tests import docfixtures
from tests.gui.procedure_helpers import click, open_window, show_case
from tests.gui.test_documents_print import ON_TIME, pages, preview_of, print_dialog
from tests.pdfcheck import needs_poppler, pdf_text, squeeze

pytestmark = pytest.mark.gui


@needs_poppler
def test_the_large_print_box_prints_the_agreement_in_large_type(qtbot: Any, committee_db: Database) -> None:
    case_id = docfixtures.agreement_case(committee_db)
    window = open_window(qtbot, committee_db, Clock(ON_TIME))
    show_case(qtbot, window, case_id)
    dialog = print_dialog(qtbot, window)
    dialog.set_selection(["mediation_agreement"])
    dialog.large_print.setChecked(True)
    click(qtbot, dialog.preview_button)
    preview = preview_of(window)
    standard = printing.render(DatabaseStore(committee_db), PrintJob.forms(case_id, ["mediation_agreement"]))
    assert pages(preview.pdf) > pages(standard)
    assert "人民调解协议书（大字本）" in squeeze(pdf_text(preview.pdf))  # marked as the party's copy
