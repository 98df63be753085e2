"""PostgreSQL's search walks each tier newest first in id ranges (`storage.search_query.walk`, migration
0016): it must return exactly the newest matches whatever share of the cases holds the term, its range
step must be one the GIN index answers with the bucket condition, and a centre's database at 0015 must
upgrade to the bucketed index (and back) with its search intact, one at 0016 to single digits in the ids tier
(migration 0017) with the same hits, ranks, highlights and masks.

PostgreSQL only: SQLite's FTS5 walks its own doclists and has no buckets.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from alembic import command
from sqlalchemy import create_engine

from mediator_app.domain.search_text import TIERS
from mediator_app.services import cases as svc
from mediator_app.services import demo, search
from mediator_app.storage import search_query
from mediator_app.storage.dialect import (
    ALPHANUMERIC,
    BUCKET_ROWS,
    COARSE_ROWS,
    POSTGRES,
    SQLITE,
    doubled,
    like_pattern,
    trigram_index,
)
from mediator_app.storage.migrate import alembic_config
from tests import engines
from tests.factories import make_case
from tests.pgcluster import Cluster

ROWS = 6 * BUCKET_ROWS + 300  # several buckets, the last one partly filled


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
        with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
            conn.execute(f"CREATE TABLE {table} (case_id integer PRIMARY KEY, body text NOT NULL)")  # type: ignore[arg-type]
            conn.execute(f"INSERT INTO {table} SELECT i, {body} FROM generate_series(1, %s) AS i", params)  # type: ignore[arg-type]
            conn.execute(trigram_index(table, "body", f"{table}_trgm"))  # type: ignore[arg-type]
            conn.execute(f"ANALYZE {table}")  # type: ignore[arg-type]
            conn.commit()
            yield conn


def brute_force(conn: psycopg.Connection[Any], word: str, limit: int, table: str = "walk_t") -> list[int]:
    sql = f"SELECT case_id FROM {table} WHERE body LIKE %s ORDER BY case_id DESC LIMIT %s"
    return [r[0] for r in conn.execute(sql, (like_pattern(word), limit))]  # type: ignore[arg-type]


@pytest.mark.parametrize("word", ["AAA", "BBB", "CCC", "DDD", "EEE", "FFF"])
@pytest.mark.parametrize("limit", [1, 51, 400, 5000])
@pytest.mark.parametrize("rest_matches", sorted({search_query.REST_MATCHES, *search_query.REST_MATCHES_OF.values()}))
def test_the_walk_returns_exactly_the_newest_matches_at_every_share(
    walk_table: psycopg.Connection[Any], word: str, limit: int, rest_matches: int
) -> None:
    """Every tier's threshold for the last scan; EEE (2,000 old rows, none among the newest) is judged
    rare and its last scan stops at the cap with the default threshold, the walk then going on in steps."""
    got = search_query.walk(walk_table, "walk_t", "body", [like_pattern(word)], limit, rest_matches)
    assert got == brute_force(walk_table, word, limit)


def test_the_last_scan_stops_at_its_cap(walk_table: psycopg.Connection[Any]) -> None:
    """A term judged rare but common below (EEE) is not read whole: the scan returns the cap, newest
    first, and fewer rows than the cap are all the matches (DDD)."""
    statement = POSTGRES.fts_match_below("walk_t", "body")
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
    assert search_query.walk(walk_table, "walk_t", "body", patterns, 10_000) == want


def test_the_range_step_is_answered_by_the_index_with_its_bucket_condition(walk_table: psycopg.Connection[Any]) -> None:
    """The buckets are passed as integers the index's operator class compares (an int2[] parameter,
    psycopg's choice for small numbers, left the bucket condition out of the index scan)."""
    statement = POSTGRES.fts_match_range("walk_t", "body")
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
    plain = search_query._rows

    def spy(c: Any, sql: str, params: Any = (), planned_each_time: bool = False) -> list[Any]:
        issued.append(sql)
        return plain(c, sql, params, planned_each_time)

    search_query._rows = spy  # type: ignore[assignment]
    try:
        got = search_query.walk(conn, "wide_t", "body", [like_pattern(word)], limit, rest, estimate, coarse)
    finally:
        search_query._rows = plain  # type: ignore[assignment]
    return got, issued


