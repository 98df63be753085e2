"""The 人民调解协议书 (written mediation agreement, PML Art. 29) from a case and its committee alone.

The agreement is one form among the others (forms/mediation_agreement.v1.json, rendered by the
generic renderer); this module keeps the short call used where only the case and the committee
are at hand. Its contents follow PML Art. 29 and docs/legal-basis.md §6.2: the parties' particulars; the
main facts, disputed matters and each party's responsibility; the agreed terms with manner, place
and time limit of performance; the effect clause and the number of copies (one per party plus one
for the committee); a signature area for every party, the mediators, the recorder and the seal.
Nothing is printed that cannot be printed right: missing contents and characters no bundled font
has are reported against their fields (`agreement_errors`).
"""

from __future__ import annotations

import datetime as dt

from mediator_app.documents.compose import render_form
from mediator_app.documents.context import DocumentContext
from mediator_app.documents.forms import Form, load_form
from mediator_app.documents.render import DocumentBuilder
from mediator_app.domain.model import Case, Committee
from mediator_app.errors import FieldError, ValidationError

FORM_ID = "mediation_agreement"
DATE_STYLES = ("chinese", "arabic")


def _context(case: Case, committee: Committee, date_style: str, today: dt.date | None) -> DocumentContext:
    if date_style not in DATE_STYLES:
        raise ValueError(f"date_style must be one of {DATE_STYLES}, not {date_style!r}")
    return DocumentContext(case=case, committee=committee, today=today or dt.date.today(), date_style=date_style)


def render_agreement(
    case: Case,
    committee: Committee,
    *,
    date_style: str = "chinese",
    form: Form | None = None,
    today: dt.date | None = None,
) -> bytes:
    """The agreement as PDF bytes.

    Raises ValidationError (one FieldError per offending field, e.g. ``parties[0].name``) when the
    case is not ready to print or holds a character no bundled font has; ValueError for an unknown
    date_style; FormDefinitionError when the form definition is broken.
    """
    ctx = _context(case, committee, date_style, today)
    return render_form(form or load_form(FORM_ID), ctx)


def agreement_errors(
    case: Case, committee: Committee, form: Form | None = None, today: dt.date | None = None
) -> list[FieldError]:
    """Everything that stops the agreement from being printed, each naming its field."""
    try:
        DocumentBuilder(form or load_form(FORM_ID), _context(case, committee, "chinese", today)).build()
    except ValidationError as exc:
        return exc.errors
    return []
