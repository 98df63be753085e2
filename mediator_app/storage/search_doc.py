"""The search document of a case (docs/search.md): what is indexed, computed from the case's domain
objects in one place (`CaseText.of`), and how it is stored in ``search_doc`` (the free texts
zlib-compressed). No SQLAlchemy import: the query side (`storage.search_query`) reads stored documents.
"""

from __future__ import annotations

import datetime as dt
import itertools
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from mediator_app.domain.model import Case
from mediator_app.domain.records import ProcedureState, ReturnVisit, StepRecord
from mediator_app.domain.search_text import TIERS, Entry, encode_fields, entry

DOC_COLUMNS = ("entry_map", *TIERS)  # as `doc_values` returns them
STORED_COLUMNS = ("entry_map", *TIERS[:-1], "texts_z")  # as `search_doc` holds them
PERFORMED = "已履行"  # a return visit's finding that ends a term's deadline


@dataclass
class CaseText:
    """What a case's derived data is computed from: its searchable contents, and what decides when it
    becomes overdue (`dispute_case.due_on`), as read from (or about to be written to) the tables.

    Lists are in their stored order: parties by seq, representatives by (party seq, position), terms by
    seq, records by (held_at, id).
    """

    case_id: int
    number: str
    source_ref: str
    title: str
    facts: str
    claims: str
    # (seq, role, name, legal_rep, id_number, uscc, phone, address)
    parties: list[tuple[int, str, str, str, str, str, str, str]] = field(default_factory=list)
    reps: list[tuple[int, str, str, str]] = field(default_factory=list)  # (party seq, name, id_number, phone)
    agreement: tuple[str, str, str] | None = None  # (disputed matters, responsibilities, breach clause)
    terms: list[tuple[int, str]] = field(default_factory=list)  # (seq, action)
    oral_content: str = ""
    court_case_number: str = ""
    records: list[tuple[int, str, str, str]] = field(default_factory=list)  # (id, kind, content, result)
    stage: str = "登记"
    accepted_on: dt.date | None = None
    mediation_days: int = 30
    deadlines: list[tuple[int, dt.date]] = field(default_factory=list)  # (term seq, deadline)
    performed: set[int] = field(default_factory=set)  # term seqs a return visit found performed

    @classmethod
    def of(
        cls, case: Case, state: ProcedureState, records: Sequence[StepRecord], visits: Sequence[ReturnVisit]
    ) -> CaseText:
        """The one mapping from a case's domain objects to what is indexed (the loader's `CaseFile`,
        or a new case the bulk writer is about to insert)."""
        assert case.id is not None
        text = cls(
            case.id,
            case.number,
            case.source_ref,
            case.title,
            case.facts,
            case.claims,
            oral_content=state.oral_content,
            court_case_number=state.court_case_number,
            stage=state.stage,
            accepted_on=case.accepted_on,
            mediation_days=state.mediation_days,
        )
        for party in sorted(case.parties, key=lambda p: p.seq):
            text.parties.append(
                (
                    party.seq,
                    party.role.value,
                    party.name,
                    party.legal_rep,
                    party.id_number,
                    party.uscc,
                    party.phone,
                    party.address,
                )
            )
            text.reps += [(party.seq, r.name, r.id_number, r.phone) for r in party.representatives]
        if (agreement := case.agreement) is not None:
            text.agreement = (agreement.disputed_matters, agreement.responsibilities, agreement.breach_clause)
            text.terms = sorted((t.seq, t.action) for t in agreement.terms)
            text.deadlines = sorted((t.seq, t.deadline) for t in agreement.terms if t.deadline is not None)
        ordered = sorted(records, key=lambda r: (r.held_at, r.id or 0))
        text.records = [(r.id or 0, r.kind.value, r.content, r.result) for r in ordered]
        text.performed = {c.term_seq for v in visits for c in v.terms if c.status == PERFORMED}
        return text


def fields_of(text: CaseText) -> list[tuple[str, int | None, str]]:
    """Every searchable field of the case as (code, owner, raw value), in a fixed order per tier."""
    found: list[tuple[str, int | None, str]] = [
        ("C", None, text.number),
        ("S", None, text.source_ref),
        ("K", None, text.court_case_number),
    ]
    reps = {seq: list(group) for seq, group in itertools.groupby(text.reps, key=lambda r: r[0])}
    for seq, role, name, legal_rep, id_number, uscc, phone, address in text.parties:
        found += [
            ("NA" if role == "申请人" else "NR", seq, name),
            ("L", seq, legal_rep),
            ("I", seq, id_number),
            ("U", seq, uscc),
            ("P", seq, phone),
            ("A", seq, address),
        ]
        for _, rep_name, rep_id, rep_phone in reps.get(seq, []):
            found += [("R", seq, rep_name), ("RI", seq, rep_id), ("RP", seq, rep_phone)]
    found += [
        ("T", None, text.title),
        ("F", None, text.facts),
        ("Q", None, text.claims),
        ("O", None, text.oral_content),
    ]
    if text.agreement is not None:
        matters, responsibilities, breach = text.agreement
        found += [("M", None, matters), ("B", None, responsibilities)]
        found += [("E", seq, action) for seq, action in text.terms]
        found.append(("X", None, breach))
    for record_id, kind, content, result in text.records:
        found += [("VI" if kind == "调查" else "VS", record_id, content), ("W", record_id, result)]
    return found


def entries_of(text: CaseText) -> list[Entry]:
    """The case's entries (blank fields left out)."""
    return [e for code, ref, raw in fields_of(text) if (e := entry(code, ref, raw)) is not None]


def doc_values(text: CaseText) -> tuple[str, ...]:
    """The `search_doc` row (without the case id) in `DOC_COLUMNS` order."""
    encoded = encode_fields(fields_of(text))
    return (encoded.entry_map, *encoded.columns)


def stored(values: Sequence[Any]) -> tuple[Any, ...]:
    """`doc_values` order → `search_doc` columns (the texts compressed)."""
    return (*values[:-1], zlib.compress(values[-1].encode("utf-8"), 6))


def unstored(values: Sequence[Any]) -> tuple[Any, ...]:
    return (*values[:-1], zlib.decompress(values[-1]).decode("utf-8"))
