"""The printing service as the print screens call it: each function runs on the database thread
(`run_db(jobs.print_forms, db, case_id, form_ids, today)`), builds its `PrintJob` and imports
`services.printing` there, so the GUI thread never imports a service. The window's `Database` is
the store (`DatabaseStore`). Failures come back as the service raises them: `PrintProblems`,
`ConfirmationBlocked`, or another `UserFacingError`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mediator_app.documents.catalog import FormInfo
    from mediator_app.procedure.confirmation import Check, CourtOption
    from mediator_app.services.printing import CaseForms
    from mediator_app.storage.database import Database


def print_forms(
    db: Database, case_id: int, form_ids: Sequence[str], today: dt.date, large_print: bool = False
) -> bytes:
    """Forms of the case in one PDF: the 打印文书 dialog (its 大字本 too) and the tool bar's 打印协议书."""
    from mediator_app.services import printing

    job = printing.PrintJob.forms(case_id, form_ids, today=today, large_print=large_print)
    return printing.render(printing.DatabaseStore(db), job)


def print_blanks(form_ids: Sequence[str]) -> bytes:
    from mediator_app.services import printing

    return printing.render(None, printing.PrintJob.blank(form_ids))


def print_dossier(db: Database, case_id: int, today: dt.date) -> bytes:
    from mediator_app.services import printing

    return printing.render(printing.DatabaseStore(db), printing.PrintJob.dossier(case_id, today=today))


def print_package(db: Database, case_id: int, court: str, today: dt.date, applicants: Sequence[int]) -> bytes:
    from mediator_app.services import printing

    job = printing.PrintJob.package(case_id, court, applicants=applicants, today=today)
    return printing.render(printing.DatabaseStore(db), job)


def case_forms(db: Database, case_id: int, today: dt.date) -> CaseForms:
    from mediator_app.services import printing

    return printing.case_forms(printing.DatabaseStore(db), case_id, today)


def list_forms() -> list[FormInfo]:
    from mediator_app.services import printing

    return printing.list_forms()


def court_options(db: Database, case_id: int) -> list[CourtOption]:
    from mediator_app.services import printing

    return printing.court_options(printing.read(printing.DatabaseStore(db), case_id))


def confirmation_checks(
    db: Database, case_id: int, today: dt.date, applicants: Sequence[int], court: str = ""
) -> list[Check]:
    """The checks as of `today` for these applicants and the court chosen so far (CPL Art. 205)."""
    from mediator_app.services import printing

    ctx = printing.read(printing.DatabaseStore(db), case_id, today=today, court=court)
    return printing.confirmation_checks(ctx, applicants)
