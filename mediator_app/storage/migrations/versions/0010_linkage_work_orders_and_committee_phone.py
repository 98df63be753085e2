"""linkage: work orders to other units, the committee's unit list, the committee's phone

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 07:20:00

- `committee.phone`: the number a party calls back, printed on the 受理回执 (docs/linkage.md).
- `work_order`: a 工作联系单/协办函 sent from a case to another unit ("1+n", docs/linkage.md): the unit,
  the matter, the requested action, the time limit in working days and the resulting due date, who
  issued it and when, and the unit's reply when it comes.
- `legal_support`: a 法律支持申请 to the judges' workstation or the 12368 hotline: the recipient, the
  case summary as sent (masked for that purpose), the legal question, and the answer when it comes.
- `satisfaction_visit`: the satisfaction return visit after a case is closed (满意 / 基本满意 / 不满意,
  the reason).
- `work_unit`: the committee's list of units it sends work orders to (a setting; an empty list means
  the shipped defaults).

`op.add_column` for the committee column, not a batch: a batch would make SQLite copy the committee
table and drop the old one, and with foreign keys on that DROP cascades into every mediator and case.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("committee", sa.Column("phone", sa.String(length=30), server_default="", nullable=False))
    op.create_table(
        "work_order",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("dispute_case.id", ondelete="CASCADE"), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=100), nullable=False),
        sa.Column("matter", sa.String(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("limit_days", sa.Integer(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("issued_by", sa.String(length=100), nullable=False),
        sa.Column("replied_on", sa.Date(), nullable=True),
        sa.Column("reply", sa.String(), server_default="", nullable=False),
        sa.Column("reply_by", sa.String(length=100), server_default="", nullable=False),
        sa.UniqueConstraint("case_id", "seq", name="uq_work_order_case_seq"),
        sa.CheckConstraint("limit_days >= 1", name="ck_work_order_limit_days"),
    )
    op.create_index("ix_work_order_case_id", "work_order", ["case_id"])
    op.create_index("ix_work_order_open_due", "work_order", ["replied_on", "due_on"])
    op.create_table(
        "legal_support",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("dispute_case.id", ondelete="CASCADE"), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=100), nullable=False),
        sa.Column("summary", sa.String(), nullable=False),
        sa.Column("question", sa.String(), nullable=False),
        sa.Column("asked_on", sa.Date(), nullable=False),
        sa.Column("asked_by", sa.String(length=100), nullable=False),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.Column("answer", sa.String(), server_default="", nullable=False),
        sa.Column("answered_by", sa.String(length=100), server_default="", nullable=False),
        sa.UniqueConstraint("case_id", "seq", name="uq_legal_support_case_seq"),
    )
    op.create_index("ix_legal_support_case_id", "legal_support", ["case_id"])
    op.create_table(
        "satisfaction_visit",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("dispute_case.id", ondelete="CASCADE"), nullable=False),
        sa.Column("visited_on", sa.Date(), nullable=False),
        sa.Column("visitor", sa.String(length=100), nullable=False),
        sa.Column("visited", sa.String(length=100), nullable=False),
        sa.Column("result", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.String(), server_default="", nullable=False),
    )
    op.create_index("ix_satisfaction_visit_case_id", "satisfaction_visit", ["case_id"])
    op.create_table(
        "work_unit",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.UniqueConstraint("name", name="uq_work_unit_name"),
    )


def downgrade() -> None:
    op.drop_table("work_unit")
    op.drop_index("ix_satisfaction_visit_case_id", table_name="satisfaction_visit")
    op.drop_table("satisfaction_visit")
    op.drop_index("ix_legal_support_case_id", table_name="legal_support")
    op.drop_table("legal_support")
    op.drop_index("ix_work_order_open_due", table_name="work_order")
    op.drop_index("ix_work_order_case_id", table_name="work_order")
    op.drop_table("work_order")
    op.drop_column("committee", "phone")
