"""The printing service as the print dialogs use it: each form's state for a case, problems named per
document, blank forms in one PDF."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from mediator_app.errors import UserFacingError
from mediator_app.services import printing
from mediator_app.services.printing import DatabaseStore, PrintJob
from mediator_app.storage.database import Database
from tests import docfixtures
from tests.factories import SIGNED_ON, make_case

NO_FONT = "\U00031234"  # CJK Ext G: in no bundled font
COURT = docfixtures.COURT


pytestmark = [pytest.mark.usefixtures("committee_db"), pytest.mark.engines]  # `db` holds the fixture committee


def test_case_forms_count_records_and_name_what_is_missing(db: Database) -> None:
    forms = printing.case_forms(DatabaseStore(db), docfixtures.oral_case(db))
    assert forms.stage == "达成口头协议" and forms.parties == 2
    status = {f.form_id: f for f in forms.forms}
    assert status["session_record"].count == 1 and status["session_record"].each == "session"
    assert status["investigation_record"].count == 0 and status["power_of_attorney"].count == 0
    assert [e.path for e in status["termination_notice"].missing] == ["state.termination_reason"]
    assert not status["oral_agreement_register"].missing
    assert forms.status("nothing") is None


def test_every_failing_document_is_named_with_its_fields(db: Database) -> None:
    case_id = docfixtures.oral_case(db)
    with pytest.raises(printing.PrintProblems) as caught:
        printing.render(
            DatabaseStore(db),
            PrintJob.forms(case_id, ["rights_notice", "termination_notice", "return_visit_record", "dossier_back"]),
        )
    problems = {p.form_id: p for p in caught.value.problems}
    assert set(problems) == {"termination_notice", "return_visit_record"}
    assert problems["termination_notice"].errors[0].path == "state.termination_reason"
    assert "尚无回访记录" in problems["return_visit_record"].message
    assert "终止调解告知书：尚未记录终止调解的原因" in caught.value.message
    with pytest.raises(UserFacingError, match="请选择要打印的文书"):
        printing.render(DatabaseStore(db), PrintJob.forms(case_id, []))


def test_a_package_document_that_cannot_print_is_named(db: Database) -> None:
    case = make_case(3)
    case.parties[1].name = f"吉{NO_FONT}"
    case_id = docfixtures.agreement_case(db, case, confirm=False)
    with pytest.raises(printing.PrintProblems) as caught:
        printing.render(DatabaseStore(db), PrintJob.package(case_id, COURT, today=SIGNED_ON))
    names = [p.form_id for p in caught.value.problems]
    assert names[:3] == ["confirmation_application", "mediation_agreement", "mediation_certificate"]
    assert all(any(e.path == "parties[1].name" for e in p.errors) for p in caught.value.problems[:2])


def test_the_dossier_names_the_filed_document_that_fails(db: Database) -> None:
    case = make_case(2)
    case.parties[0].name = f"刘{NO_FONT}"
    case_id = docfixtures.agreement_case(db, case, confirm=False)
    with pytest.raises(printing.PrintProblems) as caught:
        printing.render(DatabaseStore(db), PrintJob.dossier(case_id, today=SIGNED_ON))
    failing = {p.form_id for p in caught.value.problems}
    assert {"mediation_application", "session_record", "mediation_agreement"} <= failing


def test_blank_forms_in_one_pdf() -> None:
    one = printing.render(None, PrintJob.blank(["rights_notice"]))
    both = printing.render(None, PrintJob.blank(["rights_notice", "session_record"]))
    pages = [len(PdfReader(io.BytesIO(pdf)).pages) for pdf in (one, both)]
    assert pages[1] > pages[0] >= 1
    assert "（空白）" in str(PdfReader(io.BytesIO(both)).metadata.title)
    with pytest.raises(UserFacingError):
        printing.render(None, PrintJob.blank([]))
