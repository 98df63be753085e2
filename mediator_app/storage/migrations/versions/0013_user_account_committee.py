"""user accounts belong to a committee, or to the whole centre

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 10:00:00

`user_account.committee_id`: the committee a person works in when several committees (the township
committee, village committees, professional committees) share one centre database (docs/centre.md,
"Several committees in one database"). NULL is centre-wide: the centre's director or administrator,
who sees every committee's cases and statistics.

Every existing account stays centre-wide (NULL). On a file with one committee, centre-wide and "that
committee" see exactly the same cases, so a village room notices nothing; and the administrator of a
file that is moved into a centre must keep seeing (and managing) everything until the centre assigns
the accounts to committees. Setting them to the first committee instead would silently narrow the
administrator's view once a second committee is added.

A batch on SQLite: it cannot add a foreign key to an existing table, so Alembic copies the table.
That copy is safe here, unlike for dispute_case (0011): no table refers to user_account, so dropping
the old copy cascades to nothing. On PostgreSQL the batch is a plain ALTER TABLE.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("user_account") as batch:
        batch.add_column(sa.Column("committee_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_user_account_committee", "committee", ["committee_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("user_account") as batch:
        batch.drop_constraint("fk_user_account_committee", type_="foreignkey")
        batch.drop_column("committee_id")
