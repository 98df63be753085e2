"""PostgreSQL's search tables hold each text with every character doubled (`storage.dialect.doubled`,
migration 0015) so that pg_trgm can index a 2-character term; LIKE on the doubled text must find
exactly what LIKE on the text finds."""

from __future__ import annotations

import random

from mediator_app.storage.dialect import POSTGRES, SQLITE, doubled, like_pattern


def test_doubling_is_per_code_point_including_supplementary_characters() -> None:
    assert doubled("调解") == "调调解解"
    assert doubled("𠀋a") == "𠀋𠀋aa"
    assert doubled("") == ""


def test_a_doubled_term_occurs_in_a_doubled_text_exactly_when_the_term_occurs_in_the_text() -> None:
    rng = random.Random(5)
    alphabet = "调解王王𠀋a\x1f_%"  # repeated characters make the odd-offset matches that must not mislead
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 12)))
        term = "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 4)))
        assert (doubled(term) in doubled(text)) == (term in text), (term, text)


def test_postgres_patterns_are_doubled_and_escaped_sqlite_phrases_are_not() -> None:
    assert POSTGRES.fts_phrases(["调_"]) == ([like_pattern("调调__")],)
    assert POSTGRES.fts_stored("王五") == "王王五五"
    assert SQLITE.fts_phrases(["调解"]) == ('"调解"',)
    assert SQLITE.fts_stored("王五") == "王五"
    assert SQLITE.fts_probe("t", "c") is None
