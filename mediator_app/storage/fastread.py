"""Read-only loaders over the standard `sqlite3` module: the lean read path for printing a document
from the command line.

A command is a new process, and importing SQLModel/SQLAlchemy plus the Alembic check would cost
about 0.8 s of it (docs/tech-notes.md, "Import costs") before any work. These functions return exactly the domain objects
`repository` and `procedure_repo` return (`load_case`, `first_committee`, `find_case_id`,
`load_state`, `list_records`, `list_visits`, `list_transitions`; tests/integration/test_fastread.py compares
them on a demo database), with the same SQL ordering and the same conversions of stored values:

- DATE: ISO text ``2026-11-22`` → `date.fromisoformat` (SQLAlchemy's SQLite DATE does the same);
- DATETIME: `datetime.fromisoformat` of ``2026-11-22 08:30:00.000000``; the aware columns (SQLModel's
  `UTCDateTime`: the audit log and the case history) are stored in UTC without an offset and come
  back with tzinfo UTC, as `UTCDateTime.process_result_value` returns them;
- BOOLEAN 0/1 → bool; money: an integer number of 分 → `Money` (0 stays Money(0), NULL stays None).

Only a file whose schema is exactly `SCHEMA_HEAD` is read: `open_reader` returns None for anything
else (a missing file, not a database, an older revision that needs migrating, a newer one), and the
caller then takes the normal path, which migrates or refuses with its own message. When a migration
is added, `SCHEMA_HEAD` is bumped after checking the columns read here (a test fails until then).

Connections: read-only (``mode=ro`` URI) for reading; `writer` (``mode=rw``, never creates a file)
for the one audit row a print writes, in one transaction. Foreign keys on and the busy timeout as in
`engine.SqliteFile`. No SQLAlchemy, SQLModel or Alembic import here.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import typing
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from mediator_app.domain.model import (
    Agreement,
    Case,
    CaseSource,
    Committee,
    IdType,
    Party,
    PartyKind,
    PartyRole,
    Representative,
    RepresentativeKind,
    Term,
)
from mediator_app.domain.money import Money
from mediator_app.domain.records import (
    ProcedureState,
    RecordKind,
    ReturnVisit,
    StepRecord,
    TermCheck,
    Transition,
)
from mediator_app.domain.stages import Stage

SCHEMA_HEAD = "0003"  # the newest Alembic revision whose tables these loaders read (see the module doc)
BUSY_TIMEOUT_MS = 10_000  # as storage.engine.BUSY_TIMEOUT_MS
DEFAULT_ACTOR = "本机用户"  # repository.add_audit's actor when none is given


# ---------------------------------------------------------------- connections


def _connect(path: Path, mode: str) -> sqlite3.Connection:
    # as_uri() percent-encodes the path (Chinese folder names, '?', '#'); SQLite decodes it.
    conn = sqlite3.connect(
        f"{path.resolve().as_uri()}?mode={mode}",
        uri=True,
        timeout=BUSY_TIMEOUT_MS / 1000,
        isolation_level=None,
        check_same_thread=False,
    )
    try:
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    except BaseException:
        conn.close()
        raise
    conn.row_factory = sqlite3.Row
    return conn


def schema_revision(conn: sqlite3.Connection) -> str | None:
    """The one Alembic revision the file is at; None without a version table or with several heads."""
    try:
        rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.OperationalError:  # no such table: a new, empty or foreign file
        return None
    return str(rows[0][0]) if len(rows) == 1 else None


def can_read(path: Path) -> bool:
    """Whether the file exists, is a SQLite database and is at exactly `SCHEMA_HEAD`.

    False sends the caller to the normal path (which reports a missing or broken file, migrates an
    older schema or refuses a newer one).
    """
    if not path.is_file():
        return False
    try:
        with closing(_connect(path, "ro")) as conn:
            return schema_revision(conn) == SCHEMA_HEAD
    except sqlite3.Error:  # "file is not a database", unreadable, locked beyond the timeout
        return False


@contextmanager
def reader(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection inside one read transaction (one consistent snapshot), closed after."""
    with closing(_connect(path, "ro")) as conn:
        conn.execute("BEGIN")
        try:
            yield conn
        finally:
            if conn.in_transaction:  # a read transaction: nothing to roll back
                conn.execute("COMMIT")


