"""The services as the UI calls them, imported lazily.

`backend.list_cases` is `mediator_app.services.cases.list_cases`. The import of the services pulls in
SQLAlchemy and SQLModel (≈0.55 s, docs/tech-notes.md, "Import costs"); the first job, `open_database_and_committee`, does it
on the database thread after the window has painted, so later attribute look-ups are free.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mediator_app.domain.model import Committee
    from mediator_app.storage.database import Database


def open_database_and_committee(path: Path) -> tuple[Database, Committee | None]:
    """Runs on the database thread: import the services, open (and migrate) the file, read the committee."""
    # The procedure services are imported here too, so the procedure screens never import on the GUI thread.
    from mediator_app.services import cases, procedure  # noqa: F401

    db = cases.open_database(path)
    return db, cases.get_committee(db)


def __getattr__(name: str) -> Any:
    from mediator_app.services import cases

    try:
        return getattr(cases, name)
    except AttributeError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
