"""PostgreSQL's search walks each tier newest first in id ranges (`storage.search_walk.walk`, migration
0016): it must return exactly the newest matches whatever share of the cases holds the term, by buckets
and coarse buckets (0018), with the probe and the sample of pages or without; its range step must be
one the GIN index answers with the bucket condition. The migrations of the search index:
tests/integration/test_search_migrations.py.

PostgreSQL only: SQLite's FTS5 walks its own doclists and has no buckets.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from mediator_app.storage import dialect, search_walk
from mediator_app.storage.dialect import POSTGRES, SQLITE
from mediator_app.storage.search_forms import BUCKET_ROWS, COARSE_ROWS, bucket_index, like_pattern
from tests import engines
from tests.pgcluster import Cluster

ROWS = 6 * BUCKET_ROWS + 300  # several buckets, the last one partly filled
BODY = POSTGRES.fts_like("body", []).where  # the test tables' condition: body LIKE one of the patterns


@pytest.fixture
def server(pg_cluster: Cluster | None) -> Cluster:
    return engines.require(pg_cluster)


@pytest.fixture
def walk_table(server: Cluster, tmp_path: Path) -> Iterator[psycopg.Connection[Any]]:
    """A table laid out as a search tier (id, text, the bucketed GIN index) with planted words: AAA in
    every row, BBB in every 5th, CCC in every 97th, DDD in three rows, EEE only in the oldest 2,000
    (rare among the newest, common below), FFF nowhere."""
    body = (
        "'AAA'"
        " || CASE WHEN i %% 5 = 0 THEN ' BBB' ELSE '' END"
        " || CASE WHEN i %% 97 = 0 THEN ' CCC' ELSE '' END"
        " || CASE WHEN i IN (17, 3000, %s) THEN ' DDD' ELSE '' END"
        " || CASE WHEN i <= 2000 THEN ' EEE' ELSE '' END"
        " || ' row' || i"
    )
    yield from _tier_table(server, tmp_path, "walk_t", body, (ROWS - 1, ROWS))


def _tier_table(
    server: Cluster, folder: Path, table: str, body: str, params: tuple[int, int]
) -> Iterator[psycopg.Connection[Any]]:
    """A table laid out as a search tier (id, text, the tier's GIN index), rows 1..params[-1] with the
    text `body` (an SQL expression of the row number i), analysed as after a load."""
    with engines.new_location("postgresql", server, folder / "unused") as url:
        assert isinstance(url, str)
        with engines.connect(url) as conn:
            conn.execute(f"CREATE TABLE {table} (case_id integer PRIMARY KEY, body text NOT NULL)")  # type: ignore[arg-type]
            conn.execute(f"INSERT INTO {table} SELECT i, {body} FROM generate_series(1, %s) AS i", params)  # type: ignore[arg-type]
            conn.execute(bucket_index(table, "body gin_trgm_ops", f"{table}_trgm"))  # type: ignore[arg-type]
            conn.execute(f"ANALYZE {table}")  # type: ignore[arg-type]
            conn.commit()
            yield conn


def brute_force(conn: psycopg.Connection[Any], word: str, limit: int, table: str = "walk_t") -> list[int]:
    sql = f"SELECT case_id FROM {table} WHERE body LIKE %s ORDER BY case_id DESC LIMIT %s"
    return [r[0] for r in conn.execute(sql, (like_pattern(word), limit))]  # type: ignore[arg-type]


@pytest.mark.parametrize("word", ["AAA", "BBB", "CCC", "DDD", "EEE", "FFF"])
@pytest.mark.parametrize("limit", [1, 51, 400, 5000])
@pytest.mark.parametrize("rest_matches", sorted({search_walk.REST_MATCHES, *search_walk.REST_MATCHES_OF.values()}))
def test_the_walk_returns_exactly_the_newest_matches_at_every_share(
    walk_table: psycopg.Connection[Any], word: str, limit: int, rest_matches: int
) -> None:
    """Every tier's threshold for the last scan; EEE (2,000 old rows, none among the newest) is judged
    rare and its last scan stops at the cap with the default threshold, the walk then going on in steps."""
    got = search_walk.walk(walk_table, "walk_t", POSTGRES.fts_like("body", [like_pattern(word)]), limit, rest_matches)
    assert got == brute_force(walk_table, word, limit)


def test_the_last_scan_stops_at_its_cap(walk_table: psycopg.Connection[Any]) -> None:
    """A term judged rare but common below (EEE) is not read whole: the scan returns the cap, newest
    first, and fewer rows than the cap are all the matches (DDD)."""
    statement = POSTGRES.fts_match_below("walk_t", BODY)
    capped = [r[0] for r in walk_table.execute(statement, ([like_pattern("EEE")], 400))]  # type: ignore[arg-type]
    assert len(capped) == 400 and capped == sorted(capped, reverse=True) and max(capped) <= 2000
    whole = [r[0] for r in walk_table.execute(statement, ([like_pattern("DDD")], 400))]  # type: ignore[arg-type]
    assert whole == brute_force(walk_table, "DDD", 400)


def test_the_walk_takes_any_of_several_patterns(walk_table: psycopg.Connection[Any]) -> None:
    patterns = [like_pattern("DDD"), like_pattern("CCC")]
    want = [
        r[0]
        for r in walk_table.execute(
            "SELECT case_id FROM walk_t WHERE body LIKE ANY(%s) ORDER BY case_id DESC", (patterns,)
        )
    ]
    assert search_walk.walk(walk_table, "walk_t", POSTGRES.fts_like("body", patterns), 10_000) == want


def test_the_range_step_is_answered_by_the_index_with_its_bucket_condition(walk_table: psycopg.Connection[Any]) -> None:
    """The buckets are passed as integers the index's operator class compares (an int2[] parameter,
    psycopg's choice for small numbers, left the bucket condition out of the index scan)."""
    statement = POSTGRES.fts_match_range("walk_t", BODY)
    walk_table.execute("SET enable_seqscan = off")
    plan = walk_table.execute(
        "EXPLAIN (FORMAT JSON) " + statement,  # type: ignore[operator]
        ([4, 5], [like_pattern("BBB")], ROWS, 10),
    ).fetchone()
    assert plan is not None
    text = json.dumps(plan[0])
    assert '"Index Name": "walk_t_trgm"' in text
    assert f"(case_id / {BUCKET_ROWS}) = ANY" in text.split('"Index Cond": ')[1]


def test_sqlite_has_no_walk() -> None:
    assert SQLITE.bucket_rows is None and SQLITE.coarse_rows is None
    assert not hasattr(SQLITE, "fts_probe") and not hasattr(SQLITE, "fts_match_in")


WIDE_ROWS = 5 * COARSE_ROWS + 777  # several coarse buckets, the last one partly filled


@pytest.fixture(scope="module")
def wide_table(
    pg_cluster: Cluster | None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[psycopg.Connection[Any]]:
    """A tier laid out over several coarse buckets: OLD in every 3rd of the oldest 20,000 rows (common
    below, absent from the newest 60,000: a past year in the facts), RAMP in a share growing with the
    distance below row 50,000, SPARSE in every 701st row (a few in each coarse bucket: a 5-digit
    fragment of an ID number), RARE in three rows, NONE nowhere."""
    body = (
        "'row' || i"
        " || CASE WHEN i <= 20000 AND i %% 3 = 0 THEN ' OLD' ELSE '' END"
        " || CASE WHEN i < 50000 AND (i * 7919) %% 50000 < 50000 - i THEN ' RAMP' ELSE '' END"
        " || CASE WHEN i %% 701 = 0 THEN ' SPARSE' ELSE '' END"
        " || CASE WHEN i IN (5, 40000, %s) THEN ' RARE' ELSE '' END"
        # A date of the facts: its probe is B12C; its rows are wider than 1 kB, as most facts are, so that
        # the planner's sample leaves them out.
        " || CASE WHEN i <= 30000 AND i %% 5 = 0 THEN ' AB12CD ' || repeat('w', 1100) ELSE '' END"
        " || CASE WHEN i BETWEEN 60000 AND 61000 AND i %% 97 = 0 THEN ' XB12CX' ELSE '' END"  # the probe alone
    )
    folder = tmp_path_factory.mktemp("wide")
    yield from _tier_table(engines.require(pg_cluster), folder, "wide_t", body, (WIDE_ROWS - 2, WIDE_ROWS))


def _wide_truth(conn: psycopg.Connection[Any], word: str, limit: int) -> list[int]:
    return brute_force(conn, word, limit, "wide_t")


def _statements(
    conn: psycopg.Connection[Any], word: str, limit: int, rest: int, estimate: bool = True, coarse: bool = True
) -> tuple[list[int], list[str]]:
    """The walk's answer and the statements it issued."""
    issued: list[str] = []
    plain = search_walk.rows

    def spy(c: Any, sql: str, params: Any = (), planned_each_time: bool = False) -> list[Any]:
        issued.append(sql)
        return plain(c, sql, params, planned_each_time)

    search_walk.rows = spy  # type: ignore[assignment]
    try:
        got = search_walk.walk(
            conn, "wide_t", POSTGRES.fts_like("body", [like_pattern(word)]), limit, rest, estimate, coarse
        )
    finally:
        search_walk.rows = plain  # type: ignore[assignment]
    return got, issued


@pytest.mark.parametrize("word", ["OLD", "RAMP", "SPARSE", "RARE", "NONE", "AB12CD"])
@pytest.mark.parametrize("limit", [1, 51, 400])
@pytest.mark.parametrize("rest_matches", sorted({search_walk.REST_MATCHES, *search_walk.REST_MATCHES_OF.values()}))
@pytest.mark.parametrize("estimate", [True, False])
def test_the_walk_by_coarse_buckets_returns_exactly_the_newest_matches(
    wide_table: psycopg.Connection[Any], word: str, limit: int, rest_matches: int, estimate: bool
) -> None:
    got, _ = _statements(wide_table, word, limit, rest_matches, estimate)
    assert got == _wide_truth(wide_table, word, limit)


def test_a_term_common_only_below_is_found_by_coarse_buckets_without_the_last_scan(
    wide_table: psycopg.Connection[Any],
) -> None:
    """OLD is absent from the newest 60,000 rows: the planner's estimate spares the last scan (which would
    stop at its cap), and the coarse buckets cross the empty range in a few statements, where the fine
    steps of 16 buckets took one each 16,384 rows."""
    got, issued = _statements(wide_table, "OLD", 51, search_walk.REST_MATCHES_OF["texts"])
    assert got == _wide_truth(wide_table, "OLD", 51)
    assert not any("LIMIT %s) SELECT case_id FROM m ORDER BY" in sql for sql in issued)  # no last scan
    assert any(sql.startswith("EXPLAIN") for sql in issued)
    assert sum(f"/ {COARSE_ROWS})" in sql for sql in issued) >= 1
    fine_steps = sum("case_id < %s" in sql for sql in issued)
    assert fine_steps <= 3, issued


def test_without_coarse_buckets_the_walk_took_a_step_per_16_buckets(wide_table: psycopg.Connection[Any]) -> None:
    """The peer of the test above (the walk before migration 0018): the same hits, more statements."""
    own = search_walk.Coarse.of
    search_walk.Coarse.of = staticmethod(lambda *_: None)  # type: ignore[method-assign,assignment]
    try:
        got, issued = _statements(wide_table, "OLD", 51, search_walk.REST_MATCHES_OF["texts"])
    finally:
        search_walk.Coarse.of = own  # type: ignore[method-assign]
    assert got == _wide_truth(wide_table, "OLD", 51)
    assert sum("case_id < %s" in sql for sql in issued) >= 4


@pytest.mark.parametrize("word", ["OLD", "SPARSE", "RARE"])
def test_a_tier_without_coarse_buckets_walks_by_buckets_alone(wide_table: psycopg.Connection[Any], word: str) -> None:
    """The names, addresses and case numbers (outside `COARSE_TIERS`): the same hits, no coarse statement."""
    got, issued = _statements(wide_table, word, 51, search_walk.REST_MATCHES, estimate=False, coarse=False)
    assert got == _wide_truth(wide_table, word, 51)
    assert not any(f"/ {COARSE_ROWS})" in sql for sql in issued)


def test_without_the_estimate_a_stopped_last_scan_raises_the_share_as_before(
    wide_table: psycopg.Connection[Any],
) -> None:
    """Without the estimate (the tiers other than the facts) OLD's last scan stops at its cap and the
    walk goes on by buckets, the share raised to what the scan found: in the case numbers a coarse
    bucket's scan costs what its buckets' scans cost ("2025": every trigram a pair of digits)."""
    got, issued = _statements(wide_table, "OLD", 51, search_walk.REST_MATCHES_OF["texts"], estimate=False)
    assert got == _wide_truth(wide_table, "OLD", 51)
    assert not any(sql.startswith("EXPLAIN") for sql in issued)
    assert sum("LIMIT %s) SELECT case_id FROM m ORDER BY" in sql for sql in issued) == 1  # the stopped last scan
    assert not any(f"/ {COARSE_ROWS})" in sql for sql in issued)


def test_a_rare_term_ends_with_the_last_scan_after_the_estimate(wide_table: psycopg.Connection[Any]) -> None:
    got, issued = _statements(wide_table, "RARE", 51, search_walk.REST_MATCHES_OF["texts"])
    assert got == _wide_truth(wide_table, "RARE", 51) and len(got) == 3
    assert any(sql.startswith("EXPLAIN") for sql in issued)
    assert sum("LIMIT %s) SELECT case_id FROM m ORDER BY" in sql for sql in issued) == 1


def test_the_coarse_buckets_are_answered_by_the_index(wide_table: psycopg.Connection[Any]) -> None:
    """The coarse statement's CTE is planned for all its rows (the GIN index with the coarse bucket
    condition), its cap read outside it."""
    statement = POSTGRES.fts_match_in("wide_t", BODY, COARSE_ROWS)
    plan = wide_table.execute(
        "EXPLAIN (FORMAT JSON) " + statement,  # type: ignore[operator]
        ([3, 4], [like_pattern("OLD")], 1),
    ).fetchone()
    assert plan is not None
    text = json.dumps(plan[0])
    assert '"Index Name": "wide_t_trgm"' in text
    assert f"(case_id / {COARSE_ROWS}) = ANY" in text.split('"Index Cond": ')[1]
    rows = wide_table.execute(statement, ([0], [like_pattern("OLD")], 5)).fetchall()  # type: ignore[arg-type]
    assert len(rows) == 5


def test_a_range_without_the_probe_is_skipped_on_the_probe_alone(wide_table: psycopg.Connection[Any]) -> None:
    """AB12CD (the oldest 30,000 rows) has the probe B12C (`search_walk.probes`: where its characters
    change kind); a decoy (XB12CX in a few rows of one bucket, far above) makes a probe check positive
    where the term is absent, and the walk goes on below it. The walk finds exactly the newest
    matches, and the checks of the term itself are fewer than the checks of the probe."""
    assert search_walk.probes([like_pattern("AB12CD")]) == ["%B12C%"]
    asked: list[Any] = []
    plain = search_walk.rows

    def spy(c: Any, sql: str, params: Any = (), planned_each_time: bool = False) -> list[Any]:
        if "integer[]" in sql and "case_id <" not in sql:
            asked.append(params[1])
        return plain(c, sql, params, planned_each_time)

    search_walk.rows = spy  # type: ignore[assignment]
    try:
        got = search_walk.walk(wide_table, "wide_t", POSTGRES.fts_like("body", [like_pattern("AB12CD")]), 51, 300, True)
    finally:
        search_walk.rows = plain  # type: ignore[assignment]
    assert got == _wide_truth(wide_table, "AB12CD", 51)
    probe_checks = asked.count(["%B12C%"])
    assert probe_checks >= 3 and asked.count([like_pattern("AB12CD")]) < probe_checks


@pytest.mark.parametrize(
    ("pattern", "probe"),
    [
        ("%22002255年年33月月%", "%5年年3%"),  # 2025年3月 in the facts: year, then month
        ("%22002255年年%", "%255年%"),
        ("%33月月%", None),  # no longer than the probe
        ("%22002255%", None),  # digits only: no change of kind
        ("%纠纠纷纷调调解解%", None),
        ("%XX1122\\_\\_YY%", None),  # a LIKE escape
        ("%1\x1f\x1f22\x1f\x1f3%", None),  # PAD between values: no window of word characters
    ],
)
def test_the_probe_is_where_a_term_changes_kind(pattern: str, probe: str | None) -> None:
    assert search_walk.probes([pattern]) == (None if probe is None else [probe])
    assert search_walk.probes([pattern, "%AB12CD%"]) == (None if probe is None else [probe, "%B12C%"])


def test_a_date_the_planner_misses_is_found_common_by_a_sample_of_pages(
    wide_table: psycopg.Connection[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The planner's sample leaves out the wide values (most of the facts), so a date of the facts
    was estimated rare and its last scan stopped at the cap; a term with a probe then reads a sample of
    the table's pages (`fts_sample`; here half of them, the table being small) and, common there, is
    walked by coarse buckets without the last scan. A term without a probe asks no sample."""
    monkeypatch.setattr(dialect, "SAMPLE_PERCENT", 50)
    got, issued = _statements(wide_table, "AB12CD", 51, search_walk.REST_MATCHES_OF["texts"])
    assert got == _wide_truth(wide_table, "AB12CD", 51)
    assert sum("TABLESAMPLE" in sql for sql in issued) == 1
    assert not any("LIMIT %s) SELECT case_id FROM m ORDER BY" in sql for sql in issued)  # no last scan
    _, issued = _statements(wide_table, "RARE", 51, search_walk.REST_MATCHES_OF["texts"])
    assert not any("TABLESAMPLE" in sql for sql in issued)


def test_after_a_range_without_a_match_the_checks_start_with_larger_groups(
    wide_table: psycopg.Connection[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """OLD is absent from the newest coarse buckets: once a coarse step has skipped its whole range, the
    next step's first check names `GROUP_MAX` coarse buckets (here the step's two) instead of one. Coarse
    steps of two buckets, so that the five of the table take several."""
    monkeypatch.setattr(search_walk, "STEP_BUCKETS", 2)
    checks: list[tuple[list[int], int]] = []
    plain = search_walk.rows

    def spy(c: Any, sql: str, params: Any = (), planned_each_time: bool = False) -> list[Any]:
        out = plain(c, sql, params, planned_each_time)
        if f"/ {COARSE_ROWS})" in sql:
            checks.append((list(params[0]), len(out)))
        return out

    monkeypatch.setattr(search_walk, "rows", spy)
    got = search_walk.walk(wide_table, "wide_t", POSTGRES.fts_like("body", [like_pattern("OLD")]), 51, 300, True)
    monkeypatch.setattr(search_walk, "rows", plain)
    assert got == _wide_truth(wide_table, "OLD", 51)
    assert checks[:3] == [([4], 0), ([3], 0), ([2, 1], 1)], checks
