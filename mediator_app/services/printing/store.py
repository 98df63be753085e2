"""Where a printed case comes from and where the audit row of the print goes: the printing store.

A `Store` gives a `CaseReader` inside one read transaction (`reading()`) and writes the audit row
of a print in one transaction of its own (`audit`). Both stores read with the same loaders over a
DB-API connection (`storage.loader`: the same domain objects as the ORM repositories, about an
eighth of the time, tests/integration/test_loader.py), so a document prints the same bytes
whichever store it came from:

    SqliteStore(path)     the lean store: sqlite3 only, for a plain SQLite file at exactly the schema
                          head (`SqliteStore.open` says None otherwise: the caller opens the Database,
                          which migrates an older file or refuses a newer one with its own message)
    DatabaseStore(db)     the opened `Database` (the GUI, a command on a file that needed migrating):
                          the same loaders over the ORM session's own connection, inside its
                          transaction; the repositories for a database that is not SQLite

`read_context(reader, case_id, …)` is what every document of a case is filled from. Importing
this module imports no SQLAlchemy, SQLModel, pydantic or Alembic (tests/integration/test_printing.py
checks it in a new process): the command line's lean path must not pay their ≈0.8 s.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager, closing, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from mediator_app.documents.context import DocumentContext
from mediator_app.domain import messages
from mediator_app.domain.access import LOCAL_ACTOR, Actor
from mediator_app.errors import UserFacingError
from mediator_app.storage import accounts, loader
from mediator_app.storage.readonly import writable

if TYPE_CHECKING:
    from sqlmodel import Session

    from mediator_app.domain.legal_support import LegalSupportRequest
    from mediator_app.domain.linkage import WorkOrder
    from mediator_app.domain.model import Case, Committee
    from mediator_app.domain.records import ProcedureState, ReturnVisit, StepRecord, Transition
    from mediator_app.procedure.receipt import NextStep
    from mediator_app.storage.database import Database

NO_CASE = messages.CASE_NOT_FOUND
NO_COMMITTEE = messages.NO_COMMITTEE

log = logging.getLogger(__name__)


class CaseReader(Protocol):
    """The read functions printing uses, bound to one read transaction."""

    def find_case_id(self, number: str) -> int | None: ...

    def load_case(self, case_id: int) -> Case: ...

    def first_committee(self) -> Committee | None: ...

    def committee_of(self, case: Case) -> Committee | None: ...

    def load_state(self, case_id: int) -> ProcedureState: ...

    def list_records(self, case_id: int) -> list[StepRecord]: ...

    def list_visits(self, case_id: int) -> list[ReturnVisit]: ...

    def list_transitions(self, case_id: int) -> list[Transition]: ...

    def list_work_orders(self, case_id: int) -> list[WorkOrder]: ...

    def list_legal_support(self, case_id: int) -> list[LegalSupportRequest]: ...


class Store(Protocol):
    """Where a printed case comes from (`reading`) and where the audit row of the print goes;
    `actor` is the person printing (checked against the permission matrix by `jobs.render`)."""

    @property
    def actor(self) -> Actor | None: ...

    def reading(self) -> AbstractContextManager[CaseReader]: ...

    def audit(self, case_id: int, action: str, detail: str) -> None: ...


def read_context(
    reader: CaseReader, case_id: int, *, today: dt.date | None = None, court: str = "", date_style: str = "chinese"
) -> DocumentContext:
    """Everything a document of the case is filled from: the same facts `services.procedure.workflow`
    reads (state, records, visits, history), without the actions and deadlines it computes."""
    try:
        case = reader.load_case(case_id)
    except LookupError:
        raise UserFacingError(NO_CASE) from None
    # The case's own committee: in a centre of several committees, each paper carries the name,
    # address, phone and seal place of the committee that handles the case (docs/centre.md).
    committee = reader.committee_of(case)
    state = reader.load_state(case_id)
    records, visits = reader.list_records(case_id), reader.list_visits(case_id)
    history = reader.list_transitions(case_id)
    work_orders = reader.list_work_orders(case_id)
    legal_requests = reader.list_legal_support(case_id)
    if committee is None:
        raise UserFacingError(NO_COMMITTEE)

    def step() -> NextStep:  # only the 受理回执 asks (DocumentContext.next_step)
        from mediator_app.procedure.receipt import next_step
        from mediator_app.services.calendar import holiday_calendar

        return next_step(case.status, case.registered_on, case.accepted_on, state.mediation_days, holiday_calendar())

    return DocumentContext(
        case=case,
        committee=committee,
        state=state,
        records=tuple(records),
        visits=tuple(visits),
        history=tuple(history),
        today=today or dt.date.today(),
        date_style=date_style,
        court=court,
        work_orders=tuple(work_orders),
        legal_requests=tuple(legal_requests),
        step_source=step,
    )


def find_case(reader: CaseReader, numbers: list[str]) -> tuple[int, str] | None:
    """(id, number) of the first of these case numbers that exists."""
    for number in numbers:
        case_id = reader.find_case_id(number.strip())
        if case_id is not None:
            return case_id, number.strip()
    return None


# ---------------------------------------------------------------- the loaders over a connection


class ConnectionReader:
    """`CaseReader` over a sqlite3 connection whose rows are read by name (`loader.reader`, `loader.named_rows`)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def find_case_id(self, number: str) -> int | None:
        return loader.find_case_id(self.conn, number)

    def load_case(self, case_id: int) -> Case:
        return loader.load_case(self.conn, case_id)

    def first_committee(self) -> Committee | None:
        return loader.first_committee(self.conn)

    def committee_of(self, case: Case) -> Committee | None:
        if case.committee_id is None:
            return loader.first_committee(self.conn)
        return loader.get_committee(self.conn, case.committee_id)

    def load_state(self, case_id: int) -> ProcedureState:
        return loader.load_state(self.conn, case_id)

    def list_records(self, case_id: int) -> list[StepRecord]:
        return loader.list_records(self.conn, case_id)

    def list_visits(self, case_id: int) -> list[ReturnVisit]:
        return loader.list_visits(self.conn, case_id)

    def list_transitions(self, case_id: int) -> list[Transition]:
        return loader.list_transitions(self.conn, case_id)

    def list_work_orders(self, case_id: int) -> list[WorkOrder]:
        return [order for _, order in loader.list_work_orders(self.conn, case_id)]

    def list_legal_support(self, case_id: int) -> list[LegalSupportRequest]:
        return loader.list_legal_support(self.conn, case_id)


