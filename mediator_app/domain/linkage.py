"""Work orders to other units (工作联系单/协办函, the "1+n" of a one-stop window) and the default list of
units a committee sends them to. Pure: no I/O.

A dispute a committee cannot settle alone (a boundary for the land office, wages for labour
inspection, a threat for the police station) goes out as a work order with a time limit in working
days; the unit's reply is recorded on it. Why and how: docs/linkage.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mediator_app.errors import FieldError
from mediator_app.frozen import frozen

# The time limit a mediator may give, in working days: at least one, at most a quarter's working days.
LIMIT_DAYS_RANGE = (1, 60)
DEFAULT_LIMIT_DAYS = 5
TEXT_LIMIT = 2000
UNIT_LIMIT = 100
NAME_LIMIT = 100  # who sent, who replied, who called: the columns' length (storage/tables.py)


# repr=False: no generated __repr__ (each method a dataclass generates is compiled in every new
# process: a print command's ~50 classes took ~14 % of it, docs/documents.md "Speed");
# a printed record would also show personal data unmasked.
@dataclass(repr=False)
class WorkOrder:
    """One 工作联系单: to `unit`, about `matter`, asking `action` within `limit_days` working days."""

    unit: str
    matter: str
    action: str
    limit_days: int
    issued_on: dt.date
    due_on: dt.date
    issued_by: str
    seq: int = 0
    replied_on: dt.date | None = None
    reply: str = ""
    reply_by: str = ""
    id: int | None = None

    @property
    def replied(self) -> bool:
        return self.replied_on is not None

    def days_left(self, today: dt.date) -> int:
        return (self.due_on - today).days

    def overdue(self, today: dt.date) -> bool:
        return not self.replied and self.due_on < today

    def number(self, case_number: str) -> str:
        """The order's number: the case number and the order's place in the case (…第12号-联2)."""
        return f"{case_number}-联{self.seq}"

    def status(self, today: dt.date) -> str:
        if self.replied:
            return "已回复"
        if self.overdue(today):
            return f"已逾期{-self.days_left(today)}天"
        return "待回复"


def work_order_errors(unit: str, matter: str, action: str, limit_days: int, issued_by: str) -> list[FieldError]:
    """What a new work order lacks, one `FieldError` per field (paths as the dialog's widgets)."""
    errors = []
    if not unit.strip():
        errors.append(FieldError("unit", "请选择或填写协办单位"))
    elif len(unit.strip()) > UNIT_LIMIT:
        errors.append(FieldError("unit", f"协办单位名称不能超过{UNIT_LIMIT}个字"))
    if not matter.strip():
        errors.append(FieldError("matter", "请写明需要协办的事项"))
    if not action.strip():
        errors.append(FieldError("action", "请写明请对方单位做什么"))
    for path, text in (("matter", matter), ("action", action)):
        if len(text) > TEXT_LIMIT:
            errors.append(FieldError(path, f"不能超过{TEXT_LIMIT}个字"))
    low, high = LIMIT_DAYS_RANGE
    if not low <= limit_days <= high:
        errors.append(FieldError("limit_days", f"办理时限应为{low}至{high}个工作日"))
    if not issued_by.strip():
        errors.append(FieldError("issued_by", "请填写发函人"))
    return errors + name_errors(issued_by=issued_by)


def name_errors(**names: str) -> list[FieldError]:
    """A person's or unit's name longer than its column (`NAME_LIMIT`): refused here, not cut or refused
    by the database later."""
    return [
        FieldError(path, f"不能超过{NAME_LIMIT}个字") for path, text in names.items() if len(text.strip()) > NAME_LIMIT
    ]


@frozen(repr=False)
class AnswerWords:
    """How an answer's problems are worded: the answer's and its date's paths, and what to call them."""

    text_path: str
    date_path: str
    done: str  # 此联系单已记录回复
    missing: str  # 请填写对方单位的回复内容
    noun: str  # 回复
    sent: str  # 发函


def answer_errors(
    words: AnswerWords, answered: bool, sent_on: dt.date, answered_on: dt.date, text: str, today: dt.date, limit: int
) -> list[FieldError]:
    """An answer recorded once, not empty, not too long, dated between the day it was asked and today."""
    errors = []
    if answered:
        errors.append(FieldError(words.text_path, f"{words.done}，不能再改"))
    if not text.strip():
        errors.append(FieldError(words.text_path, words.missing))
    elif len(text) > limit:
        errors.append(FieldError(words.text_path, f"{words.noun}内容不能超过{limit}个字"))
    if answered_on < sent_on:
        errors.append(FieldError(words.date_path, f"{words.noun}日期不能早于{words.sent}日期"))
    if answered_on > today:
        errors.append(FieldError(words.date_path, f"{words.noun}日期不能晚于今天"))
    return errors


REPLY_WORDS = AnswerWords("reply", "replied_on", "此联系单已记录回复", "请填写对方单位的回复内容", "回复", "发函")


def reply_errors(order: WorkOrder, replied_on: dt.date, reply: str, today: dt.date) -> list[FieldError]:
    return answer_errors(REPLY_WORDS, order.replied, order.issued_on, replied_on, reply, today, TEXT_LIMIT)
