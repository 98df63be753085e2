"""The one renderer: a form definition plus a document context (or none, for a blank form) → flowables.

Every form is a list of sections (docs/documents.md): committee header, title, headings, fixed text
with placeholders, field lines, ruled grids, party blocks, numbered lists (terms, claims, items),
tables (contents, performance), record bodies and signature blocks. This module turns each into
reportlab flowables; `pdf.build_pdf` lays one or more documents out on pages.

Rules every form gets without asking:
- every printed text goes through the font fallback; a character no bundled font has is reported
  as a `FieldError` naming the field it came from (or the form file and section, for fixed text),
  and nothing is printed (`ValidationError` with all of them);
- a heading is never the last line of a page (it moves with the first lines of what follows), but
  long texts run on across pages;
- a signature block shares its page with the clause before it, and the committee's part shares a
  page with the last row of party signatures, so that no page holds signatures alone;
- blank forms (`ctx is None`) print every label, a line to write on for every value, and one
  signature area per role.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from mediator_app.documents.context import DocumentContext, Item
from mediator_app.documents.fields import (
    FIELDS,
    TYPED_PARTY_FIELDS,
    confirmation_attachments,
    confirmation_materials,
    field_parts,
    field_value,
    id_label,
    party_value,
    representative_value,
    requirement_errors,
    term_parts,
    terms,
    toc_rows,
    visit_rows,
)
from mediator_app.documents.fonts import fallback_markup, font_runs, register_font, uncovered_chars
from mediator_app.documents.forms import Form, Section, TextStyle, placeholders
from mediator_app.documents.layout import ChineseParagraph
from mediator_app.documents.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer, Table
from mediator_app.domain.model import Party, PartyRole, Representative
from mediator_app.domain.numerals import chinese_count
from mediator_app.errors import FieldError, ValidationError

_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}
_VALIGN_MIDDLE = "MIDDLE"
SPLITTABLE_ROW_PT = 300.0  # a table row this tall may need splitting across pages
NBSP = "&#160;"
BLANK_DATE = "年　月　日"
BLANK_DATE_WIDE = "　　　年　　月　　日"
GRID_LINE = 0.75
CELL_PADDING = 3


def uncovered_message(chars: Sequence[str]) -> str:
    listed = "".join(f"“{c}”（U+{ord(c):04X}）" for c in chars)
    return f"{listed}字在字库中没有，无法打印，请改用常用字或联系技术人员"


@functools.lru_cache(maxsize=512)
def paragraph_style(name: str, style: TextStyle) -> ParagraphStyle:
    """The reportlab style of a form's text style (shared by every document of that form: reportlab
    keeps per-style fragment prototypes, layout.markup_frags, that cost ~0.4 ms each to make)."""
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
        underlineWidth=0.6,
        underlineOffset=-0.18 * size,
    )


@functools.lru_cache(maxsize=512)
def _aligned_style(name: str, parent: ParagraphStyle, align: str) -> ParagraphStyle:
    return ParagraphStyle(name, parent=parent, alignment=_ALIGN[align], firstLineIndent=0)


@dataclass(frozen=True)
class Run:
    """A piece of printed text and where it came from (a field path, or the form file for fixed text)."""

    text: str
    path: str
    underline: bool = False
    blank: int = 0  # a line to write on, this many characters wide (the text is then empty)


class TitleLine(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    """One centred line with letter spacing and a fill-and-stroke bold (no bold face is bundled).

    Spacing, then size, shrink when a long local title would not fit on one line.
    """

    def __init__(self, text: str, style: TextStyle) -> None:
        super().__init__()
        self.runs = font_runs(text, register_font(style.font))
        self.style = style
        self.spaceBefore = style.space_before_pt
        self.spaceAfter = style.space_after_pt
        self.size, self.spacing = style.size_pt, style.letter_spacing_pt

    def _text_width(self, size: float, spacing: float) -> float:
        count = sum(len(run) for _, run in self.runs)
        widths = sum(float(stringWidth(run, font, size)) for font, run in self.runs)
        return widths + spacing * (count - 1)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.size, self.spacing = self.style.size_pt, self.style.letter_spacing_pt
        if self._text_width(self.size, self.spacing) > availWidth:
            self.spacing = 0.0
            natural = self._text_width(self.size, 0.0)
            if natural > availWidth:
                self.size = self.size * availWidth / natural
        return availWidth, self.style.leading_pt

    def draw(self) -> None:
        canv, size, spacing = self.canv, self.size, self.spacing
        x = (self.width - self._text_width(size, spacing)) / 2
        text = canv.beginText(x, (self.style.leading_pt - size) / 2 + 0.12 * size)
        text.setCharSpace(spacing)
        if self.style.fake_bold:
            canv.setLineWidth(size * 0.03)
            text.setTextRenderMode(2)  # fill, then stroke the outline
        for font, run in self.runs:
            text.setFont(font, size)
            text.textOut(run)
        canv.drawText(text)


class RuledLines(Flowable):  # type: ignore[misc]
    """Lines to write on, across the frame: the body of a blank record."""

    def __init__(self, count: int, leading: float) -> None:
        super().__init__()
        self.count, self.leading = count, leading

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        return availWidth, self.count * self.leading

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        fits = int(availHeight // self.leading)
        if fits < 1 or fits >= self.count:
            return []
        return [RuledLines(fits, self.leading), RuledLines(self.count - fits, self.leading)]

    def draw(self) -> None:
        self.canv.setLineWidth(0.5)
        for i in range(self.count):
            y = (self.count - i - 1) * self.leading + 2
            self.canv.line(0, y, self.width, y)


class DocumentBuilder:
    """Turns one form (and one item of a per-item form) into flowables; collects every unprintable field."""

    def __init__(self, form: Form, ctx: DocumentContext | None, item: Item | None = None) -> None:
        self.form, self.ctx, self.item = form, ctx, item
        self.blank = ctx is None
        self.errors: list[FieldError] = []
        self.styles = {name: paragraph_style(f"{form.form_id}.{name}", s) for name, s in form.styles.items()}
        margins = form.margins_mm
        self.width = float((form.page_size_mm[0] - margins["left"] - margins["right"]) * mm)

    # ------------------------------------------------------------ entry point

    def build(self) -> list[Any]:
        if self.ctx is not None:
            for name in self.form.requires:
                self.errors += requirement_errors(name, self.ctx)
            self._raise_errors()
        story: list[Any] = []
        for section in self.form.sections:
            if self.visible(section):
                handler: Callable[[Section, list[Any]], None] = getattr(self, f"_{section.type}")
                handler(section, story)
        self._raise_errors()
        return story

    def _raise_errors(self) -> None:
        if self.errors:
            raise ValidationError(list(dict.fromkeys(self.errors)))

    def visible(self, section: Section) -> bool:
        if self.blank:
            return bool(section.get("blank", "show") == "show")
        when = section.get("when")
        return when is None or bool(self.value(when)[0].strip())

    # ------------------------------------------------------------ values and text

    def value(self, key: str) -> tuple[str, str]:
        assert self.ctx is not None
        return field_value(key, self.ctx, self.item)

    def parts(self, key: str, underline: bool = False) -> list[Run]:
        """The field's value as runs, each naming the field it comes from."""
        assert self.ctx is not None
        return [Run(text, path, underline) for text, path in field_parts(key, self.ctx, self.item) if text]

    def form_path(self, path: str) -> str:
        return f"{self.form.form_id}:{path}"

    def blank_run(self, chars: int) -> Run:
        return Run("", "", underline=True, blank=max(chars, 2))

    def runs(self, template: str, path: str, underline_values: bool = False) -> list[Run]:
        """Fixed text with its placeholders filled (blank form: a line to write on for each)."""
        out: list[Run] = []
        rest = template
        for name in placeholders(template):
            before, rest = rest.split("{" + name + "}", 1)
            if before:
                out.append(Run(before, self.form_path(path)))
            if self.blank:
                out.append(self.blank_field(name))
            else:
                out += self.parts(name, underline_values)
        if rest:
            out.append(Run(rest, self.form_path(path)))
        return out

    def blank_field(self, key: str) -> Run:
        """What a blank form shows for a field: 年 月 日 for a date, a line to write on for anything else."""
        spec = FIELDS[key]
        return Run(BLANK_DATE_WIDE, "") if spec.is_date else self.blank_run(spec.blank_chars)

    def value_runs(self, key: str, underline: bool = False) -> list[Run]:
        if self.blank:
            return [self.blank_field(key)]
        if not self.value(key)[0].strip():
            return [self.blank_field(key)] if underline else []
        return self.parts(key, underline)

    def markup(self, runs: Sequence[Run], font: str) -> str:
        parts = []
        for run in runs:
            if run.blank:
                # reportlab underlines a run of spaces only at a line end; no-break spaces it always does.
                parts.append("<u>" + NBSP * (2 * run.blank) + "</u>")
                continue
            text = run.text
            missing = uncovered_chars(text)
            if missing:
                self.errors.append(FieldError(run.path, uncovered_message(missing)))
                text = "".join(c for c in text if c not in missing)
            piece = fallback_markup(text, font) if text else ""
            parts.append(f"<u>{piece}</u>" if run.underline and piece else piece)
        return "".join(parts)

    def para(self, runs: Sequence[Run], style: str) -> ChineseParagraph:
        st = self.styles[style]
        return ChineseParagraph(self.markup(runs, st.fontName), st)

    def text_para(self, text: str, style: str, path: str) -> ChineseParagraph:
        return self.para([Run(text, path)], style)

    def paras(self, runs: Sequence[Run], style: str) -> list[Any]:
        """One paragraph per line of text (user text keeps its paragraphs); empty lines are dropped."""
        return [self.para(line, style) for line in split_lines(runs)]

    # ------------------------------------------------------------ simple sections

    def _committee(self, s: Section, story: list[Any]) -> None:
        suffix = s.get("suffix", "")
        name = "" if self.blank else self.value("committee.name")[0]
        runs = [Run(name, "committee.name")] if name.strip() else [self.blank_run(12), Run("人民调解委员会", "")]
        if suffix:
            runs.append(Run(suffix, self.form_path(f"{s.path}.suffix")))
        story.append(self.para(runs, s.style()))

    def _title(self, s: Section, story: list[Any]) -> None:
        text = s.get("text", self.form.name)
        missing = uncovered_chars(text)
        if missing:
            self.errors.append(FieldError(self.form_path(f"{s.path}.text"), uncovered_message(missing)))
            return
        story.append(TitleLine(text, self.form.styles[s.style()]))

    def _heading(self, s: Section, story: list[Any]) -> None:
        style = self.styles[s.style()]
        body = self.styles.get("body", style)
        # Keep the heading with the first two lines of what follows, not with all of it.
        story.append(CondPageBreak(style.spaceBefore + style.leading + 2 * body.leading))
        story.append(self.para(self.runs(s.get("text"), f"{s.path}.text"), s.style()))

    def _text(self, s: Section, story: list[Any]) -> None:
        """Fixed text (with placeholders) or a field's text, one paragraph per line, after an optional lead.

        `blank_lines`: with `text`, ruled lines to write on follow it; with `field`, they stand in for
        an empty value (and for every value on a blank form).
        """
        style = s.style()
        lead = self.runs(s.get("lead"), f"{s.path}.lead") if s.get("lead") else []
        lines = int(s.get("blank_lines", 0))
        ruled = [RuledLines(lines, self.styles[style].leading)] if lines else []
        if "text" in s.data:
            out = [*self.paras([*lead, *self.runs(s.get("text"), f"{s.path}.text")], style), *ruled]
        elif ruled and (self.blank or not self.value(s.get("field"))[0].strip()):
            out = [*([self.para(lead, style)] if lead else []), *ruled]
        else:
            ruled = []
            out = self.paras([*lead, *self.value_runs(s.get("field"))], style)
        together = s.get("keep_together") or (ruled and len(out) > 1)  # a lead stays with its lines
        story.extend([KeepTogether(out)] if together and out else out)

    def _spacer(self, s: Section, story: list[Any]) -> None:
        story.append(Spacer(1, float(s.get("height_mm")) * mm))

    def _page_break(self, s: Section, story: list[Any]) -> None:
        story.append(PageBreak())

    # ------------------------------------------------------------ field lines and grids

    def _fields(self, s: Section, story: list[Any]) -> None:
        underline = bool(s.get("underline", True))
        cells = []
        for i, entry in enumerate(s.get("items")):
            label = entry["label"]
            runs = self.runs(label + "：", f"{s.path}.items[{i}].label") if label else []
            key = entry.get("field")
            empty = key is None or self.blank or not self.value(key)[0].strip()
            if empty and key is not None and FIELDS[key].is_date:
                runs.append(self.blank_field(key))
            elif empty:
                runs.append(self.blank_run(int(entry.get("blank_chars", FIELDS[key].blank_chars if key else 12))))
            else:
                runs += self.value_runs(key, underline)
            cells.append(self.para(runs, s.style()))
        columns = int(s.get("columns", 1))
        if columns == 1:
            story.extend(cells)
            return
        rows = [
            cells[i : i + columns] + [""] * (columns - len(cells[i : i + columns]))
            for i in range(0, len(cells), columns)
        ]
        table = Table(rows, colWidths=[self.width / columns] * columns, splitInRow=24)
        table.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), *self._padding(0, 6, 0, 0), self._table_font(s.style())])
        story.append(table)

    def _padding(self, left: float, right: float, top: float, bottom: float) -> list[tuple[Any, ...]]:
        return [
            ("LEFTPADDING", (0, 0), (-1, -1), left),
            ("RIGHTPADDING", (0, 0), (-1, -1), right),
            ("TOPPADDING", (0, 0), (-1, -1), top),
            ("BOTTOMPADDING", (0, 0), (-1, -1), bottom),
        ]

    def _table_font(self, style: str) -> tuple[Any, ...]:
        # Tables set a cell font even for flowable cells; the default would be Helvetica, unembedded.
        return ("FONTNAME", (0, 0), (-1, -1), self.styles[style].fontName)

    def column_widths(self, relative: Sequence[float], width: float | None = None) -> list[float]:
        total, width = sum(relative), width or self.width
        return [width * r / total for r in relative]

    def aligned(self, style: str, align: str | None) -> str:
        """The name of `style` with another alignment (registered on first use)."""
        if align is None or _ALIGN[align] == self.styles[style].alignment:
            return style
        name = f"{style}@{align}"
        if name not in self.styles:
            self.styles[name] = _aligned_style(name, self.styles[style], align)
        return name

    def cell_content(self, cell: dict[str, Any], path: str, s: Section, party: Party | None = None) -> list[Any]:
        if "label" in cell:
            style = self.aligned(cell.get("style", s.style("label_style")), cell.get("align"))
            return self.paras(self.runs(cell["label"], f"{path}.label"), style)
        style = self.aligned(cell.get("style", s.style()), cell.get("align"))
        if "text" in cell:
            return self.paras(self.runs(cell["text"], f"{path}.text"), style)
        if "field" not in cell or self.blank:
            return []
        if party is not None:
            assert self.ctx is not None
            text = party_value(party, cell["field"], self.ctx.date_style, self.on)
            return self.paras([Run(text, self.party_path(party, cell["field"]))], style)
        return self.paras(self.value_runs(cell["field"]), style)

    def grid_rows(
        self,
        rows: Sequence[Sequence[dict[str, Any]]],
        path: str,
        s: Section,
        widths: Sequence[float],
        offset: int = 0,
        party: Party | None = None,
    ) -> tuple[list[list[Any]], list[tuple[Any, ...]]]:
        """Table data and SPAN/VALIGN commands for rows of cells, starting at column `offset`."""
        data: list[list[Any]] = []
        commands: list[tuple[Any, ...]] = []
        minimum = float(s.get("min_row_height_mm", 0)) * mm
        for r, row in enumerate(rows):
            line: list[Any] = [""] * offset
            col, labels, tallest = offset, [], 0.0
            for c, cell in enumerate(row):
                span = int(cell.get("span", 1))
                cell_width = sum(widths[col : col + span]) - 2 * CELL_PADDING
                content = self.cell_content(cell, f"{path}[{r}][{c}]", s, party)
                height = max(minimum, float(cell.get("min_height_mm", 0)) * mm)
                line.append(pad_to(content, cell_width, height))
                tallest = max(tallest, content_height(line[-1], cell_width))
                line += [""] * (span - 1)
                if span > 1:
                    commands.append(("SPAN", (col, len(data)), (col + span - 1, len(data))))
                if "label" in cell:
                    labels.append(col)
                col += span
            # Labels sit in the middle of their row, unless the row may have to be split across pages
            # (reportlab cannot split a row with a vertically centred cell).
            if tallest < SPLITTABLE_ROW_PT:
                commands += [("VALIGN", (c, len(data)), (c, len(data)), _VALIGN_MIDDLE) for c in labels]
            data.append(line)
        return data, commands

    def grid_table(
        self, data: list[list[Any]], widths: Sequence[float], commands: list[tuple[Any, ...]], style: str
    ) -> Table:
        table = Table(data, colWidths=list(widths), splitInRow=30)
        table.setStyle(
            [
                ("GRID", (0, 0), (-1, -1), GRID_LINE, "black"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                *self._padding(CELL_PADDING, CELL_PADDING, 3, 3),
                self._table_font(style),
                *commands,
            ]
        )
        return table

    def _grid(self, s: Section, story: list[Any]) -> None:
        widths = self.column_widths(s.get("columns"))
        data, commands = self.grid_rows(s.get("rows"), f"{s.path}.rows", s, widths)
        story.append(self.grid_table(data, widths, commands, s.style()))

    # ------------------------------------------------------------ parties

    @property
    def on(self) -> Any:
        """The date ages are counted on: the agreement's date, else acceptance, else registration."""
        assert self.ctx is not None
        case = self.ctx.case
        signed = case.agreement.signed_on if case.agreement else None
        return signed or case.accepted_on or case.registered_on

    def party_path(self, party: Party, field: str) -> str:
        assert self.ctx is not None
        return f"parties[{self.ctx.party_index(party)}].{field}"

    def selected_parties(self, roles: Sequence[str] | None) -> list[Party]:
        assert self.ctx is not None
        return [p for p in self.ctx.parties if roles is None or p.role.value in roles]

    def role_label(self, party: Party | None, role: str, as_role: str | None) -> str:
        return as_role or (party.role.value if party is not None else role)

    def _parties(self, s: Section, story: list[Any]) -> None:
        roles = s.get("roles")
        as_role = s.get("as_role") or None
        if self.blank:
            for role in roles or [r.value for r in PartyRole]:
                story.extend(self.party_block(s, None, self.role_label(None, role, as_role)))
            return
        for party in self.selected_parties(roles):
            story.extend(self.party_block(s, party, self.role_label(party, "", as_role)))

    def party_block(self, s: Section, party: Party | None, role: str) -> list[Any]:
        if s.get("layout") == "grid":
            return [self.party_grid(s, party, role), Spacer(1, 4)]
        out: list[Any] = [self.para(self.party_runs(s, party, role), s.style())]
        if party is not None:
            for j, rep in enumerate(party.representatives):
                out.append(self.para(self.representative_runs(s, party, j, rep), s.style("rep_style")))
        return out

    def party_runs(self, s: Section, party: Party | None, role: str) -> list[Run]:
        """申请人：刘䶮，性别：男，出生日期：……，住址：……。 (blank form: a line for each particular)."""
        specs = s.get("person") if party is None or party.is_person else s.get("organisation")
        out: list[Run] = [Run(f"{role}：", self.form_path(f"{s.path}.as_role"))]
        first = True
        for spec in specs:
            field, label = spec["field"], spec["label"]
            if party is None:
                value = self.blank_run(4)
            else:
                assert self.ctx is not None
                text = party_value(party, field, self.ctx.date_style, self.on)
                if not text:
                    continue
                value = Run(text, self.party_path(party, field) if field in TYPED_PARTY_FIELDS else "")
            if field == "id_number" and party is not None:
                label = id_label(party.id_type, label, s.get("other_id_label", "{id_type}号码"))
            out += [] if first else [Run("，", "")]
            out += [Run(f"{label}：", self.form_path(f"{s.path}.person"))] if label else []
            out.append(value)
            first = False
        return [*out, Run("。", "")]

    def representative_runs(self, s: Section, party: Party, j: int, rep: Representative) -> list[Run]:
        out: list[Run] = [Run(f"{rep.kind.value}：", "")]
        base = f"{self.party_path(party, 'representatives')}[{j}]"
        first = True
        for spec in s.get("representative", [{"field": "name", "label": ""}]):
            field, label = spec["field"], spec["label"]
            text = representative_value(rep, field)
            if not text:
                continue
            if field == "id_number":
                label = id_label(rep.id_type, label, s.get("other_id_label", "{id_type}号码"))
            out += [] if first else [Run("，", "")]
            out += [Run(f"{label}：", "")] if label else []
            out.append(Run(text, f"{base}.{field}"))
            first = False
        return [*out, Run("。", "")]

    def party_grid(self, s: Section, party: Party | None, role: str) -> Table:
        rows = s.get("person_rows") if party is None or party.is_person else s.get("organisation_rows")
        rows = rows or s.get("person_rows")
        relative = list(s.get("columns"))
        role_width = s.get("role_width")
        widths = self.column_widths([role_width, *relative] if role_width else relative)
        offset = 1 if role_width else 0
        kind = "person_rows" if party is None or party.is_person else "organisation_rows"
        data, commands = self.grid_rows(rows, f"{s.path}.{kind}", s, widths, offset, party)
        if party is not None:
            for j, rep in enumerate(party.representatives):
                runs = self.representative_runs(s, party, j, rep)
                data.append(
                    [""] * offset
                    + [pad_to(self.paras(runs, s.style()), sum(widths[offset:]), 0)]
                    + [""] * (len(widths) - offset - 1)
                )
                commands.append(("SPAN", (offset, len(data) - 1), (len(widths) - 1, len(data) - 1)))
        if role_width:
            data[0][0] = self.paras([Run(role, "")], s.style("label_style"))
            commands += [("SPAN", (0, 0), (0, len(data) - 1)), ("VALIGN", (0, 0), (0, -1), _VALIGN_MIDDLE)]
        return self.grid_table(data, widths, commands, s.style())

    # ------------------------------------------------------------ lists and tables

    def list_items(self, s: Section) -> list[list[Run]]:
        source = s.get("source")
        if source == "items":
            return [self.runs(t, f"{s.path}.items[{i}]") for i, t in enumerate(s.get("items"))]
        assert self.ctx is not None
        if source == "terms":
            texts = s.get("texts", {})
            numbered = s.get("numbering", "chinese") == "chinese"
            return [
                [Run(text, path) for text, path in term_parts(self.ctx, t, texts, numbered)] for t in terms(self.ctx)
            ]
        if source == "field":
            text, path = self.value(s.get("field"))
            return [[Run(line.strip(), path)] for line in text.splitlines() if line.strip()]
        return [[Run(text, "attachments")] for text in confirmation_attachments(self.ctx)]

    def _list(self, s: Section, story: list[Any]) -> None:
        style = s.style()
        if s.get("intro"):
            story.append(self.para(self.runs(s.get("intro"), f"{s.path}.intro"), style))
        numbering = s.get("numbering", "arabic" if s.get("source") != "terms" else "chinese")
        if self.blank and s.get("source") != "items":
            size = self.styles[style].fontSize
            chars = max(4, int(self.width / size) - 4)
            for n in range(1, int(s.get("blank_lines", 3)) + 1):
                story.append(self.para([Run(number(numbering, n), ""), self.blank_run(chars)], style))
            return
        items = self.list_items(s)
        own_numbers = s.get("source") == "terms"
        for n, runs in enumerate(items, 1):
            prefix = [] if own_numbers else [Run(number(numbering, n), "")]
            story.append(self.para([*prefix, *runs], style))

    def table_rows(self, s: Section) -> list[dict[str, str]]:
        if self.ctx is None:
            return []
        source = s.get("source")
        if source == "toc":
            return toc_rows(self.ctx)
        if source == "visit_terms":
            return visit_rows(self.ctx, self.item)
        return confirmation_materials(self.ctx)

    def _table(self, s: Section, story: list[Any]) -> None:
        columns = s.get("columns")
        widths = self.column_widths([c["width"] for c in columns])
        header = [
            self.paras(self.runs(c["header"], f"{s.path}.columns[{i}].header"), s.style("header_style"))
            for i, c in enumerate(columns)
        ]
        rows = self.table_rows(s)
        if self.blank:
            rows = [{} for _ in range(int(s.get("blank_rows", 8)))]
        minimum = float(s.get("min_row_height_mm", 0)) * mm
        data: list[list[Any]] = [header]
        commands: list[tuple[Any, ...]] = [("VALIGN", (0, 0), (-1, 0), _VALIGN_MIDDLE)]
        for row in rows:
            line = []
            for i, column in enumerate(columns):
                text = row.get(column["key"], "")
                style = s.style()
                paras = self.paras([Run(text, f"{s.get('source')}")], style) if text else []
                line.append(pad_to(paras, widths[i] - 2 * CELL_PADDING, minimum))
                align = column.get("align")
                if align:
                    commands.append(("ALIGN", (i, len(data)), (i, len(data)), align.upper()))
            data.append(line)
        table = self.grid_table(data, widths, commands, s.style())
        table.repeatRows = 1
        story.append(table)

    # ------------------------------------------------------------ signatures

    def _signatures(self, s: Section, story: list[Any]) -> None:
        columns = int(s.get("columns", 2))
        rows = self.party_signature_rows(s, columns)
        committee = self.committee_signatures(s, columns)
        blocks = [*rows, *committee]
        if not blocks:
            return
        # The last clause shares a page with the first signatures, and the committee's signatures
        # with the last party's: a signature page alone could be swapped for another (DOMAIN.md §5.5).
        previous = [story.pop()] if story and s.get("keep_with_previous", True) else []
        if previous and isinstance(previous[0], KeepTogether):
            # Nested, reportlab would take the inner group for a flowable taller than any page.
            previous = list(previous[0]._content)
        if rows and committee:
            groups = (
                [[*previous, rows[0]], *[[r] for r in rows[1:-1]], [rows[-1], *committee]]
                if len(rows) > 1
                else [[*previous, rows[0], *committee]]
            )
        else:
            groups = [[*previous, blocks[0]], *[[b] for b in blocks[1:]]]
        story.extend(KeepTogether(g) if len(g) > 1 else g[0] for g in groups)

    def signature_cell(self, s: Section, lines: Sequence[tuple[list[Run], list[Run]]]) -> list[Any]:
        """Label, printed name in brackets and a blank to sign in, for each (label, name) pair."""
        cell: list[Any] = []
        height = float(s.get("blank_height_mm", 10)) * mm
        for label, name in lines:
            cell.append(self.para(label, s.style()))
            if any(r.text.strip() for r in name):
                cell.append(self.para([Run("（", ""), *name, Run("）", "")], s.style()))
            cell.append(Spacer(1, height))
        return cell

    def party_cell(self, s: Section, spec: dict[str, Any], party: Party | None, role: str) -> list[Any]:
        label = spec.get("person", "{role}（签名/按指印）：")
        if party is None:
            return self.signature_cell(s, [(self.label_runs(label, s, role=role), [])])
        name = [Run(party.name, self.party_path(party, "name"))]
        if not party.is_person:
            # The entity's seal plus the signature of whoever represents it (DOMAIN.md §1.2).
            org = spec.get("organisation", "{role}（盖章）：")
            signer = spec.get("organisation_signer", "法定代表人或委托代理人（签名）：")
            lines = [(self.label_runs(org, s, role=role), name)]
            if signer:
                lines.append((self.label_runs(signer, s), []))
            return self.signature_cell(s, lines)
        lines = [(self.label_runs(label, s, role=role), name)]
        rep_label = spec.get("representative", "{kind}（签名）：")
        for j, rep in enumerate(party.representatives):
            path = f"{self.party_path(party, 'representatives')}[{j}].name"
            lines.append((self.label_runs(rep_label, s, kind=rep.kind.value), [Run(rep.name, path)]))
        return self.signature_cell(s, lines)

    def label_runs(self, template: str, s: Section, **local: str) -> list[Run]:
        for key, value in local.items():
            template = template.replace("{" + key + "}", value)
        return self.runs(template, f"{s.path}.parties")

    def party_signature_rows(self, s: Section, columns: int) -> list[Table]:
        spec = s.get("parties")
        if spec is None:
            return []
        roles, as_role = spec.get("roles"), spec.get("as_role") or None
        if self.blank:
            cells = [
                self.party_cell(s, spec, None, self.role_label(None, r, as_role))
                for r in roles or [r.value for r in PartyRole]
            ]
        else:
            cells = [self.party_cell(s, spec, p, self.role_label(p, "", as_role)) for p in self.selected_parties(roles)]
        dated = spec.get("dated", True)
        date = [Run(s.get("date_text", BLANK_DATE), self.form_path(f"{s.path}.date_text"))]
        if spec.get("date_field") and not self.blank and self.value(spec["date_field"])[0]:
            date = self.value_runs(spec["date_field"])
        return [
            self.signature_row(s, cells[i : i + columns], columns, date if dated else None)
            for i in range(0, len(cells), columns)
        ]

    def signature_row(self, s: Section, cells: Sequence[list[Any]], columns: int, date: list[Run] | None) -> Table:
        """One row of signature cells side by side; `date`: a date line under each, level across the row."""
        data: list[list[Any]] = [[*cells, *([[]] * (columns - len(cells)))]]
        if date is not None:
            data.append([[self.para(date, s.style("date_style"))] if i < len(cells) else [] for i in range(columns)])
        return self.plain_table(data, [self.width / columns] * columns, s.style())

    def plain_table(
        self, data: list[list[Any]], widths: Sequence[float], style: str, extra: Sequence[tuple[Any, ...]] = ()
    ) -> Table:
        table = Table(data, colWidths=list(widths))
        table.setStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                self._table_font(style),
                *self._padding(0, 8, 0, 0),
                ("TOPPADDING", (0, 0), (-1, 0), 10),
                *extra,
            ]
        )
        return table

    def committee_signatures(self, s: Section, columns: int) -> list[Any]:
        """Signers (mediators, recorder…) on the left; the seal and its date on the right."""
        signers = []
        for i, signer in enumerate(s.get("signers", [])):
            name = [] if self.blank or "field" not in signer else self.parts(signer["field"])
            signers.append(self.signature_cell(s, [(self.runs(signer["label"], f"{s.path}.signers[{i}].label"), name)]))
            if signer.get("dated"):
                signers[-1].append(self.para([Run(s.get("date_text", BLANK_DATE), "")], s.style("date_style")))
        seal = s.get("seal")
        if seal is None:
            if not signers:
                return []
            rows = [signers[i : i + columns] for i in range(0, len(signers), columns)]
            return [
                self.plain_table(
                    [[*r, *([[]] * (columns - len(r)))] for r in rows], [self.width / columns] * columns, s.style()
                )
            ]
        seal_cell = self.seal_cell(s, seal)
        left = [flowable for cell in signers for flowable in cell]
        widths = [self.width / 2] * 2 if left else [self.width / 2, self.width / 2]
        return [self.plain_table([[left, seal_cell]], widths, s.style(), [("VALIGN", (1, 0), (1, 0), "BOTTOM")])]

    def seal_cell(self, s: Section, seal: dict[str, Any]) -> list[Any]:
        style = s.style("seal_style")
        out: list[Any] = []
        if seal.get("signer"):
            out += [
                self.para(self.runs(seal["signer"], f"{s.path}.seal.signer"), s.style()),
                Spacer(1, float(s.get("blank_height_mm", 10)) * mm),
            ]
        out.append(self.para(self.runs(seal["text"], f"{s.path}.seal.text"), style))
        date_field = seal.get("date_field")
        if date_field and not self.blank and self.value(date_field)[0]:
            out.append(self.para(self.value_runs(date_field), style))
        else:
            out.append(self.para([Run(s.get("date_text", BLANK_DATE), "")], style))
        return out


