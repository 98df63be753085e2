"""A 法律支持申请: a mediator's legal question to the judges' workstation (法官工作站) or the court hotline
12368, with the case summary it needs, and the answer when it comes. Pure: no I/O.

The recipient needs the dispute, not the people: the summary names the parties by their role
(申请人甲, 被申请人乙, …) instead of their names and masks ID and mobile numbers (PIPL Arts. 5-6:
no more personal information than the purpose needs; Art. 51). The mediator reads and may shorten
it before sending; what was sent is kept as sent. Why: docs/linkage.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mediator_app.domain import linkage
from mediator_app.domain.linkage import AnswerWords
from mediator_app.domain.masking import mask_text
from mediator_app.domain.model import Case, PartyRole
from mediator_app.errors import FieldError

RECIPIENTS = ("法官工作站", "12368诉讼服务热线")
TEXT_LIMIT = 4000
_ORDINALS = "甲乙丙丁戊己庚辛壬癸"


# repr=False: no generated __repr__ (each method a dataclass generates is compiled in every new
# process: a print command's ~50 classes took ~14 % of it, docs/documents.md "Speed");
# a printed record would also show personal data unmasked.
@dataclass(repr=False)
class LegalSupportRequest:
    """A 法律支持申请: the mediator's legal question to the judges' workstation or the 12368 hotline, with its answer."""

    recipient: str
    summary: str
    question: str
    asked_on: dt.date
    asked_by: str
    seq: int = 0
    answered_on: dt.date | None = None
    answer: str = ""
    answered_by: str = ""
    id: int | None = None

    @property
    def answered(self) -> bool:
        return self.answered_on is not None

    def status(self) -> str:
        return f"已答复（{self.answered_on.isoformat()}）" if self.answered_on else "待答复"


def aliases(case: Case) -> dict[str, str]:
    """Each party's name → its role and ordinal (申请人甲, 被申请人乙), in the order of the case."""
    counts: dict[PartyRole, int] = {}
    out: dict[str, str] = {}
    for party in sorted(case.parties, key=lambda p: p.seq):
        n = counts.get(party.role, 0)
        counts[party.role] = n + 1
        if party.name.strip():
            out[party.name.strip()] = f"{party.role.value}{_ORDINALS[n % len(_ORDINALS)]}"
    return out


def masked(text: str, names: dict[str, str]) -> str:
    """`text` with the parties' names replaced by their aliases (longest names first, so that 张三丰 is
    not read as 张三) and ID and mobile numbers masked."""
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, names[name])
    return mask_text(text)


def masked_summary(case: Case) -> str:
    """The case as the recipient needs it: type, who by role, the facts and the claims, masked."""
    names = aliases(case)
    lines = [f"纠纷类型：{case.dispute_type}", f"当事人：{'、'.join(names.values()) or '（未登记）'}（姓名已隐去）"]
    if case.facts.strip():
        lines.append(f"纠纷简要情况：{masked(case.facts.strip(), names)}")
    if case.claims.strip():
        lines.append(f"当事人申请事项：{masked(case.claims.strip(), names)}")
    return "\n".join(lines)


def request_errors(recipient: str, summary: str, question: str, asked_by: str) -> list[FieldError]:
    errors = []
    if not recipient.strip():
        errors.append(FieldError("recipient", "请选择或填写向谁申请（法官工作站、12368等）"))
    if not question.strip():
        errors.append(FieldError("question", "请写明需要解答的法律问题"))
    for path, text in (("summary", summary), ("question", question)):
        if len(text) > TEXT_LIMIT:
            errors.append(FieldError(path, f"不能超过{TEXT_LIMIT}个字"))
    if not asked_by.strip():
        errors.append(FieldError("asked_by", "请填写申请人（调解员）"))
    return errors + linkage.name_errors(recipient=recipient, asked_by=asked_by)


ANSWER_WORDS = AnswerWords("answer", "answered_on", "此申请已记录答复", "请填写答复内容", "答复", "申请")


def answer_errors(request: LegalSupportRequest, answered_on: dt.date, answer: str, today: dt.date) -> list[FieldError]:
    return linkage.answer_errors(
        ANSWER_WORDS, request.answered, request.asked_on, answered_on, answer, today, TEXT_LIMIT
    )
