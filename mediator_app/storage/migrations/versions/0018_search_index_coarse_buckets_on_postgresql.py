"""search tables indexed by a coarse id bucket too on PostgreSQL

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06 23:00:00

PostgreSQL only (SQLite's FTS5 tables are unchanged; on SQLite this revision does nothing): each
tier's GIN index ``search_fts_<tier>_trgm`` is made again over three columns, the case's coarse bucket
of 16,384 ids ``(case_id / 16384)``, its bucket of 1,024 ids ``(case_id / 1024)`` (0016) and the text.
A range step of the search's walk costs one GIN scan per bucket (every trigram's posting tree
descended for each), so with 1,024-id buckets alone a term absent from the newest few hundred
thousand cases (a past year in the facts, a 5- or 6-digit fragment of an ID number found in a few
hundred of 1,000,000 cases) took 18-22 steps of 16 buckets; a coarse bucket covers sixteen fine ones
in one scan (`storage.search_walk.walk`, docs/centre.md). One index with one more key per row
rather than a second index: the coarse column's entries are a few dozen keys, and the fine steps use
the same index as before. The expressions and bucket sizes are spelled out here, not imported: a
migration stays what it was when it ran.
"""

from __future__ import annotations

from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

TIERS = ("number", "names", "ids", "addresses", "texts")  # domain.search_text.TIERS when this was written


def _index(columns: str) -> None:
    # Dropped and made again in one sorted build in memory (0016).
    op.execute("SET LOCAL maintenance_work_mem = '512MB'")
    for tier in TIERS:
        op.execute(f"DROP INDEX IF EXISTS search_fts_{tier}_trgm")
        op.execute(f"CREATE INDEX search_fts_{tier}_trgm ON search_fts_{tier} USING gin ({columns.format(tier)})")
        # The planner compares the bucket conditions' cost from the expressions' statistics (0016).
        op.execute(f"ANALYZE search_fts_{tier}")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _index("(case_id / 16384), (case_id / 1024), {} gin_trgm_ops")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _index("(case_id / 1024), {} gin_trgm_ops")
