"""Writing many new cases at once (demo data, load tests): bulk inserts (`dialect.insert_rows`) inside
the caller's transaction, ids and case numbers computed in memory, the search documents written alongside.

The rows are exactly those `repository.insert_case`, `procedure_repo.save_state`,
`procedure_repo.add_record` and `repository.add_audit` would write for the same cases, in the same
order (so even the ids agree); `tests/integration/test_demo_bulk.py` compares the two paths. The FTS tables are
not touched: the caller marks the index stale first (`search.mark_stale`, which also takes the
write lock before the ids are read) and calls `search.rebuild_fts` once at the end.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection
from sqlmodel import SQLModel

from mediator_app.domain.case_number import format_case_number
from mediator_app.domain.model import Case, Committee
from mediator_app.domain.records import ProcedureState, StepRecord
from mediator_app.domain.statistics import CaseStats
from mediator_app.storage import audit_chain, columns, derived, feature_columns, search
from mediator_app.storage.dialect import dialect_of, insert_rows
from mediator_app.storage.search_doc import CaseText

# Parents before children (foreign keys are enforced); each row tuple is in its table's `insert_names`.
_TABLES: tuple[columns.Table, ...] = (
    columns.CASE,
    columns.MEDIATOR,
    columns.PARTY,
    columns.REPRESENTATIVE,
    columns.AGREEMENT,
    columns.TERM,
    columns.STATE,
    feature_columns.STATS,
    columns.RECORD,
    columns.AUDIT,
)
_WITH_ID = tuple(t.name for t in _TABLES if t.insert_names[0] == "id")
DEFAULT_ACTOR = "本机用户"


class BulkWriter:
    """Collects new cases with `add`, writes them with `flush`; one writer per transaction."""

    def __init__(self, conn: Connection, committee: Committee, now: dt.datetime, actor: str = DEFAULT_ACTOR) -> None:
        assert committee.id is not None
        self._conn, self._committee, self._now, self._actor = conn, committee, now, actor
        self._next_id = {
            t: int(conn.exec_driver_sql(f"SELECT coalesce(max(id), 0) + 1 FROM {t}").scalar_one()) for t in _WITH_ID
        }
        self._counters: dict[int, int] = {
            year: last
            for year, last in conn.exec_driver_sql(
                f"SELECT year, last_seq FROM case_counter WHERE committee_id = {dialect_of(conn).param}",
                (committee.id,),
            )
        }
        self._years: set[int] = set()
        # The audit rows are chained here as `audit_chain.append` would chain them one by one.
        self._audit_head = audit_chain.head(conn.connection.driver_connection)
        self._rows: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
        self._docs: list[tuple[Any, ...]] = []

    @property
    def audit_head(self) -> audit_chain.Head:
        """The chain head after the audit rows queued so far (the caller anchors it after the commit)."""
        return self._audit_head

    def _new_id(self, table: str) -> int:
        value = self._next_id[table]
        self._next_id[table] = value + 1
        return value

    def add(
        self,
        case: Case,
        state: ProcedureState,
        records: Sequence[StepRecord],
        audit_action: str,
        stats: CaseStats | None = None,
    ) -> Case:
        """Queue a validated new case with its procedure state, records and statistics; sets its id and number."""
        committee, now, rows = self._committee, self._now, self._rows
        year = case.registered_on.year
        seq = self._counters.get(year, 0) + 1
        self._counters[year] = seq
        self._years.add(year)
        number = format_case_number(committee.case_number_pattern, year, committee.short_name, seq)
        case_id = self._new_id("dispute_case")
        given: dict[str, Any] = {"id": case_id, "committee_id": committee.id, "number": number, "status": state.stage}
        given |= {"year": year, "seq": seq, "created_at": now, "updated_at": now, "due_on": None}
        given["priority"] = stats is not None and stats.special_group  # as storage.derived keeps it
        # As the per-case path leaves it: inserted (version 1), then its procedure state written (2).
        given["version"] = 2
        case_row = list(columns.CASE.values(case, given))
        rows["dispute_case"].append(case_row)  # type: ignore[arg-type]  # due_on set below
        for position, name in enumerate(case.mediators, start=1):
            rows["case_mediator"].append(
                columns.MEDIATOR.row(
                    {}, {"id": self._new_id("case_mediator"), "case_id": case_id, "position": position, "name": name}
                )
            )
        for party in case.parties:
            party_id = self._new_id("party")
            rows["party"].append(columns.PARTY.values(party, {"id": party_id, "case_id": case_id}))
            for position, rep in enumerate(party.representatives, start=1):
                given = {"id": self._new_id("representative"), "party_id": party_id, "position": position}
                rows["representative"].append(columns.REPRESENTATIVE.values(rep, given))
        if (agreement := case.agreement) is not None:
            agreement_id = self._new_id("agreement")
            rows["agreement"].append(columns.AGREEMENT.values(agreement, {"id": agreement_id, "case_id": case_id}))
            for term in agreement.terms:
                given = {"id": self._new_id("agreement_term"), "agreement_id": agreement_id}
                rows["agreement_term"].append(columns.TERM.row(columns.term_fields(term), given))
        rows["case_procedure"].append(columns.STATE.values(state, {"case_id": case_id}))
        if stats is not None:
            rows["case_stats"].append(feature_columns.STATS.values(stats, {"case_id": case_id}))
        stored_records = []
        for record in records:
            record_id = self._new_id("step_record")
            rows["step_record"].append(columns.RECORD.values(record, {"id": record_id, "case_id": case_id}))
            stored_records.append(dataclasses.replace(record, id=record_id))
        audit_id, prev = self._new_id("audit_log"), self._audit_head.last_hash
        sealed = audit_chain.seal(audit_id, now, self._actor, case_id, audit_action, number, prev)
        self._audit_head = audit_chain.Head(audit_id, sealed)
        audit = {"id": audit_id, "at": now, "actor": self._actor, "case_id": case_id, "prev_hash": prev}
        audit |= {"action": audit_action, "detail": number, "row_hash": sealed}
        rows["audit_log"].append(columns.AUDIT.row({}, audit))
        case.id, case.number, case.committee_id = case_id, number, committee.id
        text = CaseText.of(case, state, stored_records, visits=())  # no return visits yet
        self._docs.append((case_id, *search.doc_values(text)))
        case_row[columns.CASE.insert_names.index("due_on")] = derived.due_on(text)
        return case

    def flush(self) -> None:
        """Write everything queued (per table: executemany on SQLite, COPY on PostgreSQL) and the year counters.

        Values go through SQLAlchemy's own bind processors of each column (dates, times, booleans), so
        they are stored exactly as the ORM stores them.
        """
        tables, dialect = SQLModel.metadata.tables, self._conn.dialect
        d = dialect_of(self._conn)
        for table in _TABLES:
            name, names = table.name, table.insert_names
            rows = self._rows[name]
            if not rows:
                continue
            processors = [
                (i, p)
                for i, c in enumerate(names)
                if (p := tables[name].c[c].type.dialect_impl(dialect).bind_processor(dialect)) is not None
            ]
            if processors:
                converted = []
                for row in rows:
                    values = list(row)
                    for i, process in processors:
                        values[i] = process(values[i])
                    converted.append(tuple(values))
                rows = converted
            insert_rows(self._conn, name, names, rows)
            if name in _WITH_ID and (statement := d.sync_id_sequence(name)):
                self._conn.exec_driver_sql(statement)  # PostgreSQL: the next ORM insert must not reuse an id
        self._conn.exec_driver_sql(
            f"INSERT INTO case_counter(committee_id, year, last_seq) VALUES ({d.marks(3)}) "
            "ON CONFLICT(committee_id, year) DO UPDATE SET last_seq = excluded.last_seq",
            [(self._committee.id, year, self._counters[year]) for year in sorted(self._years)],
        )
        search.insert_docs(self._conn, self._docs)
        self._rows.clear()
        self._docs.clear()
        self._years.clear()
