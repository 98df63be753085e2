"""Documents put together: one form (once per record for per-record forms), a print job of several
forms, the judicial-confirmation package and the dossier (卷宗) with its table of contents.

Pure: form definitions and a `DocumentContext` in, PDF bytes out. Forms are obtained through a
`FormSource` (a function from form id to checked `Form`) so that the caller decides where
definitions come from (shipped, a committee's own, a test directory).

The dossier follows docs/legal-basis.md §6.1: cover, 卷内目录, application (or the acceptance register), the
rights notice, powers of attorney, investigation records, session records, the outcome (decline
notice, written agreement, oral-agreement register or termination notice), return visits, the
confirmation materials, the 情况说明 and the back cover. It is laid out twice: the first pass
finds the page on which each filed document starts, the second prints those numbers in the
contents (and again, should the numbers change the contents' length, until they are stable).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from mediator_app.documents.context import DocumentContext, Item, items_for
from mediator_app.documents.fields import date_text
from mediator_app.documents.forms import Form
from mediator_app.documents.pdf import BuiltPdf, Part, build_pdf
from mediator_app.documents.render import DocumentBuilder
from mediator_app.domain.model import CaseSource
from mediator_app.domain.stages import WRITTEN_AGREEMENT_STAGES, Stage
from mediator_app.errors import FieldError, UserFacingError, ValidationError
from mediator_app.frozen import frozen

if TYPE_CHECKING:
    from mediator_app.documents.dossier_info import DossierInfo

FormSource = Callable[[str], Form]

CONFIRMATION_PACKAGE = (
    "confirmation_application",
    "mediation_agreement",
    "mediation_certificate",
    "power_of_attorney",
    "confirmation_materials",
)
MAX_TOC_PASSES = 4


# repr=False: no generated __repr__ (each method a dataclass generates is compiled in every new
# process: a print command's ~50 classes took ~14 % of it, docs/documents.md "Speed").
# eq=False: compared by identity, nothing compares them by value.
@frozen(eq=False, repr=False)
class Planned:
    """A document planned for a print job: its form and the record it prints, if any."""

    form_id: str
    item: Item | None = None
    filed: bool = True  # counted and numbered among the dossier's documents


def item_title(form: Form, item: Item | None, ctx: DocumentContext | None) -> str:
    """The document's name in the contents: 人民调解调查记录（二〇二六年十一月三日）."""
    if item is None or ctx is None:
        return form.short_name
    if item.record is not None:
        return f"{form.short_name}（{date_text(ctx, item.record.held_at.date())}）"
    if item.visit is not None:
        return f"{form.short_name}（{date_text(ctx, item.visit.visited_on)}）"
    if item.agent is not None:
        return f"{form.short_name}（委托人：{item.agent.party.name}）"
    if item.work_order is not None:
        return f"{form.short_name}（致{item.work_order.unit}）"
    if item.legal is not None:
        return f"{form.short_name}（{item.legal.recipient}）"
    return form.short_name


def metadata(form_name: str, ctx: DocumentContext | None) -> dict[str, str]:
    if ctx is None:
        return {"title": form_name, "author": "", "subject": ""}
    return {
        "title": f"{form_name} {ctx.case.number}".strip(),
        "author": ctx.committee.name,
        "subject": ctx.case.dispute_type,
    }


def part(form: Form, ctx: DocumentContext | None, item: Item | None = None, filed: bool = False) -> Part:
    return Part(form, DocumentBuilder(form, ctx, item).build(), item_title(form, item, ctx), filed)


def form_parts(form: Form, ctx: DocumentContext, item: int | None = None) -> list[Part]:
    """The form filled from `ctx`: once, or once per record/visit/agent (only the `item`-th if given)."""
    if form.each is None:
        return [part(form, ctx)]
    items = items_for(form.each, ctx)
    if item is not None:
        if not 0 <= item < len(items):
            raise UserFacingError(f"“{form.name}”没有第{item + 1}份（本案共{len(items)}份）")
        items = [items[item]]
    if not items:
        raise UserFacingError(f"本案还没有可以填入“{form.name}”的内容（{_none_yet(form.each)}）")
    return [part(form, ctx, it) for it in items]


