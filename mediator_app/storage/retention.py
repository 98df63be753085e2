"""The dossiers whose 保管期限 has run: archived cases with the day they were archived (the newest
transition into 结案归档) and their retention, for the director's decision (docs/privacy.md).

No SQLAlchemy import here; SQL parameters are the connection's dialect's.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from mediator_app.storage.columns import load_utc
from mediator_app.storage.dialect import dialect_of


def archived_cases(conn: Any, archived_stage: str) -> list[tuple[int, str, str, str, dt.date]]:
    """(id, number, title, retention, archived on (UTC day)) of every case now in `archived_stage`."""
    p = dialect_of(conn).param
    sql = (
        "SELECT c.id, c.number, c.title, c.retention, max(t.at) FROM dispute_case c "
        f"JOIN transition_log t ON t.case_id = c.id AND t.to_stage = {p} "
        f"WHERE c.status = {p} GROUP BY c.id, c.number, c.title, c.retention ORDER BY c.id"
    )
    cur = conn.cursor()
    try:
        cur.execute(sql, (archived_stage, archived_stage))
        rows = cur.fetchall()
    finally:
        cur.close()
    return [(int(r[0]), r[1], r[2] or "", r[3], load_utc(r[4]).date()) for r in rows]
