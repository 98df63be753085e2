"""The dossier completeness audit (卷宗完整性审查): what a closed case's file lacks, judged from what the
program records about the case (`DossierFacts`). Pure: no I/O.

The documents of a people's-mediation dossier and their order follow the MoJ format (docs/documents.md):
the application or 受理登记表, the 调查记录 and 调解记录, the agreement signed by every party and the
mediator and sealed by the committee (PML Arts. 28-29; for an oral agreement the 口头协议登记表, Art. 28),
the return visit (Art. 31 asks the committee to supervise performance), the judicial-confirmation papers
when confirmation was applied for (《民事诉讼法》第二百零五条). Which of these a locality requires before it
pays the per-case subsidy (以案定补) or archives a file is data (`CHECKS` by id, chosen per locality in the
subsidy rule file, docs/subsidy.md).

What the program cannot see: the paper itself. A signature date means the mediator recorded that the
parties signed; a print means the document was printed, not that the signed sheet is in the folder.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import field

from mediator_app.domain.stages import AGREEMENT_STAGES, Stage
from mediator_app.domain.statistics import AgreementForm, Confirmation, Outcome
from mediator_app.frozen import frozen

# Cases whose mediation has ended: the ones with a dossier to audit (a declined case has only its notice).
ENDED_STAGES: tuple[Stage, ...] = tuple(s for s in Stage if s in AGREEMENT_STAGES | {Stage.TERMINATED, Stage.ARCHIVED})

# The audit's checks: id → what the dossier must hold (the ids are what a locality's rule file lists).
CHECKS: dict[str, str] = {
    "application": "人民调解申请书或受理登记表",
    "investigation": "调查记录",
    "session": "调解记录",
    "agreement": "协议书（当事人、调解员签名并加盖印章）或口头协议登记表",
    "return_visit": "回访记录",
    "confirmation": "司法确认材料",
    "printed": "纸质卷宗（已打印整本卷宗）",
}
# Required everywhere the MoJ format's 卷内目录 marks them required; 调查记录 ("as needed") and the printed
# dossier are a locality's choice (the 略阳 rule requires both records).
DEFAULT_CHECKS: tuple[str, ...] = ("application", "session", "agreement", "return_visit", "confirmation")

DOSSIER_PRINT = "打印卷宗"  # the audit action of printing the whole dossier (services.printing.jobs)
PACKAGE_PRINT = "打印司法确认申请材料"


@frozen
class DossierFacts:
    """What the program records about one case that shows in its dossier."""

    case_id: int
    number: str
    stage: str
    mediator: str  # the presiding (first) mediator, "" for none
    difficulty: str
    accepted_on: dt.date | None
    closed_on: dt.date | None
    outcome: str | None
    agreement_form: str | None
    investigations: int = 0
    sessions: int = 0
    visits: int = 0
    parties_signed_on: dt.date | None = None
    mediator_signed_on: dt.date | None = None
    sealed_on: dt.date | None = None
    oral_recorded: bool = False  # the oral agreement's content and date are recorded
    confirmation_applied_on: dt.date | None = None
    confirmation_court: str = ""
    confirmation: str | None = None  # the court's answer as recorded (domain.statistics.Confirmation)
    confirmation_ruling: str = ""
    printed: frozenset[str] = field(default_factory=frozenset)  # audit actions of prints ("打印卷宗" …)
    # The committee whose case it is: the centre's claim lists a mediator once per committee. Lists
    # frozen before it was recorded read None.
    committee_id: int | None = None


@frozen
class DossierResult:
    facts: DossierFacts
    lacks: tuple[str, ...]  # what the dossier lacks, in Chinese, in the dossier's order

    @property
    def complete(self) -> bool:
        return not self.lacks


def _agreement_lacks(f: DossierFacts) -> list[str]:
    if f.agreement_form == AgreementForm.ORAL:
        return [] if f.oral_recorded else ["口头协议登记表未记录协议内容或达成日期"]
    lacks = []
    if f.parties_signed_on is None:
        lacks.append("协议书未记录当事人签名（按指印）")
    if f.mediator_signed_on is None:
        lacks.append("协议书未记录调解员签名")
    if f.sealed_on is None:
        lacks.append("协议书未记录加盖人民调解委员会印章")
    return lacks


def _confirmation_lacks(f: DossierFacts) -> list[str]:
    applied = f.confirmation_applied_on is not None or f.confirmation is not None
    if not applied:
        return []
    lacks = []
    if not f.confirmation_court:
        lacks.append("司法确认：未记录受理的人民法院")
    if PACKAGE_PRINT not in f.printed:
        lacks.append("司法确认：申请材料未从本程序打印")
    if f.confirmation in (Confirmation.CONFIRMED, Confirmation.REJECTED) and not f.confirmation_ruling:
        lacks.append("司法确认：未记录法院裁定书文号")
    return lacks


def audit(f: DossierFacts, checks: tuple[str, ...] = DEFAULT_CHECKS) -> DossierResult:
    """What the dossier of an ended case lacks, by the `checks` a locality requires."""
    success = f.outcome == Outcome.SUCCESS
    found: list[str] = []
    if "application" in checks and f.accepted_on is None:
        found.append("缺受理记录（人民调解申请书或受理登记表）")
    if "investigation" in checks and f.investigations == 0:
        found.append("缺调查记录")
    # An oral agreement is mediated on the spot: its 口头协议登记表 records the session (PML Art. 28).
    if "session" in checks and f.sessions == 0 and not (success and f.agreement_form == AgreementForm.ORAL):
        found.append("缺调解记录")
    if "agreement" in checks and success:
        found += _agreement_lacks(f)
    if "return_visit" in checks and success and f.visits == 0:
        found.append("缺回访记录")
    if "confirmation" in checks:
        found += _confirmation_lacks(f)
    if "printed" in checks and DOSSIER_PRINT not in f.printed:
        found.append("整本卷宗未从本程序打印（纸质卷宗是否齐全无法核对）")
    return DossierResult(f, tuple(found))
