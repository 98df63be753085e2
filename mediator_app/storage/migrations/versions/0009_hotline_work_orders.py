"""12345 hotline work orders

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 07:10:00

`hotline_order`: one row per 12345 work order a committee received (docs/hotline.md): what the
platform's export says, what the committee did with it (signed, turned into or attached to a case,
returned, extended) and the reply it owes the hotline. The order number is unique per committee, so a
re-imported export updates the order instead of adding it twice. A new table only: nothing existing
changes, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hotline_order",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("committee_id", sa.Integer(), sa.ForeignKey("committee.id"), nullable=False),
        sa.Column("order_no", sa.String(60), nullable=False),
        sa.Column("order_type", sa.String(200), nullable=False, server_default=""),
        sa.Column("title", sa.String(200), nullable=False, server_default=""),
        sa.Column("caller", sa.String(200), nullable=False, server_default=""),
        sa.Column("phone", sa.String(20), nullable=False, server_default=""),
        sa.Column("content", sa.String(), nullable=False),
        sa.Column("address", sa.String(200), nullable=False, server_default=""),
        sa.Column("assigned_at", sa.DateTime(), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("host_unit", sa.String(200), nullable=False, server_default=""),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column(
            "case_id", sa.Integer(), sa.ForeignKey("dispute_case.id", ondelete="SET NULL"), nullable=True, index=True
        ),
        sa.Column("signed_at", sa.DateTime(), nullable=True),
        sa.Column("signed_by", sa.String(100), nullable=False, server_default=""),
        sa.Column("return_reason", sa.String(), nullable=False, server_default=""),
        sa.Column("extension_reason", sa.String(), nullable=False, server_default=""),
        sa.Column("extension_until", sa.Date(), nullable=True),
        sa.Column("extension_basis", sa.String(200), nullable=False, server_default=""),
        sa.Column("reply_result", sa.String(10), nullable=True),
        sa.Column("reply_done", sa.String(), nullable=False, server_default=""),
        sa.Column("reply_contact", sa.String(), nullable=False, server_default=""),
        sa.Column("reply_agreement", sa.String(), nullable=False, server_default=""),
        sa.Column("reply_handler", sa.String(100), nullable=False, server_default=""),
        sa.Column("reply_unit", sa.String(100), nullable=False, server_default=""),
        sa.Column("replied_at", sa.DateTime(), nullable=True),
        sa.Column("approved_by", sa.String(100), nullable=False, server_default=""),
        sa.Column("approved_at", sa.DateTime(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("satisfaction", sa.String(20), nullable=False, server_default=""),
        sa.Column("satisfaction_note", sa.String(), nullable=False, server_default=""),
        sa.UniqueConstraint("committee_id", "order_no", name="uq_hotline_order_no"),
    )
    op.create_index("ix_hotline_order_status", "hotline_order", ["status", "assigned_at"])


def downgrade() -> None:
    op.drop_index("ix_hotline_order_status", table_name="hotline_order")
    op.drop_table("hotline_order")
