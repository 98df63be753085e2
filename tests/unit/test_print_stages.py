"""The procedure's rule of what may print at a case's stage (procedure.print_stages; PML Art. 28 for the
agreement, Art. 33 for the judicial-confirmation papers). Pure: part of the procedure/ branch-coverage
gate (.ci/run). Every door that applies it: tests/integration/test_print_stages.py."""

from __future__ import annotations

import pytest

from mediator_app.domain.records import ProcedureState
from mediator_app.domain.stages import Stage
from mediator_app.procedure import print_stages

S = Stage
AGREEMENT = "mediation_agreement"
BEFORE_MEDIATION = (S.REGISTERED, S.ACCEPTED, S.INVESTIGATING)


@pytest.mark.parametrize("stage", list(Stage))
def test_the_agreement_prints_from_mediation_on_and_never_after_an_end_without_one(stage: Stage) -> None:
    errors = print_stages.stage_errors(AGREEMENT, ProcedureState(stage=stage))
    if stage in BEFORE_MEDIATION:
        [error] = errors
        assert error.path == "state.stage" and f"案件处于“{stage.value}”阶段" in error.message
        assert "《人民调解法》第二十八条" in error.message
    elif stage in (S.DECLINED, S.TERMINATED, S.VOIDED):
        [error] = errors
        assert error.path == "stage" and "没有调解协议" in error.message  # no step makes one: no fix offered
    elif stage is S.ARCHIVED:
        assert errors == []  # from a stage not recorded (older files); otherwise judged by that stage (below)
    else:
        assert errors == []


def test_an_archived_case_is_judged_by_the_stage_it_was_archived_from() -> None:
    visited = ProcedureState(stage=S.ARCHIVED, archived_from=S.VISITED.value)
    terminated = ProcedureState(stage=S.ARCHIVED, archived_from=S.TERMINATED.value)
    assert print_stages.stage_errors(AGREEMENT, visited) == []
    assert [e.path for e in print_stages.stage_errors(AGREEMENT, terminated)] == ["stage"]


def test_the_confirmation_papers_need_the_written_agreement_concluded() -> None:
    for form_id in ("confirmation_application", "confirmation_materials", "mediation_certificate"):
        [error] = print_stages.stage_errors(form_id, ProcedureState(stage=S.MEDIATING))
        assert error.path == "state.stage" and "《人民调解法》第三十三条" in error.message
        assert print_stages.stage_errors(form_id, ProcedureState(stage=S.WRITTEN_AGREEMENT)) == []
    assert print_stages.stage_errors("rights_notice", ProcedureState()) == []  # a form the rule does not name
