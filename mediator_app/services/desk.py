"""The one road from the UI to the services: `Desk`, one typed method per thing a screen asks for.

A `Desk` holds the open `Database` and delegates to the service modules (`cases`, `caselist`,
`search`, `history`, `procedure`); it adds no rules of its own, so the command line and the tests
keep calling the service modules directly and see the same behaviour.

How the UI uses it (docs/architecture.md, "Start-up"): the first database job builds
the desk on the database thread (`Desk.open`: importing this module pulls in SQLAlchemy, SQLModel
and Alembic: docs/tech-notes.md, "Import costs and the start-up floor"; they must not block the
first paint); the
window keeps it and every later job is `run_db(lambda: desk.method(...), owner=...)`, with the
arguments read from the widgets before the job is queued (the worker never touches a widget). The UI
imports this module only under TYPE_CHECKING; the types the screens hold (`CaseFilter`, `Stage`,
the domain model) come from modules that import no SQLAlchemy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from pathlib import Path

from mediator_app.documents.access_report import AccessReport
from mediator_app.domain.access import LOCAL_ACTOR, Actor, Permission, Role
from mediator_app.domain.model import Agreement, Case, Committee, Party
from mediator_app.domain.records import ProcedureState, ReturnVisit, StepRecord
from mediator_app.domain.stages import Stage
from mediator_app.domain.statistics import CaseStats, Confirmation
from mediator_app.errors import UserFacingError
from mediator_app.procedure.machine import Decision
from mediator_app.services import (
    access,
    accounts,
    audit,
    backup,
    caselist,
    cases,
    dashboard,
    dossier_audit,
    history,
    holidays,
    integrity,
    oral_entry,
    privacy,
    procedure,
    search,
)
from mediator_app.services.access import AccessSettings, AccountInfo
from mediator_app.services.audit import AuditReport
from mediator_app.services.backup import BackupResult
from mediator_app.services.calendar import holiday_calendar, next_year_missing
from mediator_app.services.caselist import CaseFilter, CaseListRow, CaseSort, FilterChoices, ListCount
from mediator_app.services.centre_desk import CentreDesk
from mediator_app.services.dashboard import Dashboard
from mediator_app.services.encryption import Encrypted
from mediator_app.services.history import EarlierDispute
from mediator_app.services.hotline import orders as hotline_orders
from mediator_app.services.hotline.desk import HotlineDesk
from mediator_app.services.integrity import GoodBackup
from mediator_app.services.linkage_desk import LinkageDesk
from mediator_app.services.oral_entry import OralEntry
from mediator_app.services.privacy import RetentionDue, Revealed, RevealedValue
from mediator_app.services.procedure import ConfirmationPreview, TodoItem, WorkflowView
from mediator_app.services.search import SearchResult
from mediator_app.services.statistics import facts as stats_facts
from mediator_app.services.statistics import snapshots
from mediator_app.services.statistics import workflow as stats_workflow
from mediator_app.services.statistics.period import Period
from mediator_app.services.statistics.report import Report
from mediator_app.storage import server_probe
from mediator_app.storage.audit_chain import Head
from mediator_app.storage.audit_query import AuditEntry, AuditFilter
from mediator_app.storage.backup import BackupFile, Progress, backup_folder, list_backups
from mediator_app.storage.database import Database
from mediator_app.storage.integrity import CheckResult
from mediator_app.storage.server_probe import ServerCheck


class Desk:
    """The services over one open database. Every method but `agreement_editable` reads or writes the
    database, so it runs on the database thread (`run_db`)."""

    def __init__(self, db: Database, path: Path | None = None, drafts_anchor: Path | None = None) -> None:
        self.db = db
        self.path = path  # the database file, for its backups (None: backups are not offered)
        # Unsaved long records are kept beside this path (the file's, or one per server: paths.py).
        self.drafts_anchor = drafts_anchor or path

    @classmethod
    def open(cls, location: Path | str, *, passphrase: str | None = None, recovery_code: str | None = None) -> Desk:
        """Open (and migrate) the data file or the server's database (a ``postgresql://`` URL, whose
        backups are the server's: docs/centre.md); a newer one is refused with a `UserFacingError`; an
        encrypted file whose key is not at hand with `keys.KeyProblem` (ask for a passphrase or code)."""
        if isinstance(location, str):
            from mediator_app.paths import server_drafts_anchor, stats_location

            opened = cases.open_database(location, stats_db=stats_location())  # the read replica, if set
            return cls(opened, None, server_drafts_anchor(location))
        return cls(cases.open_database(location, passphrase=passphrase, recovery_code=recovery_code), location)

    def close(self) -> None:
        self.db.close()

    # -- who is acting (services/access.py, services/accounts.py) ---------------------------------

    @property
    def actor(self) -> Actor | None:
        """The person acting (None: nobody has logged in on a file with accounts). A plain attribute:
        may be asked on the GUI thread."""
        return self.db.actor

    def has_accounts(self) -> bool:
        return access.has_accounts(self.db)

    def access_settings(self) -> AccessSettings:
        return access.get_settings(self.db)

    def save_access_settings(self, settings: AccessSettings) -> AccessSettings:
        return access.save_settings(self.db, settings)

    def login(self, login: str, password: str) -> Actor:
        return access.login(self.db, login, password)

    def unlock_screen(self, password: str) -> Actor:
        return access.unlock_screen(self.db, password)

    def create_first_admin(self, login: str, display_name: str, password: str) -> Actor:
        return accounts.create_first_admin(self.db, login, display_name, password)

    def list_accounts(self) -> list[AccountInfo]:
        return accounts.list_accounts(self.db)

    def add_account(self, login: str, display_name: str, role: Role, password: str) -> AccountInfo:
        return accounts.add_account(self.db, login, display_name, role, password)

    def reset_password(self, login: str, new_password: str) -> None:
        accounts.reset_password(self.db, login, new_password)

    def set_role(self, login: str, role: Role) -> None:
        accounts.set_role(self.db, login, role)

    def set_active(self, login: str, active: bool) -> None:
        accounts.set_active(self.db, login, active)

    @property
    def centre(self) -> CentreDesk:
        """A centre's committees and each account's committee (docs/centre.md)."""
        return CentreDesk(self.db)

    @property
    def linkage(self) -> LinkageDesk:
        """Work orders to other units, 法律支持申请 and 满意度回访 (docs/linkage.md)."""
        return LinkageDesk(self.db)

    # -- the committee -----------------------------------------------------------------------------

    def committee(self) -> Committee | None:
        return cases.get_committee(self.db)

    def save_committee(self, committee: Committee) -> Committee:
        return cases.save_committee(self.db, committee)

    # -- one case ----------------------------------------------------------------------------------

    def get_case(self, case_id: int) -> Case:
        return cases.get_case(self.db, case_id)

    def register_case(self, case: Case, special_groups: Collection[str] = (), committee_id: int | None = None) -> Case:
        """`committee_id`: the committee a centre-wide person chose (None: the person's or the centre's own)."""
        return cases.register_case(self.db, case, special_groups=special_groups, committee_id=committee_id)

    def update_case(self, case: Case, base: Case | None = None) -> Case:
        """Save a changed case; `base`: the stored copy the edit started from (`cases.update_case`)."""
        return cases.update_case(self.db, case, base=base)

    def save_agreement(self, case_id: int, agreement: Agreement) -> Case:
        return cases.save_agreement(self.db, case_id, agreement)

    def void_case(self, case_id: int, reason: str) -> str:
        return cases.void_case(self.db, case_id, reason)

    @staticmethod
    def agreement_editable(stage: Stage) -> bool:
        """Whether the terms may still change at this stage (pure: may be asked on the GUI thread);
        `save_agreement` enforces the same rule."""
        return stage in cases.AGREEMENT_EDITABLE

    # -- the case list, 查找, earlier disputes -----------------------------------------------------

    def case_count(self, f: CaseFilter) -> int:
        return caselist.count(self.db, f)

    def case_page(
        self, f: CaseFilter, sort: CaseSort, offset: int, limit: int, total: int | None = None
    ) -> list[CaseListRow]:
        return caselist.page(self.db, f, sort, offset, limit, total)

    def first_page(self, f: CaseFilter, sort: CaseSort, limit: int) -> tuple[ListCount, list[CaseListRow]]:
        """The count as far as known (exact, or "more than" on PostgreSQL) and the first page, in one job."""
        return caselist.first_page(self.db, f, sort, limit)

    def filter_choices(self) -> FilterChoices:
        return caselist.choices(self.db)

    def search(self, text: str) -> SearchResult:
        return search.search(self.db, text)

    def earlier_disputes(
        self, parties: Sequence[Party], exclude_case_id: int | None, limit: int
    ) -> list[EarlierDispute]:
        return history.earlier_disputes(self.db, parties, exclude_case_id=exclude_case_id, limit=limit)

    # -- the procedure: what stands, what is due ---------------------------------------------------

    def workflow(self, case_id: int, today: dt.date) -> WorkflowView:
        return procedure.workflow(self.db, case_id, today)

    def todo_list(self, today: dt.date) -> list[TodoItem]:
        """The cases' time limits, work orders and visits, and the 12345 work orders' (docs/hotline.md), in
        `todo_order`: overdue first, special groups first within each."""
        items = procedure.todo_list(self.db, today) + hotline_orders.todo_items(self.db, today)
        return sorted(items, key=procedure.todo_order)

    @property
    def hotline(self) -> HotlineDesk:
        """The 12345 work-order window's methods (docs/hotline.md)."""
        return HotlineDesk(self.db)

    def confirmation_preview(
        self, case_id: int, applicant_seqs: Sequence[int], applied_on: dt.date, today: dt.date
    ) -> ConfirmationPreview:
        return procedure.confirmation_preview(self.db, case_id, applicant_seqs, applied_on, today)

    # -- the procedure: steps (each refused with `ProcedureRefused` when the law does not allow it) --

    def accept(
        self, case_id: int, rights_notified_on: dt.date | None, handled_elsewhere: bool, today: dt.date
    ) -> Decision:
        return procedure.accept(self.db, case_id, rights_notified_on, handled_elsewhere, today=today)

    def decline(self, case_id: int, reason: str, today: dt.date) -> Decision:
        return procedure.decline(self.db, case_id, reason, today=today)

    def record_investigation(self, case_id: int, record: StepRecord, today: dt.date) -> Decision:
        return procedure.record_investigation(self.db, case_id, record, today=today)

    def record_session(
        self, case_id: int, record: StepRecord, mediator_choice: str | None, publicity: str | None, today: dt.date
    ) -> Decision:
        return procedure.record_session(self.db, case_id, record, mediator_choice, publicity, today=today)

    def conclude_written(self, case_id: int, today: dt.date) -> Decision:
        return procedure.conclude_written(self.db, case_id, today=today)

    def conclude_oral(self, case_id: int, content: str, reached_on: dt.date, today: dt.date) -> Decision:
        return procedure.conclude_oral(self.db, case_id, content, reached_on, today=today)

    def terminate(self, case_id: int, reason: str, routes_notified: bool, today: dt.date) -> Decision:
        return procedure.terminate(self.db, case_id, reason, routes_notified, today=today)

    def start_performance(self, case_id: int, today: dt.date) -> Decision:
        return procedure.start_performance(self.db, case_id, today=today)

    def record_visit(self, case_id: int, visit: ReturnVisit, today: dt.date) -> Decision:
        return procedure.record_visit(self.db, case_id, visit, today=today)

    def apply_confirmation(
        self, case_id: int, court: str, applicant_seqs: Sequence[int], applied_on: dt.date, today: dt.date
    ) -> Decision:
        return procedure.apply_confirmation(self.db, case_id, court, applicant_seqs, applied_on, today=today)

    def record_confirmation_result(
        self, case_id: int, ruling: Confirmation, decided_on: dt.date, court_case_number: str, today: dt.date
    ) -> Decision:
        return procedure.record_confirmation_result(
            self.db, case_id, ruling, decided_on, court_case_number, today=today
        )

    def dossier_lacks(self, case_id: int) -> tuple[str, ...]:
        """What the case's dossier lacks, asked before 结案归档 (services/dossier_audit.py)."""
        return dossier_audit.case_lacks(self.db, case_id)

    def archive(self, case_id: int, today: dt.date) -> Decision:
        return procedure.archive(self.db, case_id, today=today)

    def reopen(self, case_id: int, reason: str, today: dt.date) -> Decision:
        return procedure.reopen(self.db, case_id, reason, today=today)

    # -- the procedure: facts recorded between steps -----------------------------------------------

    def record_refusal(self, case_id: int, note: str) -> ProcedureState:
        return procedure.record_refusal(self.db, case_id, note)

    def record_risk(self, case_id: int, risk: bool, reported_on: dt.date | None, reported_to: str) -> ProcedureState:
        return procedure.record_risk(self.db, case_id, risk, reported_on, reported_to)

    def record_choices(self, case_id: int, mediator_choice: str, publicity: str) -> ProcedureState:
        return procedure.record_choices(self.db, case_id, mediator_choice, publicity)

    def record_signatures(
        self,
        case_id: int,
        parties_signed_on: dt.date | None,
        mediator_signed_on: dt.date | None,
        sealed_on: dt.date | None,
    ) -> ProcedureState:
        return procedure.record_signatures(self.db, case_id, parties_signed_on, mediator_signed_on, sealed_on)

    def extend_mediation(self, case_id: int, extra_days: int, both_parties_consent: bool) -> ProcedureState:
        return procedure.extend_mediation(self.db, case_id, extra_days, both_parties_consent)

    # -- statistics (services/statistics/, services/oral_entry.py) ---------------------------------

    def record_oral_case(self, entry: OralEntry, today: dt.date, committee_id: int | None = None) -> Case:
        return oral_entry.record_oral_case(self.db, entry, today, committee_id=committee_id)

    def case_stats(self, case_id: int) -> CaseStats:
        return stats_facts.get_stats(self.db, case_id)

    def save_case_stats(self, case_id: int, stats: CaseStats, today: dt.date) -> CaseStats:
        return stats_facts.save_stats(self.db, case_id, stats, today)

    def statistics_report(
        self, period: Period, today: dt.date, fresh: bool = False, committee_id: int | None = None
    ) -> Report:
        """The period's newest confirmed report, or (`fresh`, or none confirmed) one generated now; of
        `committee_id` (a centre-wide person's choice), else the person's committee or the centre."""
        if fresh:
            return stats_workflow.generate(self.db, period, today, committee_id)
        return stats_workflow.current(self.db, period, today, committee_id)

    def confirm_report(self, report: Report, actor: str, reason: str) -> Report:
        return snapshots.confirm(self.db, report, actor, reason)

    def report_file(self, report: Report, suffix: str) -> bytes:
        return stats_workflow.file_bytes(self.db, report, suffix)

    # -- the audit trail (services/audit.py) ----------------------------------------------------------

    def audit_entries(self, f: AuditFilter) -> list[AuditEntry]:
        return audit.entries(self.db, f)

    def audit_choices(self) -> tuple[list[str], list[str]]:
        return audit.filter_choices(self.db)

    def verify_audit(self) -> AuditReport:
        return audit.verify(self.db)

    def reveal(self, case_id: int, party_seq: int, what: Revealed) -> RevealedValue:
        return privacy.reveal(self.db, case_id, party_seq, what)

    def access_report_pdf(self, id_number: str, today: dt.date) -> tuple[AccessReport, bytes]:
        return privacy.access_report_pdf(self.db, id_number, today)

    def past_retention(self, today: dt.date) -> list[RetentionDue]:
        return privacy.past_retention(self.db, today)

    def correct_party(self, case_id: int, corrected: Party, requested_by: str, today: dt.date) -> list[str]:
        return privacy.correct_party(self.db, case_id, corrected, requested_by, today)

    @staticmethod
    def check_server(url: str) -> ServerCheck:
        """设置 → 数据库's connection test: one connection, nothing written (`storage.server_probe`)."""
        return server_probe.check_server(url)

    def change_stamp(self) -> Head:
        """Moves whenever anyone commits a write (`audit.change_stamp`); also the cheap probe of a server."""
        return audit.change_stamp(self.db)

    @property
    def stats_note(self) -> str | None:
        """Why the last statistics were read from the database itself, not from the read replica that is
        set (docs/centre.md); None when they were not. A plain attribute: asked on the GUI thread."""
        return self.db.stats_note

    def dashboard(self, today: dt.date, committee_id: int | None = None) -> Dashboard:
        return dashboard.dashboard(self.db, today, holiday_calendar(), committee_id)

    def holidays_missing(self, today: dt.date) -> int | None:
        return next_year_missing(today)

    def install_holidays(self, source: Path) -> list[int]:
        return holidays.install_holidays(self.db, source)

    def long_running_resolved(self, today: dt.date, committee_id: int | None = None) -> int:
        return dashboard.long_running_resolved(self.db, today, committee_id)

    # -- backups (services/backup.py) --------------------------------------------------------------

    def load_demo(self, n: int, seed: int) -> int:
        """Training cases (虚构, services.demo) into a database that has none; refused, in words, into
        one that holds real cases, where they would be mixed with them."""
        from mediator_app.services import demo

        existing = demo.case_count(self.db)
        if existing:
            raise UserFacingError(
                f"数据文件中已有 {existing} 件案件，演示案件会与它们混在一起。"
                "培训时请用一个新的数据文件启动程序，例如：mediator-app --db 培训.sqlite3"
            )
        return demo.fill_demo(self.db, n, seed)

    def _file(self) -> Path:
        if self.path is None:
            raise UserFacingError("这个数据库不是本机的数据文件，不能在这里备份")
        return self.path

    def backups(self) -> list[BackupFile]:
        """The backups beside the database, newest first (a folder listing: may be asked on the GUI thread)."""
        return [] if self.path is None else list_backups(backup_folder(self.path))

    def backup_age_days(self, today: dt.date) -> int | None:
        return None if self.path is None else backup.backup_age_days(self.path, today)

    def back_up(self, also_to: Path | None, progress: Progress | None = None) -> BackupResult:
        actor = access.require(self.db, Permission.BACKUP)
        return backup.make_backup(self._file(), "manual", also_to=also_to, progress=progress, actor=actor.audit_name)

    def daily_backup(self, today: dt.date) -> BackupResult | None:
        """The first start of a day backs the database up (kind ``daily``); None when today's exists.
        Any person logged in triggers it: a backup protects the file and shows nothing."""
        actor = access.require(self.db, Permission.VIEW)
        if self.path is None or any(b.kind == "daily" and b.made_at.date() == today for b in self.backups()):
            return None
        return backup.make_backup(self.path, "daily", actor=actor.audit_name)

    def exit_backup(self) -> BackupResult | None:
        """On closing: a backup when the newest is older than a day (services.backup.exit_backup)."""
        if self.path is None or self.db.read_only:  # nowhere beside a read-only file to put it
            return None
        actor = self.db.actor or LOCAL_ACTOR  # nobody logged in yet (a file with accounts closed at the login)
        return backup.exit_backup(self.path, actor=actor.audit_name)

    def restore(self, source: Path) -> Path:
        """Restore from `source`; returns where the safety copy of the data before it was put."""
        actor = access.require(self.db, Permission.BACKUP)
        return backup.restore(self._file(), source, actor=actor.audit_name)[1]

    def encrypt(self, passphrase: str | None) -> Encrypted:
        """Encrypt this plain file (services/encryption.py). The database is closed afterwards: the
        window ends and the program is started again on the encrypted file."""
        from mediator_app.services import encryption

        return encryption.encrypt(self.db, self._file(), passphrase)

    # -- integrity (services/integrity.py) ---------------------------------------------------------

    def check_integrity(self, today: dt.date) -> CheckResult:
        """The start's check (its own read-only connection: may run on a thread of its own); a damaged
        file stops every write through this desk."""
        result = integrity.check_at_start(self._file(), today)
        if not result.ok:
            self.db.writes_refused = integrity.damage_message(self._file(), result)
        return result

    def newest_good_backup(self) -> GoodBackup | None:
        return integrity.newest_good_backup(self._file())

    def restore_damaged(self, source: Path) -> Path:
        """Put the damaged file aside and `source` in its place; returns where the damaged file is kept."""
        self.db.engine.dispose()  # no connection may stay on the damaged file (the next use reconnects)
        aside = integrity.restore_damaged(self._file(), source)[1]
        self.db.writes_refused = None
        return aside
