"""The case list at any size: counts and pages for a lazy table model, with filters and sorting done
by SQLite on indexes (≤ 100 ms per filter change on 100,000 cases, docs/search.md).

For a Qt model: on a filter or sort change call `count(db, f)` and `page(db, f, sort, 0, PAGE)` on the
database thread; `rowCount()` returns the count, `data()` reads from a cache of pages and requests
the missing page (`page(db, f, sort, row // PAGE * PAGE, PAGE)`) when a row outside it is shown.
Rows never hold ID numbers or phones.

Overdue (逾期) is the same as the deadlines the case view shows (`procedure.deadlines.overdue_from`):
an open mediation (受理, 调查, 调解中) past its time limit (accepted on + mediation days, extensions
included), or, while performance is supervised, an agreement term whose deadline has passed and that
no return visit recorded as performed. Storage keeps the date it starts (`dispute_case.due_on`) up to
date with every write, so "overdue today" is an indexed comparison.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from mediator_app.domain.access import Actor, Permission, check
from mediator_app.domain.masking import mask_text
from mediator_app.storage import case_list
from mediator_app.storage.case_list import (
    MAX_PAGE,
    STAGE_ORDER,
    CaseFilter,
    CaseListRow,
    CaseSort,
    FilterChoices,
    ListCount,
    SortKey,
)

if TYPE_CHECKING:  # no SQLAlchemy at import time: the UI imports these types for its first paint
    from mediator_app.storage.database import Database

ALL_CASES = CaseFilter()  # the default filter: every case
DEFAULT_SORT = CaseSort()  # newest registration first

__all__ = [
    "MAX_PAGE",
    "STAGE_ORDER",
    "CaseFilter",
    "CaseListRow",
    "CaseSort",
    "FilterChoices",
    "ListCount",
    "SortKey",
]


def _scoped(actor: Actor, f: CaseFilter) -> CaseFilter:
    """The filter as this person may use it: a person of one committee of a centre sees that
    committee's cases whatever the filter says; a centre-wide account filters by committee at will."""
    if actor.committee_id is None or f.committee_id == actor.committee_id:
        return f
    return dataclasses.replace(f, committee_id=actor.committee_id)


def count(db: Database, f: CaseFilter = ALL_CASES) -> int:
    """How many cases the filter lets through."""
    actor = check(db.actor, Permission.VIEW)
    with db.read_connection() as conn:
        return case_list.count(conn, _scoped(actor, f))


def first_page(
    db: Database, f: CaseFilter = ALL_CASES, sort: CaseSort = DEFAULT_SORT, limit: int = 100
) -> tuple[ListCount, list[CaseListRow]]:
    """What a filter change shows at once: the count as far as it is known (exact on SQLite; on
    PostgreSQL, where a count grows with the cases, exact only when the page is not full, else "more
    than `limit`": `count` then gives the exact one, docs/centre.md) and the first page."""
    actor = check(db.actor, Permission.VIEW)
    with db.read_connection() as conn:
        known, rows = case_list.first_page(conn, _scoped(actor, f), sort, limit)
    return known, _masked(rows)


def page(
    db: Database,
    f: CaseFilter = ALL_CASES,
    sort: CaseSort = DEFAULT_SORT,
    offset: int = 0,
    limit: int = 100,
    total: int | None = None,
) -> list[CaseListRow]:
    """Rows `offset` .. `offset + limit - 1` of the filtered list in the sort order.

    Sorted by stage, the stages come in the order of the procedure and, within a stage, the newest case
    first; otherwise ties on the sort column are broken by the other list columns, then the id.
    `total`: the exact count the caller holds; a page in the far half is then read from the end
    without counting the list again.
    """
    actor = check(db.actor, Permission.VIEW)
    with db.read_connection() as conn:
        rows = case_list.page(conn, _scoped(actor, f), sort, offset, limit, total)
    return _masked(rows)


def _masked(rows: list[CaseListRow]) -> list[CaseListRow]:
    # a number typed into a title is masked like the ID and phone columns it never shows (docs/privacy.md)
    return [r if r.title == (t := mask_text(r.title)) else dataclasses.replace(r, title=t) for r in rows]


def choices(db: Database) -> FilterChoices:
    """The values the filter boxes can offer (each read through an index)."""
    actor = check(db.actor, Permission.VIEW)
    with db.read_connection() as conn:
        return case_list.choices(conn, actor.committee_id)
