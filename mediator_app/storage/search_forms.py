"""How PostgreSQL's search tables store a tier's text and which keys index it (docs/search.md,
docs/centre.md "A county"): every character doubled (migration 0015) but the digits and letters of
some tiers and columns (0017, 0019, 0022); GIN indexes over the case's coarse bucket, its bucket and the
text's trigrams (0016, 0018), the 5-digit windows of its digit runs (0020) and the names tier's whole
names (0021); and `lookup`, which of them the search's walk uses for a term (`storage.search_walk`).
`storage.dialect.PostgresDialect` hands these to the rest of storage.

No SQLAlchemy import here: the lean command-line path imports `storage.dialect`.
"""

from __future__ import annotations

from typing import Any

from mediator_app.frozen import frozen

BUCKET_ROWS = 1024  # cases per bucket, ``case_id / 1024``, of the search tables' GIN index (migration 0016)
COARSE_ROWS = 16 * BUCKET_ROWS  # cases per coarse bucket, ``case_id / 16384``, the index's first column (0018)


def doubled(text: str, single: frozenset[str] = frozenset()) -> str:
    """`text` with every character doubled ("调解" → "调调解解"), as PostgreSQL's search tables hold it
    (migration 0015), but for the characters in `single`, kept as they are (`SINGLE_IN_TIER`). pg_trgm
    makes no trigram of a 2-character pattern, so ``LIKE '%调解%'`` read every row of every tier
    (measured: 0.1-2.4 s per tier at 100,000 cases); ``%调调解解%`` has two trigrams and the GIN index
    answers it. LIKE on the doubled text is exact: each character's stored form is one character or the
    character twice, never the start of another's, so a doubled pattern found at an odd offset means a
    run of one repeated character, which the text then contains (tests/unit/test_doubled_text.py)."""
    if not single:
        return "".join(map("".join, zip(text, text, strict=True)))
    return "".join(c if c in single else c + c for c in text)


# ASCII digits and letters are stored single in the ids tier on PostgreSQL (migration 0017): its values
# are ID numbers, credit codes and phone numbers. Doubled, digits give only the ~200 trigrams of two
# digit pairs ("110", "100", "007"), each in nearly every row, so the GIN index handed over every row of
# the tier for a digit query ("10700" over the whole tier: 727 ms at 1,000,000 cases, 51 ms single;
# docs/centre.md); single, they give ~1,000 trigrams and every term of 3 or more of them has some.
# Every other character stays doubled, so that a 2-character Chinese term still has trigrams there
# (found in no row at once; with nothing doubled it was checked on every row: p95 990 ms). A term of 2
# digits or letters has no trigram here and its walk steps read every row of their buckets (exact,
# slower; measured fine in this tier, where such terms are common, but 160-300 ms a step in the
# number tier, which therefore stays doubled: docs/centre.md); a 1-character term is looked for in
# the names tier only (`match_phrases`).
ALPHANUMERIC = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
SINGLE_IN_TIER = {"ids": ALPHANUMERIC}
# The case-number tier keeps both forms (migration 0019): its doubled column for a term of 2 digits or
# letters, which has no trigram single, and a generated column in the ids tier's form, with its own GIN
# index, for every other term. Doubled, a 5- or 6-digit fragment of an ID number or phone had nearly
# every case number as a candidate (10-20 ms a scan over them at 1,000,000 cases; 0.6 ms single).
# The facts tier likewise (migration 0022): doubled, "1月" of a date ("11月月") is found inside "11月"
# ("1111月月"), every trigram of "2025年1月" is in every date of November 2025, and each such date was a
# candidate checked and refused (418 ms for the newest 52 at 1,000,000 cases; single, 69 ms). A term
# of 2 digits or letters stays with the doubled column: single, it has no trigram ("25": 7 s).
SINGLE_COLUMN = {"number": "number_single", "texts": "texts_single"}
# A term of five or more ASCII digits is looked up by its 5-digit windows (migration 0020): each tier has
# a GIN index over `GRAMS_OF`'s expression, the windows of every run of five or more digits in its stored
# text as integers. Digits have only 1,000 trigrams, each in a large share of a tier holding digits:
# "802022" handed the ids tier's trigram index 24,104 candidates for 109 matches (109 ms at 1,000,000
# cases), its windows 110 (2.3 ms, `EXPLAIN (ANALYZE, BUFFERS)`). The column a tier's windows are
# taken from and the width of a stored digit there (1 single, 2 doubled).
GRAM_DIGITS = 5
GRAMS_OF = {"number": ("number_single", 1), "ids": ("ids", 1)}  # every other tier: its own column, doubled


def grams_expression(tier: str) -> str:
    """The expression migration 0020 indexed in the tier's table (spelled the same, or the planner
    cannot use the index)."""
    column, width = GRAMS_OF.get(tier, (tier, 2))
    return f"search_digit_grams({column}, {width})"


def digit_grams(phrase: str) -> list[int] | None:
    """The 5-digit windows of a phrase of `GRAM_DIGITS` or more ASCII digits as integers, or None."""
    if len(phrase) < GRAM_DIGITS or not (phrase.isascii() and phrase.isdigit()):
        return None
    return sorted({int(phrase[i : i + GRAM_DIGITS]) for i in range(len(phrase) - GRAM_DIGITS + 1)})