@pytest.mark.parametrize("word", ["OLD", "RAMP", "SPARSE", "RARE", "NONE"])
@pytest.mark.parametrize("limit", [1, 51, 400])
@pytest.mark.parametrize("rest_matches", sorted({search_query.REST_MATCHES, *search_query.REST_MATCHES_OF.values()}))
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
    got, issued = _statements(wide_table, "OLD", 51, search_query.REST_MATCHES_OF["texts"])
    assert got == _wide_truth(wide_table, "OLD", 51)
    assert not any("LIMIT %s) SELECT case_id FROM m ORDER BY" in sql for sql in issued)  # no last scan
    assert any(sql.startswith("EXPLAIN") for sql in issued)
    assert sum(f"/ {COARSE_ROWS})" in sql for sql in issued) >= 1
    fine_steps = sum("case_id < %s" in sql for sql in issued)
    assert fine_steps <= 3, issued


def test_without_coarse_buckets_the_walk_took_a_step_per_16_buckets(wide_table: psycopg.Connection[Any]) -> None:
    """The peer of the test above (the walk before migration 0018): the same hits, more statements."""
    own = search_query.Coarse.of
    search_query.Coarse.of = staticmethod(lambda *_: None)  # type: ignore[method-assign,assignment]
    try:
        got, issued = _statements(wide_table, "OLD", 51, search_query.REST_MATCHES_OF["texts"])
    finally:
        search_query.Coarse.of = own  # type: ignore[method-assign]
    assert got == _wide_truth(wide_table, "OLD", 51)
    assert sum("case_id < %s" in sql for sql in issued) >= 4


@pytest.mark.parametrize("word", ["OLD", "SPARSE", "RARE"])
def test_a_tier_without_coarse_buckets_walks_by_buckets_alone(wide_table: psycopg.Connection[Any], word: str) -> None:
    """The names, addresses and case numbers (outside `COARSE_TIERS`): the same hits, no coarse statement."""
    got, issued = _statements(wide_table, word, 51, search_query.REST_MATCHES, estimate=False, coarse=False)
    assert got == _wide_truth(wide_table, word, 51)
    assert not any(f"/ {COARSE_ROWS})" in sql for sql in issued)


def test_without_the_estimate_a_stopped_last_scan_raises_the_share_as_before(
    wide_table: psycopg.Connection[Any],
) -> None:
    """Without the estimate (the tiers other than the facts) OLD's last scan stops at its cap and the
    walk goes on by buckets, the share raised to what the scan found: in the case numbers a coarse
    bucket's scan costs what its buckets' scans cost ("2025": every trigram a pair of digits)."""
    got, issued = _statements(wide_table, "OLD", 51, search_query.REST_MATCHES_OF["texts"], estimate=False)
    assert got == _wide_truth(wide_table, "OLD", 51)
    assert not any(sql.startswith("EXPLAIN") for sql in issued)
    assert sum("LIMIT %s) SELECT case_id FROM m ORDER BY" in sql for sql in issued) == 1  # the stopped last scan
    assert not any(f"/ {COARSE_ROWS})" in sql for sql in issued)


def test_a_rare_term_ends_with_the_last_scan_after_the_estimate(wide_table: psycopg.Connection[Any]) -> None:
    got, issued = _statements(wide_table, "RARE", 51, search_query.REST_MATCHES_OF["texts"])
    assert got == _wide_truth(wide_table, "RARE", 51) and len(got) == 3
    assert any(sql.startswith("EXPLAIN") for sql in issued)
    assert sum("LIMIT %s) SELECT case_id FROM m ORDER BY" in sql for sql in issued) == 1


def test_the_coarse_buckets_are_answered_by_the_index(wide_table: psycopg.Connection[Any]) -> None:
    """The coarse statement's CTE is planned for all its rows (the GIN index with the coarse bucket
    condition), its cap read outside it."""
    statement = POSTGRES.fts_match_in("wide_t", "body", COARSE_ROWS)
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


def _indexes(url: str, tiers_own: bool = True) -> dict[str, str]:
    """The search tables' trigram indexes: the tiers' own (one per tier), or all of them."""
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        rows = conn.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE 'search_fts_%%_trgm'")
        own = {f"search_fts_{tier}_trgm" for tier in TIERS}
        return {name: definition for name, definition in rows if name in own or not tiers_own}


