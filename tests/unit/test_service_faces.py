"""The service modules the UI imports for its data types (the case list, the search box, the repeat-
dispute panel) load no SQLAlchemy: their SQL lives in storage/ query modules over a DB-API connection."""

from __future__ import annotations

import subprocess
import sys

SERVICE_FACES = ("mediator_app.services.caselist", "mediator_app.services.history", "mediator_app.services.search")


def test_service_faces_import_no_sqlalchemy() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in SERVICE_FACES)
        + "from mediator_app.services.caselist import CaseFilter, CaseSort, CaseListRow, FilterChoices, SortKey\n"
        + "from mediator_app.services.search import SearchHit, SearchResult\n"
        + "from mediator_app.services.history import EarlierDispute\n"
        + "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'sqlmodel', 'alembic')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