def _none_yet(each: str) -> str:
    return {
        "investigation": "尚无调查记录",
        "session": "尚无调解记录",
        "visit": "尚无回访记录",
        "agent": "当事人没有委托代理人",
        "work_order": "尚未发出工作联系单",
        "legal_support": "尚未申请法律支持",
    }.get(each, "")


def _collect(build: Callable[[], list[Part]], errors: list[FieldError]) -> list[Part]:
    try:
        return build()
    except ValidationError as exc:
        errors += exc.errors
        return []


def render_form(form: Form, ctx: DocumentContext, item: int | None = None) -> bytes:
    parts = form_parts(form, ctx, item)
    return build_pdf(parts, metadata(form.name, ctx)).data


def render_blank(form: Form) -> bytes:
    """The form for handwriting: every label, a line for every value, signature areas, no case data."""
    return build_pdf([part(form, None)], metadata(form.name, None)).data


def render_forms(forms: Sequence[Form], ctx: DocumentContext) -> bytes:
    """Several forms in one PDF (one print job); every problem of every form is reported together."""
    errors: list[FieldError] = []
    parts = [p for form in forms for p in _collect(functools.partial(form_parts, form, ctx), errors)]
    if errors:
        raise ValidationError(list(dict.fromkeys(errors)))
    title = "、".join(dict.fromkeys(f.name for f in forms))
    return build_pdf(parts, metadata(title, ctx)).data


# ---------------------------------------------------------------- the confirmation package


def confirmation_package(load: FormSource, ctx: DocumentContext) -> bytes:
    """司法确认申请书 + 人民调解协议书 + 调解组织主持调解的证明 + 授权委托书 (per agent) + 材料清单 (docs/legal-basis.md §4.3)."""
    errors: list[FieldError] = []
    parts: list[Part] = []
    for form_id in CONFIRMATION_PACKAGE:
        form = load(form_id)
        if form.each == "agent" and not items_for("agent", ctx):
            continue
        parts += _collect(functools.partial(form_parts, form, ctx), errors)
    if errors:
        raise ValidationError(list(dict.fromkeys(errors)))
    return build_pdf(parts, metadata("司法确认申请材料", ctx)).data


# ---------------------------------------------------------------- the dossier


def written_agreement_concluded(ctx: DocumentContext) -> bool:
    s = ctx.state
    stage = s.archived_from if s.stage is Stage.ARCHIVED else s.stage
    return ctx.case.agreement is not None and s.oral_reached_on is None and stage in WRITTEN_AGREEMENT_STAGES


def dossier_plan(ctx: DocumentContext) -> list[Planned]:
    """The documents of the case file in the prescribed order (docs/legal-basis.md §6.1)."""
    s = ctx.state
    plan = [Planned("dossier_cover", filed=False), Planned("dossier_contents", filed=False)]
    source_form = "mediation_application" if ctx.case.source is CaseSource.APPLICATION else "acceptance_register"
    plan.append(Planned(source_form))
    if s.rights_notified_on is not None:
        plan.append(Planned("rights_notice"))
    plan += [Planned("power_of_attorney", it) for it in items_for("agent", ctx)]
    plan += [Planned("investigation_record", it) for it in items_for("investigation", ctx)]
    plan += [Planned("session_record", it) for it in items_for("session", ctx)]
    if s.decline_reason.strip():
        plan.append(Planned("decline_notice"))
    if s.oral_content.strip() and s.oral_reached_on is not None:
        plan.append(Planned("oral_agreement_register"))
    elif written_agreement_concluded(ctx):
        plan.append(Planned("mediation_agreement"))
    if s.termination_reason.strip():
        plan.append(Planned("termination_notice"))
    plan += [Planned("return_visit_record", it) for it in items_for("visit", ctx)]
    if s.confirmation_applied_on is not None:
        plan += [Planned("confirmation_application"), Planned("mediation_certificate")]
    plan += [Planned("dossier_note"), Planned("dossier_back", filed=False)]
    return plan


