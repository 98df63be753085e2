"""the search index's ids tier holds digits and letters single on PostgreSQL

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 17:40:00

PostgreSQL only (SQLite's FTS5 tables are unchanged): the table ``search_fts_ids`` (ID numbers, credit
codes and phone numbers) holds its ASCII digits and letters single again, every other character still
doubled as 0015 stored it (`storage.dialect.SINGLE_IN_TIER`); the other tiers are unchanged. Doubled,
a text of digits has only the ~200 trigrams of two digit pairs ("110", "100", "007"), each in nearly
every row, so the GIN index handed over every row for a digit query (a whole-tier scan for "10700":
727 ms at 1,000,000 cases; docs/centre.md, "A county"); single, the digits have ~1,000 trigrams and
every term of 3 or more of them has some (the same scan: 51 ms). The Chinese characters stay doubled
so that a 2-character Chinese term keeps its trigrams (with nothing doubled it was checked on every row).

The doubled text is a run of aligned pairs and ``regexp_replace`` matches left to right without
overlap, never starting at the second character of a pair of non-alphanumerics, so
``([0-9A-Za-z])\\1`` → ``\\1`` takes back exactly one character of each pair of digits or letters
(checked on 1,000,000 cases' rows against the program's own stored form). The index is dropped first
and made again afterwards as 0016 made it (bucket of 1,024 ids and text, one sorted build). The
expressions and the bucket size are spelled out here, not imported: a migration stays what it was
when it ran.
"""

from __future__ import annotations

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


TIERS = ("ids",)


def _rewrite(expression: str) -> None:
    # One sorted build in memory instead of a GIN update per row (0015, 0016).
    op.execute("SET LOCAL maintenance_work_mem = '512MB'")
    for tier in TIERS:
        op.execute(f"DROP INDEX IF EXISTS search_fts_{tier}_trgm")
        op.execute(f"UPDATE search_fts_{tier} SET {tier} = {expression.format(tier)}")
        op.execute(
            f"CREATE INDEX search_fts_{tier}_trgm ON search_fts_{tier} USING gin ((case_id / 1024), {tier} gin_trgm_ops)"
        )
        # The planner compares the bucket condition's cost from the expression's statistics (0016).
        op.execute(f"ANALYZE search_fts_{tier}")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _rewrite("regexp_replace({}, '([0-9A-Za-z])\\1', '\\1', 'g')")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _rewrite("regexp_replace({}, '([0-9A-Za-z])', '\\1\\1', 'g')")
