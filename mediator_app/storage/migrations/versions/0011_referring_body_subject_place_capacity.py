"""referring body, subject matter's place, adults under guardianship

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 07:10:00

`dispute_case.referral_body`: the body that sent a non-court referral (the 12345 hotline's work
office, the police station of a 110 linkage, the grid) — its reference stays in `source_ref`; a
court's referral keeps its own `referral_court`/`referral_ref` (CPL Art. 205(1) depends on them).
`dispute_case.subject_location`: where the subject matter is (the house or land in dispute), whose
basic court may confirm the agreement (CPL Art. 205(2)). `party.capacity`: an adult's civil capacity
as declared (Civil Code Arts. 21-24); an adult without full capacity needs a guardian (Art. 28).

`op.add_column`, not a batch: a batch would make SQLite copy dispute_case into a new table and drop
the old one, and with foreign keys on that DROP deletes every row that cascades from it. Every
existing case reads as "no referring body, no place recorded, every party of full capacity".
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("dispute_case", sa.Column("referral_body", sa.String(length=100), nullable=False, server_default=""))
    op.add_column(
        "dispute_case", sa.Column("subject_location", sa.String(length=200), nullable=False, server_default="")
    )
    op.add_column(
        "party", sa.Column("capacity", sa.String(length=20), nullable=False, server_default="完全民事行为能力")
    )


def downgrade() -> None:
    # SQLite 3.35+ and PostgreSQL drop a column in place.
    op.drop_column("party", "capacity")
    op.drop_column("dispute_case", "subject_location")
    op.drop_column("dispute_case", "referral_body")
