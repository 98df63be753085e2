"""Opening a file as the suite's account: once a window or `mediator-cli init` has created the
administrator from MEDIATOR_USER / MEDIATOR_PASSWORD (tests/conftest.py), a test that opens the file
itself logs in with them like any other door (docs/privacy.md)."""

from __future__ import annotations

import os
from pathlib import Path

from mediator_app.services import access, cases
from mediator_app.storage.database import Database


def open_logged_in(path: Path) -> Database:
    """The database at `path`, acting as the suite's administrator (本机用户 on a file without accounts)."""
    db = cases.open_database(path)
    if db.actor is None:
        access.login(db, os.environ["MEDIATOR_USER"], os.environ["MEDIATOR_PASSWORD"])
    return db