@contextmanager
def named_rows(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Use the loaders on a connection opened elsewhere (the ORM session's own, inside its transaction).

    The loaders read columns by name (sqlite3.Row); the connection's own row factory is restored after.
    """
    previous = conn.row_factory
    conn.row_factory = sqlite3.Row
    try:
        yield conn
    finally:
        conn.row_factory = previous


@contextmanager
def writer(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-write connection in one transaction: committed (durably) if the block ends normally,
    rolled back on any exception. Never creates the file."""
    with closing(_connect(path, "rw")) as conn:
        conn.execute("PRAGMA synchronous=FULL")  # as engine.SqliteFile: a returned commit survives a power cut
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")


# ---------------------------------------------------------------- stored values


def _date(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def _required_date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def _naive_datetime(value: str) -> dt.datetime:
    """A plain DATETIME column (local wall-clock time, e.g. when a session was held)."""
    return dt.datetime.fromisoformat(value)


def _utc_datetime(value: str) -> dt.datetime:
    """A `UTCDateTime` column: UTC stored without an offset, returned aware."""
    moment = dt.datetime.fromisoformat(value)
    return moment.replace(tzinfo=dt.UTC) if moment.utcoffset() is None else moment.astimezone(dt.UTC)


def stored_utc(moment: dt.datetime) -> str:
    """How SQLAlchemy's SQLite DATETIME stores an aware `UTCDateTime` value: in UTC, no offset."""
    m = moment.astimezone(dt.UTC)
    return f"{m.year:04d}-{m.month:02d}-{m.day:02d} {m.hour:02d}:{m.minute:02d}:{m.second:02d}.{m.microsecond:06d}"


def _bool(value: int | None) -> bool | None:
    return None if value is None else bool(value)


def _same(value: Any) -> Any:
    return value


def _state_converters() -> dict[str, Callable[[Any], Any]]:
    """The columns of `case_procedure` are ProcedureState's fields (procedure_repo.STATE_FIELDS); the
    conversion follows each field's type, so a new field is read without a change here."""
    by_type: dict[Any, Callable[[Any], Any]] = {bool: _bool, int: _same, str: _same, dt.date | None: _date}
    out = {}
    for name, hint in typing.get_type_hints(ProcedureState).items():
        if name == "stage":  # dispute_case.status
            continue
        if hint not in by_type:  # pragma: no cover - a field of a type this module does not know yet
            raise TypeError(f"fastread: no conversion for ProcedureState.{name}: {hint}")
        out[name] = by_type[hint]
    return out


STATE_CONVERTERS = _state_converters()

# The columns read from each table (tests/integration/test_fastread.py compares them with storage/tables.py).
COLUMNS: dict[str, tuple[str, ...]] = {
    "committee": ("id", "name", "short_name", "address", "court", "case_number_pattern"),
    "dispute_case": (
        "id",
        "committee_id",
        "number",
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
    ),
    "case_mediator": ("case_id", "position", "name"),
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
    "representative": ("party_id", "position", "kind", "name", "id_type", "id_number", "phone", "relation"),
    "agreement": ("id", "case_id", "disputed_matters", "responsibilities", "breach_clause", "signed_on"),
    "agreement_term": (
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
    "case_procedure": ("case_id", *STATE_CONVERTERS),
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
    "return_visit": ("id", "case_id", "visited_on", "visitor", "visited", "satisfaction", "new_risk", "note"),
    "visit_term_check": ("visit_id", "term_seq", "status", "note"),
    "transition_log": ("id", "case_id", "at", "actor", "event", "from_stage", "to_stage", "note"),
    "audit_log": ("at", "actor", "case_id", "action", "detail"),
}


def _select(table: str) -> str:
    return f"SELECT {', '.join(COLUMNS[table])} FROM {table}"


def _marks(n: int) -> str:
    return ", ".join("?" * n)


# ---------------------------------------------------------------- committee and cases (repository)


def first_committee(conn: sqlite3.Connection) -> Committee | None:
    row = conn.execute(_select("committee") + " ORDER BY id LIMIT 1").fetchone()
    if row is None:
        return None
    return Committee(
        name=row["name"],
        short_name=row["short_name"],
        address=row["address"],
        court=row["court"],
        case_number_pattern=row["case_number_pattern"],
        id=row["id"],
    )


def find_case_id(conn: sqlite3.Connection, number: str) -> int | None:
    row = conn.execute("SELECT id FROM dispute_case WHERE number = ? LIMIT 1", (number,)).fetchone()
    return None if row is None else int(row[0])


def load_case(conn: sqlite3.Connection, case_id: int) -> Case:
    """The case with parties, representatives, mediators and agreement; LookupError if there is none."""
    row = conn.execute(_select("dispute_case") + " WHERE id = ?", (case_id,)).fetchone()
    if row is None:
        raise LookupError(case_id)
    mediators = [
        r[0] for r in conn.execute("SELECT name FROM case_mediator WHERE case_id = ? ORDER BY position", (case_id,))
    ]
    return Case(
        id=row["id"],
        committee_id=row["committee_id"],
        number=row["number"],
        title=row["title"],
        dispute_type=row["dispute_type"],
        source=CaseSource(row["source"]),
        source_ref=row["source_ref"],
        registered_on=_required_date(row["registered_on"]),
        accepted_on=_date(row["accepted_on"]),
        facts=row["facts"],
        claims=row["claims"],
        recorder=row["recorder"],
        status=row["status"],
        mediators=mediators,
        parties=_load_parties(conn, case_id),
        agreement=_load_agreement(conn, case_id),
    )


def _load_parties(conn: sqlite3.Connection, case_id: int) -> list[Party]:
    prows = conn.execute(_select("party") + " WHERE case_id = ? ORDER BY seq", (case_id,)).fetchall()
    party_ids = [p["id"] for p in prows]
    reps: dict[int, list[Representative]] = {}
    rrows = conn.execute(
        _select("representative") + f" WHERE party_id IN ({_marks(len(party_ids))}) ORDER BY party_id, position",
        party_ids,
    )
    for r in rrows:
        reps.setdefault(r["party_id"], []).append(
            Representative(
                kind=RepresentativeKind(r["kind"]),
                name=r["name"],
                id_type=IdType(r["id_type"]),
                id_number=r["id_number"],
                phone=r["phone"],
                relation=r["relation"],
            )
        )
    return [
        Party(
            seq=p["seq"],
            role=PartyRole(p["role"]),
            kind=PartyKind(p["kind"]),
            name=p["name"],
            id_type=IdType(p["id_type"]),
            id_number=p["id_number"],
            sex=p["sex"],
            birth_date=_date(p["birth_date"]),
            ethnicity=p["ethnicity"],
            occupation=p["occupation"],
            address=p["address"],
            phone=p["phone"],
            uscc=p["uscc"],
            legal_rep=p["legal_rep"],
            legal_rep_title=p["legal_rep_title"],
            representatives=reps.get(p["id"], []),
        )
        for p in prows
    ]


def _load_agreement(conn: sqlite3.Connection, case_id: int) -> Agreement | None:
    arow = conn.execute(_select("agreement") + " WHERE case_id = ?", (case_id,)).fetchone()
    if arow is None:
        return None
    trows = conn.execute(_select("agreement_term") + " WHERE agreement_id = ? ORDER BY seq", (arow["id"],))
    terms = [
        Term(
            seq=t["seq"],
            obligor=t["obligor_seq"],
            obligee=t["obligee_seq"],
            action=t["action"],
            amount=Money(t["amount_fen"]) if t["amount_fen"] is not None else None,
            deadline=_required_date(t["deadline"]),
            manner=t["manner"],
            place=t["place"],
        )
        for t in trows
    ]
    return Agreement(
        disputed_matters=arow["disputed_matters"],
        responsibilities=arow["responsibilities"],
        breach_clause=arow["breach_clause"],
        signed_on=_date(arow["signed_on"]),
        terms=terms,
    )


def add_audit(
    conn: sqlite3.Connection,
    action: str,
    case_id: int | None,
    detail: str = "",
    actor: str = "",
    now: dt.datetime | None = None,
) -> None:
    """The row `repository.add_audit` writes (call inside `writer`)."""
    at = stored_utc(now or dt.datetime.now(dt.UTC))
    conn.execute(
        f"INSERT INTO audit_log ({', '.join(COLUMNS['audit_log'])}) VALUES ({_marks(5)})",
        (at, actor or DEFAULT_ACTOR, case_id, action, detail),
    )


# ---------------------------------------------------------------- the procedure (procedure_repo)


def load_state(conn: sqlite3.Connection, case_id: int) -> ProcedureState:
    case = conn.execute("SELECT status FROM dispute_case WHERE id = ?", (case_id,)).fetchone()
    if case is None:
        raise LookupError(case_id)
    row = conn.execute(_select("case_procedure") + " WHERE case_id = ?", (case_id,)).fetchone()
    state = ProcedureState(stage=Stage(case["status"]))
    if row is not None:  # cases registered before the procedure existed have no row yet
        for name, convert in STATE_CONVERTERS.items():
            setattr(state, name, convert(row[name]))
    return state


def list_records(conn: sqlite3.Connection, case_id: int) -> list[StepRecord]:
    rows = conn.execute(_select("step_record") + " WHERE case_id = ? ORDER BY held_at, id", (case_id,))
    return [
        StepRecord(
            kind=RecordKind(r["kind"]),
            held_at=_naive_datetime(r["held_at"]),
            place=r["place"],
            staff=r["staff"],
            recorder=r["recorder"],
            content=r["content"],
            subject=r["subject"],
            participants=r["participants"],
            parties_present=r["parties_present"],
            result=r["result"],
            id=r["id"],
        )
        for r in rows
    ]


def list_visits(conn: sqlite3.Connection, case_id: int) -> list[ReturnVisit]:
    rows = conn.execute(_select("return_visit") + " WHERE case_id = ? ORDER BY visited_on, id", (case_id,)).fetchall()
    ids = [r["id"] for r in rows]
    checks: dict[int, list[TermCheck]] = {}
    for c in conn.execute(
        _select("visit_term_check") + f" WHERE visit_id IN ({_marks(len(ids))}) ORDER BY term_seq", ids
    ):
        checks.setdefault(c["visit_id"], []).append(TermCheck(c["term_seq"], c["status"], c["note"]))
    return [
        ReturnVisit(
            visited_on=_required_date(r["visited_on"]),
            visitor=r["visitor"],
            visited=r["visited"],
            satisfaction=r["satisfaction"],
            terms=checks.get(r["id"], []),
            new_risk=r["new_risk"],
            note=r["note"],
            id=r["id"],
        )
        for r in rows
    ]


def list_transitions(conn: sqlite3.Connection, case_id: int) -> list[Transition]:
    rows = conn.execute(_select("transition_log") + " WHERE case_id = ? ORDER BY at, id", (case_id,))
    return [
        Transition(
            at=_utc_datetime(r["at"]),
            actor=r["actor"],
            event=r["event"],
            from_stage=Stage(r["from_stage"]),
            to_stage=Stage(r["to_stage"]),
            note=r["note"],
        )
        for r in rows
    ]
