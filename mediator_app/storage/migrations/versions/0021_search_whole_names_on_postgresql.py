"""the names search table indexed by its whole names on PostgreSQL

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07 08:30:00

PostgreSQL only (SQLite's FTS5 tables are unchanged; on SQLite this revision does nothing). The search
puts the cases where a party's whole name is the term first (孟婷 before 孟婷娟): it looks for the
term between two separators in the names tier. By the trigrams, every name that holds the term is a
candidate: "程有限公司", a piece of some 23,000 companies' names and no name itself, was checked on
all of them (12 ms with the index in memory, 56 ms without, at 1,000,000 cases). The names tier's
text is its names joined by runs of U+001F, which no name holds (`domain.search_text.fold`); a second
GIN index over the same buckets as 0018's and the text split at those runs answers "a name is exactly
this" from the names themselves (1 ms; `storage.dialect.WHOLE_NAMES`). An expression index: nothing
is rewritten and every writer fills it. The expression and bucket sizes are spelled out here, not
imported: a migration stays what it was when it ran.
"""

from __future__ import annotations

from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("SET LOCAL maintenance_work_mem = '512MB'")  # one sorted GIN build in memory (0016)
    op.execute(
        "CREATE INDEX search_fts_names_whole ON search_fts_names USING gin "
        "((case_id / 16384), (case_id / 1024), regexp_split_to_array(names, '\\x1f+'))"
    )
    op.execute("ANALYZE search_fts_names")  # the expression's statistics, for the planner (0016)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS search_fts_names_whole")
