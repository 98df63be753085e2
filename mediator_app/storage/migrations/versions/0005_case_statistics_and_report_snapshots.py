"""case statistics and report snapshots

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 04:10:00

`case_stats` (what the justice bureau's reports count about a case), `report_snapshot` (confirmed
reports, frozen) and an index of `dispute_case` by acceptance date (新收 without reading the rows).
Existing closed cases get their closing date, outcome and agreement form from what the procedure
already recorded (docs/statistics.md, "Where the figures come from"); the rest keep the
defaults until a mediator records them.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_AGREED = ("达成书面协议", "达成口头协议", "履行中", "回访", "司法确认申请中", "司法确认有效", "司法确认驳回")
_CONFIRMATION = {"司法确认申请中": "申请", "司法确认有效": "确认", "司法确认驳回": "驳回"}


_FLAGS = (
    "prevent_screened",
    "prevent_dispute",
    "prevent_suicide",
    "prevent_crime",
    "prevent_petition",
    "prevent_fight",
    "formed_incident",
    "formed_petition",
)
_GROUPS = ("elderly", "disabled", "seriously_ill", "pregnant", "minor", "low_income")
_DEFAULTS: dict[str, object] = {
    "difficulty": "一般",
    "people_involved": 0,
    "amount_fen": None,
    "self_performed": False,
    "migrant_worker": False,
    "dispute_began_on": None,
    **dict.fromkeys(_FLAGS),
    **dict.fromkeys(_GROUPS, False),
}


def _day(value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value if not isinstance(value, dt.datetime) else value.date()
    return dt.date.fromisoformat(str(value)[:10])


def _backfill(conn: sa.Connection, stats: sa.Table) -> None:
    rows = conn.execute(
        sa.text(
            "SELECT c.id, c.status, p.archived_from, p.oral_reached_on, p.parties_signed_on, a.signed_on,"
            " p.confirmation_decided_on, p.court_case_number,"
            " (SELECT MAX(t.at) FROM transition_log t WHERE t.case_id = c.id"
            "  AND t.event IN ('达成书面协议', '达成口头协议', '终止调解')), c.updated_at"
            " FROM dispute_case c LEFT JOIN case_procedure p ON p.case_id = c.id"
            " LEFT JOIN agreement a ON a.case_id = c.id"
        )
    ).all()
    values = []
    for case_id, status, archived_from, oral_on, signed_on, agreed_on, ruled_on, ruling, moved_at, updated in rows:
        stage = archived_from if status == "结案归档" and archived_from else status
        if stage not in (*_AGREED, "调解终止"):
            continue
        oral = oral_on is not None
        # The last change of a case that ended before transitions were logged is the best date there is.
        closed = _day(oral_on) or _day(signed_on) or _day(agreed_on) or _day(moved_at) or _day(updated)
        agreed = stage in _AGREED
        values.append(
            {
                **_DEFAULTS,
                "case_id": case_id,
                "closed_on": closed,
                "outcome": "成功" if agreed else "不成功",
                "agreement_form": ("口头" if oral else "书面") if agreed else None,
                "confirmation": _CONFIRMATION.get(stage),
                "confirmation_ruled_on": _day(ruled_on) if stage in ("司法确认有效", "司法确认驳回") else None,
                "confirmation_ruling": ruling or "",
            }
        )
    if values:
        op.bulk_insert(stats, values)


def upgrade() -> None:
    stats = op.create_table(
        "case_stats",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("difficulty", sa.String(length=10), nullable=False),
        sa.Column("people_involved", sa.Integer(), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=True),
        sa.Column("self_performed", sa.Boolean(), nullable=False),
        sa.Column("migrant_worker", sa.Boolean(), nullable=False),
        sa.Column("dispute_began_on", sa.Date(), nullable=True),
        sa.Column("confirmation", sa.String(length=10), nullable=True),
        sa.Column("confirmation_ruled_on", sa.Date(), nullable=True),
        sa.Column("confirmation_ruling", sa.String(length=100), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=True) for name in _FLAGS),
        *(sa.Column(name, sa.Boolean(), nullable=False) for name in _GROUPS),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("outcome", sa.String(length=10), nullable=True),
        sa.Column("agreement_form", sa.String(length=10), nullable=True),
        sa.CheckConstraint("amount_fen IS NULL OR amount_fen >= 0", name="ck_stats_amount_nonnegative"),
        sa.ForeignKeyConstraint(["case_id"], ["dispute_case.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("case_id"),
    )
    op.create_index("ix_case_stats_closed", "case_stats", ["closed_on", "outcome"], unique=False)
    op.create_table(
        "report_snapshot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("period", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("figures", sa.String(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(), nullable=False),
        sa.Column("confirmed_by", sa.String(length=100), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("replaces_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["replaces_id"], ["report_snapshot.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kind", "year", "period", "version"),
    )
    op.create_index("ix_case_accepted", "dispute_case", ["accepted_on", "dispute_type", "committee_id"], unique=False)
    _backfill(op.get_bind(), stats)


def downgrade() -> None:
    op.drop_index("ix_case_accepted", table_name="dispute_case")
    op.drop_table("report_snapshot")
    op.drop_index("ix_case_stats_closed", table_name="case_stats")
    op.drop_table("case_stats")