def _one(form: Form, ctx: DocumentContext, planned: Planned) -> list[Part]:
    return [part(form, ctx, planned.item, planned.filed)]


def _dossier_pdf(
    load: FormSource,
    ctx: DocumentContext,
    plan: Sequence[Planned],
    layout_only: bool = False,
    kept: dict[int, list[Part]] | None = None,
) -> BuiltPdf:
    """`kept`: the parts of documents that do not print the contents, built by an earlier pass."""
    errors: list[FieldError] = []
    parts: list[Part] = []
    for i, planned in enumerate(plan):
        form = load(planned.form_id)
        if kept is not None and i in kept:
            parts += kept[i]
            continue
        built = _collect(functools.partial(_one, form, ctx, planned), errors)
        if kept is not None and built and not form.reads_dossier():
            kept[i] = built
        parts += built
    if errors:
        raise ValidationError(list(dict.fromkeys(errors)))
    return build_pdf(parts, metadata("人民调解卷宗", ctx), stamp_filed=True, layout_only=layout_only)


def dossier_info(
    plan: Sequence[Planned], built: BuiltPdf | None, load: FormSource, ctx: DocumentContext
) -> DossierInfo:
    """The contents: each filed document's title and first page in the dossier's own numbering."""
    from mediator_app.documents.dossier_info import DossierInfo, TocEntry  # a dossier's alone (its docstring)

    entries = []
    filed_pages: list[int] = []  # page indexes (0-based) of filed documents, in order
    if built is not None:
        filed = {i for i, p in enumerate(plan) if p.filed}
        filed_pages = [n for n, owner in enumerate(built.page_parts) if owner in filed]
    for i, planned in enumerate(plan):
        if not planned.filed:
            continue
        title = item_title(load(planned.form_id), planned.item, ctx)
        if built is None:
            entries.append(TocEntry(title))
            continue
        first = built.start(i) - 1
        entries.append(TocEntry(title, filed_pages.index(first) + 1, built.pages(i)))
    return DossierInfo(tuple(entries), len(filed_pages) if built is not None else None)


def _settled(load: FormSource, ctx: DocumentContext) -> tuple[BuiltPdf, DossierInfo]:
    """Lay the dossier out until the page numbers its contents print are the pages its documents start on.

    The first pass (contents without page numbers) only finds the pages; later passes print them,
    and the last one, whose numbers no longer change, is the dossier.
    """
    load = functools.cache(load)  # one definition per form for the whole dossier (each is asked for ~4 times)
    plan = dossier_plan(ctx)
    info = dossier_info(plan, None, load, ctx)
    kept: dict[int, list[Part]] = {}  # laid out again as they are: only the contents and counts change
    built = _dossier_pdf(load, dataclasses.replace(ctx, dossier=info), plan, layout_only=True, kept=kept)
    for _ in range(MAX_TOC_PASSES):
        new_info = dossier_info(plan, built, load, ctx)
        if new_info == info and built.data:
            break
        info = new_info
        built = _dossier_pdf(load, dataclasses.replace(ctx, dossier=info), plan, kept=kept)
    return built, info


def render_dossier(load: FormSource, ctx: DocumentContext) -> bytes:
    """The whole case file as one PDF, its contents giving the page on which each document starts."""
    return _settled(load, ctx)[0].data


def dossier_context(load: FormSource, ctx: DocumentContext) -> DocumentContext:
    """`ctx` with the dossier's contents and page numbers (to print the 卷内目录 or 封底 on their own)."""
    return dataclasses.replace(ctx, dossier=_settled(load, ctx)[1])
