"""A print job in, PDF bytes out — or one `PrintProblems` naming each document that cannot be printed.

    PrintJob.forms(case_id, form_ids, item=…, court=…)   forms of a case (a per-record form: every
                                                          record, or only the `item`-th, 0-based)
    PrintJob.blank(form_ids)                              forms for handwriting, no case
    PrintJob.dossier(case_id)                             the 卷宗 with its 卷内目录
    PrintJob.package(case_id, court, applicants=…)        the judicial-confirmation package
    render(store, job) -> bytes                           read the case once, lay it out, one audit row

Every door prints through `render`: the tool bar's 打印协议书 and the 打印文书 dialog (the same job, so
the same context with the procedure state and the same problem box), 打印卷宗, 司法确认申请材料, every
`mediator-cli render` command and the self-test. The case is read in one read transaction of the
store, the PDF laid out by `documents.compose` (pure), and the audit row written in one transaction.

When a document cannot be printed (a field the law needs, a character no bundled font has, no
record yet for a per-record form), each chosen document is built again on its own from the same
context (layout only: no PDF, no audit row) and `PrintProblems` names each one with its fields. It is
a `ValidationError` whose `errors` are the job's field errors in the order the renderer found them,
so the command line prints what it always printed. Not problems of a document, and raised as they
are: no such case, no committee (`UserFacingError`), a broken form file (`FormDefinitionError`, naming
the file and the JSON path), a package the checks block (`ConfirmationBlocked`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from mediator_app.documents.forms import LARGE_PRINT, enlarged
from mediator_app.domain import messages
from mediator_app.domain.access import Permission, check, check_case
from mediator_app.errors import FieldError, UserFacingError, ValidationError
from mediator_app.frozen import frozen
from mediator_app.procedure.print_stages import stage_errors
from mediator_app.services.printing.confirmation import NO_COURT, raise_if_blocked
from mediator_app.services.printing.forms import DOSSIER_FORMS, form_loader
from mediator_app.services.printing.store import Store, read_context

if TYPE_CHECKING:
    from mediator_app.documents.context import DocumentContext
    from mediator_app.documents.forms import Form

    FormSource = Callable[[str], Form]

PACKAGE_TITLE = "司法确认申请材料"
NO_FORMS = messages.NO_DOCUMENT_CHOSEN
NO_BLANK_FORMS = "请选择要打印的空白文书"


class JobKind(StrEnum):
    FORMS = "forms"
    BLANK = "blank"
    DOSSIER = "dossier"
    PACKAGE = "package"


# repr=False: no generated __repr__ (each method a dataclass generates is compiled in every new
# process: a print command's ~50 classes took ~14 % of it, docs/documents.md "Speed").
@frozen(repr=False)
class PrintJob:
    """What to print. Build it with `forms`, `blank`, `dossier` or `package`.

    `today` is the print date (default: the current date); `date_style` "chinese" or "arabic"
    (`documents.context.DATE_STYLES`);
    `forms_dir` another folder of a committee's own form files (tests and tools).
    """

    kind: JobKind
    case_id: int | None = None
    form_ids: tuple[str, ...] = ()
    item: int | None = None
    court: str = ""
    applicants: tuple[int, ...] | None = None
    today: dt.date | None = None
    date_style: str = "chinese"
    forms_dir: Path | None = None
    large_print: bool = False  # a copy for a party who does not read well (forms only; documents.forms.enlarged)

    def __post_init__(self) -> None:
        if (self.kind is JobKind.BLANK) != (self.case_id is None):
            raise ValueError("a blank job has no case; every other job has one")
        if self.item is not None and (self.kind is not JobKind.FORMS or len(self.form_ids) != 1):
            raise ValueError("`item` chooses a record of one per-record form")

    @classmethod
    def forms(
        cls,
        case_id: int,
        form_ids: Iterable[str],
        *,
        item: int | None = None,
        court: str = "",
        today: dt.date | None = None,
        date_style: str = "chinese",
        forms_dir: Path | None = None,
        large_print: bool = False,
    ) -> PrintJob:
        """Forms of a case in one PDF, each numbered on its own; `court` for the confirmation forms;
        `large_print` for a party's own copy in large type (the signed legal copy stays standard)."""
        return cls(
            JobKind.FORMS, case_id, tuple(form_ids), item, court, None, today, date_style, forms_dir, large_print
        )

    @classmethod
    def blank(cls, form_ids: Iterable[str], *, forms_dir: Path | None = None) -> PrintJob:
        """Forms for handwriting: labels, lines to write on, signature areas, no case data."""
        return cls(JobKind.BLANK, None, tuple(form_ids), forms_dir=forms_dir)

    @classmethod
    def dossier(
        cls, case_id: int, *, today: dt.date | None = None, date_style: str = "chinese", forms_dir: Path | None = None
    ) -> PrintJob:
        """The case file (卷宗) in the prescribed order, its 卷内目录 giving each document's first page."""
        return cls(JobKind.DOSSIER, case_id, today=today, date_style=date_style, forms_dir=forms_dir)

    @classmethod
    def package(
        cls,
        case_id: int,
        court: str,
        *,
        applicants: Sequence[int] | None = None,
        today: dt.date | None = None,
        date_style: str = "chinese",
        forms_dir: Path | None = None,
    ) -> PrintJob:
        """申请书 + 协议书 + 主持调解的证明 + 授权委托书 + 材料清单 for `court` (chosen from
        `court_options` or typed); `applicants`: the parties (by seq) who sign, all by default."""
        chosen = tuple(applicants) if applicants is not None else None
        return cls(JobKind.PACKAGE, case_id, (), None, court, chosen, today, date_style, forms_dir)

    @property
    def context_court(self) -> str:
        """The court the documents are filled with."""
        return self.court.strip() if self.kind is JobKind.PACKAGE else self.court


