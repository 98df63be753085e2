"""SQLModel tables (suffix `Row`) of the features beside the dispute file: what the statistics count
about a case, the confirmed (frozen) reports and claim lists, and the 12345 hotline's work orders.
Only storage/ sees these; `storage/tables.py` imports this module so that every table is on
SQLModel.metadata whenever the dispute file's tables are.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Column, DateTime, ForeignKey, Index, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel


class CaseStatsRow(SQLModel, table=True):
    """What the statistics count about a case (`domain.statistics.CaseStats`; 1:1 with the case, written
    when first recorded; a case without a row counts with the defaults)."""

    __tablename__ = "case_stats"
    __table_args__ = (
        CheckConstraint("amount_fen IS NULL OR amount_fen >= 0", name="ck_stats_amount_nonnegative"),
        Index("ix_case_stats_closed", "closed_on", "outcome"),
    )

    case_id: int = Field(sa_column=Column(Integer, ForeignKey("dispute_case.id", ondelete="CASCADE"), primary_key=True))
    difficulty: str = Field(default="一般", max_length=10)
    people_involved: int = 0
    amount_fen: int | None = None
    self_performed: bool = False
    migrant_worker: bool = False
    dispute_began_on: dt.date | None = None
    confirmation: str | None = Field(default=None, max_length=10)
    confirmation_ruled_on: dt.date | None = None
    confirmation_ruling: str = Field(default="", max_length=100)
    prevent_screened: int | None = None
    prevent_dispute: int | None = None
    prevent_suicide: int | None = None
    prevent_crime: int | None = None
    prevent_petition: int | None = None
    prevent_fight: int | None = None
    formed_incident: int | None = None
    formed_petition: int | None = None
    elderly: bool = False
    disabled: bool = False
    seriously_ill: bool = False
    pregnant: bool = False
    minor: bool = False
    low_income: bool = False
    closed_on: dt.date | None = None
    outcome: str | None = Field(default=None, max_length=10)
    agreement_form: str | None = Field(default=None, max_length=10)


class ReportSnapshotRow(SQLModel, table=True):
    """A confirmed statistics report, frozen: its figures as JSON never change; a correction is a new
    version (`replaces_id`, `reason`), both kept (services.statistics.snapshots)."""

    __tablename__ = "report_snapshot"
    __table_args__ = (
        UniqueConstraint("kind", "year", "period", "subject", "version", name="uq_report_snapshot_subject_version"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=10)  # monthly / quarterly / annual; subsidy: a 以案定补 claim list (0014)
    year: int
    period: int  # month 1-12, quarter 1-4, 0 for the year
    subject: str = Field(
        default="", max_length=100, sa_column_kwargs={"server_default": ""}
    )  # whose: a claim list's mediator, "" for a report
    version: int
    figures: str  # JSON of the report's tables
    digest: str = Field(max_length=64)  # SHA-256 of `figures`, also written to the audit row
    confirmed_at: dt.datetime
    confirmed_by: str = Field(max_length=100)
    reason: str = ""
    replaces_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("report_snapshot.id")))


def _local_time() -> Column[dt.datetime]:
    return Column(DateTime(), nullable=True)


class HotlineOrderRow(SQLModel, table=True):
    """A 12345 hotline work order (`domain.hotline.HotlineOrder`; migration 0009, docs/hotline.md). Its
    times are local wall-clock times, as the hotline's export gives them."""

    __tablename__ = "hotline_order"
    __table_args__ = (
        UniqueConstraint("committee_id", "order_no", name="uq_hotline_order_no"),
        Index("ix_hotline_order_status", "status", "assigned_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    committee_id: int = Field(foreign_key="committee.id")
    order_no: str = Field(max_length=60)
    order_type: str = Field(default="", max_length=200)
    title: str = Field(default="", max_length=200)
    caller: str = Field(default="", max_length=200)
    phone: str = Field(default="", max_length=20)
    content: str
    address: str = Field(default="", max_length=200)
    assigned_at: dt.datetime | None = Field(default=None, sa_column=_local_time())
    deadline: dt.date | None = None
    host_unit: str = Field(default="", max_length=200)
    status: str = Field(max_length=10)
    case_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("dispute_case.id", ondelete="SET NULL"), nullable=True, index=True),
    )
    signed_at: dt.datetime | None = Field(default=None, sa_column=_local_time())
    signed_by: str = Field(default="", max_length=100)
    return_reason: str = ""
    extension_reason: str = ""
    extension_until: dt.date | None = None
    extension_basis: str = Field(default="", max_length=200)
    reply_result: str | None = Field(default=None, max_length=10)
    reply_done: str = ""
    reply_contact: str = ""
    reply_agreement: str = ""
    reply_handler: str = Field(default="", max_length=100)
    reply_unit: str = Field(default="", max_length=100)
    replied_at: dt.datetime | None = Field(default=None, sa_column=_local_time())
    approved_by: str = Field(default="", max_length=100)
    approved_at: dt.datetime | None = Field(default=None, sa_column=_local_time())
    sent_at: dt.datetime | None = Field(default=None, sa_column=_local_time())
    satisfaction: str = Field(default="", max_length=20)
    satisfaction_note: str = ""
