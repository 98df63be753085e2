"""What the print dialogs need beyond `services.documents`: which forms a case can fill now, every
problem named by the document it belongs to, and several blank forms in one PDF.

`services.documents.render_many` reports the problems of all chosen forms in one `ValidationError`
(the field paths, not the documents). A mediator must read *which* document cannot be printed and
why, so on failure `render_selection` builds each chosen form on its own (layout only, no PDF, no
audit row) and raises `PrintProblems` with one `FormProblem` per document. The same is done for the
dossier and the judicial-confirmation package.

    case_forms(db, case_id) -> CaseForms            every form: how many documents it prints for the
                                                    case now, what its `requires` still lacks
    render_selection(db, case_id, form_ids) -> bytes    render_many, or PrintProblems per document
    render_dossier(db, case_id) -> bytes                 render_dossier, or PrintProblems
    render_confirmation_package(db, case_id, court, applicants) -> bytes
                                                    ConfirmationBlocked as before, or PrintProblems
    render_blanks(form_ids) -> bytes                     blank forms, one PDF (no case, no database)

Runs on the database thread like the rest of the services.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mediator_app.domain.messages import NO_DOCUMENT_CHOSEN
from mediator_app.errors import FieldError, UserFacingError, ValidationError
from mediator_app.services import documents
from mediator_app.services.printing import DOSSIER_FORMS, form_loader
from mediator_app.storage.database import Database

if TYPE_CHECKING:
    from mediator_app.documents.context import DocumentContext

__all__ = [
    "CaseForms",
    "FormProblem",
    "FormStatus",
    "PrintProblems",
    "case_forms",
    "form_problems",
    "render_blanks",
    "render_confirmation_package",
    "render_dossier",
    "render_selection",
]

CONFIRMATION_PACKAGE = (
    "confirmation_application",
    "mediation_agreement",
    "mediation_certificate",
    "power_of_attorney",
    "confirmation_materials",
)


@dataclass(frozen=True)
class FormStatus:
    form_id: str
    name: str
    each: str | None  # per-record form: investigation / session / visit / agent
    count: int  # documents it prints for this case now (0: a per-record form without records)
    missing: tuple[FieldError, ...] = ()  # what the form's `requires` still lacks
    problem: str = ""  # the form file cannot be read


@dataclass(frozen=True)
class CaseForms:
    case_id: int
    number: str
    stage: str
    source: str
    parties: int
    forms: tuple[FormStatus, ...]

    def status(self, form_id: str) -> FormStatus | None:
        return next((f for f in self.forms if f.form_id == form_id), None)


@dataclass(frozen=True)
class FormProblem:
    """Why one document cannot be printed: field errors, or a message about the document as a whole."""

    form_id: str
    name: str
    errors: tuple[FieldError, ...] = ()
    message: str = ""


class PrintProblems(UserFacingError):
    """One or more chosen documents cannot be printed; `problems` names each with its fields."""

    def __init__(self, problems: list[FormProblem]) -> None:
        lines = []
        for p in problems:
            details = "；".join([p.message] if p.message else [e.message for e in p.errors])
            lines.append(f"{p.name}：{details}")
        super().__init__("以下文书还不能打印：" + "\n".join(lines))
        self.problems = problems


def _requirement_errors(requires: Sequence[str], ctx: DocumentContext) -> tuple[FieldError, ...]:
    from mediator_app.documents.fields import requirement_errors

    return tuple(e for name in requires for e in requirement_errors(name, ctx))


def case_forms(db: Database, case_id: int, today: dt.date | None = None) -> CaseForms:
    """Every form with what it would print for the case now (cheap: no layout)."""
    from mediator_app.documents.catalog import FormDefinitionError
    from mediator_app.documents.context import items_for

    ctx = documents.document_context(db, case_id, today=today)
    load = form_loader(None)
    out = []
    for info in documents.list_forms():
        if info.problem:
            out.append(FormStatus(info.form_id, info.name or info.form_id, None, 0, problem=info.problem))
            continue
        try:
            form = load(info.form_id)
        except FormDefinitionError as exc:
            out.append(FormStatus(info.form_id, info.name or info.form_id, None, 0, problem=exc.message))
            continue
        count = len(items_for(form.each, ctx)) if form.each else 1
        out.append(FormStatus(form.form_id, form.name, form.each, count, _requirement_errors(form.requires, ctx)))
    case = ctx.case
    return CaseForms(case_id, case.number, ctx.state.stage, case.source.value, len(case.parties), tuple(out))


def form_problems(
    db: Database, case_id: int, form_ids: Sequence[str], *, today: dt.date | None = None, court: str = ""
) -> list[FormProblem]:
    """Each form built on its own (no PDF, no audit row): the problems of every one that fails."""
    from mediator_app.documents import compose
    from mediator_app.documents.catalog import FormDefinitionError

    load = form_loader(None)
    ctx = documents.document_context(db, case_id, today=today, court=court)
    if DOSSIER_FORMS & set(form_ids):
        # The contents without page numbers: what a document lacks does not depend on its page.
        ctx = dataclasses.replace(ctx, dossier=compose.dossier_info(compose.dossier_plan(ctx), None, load, ctx))
    problems = []
    for form_id in dict.fromkeys(form_ids):
        try:
            form = load(form_id)
        except FormDefinitionError as exc:
            problems.append(FormProblem(form_id, form_id, message=exc.message))
            continue
        try:
            compose.form_parts(form, ctx)
        except ValidationError as exc:
            problems.append(FormProblem(form_id, form.name, tuple(dict.fromkeys(exc.errors))))
        except UserFacingError as exc:
            problems.append(FormProblem(form_id, form.name, message=exc.message))
    return problems


def _problems_or(exc: UserFacingError, problems: list[FormProblem]) -> UserFacingError:
    return PrintProblems(problems) if problems else exc


def render_selection(db: Database, case_id: int, form_ids: Sequence[str], today: dt.date | None = None) -> bytes:
    """The chosen forms in one PDF (`documents.render_many`); PrintProblems names each document that fails."""
    if not form_ids:
        raise UserFacingError(NO_DOCUMENT_CHOSEN)
    try:
        return documents.render_many(db, case_id, form_ids, today=today)
    except UserFacingError as exc:  # a field, no records yet, a broken form file
        raise _problems_or(exc, form_problems(db, case_id, form_ids, today=today)) from exc


def render_dossier(db: Database, case_id: int, today: dt.date | None = None) -> bytes:
    """The 卷宗 (`documents.render_dossier`); PrintProblems names each filed document that fails."""
    try:
        return documents.render_dossier(db, case_id, today=today)
    except ValidationError as exc:
        from mediator_app.documents import compose

        plan = compose.dossier_plan(documents.document_context(db, case_id, today=today))
        ids = [p.form_id for p in plan]
        raise _problems_or(exc, form_problems(db, case_id, ids, today=today)) from exc


def render_confirmation_package(
    db: Database, case_id: int, court: str, *, today: dt.date | None = None, applicants: Sequence[int] | None = None
) -> bytes:
    """The package (`documents.render_confirmation_package`): ConfirmationBlocked as there; a document of
    it that cannot be printed (a character no font has) raises PrintProblems."""
    try:
        return documents.render_confirmation_package(db, case_id, court, today=today, applicants=applicants)
    except ValidationError as exc:
        problems = form_problems(db, case_id, CONFIRMATION_PACKAGE, today=today, court=court.strip())
        # 授权委托书 is part of the package only when a party has an agent: that is not a problem.
        problems = [p for p in problems if not (p.form_id == "power_of_attorney" and p.message and not p.errors)]
        raise _problems_or(exc, problems) from exc


def render_blanks(form_ids: Sequence[str]) -> bytes:
    """Blank forms for handwriting, one after another in one PDF (each numbered on its own)."""
    from mediator_app.documents import compose
    from mediator_app.documents.pdf import build_pdf

    if not form_ids:
        raise UserFacingError("请选择要打印的空白文书")
    if len(form_ids) == 1:
        return documents.render_blank(form_ids[0])
    load = form_loader(None)
    forms = [load(f) for f in form_ids]
    title = "、".join(f.name for f in forms) + "（空白）"
    return build_pdf([compose.part(form, None) for form in forms], compose.metadata(title, None)).data