@frozen(repr=False)
class FormProblem:
    """Why one document cannot be printed: field errors, or a message about the document as a whole."""

    form_id: str
    name: str
    errors: tuple[FieldError, ...] = ()
    message: str = ""


class PrintProblems(ValidationError):
    """One or more documents of a job cannot be printed: `problems` names each with its fields (what
    the print screens show); `errors` lists the job's field errors as the renderer found them."""

    def __init__(self, problems: Sequence[FormProblem], errors: Iterable[FieldError] | None = None) -> None:
        self.problems = list(problems)
        super().__init__(dict.fromkeys(e for p in self.problems for e in p.errors) if errors is None else errors)
        lines = []
        for p in self.problems:
            details = "；".join([p.message] if p.message else [e.message for e in p.errors])
            lines.append(f"{p.name}：{details}")
        self.message = "以下文书还不能打印：" + "\n".join(lines)
        self.args = (self.message,)

    def document_messages(self) -> list[str]:
        """The problems that are not about a field (no records yet, no such record), as the renderer words them."""
        return list(dict.fromkeys(p.message for p in self.problems if p.message))


# ---------------------------------------------------------------- rendering


def read(
    store: Store, case_id: int, *, today: dt.date | None = None, court: str = "", date_style: str = "chinese"
) -> DocumentContext:
    """The case as a document is filled from it, read in one read transaction of the store; only for a
    person who may print it (the print dialogs read it first to offer the forms)."""
    check(store.actor, Permission.PRINT)
    with store.reading() as reader:
        ctx = read_context(reader, case_id, today=today, court=court, date_style=date_style)
    check_case(store.actor, ctx.case)
    return ctx


def render(store: Store | None, job: PrintJob, *, ctx: DocumentContext | None = None) -> bytes:
    """The job as one PDF, then its audit row. `ctx`: the job's case as the caller already read it
    (the command line reads it in the transaction that resolved the case number); read here otherwise."""
    load = form_loader(job.forms_dir)
    if job.kind is JobKind.BLANK:
        return _blanks(load, job.form_ids)
    assert job.case_id is not None
    if store is None:
        raise ValueError("a job of a case needs the store it is read from")
    check(store.actor, Permission.PRINT)  # blank forms above hold no one's data
    forms: list[Form] = []
    if job.kind is JobKind.FORMS:
        if not job.form_ids:
            raise UserFacingError(NO_FORMS)
        forms = [load(f) for f in job.form_ids]  # a broken form file is reported before anything is read
        if job.large_print:
            forms = [enlarged(form, LARGE_PRINT) for form in forms]
    elif job.kind is JobKind.PACKAGE and not job.court.strip():
        raise UserFacingError(NO_COURT)
    if ctx is None:
        ctx = read(store, job.case_id, today=job.today, court=job.context_court, date_style=job.date_style)
    elif ctx.case.id != job.case_id:
        raise ValueError(f"the context is of case {ctx.case.id}, the job of case {job.case_id}")
    elif ctx.court != job.context_court:
        ctx = dataclasses.replace(ctx, court=job.context_court)
    check_case(store.actor, ctx.case)
    if job.kind is JobKind.FORMS:
        _raise_if_stage_not_reached(load, ctx, job)
    if job.kind is JobKind.PACKAGE:
        raise_if_blocked(ctx, job.applicants)
    pdf, action = _laid_out(load, ctx, job, forms)
    store.audit(job.case_id, action, ctx.case.number)
    return pdf