def _downgrade(url: str, revision: str) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, revision)
    finally:
        engine.dispose()


def test_a_centre_database_at_0015_upgrades_to_the_bucketed_index_and_back(server: Cluster, tmp_path: Path) -> None:
    """A database with cases, taken back to 0015 (the tiers' index on the text alone), is opened by the
    program: migration 0016 makes the index over (bucket, text) and the search finds what it found."""
    with engines.new_location("postgresql", server, tmp_path / "unused") as url:
        assert isinstance(url, str)
        db = svc.open_database(url)
        try:
            demo.fill_demo(db, 60, seed=3)
            before = {q: [h.number for h in search.search(db, q, 1000).hits] for q in ("调解", "纠纷", "双方", "2026")}
        finally:
            db.close()
        assert all(before.values())
        _downgrade(url, "0015")
        old = _indexes(url)
        assert len(old) == 5 and not any("case_id / " in d for d in old.values()), old
        db = svc.open_database(url)  # the program upgrades the database it opens
        try:
            after = {q: [h.number for h in search.search(db, q, 1000).hits] for q in before}
        finally:
            db.close()
        new = _indexes(url)
        assert set(new) == set(old)
        assert all(f"((case_id / {BUCKET_ROWS})), " in d and "gin_trgm_ops" in d for d in new.values()), new
        assert after == before


def _tier_rows(url: str) -> list[tuple[str, str, str]]:
    """Each case's rows of the ids tier: (tier, the table's text, the stored document's)."""
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        return [
            (tier, table_text, doc_text)
            for tier in ("ids",)
            for table_text, doc_text in conn.execute(
                f"SELECT f.{tier}, d.{tier} FROM search_fts_{tier} f JOIN search_doc d USING (case_id)"
            )
        ]


def test_a_centre_database_at_0016_upgrades_to_single_digits_in_the_ids_tier_and_back(
    server: Cluster, tmp_path: Path
) -> None:
    """Migration 0017 takes the ids tier's doubled digits and letters back to single ones (the other
    tiers stay doubled), as the program now stores them, and the search of digits finds the
    same cases with the same ranks, highlights and masks; its downgrade doubles them again."""
    with engines.new_location("postgresql", server, tmp_path / "unused") as url:
        assert isinstance(url, str)
        db = svc.open_database(url)
        try:
            demo.fill_demo(db, 60, seed=4)
            with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
                phones = [r[0] for r in conn.execute("SELECT phone FROM party WHERE length(phone) >= 11 ORDER BY id")]
            queries = (
                phones[0][-4:],
                phones[1][-5:],
                phones[2][3:7],
                "13",
                "00",
                "026",
                "调解",
                "调解 " + phones[3][-4:],
            )
            before = {q: search.search(db, q, 1000).hits for q in queries}
        finally:
            db.close()
        assert all(before[q] for q in queries[:6])
        stored = POSTGRES.fts_stored
        assert all(table == stored(tier, doc) != doubled(doc) for tier, table, doc in _tier_rows(url))
        _downgrade(url, "0016")
        old = _tier_rows(url)
        assert old and all(table == doubled(doc) for _, table, doc in old)
        db = svc.open_database(url)  # the program upgrades the database it opens
        try:
            after = {q: search.search(db, q, 1000).hits for q in queries}
        finally:
            db.close()
        assert all(table == stored(tier, doc) for tier, table, doc in _tier_rows(url))
        new = _indexes(url)
        assert all(f"((case_id / 1024)), {t} gin_trgm_ops" in new[f"search_fts_{t}_trgm"] for t in ("ids",))
        assert after == before


