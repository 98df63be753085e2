"""What the statistics count about one case (`CaseStats`), the value lists the justice bureau's
reports use (outcome, agreement form, difficulty grade, judicial-confirmation result, prevention and
failure flags, special groups) and the validation of what a mediator enters (docs/statistics.md).

Recorded where the work happens: the procedure steps set the closing date, the outcome, the form of
the agreement and the judicial-confirmation result (services.procedure); the mediator records the rest
on the case (统计信息) or in the quick oral-case entry. Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field, fields
from enum import StrEnum

from mediator_app.domain.model import Case, CaseSource
from mediator_app.domain.money import Money
from mediator_app.domain.records import MAX_TEXT
from mediator_app.errors import FieldError, ValidationError


class Outcome(StrEnum):
    """调解结果. 成功 = an agreement (written or oral); 不成功 = mediation failed (PML Art. 26);
    终止 = ended otherwise (a party withdrew, the matter went elsewhere)."""

    SUCCESS = "成功"
    FAILURE = "不成功"
    ENDED = "终止"


class AgreementForm(StrEnum):
    ORAL = "口头"
    WRITTEN = "书面"


class Difficulty(StrEnum):
    """难度级别: the locality's subsidy rules pay by it (以案定补)."""

    ORDINARY = "一般"
    DIFFICULT = "疑难"
    MAJOR = "重大"


class Confirmation(StrEnum):
    """司法确认 as the court answered (《民事诉讼法》第二百零五条、第二百零六条)."""

    APPLIED = "申请"
    CONFIRMED = "确认"
    REJECTED = "驳回"
    NOT_ACCEPTED = "不予受理"


# 预防效果, each counted in 件 (cases flagged) and 人 (people the flag concerns): field → report caption.
PREVENTION: tuple[tuple[str, str], ...] = (
    ("prevent_screened", "排查纠纷"),
    ("prevent_dispute", "预防纠纷"),
    ("prevent_suicide", "防止民间纠纷引起自杀"),
    ("prevent_crime", "防止民转刑"),
    ("prevent_petition", "防止群体性上访"),
    ("prevent_fight", "防止群体性械斗"),
)
# Escalation that happened anyway (件, 人).
FAILURES: tuple[tuple[str, str], ...] = (
    ("formed_incident", "形成群体性事件"),
    ("formed_petition", "形成群体性上访"),
)
SPECIAL_GROUPS: tuple[tuple[str, str], ...] = (
    ("elderly", "老年人"),
    ("disabled", "残疾人"),
    ("seriously_ill", "重病患者"),
    ("pregnant", "孕产妇"),
    ("minor", "未成年人"),
    ("low_income", "低收入群体"),
)

# What intake may type for a group besides its caption (the CLI's --special-groups): the short forms
# mediators say. The fact itself is the one above; nothing else names the groups.
_GROUP_ALIASES = {"老人": "elderly", "残疾": "disabled", "重病": "seriously_ill", "孕妇": "pregnant", "未成年": "minor"}
_GROUP_ALIASES |= {"低收入": "low_income", "产妇": "pregnant"}
_GROUP_SEPARATORS = ("，", ",", "；", ";", " ", "\u3000")


def special_groups_from(text: str) -> tuple[str, ...]:
    """The special groups named in `text` ("老年人、孕妇"), as `CaseStats` field names in the order of
    SPECIAL_GROUPS. A word that is not a group raises a ValidationError at ``stats.groups`` naming it
    and the groups there are."""
    by_caption = {caption: name for name, caption in SPECIAL_GROUPS} | _GROUP_ALIASES
    for separator in _GROUP_SEPARATORS:
        text = text.replace(separator, "、")
    named: set[str] = set()
    for word in (w for w in text.split("、") if w):
        if word not in by_caption:
            choices = "、".join(caption for _, caption in SPECIAL_GROUPS)
            raise ValidationError([FieldError("stats.groups", f"“{word}”不是特殊群体；可以填写：{choices}")])
        named.add(by_caption[word])
    return tuple(name for name, _ in SPECIAL_GROUPS if name in named)


def intake_stats(groups: Collection[str]) -> CaseStats:
    """The statistics facts a new case starts with when intake ticked special groups (field names)."""
    unknown = set(groups) - {name for name, _ in SPECIAL_GROUPS}
    if unknown:
        raise ValueError(f"not special groups: {sorted(unknown)}")
    stats = CaseStats()
    for name in groups:
        setattr(stats, name, True)
    return stats


# 案件来源 as the reports subdivide it: 主动 / 依申请 / 委托移送 (公安, 法院, 12345, 其他).
SOURCE_GROUPS: tuple[tuple[str, tuple[CaseSource, ...]], ...] = (
    ("主动调解", (CaseSource.OWN_INITIATIVE, CaseSource.GRID)),
    ("依申请调解", (CaseSource.APPLICATION,)),
    ("委托移送·公安", (CaseSource.POLICE,)),
    ("委托移送·法院", (CaseSource.COURT,)),
    ("委托移送·12345", (CaseSource.HOTLINE_12345,)),
    ("委托移送·其他", (CaseSource.OTHER,)),
)

LONG_RUNNING_YEARS = 2  # "disputes older than two years" (the figure directors ask for)
MAX_PEOPLE = 100_000


