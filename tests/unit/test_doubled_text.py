"""PostgreSQL's search tables hold each text with every character doubled (`storage.search_forms.doubled`,
migration 0015) so that pg_trgm can index a 2-character term; LIKE on the doubled text must find
exactly what LIKE on the text finds."""

from __future__ import annotations

import random

from mediator_app.storage.dialect import POSTGRES, SQLITE
from mediator_app.storage.search_forms import doubled, like_pattern


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
    assert POSTGRES.fts_phrases("names", ["调_"]) == ([like_pattern("调调__")],)
    assert POSTGRES.fts_stored("names", "王五") == "王王五五"
    assert SQLITE.fts_phrases("names", ["调解"]) == ('"调解"',)
    assert SQLITE.fts_stored("names", "王五") == "王五"


def test_with_some_characters_single_a_stored_term_occurs_exactly_when_the_term_occurs() -> None:
    rng = random.Random(7)
    alphabet = "调解王1100XX\x1f_%"  # runs of single and of doubled characters side by side
    single = frozenset("01X")
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 12)))
        term = "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 4)))
        assert (doubled(term, single) in doubled(text, single)) == (term in text), (term, text)


def test_the_ids_tier_keeps_digits_and_letters_single_on_postgresql() -> None:
    # Doubled digits make only trigrams of two digit pairs, found in nearly every row (migration 0017);
    # everything else stays doubled, so that a 2-character Chinese term keeps its trigrams.
    assert (
        POSTGRES.fts_stored("ids", "\x1f\x1f13800001234\x1f\x1f9144X")
        == "\x1f" * 4 + "13800001234" + "\x1f" * 4 + "9144X"
    )
    assert POSTGRES.fts_stored("ids", "护照E12") == "护护照照E12"
    assert POSTGRES.fts_phrases("ids", ["1234", "5_%", "调解"]) == (["%1234%", "%5\\_\\_\\%\\%%", "%调调解解%"],)
    assert POSTGRES.fts_stored("number", "（2026）调字第12号") == "（（22002266））调调字字第第1122号号"
    assert POSTGRES.fts_stored("addresses", "12号") == "1122号号"  # every other tier stays doubled
