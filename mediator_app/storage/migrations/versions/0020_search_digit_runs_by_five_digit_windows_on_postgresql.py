"""search tables indexed by the 5-digit windows of their digit runs on PostgreSQL

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 08:00:00

PostgreSQL only (SQLite's FTS5 tables are unchanged; on SQLite this revision does nothing). A term of
five or more digits (a fragment of an ID number or a phone, a sequence number) has trigrams of digits
only, of which there are 1,000, each in a large share of every tier that holds digits: "802022" handed
the ids tier's trigram index 24,104 candidates for 109 matches (109 ms at 1,000,000 cases), and the
same term cost the walk 60-80 ms over four tiers. Its 5-digit windows are rare instead (100,000 of
them): the function ``search_digit_grams(stored, width)`` lists the windows of every run of five or
more digits in a tier's stored text as integers (``width``: 1 where the digits are stored single, the
ids tier and the case numbers' single column; 2 where every character is stored doubled, 0015), and
each tier gets a second GIN index over the same buckets as 0018's and that list (the same query: 2 ms).

A digit term lies inside one run of digits, so a row holding the term holds its windows; a row
holding them is checked against the term itself (`storage.dialect.PostgresDialect.fts_lookup`). An
expression index, not a stored column: nothing is rewritten, every writer (inserts, COPY, the
rebuild) fills it, and the function is IMMUTABLE (its result depends on its arguments alone). The
function, the expressions and the bucket sizes are spelled out here, not imported: a migration stays
what it was when it ran.
"""

from __future__ import annotations

from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

# Each tier's stored column whose digit runs are indexed, and how wide a digit is stored there.
GRAMS = {
    "number": ("number_single", 1),
    "names": ("names", 2),
    "ids": ("ids", 1),
    "addresses": ("addresses", 2),
    "texts": ("texts", 2),
}

FUNCTION = """
CREATE OR REPLACE FUNCTION search_digit_grams(stored text, width integer) RETURNS integer[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(substr(r.run, i, 5)::integer), '{}')
  FROM (SELECT CASE WHEN width = 2 THEN regexp_replace(m[1], '(.).', '\\1', 'g') ELSE m[1] END AS run
        FROM regexp_matches(stored, '[0-9]{' || 5 * width || ',}', 'g') AS m) AS r,
       generate_series(1, length(r.run) - 4) AS i
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("SET LOCAL maintenance_work_mem = '512MB'")  # one sorted GIN build in memory (0016)
    op.execute(FUNCTION)
    for tier, (column, width) in GRAMS.items():
        op.execute(
            f"CREATE INDEX search_fts_{tier}_grams ON search_fts_{tier} USING gin "
            f"((case_id / 16384), (case_id / 1024), search_digit_grams({column}, {width}))"
        )
        # The planner reads the expression's statistics to choose this index (0016).
        op.execute(f"ANALYZE search_fts_{tier}")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for tier in GRAMS:
        op.execute(f"DROP INDEX IF EXISTS search_fts_{tier}_grams")
    op.execute("DROP FUNCTION IF EXISTS search_digit_grams(text, integer)")
