"""The case search's queries over the trigram index (FTS5 on SQLite, pg_trgm on PostgreSQL) (docs/search.md): which cases match the terms,
ranked, and their stored documents for the result lines. Matching rules: `domain.search_text`; the
index and how it is kept in step: `storage.search`.

Over a DB-API connection (a SQLAlchemy `Connection` is unwrapped); the FTS statements come from the
connection's `storage.dialect`. No SQLAlchemy import: `services.search` imports this at start-up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from mediator_app.domain.search_text import (
    PAD,
    RANK_OF_TIER,
    RANK_SEQUENCE,
    TIER_NAMES,
    TIERS,
    Entry,
    decode,
    matches_sequence,
    sequence_target,
    spans,
    tiers_to_check,
)
from mediator_app.frozen import frozen
from mediator_app.storage import search_walk
from mediator_app.storage.dialect import dialect_of
from mediator_app.storage.loader import dbapi
from mediator_app.storage.search_doc import STORED_COLUMNS, unstored

MULTI_TERM_CAP = 2000  # per tier and term, when several terms must all match
VERIFY_CAP = 3000  # candidates checked against the stored text when a term's own set was capped
COMMITTEE_SCAN_CAP = 4000  # the centre's matches read at most to fill one committee's page


def fts_table(tier: str) -> str:
    return f"search_fts_{tier}"


def vocab_table(tier: str) -> str:
    return f"search_vocab_{tier}"


def _after(text: str) -> str | None:
    """The smallest string greater than every string that starts with `text` (None: unbounded)."""
    code = ord(text[-1]) + 1
    if 0xD800 <= code <= 0xDFFF:
        code = 0xE000
    return text[:-1] + chr(code) if code <= 0x10FFFF else None


def match_phrases(conn: Any, tier_index: int, term: str) -> list[str] | None:
    """The substrings of which one must occur in a tier's text for `term` to match there, or None when
    the term cannot match in that tier. Values are PAD-separated and the text PAD-padded, so a
    1-character term matches a whole name or a name's first or last character, and every occurrence
    of a 2-character term is followed by a third character (FTS5 looks those trigrams up in its
    vocabulary table; PostgreSQL's LIKE needs no expansion)."""
    if len(term) >= 3:
        return [term]
    if len(term) == 1:
        return [PAD + term, term + PAD] if tier_index == TIER_NAMES else None
    d = dialect_of(conn)
    if not d.has_vocab:
        return [term]
    upper = _after(term)
    sql = d.vocab_range(vocab_table(TIERS[tier_index]), bounded=upper is not None)
    trigrams = [t for (t,) in search_walk.rows(conn, sql, (term, upper) if upper else (term,)) if t.startswith(term)]
    return trigrams or None


def _sequence_hits(conn: Any, term: str, limit: int) -> list[int]:
    target = sequence_target(term)
    if target is None:
        return []
    year, seq = target
    p = dialect_of(conn).param
    if year is None:
        rows = search_walk.rows(
            conn, f"SELECT id FROM dispute_case WHERE seq = {p} ORDER BY id DESC LIMIT {p}", (seq, limit)
        )
    else:
        rows = search_walk.rows(
            conn,
            f"SELECT id FROM dispute_case WHERE seq = {p} AND year = {p} ORDER BY id DESC LIMIT {p}",
            (seq, year, limit),
        )
    return [r[0] for r in rows]


def _tier_hits(conn: Any, tier_index: int, phrases: list[str], limit: int) -> list[int]:
    """The newest `limit` cases whose text in the tier contains one of `phrases`."""
    d = dialect_of(conn)
    tier = TIERS[tier_index]
    if d.bucket_rows is not None:
        lookup = d.fts_lookup(tier, phrases)
        rest = search_walk.REST_MATCHES_OF.get(tier, search_walk.REST_MATCHES)
        dated = any(c.isdigit() for phrase in phrases for c in phrase)
        estimate = dated and tier in search_walk.ESTIMATED
        coarse = tier in search_walk.COARSE_TIERS
        return search_walk.walk(conn, fts_table(tier), lookup, limit, rest, estimate, coarse)
    rows = search_walk.rows(conn, d.fts_match(fts_table(tier), tier), (*d.fts_phrases(tier, phrases), limit))
    return [r[0] for r in rows]


def whole_name(term: str) -> list[str]:
    """The phrase of a name that is exactly `term` (values are PAD-separated in the tier)."""
    return [PAD + term + PAD]


def ranked_cases(conn: Any, term: str, limit: int) -> list[tuple[int, int]]:
    """The best `limit` cases for one term as (case id, rank): rank first, newest (highest id) next;
    among the name matches, the cases with a name that is exactly the term come first (孟婷 before
    孟婷娟: a mediator looks a party up by the whole name)."""
    out: dict[int, int] = {}
    for case_id in _sequence_hits(conn, term, limit):
        out.setdefault(case_id, RANK_SEQUENCE)
    for tier_index, tier in enumerate(TIERS):
        if len(out) >= limit:
            break
        phrases = match_phrases(conn, tier_index, term)
        if phrases is None:
            continue
        expressions = [whole_name(term), phrases] if tier_index == TIER_NAMES else [phrases]
        for each in expressions:
            # Up to len(out) of them may be cases already found in a better tier (or as a whole name).
            for case_id in _tier_hits(conn, tier_index, each, limit + len(out)):
                if len(out) >= limit:
                    break
                out.setdefault(case_id, RANK_OF_TIER[tier])
    return list(out.items())


def case_ranks(conn: Any, term: str, cap: int) -> tuple[dict[int, int], bool]:
    """Every case the term matches with its best rank, reading at most `cap` rows per tier.

    The bool is False when a tier had more than `cap` matches (the dict then holds the newest ones).
    """
    ranks: dict[int, int] = {}
    complete = True
    hits = _sequence_hits(conn, term, cap + 1)
    complete &= len(hits) <= cap
    for case_id in hits[:cap]:
        ranks.setdefault(case_id, RANK_SEQUENCE)
    for tier_index, tier in enumerate(TIERS):
        phrases = match_phrases(conn, tier_index, term)
        if phrases is None:
            continue
        hits = _tier_hits(conn, tier_index, phrases, cap + 1)
        complete &= len(hits) <= cap
        for case_id in hits[:cap]:
            ranks.setdefault(case_id, RANK_OF_TIER[tier])
    return ranks, complete


@frozen
class StoredDoc:
    """A case's stored search document with the case fields a result line shows."""

    case_id: int
    number: str
    title: str
    dispute_type: str
    status: str
    registered_on: dt.date
    year: int
    seq: int
    columns: tuple[str, ...]  # one per tier, as indexed
    entry_map: str

    def entries(self, tiers: Iterable[int] | None = None) -> list[Entry]:
        return decode(self.columns, self.entry_map, tiers)

    def matching_entries(self, terms: Sequence[str], whole: Iterable[int] = ()) -> list[Entry]:
        """The party names (who is who), every entry of the `whole` tiers, and the entries a term may
        match (`spans` decides)."""
        tiers = tiers_to_check(terms, self.columns)
        keep = {TIER_NAMES, *whole}
        out = []
        for tier, (column, codes) in enumerate(zip(self.columns, self.entry_map.split(";"), strict=True)):
            if not column or (tier not in tiers and tier not in keep):
                continue
            for value, code in zip(column[len(PAD) : -len(PAD)].split(PAD), codes.split(","), strict=True):
                if tier in keep or any(t in value for t in terms):
                    name, _, ref = code.partition(":")
                    out.append(Entry(name, int(ref) if ref else None, value))
        return out


def load_docs(conn: Any, case_ids: Iterable[int]) -> dict[int, StoredDoc]:
    """The stored documents of these cases with the case fields a result line shows."""
    conn = dbapi(conn)
    d = dialect_of(conn)
    ids = list(case_ids)
    out: dict[int, StoredDoc] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = search_walk.rows(
            conn,
            f"SELECT d.case_id, c.number, c.title, c.dispute_type, c.status, c.registered_on, c.year, c.seq, "
            f"d.{', d.'.join(STORED_COLUMNS)} FROM search_doc d JOIN dispute_case c ON c.id = d.case_id "
            f"WHERE d.case_id IN ({d.marks(len(chunk))})",
            chunk,
        )
        for r in rows:
            day = r[5] if isinstance(r[5], dt.date) else dt.date.fromisoformat(r[5])
            values = unstored(r[8:])
            out[r[0]] = StoredDoc(r[0], r[1], r[2], r[3], r[4], day, r[6], r[7], tuple(values[1:]), values[0])
    return out


def best_rank(term: str, doc: StoredDoc) -> int | None:
    """The rank of the term's best match in a stored document (the Python twin of the index), or None."""
    if matches_sequence(term, doc.year, doc.seq):
        return RANK_SEQUENCE
    ranks = [RANK_OF_TIER[TIERS[e.tier]] for e in doc.matching_entries([term]) if spans(term, e)]
    return min(ranks) if ranks else None


@frozen
class Found:
    ranked: list[tuple[int, int]]  # (case id, rank), best first
    has_more: bool  # more cases match than were returned
    complete: bool  # False: several very common terms; the newest matches were searched, not all


def find(conn: Any, terms: Sequence[str], limit: int) -> Found:
    """Cases matching every term, best rank first, then newest (one term: whole names first among the
    name matches, `ranked_cases`)."""
    conn = dbapi(conn)
    if not terms or limit <= 0:
        return Found([], False, True)
    if len(terms) == 1:
        ranked = ranked_cases(conn, terms[0], limit + 1)
        return Found(ranked[:limit], len(ranked) > limit, True)
    per_term = [(term, *case_ranks(conn, term, MULTI_TERM_CAP)) for term in terms]
    exact = [(term, ranks) for term, ranks, complete in per_term if complete]
    base = exact or [(term, ranks) for term, ranks, _ in per_term]
    candidates = set.intersection(*(set(ranks) for _, ranks in base))
    complete = bool(exact)
    rank: dict[int, int] = {c: min(ranks[c] for _, ranks in base) for c in candidates}
    unchecked = [term for term, _, done in per_term if not done] if exact else []
    if unchecked and candidates:
        ordered = sorted(candidates, key=lambda c: (rank[c], -c))
        if len(ordered) > VERIFY_CAP:
            ordered, complete = ordered[:VERIFY_CAP], False
        docs = load_docs(conn, ordered)
        kept: dict[int, int] = {}
        for case_id in ordered:
            doc = docs.get(case_id)
            found = [best_rank(term, doc) for term in unchecked] if doc else [None]
            if all(r is not None for r in found):
                kept[case_id] = min(rank[case_id], *(r for r in found if r is not None))
        rank = kept
    ordered = sorted(rank, key=lambda c: (rank[c], -c))
    return Found([(c, rank[c]) for c in ordered[:limit]], len(ordered) > limit, complete)


def find_in_committee(conn: Any, terms: Sequence[str], limit: int, committee_id: int | None) -> Found:
    """`find` restricted to one committee's cases (None: the whole centre). The index holds every
    committee's cases, so the centre's best matches are read and the committee's kept: 4× more each
    round until the page is full, the matches run out or `COMMITTEE_SCAN_CAP` were read (then the
    result says it is incomplete). In a village room with one committee the first round is the answer."""
    if committee_id is None or limit <= 0:
        return find(conn, terms, limit)
    wanted = limit + 1
    while True:
        found = find(conn, terms, wanted)
        own = _of_committee(dbapi(conn), [case_id for case_id, _ in found.ranked], committee_id)
        ranked = [(case_id, rank) for case_id, rank in found.ranked if case_id in own]
        if len(ranked) > limit or not found.has_more or wanted >= COMMITTEE_SCAN_CAP:
            cut_short = found.has_more and len(ranked) <= limit
            return Found(ranked[:limit], len(ranked) > limit, found.complete and not cut_short)
        wanted = min(wanted * 4, COMMITTEE_SCAN_CAP)


def _of_committee(conn: Any, case_ids: Sequence[int], committee_id: int) -> set[int]:
    p = dialect_of(conn).param
    out: set[int] = set()
    for start in range(0, len(case_ids), 500):
        chunk = case_ids[start : start + 500]
        sql = f"SELECT id FROM dispute_case WHERE committee_id = {p} AND id IN ({dialect_of(conn).marks(len(chunk))})"
        out.update(r[0] for r in search_walk.rows(conn, sql, (committee_id, *chunk)))
    return out