def test_a_centre_database_at_0017_upgrades_to_coarse_buckets_and_back(server: Cluster, tmp_path: Path) -> None:
    """Migration 0018 makes each tier's index over (coarse bucket, bucket, text), the index a rebuild
    makes (`fts_index_create`), and the search finds what it found; its downgrade makes 0016's again."""
    with engines.new_location("postgresql", server, tmp_path / "unused") as url:
        assert isinstance(url, str)
        db = svc.open_database(url)
        try:
            demo.fill_demo(db, 60, seed=5)
            queries = ("调解", "纠纷", "2026", "2025年", "3月", "13")
            before = {q: search.search(db, q, 1000).hits for q in queries}
        finally:
            db.close()
        assert all(before.values())
        coarse = f"((case_id / {COARSE_ROWS})), ((case_id / {BUCKET_ROWS})), "
        now = _indexes(url)
        assert len(now) == 5 and all(coarse in d for d in now.values()), now
        _downgrade(url, "0017")
        old = _indexes(url)
        assert set(old) == set(now) and not any(f"/ {COARSE_ROWS}" in d for d in old.values())
        assert all(f"((case_id / {BUCKET_ROWS})), " in d for d in old.values())
        db = svc.open_database(url)  # the program upgrades the database it opens
        try:
            after = {q: search.search(db, q, 1000).hits for q in queries}
        finally:
            db.close()
        assert _indexes(url) == now
        assert after == before


def _number_rows(url: str) -> list[tuple[str, str, str]]:
    """Each case's case-number row: (the doubled column, the single column, the stored document's text)."""
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        sql = "SELECT f.number, f.number_single, d.number FROM search_fts_number f JOIN search_doc d USING (case_id)"
        return [tuple(r) for r in conn.execute(sql)]


def test_a_centre_database_at_0018_upgrades_to_single_digits_beside_the_case_numbers_and_back(
    server: Cluster, tmp_path: Path
) -> None:
    """Migration 0019 adds the case numbers' digits-single column, generated by the server from the
    doubled one (every writer fills it), and its index; the search finds the same cases with the same
    ranks for digit fragments, whole sequence numbers, 2-digit terms and words; its downgrade drops both."""
    with engines.new_location("postgresql", server, tmp_path / "unused") as url:
        assert isinstance(url, str)
        db = svc.open_database(url)
        try:
            demo.fill_demo(db, 60, seed=6)
            svc.register_case(
                db, dataclasses.replace(make_case(), source_ref="GD20251107A0042")
            )  # a reference in the tier
            rows = _number_rows(url)
            seq = rows[0][2].split("第")[1].split("号")[0]
            queries = ("2026", "2025", seq, f"第{seq}号", "0042", "51107A", "13", "00", "调解", "（2026）")
            before = {q: search.search(db, q, 1000).hits for q in queries}
        finally:
            db.close()
        assert all(before[q] for q in queries[:6])
        assert rows and all(
            table == doubled(doc) and single == doubled(doc, ALPHANUMERIC) for table, single, doc in rows
        )
        everything = _indexes(url, tiers_own=False)
        assert "number_single gin_trgm_ops" in everything["search_fts_number_single_trgm"]
        _downgrade(url, "0018")
        assert set(_indexes(url, tiers_own=False)) == set(everything) - {"search_fts_number_single_trgm"}
        with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
            columns = [
                r[0]
                for r in conn.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = 'search_fts_number'"
                )
            ]
        assert sorted(columns) == ["case_id", "number"]
        db = svc.open_database(url)  # the program upgrades the database it opens
        try:
            after = {q: search.search(db, q, 1000).hits for q in queries}
            late = svc.register_case(db, dataclasses.replace(make_case(), source_ref="GD20261201B0077"))
            assert [h.number for h in search.search(db, "1201B", 10).hits] == [late.number]  # filled by the server
        finally:
            db.close()
        assert _indexes(url, tiers_own=False) == everything
        assert after == before


@pytest.mark.parametrize(
    ("phrases", "column"),
    [
        (["2025"], "number_single"),
        (["51107A"], "number_single"),
        (["13"], "number"),  # 2 digits: no trigram single
        (["3月"], "number_single"),  # 3月月
        (["调调"], "number_single"),
        (["2026", "13"], "number"),  # one phrase without a trigram decides
    ],
)
def test_the_case_numbers_column_is_chosen_by_the_trigrams_a_term_has(phrases: list[str], column: str) -> None:
    chosen, patterns = POSTGRES.fts_column("number", phrases)
    assert chosen == column
    stored = (lambda p: doubled(p, ALPHANUMERIC)) if column == "number_single" else doubled
    assert patterns == [like_pattern(stored(p)) for p in phrases]
    assert POSTGRES.fts_column("ids", ["13"]) == ("ids", [like_pattern("13")])  # other tiers: their own column
