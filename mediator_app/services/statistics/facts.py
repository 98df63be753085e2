"""A case's statistics as the mediator records them (统计信息): read, validated, written in one
transaction with an audit row. The closing date, the outcome's kind (成功 versus not) and the form of
the agreement belong to the procedure steps that set them; here only a terminated case's outcome may
be told apart as 不成功 (mediation failed, PML Art. 26) or 终止 (ended otherwise)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from mediator_app.domain.access import Permission
from mediator_app.domain.messages import CASE_NOT_FOUND
from mediator_app.domain.statistics import CaseStats, Outcome, stats_errors
from mediator_app.domain.validation import raise_if
from mediator_app.errors import FieldError, UserFacingError
from mediator_app.services.access import require
from mediator_app.storage import repository as repo
from mediator_app.storage import stats_repo as srepo
from mediator_app.storage.database import Database

_NOT_AGREED = (Outcome.FAILURE, Outcome.ENDED)


def get_stats(db: Database, case_id: int) -> CaseStats:
    require(db, Permission.VIEW)
    with db.reader() as session:
        try:
            return srepo.load_stats(session, case_id)
        except LookupError:
            raise UserFacingError(CASE_NOT_FOUND) from None


def _outcome_errors(old: CaseStats, new: CaseStats) -> list[FieldError]:
    if new.outcome == old.outcome:
        return []
    if old.outcome in _NOT_AGREED and new.outcome in _NOT_AGREED:
        return []
    return [
        FieldError(
            "stats.outcome", "调解结果由办理步骤记录（达成协议为“成功”）；未达成协议的，只能在“不成功”与“终止”之间更正"
        )
    ]


def save_stats(db: Database, case_id: int, stats: CaseStats, today: dt.date, actor: str = "") -> CaseStats:
    """Store what the mediator entered; the procedure's own fields (closing date, form) are kept."""
    require(db, Permission.EDIT)
    with db.unit_of_work() as session:
        try:
            old = srepo.load_stats(session, case_id)
        except LookupError:
            raise UserFacingError(CASE_NOT_FOUND) from None
        raise_if(stats_errors(stats, today) + _outcome_errors(old, stats))
        kept = dataclasses.replace(stats, closed_on=old.closed_on, agreement_form=old.agreement_form)
        srepo.save_stats(session, case_id, kept)
        repo.add_audit(session, "记录统计信息", case_id, "", actor)
    return kept
