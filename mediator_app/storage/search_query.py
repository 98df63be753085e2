"""The case search's queries over the trigram index (FTS5 on SQLite, pg_trgm on PostgreSQL) (docs/search.md): which cases match the terms,
ranked, and their stored documents for the result lines. Matching rules: `domain.search_text`; the
index and how it is kept in step: `storage.search`.

Over a DB-API connection (a SQLAlchemy `Connection` is unwrapped); the FTS statements come from the
connection's `storage.dialect`. No SQLAlchemy import: `services.search` imports this at start-up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
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
from mediator_app.storage.dialect import PROBE_ROWS, dialect_of
from mediator_app.storage.loader import dbapi
from mediator_app.storage.search_doc import STORED_COLUMNS, unstored

MULTI_TERM_CAP = 2000  # per tier and term, when several terms must all match
VERIFY_CAP = 3000  # candidates checked against the stored text when a term's own set was capped
COMMITTEE_SCAN_CAP = 4000  # the centre's matches read at most to fill one committee's page


def fts_table(tier: str) -> str:
    return f"search_fts_{tier}"


def vocab_table(tier: str) -> str:
    return f"search_vocab_{tier}"


def _rows(conn: Any, sql: str, params: Sequence[Any] = (), planned_each_time: bool = False) -> list[Any]:
    """The rows of a query; `planned_each_time`: planned for these parameters (`Dialect.each_time`)."""
    cur = conn.cursor()
    options = dict(dialect_of(conn).each_time) if planned_each_time else {}
    try:
        cur.execute(sql, tuple(params), **options)
        return list(cur.fetchall())
    finally:
        cur.close()


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
    trigrams = [t for (t,) in _rows(conn, sql, (term, upper) if upper else (term,)) if t.startswith(term)]
    return trigrams or None


def _sequence_hits(conn: Any, term: str, limit: int) -> list[int]:
    target = sequence_target(term)
    if target is None:
        return []
    year, seq = target
    p = dialect_of(conn).param
    if year is None:
        rows = _rows(conn, f"SELECT id FROM dispute_case WHERE seq = {p} ORDER BY id DESC LIMIT {p}", (seq, limit))
    else:
        rows = _rows(
            conn,
            f"SELECT id FROM dispute_case WHERE seq = {p} AND year = {p} ORDER BY id DESC LIMIT {p}",
            (seq, year, limit),
        )
    return [r[0] for r in rows]


# The walk by id ranges on PostgreSQL (`walk`, docs/centre.md "What the program does on a server"):
STEP_CANDIDATES = 300  # the matches one step may expect to check (each a text to read and LIKE)
REST_MATCHES = 100  # the matches expected below the walk for one scan over all of it to end the walk
# ... per tier where a candidate costs little to check (measured at 1,000,000 cases, docs/centre.md "A
# county"): a name fragment in 424 cases' names took 36 steps of 2 ms where one scan over the names took
# 5 ms, a phrase in 143 cases' facts 19 steps of 7 ms where one scan took 13 ms. The case numbers
# likewise: the last four digits of a phone are in some 400 of them (their sequence numbers, spread
# evenly over the years), and a case number found ranks first, so the walk had to find the newest 51
# before the ids tier was reached: 13-19 steps of 5-8 ms, where one scan over all the case numbers
# took 7 ms (713 candidates for 420 matches; docs/centre.md "Case numbers ended by one scan").
REST_MATCHES_OF = {"names": 1000, "number": 1000, "texts": 300}
REST_CAP = 4  # that scan stops at this many times the matches expected: more means the estimate was wrong
# The tiers where the walk asks the planner's estimate before its last scan (PostgreSQL, `Coarse.common`):
# the facts, where a candidate is a long text to read and check and a stopped last scan cost most (the
# cap of 1,200 checked: 130-200 ms at 100,000 cases for "2025年", 89-544 ms at 1,000,000). Elsewhere the
# estimate (1-8 ms to plan) cost a rare term more than a stopped scan saves (the case numbers' 4,000: 4-17 ms).
# Asked only for a term with a digit: the terms common only among old cases are dates (a past year, a
# month: "2025年", "3月"), and a name or a word then costs no estimate (3-character names: +3 ms p50).
ESTIMATED = frozenset({"texts"})
# The tiers whose walk uses the coarse buckets (migration 0018): the ID numbers and phones, where a 5- or
# 6-digit fragment is spread thinly over all the years, and the facts, where a past year's date is common
# only among old cases. In the names, addresses and case numbers the coarse checks cost the common queries
# more than they saved (bench/bench_walk.py at 1,000,000 cases, quiet: a 3-character name p50 10.7 ->
# 19.7 ms, a phone's last four digits p95 20.7 -> 25.8 ms with coarse buckets in every tier).
COARSE_TIERS = frozenset({"ids", "texts"})
STEP_GROWTH = 8  # a step covers at most this many times the ids of the step before
STEP_BUCKETS = 16  # and at most this many buckets: one GIN scan each (and pattern)


def _tier_hits(conn: Any, tier_index: int, phrases: list[str], limit: int) -> list[int]:
    """The newest `limit` cases whose text in the tier contains one of `phrases`."""
    d = dialect_of(conn)
    tier = TIERS[tier_index]
    if d.bucket_rows is not None:
        column, patterns = d.fts_column(tier, phrases)
        rest = REST_MATCHES_OF.get(tier, REST_MATCHES)
        dated = any(c.isdigit() for phrase in phrases for c in phrase)
        estimate = dated and tier in ESTIMATED
        return walk(conn, fts_table(tier), column, patterns, limit, rest, estimate, tier in COARSE_TIERS)
    rows = _rows(conn, d.fts_match(fts_table(tier), tier), (*d.fts_phrases(tier, phrases), limit))
    return [r[0] for r in rows]


def walk(
    conn: Any,
    table: str,
    column: str,
    patterns: Any,
    limit: int,
    rest_matches: int = REST_MATCHES,
    estimate: bool = False,
    coarse_buckets: bool = True,
) -> list[int]:
    """The newest `limit` ids of `table` whose `column` is LIKE one of `patterns`, read newest first so
    that the work is bounded by the page rather than by the number of cases (PostgreSQL: one GIN query
    over the whole table checks every case that holds the term, 0.8 s for a phrase of the facts found
    in a quarter of 100,000 cases).

    First the newest `PROBE_ROWS` rows in id order: a term in a large share of the cases fills the page
    there. Then, below them, steps over a few buckets of ids, each one GIN scan per bucket: the share of
    matches seen so far sizes a step to hold about twice the matches still wanted, expected to check at
    most `STEP_CANDIDATES` texts. Once the share says that all the cases left hold at most
    `rest_matches`, one GIN scan over the rest ends the walk (a rare term: the probe, a step or two, that
    scan). That scan checks every candidate the index hands over, and a candidate holds the term's
    trigrams but not always the term (addresses' numbers: ten times more candidates than matches), so
    it waits for a share well below a step's. It stops at `REST_CAP` times `rest_matches` matches: a
    term rare among the newest cases and common among the old ones (a past year in the facts, "2025年"
    in 468,691 of 1,000,000 cases, none of the newest 20,000) was judged rare, and the scan read and
    checked every old match (12.7 s). Stopped there, the walk goes on in steps, the share raised to what
    the scan found.

    Where the share asks for more than one step of `STEP_BUCKETS` buckets, and the dialect has coarse
    buckets (PostgreSQL, migration 0018; `coarse_buckets`, in `COARSE_TIERS`), the walk goes by coarse buckets, one GIN scan each for sixteen
    buckets' ids (`Coarse.step`); and before the last scan it asks the planner how many rows match in
    all: a term its sample finds common is not rare, only absent from the newest cases, and the coarse
    steps find where it begins instead (`estimate`: in the tiers where a stopped last scan costs most,
    `ESTIMATED`, for a term with a digit)."""
    d = dialect_of(conn)
    assert d.bucket_rows is not None, "a dialect without buckets has no walk"
    probe, range_sql, rest_sql = (
        d.fts_probe(table, column),
        d.fts_match_range(table, column),
        d.fts_match_below(table, column),
    )
    bucket = d.bucket_rows
    coarse = Coarse.of(conn, table, column) if coarse_buckets else None
    floor, read, newest = _rows(conn, probe, (patterns,), True)[0]
    hits: list[int] = list(newest or ())[:limit]
    if len(hits) >= limit or floor is None or read < PROBE_ROWS:
        return hits  # the page is full, or the probe read the whole table
    span = bucket
    cap = REST_CAP * rest_matches
    rest_share = 0.0  # at least this share of the ids below the walk match (a stopped scan's count)
    last_scan = True  # False: the planner expects too many matches in all for the last scan
    seen = 0  # the hits found before `read` was counted afresh (the walk skipped a range without matches)
    coarse_reads = True  # False once a coarse read found more matches than the share said
    while floor > 0 and len(hits) < limit:
        need = limit - len(hits)
        share = max((len(hits) - seen + 1) / read, rest_share)
        if last_scan and not rest_share and share * floor <= rest_matches:
            if coarse and estimate and coarse.common(patterns, rest_matches):
                last_scan = False
                continue
            rest = [r[0] for r in _rows(conn, rest_sql, (patterns, cap), True)]
            if len(rest) < cap:
                hits += [case_id for case_id in rest if case_id < floor][:need]
                break
            if coarse and estimate:  # estimated rare but common below: the coarse buckets find where
                last_scan = False
            else:  # the share raised to what the scan found (the case numbers' "2025": coarse buckets
                rest_share = cap / floor  # cost as much there, every trigram a pair of digits in every row)
            continue
        span = int(min(2 * need / share, STEP_CANDIDATES / share, STEP_GROWTH * span)) + 1
        if coarse and span > STEP_BUCKETS * bucket:
            found_any = len(hits) > seen
            if floor % coarse.rows == 0 and (coarse_reads or not found_any):
                step = coarse.step(patterns, floor, span, need, found_any)
                if step.dense:  # more matches than the share said: on by buckets, the share raised
                    rest_share, coarse_reads = max(rest_share, step.dense), False
                    continue
                if step.fresh:  # skipped to the newest bucket holding a match: the share is counted from it
                    read, seen, span, rest_share = 0, len(hits), bucket, 0.0
                hits += step.hits
                read += step.counted
                floor = step.floor
                continue
        low = max(0, floor - min(span, STEP_BUCKETS * bucket)) // bucket * bucket
        if coarse and (span > STEP_BUCKETS * bucket or len(hits) == seen):
            # Not past the coarse edge below: from there the coarse buckets can be used.
            low = max(low, (floor - 1) // coarse.rows * coarse.rows)
        buckets = list(range(low // bucket, (floor - 1) // bucket + 1))
        hits += [r[0] for r in _rows(conn, range_sql, (buckets, patterns, floor, need), True)]
        read += floor - low
        floor = low
    return hits


@dataclass(frozen=True)
class CoarseStep:
    hits: list[int]  # the newest matches below the old floor, at or above `floor`, newest first
    floor: int  # the walk's new floor
    counted: int  # the ids read that count for the share of matches
    fresh: bool  # the walk skipped a range without matches and read one bucket: count the share afresh
    dense: float = 0.0  # nothing read: at least this share of the range matches (more than the cap)


@dataclass(frozen=True)
class Coarse:
    """The walk's moves by coarse buckets of `rows` ids (PostgreSQL, migration 0018)."""

    conn: Any
    match_in: str  # Dialect.fts_match_in over the coarse buckets
    match_in_fine: str  # the same over the buckets
    estimate: str
    rows: int
    bucket: int

    @staticmethod
    def of(conn: Any, table: str, column: str) -> Coarse | None:
        d = dialect_of(conn)
        if d.coarse_rows is None:
            return None
        rows, bucket = d.coarse_rows, d.bucket_rows
        coarse_sql, fine_sql = d.fts_match_in(table, column, rows), d.fts_match_in(table, column, bucket)
        return Coarse(conn, coarse_sql, fine_sql, d.fts_estimate(table, column), rows, bucket)

    def common(self, patterns: Any, cap: int) -> bool:
        """Whether the planner expects more than `cap` matches in the whole table. It reads its sample of the
        column: a term found there is expected in 1 % of the rows or more, one not found in 10 rows."""
        plan = _rows(self.conn, self.estimate, (patterns,), True)[0][0]
        return float(plan[0]["Plan"]["Plan Rows"]) > cap

    def _matches(self, sql: str, buckets: list[int], patterns: Any, cap: int) -> list[int]:
        return [r[0] for r in _rows(self.conn, sql, (buckets, patterns, cap), True)]

    def _newest_holding(self, sql: str, buckets: list[int], patterns: Any) -> int | None:
        """The newest of `buckets` (newest first) that holds a match, or None. Groups of 1, 2, 4 ...
        buckets newest first, then halves of the first group holding a match: a check reads the whole
        index entry of every bucket it names, which costs little where a trigram of the term is rare
        (no match) and more where the term is common, so no check names many buckets below the newest
        match."""
        size, start = 1, 0
        while start < len(buckets):
            group = buckets[start : start + size]
            if self._matches(sql, group, patterns, 1):
                while len(group) > 1:
                    newer = group[: len(group) // 2]
                    group = newer if self._matches(sql, newer, patterns, 1) else group[len(newer) :]
                return group[0]
            start, size = start + size, 2 * size
        return None

    def step(self, patterns: Any, floor: int, span: int, need: int, found_any: bool) -> CoarseStep:
        """From a `floor` on the coarse buckets' edge, up to `STEP_BUCKETS` coarse buckets down (as far
        as `span` ids reach). With matches seen (`found_any`) the share they give is trusted: every
        match of the range is read, `REST_CAP` times the matches expected at most; more means the share
        was wrong (`dense`: the walk goes on by buckets). Without: checks whether coarse buckets hold a
        match at all (one GIN scan per coarse bucket, the candidates checked up to the first match,
        `_newest_holding`); none, and the walk skips the range; some, and the same finds the newest
        bucket holding one inside the newest such coarse bucket, and the walk skips down to that
        bucket and reads it."""
        low = max(0, floor - min(span, STEP_BUCKETS * self.rows)) // self.rows * self.rows
        coarse = list(range((floor - 1) // self.rows, low // self.rows - 1, -1))  # newest first
        if found_any:
            cap = REST_CAP * min(2 * need, STEP_CANDIDATES)
            found = self._matches(self.match_in, coarse, patterns, cap)
            if len(found) < cap:
                return CoarseStep(sorted(found, reverse=True)[:need], low, floor - low, False)
            return CoarseStep([], floor, 0, False, cap / (floor - low))
        top = self._newest_holding(self.match_in, coarse, patterns)
        if top is None:
            return CoarseStep([], low, floor - low, False)
        per = self.rows // self.bucket
        fine = self._newest_holding(self.match_in_fine, list(range((top + 1) * per - 1, top * per - 1, -1)), patterns)
        assert fine is not None, "a coarse bucket holding a match has a bucket holding it"
        found = self._matches(self.match_in_fine, [fine], patterns, self.bucket)
        return CoarseStep(sorted(found, reverse=True)[:need], fine * self.bucket, self.bucket, True)


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


@dataclass(frozen=True)
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
        rows = _rows(
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


@dataclass(frozen=True)
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
        out.update(r[0] for r in _rows(conn, sql, (committee_id, *chunk)))
    return out
