"""Printing: the standard documents of a case as PDF bytes, for preview, printing and saving.

This is the API the GUI and the command line print through. Every function that takes a case
reads it (with its committee, procedure state, records, visits and history: what
`services.procedure.workflow` shows) in one transaction, fills the form definitions (forms/, or the committee's own
versions in the user data folder's forms/) and returns the whole PDF; nothing is written to the
database except one audit row per document printed. Long-running (tens to hundreds of
milliseconds): call from a worker thread; the functions are thread-safe.

    list_forms() -> list[FormInfo]                       form ids, Chinese names, versions, overrides
    render_document(db, case_id, form_id) -> bytes       one form (per-record forms: every record,
                                                         or only the `item`-th)
    render_blank(form_id) -> bytes                       the form for handwriting, no case data
    render_many(db, case_id, form_ids) -> bytes          several forms in one PDF, one print job
    render_dossier(db, case_id) -> bytes                 the whole 卷宗 with its 卷内目录
    court_options(db, case_id) -> list[CourtOption]      courts the confirmation may go to
    confirmation_checks(db, case_id, today) -> list[Check]
                                                         level "block" / "warn", message, rule
    render_confirmation_package(db, case_id, court) -> bytes
                                                         申请书 + 协议书 + 主持调解证明 + 授权委托书 + 清单

Errors (all `UserFacingError`, with Chinese messages): `ValidationError` lists every field that keeps
a document from printing (a missing agreement term, a character no font has: ``parties[1].name``);
`FormDefinitionError` names the form file and the JSON path of a broken definition;
`ConfirmationBlocked` carries the blocking checks. Keyword arguments common to most functions:
`today` (defaults to the current date), `date_style` ("chinese" 二〇二六年… or "arabic"),
`forms_dir` (another override folder, for tests and tools).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from mediator_app.documents.catalog import FormInfo
from mediator_app.documents.context import DocumentContext
from mediator_app.errors import UserFacingError
from mediator_app.procedure.confirmation import Check, CourtOption, blocking
from mediator_app.services import cases, printing
from mediator_app.services import procedure as proc
from mediator_app.services.calendar import holiday_calendar
from mediator_app.services.printing import DOSSIER_FORMS, list_forms
from mediator_app.storage import fastread
from mediator_app.storage import procedure_repo as prepo
from mediator_app.storage import repository as repo
from mediator_app.storage.database import Database

if TYPE_CHECKING:
    from sqlmodel import Session

    from mediator_app.domain.model import Case, Committee
    from mediator_app.domain.records import ProcedureState, ReturnVisit, StepRecord, Transition

__all__ = [
    "DOSSIER_FORMS",
    "Check",
    "ConfirmationBlocked",
    "CourtOption",
    "FormInfo",
    "confirmation_checks",
    "court_options",
    "document_context",
    "list_forms",
    "render_blank",
    "render_confirmation_package",
    "render_document",
    "render_dossier",
    "render_many",
]

PACKAGE_TITLE = "司法确认申请材料"


class ConfirmationBlocked(UserFacingError):
    """The joint application cannot go to court now; `checks` says why, each with its rule."""

    def __init__(self, checks: list[Check]) -> None:
        super().__init__("不能生成司法确认申请材料：" + "；".join(str(c) for c in checks))
        self.checks = checks


class _SessionReader:
    """`printing.CaseReader` over an ORM session (the repositories)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def load_case(self, case_id: int) -> Case:
        return repo.load_case(self.session, case_id)

    def first_committee(self) -> Committee | None:
        return repo.first_committee(self.session)

    def load_state(self, case_id: int) -> ProcedureState:
        return prepo.load_state(self.session, case_id)

    def list_records(self, case_id: int) -> list[StepRecord]:
        return prepo.list_records(self.session, case_id)

    def list_visits(self, case_id: int) -> list[ReturnVisit]:
        return prepo.list_visits(self.session, case_id)

    def list_transitions(self, case_id: int) -> list[Transition]:
        return prepo.list_transitions(self.session, case_id)


def document_context(
    db: Database, case_id: int, *, today: dt.date | None = None, court: str = "", date_style: str = "chinese"
) -> DocumentContext:
    """Everything a document of the case is filled from, read in one transaction (`printing.read_context`).

    The same facts `services.procedure.workflow` reads (state, records, visits, history), without
    the actions and deadlines it computes for the case view: printing is on the hot path.
    """
    with db.reader() as session, _case_reader(session) as reader:
        return printing.read_context(reader, case_id, today=today, court=court, date_style=date_style)


@contextmanager
def _case_reader(session: Session) -> Iterator[printing.CaseReader]:
    """The plain sqlite3 loaders (`storage.fastread`) over the session's own connection, inside its
    transaction, when the database is SQLite: they return the same objects as the repositories
    (tests/integration/test_fastread.py) in about an eighth of the time. Any other database: the repositories."""
    raw = session.connection().connection.driver_connection
    if isinstance(raw, sqlite3.Connection):
        with fastread.named_rows(raw) as conn:
            yield printing.ConnectionReader(conn)
    else:  # pragma: no cover - only SQLite targets exist so far
        yield _SessionReader(session)


