"""initial dispute file schema

Revision ID: 0001
Revises:
Create Date: 2026-11-22 17:30:38.087930
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("detail", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_case_id"), ["case_id"], unique=False)

    op.create_table(
        "committee",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("short_name", sa.String(length=20), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("court", sa.String(length=100), nullable=False),
        sa.Column("case_number_pattern", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "case_counter",
        sa.Column("committee_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["committee_id"],
            ["committee.id"],
        ),
        sa.PrimaryKeyConstraint("committee_id", "year"),
    )
    op.create_table(
        "dispute_case",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("committee_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=100), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("dispute_type", sa.String(length=40), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("source_ref", sa.String(length=100), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=False),
        sa.Column("accepted_on", sa.Date(), nullable=True),
        sa.Column("facts", sa.String(), nullable=False),
        sa.Column("claims", sa.String(), nullable=False),
        sa.Column("recorder", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["committee_id"],
            ["committee.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("committee_id", "number"),
        sa.UniqueConstraint("committee_id", "year", "seq"),
    )
    with op.batch_alter_table("dispute_case", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dispute_case_committee_id"), ["committee_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_dispute_case_dispute_type"), ["dispute_type"], unique=False)
        batch_op.create_index(batch_op.f("ix_dispute_case_number"), ["number"], unique=False)
        batch_op.create_index(batch_op.f("ix_dispute_case_registered_on"), ["registered_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_dispute_case_status"), ["status"], unique=False)

    op.create_table(
        "mediator",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("committee_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("sex", sa.String(length=2), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["committee_id"], ["committee.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("mediator", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mediator_committee_id"), ["committee_id"], unique=False)

    op.create_table(
        "agreement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("disputed_matters", sa.String(), nullable=False),
        sa.Column("responsibilities", sa.String(), nullable=False),
        sa.Column("breach_clause", sa.String(), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["dispute_case.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id"),
    )
    op.create_table(
        "case_mediator",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["dispute_case.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id", "position"),
    )
    with op.batch_alter_table("case_mediator", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_mediator_case_id"), ["case_id"], unique=False)

    op.create_table(
        "party",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("id_type", sa.String(length=20), nullable=False),
        sa.Column("id_number", sa.String(length=40), nullable=False),
        sa.Column("sex", sa.String(length=2), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("ethnicity", sa.String(length=20), nullable=False),
        sa.Column("occupation", sa.String(length=100), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("uscc", sa.String(length=18), nullable=False),
        sa.Column("legal_rep", sa.String(length=100), nullable=False),
        sa.Column("legal_rep_title", sa.String(length=50), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["dispute_case.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id", "seq"),
    )
    with op.batch_alter_table("party", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_party_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_party_id_number"), ["id_number"], unique=False)
        batch_op.create_index(batch_op.f("ix_party_name"), ["name"], unique=False)

    op.create_table(
        "agreement_term",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("obligor_seq", sa.Integer(), nullable=False),
        sa.Column("obligee_seq", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("manner", sa.String(length=500), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.CheckConstraint("amount_fen IS NULL OR amount_fen >= 0", name="ck_term_amount_nonnegative"),
        sa.ForeignKeyConstraint(["agreement_id"], ["agreement.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("agreement_id", "seq"),
    )
    with op.batch_alter_table("agreement_term", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agreement_term_agreement_id"), ["agreement_id"], unique=False)

    op.create_table(
        "representative",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("id_type", sa.String(length=20), nullable=False),
        sa.Column("id_number", sa.String(length=40), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("relation", sa.String(length=50), nullable=False),
        sa.ForeignKeyConstraint(["party_id"], ["party.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("party_id", "position"),
    )
    with op.batch_alter_table("representative", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_representative_party_id"), ["party_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("representative", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_representative_party_id"))

    op.drop_table("representative")
    with op.batch_alter_table("agreement_term", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agreement_term_agreement_id"))

    op.drop_table("agreement_term")
    with op.batch_alter_table("party", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_party_name"))
        batch_op.drop_index(batch_op.f("ix_party_id_number"))
        batch_op.drop_index(batch_op.f("ix_party_case_id"))

    op.drop_table("party")
    with op.batch_alter_table("case_mediator", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_mediator_case_id"))

    op.drop_table("case_mediator")
    op.drop_table("agreement")
    with op.batch_alter_table("mediator", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mediator_committee_id"))

    op.drop_table("mediator")
    with op.batch_alter_table("dispute_case", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dispute_case_status"))
        batch_op.drop_index(batch_op.f("ix_dispute_case_registered_on"))
        batch_op.drop_index(batch_op.f("ix_dispute_case_number"))
        batch_op.drop_index(batch_op.f("ix_dispute_case_dispute_type"))
        batch_op.drop_index(batch_op.f("ix_dispute_case_committee_id"))

    op.drop_table("dispute_case")
    op.drop_table("case_counter")
    op.drop_table("committee")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_case_id"))
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))

    op.drop_table("audit_log")
