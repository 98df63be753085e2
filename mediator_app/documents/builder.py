"""The base of the form builder: a form's values as runs and paragraphs, its tables and its parties.

`render.DocumentBuilder` turns each section of a form into flowables; the helpers those section
handlers share live here: field values with the path they come from, fixed text with placeholders
filled, markup with per-character font fallback (collecting every unprintable character as a
`FieldError`), paragraphs, grid and plain tables, and which parties a section prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.units import mm

from mediator_app.documents.context import DocumentContext, Item
from mediator_app.documents.fields import FIELDS, field_parts, field_value
from mediator_app.documents.fonts import fallback_markup, uncovered_chars
from mediator_app.documents.forms import Form, Section, placeholders
from mediator_app.documents.layout import ChineseParagraph
from mediator_app.documents.pieces import (
    ALIGN,
    BLANK_DATE_WIDE,
    CELL_PADDING,
    GRID_LINE,
    NBSP,
    SPLITTABLE_ROW_PT,
    VALIGN_MIDDLE,
    Run,
    aligned_style,
    content_height,
    pad_to,
    paragraph_style,
    split_lines,
    uncovered_message,
)
from mediator_app.documents.platypus import Table
from mediator_app.documents.texts import party_value
from mediator_app.domain.model import Party
from mediator_app.errors import FieldError, ValidationError


class BuilderBase:
    """One form (and one item of a per-item form) being built; collects every unprintable field."""

    def __init__(self, form: Form, ctx: DocumentContext | None, item: Item | None = None) -> None:
        self.form, self.ctx, self.item = form, ctx, item
        self.blank = ctx is None
        self.errors: list[FieldError] = []
        self.styles = {name: paragraph_style(f"{form.form_id}.{name}", s) for name, s in form.styles.items()}
        margins = form.margins_mm
        self.width = float((form.page_size_mm[0] - margins["left"] - margins["right"]) * mm)
        self.frame_height = float((form.page_size_mm[1] - margins["top"] - margins["bottom"]) * mm)

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
                # A value the case lacks is a line to write on, never its punctuation alone ("联系地址：。").
                out += self.parts(name, underline_values) or [self.blank_field(name)]
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

    def paras(self, runs: Sequence[Run], style: str) -> list[Any]:
        """One paragraph per line of text (user text keeps its paragraphs); empty lines are dropped."""
        return [self.para(line, style) for line in split_lines(runs)]

    # ------------------------------------------------------------ tables

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
        if align is None or ALIGN[align] == self.styles[style].alignment:
            return style
        name = f"{style}@{align}"
        if name not in self.styles:
            self.styles[name] = aligned_style(name, self.styles[style], align)
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
                # A register's signing place names its own party (render.party_place_rows).
                content = self.cell_content(cell, f"{path}[{r}][{c}]", s, cell.get("_party", party))
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
                commands += [("VALIGN", (c, len(data)), (c, len(data)), VALIGN_MIDDLE) for c in labels]
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
