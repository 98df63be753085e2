"""The words of the procedure screens: what each button is called, what it does, and which of the
"other facts" buttons belong to which stage. Display tables only: whether an act is allowed, and
why not, always comes from the state machine (`services.procedure.workflow`).
"""

from __future__ import annotations

from mediator_app.domain.stages import Event, Stage
from mediator_app.frozen import frozen

E, S = Event, Stage

# The mediator's words for each step: the event's own name, except that the three court outcomes are
# one button (one dialog asks which).
BUTTON_TEXT: dict[Event, str] = {event: event.value for event in Event} | {
    E.CONFIRMATION_GRANTED: "记录法院裁定",
    E.CONFIRMATION_DENIED: "记录法院裁定",
    E.CONFIRMATION_NOT_ACCEPTED: "记录法院裁定",
}

DESCRIPTION: dict[Event, str] = {
    E.ACCEPT: "已告知当事人权利义务、当事人同意调解的，受理并登记",
    E.DECLINE: "不属于人民调解范围的，写明理由并告知当事人",
    E.INVESTIGATE: "了解纠纷事实，填写调查记录",
    E.MEDIATE: "每次调解后填写调解记录",
    E.CONCLUDE_WRITTEN: "协议条款填好后确认达成协议；确认后条款不能再修改",
    E.CONCLUDE_ORAL: "当事人认为不需要协议书的，记录口头协议内容",
    E.TERMINATE: "调解不成或当事人要求终止的，告知当事人其他解决途径",
    E.START_PERFORMANCE: "协议生效后，督促当事人按期履行",
    E.RETURN_VISIT: "回访当事人，记录协议履行情况",
    E.APPLY_CONFIRMATION: "当事人要求的，协议生效三十日内共同向人民法院申请",
    E.CONFIRMATION_GRANTED: "收到人民法院的裁定后，记录结果",
    E.CONFIRMATION_DENIED: "收到人民法院的裁定后，记录结果",
    E.CONFIRMATION_NOT_ACCEPTED: "收到人民法院的裁定后，记录结果",
    E.ARCHIVE: "整理卷宗，结案归档",
    E.REOPEN: "已归档的案件确需继续办理的，写明理由",
}

SIGNATURES = "signatures"
SIGNATURES_TEXT = "记录签署"
SIGNATURES_DESCRIPTION = "各方签名（按指印）、调解员签名、加盖印章后，记录日期；协议自最后一项完成之日起生效"


@frozen
class FactSpec:
    """A fact that is not a step (a refusal, a risk report…): a button shown in the listed stages."""

    key: str
    text: str
    tip: str
    stages: frozenset[Stage]


_BEFORE_AGREEMENT = frozenset({S.REGISTERED, S.ACCEPTED, S.INVESTIGATING, S.MEDIATING})
_OPEN = frozenset(set(Stage) - {S.ARCHIVED, S.DECLINED, S.TERMINATED})

FACTS: tuple[FactSpec, ...] = (
    FactSpec("refusal", "当事人拒绝调解", "有当事人明确表示不同意调解时记录", _BEFORE_AGREEMENT),
    FactSpec("risk", "激化风险/报告", "纠纷可能激化时记录，并记录向公安机关或有关部门报告的情况", _OPEN),
    FactSpec(
        "extend",
        "延长调解期限",
        "经双方当事人同意，延长调解期限",
        frozenset({S.ACCEPTED, S.INVESTIGATING, S.MEDIATING}),
    ),
    FactSpec("choices", "当事人选择", "当事人选择的调解员，以及是否公开调解", _BEFORE_AGREEMENT),
)


def button_text(event: Event) -> str:
    return BUTTON_TEXT[event]


def facts_for(stage: Stage) -> list[FactSpec]:
    return [f for f in FACTS if stage in f.stages]


# Record kinds of the dialogs that keep drafts (DraftStore keys), with their names.
DRAFT_NAMES: dict[str, str] = {
    "investigation": "调查记录",
    "session": "调解记录",
    "oral": "口头协议",
    "visit": "回访记录",
    "terminate": "终止调解",
}
DRAFT_EVENTS: dict[str, Event] = {
    "investigation": E.INVESTIGATE,
    "session": E.MEDIATE,
    "oral": E.CONCLUDE_ORAL,
    "visit": E.RETURN_VISIT,
    "terminate": E.TERMINATE,
}
