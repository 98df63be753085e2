"""case version for concurrent edits

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 04:10:00

`dispute_case.version`: raised by one on every save of the case's contents. A save carries the version
the workstation read; when another workstation saved the case meanwhile, the versions differ and the
save is refused instead of silently overwriting the other person's changes (docs/centre.md). Existing
cases start at 1.

`op.add_column`, not a batch: both engines add a NOT NULL column with a default in place. A batch
would make SQLite copy dispute_case into a new table and drop the old one, and with foreign keys on
that DROP deletes every party, agreement and record of every case (ON DELETE CASCADE).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("dispute_case", sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False))


def downgrade() -> None:
    op.drop_column("dispute_case", "version")  # SQLite 3.35+ and PostgreSQL drop a column in place
