"""Printing a case's documents with nothing but the standard `sqlite3` module between the file and
the renderer: the command line's fast path (docs/documents.md, "Speed").

A command is a new process; SQLModel/SQLAlchemy and the Alembic check would cost it about 0.8 s
before any work. `SqliteStore` reads the case through `storage.fastread` and writes the audit row
with one sqlite3 transaction, but only for a plain SQLite file at exactly the newest schema
(`SqliteStore.open` returns None otherwise: the caller then opens the database the normal way, which
migrates an older file or refuses a newer one with its own message).

The flow is shared with `services.documents` (the API the GUI and the normal path use), so that both
print the same bytes and write the same audit row:

    read_context(reader, case_id, ...) -> DocumentContext    what a document is filled from, over any
                                                              `CaseReader` (ORM session or sqlite3)
    render_document(store, case_id, form_id, ...) -> bytes   one form, then its audit row
    render_dossier(store, case_id, ...) -> bytes             the 卷宗, then its audit row
    render_blank(form_id) -> bytes, list_forms() -> list[FormInfo], form_name(form_id) -> str

Importing this module imports no SQLAlchemy, SQLModel, pydantic or Alembic (tests/integration/test_printing.py
checks it in a new process), and reportlab only when a document is rendered.
"""

from __future__ import annotations

import datetime as dt
import functools
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from mediator_app.documents.catalog import FormInfo
from mediator_app.documents.catalog import form_info as _catalog_form
from mediator_app.documents.catalog import list_forms as _catalog_forms
from mediator_app.documents.context import DocumentContext
from mediator_app.errors import UserFacingError
from mediator_app.storage import loader as fastread

if TYPE_CHECKING:
    from mediator_app.documents.forms import Form
    from mediator_app.domain.model import Case, Committee
    from mediator_app.domain.records import ProcedureState, ReturnVisit, StepRecord, Transition

__all__ = [
    "DOSSIER_FORMS",
    "CaseReader",
    "FormInfo",
    "SqliteStore",
    "Store",
    "form_loader",
    "form_name",
    "list_forms",
    "read_context",
    "render_blank",
    "render_document",
    "render_dossier",
]

DOSSIER_FORMS = frozenset({"dossier_contents", "dossier_note", "dossier_back"})
NO_CASE = "找不到该案件，可能已被删除"
NO_COMMITTEE = "尚未设置人民调解委员会信息，请先运行初始设置（mediator-cli init）"


class CaseReader(Protocol):
    """The repository functions a document context is read with, bound to one read transaction."""

    def load_case(self, case_id: int) -> Case: ...

    def first_committee(self) -> Committee | None: ...

    def load_state(self, case_id: int) -> ProcedureState: ...

    def list_records(self, case_id: int) -> list[StepRecord]: ...

    def list_visits(self, case_id: int) -> list[ReturnVisit]: ...

    def list_transitions(self, case_id: int) -> list[Transition]: ...


class Store(Protocol):
    """Where a printed case comes from and where the audit row of the print goes."""

    def context(self, case_id: int, *, today: dt.date | None, court: str, date_style: str) -> DocumentContext: ...

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
    committee = reader.first_committee()
    state = reader.load_state(case_id)
    records, visits = reader.list_records(case_id), reader.list_visits(case_id)
    history = reader.list_transitions(case_id)
    if committee is None:
        raise UserFacingError(NO_COMMITTEE)
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
    )


# ---------------------------------------------------------------- rendering (shared with services.documents)


def list_forms(forms_dir: Path | None = None) -> list[FormInfo]:
    """Every form id with its Chinese name, in the order of the procedure and the dossier."""
    return _catalog_forms(forms_dir)


def form_name(form_id: str, forms_dir: Path | None = None) -> str:
    """The form's Chinese name as `list_forms` gives it (reading only its file); the id if there is no such form."""
    info = _catalog_form(form_id, forms_dir)
    return form_id if info is None else info.name


