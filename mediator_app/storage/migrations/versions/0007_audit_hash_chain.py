"""audit log hash chain, privacy notice and retention

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 04:05:00

Adds `prev_hash` and `row_hash` to `audit_log` and chains the rows already there, in id order, with the
canonical encoding of `storage.audit_chain` (version 1; docs/privacy.md). Rows that existed before the
chain are sealed as they are: the chain proves they were not changed *after* this upgrade.
Plain SQLAlchemy reads and updates, so it runs on SQLite and PostgreSQL alike.

Also adds to `dispute_case` the day the parties acknowledged the personal-information notice
(`privacy_notice_on`, NULL for cases registered before) and the dossier's 保管期限 (`retention`, 10年 by
default; docs/privacy.md).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from mediator_app.storage.audit_chain import GENESIS, seal

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

BATCH = 2000


def upgrade() -> None:
    with op.batch_alter_table("dispute_case", schema=None) as batch_op:
        batch_op.add_column(sa.Column("privacy_notice_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("retention", sa.String(length=10), nullable=False, server_default="10年"))
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("row_hash", sa.String(length=64), nullable=False, server_default=""))
    bind = op.get_bind()
    log = sa.table(
        "audit_log",
        sa.column("id", sa.Integer),
        sa.column("at", sa.String),
        sa.column("actor", sa.String),
        sa.column("case_id", sa.Integer),
        sa.column("action", sa.String),
        sa.column("detail", sa.String),
        sa.column("prev_hash", sa.String),
        sa.column("row_hash", sa.String),
    )
    # `at` is read with the driver's own type (text in SQLite, a datetime in PostgreSQL); seal() accepts both.
    rows = bind.execute(sa.text("SELECT id, at, actor, case_id, action, detail FROM audit_log ORDER BY id")).fetchall()
    update = (
        log.update()
        .where(log.c.id == sa.bindparam("rid"))
        .values(prev_hash=sa.bindparam("p"), row_hash=sa.bindparam("h"))
    )
    previous, pending = GENESIS, []
    for row_id, at, actor, case_id, action, detail in rows:
        sealed = seal(row_id, at, actor or "", case_id, action or "", detail or "", previous)
        pending.append({"rid": row_id, "p": previous, "h": sealed})
        previous = sealed
        if len(pending) >= BATCH:
            bind.execute(update, pending)
            pending = []
    if pending:
        bind.execute(update, pending)


def downgrade() -> None:
    with op.batch_alter_table("dispute_case", schema=None) as batch_op:
        batch_op.drop_column("retention")
        batch_op.drop_column("privacy_notice_on")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_column("row_hash")
        batch_op.drop_column("prev_hash")
