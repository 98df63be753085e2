"""Repository for a case's statistics (`case_stats`): read through the one loader, written through the
ORM with the column table `storage.feature_columns.STATS`, inside the caller's unit of work."""

from __future__ import annotations

from sqlmodel import Session

from mediator_app.domain.statistics import CaseStats
from mediator_app.storage import feature_columns, loader
from mediator_app.storage.changes import mark_changed
from mediator_app.storage.feature_tables import CaseStatsRow
from mediator_app.storage.repository import raw_connection
from mediator_app.storage.tables import CaseRow


def load_stats(session: Session, case_id: int) -> CaseStats:
    if session.get(CaseRow, case_id) is None:
        raise LookupError(case_id)
    return loader.load_stats(raw_connection(session), case_id)


def save_stats(session: Session, case_id: int, stats: CaseStats) -> None:
    row = session.get(CaseStatsRow, case_id) or CaseStatsRow(case_id=case_id)
    for name, value in feature_columns.STATS.fields(stats).items():
        setattr(row, name, value)
    session.add(row)
    mark_changed(session, case_id)  # the special groups decide the case's place in the list (storage.derived)