def number(numbering: str, n: int) -> str:
    if numbering == "chinese":
        return f"{chinese_count(n)}、"
    if numbering == "arabic":
        return f"{n}."
    if numbering == "circled":
        return chr(0x2460 + n - 1) if n <= 20 else f"({n})"
    return ""


def split_lines(runs: Sequence[Run]) -> Iterator[list[Run]]:
    """Split runs at line breaks inside their text; lines with nothing but blanks are dropped."""
    line: list[Run] = []
    for run in runs:
        pieces = run.text.split("\n")
        for k, piece in enumerate(pieces):
            if k > 0:
                if any(r.text.strip() or r.blank for r in line):
                    yield line
                line = []
            if piece or run.blank:
                line.append(Run(piece.strip() if len(pieces) > 1 else piece, run.path, run.underline, run.blank))
    if any(r.text.strip() or r.blank for r in line):
        yield line


def content_height(content: list[Any], width: float) -> float:
    return float(sum(f.wrap(width, 10_000)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in content))


def pad_to(content: list[Any], width: float, height: float) -> list[Any]:
    """Cell content made at least `height` tall (a Spacer after it), so that blank cells leave room to write."""
    if height <= 0:
        return content
    used = content_height(content, width)
    return [*content, Spacer(1, height - used)] if used < height else content
