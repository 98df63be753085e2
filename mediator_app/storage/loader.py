"""The one loader: read functions over a DB-API connection that return domain objects (never rows),
with the columns and conversions of `storage.columns`. Everything that reads a case uses them: the
repositories (on the ORM session's own connection, inside its transaction:
`repository.raw_connection`), printing, the command line's lean path and the case search index.

The lean path: a command is a new process, and importing SQLModel/SQLAlchemy plus the Alembic check
would cost about 0.8 s of it (docs/documents.md) before any work, so `reader`/`writer` open a plain
SQLite file with the standard `sqlite3` module. Stored values (`storage.columns`):

- DATE: ISO text ``2026-11-22`` → `date.fromisoformat` (SQLAlchemy's SQLite DATE does the same);
- DATETIME: `datetime.fromisoformat` of ``2026-11-22 08:30:00.000000``; the UTC columns (the audit log
  and the case history) are stored in UTC without an offset and come back with tzinfo UTC;
- BOOLEAN 0/1 → bool; money: an integer number of 分 → `Money` (0 stays Money(0), NULL stays None).

Only a file whose schema is exactly `SCHEMA_HEAD` is read on the lean path: `can_read` is False for
anything else (a missing file, not a database, an older revision that needs migrating, a newer one),
and the caller then takes the normal path, which migrates or refuses with its own message.

Connections: read-only (``mode=ro`` URI) for reading; `writer` (``mode=rw``, never creates a file)
for the one audit row a print writes, in one transaction. Foreign keys on and the busy timeout as in
`engine.SqliteFile` (both from `storage.dialect`). SQL parameters are the connection's dialect's.
No SQLAlchemy, SQLModel or Alembic import here.
"""

from __future__ import annotations

import datetime as dt
import functools
import sqlite3
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mediator_app.domain.legal_support import LegalSupportRequest
from mediator_app.domain.linkage import WorkOrder
from mediator_app.domain.model import Agreement, Case, Committee, Party, Representative, Term
from mediator_app.domain.records import ProcedureState, ReturnVisit, StepRecord, TermCheck, Transition
from mediator_app.domain.stages import Stage
from mediator_app.storage import audit_chain, columns
from mediator_app.storage.columns import SCHEMA_HEAD, Table, stored_utc
from mediator_app.storage.dialect import BUSY_TIMEOUT_MS, SQLITE, dialect_of
from mediator_app.storage.readonly import read_only_uri

if TYPE_CHECKING:
    from mediator_app.domain.satisfaction import SatisfactionVisit
    from mediator_app.domain.statistics import CaseStats

__all__ = ["BUSY_TIMEOUT_MS", "SCHEMA_HEAD", "ProcedureState", "stored_utc"]  # re-exported for callers
DEFAULT_ACTOR = "本机用户"  # repository.add_audit's actor when none is given


# ---------------------------------------------------------------- connections


def _connect(path: Path, mode: str, key: bytes | None = None) -> sqlite3.Connection:
    """A connection to the file: sqlite3, or SQLCipher's keyed one (`storage.cipher`) when `key` is given,
    with the same pragmas and rows readable by name either way."""
    if key is not None:
        from mediator_app.storage import cipher

        conn = cipher.connect(
            path, key, read_only=mode == "ro", timeout=BUSY_TIMEOUT_MS / 1000, create=mode not in ("ro", "rw")
        )
        row: Any = cipher.row_type()
    else:
        # as_uri() percent-encodes the path (Chinese folder names, '?', '#'); SQLite decodes it.
        conn = sqlite3.connect(
            read_only_uri(path) if mode == "ro" else f"{path.resolve().as_uri()}?mode={mode}",
            uri=True,
            timeout=BUSY_TIMEOUT_MS / 1000,
            isolation_level=None,
            check_same_thread=False,
        )
        row = sqlite3.Row
    try:
        for pragma in SQLITE.connect_pragmas():
            conn.execute(pragma)
    except BaseException:
        conn.close()
        raise
    conn.row_factory = row
    return conn


def schema_revision(conn: sqlite3.Connection) -> str | None:
    """The one Alembic revision the file is at; None without a version table or with several heads."""
    try:
        rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    except conn.OperationalError:  # no such table: a new, empty or foreign file (sqlite3's or SQLCipher's)
        return None
    return str(rows[0][0]) if len(rows) == 1 else None


