"""Find any case by one query string: number, names, ID and phone fragments, addresses, facts, records,
agreement terms. Matching rules: `domain.search_text`; index: `storage.search`; design: docs/search.md.

For the GUI's search box: call `search(db, text)` on the database thread at each change of the text
(debounce ~150 ms); it takes a few milliseconds even on 100,000 cases. Each hit says which fields
matched, whose they are, and where the match is (`Highlight.spans`); ID numbers and phones are only
ever returned masked.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from typing import TYPE_CHECKING

from mediator_app.domain.access import Permission, check
from mediator_app.domain.masking import mask_id, mask_phone, mask_text
from mediator_app.domain.search_text import (
    ID_CODES,
    PARTY_CODES,
    PARTY_NAME_CODES,
    PHONE_CODES,
    RANK_OF_TIER,
    RANK_SEQUENCE,
    TIER_NUMBER,
    TIER_TEXTS,
    TIERS,
    Entry,
    matches_sequence,
    query_terms,
    spans,
)
from mediator_app.frozen import frozen
from mediator_app.storage import search_query as index

if TYPE_CHECKING:  # no SQLAlchemy at import time: the search box is part of the first paint
    from mediator_app.storage.database import Database

DEFAULT_LIMIT = 50
SNIPPET_BEFORE = 16  # characters of context shown before the first match in a long text
SNIPPET_LENGTH = 60  # characters shown of a long text
MAX_FIELDS_PER_HIT = 6

Span = tuple[int, int]


@frozen
class Highlight:
    """A text to show with the matched parts marked.

    `spans` are half-open [start, end) offsets in code points of `text` (Python string indices),
    sorted and not overlapping. `text` is already masked (ID numbers, phones) and clipped (long texts
    get "…" at a cut end). For a QString (UTF-16) use `utf16_spans()`: 𠮷 is one code point but two
    UTF-16 units.
    """

    text: str
    spans: tuple[Span, ...]

    def marked(self, before: str = "【", after: str = "】") -> str:
        """The text with each span wrapped in markers, e.g. ``申请人【刘䶮】``."""
        out, last = [], 0
        for start, end in self.spans:
            out += [self.text[last:start], before, self.text[start:end], after]
            last = end
        out.append(self.text[last:])
        return "".join(out)

    def utf16_spans(self) -> tuple[Span, ...]:
        def units(i: int) -> int:
            return len(self.text[:i].encode("utf-16-le")) // 2

        return tuple((units(s), units(e)) for s, e in self.spans)


@frozen
class MatchedField:
    """One field of a hit that a term matched."""

    code: str  # domain.search_text.CODES key, e.g. "NA", "P", "F"
    field: str  # Chinese label: 申请人 / 联系电话 / 纠纷事实 / 调解记录 ...
    rank: int  # 0 sequence number, 1 numbers, 2 names, 3 ID numbers and phones, 4 addresses, 5 texts
    party_seq: int | None  # the party the field belongs to, None for the case's own fields
    party: str  # e.g. "申请人刘䶮"; "" for the case's own fields
    highlight: Highlight


@frozen
class SearchHit:
    case_id: int
    number: str
    title: str
    dispute_type: str
    registered_on: dt.date
    status: str
    party_names: str  # "、"-joined, in party order
    rank: int  # the best field's rank (see MatchedField.rank)
    fields: tuple[MatchedField, ...]  # best first, at most MAX_FIELDS_PER_HIT

    @property
    def summary(self) -> str:
        """One line for a result list: the best field, e.g. ``联系电话（申请人刘䶮）：138****8000``."""
        if not self.fields:
            return ""
        f = self.fields[0]
        owner = f"（{f.party}）" if f.party and f.code not in PARTY_NAME_CODES else ""
        return f"{f.field}{owner}：{f.highlight.marked()}"


@frozen
class SearchResult:
    query: str
    terms: tuple[str, ...]
    hits: tuple[SearchHit, ...]
    has_more: bool  # more cases match than `limit`
    complete: bool  # False only for several very common words at once: the newest matches were searched
    elapsed_ms: float

    @property
    def message(self) -> str:
        if not self.terms:
            return ""
        if not self.hits:
            return "没有找到符合条件的案件"
        more = "，还有更多，请输入更多文字缩小范围" if self.has_more or not self.complete else ""
        return f"找到 {len(self.hits)} 件{more}"


def search(db: Database, query: str, limit: int = DEFAULT_LIMIT) -> SearchResult:
    """Cases matching every word of `query`, best first (case number, names, IDs/phones, addresses,
    texts; within a rank the newest case first)."""
    actor = check(db.actor, Permission.VIEW)
    started = time.perf_counter()
    terms = query_terms(query)
    with db.read_connection() as conn:
        # A person of one committee of a centre finds that committee's cases only (docs/centre.md).
        found = index.find_in_committee(conn, terms, max(0, limit), actor.committee_id)
        docs = index.load_docs(conn, [case_id for case_id, _ in found.ranked])
    hits = tuple(_hit(docs[case_id], terms, rank) for case_id, rank in found.ranked if case_id in docs)
    return SearchResult(
        query, tuple(terms), hits, found.has_more, found.complete, (time.perf_counter() - started) * 1000
    )


# ---------------------------------------------------------------- building a hit


def _hit(doc: index.StoredDoc, terms: list[str], rank: int) -> SearchHit:
    sequence = any(matches_sequence(t, doc.year, doc.seq) for t in terms)
    entries = doc.matching_entries(terms, whole=(TIER_NUMBER,) if sequence else ())
    owners = {e.ref: f"{e.label}{e.value}" for e in entries if e.code in PARTY_NAME_CODES}
    fields: list[MatchedField] = []
    for item in entries:
        found = [s for t in terms for s in spans(t, item)]
        if sequence and item.code == "C":  # one line for the case number, ranked as the sequence match
            sequence = False
            found += _sequence_spans(item.value, doc.seq)
            fields.append(
                MatchedField(
                    "C", item.label, RANK_SEQUENCE, None, "", Highlight(item.value, tuple(_merge(sorted(found))))
                )
            )
        elif found:
            fields.append(_field(item, _merge(sorted(found)), owners))
    fields.sort(key=lambda f: f.rank)  # stable: within a rank, the document's order
    names = "、".join(e.value for e in entries if e.code in PARTY_NAME_CODES)
    return SearchHit(
        doc.case_id,
        doc.number,
        mask_text(doc.title),
        doc.dispute_type,
        doc.registered_on,
        doc.status,
        names,
        rank,
        tuple(fields[:MAX_FIELDS_PER_HIT]),
    )


def _field(item: Entry, found: list[Span], owners: dict[int | None, str]) -> MatchedField:
    party = owners.get(item.ref, "") if item.code in PARTY_CODES else ""
    rank = RANK_OF_TIER[TIERS[item.tier]]
    if item.code in ID_CODES:
        highlight = Highlight(mask_id(item.value), tuple(found))  # masking keeps the length
    elif item.code in PHONE_CODES:
        highlight = Highlight(mask_phone(item.value), tuple(found))
    elif item.tier == TIER_TEXTS:  # numbers typed into facts and claims: masked in place, spans still fit
        highlight = snippet(mask_text(item.value), found)
    else:
        highlight = Highlight(mask_text(item.value), tuple(found))
    return MatchedField(item.code, item.label, rank, item.ref if item.code in PARTY_CODES else None, party, highlight)


def _sequence_spans(number: str, seq: int) -> list[Span]:
    """Where the sequence number is in the case number: its last run of digits equal to `seq`."""
    runs = [m for m in re.finditer(r"[0-9]+", number) if int(m.group()) == seq]
    return [runs[-1].span()] if runs else []


def _merge(found: list[Span]) -> list[Span]:
    out: list[Span] = []
    for start, end in found:
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def snippet(text: str, found: list[Span], before: int = SNIPPET_BEFORE, length: int = SNIPPET_LENGTH) -> Highlight:
    """A window of `length` characters of a long text around its first match, "…" where cut."""
    if len(text) <= length:
        return Highlight(text, tuple(found))
    start = max(0, min(found[0][0] - before, len(text) - length)) if found else 0
    end = start + length
    lead = "…" if start > 0 else ""
    shown = lead + text[start:end] + ("…" if end < len(text) else "")
    shift = len(lead) - start
    kept = tuple((max(s, start) + shift, min(e, end) + shift) for s, e in found if s < end and e > start)
    return Highlight(shown, kept)
