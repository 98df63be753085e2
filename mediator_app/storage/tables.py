"""SQLModel tables (suffix `Row`) for the dispute file. Only storage/ sees these; others get domain objects.

Money is an integer number of 分 (`amount_fen`, CHECK >= 0). Parties are numbered per case (`seq`)
and terms refer to them by that number, as the domain does.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Column, DateTime, ForeignKey, Index, Integer, LargeBinary, UniqueConstraint
from sqlalchemy import false as sa_false
from sqlalchemy import text as sa_text
from sqlmodel import Field, SQLModel


def _fk(target: str, *, nullable: bool = False, index: bool = True) -> Column[int]:
    return Column(Integer, ForeignKey(target, ondelete="CASCADE"), nullable=nullable, index=index)


class CommitteeRow(SQLModel, table=True):
    __tablename__ = "committee"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100)
    short_name: str = Field(max_length=20)
    address: str = Field(default="", max_length=200)
    court: str = Field(default="", max_length=100)
    case_number_pattern: str = Field(max_length=100)
    phone: str = Field(default="", max_length=30, sa_column_kwargs={"server_default": ""})  # on the 受理回执


class MediatorRow(SQLModel, table=True):
    __tablename__ = "mediator"

    id: int | None = Field(default=None, primary_key=True)
    committee_id: int = Field(sa_column=_fk("committee.id"))
    name: str = Field(max_length=100)
    sex: str = Field(default="", max_length=2)
    phone: str = Field(default="", max_length=20)
    role: str = Field(default="调解员", max_length=20)
    active: bool = Field(default=True)


class CaseCounterRow(SQLModel, table=True):
    """Last sequence number issued per committee and year; only ever increases, so numbers are never reused."""

    __tablename__ = "case_counter"

    committee_id: int = Field(foreign_key="committee.id", primary_key=True)
    year: int = Field(primary_key=True)
    last_seq: int = Field(default=0)


class CaseRow(SQLModel, table=True):
    __tablename__ = "dispute_case"
    __table_args__ = (
        UniqueConstraint("committee_id", "number"),
        UniqueConstraint("committee_id", "year", "seq"),
        # The case list (services.caselist): one covering index per sort order, holding every filter
        # column, so that a page is one ordered index scan without reading the (wide) rows.
        Index("ix_case_list_date", "registered_on", "status", "dispute_type", "source", "due_on"),
        Index("ix_case_list_number", "year", "seq", "status", "dispute_type", "source", "registered_on", "due_on"),
        Index("ix_case_list_type", "dispute_type", "registered_on", "status", "source", "due_on"),
        Index("ix_case_list_stage", "status", "registered_on", "dispute_type", "source", "due_on"),
        # The default order: special-group cases first, then by date (migration 0012, docs/linkage.md).
        Index("ix_case_list_priority", "priority", "registered_on", "status", "dispute_type", "source", "due_on"),
        # The statistics (storage.stats_query): 新收 by type and by committee without reading the rows.
        Index("ix_case_accepted", "accepted_on", "dispute_type", "committee_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    committee_id: int = Field(foreign_key="committee.id", index=True)
    number: str = Field(max_length=100, index=True)
    year: int
    seq: int = Field(index=True)  # search: "12" finds 第12号 of every year
    title: str = Field(default="", max_length=200)
    dispute_type: str = Field(max_length=40)  # indexed by ix_case_list_type
    source: str = Field(max_length=40)
    source_ref: str = Field(default="", max_length=100)
    referral_court: str = Field(default="", max_length=100)
    referral_ref: str = Field(default="", max_length=100)
    referral_deadline: dt.date | None = None
    referral_body: str = Field(default="", max_length=100)  # a non-court referral's sender (migration 0011)
    subject_location: str = Field(default="", max_length=200)  # 标的物所在地 (migration 0011)
    registered_on: dt.date  # indexed by ix_case_list_date
    accepted_on: dt.date | None = None
    facts: str
    claims: str = ""
    recorder: str = Field(default="", max_length=100)
    privacy_notice_on: dt.date | None = None  # PIPL notice acknowledged at intake (migration 0007)
    retention: str = Field(default="10年", max_length=10)  # 保管期限 (migration 0007)
    status: str = Field(default="登记", max_length=20)  # indexed by ix_case_list_stage
    created_at: dt.datetime
    updated_at: dt.datetime
    # Derived (storage.derived.sync_case, in the same transaction as every change): the case counts as
    # overdue in the case list after this date (procedure.deadlines.overdue_from).
    due_on: dt.date | None = None
    # Derived likewise: its parties include a special group (case_stats; migration 0012).
    priority: bool = Field(default=False, sa_column_kwargs={"server_default": sa_false()})
    # Raised by every save of the contents; a save of an older version is refused (repository.update_case).
    version: int = Field(default=1, sa_column_kwargs={"server_default": sa_text("1")})


class CaseMediatorRow(SQLModel, table=True):
    """Presiding mediators of a case, in the order they sign."""

    __tablename__ = "case_mediator"
    __table_args__ = (UniqueConstraint("case_id", "position"), Index("ix_case_mediator_name_case", "name", "case_id"))

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(sa_column=_fk("dispute_case.id"))
    position: int
    name: str = Field(max_length=100)


class PartyRow(SQLModel, table=True):
    __tablename__ = "party"
    __table_args__ = (UniqueConstraint("case_id", "seq"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(sa_column=_fk("dispute_case.id"))
    seq: int
    role: str = Field(max_length=10)
    kind: str = Field(max_length=20)
    name: str = Field(max_length=100, index=True)
    id_type: str = Field(default="居民身份证", max_length=20)
    id_number: str = Field(default="", max_length=40, index=True)
    sex: str = Field(default="", max_length=2)
    birth_date: dt.date | None = None
    ethnicity: str = Field(default="", max_length=20)
    occupation: str = Field(default="", max_length=100)
    address: str = Field(default="", max_length=200, index=True)  # the repeat-dispute check
    phone: str = Field(default="", max_length=20)
    uscc: str = Field(default="", max_length=18, index=True)
    legal_rep: str = Field(default="", max_length=100)
    legal_rep_title: str = Field(default="", max_length=50)
    capacity: str = Field(default="完全民事行为能力", max_length=20)  # an adult's (migration 0011)


class RepresentativeRow(SQLModel, table=True):
    __tablename__ = "representative"
    __table_args__ = (UniqueConstraint("party_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    party_id: int = Field(sa_column=_fk("party.id"))
    position: int
    kind: str = Field(max_length=10)
    name: str = Field(max_length=100)
    id_type: str = Field(default="居民身份证", max_length=20)
    id_number: str = Field(default="", max_length=40)
    phone: str = Field(default="", max_length=20)
    relation: str = Field(default="", max_length=50)


class AgreementRow(SQLModel, table=True):
    __tablename__ = "agreement"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(
        sa_column=Column(Integer, ForeignKey("dispute_case.id", ondelete="CASCADE"), nullable=False, unique=True)
    )
    disputed_matters: str = ""
    responsibilities: str = ""
    breach_clause: str = ""
    signed_on: dt.date | None = None


class TermRow(SQLModel, table=True):
    __tablename__ = "agreement_term"
    __table_args__ = (
        UniqueConstraint("agreement_id", "seq"),
        CheckConstraint("amount_fen IS NULL OR amount_fen >= 0", name="ck_term_amount_nonnegative"),
    )

    id: int | None = Field(default=None, primary_key=True)
    agreement_id: int = Field(sa_column=_fk("agreement.id"))
    seq: int
    obligor_seq: int
    obligee_seq: int | None = None
    action: str
    amount_fen: int | None = None
    deadline: dt.date
    manner: str = Field(default="", max_length=500)
    place: str = Field(default="", max_length=200)


class UserAccountRow(SQLModel, table=True):
    """A local account (docs/privacy.md): only the Argon2id hash of the password is kept."""

    __tablename__ = "user_account"
    __table_args__ = (UniqueConstraint("login", name="uq_user_account_login"),)

    id: int | None = Field(default=None, primary_key=True)
    login: str = Field(max_length=40)
    display_name: str = Field(max_length=40)
    role: str = Field(max_length=20)
    password_hash: str = Field(max_length=200)
    failed_count: int = Field(default=0)
    locked_until: dt.datetime | None = Field(default=None)
    active: bool = Field(default=True)
    created_at: dt.datetime
    changed_at: dt.datetime
    # The committee the person works in; None: the whole centre (director, administrator). Migration 0013.
    committee_id: int | None = Field(default=None, foreign_key="committee.id")


class AccessSettingRow(SQLModel, table=True):
    """One access setting (lockout, idle lock) by name; a missing row means the default."""

    __tablename__ = "access_setting"

    name: str = Field(max_length=40, primary_key=True)
    value: int


class AuditRow(SQLModel, table=True):
    """Who did what to which case, and when. Details never hold unmasked personal data."""

    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(index=True)
    actor: str = Field(max_length=100)
    case_id: int | None = Field(default=None, index=True)
    action: str = Field(max_length=40)
    detail: str = ""
    # The hash chain (storage.audit_chain): the previous row's row_hash and this row's own.
    prev_hash: str = Field(default="", max_length=64)
    row_hash: str = Field(default="", max_length=64)


class ProcedureRow(SQLModel, table=True):
    """What the procedure has recorded about a case (1:1 with the case; the stage is `dispute_case.status`)."""

    __tablename__ = "case_procedure"

    case_id: int = Field(sa_column=Column(Integer, ForeignKey("dispute_case.id", ondelete="CASCADE"), primary_key=True))
    handled_elsewhere: bool = False
    refusal_note: str = ""
    escalation_risk: bool = False
    risk_reported_on: dt.date | None = None
    risk_reported_to: str = Field(default="", max_length=100)
    rights_notified_on: dt.date | None = None
    mediator_choice: str = Field(default="", max_length=200)
    publicity: str = Field(default="", max_length=10)
    mediation_days: int = 30
    decline_reason: str = ""
    declined_on: dt.date | None = None
    termination_reason: str = ""
    terminated_on: dt.date | None = None
    routes_notified: bool = False
    oral_content: str = ""
    oral_reached_on: dt.date | None = None
    parties_signed_on: dt.date | None = None
    mediator_signed_on: dt.date | None = None
    sealed_on: dt.date | None = None
    confirmation_court: str = Field(default="", max_length=100)
    confirmation_applied_on: dt.date | None = None
    confirmation_decided_on: dt.date | None = None
    court_case_number: str = Field(default="", max_length=100)
    archived_from: str = Field(default="", max_length=20)
    archived_on: dt.date | None = None


class StepRecordRow(SQLModel, table=True):
    """调查记录 and 调解记录."""

    __tablename__ = "step_record"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(sa_column=_fk("dispute_case.id"))
    kind: str = Field(max_length=10)
    held_at: dt.datetime = Field(sa_column=Column(DateTime(), nullable=False))  # local wall-clock time
    place: str = Field(default="", max_length=200)
    staff: str = Field(default="", max_length=200)
    recorder: str = Field(default="", max_length=100)
    subject: str = Field(default="", max_length=200)
    participants: str = Field(default="", max_length=500)
    parties_present: str = Field(default="", max_length=1000)
    content: str = ""
    result: str = ""


class ReturnVisitRow(SQLModel, table=True):
    __tablename__ = "return_visit"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(sa_column=_fk("dispute_case.id"))
    visited_on: dt.date
    visitor: str = Field(max_length=100)
    visited: str = Field(max_length=500)
    satisfaction: str = Field(max_length=10)
    new_risk: str = ""
    note: str = ""


class WorkOrderRow(SQLModel, table=True):
    """A 工作联系单/协办函 to another unit, and the unit's reply (docs/linkage.md)."""

    __tablename__ = "work_order"
    __table_args__ = (
        UniqueConstraint("case_id", "seq", name="uq_work_order_case_seq"),
        CheckConstraint("limit_days >= 1", name="ck_work_order_limit_days"),
        Index("ix_work_order_open_due", "replied_on", "due_on"),  # 今日待办: the open ones by due date
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(sa_column=_fk("dispute_case.id"))
    seq: int
    unit: str = Field(max_length=100)
    matter: str
    action: str
    limit_days: int  # working days
    issued_on: dt.date
    due_on: dt.date
    issued_by: str = Field(max_length=100)
    replied_on: dt.date | None = None
    reply: str = Field(default="", sa_column_kwargs={"server_default": ""})
    reply_by: str = Field(default="", max_length=100, sa_column_kwargs={"server_default": ""})


class LegalSupportRow(SQLModel, table=True):
    """A 法律支持申请 to the judges' workstation or 12368, and its answer (docs/linkage.md)."""

    __tablename__ = "legal_support"
    __table_args__ = (UniqueConstraint("case_id", "seq", name="uq_legal_support_case_seq"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(sa_column=_fk("dispute_case.id"))
    seq: int
    recipient: str = Field(max_length=100)
    summary: str  # as sent: masked for the recipient's purpose
    question: str
    asked_on: dt.date
    asked_by: str = Field(max_length=100)
    answered_on: dt.date | None = None
    answer: str = Field(default="", sa_column_kwargs={"server_default": ""})
    answered_by: str = Field(default="", max_length=100, sa_column_kwargs={"server_default": ""})


class SatisfactionVisitRow(SQLModel, table=True):
    """A satisfaction return visit after closure (docs/linkage.md)."""

    __tablename__ = "satisfaction_visit"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(sa_column=_fk("dispute_case.id"))
    visited_on: dt.date
    visitor: str = Field(max_length=100)
    visited: str = Field(max_length=100)
    result: str = Field(max_length=10)
    reason: str = Field(default="", sa_column_kwargs={"server_default": ""})


class WorkUnitRow(SQLModel, table=True):
    """One unit of the committee's list for work orders (a setting; none: the shipped defaults)."""

    __tablename__ = "work_unit"
    __table_args__ = (UniqueConstraint("name", name="uq_work_unit_name"),)

    id: int | None = Field(default=None, primary_key=True)
    position: int
    name: str = Field(max_length=100)


class TermCheckRow(SQLModel, table=True):
    __tablename__ = "visit_term_check"
    __table_args__ = (UniqueConstraint("visit_id", "term_seq"),)

    id: int | None = Field(default=None, primary_key=True)
    visit_id: int = Field(sa_column=_fk("return_visit.id"))
    term_seq: int
    status: str = Field(max_length=10)
    note: str = ""


class TransitionRow(SQLModel, table=True):
    """The case history: every transition, who, when, from, to, why."""

    __tablename__ = "transition_log"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(sa_column=_fk("dispute_case.id"))
    at: dt.datetime
    actor: str = Field(max_length=100)
    event: str = Field(max_length=20)
    from_stage: str = Field(max_length=20)
    to_stage: str = Field(max_length=20)
    note: str = ""


class SearchDocRow(SQLModel, table=True):
    """What the case search indexes, one row per case (`storage.search`, docs/search.md).

    Exactly the text the contentless FTS5 tables ``search_fts_<tier>`` (migration 0003, not SQLModel)
    indexed, so that it can be removed from them again (FTS5 ``delete`` needs the old values) and
    shown in results. The free texts are stored zlib-compressed (half the size). Written only by
    `storage.search`, in the same transaction as the case; no foreign key, because a row may only
    disappear together with its FTS entries.
    """

    __tablename__ = "search_doc"

    case_id: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    entry_map: str = ""
    number: str = ""
    names: str = ""
    ids: str = ""
    addresses: str = ""
    texts_z: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class SearchMetaRow(SQLModel, table=True):
    """State of the search index: ``version`` (of the index format) and ``state`` (``ok`` / ``stale``)."""

    __tablename__ = "search_meta"

    key: str = Field(primary_key=True, max_length=40)
    value: str = Field(default="", max_length=200)


# The features' own tables (statistics, confirmed reports, 12345 work orders) live in
# storage/feature_tables.py; importing it here keeps "import tables" registering every table on
# SQLModel.metadata, which migrations/env.py, copy_db and the bulk writer rely on.
import mediator_app.storage.feature_tables  # noqa: E402, F401
