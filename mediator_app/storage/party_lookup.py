"""Look-ups of earlier cases by their parties (the repeat-dispute check of `services.history`): each
probe is an equality on indexed `party` columns (ID number, credit code, name and phone, address).

Over a DB-API connection with the parameters of `storage.dialect`. No SQLAlchemy import: the
register dialog's module imports this at start-up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from mediator_app.storage.columns import load_date
from mediator_app.storage.dialect import dialect_of

# The party columns a probe may compare (each is indexed: storage.tables.PartyRow).
PROBE_COLUMNS = frozenset({"id_number", "uscc", "name", "phone", "address"})


def _rows(conn: Any, sql: str, params: Sequence[Any]) -> list[Any]:
    cur = conn.cursor()
    try:
        cur.execute(sql, tuple(params))
        return list(cur.fetchall())
    finally:
        cur.close()


def parties_where(conn: Any, equal: Mapping[str, str]) -> list[tuple[int, str, str]]:
    """(case id, role, name) of every party whose columns equal all of `equal`."""
    if not equal or not set(equal) <= PROBE_COLUMNS:
        raise ValueError(f"not a probe: {sorted(equal)}")
    p = dialect_of(conn).param
    where = " AND ".join(f"{column} = {p}" for column in equal)
    return [
        (r[0], r[1], r[2])
        for r in _rows(conn, f"SELECT case_id, role, name FROM party WHERE {where}", list(equal.values()))
    ]


def newest_cases(
    conn: Any, case_ids: Sequence[int], limit: int, committee_id: int | None = None
) -> list[tuple[int, str, dt.date, str, str, str]]:
    """(id, number, registered on, dispute type, status, title) of these cases, newest first; only
    those of one committee when `committee_id` is given (a committee of a centre, docs/centre.md)."""
    d = dialect_of(conn)
    own = "" if committee_id is None else f" AND committee_id = {d.param}"
    rows = _rows(
        conn,
        "SELECT id, number, registered_on, dispute_type, status, title FROM dispute_case "
        f"WHERE id IN ({d.marks(len(case_ids))}){own} ORDER BY registered_on DESC, id DESC LIMIT {d.param}",
        (*case_ids, *(() if committee_id is None else (committee_id,)), max(0, limit)),
    )
    return [(r[0], r[1], load_date(r[2]) or dt.date.min, r[3], r[4], r[5]) for r in rows]


def case_ids_with_id_number(conn: Any, id_number: str) -> list[int]:
    """Every case in which this ID number is a party's or a representative's, oldest first (an access
    request, PIPL Art. 45: everything held about one person)."""
    p = dialect_of(conn).param
    sql = (
        f"SELECT case_id FROM party WHERE id_number = {p} UNION "
        f"SELECT pa.case_id FROM representative r JOIN party pa ON pa.id = r.party_id WHERE r.id_number = {p} "
        "ORDER BY 1"
    )
    return [int(r[0]) for r in _rows(conn, sql, (id_number, id_number))]
