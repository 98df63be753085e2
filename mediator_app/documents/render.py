"""The one renderer: a form definition plus a document context (or none, for a blank form) → flowables.

Every form is a list of sections (docs/documents.md): committee header, title, headings, fixed text
with placeholders, field lines, ruled grids, party blocks, numbered lists (terms, claims, items),
tables (contents, performance), record bodies and signature blocks. This module turns each into
reportlab flowables; `pdf.build_pdf` lays one or more documents out on pages. The section handlers
are here; what they share (values, runs, paragraphs, tables) is in `builder`, the small pieces and
flowables in `pieces`, and the signature blocks in `signatures`.

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

from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib.units import mm

from mediator_app.documents.fields import FIELDS, requirement_errors, term_parts, terms, visit_rows
from mediator_app.documents.fonts import uncovered_chars
from mediator_app.documents.forms import Section
from mediator_app.documents.pieces import (
    CELL_PADDING,
    VALIGN_MIDDLE,
    QrCode,
    RuledLines,
    Run,
    TitleLine,
    number,
    pad_to,
    uncovered_message,
)
from mediator_app.documents.platypus import CondPageBreak, KeepTogether, PageBreak, Paragraph, Spacer, Table
from mediator_app.documents.signatures import SignatureSections
from mediator_app.documents.texts import (
    TYPED_PARTY_FIELDS,
    confirmation_attachments,
    confirmation_materials,
    id_label,
    party_value,
    representative_value,
    toc_rows,
)
from mediator_app.domain.model import Party, PartyRole, Representative
from mediator_app.errors import FieldError

_SIGNING_WORDS = ("签名", "盖章", "印章", "按指印")


def signature_rows_start(rows: Sequence[Sequence[dict[str, Any]]]) -> int:
    """Index of the first of a grid's trailing rows that are signed or sealed (len(rows) if none)."""
    start = len(rows)
    while start > 0 and any(
        word in str(cell.get("label", "")) + str(cell.get("text", ""))
        for cell in rows[start - 1]
        for word in _SIGNING_WORDS
    ):
        start -= 1
    return start


def _has_sentence(cell: Any) -> bool:
    """Whether a grid cell holds a sentence (text ending with 。), not only a label or a blank."""
    flowables = cell if isinstance(cell, list) else [cell]
    return any(isinstance(f, Paragraph) and f.getPlainText().rstrip().endswith("。") for f in flowables)