# The names tier's whole values (migration 0021): a phrase that is a whole name (`PAD` on both sides,
# the names tier's `whole_name`) is looked up as a value of the list the text splits into. By its
# trigrams a whole name had every name holding it as a candidate: "程有限公司" (a piece of 23,000
# companies' names, itself no name) was checked on all of them (12 ms warm, 56 ms cold, at 1,000,000
# cases); as a value, 1 ms. Values never hold `SEP` (`domain.search_text.fold`), so the split is exact.
WHOLE_NAMES = "regexp_split_to_array(names, '\\x1f+')"


@frozen(repr=False)
class Lookup:
    """How the search's walk finds a tier's rows holding some phrases (PostgreSQL, `PostgresDialect.fts_lookup`)."""

    column: str  # the stored text: the newest rows and the sample are checked LIKE the patterns here
    patterns: list[str]  # the phrases' LIKE patterns in the column's form
    where: str  # the condition the tier's GIN index serves, with one placeholder, for `value`
    value: Any  # the placeholder's value: the patterns, or the whole names
    probed: bool  # a shorter LIKE pattern (`search_walk.probes`) may stand for `value` in `where`


def has_trigram(text: str) -> bool:
    """Whether `text` has three word characters in a row (pg_trgm's trigrams are made within words)."""
    run = 0
    for c in text:
        run = run + 1 if c.isalnum() else 0
        if run == 3:
            return True
    return False


def like_pattern(text: str) -> str:
    """A LIKE pattern for "contains `text`" (``\\`` is PostgreSQL's default LIKE escape)."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def stored(tier: str, text: str) -> str:
    """What the tier's table holds for a text: every character doubled (migration 0015, `doubled`) but
    for the tier's `SINGLE_IN_TIER` characters (migration 0017)."""
    return doubled(text, SINGLE_IN_TIER.get(tier, frozenset()))


def phrase_patterns(tier: str, phrases: list[str]) -> list[str]:
    """LIKE patterns for "any of these substrings" in the tier's own column, in the form it stores."""
    return [like_pattern(stored(tier, p)) for p in phrases]


def like_lookup(column: str, patterns: list[str], param: str) -> Lookup:
    """Rows whose `column` is LIKE one of `patterns`, looked up in the column's trigram index."""
    return Lookup(column, patterns, f"{column} LIKE ANY({param})", patterns, True)


def lookup(tier: str, phrases: list[str], param: str) -> Lookup:
    """How the walk looks `phrases` up in the tier's table (`param`: the driver's placeholder). The
    column: the tier's `SINGLE_COLUMN` when every phrase has a trigram there (a run of three letters,
    digits or CJK characters, which pg_trgm counts as a word's), else the tier's own; the phrases' LIKE
    patterns in its form. The index: when every phrase is five or more digits, their 5-digit windows
    (`digit_grams`, migration 0020) and each row found checked against the patterns; in the names tier,
    when every phrase is a whole name, the names as values (`WHOLE_NAMES`, migration 0021); else the
    column's trigrams."""
    # Imported here: the print command's lean path imports this module (through storage.dialect), and
    # search_text compiles its regular expressions at import (0.9 ms).
    from mediator_app.domain.search_text import PAD, SEP

    single = SINGLE_COLUMN.get(tier)
    forms = [doubled(p, ALPHANUMERIC) for p in phrases]
    if single is not None and all(has_trigram(form) for form in forms):
        column, patterns = single, [like_pattern(form) for form in forms]
    else:
        column, patterns = tier, phrase_patterns(tier, phrases)
    names = [p[len(PAD) : -len(PAD)] for p in phrases]  # the whole names, when every phrase is PAD + name + PAD
    if tier == "names" and all(
        p.startswith(PAD) and p.endswith(PAD) and name and SEP not in name
        for p, name in zip(phrases, names, strict=True)
    ):
        where = f"{WHOLE_NAMES} && {param}::text[]"
        return Lookup(column, patterns, where, [stored(tier, name) for name in names], False)
    grams = [digit_grams(p) for p in phrases]
    if not all(grams):
        return like_lookup(column, patterns, param)
    # The windows are integers, spelled into the statement; the check is on ``column || ''``, which the
    # trigram index cannot serve, so that the planner takes the windows' index alone.
    windows = " OR ".join(f"{grams_expression(tier)} @> '{{{','.join(map(str, g or ()))}}}'::integer[]" for g in grams)
    return Lookup(column, patterns, f"({windows}) AND ({column} || '') LIKE ANY({param})", patterns, False)


def bucket_index(table: str, key: str, name: str) -> str:
    """A search table's GIN index on PostgreSQL: the coarse bucket, the bucket and `key`."""
    return f"CREATE INDEX {name} ON {table} USING gin ((case_id / {COARSE_ROWS}), (case_id / {BUCKET_ROWS}), {key})"


def indexes(tier: str) -> list[tuple[str, str]]:
    """The GIN indexes of a tier's search table on PostgreSQL, each (name, key after the buckets): the
    trigrams of its text columns (0018, 0019, 0022), the 5-digit windows (0020), the names as values (0021)."""
    single = SINGLE_COLUMN.get(tier)
    columns = (tier,) if single is None else (tier, single)
    out = [(f"search_fts_{column}_trgm", f"{column} gin_trgm_ops") for column in columns]
    out.append((f"search_fts_{tier}_grams", grams_expression(tier)))
    if tier == "names":
        out.append(("search_fts_names_whole", WHOLE_NAMES))
    return out
