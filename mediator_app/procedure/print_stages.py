"""Which documents the procedure allows to be printed at a case's stage. Pure: (form id, state) -> refusal.

A form's `requires` (documents.fields) checks that its fields are filled; it cannot tell whether the
step that produces the paper has happened. Agreement terms can be typed in at 登记 already, so
without this rule a 人民调解协议书 of a case that was never accepted nor mediated printed — a paper a
court sends back, since a mediation agreement is made only once mediation reached it (PML Art. 28).
The printing service asks `stage_errors` for every form of a case's print job and for the 打印文书
dialog's list, so every door (tool bar, dialog, command line, self-test) refuses alike.

    stage_errors(form_id, state) -> list[FieldError]    [] when the stage allows the form

The error's path is "state.stage" when a later step of the procedure makes the form printable (the
print screens offer 办理步骤 as the fix), "stage" when the case ended without an agreement (no fix).
"""

from __future__ import annotations

from mediator_app.domain.records import ProcedureState
from mediator_app.domain.stages import AGREEMENT_STAGES, WRITTEN_AGREEMENT_STAGES, Stage
from mediator_app.errors import FieldError

S = Stage
PML_28 = "《人民调解法》第二十八条"
PML_33 = "《人民调解法》第三十三条"

# Mediation has begun (PML Art. 28: the agreement is made when mediation reaches it) or reached an
# agreement; an oral one may still be put in writing (confirmation needs a written one, PML Art. 33).
MEDIATED_STAGES = AGREEMENT_STAGES | {S.MEDIATING}
# Ended without an agreement: no later step makes an agreement printable.
NO_AGREEMENT_STAGES = frozenset({S.DECLINED, S.TERMINATED, S.VOIDED})

# The judicial-confirmation papers rest on the concluded written agreement (PML Art. 33).
_CONFIRMATION = (WRITTEN_AGREEMENT_STAGES, "尚未达成书面调解协议；司法确认须就书面调解协议申请", PML_33)

FORM_STAGES: dict[str, tuple[frozenset[Stage], str, str]] = {
    # form id: (stages it may print at, what has not happened yet, the article)
    "mediation_agreement": (MEDIATED_STAGES, "尚未经调解达成协议；调解协议书须在调解达成协议后制作", PML_28),
    **dict.fromkeys(("confirmation_application", "confirmation_materials", "mediation_certificate"), _CONFIRMATION),
}


def effective_stage(state: ProcedureState) -> Stage:
    """The stage that decides: an archived case is judged by the stage it was archived from."""
    stage = Stage(state.stage)
    if stage is S.ARCHIVED and state.archived_from:
        return Stage(state.archived_from)
    return stage


def stage_errors(form_id: str, state: ProcedureState) -> list[FieldError]:
    """Why the form may not be printed at the case's stage, citing the article; [] when it may."""
    rule = FORM_STAGES.get(form_id)
    if rule is None:
        return []
    stages, lacking, article = rule
    stage = effective_stage(state)
    if stage in stages or stage is S.ARCHIVED:  # archived, from a stage not recorded (older files): not refused
        return []
    if stage in NO_AGREEMENT_STAGES:
        return [FieldError("stage", f"案件处于“{stage.value}”阶段，没有调解协议，不能打印此文书（{article}）")]
    return [FieldError("state.stage", f"案件处于“{stage.value}”阶段，{lacking}（{article}）")]