class SessionReader:
    """`CaseReader` over an ORM session (the repositories): a database that is not SQLite."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def find_case_id(self, number: str) -> int | None:
        from mediator_app.storage import repository as repo

        return repo.find_case_id(self.session, number)

    def load_case(self, case_id: int) -> Case:
        from mediator_app.storage import repository as repo

        return repo.load_case(self.session, case_id)

    def first_committee(self) -> Committee | None:
        from mediator_app.storage import repository as repo

        return repo.first_committee(self.session)

    def committee_of(self, case: Case) -> Committee | None:
        from mediator_app.storage import repository as repo

        if case.committee_id is None:
            return repo.first_committee(self.session)
        return repo.get_committee(self.session, case.committee_id)

    def load_state(self, case_id: int) -> ProcedureState:
        from mediator_app.storage import procedure_repo as prepo

        return prepo.load_state(self.session, case_id)

    def list_records(self, case_id: int) -> list[StepRecord]:
        from mediator_app.storage import procedure_repo as prepo

        return prepo.list_records(self.session, case_id)

    def list_visits(self, case_id: int) -> list[ReturnVisit]:
        from mediator_app.storage import procedure_repo as prepo

        return prepo.list_visits(self.session, case_id)

    def list_transitions(self, case_id: int) -> list[Transition]:
        from mediator_app.storage import procedure_repo as prepo

        return prepo.list_transitions(self.session, case_id)

    def list_work_orders(self, case_id: int) -> list[WorkOrder]:
        from mediator_app.storage import linkage_repo

        return linkage_repo.list_work_orders(self.session, case_id)

    def list_legal_support(self, case_id: int) -> list[LegalSupportRequest]:
        from mediator_app.storage import linkage_repo

        return linkage_repo.list_legal_support(self.session, case_id)


# ---------------------------------------------------------------- the two stores


class SqliteStore:
    """A `Store` over an SQLite file at exactly `loader.SCHEMA_HEAD`, read with sqlite3 (or SQLCipher's
    keyed connection, `key`, for an encrypted file).

    Each call is its own transaction (read-only, or the one audit insert), like `DatabaseStore`'s
    `db.reader()` / `db.unit_of_work()`.
    """

    def __init__(self, path: Path, actor: Actor | None, key: bytes | None = None) -> None:
        self.path = path
        self._actor = actor
        self._key = key

    @property
    def actor(self) -> Actor | None:
        return self._actor

    @classmethod
    def open(cls, path: Path) -> SqliteStore | None:
        """The store, or None when the `Database` must open this file: missing, not a database, an
        older schema (to be migrated) or a newer one (to be refused). On a file with accounts nobody
        acts until `login` (docs/privacy.md, "Files without accounts").

        An encrypted file is read here too, once its key is unlocked exactly as the `Database` would
        (`services.keys.unlock`: the credential store, the passphrase; `KeyProblem` says what is
        missing): through SQLAlchemy the agreement command cost 4.9 times the plain file's."""
        from mediator_app.services.keys import is_encrypted, unlock

        key = unlock(path) if is_encrypted(path) else None
        conn = loader.open_current(path, key)  # the schema checked and the accounts asked on one connection
        if conn is None:
            return None
        with closing(conn):
            return cls(path, None if accounts.has_accounts(conn) else LOCAL_ACTOR, key)

    def login(self, login: str, password: str) -> Actor:
        """Log in as in `services.access.login`, over sqlite3: the failure count and audit row are kept."""
        from mediator_app.services.audit_anchor import anchor_for
        from mediator_app.services.login import LoginRefused, Refusal, login_over
        from mediator_app.storage import audit_chain

        with loader.writer(self.path, self._key) as conn:
            outcome = login_over(conn, login, password)
            head = audit_chain.head(conn)
        anchor_for(self.path, self._key).record(head)  # as `audit` below
        if isinstance(outcome, Refusal):
            raise LoginRefused(outcome.message)
        self._actor = outcome
        return outcome

    @contextmanager
    def reading(self) -> Iterator[CaseReader]:
        with loader.reader(self.path, self._key) as conn:
            yield ConnectionReader(conn)

    def audit(self, case_id: int, action: str, detail: str) -> None:
        from mediator_app.services.audit_anchor import anchor_for

        if not writable(self.path):  # a read-only file can be printed from; the print cannot be recorded
            log.info("print not recorded in the audit trail: the database is read-only")
            return
        with loader.writer(self.path, self._key) as conn:
            head = loader.add_audit(conn, action, case_id, detail, actor=(self._actor or LOCAL_ACTOR).audit_name)
        anchor_for(self.path, self._key).record(head)  # as Database.unit_of_work does after its commit


class DatabaseStore:
    """A `Store` over the opened `Database`: the GUI's, or a command's on a file that needed migrating."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @property
    def actor(self) -> Actor | None:
        return self.db.actor

    @contextmanager
    def reading(self) -> Iterator[CaseReader]:
        """The sqlite3 loaders over the session's own connection, inside its transaction, when the
        database is SQLite; any other database: the repositories."""
        with self.db.reader() as session:
            raw = session.connection().connection.driver_connection
            if isinstance(raw, sqlite3.Connection):
                with loader.named_rows(raw) as conn:
                    yield ConnectionReader(conn)
            else:  # pragma: no cover - only SQLite targets exist so far
                yield SessionReader(session)

    def audit(self, case_id: int, action: str, detail: str) -> None:
        from mediator_app.storage import repository as repo

        if self.db.read_only:  # as SqliteStore.audit
            log.info("print not recorded in the audit trail: the database is read-only")
            return
        with self.db.unit_of_work() as session:
            repo.add_audit(session, action, case_id, detail)
