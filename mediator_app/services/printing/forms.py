"""The forms a print job can name: the catalogue, where a definition is read from, and what each
form would print for a case now (the 打印文书 dialog's list: counts, what a form still lacks).

    list_forms() -> list[FormInfo]                 form ids, Chinese names, versions, overrides
    form_name(form_id) -> str                      the Chinese name (reading only the catalogue)
    form_loader(forms_dir) -> FormSource           form id -> checked Form (imports reportlab)
    case_forms(store, case_id, today) -> CaseForms every form: how many documents it prints for the
                                                   case now, what its `requires` still lacks
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from mediator_app.documents.catalog import FormInfo, all_form_files, locate
from mediator_app.documents.catalog import form_info as _catalog_form
from mediator_app.documents.catalog import list_forms as _catalog_forms
from mediator_app.domain.stages import Stage
from mediator_app.errors import FieldError
from mediator_app.frozen import frozen
from mediator_app.procedure.print_stages import stage_errors
from mediator_app.services.printing.store import Store, read_context

if TYPE_CHECKING:
    from mediator_app.documents.context import DocumentContext
    from mediator_app.documents.forms import Form

DOSSIER_FORMS = frozenset({"dossier_contents", "dossier_note", "dossier_back"})


def list_forms(forms_dir: Path | None = None) -> list[FormInfo]:
    """Every form id with its Chinese name, in the order of the procedure and the dossier."""
    return _catalog_forms(forms_dir)


def form_name(form_id: str, forms_dir: Path | None = None) -> str:
    """The form's Chinese name as `list_forms` gives it (reading only its file); the id if there is no such form."""
    info = _catalog_form(form_id, forms_dir)
    return form_id if info is None else info.name


def form_loader(forms_dir: Path | None) -> Callable[[str], Form]:
    """Form id -> checked definition: the committee's own file in `forms_dir` (default: the user data
    folder's forms/) or the shipped one. One loader serves one print job, which lists the two folders
    once: a dossier loads a dozen forms, and listing them for each was ~2 % of printing it."""
    from mediator_app.documents.forms import load_form_file  # imports reportlab: only when printing

    listed = functools.cache(functools.partial(all_form_files, forms_dir))

    def load(form_id: str) -> Form:
        return load_form_file(locate(form_id, forms_dir, listed()).path)

    return load


# repr=False: no generated __repr__ (each method a dataclass generates is compiled in every new
# process: a print command's ~50 classes took ~14 % of it, docs/documents.md "Speed").
@frozen(repr=False)
class FormStatus:
    """One form of the 打印文书 list for a case: whether and how many times it prints now."""

    form_id: str
    name: str
    each: str | None  # per-record form: investigation / session / visit / agent
    count: int  # documents it prints for this case now (0: a per-record form without records)
    missing: tuple[FieldError, ...] = ()  # the stage's refusal, what the form's `requires` still lacks
    problem: str = ""  # the form file cannot be read


@frozen(repr=False)
class CaseForms:
    """The forms a case can print at its present stage (the 打印文书 dialog's list)."""

    case_id: int
    number: str
    stage: Stage
    source: str
    parties: int
    forms: tuple[FormStatus, ...]

    def status(self, form_id: str) -> FormStatus | None:
        return next((f for f in self.forms if f.form_id == form_id), None)


def _requirement_errors(form_id: str, requires: Sequence[str], ctx: DocumentContext) -> tuple[FieldError, ...]:
    """The stage's refusal first (filling a field does not fix it), then the fields `requires` lacks."""
    from mediator_app.documents.fields import requirement_errors

    return (*stage_errors(form_id, ctx.state), *(e for name in requires for e in requirement_errors(name, ctx)))


def case_forms(store: Store, case_id: int, today: dt.date | None = None) -> CaseForms:
    """Every form with what it would print for the case now (cheap: no layout)."""
    from mediator_app.documents.catalog import FormDefinitionError
    from mediator_app.documents.context import items_for

    with store.reading() as reader:
        ctx = read_context(reader, case_id, today=today)
    load = form_loader(None)
    out = []
    for info in list_forms():
        if info.problem:
            out.append(FormStatus(info.form_id, info.name or info.form_id, None, 0, problem=info.problem))
            continue
        try:
            form = load(info.form_id)
        except FormDefinitionError as exc:
            out.append(FormStatus(info.form_id, info.name or info.form_id, None, 0, problem=exc.message))
            continue
        count = len(items_for(form.each, ctx)) if form.each else 1
        out.append(
            FormStatus(form.form_id, form.name, form.each, count, _requirement_errors(form.form_id, form.requires, ctx))
        )
    case = ctx.case
    return CaseForms(case_id, case.number, ctx.state.stage, case.source.value, len(case.parties), tuple(out))
