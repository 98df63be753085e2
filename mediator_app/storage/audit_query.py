"""Reading the audit log for the director's audit view: filtered by who, which case, what and when,
newest first, with each entry's case number (a LEFT JOIN: a voided case's entries keep their place).

No SQLAlchemy import here; SQL parameters are the connection's dialect's.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from mediator_app.frozen import frozen
from mediator_app.storage.columns import load_utc, stored_utc
from mediator_app.storage.dialect import dialect_of


@frozen
class AuditFilter:
    """Empty text: any. `since`/`until`: UTC moments (the caller turns local days into them), half-open."""

    actor: str = ""
    case_number: str = ""
    action: str = ""
    since: dt.datetime | None = None
    until: dt.datetime | None = None


@frozen
class AuditEntry:
    id: int
    at: dt.datetime  # aware, UTC
    actor: str
    case_id: int | None
    case_number: str
    action: str
    detail: str


def entries(conn: Any, f: AuditFilter, limit: int = 1000) -> list[AuditEntry]:
    """The entries the filter lets through, newest first, at most `limit`."""
    p = dialect_of(conn).param
    number = f.case_number.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    given: list[tuple[str, Any]] = [
        (f"a.actor = {p}", f.actor or None),
        (f"a.action = {p}", f.action or None),
        (f"c.number LIKE {p} ESCAPE '\\'", f"%{number}%" if number else None),
        (f"a.at >= {p}", None if f.since is None else stored_utc(f.since)),
        (f"a.at < {p}", None if f.until is None else stored_utc(f.until)),
    ]
    where = [clause for clause, value in given if value is not None]
    params = [value for _clause, value in given if value is not None]
    sql = (
        "SELECT a.id, a.at, a.actor, a.case_id, coalesce(c.number, ''), a.action, a.detail "
        "FROM audit_log a LEFT JOIN dispute_case c ON c.id = a.case_id"
        + (" WHERE " + " AND ".join(where) if where else "")
        + f" ORDER BY a.id DESC LIMIT {int(limit)}"
    )
    cur = conn.cursor()
    try:
        cur.execute(sql, params)
        rows = cur.fetchall()
    finally:
        cur.close()
    return [AuditEntry(int(r[0]), load_utc(r[1]), r[2], r[3], r[4], r[5], r[6] or "") for r in rows]


def distinct(conn: Any, column: str) -> list[str]:
    """The actors or the actions that occur, sorted (for the filter's drop-downs)."""
    if column not in ("actor", "action"):
        raise ValueError(column)
    cur = conn.cursor()
    try:
        cur.execute(f"SELECT DISTINCT {column} FROM audit_log ORDER BY {column}")
        return [str(r[0]) for r in cur.fetchall()]
    finally:
        cur.close()


def count_for_case(conn: Any, case_id: int) -> int:
    cur = conn.cursor()
    try:
        cur.execute(f"SELECT count(*) FROM audit_log WHERE case_id = {dialect_of(conn).param}", (case_id,))
        return int(cur.fetchone()[0])
    finally:
        cur.close()