class DocumentBuilder(SignatureSections):
    """Turns one form (and one item of a per-item form) into flowables; collects every unprintable field."""

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

    def _page_break(self, _s: Section, story: list[Any]) -> None:
        story.append(PageBreak())

    def _qr(self, s: Section, story: list[Any]) -> None:
        """A QR code of a field's value (the case number on the 受理回执) with its caption beside it; nothing
        on a blank form or while the value is empty."""
        value = "" if self.blank else self.value(s.get("field"))[0].strip()
        if not value:
            return
        size = float(s.get("size_mm", 28)) * mm
        caption = self.para(self.runs(s.get("caption"), f"{s.path}.caption"), s.style()) if s.get("caption") else ""
        gap = 4 * mm
        table = Table([[QrCode(value, size), caption]], colWidths=[size + gap, self.width - size - gap])
        table.setStyle(
            [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), *self._padding(0, 0, 0, 0), self._table_font(s.style())]
        )
        story.append(table)

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

    def _grid(self, s: Section, story: list[Any]) -> None:
        widths = self.column_widths(s.get("columns"))
        rows, places = self.party_place_rows(s.get("rows"))
        data, commands = self.grid_rows(rows, f"{s.path}.rows", s, widths)
        cut = signature_rows_start(rows) - 1
        if not 0 <= cut < len(rows) - 1:
            story.append(self.grid_table(data, widths, commands, s.style()))
            return
        # The rows to sign and seal keep with the row above them (a register's 纠纷简要情况): a page
        # holding only the signature rows would not show what was signed (docs/documents.md). One
        # table cannot do it: reportlab's NOSPLIT still lets the kept rows split inside the first
        # of them, leaving its empty lower part above the signatures on the next page.
        tail = self.grid_table(data[cut:], widths, self.row_commands(commands, cut, len(data)), s.style())
        if places and self.height_of([tail]) > self.frame_height - 2:
            self.paged_places(data, commands, widths, s, (cut, places), story)
            return
        if cut:
            story.append(self.grid_table(data[:cut], widths, self.row_commands(commands, 0, cut), s.style()))
        story.append(KeepTogether([tail]))

    def paged_places(
        self,
        data: list[list[Any]],
        commands: list[tuple[Any, ...]],
        widths: Sequence[float],
        s: Section,
        where: tuple[int, list[int]],
        story: list[Any],
    ) -> None:
        """More signing places than a page holds (25 parties): a page's worth of rows at a time, each
        further page opening with a sentence naming the register. The rows from the last one with a
        sentence (口头协议内容 above an empty 履行方式) go with the first row of places in one table (a
        tall text row then splits across pages as before); the last row of places with the
        committee's rows."""
        cut, places = where
        first, last = places[0] + 1, max(places)
        while cut > 0 and cut > places[0] - 3 and not any(map(_has_sentence, data[cut])):
            cut -= 1
        if cut:
            story.append(self.grid_table(data[:cut], widths, self.row_commands(commands, 0, cut), s.style()))
        middle = [(i, i + 1) for i in range(first, last)]
        pieces = [(cut, first), *middle, (last, len(data))] if last >= first else [(cut, len(data))]
        one = [self.grid_table(data[a:b], widths, self.row_commands(commands, a, b), s.style()) for a, b in pieces]
        for chunk in self.signature_chunks(one[:1], [[t] for t in one[1:]], line=self.grid_continued_line):
            story.append(KeepTogether(chunk))

    @staticmethod
    def row_commands(commands: list[tuple[Any, ...]], start: int, end: int) -> list[tuple[Any, ...]]:
        """The commands of rows start..end-1, renumbered from 0."""
        return [
            (c[0], (c[1][0], c[1][1] - start), (c[2][0], c[2][1] - start), *c[3:])
            for c in commands
            if start <= c[1][1] < end
        ]

    def party_place_rows(
        self, rows: Sequence[Sequence[dict[str, Any]]]
    ) -> tuple[list[list[dict[str, Any]]], list[int]]:
        """The grid's rows with a `party_places` cell replaced by one signing place per party, as many a
        row as the cell spans (a fingerprint needs about 2 cm: the cell's height), and the indices of
        those rows. A blank form keeps the one cell, to be shared by hand."""
        out: list[list[dict[str, Any]]] = []
        places: list[int] = []
        for row in rows:
            spec = next((cell for cell in row if cell.get("party_places")), None)
            if spec is None or self.ctx is None or self.blank:
                out.append(list(row))
                continue
            head = [cell for cell in row if cell is not spec]
            per = int(spec.get("span", 1))
            height = spec.get("min_height_mm", 20)
            parties = sorted(self.ctx.case.parties, key=lambda p: p.seq)
            for i in range(0, len(parties), per):
                group = parties[i : i + per]
                cells = [{"field": "name", "_party": p, "min_height_mm": height, "align": "left"} for p in group]
                cells += [{"text": "", "min_height_mm": height}] * (per - len(group))
                places.append(len(out))
                out.append([*head, *cells])
        return out, places

    def grid_continued_line(self) -> Any:
        """The sentence a register's continued page of signing places opens with, naming the register."""
        number = self.ctx.case.number if self.ctx is not None and self.ctx.case.number else ""
        ref = f"（编号：{number}）" if number else ""
        text = f"（接上页）本页为《{self.form.name}》{ref}当事人签字处的续页。"
        return self.para([Run(text, "number")], next(iter(self.styles)) if "cell" not in self.styles else "cell")

    # ------------------------------------------------------------ parties

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
            commands += [("SPAN", (0, 0), (0, len(data) - 1)), ("VALIGN", (0, 0), (0, -1), VALIGN_MIDDLE)]
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
        commands: list[tuple[Any, ...]] = [("VALIGN", (0, 0), (-1, 0), VALIGN_MIDDLE)]
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
