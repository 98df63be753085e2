"""special-group cases first in the case list

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 10:00:00

`dispute_case.priority`: the case's parties include a special group (老年人, 残疾人, 重病患者, 孕产妇,
未成年人, 低收入群体 — the statistics facts in `case_stats`), derived data kept in step by
`storage.derived` in the transaction of every change. `ix_case_list_priority` holds it before the
date index's columns, so that the default order (special-group cases first, then by registration
date) is read page by page from one index like every other order (docs/search.md, docs/linkage.md).

`op.add_column`, not a batch (see 0011: a batch copies dispute_case and the DROP would cascade).
Existing cases are given their priority from their statistics facts here; plain SQL both engines run.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_SPECIAL = "s.elderly OR s.disabled OR s.seriously_ill OR s.pregnant OR s.minor OR s.low_income"


def upgrade() -> None:
    op.add_column("dispute_case", sa.Column("priority", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute(
        "UPDATE dispute_case SET priority = EXISTS "
        f"(SELECT 1 FROM case_stats s WHERE s.case_id = dispute_case.id AND ({_SPECIAL}))"
    )
    op.create_index(
        "ix_case_list_priority",
        "dispute_case",
        ["priority", "registered_on", "status", "dispute_type", "source", "due_on"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_case_list_priority", table_name="dispute_case")
    op.drop_column("dispute_case", "priority")
