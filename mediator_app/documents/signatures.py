"""Signature blocks: each party's signature (or seal and signer), the mediators' and the committee's
seal with its date, kept on one page with the clause before them (docs/legal-basis.md §6.2: a page of
signatures alone could be swapped for another).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib.units import mm

from mediator_app.documents.builder import BuilderBase
from mediator_app.documents.forms import Section
from mediator_app.documents.pieces import BLANK_DATE, Run
from mediator_app.documents.platypus import KeepTogether, PageBreak, Paragraph, Spacer, Table
from mediator_app.domain.model import Party, PartyRole

MAX_TAKEN = 5  # flowables moved with the signatures at most
BODY_CHARS = 8
SENTENCE_END = tuple("。！？；…")


def _is_body(flowable: Any) -> bool:
    """Text the signatures refer to: a sentence (not 此致, a court's or the committee's name), or a table."""
    if isinstance(flowable, Paragraph):
        text = "".join(flowable.getPlainText().split())
        return len(text) >= BODY_CHARS and text.endswith(SENTENCE_END)
    return isinstance(flowable, Table)


class SignatureSections(BuilderBase):
    """The `signatures` section of a form (a part of `render.DocumentBuilder`)."""

    # ------------------------------------------------------------ signatures

    def _signatures(self, s: Section, story: list[Any]) -> None:
        columns = int(s.get("columns", 2))
        rows = self.party_signature_rows(s, columns)
        committee = self.committee_signatures(s, columns)
        if not rows and not committee:
            return
        # Signatures stay with the text they sign: a page of signatures alone could be swapped for
        # another (docs/legal-basis.md §6.2). The last paragraph with text moves to the signatures'
        # page when they do not fit below it; the committee's part stays with the last party's row.
        # `keep_with_previous: false` of older form files is not honoured: a receipt's signatures
        # alone on a page would be the same risk.
        previous = self.text_before(story)
        units = [[r] for r in rows[:-1]] + [[rows[-1], *committee]] if rows else [committee]
        for chunk in self.signature_chunks(previous, units, s.get("continued_number_label", "编号")):
            story.append(KeepTogether(chunk) if len(chunk) > 1 else chunk[0])

    def text_before(self, story: list[Any]) -> list[Any]:
        """Take from the end of `story` what the signatures must share a page with: back to the last
        paragraph with real text (not only 此致 or a court's name), at most four flowables."""
        taken: list[Any] = []
        while story and len(taken) < MAX_TAKEN and not isinstance(story[-1], PageBreak):
            item = story.pop()
            # Nested, reportlab would take the inner group for a flowable taller than any page.
            content = list(item._content) if isinstance(item, KeepTogether) else [item]
            taken[:0] = content
            if any(_is_body(f) for f in content):
                break
        return taken

    def signature_chunks(
        self,
        previous: list[Any],
        units: list[list[Any]],
        label: str = "编号",
        line: Callable[[], Any] | None = None,
    ) -> list[list[Any]]:
        """Pages' worth of signature rows: the first with the text before them; when they fill more
        than a page, each further page opens with a line naming the document it signs (the case
        number under the form's own `label` for it)."""
        limit = self.frame_height - 2
        chunks: list[list[Any]] = []
        current, height = list(previous), self.height_of(previous)
        body = [i for i, f in enumerate(previous) if isinstance(f, Paragraph) and _is_body(f)]
        if units and height + self.height_of(units[0]) > limit and body and body[-1] > 0:
            # Too much to move with the first row: from the last paragraph of text on, it moves.
            chunks += [[f] for f in previous[: body[-1]]]
            current = previous[body[-1] :]
            height = self.height_of(current)
        placed = False
        for unit in units:
            size = self.height_of(unit)
            if placed and height + size > limit:
                chunks.append(current)
                current = [line() if line is not None else self.continued_line(label)]
                height = self.height_of(current)
            current += unit
            height += size
            placed = True
        chunks.append(current)
        return chunks

    def height_of(self, flowables: Sequence[Any]) -> float:
        total = 0.0
        for f in flowables:
            total += float(f.wrap(self.width, self.frame_height)[1]) + f.getSpaceBefore() + f.getSpaceAfter()
        return total

    def continued_line(self, label: str = "编号") -> Any:
        """（本页为《人民调解协议书》（编号：…）的签名页，接上页）: the text a continued signature page
        refers to; the application names the number as it does in its text (人民调解协议书编号)."""
        number = self.ctx.case.number if self.ctx is not None and self.ctx.case.number else ""
        ref = f"（{label}：{number}）" if number else ""
        text = f"（本页为《{self.form.name}》{ref}的签名页，接上页）"
        return self.para([Run(text, "number")], "body" if "body" in self.styles else next(iter(self.styles)))

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
            # The entity's seal plus the signature of whoever represents it (docs/legal-basis.md §6.2).
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