def form_loader(forms_dir: Path | None) -> Callable[[str], Form]:
    from mediator_app.documents.forms import load_form  # imports reportlab: only when printing

    return functools.partial(load_form, override_dir=forms_dir)


def render_document(
    store: Store,
    case_id: int,
    form_id: str,
    *,
    item: int | None = None,
    today: dt.date | None = None,
    court: str = "",
    date_style: str = "chinese",
    forms_dir: Path | None = None,
) -> bytes:
    """One form filled from the case. A per-record form prints every record, or only record `item` (0-based)."""
    from mediator_app.documents import compose

    load = form_loader(forms_dir)
    form = load(form_id)
    ctx = store.context(case_id, today=today, court=court, date_style=date_style)
    if form_id in DOSSIER_FORMS:
        ctx = compose.dossier_context(load, ctx)
    pdf = compose.render_form(form, ctx, item)
    store.audit(case_id, f"打印{form.name}", ctx.case.number)
    return pdf


def render_dossier(
    store: Store,
    case_id: int,
    *,
    today: dt.date | None = None,
    date_style: str = "chinese",
    forms_dir: Path | None = None,
) -> bytes:
    """The case file (卷宗) in the prescribed order, its 卷内目录 giving each document's first page."""
    from mediator_app.documents import compose

    ctx = store.context(case_id, today=today, court="", date_style=date_style)
    pdf = compose.render_dossier(form_loader(forms_dir), ctx)
    store.audit(case_id, "打印卷宗", ctx.case.number)
    return pdf


def render_blank(form_id: str, *, forms_dir: Path | None = None) -> bytes:
    """The form for handwriting: labels, lines to write on, signature areas, no case data."""
    from mediator_app.documents import compose

    return compose.render_blank(form_loader(forms_dir)(form_id))


# ---------------------------------------------------------------- the sqlite3 store


class ConnectionReader:
    """`CaseReader` over a sqlite3 connection whose rows are read by name (`fastread.reader`, `fastread.named_rows`)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def load_case(self, case_id: int) -> Case:
        return fastread.load_case(self.conn, case_id)

    def first_committee(self) -> Committee | None:
        return fastread.first_committee(self.conn)

    def load_state(self, case_id: int) -> ProcedureState:
        return fastread.load_state(self.conn, case_id)

    def list_records(self, case_id: int) -> list[StepRecord]:
        return fastread.list_records(self.conn, case_id)

    def list_visits(self, case_id: int) -> list[ReturnVisit]:
        return fastread.list_visits(self.conn, case_id)

    def list_transitions(self, case_id: int) -> list[Transition]:
        return fastread.list_transitions(self.conn, case_id)


class SqliteStore:
    """A `Store` over a plain SQLite file at exactly `fastread.SCHEMA_HEAD`, read with sqlite3.

    Each call is its own transaction (read-only, or the one audit insert), like the normal path's
    `db.reader()` / `db.unit_of_work()`.
    """

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def open(cls, path: Path) -> SqliteStore | None:
        """The store, or None when the normal path must open this file: missing, not a database,
        an older schema (to be migrated) or a newer one (to be refused)."""
        return cls(path) if fastread.can_read(path) else None

    def committee(self) -> Committee | None:
        with fastread.reader(self.path) as conn:
            return fastread.first_committee(conn)

    def find_case(self, numbers: Iterable[str]) -> tuple[int, str] | None:
        """(id, number) of the first of these case numbers that exists."""
        with fastread.reader(self.path) as conn:
            for number in numbers:
                case_id = fastread.find_case_id(conn, number.strip())
                if case_id is not None:
                    return case_id, number.strip()
        return None

    def context(
        self, case_id: int, *, today: dt.date | None = None, court: str = "", date_style: str = "chinese"
    ) -> DocumentContext:
        with fastread.reader(self.path) as conn:
            return read_context(ConnectionReader(conn), case_id, today=today, court=court, date_style=date_style)

    def audit(self, case_id: int, action: str, detail: str) -> None:
        with fastread.writer(self.path) as conn:
            fastread.add_audit(conn, action, case_id, detail)