def can_read(path: Path, key: bytes | None = None) -> bool:
    """Whether the file exists, is a SQLite database (SQLCipher's, opened with `key`) and is at
    exactly `SCHEMA_HEAD`.

    False sends the caller to the normal path (which reports a missing or broken file, migrates an
    older schema or refuses a newer one).
    """
    conn = open_current(path, key)
    if conn is not None:
        conn.close()
    return conn is not None


def open_current(path: Path, key: bytes | None = None) -> sqlite3.Connection | None:
    """A read-only connection to the file when `can_read` is True (the caller closes it), else None:
    a caller that reads the file right after asks on the same connection (each connection parses the
    whole schema again)."""
    if not path.is_file():
        return None
    try:
        conn = _connect(path, "ro", key)
        try:
            current = schema_revision(conn) == SCHEMA_HEAD
        except BaseException:
            conn.close()
            raise
    except sqlite3.Error:  # "file is not a database", unreadable, locked beyond the timeout
        return None
    except Exception as exc:  # the same from SQLCipher (its errors are not sqlite3's), or a wrong key
        if key is None or not _is_sqlcipher_error(exc):
            raise
        return None
    if current:
        return conn
    conn.close()
    return None


def _is_sqlcipher_error(exc: Exception) -> bool:
    from mediator_app.storage import cipher

    return isinstance(exc, (cipher.WrongKey, cipher.error_type()))


@contextmanager
def reader(path: Path, key: bytes | None = None) -> Iterator[sqlite3.Connection]:
    """A read-only connection inside one read transaction (one consistent snapshot), closed after."""
    with closing(_connect(path, "ro", key)) as conn:
        conn.execute("BEGIN")
        try:
            yield conn
        finally:
            if conn.in_transaction:  # a read transaction: nothing to roll back
                conn.execute("COMMIT")


