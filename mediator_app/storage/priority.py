"""Which cases serve a special group first (老年人, 残疾人, 重病患者, 孕产妇, 未成年人, 低收入群体): read from
the case's statistics facts (`case_stats`, `domain.statistics.SPECIAL_GROUPS`), for the case list's
mark and order (through the derived `dispute_case.priority`) and the order of 今日待办 (docs/linkage.md). Over a DB-API connection; no SQLAlchemy import.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mediator_app.domain.statistics import SPECIAL_GROUPS
from mediator_app.storage.dialect import dialect_of

# `dispute_case.priority` as the case's statistics facts give it (storage.derived's rebuild; the same
# expression as migration 0012's): plain SQL both engines run.
ANY_GROUP = " OR ".join(f"s.{name}" for name, _ in SPECIAL_GROUPS)  # over case_stats s
PRIORITY_SQL = f"EXISTS (SELECT 1 FROM case_stats s WHERE s.case_id = dispute_case.id AND ({ANY_GROUP}))"


def special_groups(conn: Any, case_ids: Sequence[int]) -> dict[int, list[str]]:
    """Case id → the special groups its parties belong to (only cases with at least one)."""
    ids = list(dict.fromkeys(case_ids))
    if not ids:
        return {}
    names = [name for name, _ in SPECIAL_GROUPS]
    sql = f"SELECT case_id, {', '.join(names)} FROM case_stats WHERE case_id IN ({dialect_of(conn).marks(len(ids))})"
    cur = conn.cursor()
    try:
        cur.execute(sql, tuple(ids))
        rows = list(cur.fetchall())
    finally:
        cur.close()
    out = {}
    for row in rows:
        groups = [label for (_, label), flag in zip(SPECIAL_GROUPS, row[1:], strict=True) if flag]
        if groups:
            out[int(row[0])] = groups
    return out
