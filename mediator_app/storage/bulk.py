"""Writing many new cases at once (demo data, load tests): multi-row inserts inside the caller's
transaction, ids and case numbers computed in memory, the search documents written alongside.

The rows are exactly those `repository.insert_case`, `procedure_repo.save_state`,
`procedure_repo.add_record` and `repository.add_audit` would write for the same cases, in the same
order (so even the ids agree); `tests/integration/test_demo_bulk.py` compares the two paths. The FTS tables are
not touched: the caller marks the index stale first (`search.mark_stale`, which also takes the
write lock before the ids are read) and calls `search.rebuild_fts` once at the end.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection
from sqlmodel import SQLModel

from mediator_app.domain.case_number import format_case_number
from mediator_app.domain.model import Case, Committee
from mediator_app.domain.records import ProcedureState, StepRecord
from mediator_app.storage import search
from mediator_app.storage.procedure_repo import STATE_FIELDS

# Parents before children (foreign keys are enforced); the columns each row tuple holds, in order.
_COLUMNS: dict[str, tuple[str, ...]] = {
    "dispute_case": (
        "id",
        "committee_id",
        "number",
        "year",
        "seq",
        "title",
        "dispute_type",
        "source",
        "source_ref",
        "registered_on",
        "accepted_on",
        "facts",
        "claims",
        "recorder",
        "status",
        "created_at",
        "updated_at",
        "due_on",
    ),
    "case_mediator": ("id", "case_id", "position", "name"),
    "party": (
        "id",
        "case_id",
        "seq",
        "role",
        "kind",
        "name",
        "id_type",
        "id_number",
        "sex",
        "birth_date",
        "ethnicity",
        "occupation",
        "address",
        "phone",
        "uscc",
        "legal_rep",
        "legal_rep_title",
    ),
    "representative": ("id", "party_id", "position", "kind", "name", "id_type", "id_number", "phone", "relation"),
    "agreement": ("id", "case_id", "disputed_matters", "responsibilities", "breach_clause", "signed_on"),
    "agreement_term": (
        "id",
        "agreement_id",
        "seq",
        "obligor_seq",
        "obligee_seq",
        "action",
        "amount_fen",
        "deadline",
        "manner",
        "place",
    ),
    "case_procedure": ("case_id", *STATE_FIELDS),
    "step_record": (
        "id",
        "case_id",
        "kind",
        "held_at",
        "place",
        "staff",
        "recorder",
        "subject",
        "participants",
        "parties_present",
        "content",
        "result",
    ),
    "audit_log": ("id", "at", "actor", "case_id", "action", "detail"),
}
_WITH_ID = tuple(name for name, columns in _COLUMNS.items() if columns[0] == "id")
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
                "SELECT year, last_seq FROM case_counter WHERE committee_id = ?", (committee.id,)
            )
        }
        self._years: set[int] = set()
        self._rows: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
        self._docs: list[tuple[Any, ...]] = []

    def _new_id(self, table: str) -> int:
        value = self._next_id[table]
        self._next_id[table] = value + 1
        return value

    def add(self, case: Case, state: ProcedureState, records: Sequence[StepRecord], audit_action: str) -> Case:
        """Queue a validated new case with its procedure state and records; sets its id and number."""
        committee, now, rows = self._committee, self._now, self._rows
        year = case.registered_on.year
        seq = self._counters.get(year, 0) + 1
        self._counters[year] = seq
        self._years.add(year)
        number = format_case_number(committee.case_number_pattern, year, committee.short_name, seq)
        case_id = self._new_id("dispute_case")
        case_row = [
            case_id,
            committee.id,
            number,
            year,
            seq,
            case.title,
            case.dispute_type,
            case.source.value,
            case.source_ref,
            case.registered_on,
            case.accepted_on,
            case.facts,
            case.claims,
            case.recorder,
            state.stage,
            now,
            now,
            None,
        ]
        rows["dispute_case"].append(case_row)  # type: ignore[arg-type]  # due_on set below
        for position, name in enumerate(case.mediators, start=1):
            rows["case_mediator"].append((self._new_id("case_mediator"), case_id, position, name))
        text = search.CaseText(
            case_id,
            number,
            case.source_ref,
            case.title,
            case.facts,
            case.claims,
            oral_content=state.oral_content,
            court_case_number=state.court_case_number,
            stage=state.stage,
            accepted_on=case.accepted_on,
            mediation_days=state.mediation_days,
        )
        for party in case.parties:
            party_id = self._new_id("party")
            rows["party"].append(
                (
                    party_id,
                    case_id,
                    party.seq,
                    party.role.value,
                    party.kind.value,
                    party.name,
                    party.id_type.value,
                    party.id_number,
                    party.sex,
                    party.birth_date,
                    party.ethnicity,
                    party.occupation,
                    party.address,
                    party.phone,
                    party.uscc,
                    party.legal_rep,
                    party.legal_rep_title,
                )
            )
            for position, rep in enumerate(party.representatives, start=1):
                rows["representative"].append(
                    (
                        self._new_id("representative"),
                        party_id,
                        position,
                        rep.kind.value,
                        rep.name,
                        rep.id_type.value,
                        rep.id_number,
                        rep.phone,
                        rep.relation,
                    )
                )
        for party in sorted(case.parties, key=lambda p: p.seq):
            text.parties.append(
                (
                    party.seq,
                    party.role.value,
                    party.name,
                    party.legal_rep,
                    party.id_number,
                    party.uscc,
                    party.phone,
                    party.address,
                )
            )
            text.reps += [(party.seq, r.name, r.id_number, r.phone) for r in party.representatives]
        if (agreement := case.agreement) is not None:
            agreement_id = self._new_id("agreement")
            rows["agreement"].append(
                (
                    agreement_id,
                    case_id,
                    agreement.disputed_matters,
                    agreement.responsibilities,
                    agreement.breach_clause,
                    agreement.signed_on,
                )
            )
            for term in agreement.terms:
                if term.deadline is None:  # as repository._write_agreement
                    raise ValueError("term without deadline")
                rows["agreement_term"].append(
                    (
                        self._new_id("agreement_term"),
                        agreement_id,
                        term.seq,
                        term.obligor,
                        term.obligee,
                        term.action,
                        term.amount.fen if term.amount else None,
                        term.deadline,
                        term.manner,
                        term.place,
                    )
                )
            text.agreement = (agreement.disputed_matters, agreement.responsibilities, agreement.breach_clause)
            text.terms = sorted((t.seq, t.action) for t in agreement.terms)
            text.deadlines = sorted((t.seq, t.deadline) for t in agreement.terms if t.deadline is not None)
        rows["case_procedure"].append((case_id, *(getattr(state, name) for name in STATE_FIELDS)))
        stored_records = []
        for record in records:
            record_id = self._new_id("step_record")
            rows["step_record"].append(
                (
                    record_id,
                    case_id,
                    record.kind.value,
                    record.held_at,
                    record.place,
                    record.staff,
                    record.recorder,
                    record.subject,
                    record.participants,
                    record.parties_present,
                    record.content,
                    record.result,
                )
            )
            stored_records.append((record.held_at, record_id, record.kind.value, record.content, record.result))
        text.records = [(i, kind, content, result) for _, i, kind, content, result in sorted(stored_records)]
        rows["audit_log"].append((self._new_id("audit_log"), now, self._actor, case_id, audit_action, number))
        self._docs.append((case_id, *search.doc_values(text)))
        case_row[-1] = search.due_on(text)  # no return visits yet: no term is recorded as performed
        case.id, case.number, case.committee_id = case_id, number, committee.id
        return case

    def flush(self) -> None:
        """Write everything queued (executemany per table) and the year counters.

        Values go through SQLAlchemy's own bind processors of each column (dates, times, booleans), so
        they are stored exactly as the ORM stores them; the statement itself is plain executemany.
        """
        tables, dialect = SQLModel.metadata.tables, self._conn.dialect
        for name, columns in _COLUMNS.items():
            rows = self._rows[name]
            if not rows:
                continue
            processors = [
                (i, p)
                for i, c in enumerate(columns)
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
            self._conn.exec_driver_sql(
                f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", rows
            )
        self._conn.exec_driver_sql(
            "INSERT INTO case_counter(committee_id, year, last_seq) VALUES (?, ?, ?) "
            "ON CONFLICT(committee_id, year) DO UPDATE SET last_seq = excluded.last_seq",
            [(self._committee.id, year, self._counters[year]) for year in sorted(self._years)],
        )
        search.insert_docs(self._conn, self._docs)
        self._rows.clear()
        self._docs.clear()
        self._years.clear()
