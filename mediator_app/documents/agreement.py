"""The 人民调解协议书 (written mediation agreement, PML Art. 29) rendered to PDF bytes.

Pure: a case, its committee and the form definition (forms/mediation_agreement.json) in, PDF bytes
out. Contents follow PML Art. 29 and DOMAIN.md §1.2/§3.3: the parties' particulars; the main facts,
disputed matters and each party's responsibility; the agreed terms with manner, place and time
limit of performance; the effect clause and the number of copies (one per party plus one for the
committee); a signature block for every party, the mediators, the recorder and the committee seal.

Nothing is printed that cannot be printed right: the case is checked first (`agreement_errors`) and
every field is checked against the bundled fonts, so a rare character that no font has is reported
against its field instead of coming out blank.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from collections.abc import Iterator, Sequence
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, KeepTogether, PageTemplate, Spacer, Table

from mediator_app import APP_TITLE, __version__
from mediator_app.documents.fonts import fallback_markup, font_runs, register_font, uncovered_chars
from mediator_app.documents.forms import AgreementForm, FieldSpec, TextStyle, load_agreement_form
from mediator_app.documents.layout import ChineseParagraph, Footer, NumberedCanvas
from mediator_app.domain.dates import format_date
from mediator_app.domain.model import Case, Committee, IdType, Party, Representative, Term
from mediator_app.domain.numerals import chinese_count
from mediator_app.domain.validation import printable_agreement_errors
from mediator_app.errors import FieldError, ValidationError

DATE_STYLES = ("chinese", "arabic")
_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}
# Party attributes printed as they are (the others are formatted: dates, age, ID type).
_PLAIN_PARTY_FIELDS = ("name", "sex", "ethnicity", "occupation", "address", "phone", "uscc", "legal_rep",
                       "legal_rep_title", "id_number")


def render_agreement(
    case: Case, committee: Committee, *, date_style: str = "chinese", form: AgreementForm | None = None
) -> bytes:
    """The agreement as PDF bytes.

    Raises ValidationError (one FieldError per offending field, e.g. ``parties[0].name``) when the
    case is not ready to print or holds a character no bundled font has; ValueError for an unknown
    date_style; FormDefinitionError when the form definition is broken.
    """
    if date_style not in DATE_STYLES:
        raise ValueError(f"date_style must be one of {DATE_STYLES}, not {date_style!r}")
    form = form or load_agreement_form()
    errors = agreement_errors(case, committee, form)
    if errors:
        raise ValidationError(errors)
    story = _AgreementBuilder(case, committee, form, date_style).story()
    return _build_pdf(story, form, _metadata(case, committee, form))


def agreement_errors(case: Case, committee: Committee, form: AgreementForm | None = None) -> list[FieldError]:
    """Everything that stops the agreement from being printed, each naming its field."""
    form = form or load_agreement_form()
    errors = printable_agreement_errors(case)
    for path, text in printed_fields(case, committee, form):
        missing = uncovered_chars(text)
        if missing:
            errors.append(FieldError(path, uncovered_message(missing)))
    return errors


def uncovered_message(chars: Sequence[str]) -> str:
    listed = "".join(f"“{c}”（U+{ord(c):04X}）" for c in chars)
    return f"{listed}字在字库中没有，无法打印，请改用常用字或联系技术人员"


def printed_fields(case: Case, committee: Committee, form: AgreementForm) -> Iterator[tuple[str, str]]:
    """(path, text) of every user-entered text the agreement prints, paths as in validation.py."""
    yield "committee.name", committee.name
    yield "number", case.number
    yield "facts", case.facts
    for i, party in enumerate(case.parties):
        specs = form.person_fields if party.is_person else form.organisation_fields
        for spec in specs:
            if spec.field in _PLAIN_PARTY_FIELDS:
                yield f"parties[{i}].{spec.field}", str(getattr(party, spec.field))
        for j, rep in enumerate(party.representatives):
            for spec in form.representative_fields:
                yield f"parties[{i}].representatives[{j}].{spec.field}", str(getattr(rep, spec.field))
    agreement = case.agreement
    if agreement is not None:
        yield "agreement.disputed_matters", agreement.disputed_matters
        yield "agreement.responsibilities", agreement.responsibilities
        yield "agreement.breach_clause", agreement.breach_clause
        for k, term in enumerate(agreement.terms):
            yield f"agreement.terms[{k}].action", term.action
            yield f"agreement.terms[{k}].manner", term.manner
            yield f"agreement.terms[{k}].place", term.place
    for k, name in enumerate(case.mediators):
        yield f"mediators[{k}]", name
    yield "recorder", case.recorder


def term_sentence(case: Case, term: Term, form: AgreementForm, date_style: str = "chinese") -> str:
    """一、被申请人李四于二〇二六年十二月三十一日前向申请人张三支付人民币壹万贰仟元整（¥12,000.00），履行方式：银行转账。"""
    texts = form.texts
    obligor = case.party(term.obligor)
    out = f"{chinese_count(term.seq)}、{obligor.role.value}{obligor.name}"
    if term.deadline is not None:
        out += texts["term_deadline"].format(期限=format_date(term.deadline, date_style))
    if term.obligee is not None:
        obligee = case.party(term.obligee)
        out += texts["term_obligee"].format(权利人=f"{obligee.role.value}{obligee.name}")
    out += term.action.strip().rstrip("。；;，,. ")
    if term.amount is not None:
        out += term.amount.legal()  # always 大写 and figures (DOMAIN.md §5.4)
    details = []
    if term.manner.strip():
        details.append(texts["term_manner"].format(履行方式=term.manner.strip()))
    if term.place.strip():
        details.append(texts["term_place"].format(履行地点=term.place.strip()))
    return "，".join([out, *details]) + "。"


def party_particulars(party: Party, form: AgreementForm, date_style: str, on: dt.date) -> str:
    """申请人：刘䶮，性别：男，出生日期：……，住址：……。 (age counted on the date `on`)."""
    specs = form.person_fields if party.is_person else form.organisation_fields
    pieces = []
    for spec in specs:
        value = _party_value(party, spec.field, date_style, on)
        if value:
            label = _id_label(party.id_type, spec, form) if spec.field == "id_number" else spec.label
            pieces.append(f"{label}：{value}" if label else value)
    return f"{party.role.value}：{'，'.join(pieces)}。"


def representative_particulars(rep: Representative, form: AgreementForm) -> str:
    pieces = []
    for spec in form.representative_fields:
        value = str(getattr(rep, spec.field)).strip()
        if value:
            label = _id_label(rep.id_type, spec, form) if spec.field == "id_number" else spec.label
            pieces.append(f"{label}：{value}" if label else value)
    return f"{rep.kind.value}：{'，'.join(pieces)}。"


def _party_value(party: Party, field: str, date_style: str, on: dt.date) -> str:
    if field == "birth_date":
        return format_date(party.birth_date, date_style) if party.birth_date else ""
    if field == "age":
        age = party.age_on(on)
        return f"{age}岁" if age is not None else ""
    return str(getattr(party, field)).strip()


def _id_label(id_type: IdType, spec: FieldSpec, form: AgreementForm) -> str:
    if id_type is IdType.RESIDENT_ID:
        return spec.label
    kind = "证件" if id_type is IdType.OTHER else id_type.value
    return form.other_id_label.format(证件类型=kind)


def _paragraph_style(name: str, style: TextStyle, **extra: Any) -> ParagraphStyle:
    size = style.size_pt
    return ParagraphStyle(
        name,
        fontName=register_font(style.font),
        fontSize=size,
        leading=style.leading_pt,
        alignment=_ALIGN[style.align],
        spaceBefore=style.space_before_pt,
        spaceAfter=style.space_after_pt,
        firstLineIndent=style.first_line_indent_chars * size,
        leftIndent=style.left_indent_chars * size,
        rightIndent=style.right_indent_chars * size,
        wordWrap="CJK",
        allowWidows=0,
        **extra,
    )


class _TitleLine(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    """One centred line with optional letter spacing and a fill-and-stroke bold (no bold face is bundled)."""

    def __init__(self, text: str, style: TextStyle) -> None:
        super().__init__()
        self.runs = font_runs(text, register_font(style.font))
        self.style = style
        self.spaceBefore = style.space_before_pt
        self.spaceAfter = style.space_after_pt

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        return availWidth, self.style.leading_pt

    def draw(self) -> None:
        style, canv = self.style, self.canv
        size, spacing = style.size_pt, style.letter_spacing_pt
        count = sum(len(run) for _, run in self.runs)
        text_width = sum(stringWidth(run, font, size) for font, run in self.runs) + spacing * (count - 1)
        text = canv.beginText((self.width - text_width) / 2, (style.leading_pt - size) / 2 + 0.12 * size)
        text.setCharSpace(spacing)
        if style.fake_bold:
            canv.setLineWidth(size * 0.03)
            text.setTextRenderMode(2)  # fill, then stroke the outline
        for font, run in self.runs:
            text.setFont(font, size)
            text.textOut(run)
        canv.drawText(text)


class _AgreementBuilder:
    """Turns one case into the list of flowables of its agreement."""

    def __init__(self, case: Case, committee: Committee, form: AgreementForm, date_style: str) -> None:
        assert case.agreement is not None  # checked by agreement_errors
        self.case, self.committee, self.form = case, committee, form
        self.agreement = case.agreement
        self.date_style = date_style
        self.styles = {name: _paragraph_style(name, s) for name, s in form.styles.items()}
        self.styles["heading"].keepWithNext = 1
        self.parties = sorted(case.parties, key=lambda p: p.seq)

    def para(self, text: str, style: str) -> ChineseParagraph:
        st = self.styles[style]
        return ChineseParagraph(fallback_markup(text, st.fontName), st)

    def paras(self, text: str, style: str = "body", lead: str = "") -> list[Any]:
        """One paragraph per line of user text; `lead` goes before the first."""
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if lead:
            lines = [lead + (lines[0] if lines else ""), *lines[1:]]
        return [self.para(line, style) for line in lines]

    def story(self) -> list[Any]:
        return [*self.header(), *self.party_blocks(), *self.facts(), *self.terms(), *self.closing()]

    def header(self) -> list[Any]:
        form = self.form
        return [
            self.para(self.committee.name, "committee"),
            _TitleLine(form.name, form.styles["title"]),
            self.para(form.texts["number"].format(编号=self.case.number or "　" * 8), "number"),
        ]

    def party_blocks(self) -> list[Any]:
        agreement, case = self.agreement, self.case
        on = agreement.signed_on or case.accepted_on or case.registered_on
        out: list[Any] = []
        for party in self.parties:
            out.append(self.para(party_particulars(party, self.form, self.date_style, on), "party"))
            for rep in party.representatives:
                out.append(self.para(representative_particulars(rep, self.form), "representative"))
        return out

    def facts(self) -> list[Any]:
        texts, agreement = self.form.texts, self.agreement
        out = [self.para(texts["facts_heading"], "heading"), *self.paras(self.case.facts)]
        out += self.paras(agreement.disputed_matters, lead=texts["disputed_matters"])
        if agreement.responsibilities.strip():
            out += [self.para(texts["responsibilities_heading"], "heading"),
                    *self.paras(agreement.responsibilities)]
        return out

    def terms(self) -> list[Any]:
        out = [self.para(self.form.texts["agreement_intro"], "body")]
        for term in sorted(self.agreement.terms, key=lambda t: t.seq):
            out.append(self.para(term_sentence(self.case, term, self.form, self.date_style), "body"))
        if self.agreement.breach_clause.strip():
            out += [self.para(self.form.texts["breach_heading"], "heading"),
                    *self.paras(self.agreement.breach_clause)]
        return out

    def closing(self) -> list[Any]:
        texts = self.form.texts
        effective = self.para(texts["effective"], "body")
        copies = self.para(texts["copies"].format(份数=chinese_count(self.case.copies())), "body")
        rows = self.party_signature_rows()
        committee = self.committee_block()
        # The last clause shares a page with the first signatures, and the committee's signatures
        # with the last party's: a signature page alone could be swapped for another (DOMAIN.md §5.5).
        if len(rows) == 1:
            return [effective, KeepTogether([copies, rows[0], *committee])]
        return [effective, KeepTogether([copies, rows[0]]), *rows[1:-1], KeepTogether([rows[-1], *committee])]

    def signature_cell(self, label: str, name: str, extra: Sequence[tuple[str, str]] = ()) -> list[Any]:
        """Label, printed name and a blank to sign in; the same again for each (label, name) in `extra`."""
        cell: list[Any] = []
        for line, who in [(label, name), *extra]:
            cell.append(self.para(line, "signature"))
            if who.strip():
                cell.append(self.para(f"（{who.strip()}）", "signature"))
            cell.append(Spacer(1, self.form.signature.blank_height_mm * mm))
        return cell

    def party_cell(self, party: Party) -> list[Any]:
        texts = self.form.signature.texts
        if not party.is_person:
            # The entity's seal plus the signature of whoever represents it (DOMAIN.md §1.2).
            extra = [(texts["organisation_signer"], "")]
            return self.signature_cell(texts["organisation"].format(角色=party.role.value), party.name, extra)
        extra = [(texts["representative"].format(代理人=r.kind.value), r.name) for r in party.representatives]
        return self.signature_cell(texts["person"].format(角色=party.role.value), party.name, extra)

    def party_signature_rows(self) -> list[Table]:
        columns = self.form.signature.columns
        cells = [self.party_cell(p) for p in self.parties]
        return [self.row(cells[i : i + columns], dated=True) for i in range(0, len(cells), columns)]

    def row(self, cells: Sequence[list[Any]], dated: bool = False) -> Table:
        """One row of signature cells side by side; `dated`: a 年 月 日 line under each, level across the row."""
        columns = self.form.signature.columns
        empty: list[Any] = []  # no text, so no font
        data = [[*cells, *([empty] * (columns - len(cells)))]]
        if dated:
            date = self.form.signature.texts["blank_date"]
            data.append([[self.para(date, "signature_date")] if i < len(cells) else empty for i in range(columns)])
        return self.table(data, columns)

    def committee_block(self) -> list[Any]:
        """Mediators and recorder sign on the left; the seal and the date of the agreement on the right."""
        texts = self.form.signature.texts
        signers = [*self.signature_cell(texts["mediators"], "、".join(self.case.mediators)),
                   *self.signature_cell(texts["recorder"], self.case.recorder)]
        signed_on = self.agreement.signed_on
        date = format_date(signed_on, self.date_style) if signed_on else texts["blank_date"]
        seal = [self.para(texts["seal"], "seal"), self.para(date, "seal")]
        return [self.table([[signers, seal]], 2, [("VALIGN", (1, 0), (1, 0), "BOTTOM")])]

    def table(self, data: list[list[Any]], columns: int, extra: Sequence[tuple[Any, ...]] = ()) -> Table:
        table = Table(data, colWidths=[self.frame_width() / columns] * columns)
        table.setStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            # Tables set a cell font even for flowable cells; the default would be Helvetica, unembedded.
            ("FONTNAME", (0, 0), (-1, -1), self.styles["signature"].fontName),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 8),
            ("TOPPADDING", (0, 0), (-1, 0), 10),
            ("TOPPADDING", (0, 1), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            *extra,
        ])
        return table

    def frame_width(self) -> float:
        margins = self.form.margins_mm
        return float((self.form.page_size_mm[0] - margins["left"] - margins["right"]) * mm)


def _metadata(case: Case, committee: Committee, form: AgreementForm) -> dict[str, str]:
    return {
        "title": f"{form.name} {case.number}".strip(),
        "author": committee.name,
        "subject": case.dispute_type,
        "creator": f"{APP_TITLE} {__version__}",
    }


def _build_pdf(story: list[Any], form: AgreementForm, metadata: dict[str, str]) -> bytes:
    width, height = (v * mm for v in form.page_size_mm)
    margins = {side: v * mm for side, v in form.margins_mm.items()}
    body_font = register_font(form.styles["body"].font)
    frame = Frame(margins["left"], margins["bottom"], width - margins["left"] - margins["right"],
                  height - margins["top"] - margins["bottom"], id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=(width, height),
        pageTemplates=[PageTemplate("agreement", [frame])],
        invariant=1,  # same input, same bytes
        lang="zh-CN",
        displayDocTitle=1,
        initialFontName=body_font,  # no reference to an unembedded standard font
        **metadata,
    )
    spec = form.footer
    footer = Footer(spec.text, register_font(spec.font), spec.size_pt, spec.y_mm * mm)
    doc.build(story, canvasmaker=functools.partial(NumberedCanvas, footer=footer))
    return buffer.getvalue()
