"""A document the procedure has not reached yet is refused at every door: a trial printed the 人民调解协议书
of a case still at 登记 (PML Art. 28: the agreement is made once mediation reached it). The printing
service's job and list, and the self-test; the rule itself (procedure.print_stages) in
tests/unit/test_print_stages.py, the tool bar and the 打印文书 dialog in tests/gui/test_documents_print.py,
the command line in tests/integration/test_cli.py."""

from __future__ import annotations

import pytest

from mediator_app.domain.stages import Stage
from mediator_app.selftest import run_self_test
from mediator_app.services import cases as svc
from mediator_app.services import printing
from mediator_app.services import procedure as proc
from mediator_app.services.printing import DatabaseStore, PrintJob
from mediator_app.storage.database import Database
from tests import docfixtures
from tests.factories import make_case

S = Stage
AGREEMENT = "mediation_agreement"
BEFORE_MEDIATION = (S.REGISTERED, S.ACCEPTED, S.INVESTIGATING)


def _registered(db: Database) -> int:
    saved = svc.register_case(db, make_case(2))
    assert saved.id is not None and saved.agreement is not None  # terms typed in at 登记 already
    return saved.id


def test_the_service_refuses_the_agreement_at_registration_with_one_reason(committee_db: Database) -> None:
    case_id = _registered(committee_db)
    store = DatabaseStore(committee_db)
    with pytest.raises(printing.PrintProblems) as caught:
        printing.render(store, PrintJob.forms(case_id, [AGREEMENT, "rights_notice"]))
    [problem] = caught.value.problems  # the rights notice can print: only the agreement is named
    assert problem.form_id == AGREEMENT and [e.path for e in problem.errors] == ["state.stage"]
    assert "以下文书还不能打印：人民调解协议书：案件处于“登记”阶段" in caught.value.message
    with pytest.raises(printing.PrintProblems):  # the party's large-print copy too
        printing.render(store, PrintJob.forms(case_id, [AGREEMENT], large_print=True))
    status = printing.case_forms(store, case_id).status(AGREEMENT)
    assert status is not None and status.missing[0].path == "state.stage"  # the 打印文书 dialog's note
    assert printing.render(store, PrintJob.forms(case_id, ["rights_notice"])).startswith(b"%PDF")

    docfixtures.mediated(committee_db, case_id)
    assert printing.render(store, PrintJob.forms(case_id, [AGREEMENT])).startswith(b"%PDF")
    status = printing.case_forms(store, case_id).status(AGREEMENT)
    assert status is not None and status.missing == ()


def test_a_terminated_case_has_no_agreement_to_print(committee_db: Database) -> None:
    case_id = _registered(committee_db)
    docfixtures.mediated(committee_db, case_id)
    assert proc.terminate(committee_db, case_id, "双方分歧较大", routes_notified=True).allowed
    with pytest.raises(printing.PrintProblems) as caught:
        printing.render(DatabaseStore(committee_db), PrintJob.forms(case_id, [AGREEMENT]))
    assert [e.path for e in caught.value.errors] == ["stage"]
    assert "案件处于“调解终止”阶段，没有调解协议" in caught.value.message


def test_the_self_test_proves_the_refusal_then_prints_after_mediation(monkeypatch: pytest.MonkeyPatch) -> None:
    ok, message = run_self_test()
    assert ok and "登记时拒印协议书" in message, message
    monkeypatch.setattr("mediator_app.services.printing.jobs.stage_errors", lambda _form, _state: [])
    ok, message = run_self_test()
    assert not ok and "登记阶段的案件竟能打印协议书" in message
