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
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from mediator_app.domain.stages import Stage
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


@dataclass(frozen=True)
class CaseSort:
    key: SortKey = SortKey.DATE
    descending: bool = True


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


def count(conn: Any, f: CaseFilter = CaseFilter()) -> int:
    d = dialect_of(conn)
    where, params = _where(d, f)
    sql = f"SELECT count(*) FROM dispute_case c{d.indexed_by(_count_index(f))}{where}"
    return int(_rows(conn, sql, params)[0][0])


def page(
    conn: Any, f: CaseFilter = CaseFilter(), sort: CaseSort = CaseSort(), offset: int = 0, limit: int = 100
) -> list[CaseListRow]:
    """Rows `offset` .. `offset + limit - 1` of the filtered list in the sort order.

    Sorted by stage, the stages come in the order of the procedure and, within a stage, the newest case
    first; otherwise ties on the sort column are broken by the other list columns, then the id.
    """
    offset, limit = max(0, offset), max(0, min(limit, MAX_PAGE))
    today = _today(f).isoformat()
    if sort.key is SortKey.STAGE:
        rows = _stage_page(conn, f, sort.descending, offset, limit, today)
    elif sort.key is SortKey.DATE:
        rows = _date_page(conn, f, sort.descending, offset, limit, today)
    else:
        d = dialect_of(conn)
        descending, backwards = sort.descending, False
        if offset >= FAR_OFFSET and offset > (total := count(conn, f)) // 2:
            # The far half is read from the other end: the order is total (ties end on the id), so
            # the page is the reversed page of the reversed order. PostgreSQL steps over every row an
            # OFFSET skips (the last page of 100,000 cases: 891 ms, read from the end: docs/centre.md).
            descending, backwards = not descending, True
            offset, limit = max(0, total - offset - limit), max(0, min(limit, total - offset))
        direction = "DESC" if descending else "ASC"
        order = ", ".join(f"c.{c} {direction}" for c in (*_ORDER_COLUMNS[sort.key], "id"))
        where, params = _where(d, f)
        sql = _row_sql(d, _INDEX[sort.key])
        p = d.param
        rows = _rows(conn, sql + f"{where} ORDER BY {order} LIMIT {p} OFFSET {p}", (today, *params, limit, offset))
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


def _stage_page(conn: Any, f: CaseFilter, descending: bool, offset: int, limit: int, today: str) -> list[Any]:
    """Stage order is not an order of any column: count per stage, then read the stages the page spans."""
    d = dialect_of(conn)
    p = d.param
    where, params = _where(d, f)
    counts: dict[str, int] = dict(
        _rows(
            conn,
            f"SELECT c.status, count(*) FROM dispute_case c{d.indexed_by(_INDEX[SortKey.STAGE])}{where} "
            "GROUP BY c.status",
            params,
        )
    )
    known = [s for s in STAGE_ORDER if s in counts] + sorted(s for s in counts if s not in STAGE_ORDER)
    order = ", ".join(f"c.{c} DESC" for c in (*_ORDER_COLUMNS[SortKey.STAGE][1:], "id"))
    rows: list[Any] = []
    for stage in reversed(known) if descending else known:
        if len(rows) >= limit:
            break
        if offset >= counts[stage]:
            offset -= counts[stage]
            continue
        stage_where, stage_params = _where(d, f, f"c.status = {p}")
        sql = _row_sql(d, _INDEX[SortKey.STAGE])
        rows += _rows(
            conn,
            sql + f"{stage_where} ORDER BY {order} LIMIT {p} OFFSET {p}",
            (today, *stage_params, stage, limit - len(rows), offset),
        )
        offset = 0
    return rows


def _date_page(conn: Any, f: CaseFilter, descending: bool, offset: int, limit: int, today: str) -> list[Any]:
    """The default order: the special groups' cases first (derived `priority`, docs/linkage.md), then the
    rest, each part by date. Both parts are ranges of ix_case_list_priority read in its order; the first
    part is counted only when the page starts past its beginning, the second only when the page starts
    `FAR_OFFSET` or more into it: a page in its far half is then read from its end, as `page` reads the
    other orders' far pages (on PostgreSQL the last page of 100,000 cases by OFFSET: docs/centre.md)."""
    d = dialect_of(conn)
    p = d.param
    sql = _row_sql(d, _PRIORITY_INDEX)
    rows: list[Any] = []
    for first in (True, False):
        where, params = _where(d, f, f"c.priority = {p}")
        size = None
        if offset > 0 and (first or offset >= FAR_OFFSET):
            counted = _rows(
                conn, f"SELECT count(*) FROM dispute_case c{d.indexed_by(_PRIORITY_INDEX)}{where}", (*params, first)
            )
            size = int(counted[0][0])
            if offset >= size:
                offset -= size
                continue
        wanted = limit - len(rows)
        backwards = size is not None and offset >= FAR_OFFSET and offset > size // 2
        if backwards and size is not None:
            wanted = min(wanted, size - offset)
            offset = size - offset - wanted
        direction = "DESC" if descending != backwards else "ASC"
        order = ", ".join(f"c.{c} {direction}" for c in (*_ORDER_COLUMNS[SortKey.DATE], "id"))
        part = _rows(
            conn,
            sql + f"{where} ORDER BY {order} LIMIT {p} OFFSET {p}",
            (today, *params, first, wanted, offset),
        )
        rows += reversed(part) if backwards else part
        offset = 0
        if len(rows) >= limit:
            break
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