def _raise_if_stage_not_reached(load: FormSource, ctx: DocumentContext, job: PrintJob) -> None:
    """A form the case's stage does not allow yet (an agreement at 登记) is refused before anything is
    laid out, with that one reason (a filled field would not make it printable; procedure.print_stages);
    the job's other forms are named with their own problems, as when a field stops them."""
    refused = {f: e for f in job.form_ids if (e := stage_errors(f, ctx.state))}
    if not refused:
        return
    others = {p.form_id: p for p in form_problems(load, ctx, [f for f in job.form_ids if f not in refused], job.item)}
    problems = []
    for form_id in dict.fromkeys(job.form_ids):
        if form_id in refused:
            problems.append(FormProblem(form_id, load(form_id).name, tuple(refused[form_id])))
        elif form_id in others:
            problems.append(others[form_id])
    raise PrintProblems(problems)


def _laid_out(load: FormSource, ctx: DocumentContext, job: PrintJob, forms: list[Form]) -> tuple[bytes, str]:
    """(PDF, audit action); PrintProblems when a document cannot be printed."""
    from mediator_app.documents import compose
    from mediator_app.documents.catalog import FormDefinitionError

    try:
        if job.kind is JobKind.DOSSIER:
            return compose.render_dossier(load, ctx), "打印卷宗"
        if job.kind is JobKind.PACKAGE:
            return compose.confirmation_package(load, ctx), f"打印{PACKAGE_TITLE}"
        full = compose.dossier_context(load, ctx) if DOSSIER_FORMS & set(job.form_ids) else ctx
        pdf = compose.render_form(forms[0], full, job.item) if len(forms) == 1 else compose.render_forms(forms, full)
        return pdf, "打印" + "、".join(f.name for f in forms)
    except FormDefinitionError:
        raise
    except UserFacingError as exc:  # a field, no records yet, a character no font has
        raise _named(load, ctx, job, exc) from exc


def _job_form_ids(ctx: DocumentContext, job: PrintJob) -> list[str]:
    from mediator_app.documents import compose

    if job.kind is JobKind.DOSSIER:
        return [p.form_id for p in compose.dossier_plan(ctx)]
    if job.kind is JobKind.PACKAGE:
        return list(compose.CONFIRMATION_PACKAGE)
    return list(job.form_ids)


def _named(load: FormSource, ctx: DocumentContext, job: PrintJob, exc: UserFacingError) -> PrintProblems:
    """The failure of a job, each document that fails named with its own problems."""
    problems = form_problems(load, ctx, _job_form_ids(ctx, job), job.item)
    if job.kind is JobKind.PACKAGE:
        # 授权委托书 is part of the package only when a party has an agent: that is not a problem.
        problems = [p for p in problems if not (p.form_id == "power_of_attorney" and p.message and not p.errors)]
    errors = exc.errors if isinstance(exc, ValidationError) else None
    if not problems:  # only the whole job fails (e.g. the dossier's contents with page numbers)
        problems = [FormProblem("", _title(job), tuple(errors or ()), "" if errors else exc.message)]
    return PrintProblems(problems, errors)


def _title(job: PrintJob) -> str:
    return {JobKind.DOSSIER: "调解卷宗", JobKind.PACKAGE: PACKAGE_TITLE}.get(job.kind, "、".join(job.form_ids))


def form_problems(
    load: FormSource, ctx: DocumentContext, form_ids: Sequence[str], item: int | None = None
) -> list[FormProblem]:
    """Each form built on its own from `ctx` (layout only: no PDF, no audit row): the problems of every one that fails."""
    from mediator_app.documents import compose
    from mediator_app.documents.catalog import FormDefinitionError

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
            compose.form_parts(form, ctx, item)
        except ValidationError as exc:
            problems.append(FormProblem(form_id, form.name, tuple(dict.fromkeys(exc.errors))))
        except UserFacingError as exc:
            problems.append(FormProblem(form_id, form.name, message=exc.message))
    return problems


def _blanks(load: FormSource, form_ids: Sequence[str]) -> bytes:
    """Blank forms one after another in one PDF (each numbered on its own)."""
    from mediator_app.documents import compose
    from mediator_app.documents.pdf import build_pdf

    if not form_ids:
        raise UserFacingError(NO_BLANK_FORMS)
    forms = [load(f) for f in form_ids]
    if len(forms) == 1:
        return compose.render_blank(forms[0])
    title = "、".join(f.name for f in forms) + "（空白）"
    return build_pdf([compose.part(form, None) for form in forms], compose.metadata(title, None)).data
