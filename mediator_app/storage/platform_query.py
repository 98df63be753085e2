"""The platform export's query (services.platform_export): the cases closed in a period with what the
batch-import sheet needs, their mediators in signing order and their parties' names, in three sorted
passes merged by case id. Portable SQL; parameters are the connection's dialect's. No SQLAlchemy import.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from mediator_app.domain.platform import PlatformCase
from mediator_app.domain.stages import Stage
from mediator_app.domain.statistics import FAILURES, SPECIAL_GROUPS
from mediator_app.storage.columns import load_date
from mediator_app.storage.dialect import dialect_of

_FLAGS = [f"s.{name}" for name, _ in SPECIAL_GROUPS] + [f"s.{name}" for name, _ in FAILURES]
_CASES = (
    "SELECT c.id, c.number, c.recorder, c.accepted_on, c.source, s.difficulty, c.dispute_type, s.closed_on,"
    f" s.outcome, s.agreement_form, s.amount_fen, s.self_performed, c.status, c.facts, s.migrant_worker, {', '.join(_FLAGS)}"
    " FROM case_stats s JOIN dispute_case c ON c.id = s.case_id"
)


def _grouped(conn: Any, sql: str, params: tuple[Any, ...]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    cur = conn.cursor()
    try:
        cur.execute(sql, params)
        for case_id, name in cur.fetchall():
            found[int(case_id)].append(str(name))
    finally:
        cur.close()
    return found


def platform_cases(
    conn: Any, start: dt.date, end: dt.date, clean: Callable[[str], str] = lambda text: text
) -> list[PlatformCase]:
    """The cases closed in [start, end] in id order; `clean` is applied to the free-text summary."""
    p = dialect_of(conn).param
    period = f" WHERE s.closed_on >= {p} AND s.closed_on <= {p}"
    params = (start.isoformat(), end.isoformat())
    mediators = _grouped(
        conn,
        "SELECT m.case_id, m.name FROM case_mediator m JOIN case_stats s ON s.case_id = m.case_id"
        f"{period} ORDER BY m.case_id, m.position",
        params,
    )
    parties = _grouped(
        conn,
        f"SELECT pa.case_id, pa.name FROM party pa JOIN case_stats s ON s.case_id = pa.case_id{period}"
        " ORDER BY pa.case_id, pa.seq",
        params,
    )
    cur = conn.cursor()
    try:
        cur.execute(f"{_CASES}{period} ORDER BY c.id", params)
        rows = cur.fetchall()
    finally:
        cur.close()
    groups = len(SPECIAL_GROUPS)
    cases = []
    for r in rows:
        case_id = int(r[0])
        flags = r[15:]
        cases.append(
            PlatformCase(
                number=str(r[1]),
                recorder=str(r[2]),
                accepted_on=load_date(r[3]),
                source=str(r[4]),
                difficulty=str(r[5]),
                dispute_type=str(r[6]),
                mediators=tuple(mediators.get(case_id, ())),
                closed_on=load_date(r[7]),
                outcome=r[8],
                agreement_form=r[9],
                amount_fen=None if r[10] is None else int(r[10]),
                self_performed=bool(r[11]),
                performing=str(r[12]) == Stage.PERFORMING,
                parties=tuple(parties.get(case_id, ())),
                summary=clean(str(r[13])),
                special_groups=tuple(
                    caption for (_, caption), on in zip(SPECIAL_GROUPS, flags[:groups], strict=True) if on
                ),
                migrant_worker=bool(r[14]),
                escalations=tuple(caption for (_, caption), n in zip(FAILURES, flags[groups:], strict=True) if n),
            )
        )
    return cases
