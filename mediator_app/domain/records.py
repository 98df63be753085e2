"""Records the procedure produces: investigations, mediation sessions, return visits, signatures,
the case's procedural state, and the history of its transitions. Plain dataclasses, no I/O.

`record_errors` / `visit_errors` check a record where it enters (the services call them before
writing); each `FieldError` path is the dataclass field (``content``, ``terms[0].status``) so a
dialog shows the message at its input.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from mediator_app.domain.messages import too_long
from mediator_app.domain.stages import Stage
from mediator_app.errors import FieldError
from mediator_app.frozen import frozen

MAX_LINE = 200
MAX_TEXT = 20000


class RecordKind(StrEnum):
    INVESTIGATION = "调查"
    SESSION = "调解"


# repr=False: no generated __repr__ (each method a dataclass generates is compiled in every new
# process: a print command's ~50 classes took ~14 % of it, docs/documents.md "Speed");
# a printed record would also show personal data unmasked.
@dataclass(repr=False)
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


@dataclass(repr=False)
class TermCheck:
    """One agreement term's state as found at a return visit (回访)."""

    term_seq: int
    status: str  # 已履行 / 部分履行 / 未履行 / 未到期
    note: str = ""


@dataclass(repr=False)
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


@dataclass(repr=False)
class ProcedureState:
    """Everything the procedure has recorded about a case beyond its contents."""

    stage: Stage = Stage.REGISTERED
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
    declined_on: dt.date | None = None  # the decision's date, printed on the 不予受理告知书
    termination_reason: str = ""
    terminated_on: dt.date | None = None  # the decision's date, printed on the 终止调解通知书
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


@frozen(repr=False)
class Transition:
    """One step of the case's procedure as it was taken: who, when, from which stage to which."""

    at: dt.datetime
    actor: str
    event: str
    from_stage: Stage
    to_stage: Stage
    note: str = ""


def _text(path: str, value: str, label: str, required: bool, limit: int = MAX_LINE) -> Iterator[FieldError]:
    if required and not value.strip():
        yield FieldError(path, f"请填写{label}")
    elif len(value) > limit:
        yield FieldError(path, too_long(label, limit, len(value)))


def record_errors(record: StepRecord, today: dt.date) -> list[FieldError]:
    """调查记录: 时间、地点、调查人、被调查人、内容 required; 调解记录: 时间、地点、当事人、调解员、
    各方陈述、调解结果 required (PML Art. 27: the mediator records the mediation)."""
    session = record.kind is RecordKind.SESSION
    errors: list[FieldError] = []
    if record.held_at.date() > today:
        errors.append(FieldError("held_at", "时间不能晚于今天"))
    errors += _text("place", record.place, "地点", True)
    errors += _text("staff", record.staff, "调解员" if session else "调查人", True)
    errors += _text("recorder", record.recorder, "记录人", False)
    errors += _text("subject", record.subject, "被调查人", not session)
    errors += _text("participants", record.participants, "参加人" if session else "在场人", False)
    errors += _text("parties_present", record.parties_present, "到场的当事人", session)
    errors += _text("content", record.content, "各方陈述" if session else "调查内容", True, MAX_TEXT)
    errors += _text("result", record.result, "调解结果", session, MAX_TEXT)
    return errors


def visit_errors(visit: ReturnVisit, today: dt.date) -> list[FieldError]:
    """人民调解回访记录: who visited whom, when, each term's performance and the satisfaction."""
    errors: list[FieldError] = []
    if visit.visited_on > today:
        errors.append(FieldError("visited_on", "回访日期不能晚于今天"))
    errors += _text("visitor", visit.visitor, "回访人", True)
    errors += _text("visited", visit.visited, "被回访人", True)
    if visit.satisfaction not in SATISFACTION:
        errors.append(FieldError("satisfaction", "请选择当事人的满意程度"))
    for i, check in enumerate(visit.terms):
        if check.status not in TERM_STATUSES:
            errors.append(FieldError(f"terms[{i}].status", "请选择这一项的履行情况"))
        errors += _text(f"terms[{i}].note", check.note, "说明", False)
    errors += _text("new_risk", visit.new_risk, "新的矛盾或风险", False, MAX_TEXT)
    errors += _text("note", visit.note, "回访情况", False, MAX_TEXT)
    return errors
