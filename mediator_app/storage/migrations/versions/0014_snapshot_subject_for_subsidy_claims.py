"""report_snapshot.subject: whose snapshot (the mediator of a 以案定补 claim list)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 10:00:00

A confirmed 以案定补 claim list is frozen like a statistics report, per presiding mediator and period
(docs/subsidy.md): the same table, `kind` "subsidy", `subject` the mediator's name; a statistics
report's `subject` is "". The versions are numbered per subject, so the unique key gains it.

The old key was created without a name: SQLite reflects it without one, so the batch (which copies
report_snapshot into a new table, nothing references it but itself) names it by a convention to drop
it; PostgreSQL named it `report_snapshot_kind_year_period_version_key` itself.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

NEW_KEY = "uq_report_snapshot_subject_version"
SQLITE_CONVENTION = {"uq": "uq_%(table_name)s_%(column_0_N_name)s"}
OLD_KEY_SQLITE = "uq_report_snapshot_kind_year_period_version"
OLD_KEY_POSTGRES = "report_snapshot_kind_year_period_version_key"


def _old_key() -> str:
    return OLD_KEY_SQLITE if op.get_bind().dialect.name == "sqlite" else OLD_KEY_POSTGRES


def upgrade() -> None:
    with op.batch_alter_table("report_snapshot", naming_convention=SQLITE_CONVENTION) as batch:
        batch.add_column(sa.Column("subject", sa.String(length=100), nullable=False, server_default=""))
        batch.drop_constraint(_old_key(), type_="unique")
        batch.create_unique_constraint(NEW_KEY, ["kind", "year", "period", "subject", "version"])


def downgrade() -> None:
    # Claim lists have no place in the old table: they go with the column.
    op.execute(sa.text("DELETE FROM report_snapshot WHERE kind = 'subsidy'"))
    with op.batch_alter_table("report_snapshot", naming_convention=SQLITE_CONVENTION) as batch:
        batch.drop_constraint(NEW_KEY, type_="unique")
        batch.drop_column("subject")
        batch.create_unique_constraint(_old_key(), ["kind", "year", "period", "version"])
