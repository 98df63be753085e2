"""The dossier audit's query (services.dossier_audit): per ended case, the facts its dossier shows, in
one pass (correlated counts of records and visits, one index probe each) plus the print history from
the audit log. Portable SQL; parameters are the connection's dialect's. No SQLAlchemy import.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from mediator_app.domain.dossier import ENDED_STAGES, DossierFacts
from mediator_app.domain.records import RecordKind
from mediator_app.storage.columns import load_date
from mediator_app.storage.dialect import dialect_of


def _records(kind: RecordKind) -> str:
    return f"(SELECT COUNT(*) FROM step_record r WHERE r.case_id = c.id AND r.kind = '{kind}')"


_SELECT = (
    "SELECT c.id, c.number, c.status, COALESCE(m.name, ''), COALESCE(s.difficulty, '一般'), c.accepted_on,"
    " s.closed_on, s.outcome, s.agreement_form,"
    f" {_records(RecordKind.INVESTIGATION)}, {_records(RecordKind.SESSION)},"
    " (SELECT COUNT(*) FROM return_visit v WHERE v.case_id = c.id),"
    " p.parties_signed_on, p.mediator_signed_on, p.sealed_on,"
    " CASE WHEN p.oral_content <> '' AND p.oral_reached_on IS NOT NULL THEN 1 ELSE 0 END,"
    " p.confirmation_applied_on, COALESCE(p.confirmation_court, ''), s.confirmation,"
    " COALESCE(s.confirmation_ruling, ''), c.committee_id"
    " FROM dispute_case c"
    " LEFT JOIN case_procedure p ON p.case_id = c.id"
    " LEFT JOIN case_stats s ON s.case_id = c.id"
    " LEFT JOIN case_mediator m ON m.case_id = c.id AND m.position = 1"
)


def _prints(conn: Any, case_ids: set[int] | None) -> dict[int, set[str]]:
    """Case id → the audit actions of its prints (打印卷宗, 打印人民调解协议书 …)."""
    cur = conn.cursor()
    try:
        cur.execute("SELECT case_id, action FROM audit_log WHERE case_id IS NOT NULL AND action LIKE '打印%'")
        found: dict[int, set[str]] = defaultdict(set)
        for case_id, action in cur.fetchall():
            if case_ids is None or int(case_id) in case_ids:
                found[int(case_id)].update(str(action).removeprefix("打印").split("、"))
                found[int(case_id)].add(str(action))
        return found
    finally:
        cur.close()


def dossier_facts(
    conn: Any,
    start: dt.date | None = None,
    end: dt.date | None = None,
    numbers: list[str] | None = None,
    case_id: int | None = None,
    committee_id: int | None = None,
) -> list[DossierFacts]:
    """The ended cases (closed in [start, end] when given; only `numbers`, or the case `case_id`, or
    the cases of `committee_id`, when given), in number order."""
    d = dialect_of(conn)
    where = [f"c.status IN ({', '.join(repr(str(s)) for s in ENDED_STAGES)})"]
    params: list[Any] = []
    if committee_id is not None:
        where.append(f"c.committee_id = {d.param}")
        params.append(committee_id)
    if start is not None:
        where.append(f"s.closed_on >= {d.param}")
        params.append(start.isoformat())
    if end is not None:
        where.append(f"s.closed_on <= {d.param}")
        params.append(end.isoformat())
    if numbers:
        where.append(f"c.number IN ({d.marks(len(numbers))})")
        params += numbers
    if case_id is not None:
        where.append(f"c.id = {d.param}")
        params.append(case_id)
    sql = f"{_SELECT} WHERE {' AND '.join(where)} ORDER BY c.year, c.seq"
    cur = conn.cursor()
    try:
        cur.execute(sql, tuple(params))
        rows = cur.fetchall()
    finally:
        cur.close()
    prints = _prints(conn, {int(r[0]) for r in rows} if len(rows) < 1000 else None)
    facts = []
    for r in rows:
        facts.append(
            DossierFacts(
                case_id=int(r[0]),
                number=str(r[1]),
                stage=str(r[2]),
                mediator=str(r[3]),
                difficulty=str(r[4]),
                accepted_on=load_date(r[5]),
                closed_on=load_date(r[6]),
                outcome=r[7],
                agreement_form=r[8],
                investigations=int(r[9]),
                sessions=int(r[10]),
                visits=int(r[11]),
                parties_signed_on=load_date(r[12]),
                mediator_signed_on=load_date(r[13]),
                sealed_on=load_date(r[14]),
                oral_recorded=bool(r[15]),
                confirmation_applied_on=load_date(r[16]),
                confirmation_court=str(r[17]),
                confirmation=r[18],
                confirmation_ruling=str(r[19]),
                printed=frozenset(prints.get(int(r[0]), ())),
                committee_id=None if r[20] is None else int(r[20]),
            )
        )
    return facts