@dataclass
class CaseStats:
    """The statistics of one case. A flag's value is the number of people it concerns; None: not flagged."""

    difficulty: Difficulty = Difficulty.ORDINARY
    people_involved: int = 0  # 涉及人数; 0: not given, the parties are counted
    amount: Money | None = None  # 涉及金额
    self_performed: bool = False  # 自动履行
    migrant_worker: bool = False  # 涉及农民工
    dispute_began_on: dt.date | None = None  # when the dispute arose (for "longer than two years")
    confirmation: Confirmation | None = None
    confirmation_ruled_on: dt.date | None = None
    confirmation_ruling: str = ""  # the court's ruling number
    prevent_screened: int | None = None
    prevent_dispute: int | None = None
    prevent_suicide: int | None = None
    prevent_crime: int | None = None
    prevent_petition: int | None = None
    prevent_fight: int | None = None
    formed_incident: int | None = None
    formed_petition: int | None = None
    elderly: bool = False
    disabled: bool = False
    seriously_ill: bool = False
    pregnant: bool = False
    minor: bool = False
    low_income: bool = False
    # Set by the procedure step that closes the case (services.procedure), not typed.
    closed_on: dt.date | None = None
    outcome: Outcome | None = None
    agreement_form: AgreementForm | None = None

    @property
    def special_group(self) -> bool:
        return any(getattr(self, name) for name, _ in SPECIAL_GROUPS)


STATS_FIELDS = tuple(f.name for f in fields(CaseStats))


def stats_errors(stats: CaseStats, today: dt.date) -> list[FieldError]:
    """What is wrong with the statistics as entered; paths are the field names (label table: ``stats.…``)."""
    errors: list[FieldError] = []
    if not 0 <= stats.people_involved <= MAX_PEOPLE:
        errors.append(FieldError("stats.people_involved", f"涉及人数应在0至{MAX_PEOPLE}之间"))
    if stats.amount is not None and stats.amount.fen < 0:
        errors.append(FieldError("stats.amount", "涉及金额不能为负数"))
    for name, caption in (*PREVENTION, *FAILURES):
        value = getattr(stats, name)
        if value is not None and not 1 <= value <= MAX_PEOPLE:
            errors.append(FieldError(f"stats.{name}", f"“{caption}”涉及的人数应在1至{MAX_PEOPLE}之间"))
    if stats.dispute_began_on is not None and stats.dispute_began_on > today:
        errors.append(FieldError("stats.dispute_began_on", "纠纷发生日期不能晚于今天"))
    ruled = stats.confirmation in (Confirmation.CONFIRMED, Confirmation.REJECTED, Confirmation.NOT_ACCEPTED)
    if ruled and stats.confirmation_ruled_on is None:
        errors.append(FieldError("stats.confirmation_ruled_on", "请填写法院作出裁定的日期"))
    if stats.confirmation_ruled_on is not None and stats.confirmation_ruled_on > today:
        errors.append(FieldError("stats.confirmation_ruled_on", "裁定日期不能晚于今天"))
    if len(stats.confirmation_ruling) > 100:
        errors.append(FieldError("stats.confirmation_ruling", "裁定书文号过长（最多100字）"))
    return errors


_CLOSING: dict[str, tuple[Outcome, AgreementForm | None]] = {
    "达成书面协议": (Outcome.SUCCESS, AgreementForm.WRITTEN),
    "达成口头协议": (Outcome.SUCCESS, AgreementForm.ORAL),
    "终止调解": (Outcome.FAILURE, None),
}
_RULINGS: dict[str, Confirmation] = {
    "申请司法确认": Confirmation.APPLIED,
    "法院确认有效": Confirmation.CONFIRMED,
    "法院驳回申请": Confirmation.REJECTED,
    "法院不予受理": Confirmation.NOT_ACCEPTED,
}


def after_step(stats: CaseStats, event: str, day: dt.date, ruled_on: dt.date | None, ruling: str) -> bool:
    """Record in `stats` what a procedure step (its `Event` value) settles for the statistics: the
    closing date, outcome and form when the mediation ends; the judicial-confirmation result when the
    parties apply and when the ruling comes. True when something changed."""
    if event in _CLOSING:
        stats.outcome, stats.agreement_form = _CLOSING[event]
        stats.closed_on = day
        return True
    if event in _RULINGS:
        stats.confirmation = _RULINGS[event]
        ruled = stats.confirmation is not Confirmation.APPLIED
        stats.confirmation_ruled_on = ruled_on if ruled else None
        stats.confirmation_ruling = ruling if ruled else ""
        return True
    return False


# ---------------------------------------------------------------- the quick oral-case entry (services.oral_entry)

PLACE = "本委员会调解室"


@dataclass
class OralEntry:
    """What the one screen asks: the case (parties, type, source, a one-line summary as its facts, the
    mediator), when and where it was settled, what was agreed, and the statistics."""

    case: Case
    held_at: dt.datetime
    agreement: str
    place: str = PLACE
    stats: CaseStats = field(default_factory=CaseStats)


def entry_errors(entry: OralEntry, today: dt.date) -> list[FieldError]:
    errors: list[FieldError] = []
    if not entry.case.mediators or not entry.case.mediators[0].strip():
        errors.append(FieldError("mediators", "请选择主持调解的人民调解员"))
    if not entry.agreement.strip():
        errors.append(FieldError("state.oral_content", "请写明双方口头达成的协议内容"))
    elif len(entry.agreement) > MAX_TEXT:
        errors.append(FieldError("state.oral_content", f"协议内容过长（最多{MAX_TEXT}字）"))
    if entry.held_at.date() > today:
        errors.append(FieldError("held_at", "调解时间不能晚于今天"))
    return errors + stats_errors(entry.stats, today)
