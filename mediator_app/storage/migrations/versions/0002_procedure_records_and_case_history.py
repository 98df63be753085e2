"""procedure records and case history

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 17:36:42.537778
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "case_procedure",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("handled_elsewhere", sa.Boolean(), nullable=False),
        sa.Column("refusal_note", sa.String(), nullable=False),
        sa.Column("escalation_risk", sa.Boolean(), nullable=False),
        sa.Column("risk_reported_on", sa.Date(), nullable=True),
        sa.Column("risk_reported_to", sa.String(length=100), nullable=False),
        sa.Column("rights_notified_on", sa.Date(), nullable=True),
        sa.Column("mediator_choice", sa.String(length=200), nullable=False),
        sa.Column("publicity", sa.String(length=10), nullable=False),
        sa.Column("mediation_days", sa.Integer(), nullable=False),
        sa.Column("decline_reason", sa.String(), nullable=False),
        sa.Column("termination_reason", sa.String(), nullable=False),
        sa.Column("routes_notified", sa.Boolean(), nullable=False),
        sa.Column("oral_content", sa.String(), nullable=False),
        sa.Column("oral_reached_on", sa.Date(), nullable=True),
        sa.Column("parties_signed_on", sa.Date(), nullable=True),
        sa.Column("mediator_signed_on", sa.Date(), nullable=True),
        sa.Column("sealed_on", sa.Date(), nullable=True),
        sa.Column("confirmation_court", sa.String(length=100), nullable=False),
        sa.Column("confirmation_applied_on", sa.Date(), nullable=True),
        sa.Column("confirmation_decided_on", sa.Date(), nullable=True),
        sa.Column("court_case_number", sa.String(length=100), nullable=False),
        sa.Column("archived_from", sa.String(length=20), nullable=False),
        sa.Column("archived_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["dispute_case.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("case_id"),
    )
    op.create_table(
        "return_visit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("visited_on", sa.Date(), nullable=False),
        sa.Column("visitor", sa.String(length=100), nullable=False),
        sa.Column("visited", sa.String(length=500), nullable=False),
        sa.Column("satisfaction", sa.String(length=10), nullable=False),
        sa.Column("new_risk", sa.String(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["dispute_case.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("return_visit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_return_visit_case_id"), ["case_id"], unique=False)

    op.create_table(
        "step_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("held_at", sa.DateTime(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("staff", sa.String(length=200), nullable=False),
        sa.Column("recorder", sa.String(length=100), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("participants", sa.String(length=500), nullable=False),
        sa.Column("parties_present", sa.String(length=1000), nullable=False),
        sa.Column("content", sa.String(), nullable=False),
        sa.Column("result", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["dispute_case.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("step_record", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_step_record_case_id"), ["case_id"], unique=False)

    op.create_table(
        "transition_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("event", sa.String(length=20), nullable=False),
        sa.Column("from_stage", sa.String(length=20), nullable=False),
        sa.Column("to_stage", sa.String(length=20), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["dispute_case.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("transition_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_transition_log_case_id"), ["case_id"], unique=False)

    op.create_table(
        "visit_term_check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("term_seq", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["visit_id"], ["return_visit.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("visit_id", "term_seq"),
    )
    with op.batch_alter_table("visit_term_check", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_visit_term_check_visit_id"), ["visit_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("visit_term_check", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visit_term_check_visit_id"))

    op.drop_table("visit_term_check")
    with op.batch_alter_table("transition_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_transition_log_case_id"))

    op.drop_table("transition_log")
    with op.batch_alter_table("step_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_step_record_case_id"))

    op.drop_table("step_record")
    with op.batch_alter_table("return_visit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_return_visit_case_id"))

    op.drop_table("return_visit")
    op.drop_table("case_procedure")
