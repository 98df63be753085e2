"""Printing: the one service every door prints through (docs/documents.md, "Printing").

A print job goes in — forms of a case (with an optional record), blank forms, the dossier, the
judicial-confirmation package with its court — and PDF bytes come out, or one `PrintProblems` naming
each document and field that keeps it from printing:

    render(store, PrintJob.forms(case_id, ["mediation_agreement"])) -> bytes

The case comes from a `Store`: `SqliteStore` (sqlite3 only, a file at the schema head: the command
line's lean path) or `DatabaseStore` (the opened `Database`); both read with the same loaders. Below
the service, `documents.compose` lays the documents out (pure: definitions and a context in, bytes
out). Modules: `store` (stores, readers, the context), `forms` (the catalogue, what each form prints
for a case now), `jobs` (jobs, rendering, problems), `confirmation` (courts and checks before the
package). Long-running (tens to hundreds of milliseconds): the GUI calls it on the database thread.

Importing this package imports no SQLAlchemy, SQLModel, pydantic or Alembic, and reportlab only when
a document is laid out (tests/integration/test_printing.py).
"""

from mediator_app.documents.catalog import FormInfo
from mediator_app.services.printing.confirmation import ConfirmationBlocked, confirmation_checks, court_options
from mediator_app.services.printing.forms import (
    DOSSIER_FORMS,
    CaseForms,
    FormStatus,
    case_forms,
    form_loader,
    form_name,
    list_forms,
)
from mediator_app.services.printing.jobs import (
    FormProblem,
    JobKind,
    PrintJob,
    PrintProblems,
    form_problems,
    read,
    render,
)
from mediator_app.services.printing.store import (
    CaseReader,
    ConnectionReader,
    DatabaseStore,
    SqliteStore,
    Store,
    find_case,
    read_context,
)

__all__ = [
    "DOSSIER_FORMS",
    "CaseForms",
    "CaseReader",
    "ConfirmationBlocked",
    "ConnectionReader",
    "DatabaseStore",
    "FormInfo",
    "FormProblem",
    "FormStatus",
    "JobKind",
    "PrintJob",
    "PrintProblems",
    "SqliteStore",
    "Store",
    "case_forms",
    "confirmation_checks",
    "court_options",
    "find_case",
    "form_loader",
    "form_name",
    "form_problems",
    "list_forms",
    "read",
    "read_context",
    "render",
]