def _audit(db: Database, case_id: int, what: str, number: str) -> None:
    with db.unit_of_work() as session:
        repo.add_audit(session, what, case_id, number)


class _DatabaseStore:
    """`printing.Store` over the opened database: the normal path."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def context(self, case_id: int, *, today: dt.date | None, court: str, date_style: str) -> DocumentContext:
        return document_context(self.db, case_id, today=today, court=court, date_style=date_style)

    def audit(self, case_id: int, action: str, detail: str) -> None:
        _audit(self.db, case_id, action, detail)


def render_document(
    db: Database,
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
    return printing.render_document(
        _DatabaseStore(db),
        case_id,
        form_id,
        item=item,
        today=today,
        court=court,
        date_style=date_style,
        forms_dir=forms_dir,
    )


def render_blank(form_id: str, *, forms_dir: Path | None = None) -> bytes:
    """The form for handwriting: labels, lines to write on, signature areas, no case data."""
    return printing.render_blank(form_id, forms_dir=forms_dir)


def render_many(
    db: Database,
    case_id: int,
    form_ids: Sequence[str],
    *,
    today: dt.date | None = None,
    date_style: str = "chinese",
    forms_dir: Path | None = None,
) -> bytes:
    """Several forms of one case in one PDF (one print job); each numbered on its own."""
    from mediator_app.documents import compose

    if not form_ids:
        raise UserFacingError("请选择要打印的文书")
    load = printing.form_loader(forms_dir)
    forms = [load(f) for f in form_ids]
    ctx = document_context(db, case_id, today=today, date_style=date_style)
    if DOSSIER_FORMS & set(form_ids):
        ctx = compose.dossier_context(load, ctx)
    pdf = compose.render_forms(forms, ctx)
    _audit(db, case_id, "打印" + "、".join(f.name for f in forms), ctx.case.number)
    return pdf


def render_dossier(
    db: Database,
    case_id: int,
    *,
    today: dt.date | None = None,
    date_style: str = "chinese",
    forms_dir: Path | None = None,
) -> bytes:
    """The case file (卷宗) in the prescribed order, its 卷内目录 giving each document's first page."""
    return printing.render_dossier(_DatabaseStore(db), case_id, today=today, date_style=date_style, forms_dir=forms_dir)


def court_options(db: Database, case_id: int) -> list[CourtOption]:
    """Courts the joint application may go to (CPL Art. 205); the user may also enter another."""
    from mediator_app.procedure.confirmation import court_options as options

    with db.reader() as session:
        state = prepo.load_state(session, case_id)
    return options(cases.get_case(db, case_id), cases.require_committee(db), state)


def confirmation_checks(
    db: Database, case_id: int, today: dt.date | None = None, *, applicants: Sequence[int] | None = None
) -> list[Check]:
    """What blocks or should be known before the joint application (docs/legal-basis.md §4.5), each citing its rule.

    `applicants`: the parties (by seq) who sign the application; all parties by default.
    """
    from mediator_app.procedure.confirmation import confirmation_checks as checks

    today = today or dt.date.today()
    case = cases.get_case(db, case_id)
    with db.reader() as session:
        state = prepo.load_state(session, case_id)
        visits = prepo.list_visits(session, case_id)
    seqs = set(applicants) if applicants is not None else {p.seq for p in case.parties}
    missing = tuple(p.name for p in case.parties if p.seq not in seqs)
    facts = proc.build_facts(case, state, len(visits), today, holiday_calendar(), applicants_missing=missing)
    return checks(case, state, facts)


def render_confirmation_package(
    db: Database,
    case_id: int,
    court: str,
    *,
    today: dt.date | None = None,
    applicants: Sequence[int] | None = None,
    date_style: str = "chinese",
    forms_dir: Path | None = None,
) -> bytes:
    """The joint application, the agreement, the certificate, powers of attorney and the list of materials.

    Raises ConfirmationBlocked when a check blocks (warnings do not); the court is the one chosen
    from `court_options` or typed by the user.
    """
    from mediator_app.documents import compose

    if not court.strip():
        raise UserFacingError("请选择或填写受理司法确认申请的人民法院（《民事诉讼法》第二百零五条）")
    blocked = blocking(confirmation_checks(db, case_id, today, applicants=applicants))
    if blocked:
        raise ConfirmationBlocked(blocked)
    ctx = document_context(db, case_id, today=today, court=court.strip(), date_style=date_style)
    pdf = compose.confirmation_package(printing.form_loader(forms_dir), ctx)
    _audit(db, case_id, f"打印{PACKAGE_TITLE}", ctx.case.number)
    return pdf
