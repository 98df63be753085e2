"""The search's walk over a tier's table on PostgreSQL (docs/centre.md "What the program does on a
server", "Coarse buckets"): the newest matches of a term read newest first, by the buckets of ids
the tier's GIN index is over, so that the work is bounded by the page rather than by the cases.
`storage.search_query` asks it for a tier's hits. Every statement of the search, the walk's and
`search_query`'s on either engine, goes through `rows`: the one place the benchmark and the tests
count them.

Over a DB-API connection; the statements come from `storage.dialect` (SQLite has no walk: FTS5 reads
its doclists newest first by itself).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from mediator_app.frozen import frozen
from mediator_app.storage.dialect import PROBE_ROWS, dialect_of
from mediator_app.storage.search_forms import Lookup


def rows(conn: Any, sql: str, params: Sequence[Any] = (), planned_each_time: bool = False) -> list[Any]:
    """The rows of a query; `planned_each_time`: planned for these parameters (`Dialect.each_time`)."""
    cur = conn.cursor()
    options = dict(dialect_of(conn).each_time) if planned_each_time else {}
    try:
        cur.execute(sql, tuple(params), **options)
        return list(cur.fetchall())
    finally:
        cur.close()


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


def walk(
    conn: Any,
    table: str,
    lookup: Lookup,
    limit: int,
    rest_matches: int = REST_MATCHES,
    estimate: bool = False,
    coarse_buckets: bool = True,
) -> list[int]:
    """The newest `limit` ids of `table` holding one of `lookup`'s phrases, read newest first so
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
    all (and, for a term with a probe, a sample of the table's pages: `Coarse.common`): a term found
    common is not rare, only absent from the newest cases, and the coarse steps find where it begins
    instead (`estimate`: in the tiers where a stopped last scan costs most, `ESTIMATED`, for a term
    with a digit). The coarse steps' range checks ask for the term's probe first (`probes`)."""
    d = dialect_of(conn)
    assert d.bucket_rows is not None, "a dialect without buckets has no walk"
    probe, range_sql, rest_sql = (
        d.fts_probe(table, lookup.column),
        d.fts_match_range(table, lookup.where),
        d.fts_match_below(table, lookup.where),
    )
    value = lookup.value  # what the indexed statements look for (the probe reads the patterns)
    bucket = d.bucket_rows
    coarse = Coarse.of(conn, table, lookup) if coarse_buckets else None
    floor, read, newest = rows(conn, probe, (lookup.patterns,), True)[0]
    hits: list[int] = list(newest or ())[:limit]
    if len(hits) >= limit or floor is None or read < PROBE_ROWS:
        return hits  # the page is full, or the probe read the whole table
    span = bucket
    cap = REST_CAP * rest_matches
    rest_share = 0.0  # at least this share of the ids below the walk match (a stopped scan's count)
    last_scan = True  # False: the planner expects too many matches in all for the last scan
    seen = 0  # the hits found before `read` was counted afresh (the walk skipped a range without matches)
    coarse_reads = True  # False once a coarse read found more matches than the share said
    skipped = False  # the last coarse step found no match in its whole range
    while floor > 0 and len(hits) < limit:
        need = limit - len(hits)
        share = max((len(hits) - seen + 1) / read, rest_share)
        if last_scan and not rest_share and share * floor <= rest_matches:
            if coarse and estimate and coarse.common(value, rest_matches):
                last_scan = False
                continue
            rest = [r[0] for r in rows(conn, rest_sql, (value, cap), True)]
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
                step = coarse.step(value, floor, span, need, found_any, skipped)
                if step.dense:  # more matches than the share said: on by buckets, the share raised
                    rest_share, coarse_reads = max(rest_share, step.dense), False
                    continue
                if step.fresh:  # skipped to the newest bucket holding a match: the share is counted from it
                    read, seen, span, rest_share = 0, len(hits), bucket, 0.0
                hits += step.hits
                read += step.counted
                floor = step.floor
                skipped = not step.hits and not step.fresh
                continue
        low = max(0, floor - min(span, STEP_BUCKETS * bucket)) // bucket * bucket
        if coarse and (span > STEP_BUCKETS * bucket or len(hits) == seen):
            # Not past the coarse edge below: from there the coarse buckets can be used.
            low = max(low, (floor - 1) // coarse.rows * coarse.rows)
        buckets = list(range(low // bucket, (floor - 1) // bucket + 1))
        hits += [r[0] for r in rows(conn, range_sql, (buckets, value, floor, need), True)]
        read += floor - low
        floor = low
    return hits


@frozen
class CoarseStep:
    hits: list[int]  # the newest matches below the old floor, at or above `floor`, newest first
    floor: int  # the walk's new floor
    counted: int  # the ids read that count for the share of matches
    fresh: bool  # the walk skipped a range without matches and read one bucket: count the share afresh
    dense: float = 0.0  # nothing read: at least this share of the range matches (more than the cap)


@frozen
class Coarse:
    """The walk's moves by coarse buckets of `rows` ids (PostgreSQL, migration 0018)."""

    conn: Any
    match_in: str  # Dialect.fts_match_in over the coarse buckets
    match_in_fine: str  # the same over the buckets
    estimate: str
    sample: str  # Dialect.fts_sample
    rows: int
    bucket: int
    lookup: Lookup  # its LIKE patterns: the sample, and the probes when `probed`

    @staticmethod
    def of(conn: Any, table: str, lookup: Lookup) -> Coarse | None:
        d = dialect_of(conn)
        if d.coarse_rows is None:
            return None
        rows, bucket, where = d.coarse_rows, d.bucket_rows, lookup.where
        coarse_sql, fine_sql = d.fts_match_in(table, where, rows), d.fts_match_in(table, where, bucket)
        estimate, sample = d.fts_estimate(table, where), d.fts_sample(table, lookup.column)
        return Coarse(conn, coarse_sql, fine_sql, estimate, sample, rows, bucket, lookup)

    def common(self, value: Any, cap: int) -> bool:
        """Whether more than `cap` matches are expected in the whole table. First the planner's estimate,
        from its sample of the column: a term found there is expected in 1 % of the rows or more, one not
        found in 10 rows. The planner's sample leaves out every value wider than 1 kB, most of the facts,
        so for a term with a probe (a date: "2025年3月", in 40,183 of 1,000,000 cases and estimated at
        100) a sample of the table's pages is read as well (`fts_sample`, `SAMPLE_PERCENT` of them: about
        450 rows, 4.5 ms, where the stopped last scan it spares took 25-50 ms)."""
        plan = rows(self.conn, self.estimate, (value,), True)[0][0]
        if float(plan[0]["Plan"]["Plan Rows"]) > cap:
            return True
        if not self.lookup.probed or probes(self.lookup.patterns) is None:
            return False
        sampled, matched, total = rows(self.conn, self.sample, (self.lookup.patterns,), True)[0]
        return bool(sampled) and matched * max(float(total), sampled) > cap * sampled

    def _matches(self, sql: str, buckets: list[int], value: Any, cap: int) -> list[int]:
        return [r[0] for r in rows(self.conn, sql, (buckets, value, cap), True)]

    def _newest_holding(self, sql: str, buckets: list[int], value: Any, first: int = 1) -> int | None:
        """The newest of `buckets` (newest first) that holds a match, or None. For a term with a probe
        (`probes`) the newest bucket holding the probe is found first and then checked for the term
        itself, the search going on below it when it does not hold the term (at most `PROBE_MISSES`
        times; then the term alone)."""
        probe = probes(self.lookup.patterns) if self.lookup.probed else None
        misses = 0
        while buckets:
            if probe is None or misses == PROBE_MISSES:
                return self._newest_of(sql, buckets, value, first)
            top = self._newest_of(sql, buckets, probe, first)
            if top is None:
                return None  # no row without the probe holds the term
            if self._matches(sql, [top], value, 1):
                return top
            misses += 1
            buckets = buckets[buckets.index(top) + 1 :]
        return None

    def _newest_of(self, sql: str, buckets: list[int], value: Any, first: int = 1) -> int | None:
        """The newest of `buckets` (newest first) holding a row that meets the lookup for `value`. Groups of 1,
        2, then `GROUP_MAX` buckets newest first, then halves of the first group holding one: a check
        reads the whole index entry of every bucket it names, which costs little where a trigram of the
        term is rare (no match) and more where the term is common, so no check names many buckets below
        the newest match. `first`: the size of the first group (`GROUP_MAX` after a range without a
        match, where the term is evidently rare: "2025年3月" took 22 coarse checks, each step's
        groups starting again at 1, 17 with the first group of 4 at 1,000,000 cases)."""
        size, start = first, 0
        while start < len(buckets):
            group = buckets[start : start + size]
            if self._matches(sql, group, value, 1):
                while len(group) > 1:
                    newer = group[: len(group) // 2]
                    group = newer if self._matches(sql, newer, value, 1) else group[len(newer) :]
                return group[0]
            start, size = start + size, min(2 * size, GROUP_MAX)
        return None

    def step(self, value: Any, floor: int, span: int, need: int, found_any: bool, skipped: bool = False) -> CoarseStep:
        """From a `floor` on the coarse buckets' edge, up to `STEP_BUCKETS` coarse buckets down (as far
        as `span` ids reach). With matches seen (`found_any`) the share they give is trusted: every
        match of the range is read, `REST_CAP` times the matches expected at most; more means the share
        was wrong (`dense`: the walk goes on by buckets). Without: checks whether coarse buckets hold a
        match at all (one GIN scan per coarse bucket, the candidates checked up to the first match,
        `_newest_holding`); none, and the walk skips the range; some, and the same finds the newest
        bucket holding one inside the newest such coarse bucket, and the walk skips down to that
        bucket and reads it. `skipped`: the step before skipped its whole range (the checks start with
        groups of `GROUP_MAX`)."""
        low = max(0, floor - min(span, STEP_BUCKETS * self.rows)) // self.rows * self.rows
        coarse = list(range((floor - 1) // self.rows, low // self.rows - 1, -1))  # newest first
        if found_any:
            cap = REST_CAP * min(2 * need, STEP_CANDIDATES)
            found = self._matches(self.match_in, coarse, value, cap)
            if len(found) < cap:
                return CoarseStep(sorted(found, reverse=True)[:need], low, floor - low, False)
            return CoarseStep([], floor, 0, False, cap / (floor - low))
        top = self._newest_holding(self.match_in, coarse, value, GROUP_MAX if skipped else 1)
        if top is None:
            return CoarseStep([], low, floor - low, False)
        per = self.rows // self.bucket
        fine = self._newest_holding(self.match_in_fine, list(range((top + 1) * per - 1, top * per - 1, -1)), value)
        assert fine is not None, "a coarse bucket holding a match has a bucket holding it"
        found = self._matches(self.match_in_fine, [fine], value, self.bucket)
        return CoarseStep(sorted(found, reverse=True)[:need], fine * self.bucket, self.bucket, True)


# A check whether a range holds a term reads the GIN entries of every trigram of the term; for a date
# of the facts ("2025年3月", stored doubled: 12 trigrams, half of them pairs of digits in every date)
# over eight coarse buckets that was 19 ms with no candidate at all, and 5 ms for the two trigrams of
# "5年年3" alone (1,000,000 cases, `EXPLAIN (ANALYZE, BUFFERS)`: 1,182 against 223 buffers). So such a
# check first asks for the probe: `PROBE_CHARS` stored characters of the term, where its characters
# change kind (digit, ASCII letter, other) most often, the likeliest to be rare. A range without the
# probe cannot hold the term (exactly); the newest bucket holding the probe is then checked for the term.
PROBE_CHARS = 4  # two trigrams
# Groups of at most 4 buckets: the check of the group holding the newest matches of "2025年3月" read
# every candidate of its 8 coarse buckets before it could answer (10 ms of a 60 ms query); with 4 the
# query took 50-56 ms instead of 62-67 (three runs each, quiet), the empty ranges costing a few checks more.
GROUP_MAX = 4
PROBE_MISSES = 2  # buckets holding the probe but not the term, before the walk checks for the term alone


def _kind(c: str) -> int:
    return 0 if c.isdigit() else 1 if c.isascii() else 2


def _changes(window: str) -> int:
    return sum(_kind(a) != _kind(b) for a, b in itertools.pairwise(window))


def probes(patterns: list[str]) -> list[str] | None:
    """LIKE patterns of a shorter substring of each of `patterns` (LIKE patterns of a stored term), or None
    when a pattern has none worth asking first: not longer than the probe, with a LIKE escape, or
    without a change of kind (a window of word characters only: pg_trgm makes trigrams within words)."""
    out = []
    for pattern in patterns:
        inner = pattern[1:-1]
        if len(inner) <= PROBE_CHARS or "\\" in inner:
            return None
        windows = [inner[i : i + PROBE_CHARS] for i in range(len(inner) - PROBE_CHARS + 1)]
        best = max((w for w in windows if w.isalnum()), key=_changes, default="")
        if not best or not _changes(best):
            return None
        out.append(f"%{best}%")
    return out
