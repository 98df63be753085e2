"""Cases changed in the current unit of work, so that derived data (the search index) is brought up to
date once, just before the transaction commits (`Database.unit_of_work` calls `derived.sync_pending`).

Every repository function that writes a case's contents, parties, agreement or procedure records
calls `mark_changed`; nothing else is needed to keep the index in step.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

_KEY = "mediator_changed_cases"


def mark_changed(session: Session, case_id: int) -> None:
    session.info.setdefault(_KEY, set()).add(case_id)


def take_changed(session: Session) -> set[int]:
    changed: set[int] = session.info.pop(_KEY, set())
    return changed
