"""A centre's database at each earlier revision of PostgreSQL's search index upgrades (and downgrades)
with its search intact: 0016 the index over id buckets, 0017 single digits in the ids tier, 0018 coarse
buckets, 0019 the case numbers' digits-single column, 0020 the digit windows' index, 0021 the whole
names' index, 0022 the facts' digits-single column; the same hits, ranks, highlights and masks.

PostgreSQL only: on SQLite these revisions do nothing.
"""

from __future__ import annotations

import dataclasses
import zlib
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import create_engine

from mediator_app.domain.search_text import TIERS
from mediator_app.services import cases as svc
from mediator_app.services import demo, search
from mediator_app.storage.dialect import POSTGRES
from mediator_app.storage.migrate import alembic_config
from mediator_app.storage.search_forms import ALPHANUMERIC, BUCKET_ROWS, COARSE_ROWS, doubled, like_pattern
from tests import engines
from tests.factories import make_case
from tests.pgcluster import Cluster


@pytest.fixture
def server(pg_cluster: Cluster | None) -> Cluster:
    return engines.require(pg_cluster)


def _index_defs(url: str, name_like: str) -> dict[str, str]:
    """The definitions of the indexes whose name is LIKE `name_like`, by name."""
    with engines.connect(url) as conn:
        return dict(conn.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE %s", (name_like,)))


def _indexes(url: str, tiers_own: bool = True) -> dict[str, str]:
    """The search tables' trigram indexes: the tiers' own (one per tier), or all of them."""
    own = {f"search_fts_{tier}_trgm" for tier in TIERS}
    return {name: d for name, d in _index_defs(url, "search_fts_%_trgm").items() if name in own or not tiers_own}


def _hits_upgraded(url: str, queries: tuple[str, ...]) -> dict[str, Any]:
    """What the search finds for each query once the program has opened (and so upgraded) the database."""
    db = svc.open_database(url)
    try:
        return {q: search.search(db, q, 1000).hits for q in queries}
    finally:
        db.close()


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
    with engines.connect(url) as conn:
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
            with engines.connect(url) as conn:
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
        after = _hits_upgraded(url, queries)
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
        after = _hits_upgraded(url, queries)
        assert _indexes(url) == now
        assert after == before


def _number_rows(url: str) -> list[tuple[str, str, str]]:
    """Each case's case-number row: (the doubled column, the single column, the stored document's text)."""
    with engines.connect(url) as conn:
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
        singles = {"search_fts_number_single_trgm", "search_fts_texts_single_trgm"}  # 0019's and 0022's
        assert set(_indexes(url, tiers_own=False)) == set(everything) - singles
        with engines.connect(url) as conn:
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


def test_a_centre_database_at_0019_upgrades_to_the_digit_windows_index_and_back(
    server: Cluster, tmp_path: Path
) -> None:
    """Migration 0020 adds the function of a text's 5-digit windows and an index over them per tier; the
    search finds the same cases with the same ranks for digit terms of every length and for words; its
    downgrade drops them, and the search then finds the same by the trigrams."""
    with engines.new_location("postgresql", server, tmp_path / "unused") as url:
        assert isinstance(url, str)
        db = svc.open_database(url)
        try:
            demo.fill_demo(db, 60, seed=9)
            with engines.connect(url) as conn:
                phone, id_number = conn.execute(
                    "SELECT phone, id_number FROM party WHERE length(phone) = 11 AND length(id_number) = 18 LIMIT 1"
                ).fetchone() or ("", "")
            queries = (phone[-5:], phone[2:8], phone, id_number[6:14], id_number[-7:], "2026", "13", "调解")
            before = {q: search.search(db, q, 1000).hits for q in queries}
        finally:
            db.close()
        assert all(before[q] for q in queries[:5])
        now = _index_defs(url, "search_fts_%_grams")
        assert sorted(now) == sorted(f"search_fts_{tier}_grams" for tier in TIERS)
        _downgrade(url, "0019")
        assert _index_defs(url, "search_fts_%_grams") == {}
        with engines.connect(url) as conn:
            assert conn.execute("SELECT count(*) FROM pg_proc WHERE proname = 'search_digit_grams'").fetchone() == (0,)
        after = _hits_upgraded(url, queries)
        assert _index_defs(url, "search_fts_%_grams") == now
        assert after == before


def test_a_centre_database_at_0020_upgrades_to_the_whole_names_index_and_back(server: Cluster, tmp_path: Path) -> None:
    """Migration 0021 adds the index of the names tier's whole names; the search puts the same whole
    names first, finds the same pieces of names, and its downgrade drops the index."""
    with engines.new_location("postgresql", server, tmp_path / "unused") as url:
        assert isinstance(url, str)
        db = svc.open_database(url)
        try:
            demo.fill_demo(db, 60, seed=10)
            with engines.connect(url) as conn:
                name = str(conn.execute("SELECT name FROM party WHERE length(name) = 3 LIMIT 1").fetchone()[0])  # type: ignore[index]
            queries = (name, name[:2], name[1:], name[0], "有限公司", "调解")
            before = {q: search.search(db, q, 1000).hits for q in queries}
        finally:
            db.close()
        assert all(before[q] for q in queries[:4])
        whole = "search_fts_names_whole"
        assert list(_index_defs(url, whole)) == [whole]
        _downgrade(url, "0020")
        assert list(_index_defs(url, whole)) == []
        assert _hits_upgraded(url, queries) == before


def _texts_rows(url: str) -> list[tuple[str, str, str]]:
    """Each case's facts row: (the doubled column, the single column, the stored document's text)."""
    with engines.connect(url) as conn:
        sql = "SELECT f.texts, f.texts_single, d.texts_z FROM search_fts_texts f JOIN search_doc d USING (case_id)"
        return [(table, single, zlib.decompress(z).decode("utf-8")) for table, single, z in conn.execute(sql)]


def test_a_centre_database_at_0021_upgrades_to_single_digits_beside_the_facts_and_back(
    server: Cluster, tmp_path: Path
) -> None:
    """Migration 0022 adds the facts' digits-single column, generated by the server (every writer fills
    it), and its index: a date's month is no longer a candidate inside a longer month (November's
    dates for "2019年1月"); the search finds the same cases with the same ranks for dates, amounts,
    2-digit terms and words; its downgrade drops the column and its index."""
    with engines.new_location("postgresql", server, tmp_path / "unused") as url:
        assert isinstance(url, str)
        db = svc.open_database(url)
        try:
            demo.fill_demo(db, 40, seed=11)
            for month in (1, 11, 11, 11, 12):
                facts = f"2019年{month}月3日起，双方因借款50000元发生纠纷。"
                svc.register_case(db, dataclasses.replace(make_case(), facts=facts))
            queries = ("2019年1月", "19年1月", "1月", "11月", "50000元", "25", "借款", "调解")
            before = {q: search.search(db, q, 1000).hits for q in queries}
        finally:
            db.close()
        assert all(before.values())
        assert len(before["2019年1月"]) == 1
        rows = _texts_rows(url)
        assert rows and all(
            table == doubled(doc) and single == doubled(doc, ALPHANUMERIC) for table, single, doc in rows
        )
        with engines.connect(url) as conn:
            conn.execute("SET enable_seqscan = off")
            refused = {}
            for column, pattern in (
                ("texts", doubled("2019年1月")),
                ("texts_single", doubled("2019年1月", ALPHANUMERIC)),
            ):
                plan = conn.execute(
                    f"EXPLAIN (ANALYZE, FORMAT JSON) SELECT case_id FROM search_fts_texts WHERE {column} LIKE %s",
                    (like_pattern(pattern),),
                ).fetchone()
                assert plan is not None
                refused[column] = plan[0][0]["Plan"].get("Rows Removed by Index Recheck", 0)
        assert refused == {"texts": 3, "texts_single": 0}  # November's three dates, checked and refused
        everything = _indexes(url, tiers_own=False)
        assert "texts_single gin_trgm_ops" in everything["search_fts_texts_single_trgm"]
        _downgrade(url, "0021")
        assert set(_indexes(url, tiers_own=False)) == set(everything) - {"search_fts_texts_single_trgm"}
        after = _hits_upgraded(url, queries)
        assert _indexes(url, tiers_own=False) == everything
        assert after == before


@pytest.mark.parametrize(
    ("phrases", "column"),
    [(["2025年1月"], "texts_single"), (["1月"], "texts_single"), (["借款"], "texts_single"), (["25"], "texts")],
)
def test_the_facts_column_is_chosen_by_the_trigrams_a_term_has(phrases: list[str], column: str) -> None:
    assert POSTGRES.fts_lookup("texts", phrases).column == column


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
    lookup = POSTGRES.fts_lookup("number", phrases)
    assert lookup.column == column
    stored = (lambda p: doubled(p, ALPHANUMERIC)) if column == "number_single" else doubled
    assert lookup.patterns == [like_pattern(stored(p)) for p in phrases]
    other = POSTGRES.fts_lookup("ids", ["13"])  # other tiers: their own column
    assert (other.column, other.patterns) == ("ids", [like_pattern("13")])
