"""The case list's queries: counts and pages over the covering indexes ``ix_case_list_*``
(`storage.tables`), with filters and sorting done by the database (≤ 100 ms per filter change on
100,000 cases, docs/search.md), and the values the filter boxes offer. `services.caselist` is the face
the UI calls; the data types are defined here and re-exported there.

Over a DB-API connection; the SQLite-only fragments (``INDEXED BY``, ``+c.id``; nothing on PostgreSQL) come from
`storage.dialect`. No SQLAlchemy import: the case list is part of the first paint.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from mediator_app.domain.stages import Stage
from mediator_app.frozen import frozen
from mediator_app.storage.dialect import Dialect, dialect_of
from mediator_app.storage.priority import special_groups

STAGE_ORDER = tuple(s.value for s in Stage)  # the order of the procedure, for sorting by stage
MAX_PAGE = 1000
FAR_OFFSET = 1000  # from this offset on, a page in the far half of the list is read from its end


class SortKey(StrEnum):
    NUMBER = "number"  # year, then sequence number
    DATE = "date"  # registration date
    TYPE = "type"  # dispute type
    STAGE = "stage"  # in the order of the procedure


@frozen
class CaseSort:
    key: SortKey = SortKey.DATE
    descending: bool = True


@frozen
class CaseFilter:
    """Empty fields filter nothing; all given fields must hold."""

    stages: tuple[str, ...] = ()  # any of these stages (Stage values)
    dispute_type: str = ""
    mediator: str = ""  # a presiding mediator's name
    source: str = ""  # CaseSource value
    registered_from: dt.date | None = None
    registered_to: dt.date | None = None  # inclusive
    overdue: bool = False
    today: dt.date | None = None  # what "overdue" is measured against (default: today)
    committee_id: int | None = None  # one committee of a centre (docs/centre.md); None: every committee


@frozen
class CaseListRow:
    id: int
    number: str
    registered_on: dt.date
    dispute_type: str
    source: str
    status: str
    title: str
    party_names: str  # "、"-joined in party order
    party_count: int
    mediators: str  # "、"-joined
    overdue: bool
    priority: str = ""  # the special groups served first (老年人、孕产妇), "" for none (storage.priority)


@frozen
class FilterChoices:
    """What the filter boxes offer: the values present in the database."""

    stages: tuple[str, ...]
    dispute_types: tuple[str, ...]
    mediators: tuple[str, ...]
    sources: tuple[str, ...]
    first_day: dt.date | None
    last_day: dt.date | None
    # (id, 字号) of each committee, for a centre-wide person's committee filter; () for a person of one
    # committee and in a room with one committee (no filter box then, docs/centre.md)
    committees: tuple[tuple[int, str], ...] = ()


# Each sort order reads one covering index (storage.tables: ix_case_list_*) in its own order. The ORDER
# BY lists every column of that index and then the id, so the order is total (pages never overlap or
# skip a row) and is exactly the index order (no sorting step, whatever the filter).
_ORDER_COLUMNS = {
    SortKey.DATE: ("registered_on", "status", "dispute_type", "source", "due_on"),
    SortKey.NUMBER: ("year", "seq", "status", "dispute_type", "source", "registered_on", "due_on"),
    SortKey.TYPE: ("dispute_type", "registered_on", "status", "source", "due_on"),
    SortKey.STAGE: ("status", "registered_on", "dispute_type", "source", "due_on"),
}
_PRIORITY_INDEX = "ix_case_list_priority"  # (priority, then the date order's columns; migration 0012)
_INDEX = {
    SortKey.DATE: "ix_case_list_date",
    SortKey.NUMBER: "ix_case_list_number",
    SortKey.TYPE: "ix_case_list_type",
    SortKey.STAGE: "ix_case_list_stage",
}


def _row_sql(d: Dialect, index: str) -> str:
    return (
        "SELECT c.id, c.number, c.registered_on, c.dispute_type, c.source, c.status, c.title, "
        f"c.due_on IS NOT NULL AND c.due_on < {d.param} FROM dispute_case c{d.indexed_by(index)}"
    )


def _today(f: CaseFilter) -> dt.date:
    return f.today or dt.date.today()


def _where(d: Dialect, f: CaseFilter, extra: str = "") -> tuple[str, list[Any]]:
    """WHERE clause over columns the ix_case_list_* indexes hold (the mediator through its own index)."""
    _P = d.param
    clauses: list[str] = []
    params: list[Any] = []
    if f.stages:
        clauses.append(f"c.status IN ({d.marks(len(f.stages))})")
        params += list(f.stages)
    if f.dispute_type:
        clauses.append(f"c.dispute_type = {_P}")
        params.append(f.dispute_type)
    if f.source:
        clauses.append(f"c.source = {_P}")
        params.append(f.source)
    if f.mediator:
        # "+c.id": test membership while scanning the index, rather than look up every case by id.
        clauses.append(f"{d.test_in_scan('c.id')} IN (SELECT m.case_id FROM case_mediator m WHERE m.name = {_P})")
        params.append(f.mediator)
    if f.registered_from is not None:
        clauses.append(f"c.registered_on >= {_P}")
        params.append(f.registered_from.isoformat())
    if f.registered_to is not None:
        clauses.append(f"c.registered_on <= {_P}")
        params.append(f.registered_to.isoformat())
    if f.overdue:
        clauses.append(f"c.due_on < {_P}")
        params.append(_today(f).isoformat())
    if f.committee_id is not None:
        clauses.append(f"c.committee_id = {_P}")
        params.append(f.committee_id)
    if extra:
        clauses.append(extra)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _count_index(f: CaseFilter) -> str:
    if f.committee_id is not None and f == CaseFilter(committee_id=f.committee_id, today=f.today):
        # One committee's whole list: count its entries of the committee index (the covering indexes
        # hold no committee, and testing it on each row read 10,000 rows for a count: bench_committees).
        return "ix_dispute_case_committee_id"
    if f.stages:
        return _INDEX[SortKey.STAGE]
    if f.dispute_type:
        return _INDEX[SortKey.TYPE]
    return _INDEX[SortKey.DATE]


def count(conn: Any, f: CaseFilter = CaseFilter(), at_most: int | None = None) -> int:
    """How many cases the filter lets through; with `at_most`, counting stops there (the cost of a
    count grows with the rows it counts: at most `at_most` are read)."""
    d = dialect_of(conn)
    if at_most is None and f.mediator and f == CaseFilter(mediator=f.mediator, today=f.today):
        # A mediator's whole list: their entries of ix_case_mediator_name_case, not a semi-join over
        # every case (223,171 cases of 1,000,000: 530 ms by the join, 56-70 ms here, docs/centre.md).
        sql = f"SELECT count(*) FROM (SELECT DISTINCT case_id FROM case_mediator WHERE name = {d.param}) AS named"
        return int(_rows(conn, sql, (f.mediator,))[0][0])
    where, params = _where(d, f)
    return _count(conn, d, _count_index(f), where, params, at_most)


@frozen
class ListCount:
    """A count as a filter change first knows it: `n` cases exactly, or, when not `exact`, more than `n`
    (the exact count is then read next: `count`)."""

    n: int
    exact: bool = True


def first_page(
    conn: Any, f: CaseFilter = CaseFilter(), sort: CaseSort = CaseSort(), limit: int = 100
) -> tuple[ListCount, list[CaseListRow]]:
    """What a filter change shows at once: the first page and the count as far as it is known. Where
    the dialect counts first (SQLite) the count is exact; on PostgreSQL a page that is not full is the
    whole list, and a full one means "more than `limit`": one more row is read to know it (docs/centre.md)."""
    if dialect_of(conn).count_first:
        return ListCount(count(conn, f)), page(conn, f, sort, 0, limit)
    limit = max(0, min(limit, MAX_PAGE - 1))
    rows = page(conn, f, sort, 0, limit + 1)
    return ListCount(min(len(rows), limit), exact=len(rows) <= limit), rows[:limit]


def _count(conn: Any, d: Dialect, index: str, where: str, params: Sequence[Any], at_most: int | None) -> int:
    if at_most is None:
        sql = f"SELECT count(*) FROM dispute_case c{d.indexed_by(index)}{where}"
        return int(_rows(conn, sql, params)[0][0])
    inner = f"SELECT 1 FROM dispute_case c{d.indexed_by(index)}{where} LIMIT {d.param}"
    return int(_rows(conn, f"SELECT count(*) FROM ({inner}) AS counted", (*params, at_most))[0][0])


@frozen
class _Part:
    """A stretch of the list that one index reads in its order: the list in a sort order is its parts
    one after another (the stages in the order of the procedure; the special groups' cases, then the rest)."""

    where: str
    params: tuple[Any, ...]
    index: str
    columns: tuple[str, ...]  # the ORDER BY columns, the id last
    descending: bool

    def reversed(self) -> _Part:
        return _Part(self.where, self.params, self.index, self.columns, not self.descending)


def page(
    conn: Any,
    f: CaseFilter = CaseFilter(),
    sort: CaseSort = CaseSort(),
    offset: int = 0,
    limit: int = 100,
    total: int | None = None,
) -> list[CaseListRow]:
    """Rows `offset` .. `offset + limit - 1` of the filtered list in the sort order.

    Sorted by stage, the stages come in the order of the procedure and, within a stage, the newest case
    first; otherwise ties on the sort column are broken by the other list columns, then the id.
    `total`: the list's count as the caller last read it (the list model's row count); a page in the
    far half is then read from the end without counting again.
    """
    offset, limit = max(0, offset), max(0, min(limit, MAX_PAGE))
    d = dialect_of(conn)
    parts = _parts(conn, d, f, sort)
    backwards = False
    if offset >= FAR_OFFSET:
        # The far half is read from the other end: the order is total (ties end on the id), so the
        # page is the reversed page of the reversed order. PostgreSQL steps over every row an OFFSET
        # skips (the last page of 100,000 cases: 891 ms by OFFSET, 66 ms from the end: docs/centre.md).
        # Without a given total, counting stops where the page is known to be in the near half.
        size = total if total is not None else count(conn, f, at_most=2 * (offset + limit) + 1)
        if offset > size // 2:
            backwards = True
            limit = max(0, min(limit, size - offset))
            offset = max(0, size - offset - limit)
            parts = [p.reversed() for p in reversed(parts)]
    rows = _walk(conn, d, parts, offset, limit, _today(f).isoformat())
    if backwards:
        rows.reverse()
    ids = [r[0] for r in rows]
    names = _grouped(conn, "SELECT case_id, name FROM party WHERE case_id IN ({}) ORDER BY case_id, seq", ids)
    mediators = _grouped(
        conn, "SELECT case_id, name FROM case_mediator WHERE case_id IN ({}) ORDER BY case_id, position", ids
    )
    groups = special_groups(conn, ids)
    return [
        CaseListRow(
            id=r[0],
            number=r[1],
            registered_on=_date(r[2]),
            dispute_type=r[3],
            source=r[4],
            status=r[5],
            title=r[6],
            party_names="、".join(names.get(r[0], [])),
            party_count=len(names.get(r[0], [])),
            mediators="、".join(mediators.get(r[0], [])),
            overdue=bool(r[7]),
            priority="、".join(groups.get(r[0], [])),
        )
        for r in rows
    ]


def _parts(conn: Any, d: Dialect, f: CaseFilter, sort: CaseSort) -> list[_Part]:
    """The list in this sort order as parts read one after another."""
    p = d.param
    if sort.key is SortKey.STAGE:
        # Stage order is not an order of any column: one part per stage, in the order of the procedure
        # (a stage no longer in it last), each newest first. A stage's count is read only when a page
        # starts past it, and then only up to the page (no count of every stage: 273 ms at 1,000,000).
        present = _present_stages(conn)
        stages = [s for s in STAGE_ORDER if s in present] + sorted(s for s in present if s not in STAGE_ORDER)
        columns = (*_ORDER_COLUMNS[SortKey.STAGE][1:], "id")
        parts = []
        for stage in (s for s in stages if not f.stages or s in f.stages):
            where, params = _where(d, f, f"c.status = {p}")
            parts.append(_Part(where, (*params, stage), _INDEX[SortKey.STAGE], columns, True))
        return list(reversed(parts)) if sort.descending else parts
    if sort.key is SortKey.DATE:
        # The default order: the special groups' cases first (derived `priority`, docs/linkage.md), then
        # the rest, each by date: two ranges of ix_case_list_priority read in its order.
        columns = (*_ORDER_COLUMNS[SortKey.DATE], "id")
        where, params = _where(d, f, f"c.priority = {p}")
        return [_Part(where, (*params, first), _PRIORITY_INDEX, columns, sort.descending) for first in (True, False)]
    where, params = _where(d, f)
    return [_Part(where, tuple(params), _INDEX[sort.key], (*_ORDER_COLUMNS[sort.key], "id"), sort.descending)]


def _present_stages(conn: Any) -> set[str]:
    """The stages some case is in: one probe of ix_case_list_stage per stage (a loose index scan),
    whatever the number of cases."""
    sql = (
        "WITH RECURSIVE s(status) AS (SELECT min(status) FROM dispute_case UNION ALL "
        "SELECT (SELECT min(c.status) FROM dispute_case c WHERE c.status > s.status) FROM s "
        "WHERE s.status IS NOT NULL) SELECT status FROM s WHERE status IS NOT NULL"
    )
    return {str(r[0]) for r in _rows(conn, sql)}


def _walk(conn: Any, d: Dialect, parts: Sequence[_Part], offset: int, limit: int, today: str) -> list[Any]:
    """`limit` rows from `offset` on, across the parts in turn. A part the offset may skip is counted up
    to the offset only: the cost follows the page's place, not the list's size."""
    p = d.param
    rows: list[Any] = []
    for part in parts:
        if len(rows) >= limit:
            break
        if offset > 0:
            size = _count(conn, d, part.index, part.where, part.params, at_most=offset + 1)
            if size <= offset:
                offset -= size
                continue
        direction = "DESC" if part.descending else "ASC"
        order = ", ".join(f"c.{c} {direction}" for c in part.columns)
        sql = _row_sql(d, part.index) + f"{part.where} ORDER BY {order} LIMIT {p} OFFSET {p}"
        rows += _rows(conn, sql, (today, *part.params, limit - len(rows), offset))
        offset = 0
    return rows


def _grouped(conn: Any, sql: str, ids: Sequence[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    if ids:
        for case_id, value in _rows(conn, sql.format(dialect_of(conn).marks(len(ids))), ids):
            out.setdefault(case_id, []).append(value)
    return out


def _date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def choices(conn: Any, committee_id: int | None = None) -> FilterChoices:
    """The values the filter boxes can offer (each read through an index; of one committee's cases
    when `committee_id` is given: a committee of a centre sees no other committee's names)."""
    p = dialect_of(conn).param
    own = "" if committee_id is None else f" WHERE committee_id = {p}"
    args: tuple[Any, ...] = () if committee_id is None else (committee_id,)

    def distinct(sql: str) -> tuple[str, ...]:
        return tuple(r[0] for r in _rows(conn, sql, args) if r[0])

    present = set(distinct(f"SELECT DISTINCT status FROM dispute_case{own}"))
    first, last = _rows(conn, f"SELECT min(registered_on), max(registered_on) FROM dispute_case{own}", args)[0]
    mediators = "SELECT DISTINCT name FROM case_mediator"
    if committee_id is not None:
        mediators += f" WHERE case_id IN (SELECT id FROM dispute_case{own})"
    return FilterChoices(
        stages=tuple(s for s in STAGE_ORDER if s in present),
        dispute_types=distinct(f"SELECT DISTINCT dispute_type FROM dispute_case{own} ORDER BY dispute_type"),
        mediators=distinct(mediators + " ORDER BY name"),
        sources=distinct(f"SELECT DISTINCT source FROM dispute_case{own} ORDER BY source"),
        first_day=_date(first) if first else None,
        last_day=_date(last) if last else None,
        committees=() if committee_id is not None else _committees(conn),
    )


def _committees(conn: Any) -> tuple[tuple[int, str], ...]:
    rows = _rows(conn, "SELECT id, short_name FROM committee ORDER BY id")
    return tuple((int(r[0]), str(r[1])) for r in rows) if len(rows) > 1 else ()


def _rows(conn: Any, sql: str, params: Sequence[Any] = ()) -> list[Any]:
    cur = conn.cursor()
    try:
        cur.execute(sql, tuple(params))
        return list(cur.fetchall())
    finally:
        cur.close()
