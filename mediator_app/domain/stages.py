"""Stages a case passes through and the events that move it (PML Arts. 17-33; docs/procedure.md)."""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    REGISTERED = "登记"
    DECLINED = "不予受理"
    ACCEPTED = "受理"
    INVESTIGATING = "调查"
    MEDIATING = "调解中"
    WRITTEN_AGREEMENT = "达成书面协议"
    ORAL_AGREEMENT = "达成口头协议"
    TERMINATED = "调解终止"
    PERFORMING = "履行中"
    VISITED = "回访"
    CONFIRMATION_APPLIED = "司法确认申请中"
    CONFIRMED = "司法确认有效"
    CONFIRMATION_REJECTED = "司法确认驳回"
    CONFIRMATION_NOT_ACCEPTED = "司法确认不予受理"  # the court refused to accept the application (SPC Interp. 355)
    ARCHIVED = "结案归档"
    VOIDED = "已作废"  # registered by mistake or twice: kept, never deleted (services.cases.void_case)


class Event(StrEnum):
    ACCEPT = "受理"
    DECLINE = "不予受理"
    INVESTIGATE = "记录调查"
    MEDIATE = "记录调解"
    CONCLUDE_WRITTEN = "达成书面协议"
    CONCLUDE_ORAL = "达成口头协议"
    TERMINATE = "终止调解"
    START_PERFORMANCE = "开始履行监督"
    RETURN_VISIT = "记录回访"
    APPLY_CONFIRMATION = "申请司法确认"
    CONFIRMATION_GRANTED = "法院确认有效"
    CONFIRMATION_DENIED = "法院驳回申请"
    CONFIRMATION_NOT_ACCEPTED = "法院不予受理"
    ARCHIVE = "结案归档"
    REOPEN = "重新启用"


# An agreement, written or oral, has been reached (its archiving needs a return visit, PML Art. 31).
AGREEMENT_STAGES = frozenset(
    {
        Stage.WRITTEN_AGREEMENT,
        Stage.ORAL_AGREEMENT,
        Stage.PERFORMING,
        Stage.VISITED,
        Stage.CONFIRMATION_APPLIED,
        Stage.CONFIRMED,
        Stage.CONFIRMATION_REJECTED,
        Stage.CONFIRMATION_NOT_ACCEPTED,
    }
)
# The written agreement has been concluded (an oral one is not: PML Art. 28, 30); the
# judicial-confirmation papers rest on it (Art. 33) and the confirmation package prints it.
WRITTEN_AGREEMENT_STAGES = AGREEMENT_STAGES - {Stage.ORAL_AGREEMENT}

# The step indicator shown to the mediator: where a case stands on the main road.
STEPS: tuple[tuple[str, frozenset[Stage]], ...] = (
    ("登记", frozenset({Stage.REGISTERED, Stage.DECLINED, Stage.VOIDED})),
    ("受理", frozenset({Stage.ACCEPTED})),
    ("调查", frozenset({Stage.INVESTIGATING})),
    ("调解", frozenset({Stage.MEDIATING})),
    ("协议/终止", frozenset({Stage.WRITTEN_AGREEMENT, Stage.ORAL_AGREEMENT, Stage.TERMINATED})),
    ("履行与回访", frozenset({Stage.PERFORMING, Stage.VISITED})),
    (
        "司法确认",
        frozenset(
            {Stage.CONFIRMATION_APPLIED, Stage.CONFIRMED, Stage.CONFIRMATION_REJECTED, Stage.CONFIRMATION_NOT_ACCEPTED}
        ),
    ),
    ("归档", frozenset({Stage.ARCHIVED})),
)


def step_index(stage: Stage) -> int:
    return next(i for i, (_, stages) in enumerate(STEPS) if stage in stages)
