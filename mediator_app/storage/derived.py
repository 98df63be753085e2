"""Derived data, kept in step in one place: `dispute_case.due_on` (when the case list shows a case as
overdue), `dispute_case.priority` (its parties include a special group: the case list shows it first,
`storage.priority`) and the case search index (`storage.search`). They are computed from the same
case file the one loader reads (`search_doc.CaseText`) and its statistics facts, in the same
transaction as the change.

`Database.unit_of_work` calls `sync_pending` just before every commit: the repositories only mark
the cases they changed (`storage.changes.mark_changed`). `ensure_current`, run when a database is
opened, rebuilds both after a change of the index format or an interrupted bulk load; the bulk
writer computes them itself for the cases it inserts (`due_on`, `search_doc.doc_values`).

The rule for the due date belongs to the procedure (`procedure.deadlines.overdue_from`); storage
imports it, never the reverse (docs/architecture.md).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable

from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session

from mediator_app.domain.stages import Stage
from mediator_app.procedure.deadlines import overdue_from
from mediator_app.storage import search
from mediator_app.storage.changes import take_changed
from mediator_app.storage.columns import load_date
from mediator_app.storage.dialect import dialect_of
from mediator_app.storage.priority import ANY_GROUP, PRIORITY_SQL
from mediator_app.storage.search_doc import CaseText, doc_values


def due_on(text: CaseText) -> dt.date | None:
    """`dispute_case.due_on`: after this date the case list shows the case as overdue."""
    return overdue_from(
        Stage(text.stage),
        text.accepted_on,
        text.mediation_days,
        [(deadline, seq in text.performed) for seq, deadline in text.deadlines],
    )


def sync_pending(session: Session) -> None:
    """Bring the derived data up to date for the cases this unit of work changed (called before commit)."""
    changed = take_changed(session)
    if not changed:
        return
    session.flush()
    conn = session.connection()
    for case_id in sorted(changed):
        sync_case(conn, case_id)


def sync_case(conn: Connection, case_id: int) -> None:
    """Make the case's derived data match the tables: its `due_on`, its search document and FTS entries
    (removed if the case is gone)."""
    text = search.load_case_text(conn, case_id)
    _P = dialect_of(conn).param
    if text is not None:
        due = due_on(text)
        stored = conn.exec_driver_sql(f"SELECT due_on, priority FROM dispute_case WHERE id = {_P}", (case_id,)).one()
        if due != load_date(stored[0]):
            conn.exec_driver_sql(
                f"UPDATE dispute_case SET due_on = {_P} WHERE id = {_P}", (due.isoformat() if due else None, case_id)
            )
        served_first = f"SELECT count(*) FROM case_stats s WHERE s.case_id = {_P} AND ({ANY_GROUP})"
        first = bool(conn.exec_driver_sql(served_first, (case_id,)).scalar())
        if first != bool(stored[1]):
            conn.exec_driver_sql(f"UPDATE dispute_case SET priority = {_P} WHERE id = {_P}", (first, case_id))
    search.write_doc(conn, case_id, doc_values(text) if text is not None else None)


def rebuild(conn: Connection, batch: int = 2000, progress: Callable[[int], None] | None = None) -> int:
    """Recompute every case's derived data (`due_on`, search document) from the tables, then index the
    documents afresh; returns the number of cases."""
    conn.exec_driver_sql("DELETE FROM search_doc")
    done = 0
    dues: list[tuple[str | None, int]] = []
    texts = search.iter_case_texts(conn)
    while chunk := list(itertools.islice(texts, batch)):
        search.insert_docs(conn, [(t.case_id, *doc_values(t)) for t in chunk])
        dues += [((d.isoformat() if (d := due_on(t)) else None), t.case_id) for t in chunk]
        done += len(chunk)
        if progress is not None:
            progress(done)
    if dues:  # after the scan of dispute_case has finished
        p = dialect_of(conn).param
        conn.exec_driver_sql(f"UPDATE dispute_case SET due_on = {p} WHERE id = {p}", dues)
    conn.exec_driver_sql(f"UPDATE dispute_case SET priority = {PRIORITY_SQL}")
    search.rebuild_fts(conn)
    return done


def ensure_current(engine: Engine) -> bool:
    """Rebuild the derived data if the index format is older than this program's or a bulk load left
    it stale."""
    with engine.connect() as conn:
        if search.is_current(conn):
            return False
    with engine.begin() as conn:
        if not search.is_current(conn):  # another workstation may have rebuilt it meanwhile
            rebuild(conn)
            return True
    return False
