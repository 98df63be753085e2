"""The dossier completeness audit over a database (docs/subsidy.md): every ended case (or those
closed in a period) with what its dossier lacks, read in one read transaction. The judgement is
`domain.dossier.audit`; the facts come from `storage.dossier_query`.
"""

from __future__ import annotations

import datetime as dt

from mediator_app.domain.access import Permission
from mediator_app.domain.dossier import DEFAULT_CHECKS, DossierResult, audit
from mediator_app.services.access import case_for, require
from mediator_app.storage.database import Database
from mediator_app.storage.dossier_query import dossier_facts


def audit_dossiers(
    db: Database,
    start: dt.date | None = None,
    end: dt.date | None = None,
    checks: tuple[str, ...] = DEFAULT_CHECKS,
) -> list[DossierResult]:
    """The ended cases (closed in [start, end] when given), in number order, each with its lacks: for the
    director and the statistician preparing the 以案定补 claims (统计报表)."""
    require(db, Permission.REPORT)
    with db.stats_connection() as conn:
        facts = dossier_facts(conn, start, end)
    return [audit(f, checks) for f in facts]


def case_lacks(db: Database, case_id: int, checks: tuple[str, ...] = DEFAULT_CHECKS) -> tuple[str, ...]:
    """What the dossier of one ended case lacks, named when the director is about to archive it (归档):
    the same audit as `audit_dossiers`, so that what is missing is found before the file is closed,
    not at the 以案定补 claim. () for a complete dossier, or a case that has not ended."""
    actor = require(db, Permission.ARCHIVE)
    with db.reader() as session:
        case_for(session, actor, case_id)  # 找不到该案件, another committee's, a sensitive file
    with db.read_connection() as conn:
        facts = dossier_facts(conn, case_id=case_id)
    return audit(facts[0], checks).lacks if facts else ()


def as_json(results: list[DossierResult]) -> list[dict[str, object]]:
    """Plain data for `mediator-cli audit-dossiers --json` (no personal data: numbers, staff, dates)."""
    return [
        {
            "number": r.facts.number,
            "stage": r.facts.stage,
            "mediator": r.facts.mediator,
            "closed_on": r.facts.closed_on.isoformat() if r.facts.closed_on else None,
            "complete": r.complete,
            "lacks": list(r.lacks),
        }
        for r in results
    ]
