"""court referral fields and decision dates

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 04:10:00

A case a court sends to the committee (委派/委托调解, PML Art. 18) records the referring court, the
court's reference number and the court's deadline: the joint application for judicial confirmation
then goes to that court (CPL Art. 205(1), docs/legal-basis.md §4.1). Plain columns with defaults, so
every existing case reads as "not referred by a court".
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("dispute_case", schema=None) as batch_op:
        batch_op.add_column(sa.Column("referral_court", sa.String(length=100), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("referral_ref", sa.String(length=100), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("referral_deadline", sa.Date(), nullable=True))
    # The dates of the decisions to decline and to terminate, printed on their notices (not the print date).
    with op.batch_alter_table("case_procedure", schema=None) as batch_op:
        batch_op.add_column(sa.Column("declined_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("terminated_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("case_procedure", schema=None) as batch_op:
        batch_op.drop_column("terminated_on")
        batch_op.drop_column("declined_on")
    with op.batch_alter_table("dispute_case", schema=None) as batch_op:
        batch_op.drop_column("referral_deadline")
        batch_op.drop_column("referral_ref")
        batch_op.drop_column("referral_court")