@contextmanager
def named_rows(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Rows by name (sqlite3.Row) on a connection opened elsewhere (the ORM session's own, inside its
    transaction), for a caller that reads them by name; the connection's own row factory is restored
    after. The loaders themselves read by position and need no row factory."""
    previous = conn.row_factory
    conn.row_factory = sqlite3.Row
    try:
        yield conn
    finally:
        conn.row_factory = previous


@contextmanager
def writer(path: Path, key: bytes | None = None) -> Iterator[sqlite3.Connection]:
    """A read-write connection in one transaction: committed (durably) if the block ends normally,
    rolled back on any exception. Never creates the file."""
    with closing(_connect(path, "rw", key)) as conn:
        conn.execute(SQLITE.durable())  # as engine.SqliteFile: a returned commit survives a power cut
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")


# ---------------------------------------------------------------- reading rows


def _rows(conn: Any, sql: str, params: Sequence[Any] = ()) -> list[Any]:
    """Every row of a query, through a DB-API cursor (sqlite3, sqlcipher3 and psycopg alike)."""
    cur = conn.cursor()
    try:
        cur.execute(sql, tuple(params))
        return list(cur.fetchall())
    finally:
        cur.close()


def _first(conn: Any, sql: str, params: Sequence[Any] = ()) -> Any:
    rows = _rows(conn, sql, params)
    return rows[0] if rows else None


@functools.cache
def _select(table: Table, where: str = "", order: str = "") -> str:
    sql = f"SELECT {', '.join(table.names)} FROM {table.name}"
    return sql + (f" WHERE {where}" if where else "") + (f" ORDER BY {order}" if order else "")


STATE_CONVERTERS: dict[str, Callable[[Any], Any]] = {c.attr: c.load for c in columns.STATE.read if c.attr}

# The columns read from each table (tests/integration/test_loader.py compares them with storage/tables.py).
COLUMNS: dict[str, tuple[str, ...]] = {t.name: t.names for t in columns.TABLES}


# ---------------------------------------------------------------- committee and cases (repository)


def first_committee(conn: Any) -> Committee | None:
    row = _first(conn, _select(columns.COMMITTEE, order="id") + " LIMIT 1")
    return None if row is None else Committee(**columns.COMMITTEE.domain(row))


def list_committees(conn: Any) -> list[Committee]:
    """Every committee of the database, in the order they were set up (the first is a room's only one)."""
    return [Committee(**columns.COMMITTEE.domain(r)) for r in _rows(conn, _select(columns.COMMITTEE, order="id"))]


def get_committee(conn: Any, committee_id: int) -> Committee:
    d = dialect_of(conn)
    row = _first(conn, _select(columns.COMMITTEE, f"id = {d.param}"), (committee_id,))
    if row is None:
        raise LookupError(committee_id)
    return Committee(**columns.COMMITTEE.domain(row))


def find_case_id(conn: Any, number: str) -> int | None:
    row = _first(conn, f"SELECT id FROM dispute_case WHERE number = {dialect_of(conn).param} LIMIT 1", (number,))
    return None if row is None else int(row[0])


def load_case(conn: Any, case_id: int) -> Case:
    """The case with parties, representatives, mediators and agreement; LookupError if there is none."""
    p = dialect_of(conn).param
    row = _first(conn, _select(columns.CASE, f"id = {p}"), (case_id,))
    if row is None:
        raise LookupError(case_id)
    mediators = [
        r[0] for r in _rows(conn, f"SELECT name FROM case_mediator WHERE case_id = {p} ORDER BY position", (case_id,))
    ]
    return Case(
        **columns.CASE.domain(row),
        mediators=mediators,
        parties=load_parties(conn, case_id),
        agreement=load_agreement(conn, case_id),
    )


def party_from_row(row: Sequence[Any], representatives: list[Representative]) -> Party:
    """The one place a `Party` is built from a `party` row (read in `columns.PARTY.names` order)."""
    return Party(**columns.PARTY.domain(row), representatives=representatives)


def load_parties(conn: Any, case_id: int) -> list[Party]:
    """The case's parties by seq, each with its representatives in order."""
    d = dialect_of(conn)
    prows = _rows(conn, _select(columns.PARTY, f"case_id = {d.param}", "seq"), (case_id,))
    party_ids = [p[0] for p in prows]  # columns.PARTY reads "id" first
    reps: dict[int, list[Representative]] = {}
    if party_ids:
        where = f"party_id IN ({d.marks(len(party_ids))})"
        for r in _rows(conn, _select(columns.REPRESENTATIVE, where, "party_id, position"), party_ids):
            reps.setdefault(r[0], []).append(Representative(**columns.REPRESENTATIVE.domain(r)))
    return [party_from_row(p, reps.get(p[0], [])) for p in prows]


def load_agreement(conn: Any, case_id: int) -> Agreement | None:
    p = dialect_of(conn).param
    arow = _first(conn, _select(columns.AGREEMENT, f"case_id = {p}"), (case_id,))
    if arow is None:
        return None
    trows = _rows(conn, _select(columns.TERM, f"agreement_id = {p}", "seq"), (arow[0],))  # AGREEMENT: "id" first
    terms = [Term(**columns.TERM.domain(t)) for t in trows]
    return Agreement(**columns.AGREEMENT.domain(arow), terms=terms)


def add_audit(
    conn: Any,
    action: str,
    case_id: int | None,
    detail: str = "",
    actor: str = "",
    now: dt.datetime | None = None,
) -> audit_chain.Head:
    """The one way an audit row is written (call inside a write transaction: `writer`, or the ORM
    session's connection through `repository.add_audit`): chained to the previous row; returns the new head."""
    return audit_chain.append(conn, action, case_id, detail, actor or DEFAULT_ACTOR, now or dt.datetime.now(dt.UTC))


# ---------------------------------------------------------------- the procedure (procedure_repo)


def load_state(conn: Any, case_id: int) -> ProcedureState:
    p = dialect_of(conn).param
    case = _first(conn, f"SELECT status FROM dispute_case WHERE id = {p}", (case_id,))
    if case is None:
        raise LookupError(case_id)
    row = _first(conn, _select(columns.STATE, f"case_id = {p}"), (case_id,))
    if row is None:  # cases registered before the procedure existed have no row yet
        return ProcedureState(stage=Stage(case[0]))
    return ProcedureState(stage=Stage(case[0]), **columns.STATE.domain(row))


def load_stats(conn: Any, case_id: int) -> CaseStats:
    """The statistics of a case (the defaults when none were recorded yet)."""
    from mediator_app.domain.statistics import CaseStats
    from mediator_app.storage.feature_columns import STATS  # not on the print path (its docstring)

    row = _first(conn, _select(STATS, f"case_id = {dialect_of(conn).param}"), (case_id,))
    return CaseStats() if row is None else CaseStats(**STATS.domain(row))


def list_records(conn: Any, case_id: int) -> list[StepRecord]:
    rows = _rows(conn, _select(columns.RECORD, f"case_id = {dialect_of(conn).param}", "held_at, id"), (case_id,))
    return [StepRecord(**columns.RECORD.domain(r)) for r in rows]


def list_visits(conn: Any, case_id: int) -> list[ReturnVisit]:
    d = dialect_of(conn)
    rows = _rows(conn, _select(columns.VISIT, f"case_id = {d.param}", "visited_on, id"), (case_id,))
    visits = [ReturnVisit(**columns.VISIT.domain(r)) for r in rows]
    ids = [v.id for v in visits]
    checks: dict[int, list[TermCheck]] = {}
    if ids:
        where = f"visit_id IN ({d.marks(len(ids))})"
        for c in _rows(conn, _select(columns.TERM_CHECK, where, "term_seq"), ids):
            checks.setdefault(c[0], []).append(TermCheck(**columns.TERM_CHECK.domain(c)))  # "visit_id" first
    for visit in visits:
        visit.terms = checks.get(visit.id or -1, [])
    return visits


def list_work_orders(conn: Any, case_id: int | None = None, open_only: bool = False) -> list[tuple[int, WorkOrder]]:
    """(case id, order) of one case's work orders, or every case's; `open_only`: not yet replied to."""
    d = dialect_of(conn)
    where = " AND ".join(
        [*([f"case_id = {d.param}"] if case_id is not None else []), *(["replied_on IS NULL"] if open_only else [])]
    )
    rows = _rows(
        conn, _select(columns.WORK_ORDER, where, "due_on, case_id, seq"), () if case_id is None else (case_id,)
    )
    return [(int(r[0]), WorkOrder(**columns.WORK_ORDER.domain(r))) for r in rows]  # "case_id" first


def list_legal_support(conn: Any, case_id: int) -> list[LegalSupportRequest]:
    rows = _rows(conn, _select(columns.LEGAL_SUPPORT, f"case_id = {dialect_of(conn).param}", "seq"), (case_id,))
    return [LegalSupportRequest(**columns.LEGAL_SUPPORT.domain(r)) for r in rows]


def list_satisfaction(conn: Any, case_id: int) -> list[SatisfactionVisit]:
    from mediator_app.domain.satisfaction import SatisfactionVisit
    from mediator_app.storage.feature_columns import SATISFACTION  # not on the print path (its docstring)

    rows = _rows(conn, _select(SATISFACTION, f"case_id = {dialect_of(conn).param}", "visited_on, id"), (case_id,))
    return [SatisfactionVisit(**SATISFACTION.domain(r)) for r in rows]


def closed_without_satisfaction(conn: Any, since: dt.date) -> list[tuple[int, str, dt.date]]:
    """(case id, number, closing date) of the cases closed on or after `since` with no satisfaction visit."""
    p = dialect_of(conn).param
    sql = (
        "SELECT c.id, c.number, s.closed_on FROM case_stats s JOIN dispute_case c ON c.id = s.case_id"
        f" WHERE s.closed_on >= {p} AND NOT EXISTS (SELECT 1 FROM satisfaction_visit v WHERE v.case_id = c.id)"
        " ORDER BY s.closed_on, c.id"
    )
    return [(int(r[0]), str(r[1]), columns.load_date(r[2]) or since) for r in _rows(conn, sql, (since.isoformat(),))]


def list_work_units(conn: Any) -> list[str]:
    return [str(r[0]) for r in _rows(conn, "SELECT name FROM work_unit ORDER BY position, id")]


def list_transitions(conn: Any, case_id: int) -> list[Transition]:
    rows = _rows(conn, _select(columns.TRANSITION, f"case_id = {dialect_of(conn).param}", "at, id"), (case_id,))
    return [Transition(**columns.TRANSITION.domain(r)) for r in rows]


# ---------------------------------------------------------------- whole case files (derived data, search)


# repr=False: no generated __repr__ (each method a dataclass generates is compiled in every new
# process: a print command's ~50 classes took ~14 % of it, docs/documents.md "Speed");
# a printed record would also show personal data unmasked.
@dataclass(repr=False)
class CaseFile:
    """A case with everything the procedure recorded about it: what derived data is computed from."""

    case: Case
    state: ProcedureState
    records: list[StepRecord]
    visits: list[ReturnVisit]


def load_case_file(conn: Any, case_id: int) -> CaseFile | None:
    """The case file, or None when there is no such case."""
    try:
        case = load_case(conn, case_id)
    except LookupError:
        return None
    return CaseFile(case, load_state(conn, case_id), list_records(conn, case_id), list_visits(conn, case_id))


def _joined(table: Table, alias: str, owner: str, join: str) -> str:
    """SELECT of a child table's columns preceded by the case id it belongs to (``owner``)."""
    return f"SELECT {owner}, {', '.join(f'{alias}.{n}' for n in table.names)} FROM {table.name} {alias} {join}"


_CASE_STREAMS = {
    "mediators": "SELECT case_id, name FROM case_mediator ORDER BY case_id, position",
    "parties": _select(columns.PARTY, order="case_id, seq"),
    "reps": _joined(columns.REPRESENTATIVE, "r", "p.case_id", "JOIN party p ON p.id = r.party_id")
    + " ORDER BY p.case_id, p.seq, r.position",
    "agreement": _select(columns.AGREEMENT, order="case_id"),
    "terms": _joined(columns.TERM, "t", "a.case_id", "JOIN agreement a ON a.id = t.agreement_id")
    + " ORDER BY a.case_id, t.seq",
    "state": _select(columns.STATE, order="case_id"),
    "records": _select(columns.RECORD, order="case_id, held_at, id"),
    "visits": _select(columns.VISIT, order="case_id, visited_on, id"),
    "checks": _joined(columns.TERM_CHECK, "k", "v.case_id", "JOIN return_visit v ON v.id = k.visit_id")
    + " ORDER BY v.case_id, k.term_seq",
}
# Where the case id is in each stream's rows.
_CASE_ID_AT = {"mediators": 0, "parties": 1, "reps": 0, "agreement": 1, "terms": 0, "state": 0, "records": 0}
_CASE_ID_AT |= {"visits": columns.VISIT.names.index("case_id"), "checks": 0}
_CASE_ID_AT["records"] = columns.RECORD.names.index("case_id")


class _Stream:
    """Rows sorted by case id; `take` returns those of one case (cases are asked for in id order)."""

    def __init__(self, rows: Iterator[Any], at: int) -> None:
        self._rows, self._at, self._next = rows, at, next(rows, None)

    def take(self, case_id: int) -> list[Any]:
        out = []
        while self._next is not None and self._next[self._at] <= case_id:
            if self._next[self._at] == case_id:
                out.append(self._next)
            self._next = next(self._rows, None)
        return out


def _cursor_rows(conn: Any, sql: str) -> Generator[Any, None, None]:
    cur = conn.cursor()
    try:
        cur.execute(sql)
        while chunk := cur.fetchmany(2000):
            yield from chunk
    finally:
        cur.close()


def iter_case_files(conn: Any) -> Iterator[CaseFile]:
    """Every case file in id order, streamed: one sorted query per table, merged by case id."""
    sources = {name: _cursor_rows(conn, sql) for name, sql in _CASE_STREAMS.items()}
    cases = _cursor_rows(conn, _select(columns.CASE, order="id"))
    try:
        streams = {name: _Stream(rows, _CASE_ID_AT[name]) for name, rows in sources.items()}
        for row in cases:
            got = {name: stream.take(row[0]) for name, stream in streams.items()}  # CASE reads "id" first
            yield _case_file(row, got)
    finally:  # close the cursors now, not when the generators are collected (maybe after the connection)
        for rows in (cases, *sources.values()):
            rows.close()


def _case_file(row: Sequence[Any], got: dict[str, list[Any]]) -> CaseFile:
    reps: dict[int, list[Representative]] = {}
    for r in got["reps"]:
        reps.setdefault(r[1], []).append(Representative(**columns.REPRESENTATIVE.domain(r[1:])))
    agreement = None
    if got["agreement"]:
        terms = [Term(**columns.TERM.domain(t[1:])) for t in got["terms"]]
        agreement = Agreement(**columns.AGREEMENT.domain(got["agreement"][0]), terms=terms)
    case = Case(
        **columns.CASE.domain(row),
        mediators=[m[1] for m in got["mediators"]],
        parties=[party_from_row(p, reps.get(p[0], [])) for p in got["parties"]],
        agreement=agreement,
    )
    state = ProcedureState(stage=case.status)
    if got["state"]:
        state = ProcedureState(stage=case.status, **columns.STATE.domain(got["state"][0]))
    checks: dict[int, list[TermCheck]] = {}
    for c in got["checks"]:
        checks.setdefault(c[1], []).append(TermCheck(**columns.TERM_CHECK.domain(c[1:])))
    visits = [ReturnVisit(**columns.VISIT.domain(v)) for v in got["visits"]]
    for visit in visits:
        visit.terms = checks.get(visit.id or -1, [])
    return CaseFile(case, state, [StepRecord(**columns.RECORD.domain(r)) for r in got["records"]], visits)


def dbapi(conn: Any) -> Any:
    """The DB-API connection under a SQLAlchemy `Connection` (duck-typed: no SQLAlchemy import), or `conn`."""
    return conn.connection.driver_connection if hasattr(conn, "exec_driver_sql") else conn
