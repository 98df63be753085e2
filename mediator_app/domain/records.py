"""Records the procedure produces: investigations, mediation sessions, return visits, signatures,
the case's procedural state, and the history of its transitions. Plain dataclasses, no I/O.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class RecordKind(StrEnum):
    INVESTIGATION = "调查"
    SESSION = "调解"


@dataclass
class StepRecord:
    """调查记录 (时间、地点、调查人、被调查人、记录人、内容) or 调解记录
    (时间、地点、参加人、当事人、调解员、记录人、各方陈述、调解结果)."""

    kind: RecordKind
    held_at: dt.datetime
    place: str
    staff: str  # 调查人 / 调解员
    recorder: str
    content: str  # 调查内容 / 各方陈述
    subject: str = ""  # 被调查人 (investigation)
    participants: str = ""  # 参加人 invited with the parties' consent (PML Art. 20)
    parties_present: str = ""  # 当事人 present (session)
    result: str = ""  # 调解结果 (session)
    id: int | None = None


@dataclass
class TermCheck:
    term_seq: int
    status: str  # 已履行 / 部分履行 / 未履行 / 未到期
    note: str = ""


@dataclass
class ReturnVisit:
    """人民调解回访记录: who was visited, performance of each term, satisfaction, any new risk."""

    visited_on: dt.date
    visitor: str
    visited: str
    satisfaction: str  # 满意 / 基本满意 / 不满意
    terms: list[TermCheck] = field(default_factory=list)
    new_risk: str = ""
    note: str = ""
    id: int | None = None


TERM_STATUSES = ("已履行", "部分履行", "未履行", "未到期")
SATISFACTION = ("满意", "基本满意", "不满意")


@dataclass
class ProcedureState:
    """Everything the procedure has recorded about a case beyond its contents."""

    stage: str = "登记"
    handled_elsewhere: bool = False
    refusal_note: str = ""  # non-empty: a party clearly refused mediation (PML Art. 17)
    escalation_risk: bool = False
    risk_reported_on: dt.date | None = None
    risk_reported_to: str = ""
    rights_notified_on: dt.date | None = None
    mediator_choice: str = ""  # e.g. 当事人共同选择王德明 / 委员会指定
    publicity: str = ""  # 公开 / 不公开 (PML Art. 23(3))
    mediation_days: int = 30
    decline_reason: str = ""
    termination_reason: str = ""
    routes_notified: bool = False
    oral_content: str = ""
    oral_reached_on: dt.date | None = None
    parties_signed_on: dt.date | None = None  # the last party's signature / fingerprint / seal
    mediator_signed_on: dt.date | None = None
    sealed_on: dt.date | None = None
    confirmation_court: str = ""
    confirmation_applied_on: dt.date | None = None
    confirmation_decided_on: dt.date | None = None
    court_case_number: str = ""
    archived_from: str = ""
    archived_on: dt.date | None = None

    @property
    def effective_on(self) -> dt.date | None:
        """A written agreement takes effect when the last required mark is made (PML Art. 29)."""
        marks = (self.parties_signed_on, self.mediator_signed_on, self.sealed_on)
        if any(m is None for m in marks):
            return None
        return max(m for m in marks if m is not None)


@dataclass(frozen=True)
class Transition:
    at: dt.datetime
    actor: str
    event: str
    from_stage: str
    to_stage: str
    note: str = ""
