"""search tables hold the doubled text on PostgreSQL

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 10:20:00

PostgreSQL only (SQLite's FTS5 tables are unchanged): each tier's table ``search_fts_<tier>`` holds
its text with every character doubled ("调解" → "调调解解", `storage.dialect.doubled`), under the same
pg_trgm GIN index. pg_trgm makes no trigram of a 2-character pattern, so a 2-character search read
every row of every tier (at 100,000 cases 0.1-2.4 s per tier; docs/centre.md, "A county");
``%调调解解%`` has two trigrams and the index answers it. The expression is spelled out here, not
imported: a migration stays what it was when it ran.
"""

from __future__ import annotations

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

TIERS = ("number", "names", "ids", "addresses", "texts")  # domain.search_text.TIERS when this was written


def _rewrite(expression: str) -> None:
    # The index is dropped first and made again after the rewrite: one sorted build instead of a GIN
    # update per row; a large centre's texts tier sorts in memory rather than in runs on disk.
    op.execute("SET LOCAL maintenance_work_mem = '512MB'")
    for tier in TIERS:
        op.execute(f"DROP INDEX IF EXISTS search_fts_{tier}_trgm")
        op.execute(f"UPDATE search_fts_{tier} SET {tier} = {expression.format(tier)}")
        op.execute(f"CREATE INDEX search_fts_{tier}_trgm ON search_fts_{tier} USING gin ({tier} gin_trgm_ops)")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _rewrite("regexp_replace({}, '(.)', '\\1\\1', 'g')")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _rewrite("regexp_replace({}, '(.)\\1', '\\1', 'g')")
