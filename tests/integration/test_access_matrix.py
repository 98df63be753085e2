"""Every service called as every role (docs/privacy.md, "Accounts and roles"): a role the matrix
allows is never refused for its role; a role it does not allow gets a Chinese `PermissionDenied` and
nothing is written. A new public service function fails `test_every_service_is_in_the_table` until
it is listed here with the permission it needs."""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from mediator_app.domain.access import MATRIX, Actor, Permission, PermissionDenied, Role
from mediator_app.domain.hotline import Reply, ResultCode
from mediator_app.domain.model import Committee, Mediator
from mediator_app.domain.records import RecordKind, ReturnVisit, StepRecord
from mediator_app.domain.satisfaction import SatisfactionVisit
from mediator_app.domain.statistics import CaseStats, Confirmation, OralEntry
from mediator_app.errors import UserFacingError
from mediator_app.services import (
    access,
    accounts,
    audit,
    audit_anchor,
    caselist,
    cases,
    committees,
    dashboard,
    demo,
    dossier_audit,
    encryption,
    history,
    holidays,
    legal_support,
    oral_entry,
    privacy,
    procedure,
    satisfaction,
    search,
    subsidy,
    transfer,
    workorders,
)
from mediator_app.services.calendar import holiday_calendar
from mediator_app.services.desk import Desk
from mediator_app.services.hotline import importing as hotline_importing
from mediator_app.services.hotline import orders as hotline_orders
from mediator_app.services.hotline import replies as hotline_replies
from mediator_app.services.printing import DatabaseStore, PrintJob, read, render
from mediator_app.services.statistics import facts, scope, snapshots, workflow
from mediator_app.services.statistics.period import Kind, Period
from mediator_app.storage.audit_query import AuditFilter
from mediator_app.storage.database import Database
from tests.factories import REGISTERED_ON, make_case, make_committee

pytestmark = pytest.mark.engines  # on SQLite and on PostgreSQL

P = Permission
DAY = REGISTERED_ON
Call = Callable[[Database, int, Path], object]
SESSION = StepRecord(RecordKind.SESSION, dt.datetime(2026, 11, 5, 9), "调解室", "马德明", "高晓燕", "双方陈述")
MONTH = Period.of(Kind.MONTHLY, 2026, month=11)
VISIT = ReturnVisit(dt.date(2026, 12, 1), "马德明", "刘䶮", "满意")
NOW = dt.datetime(2026, 11, 3, 10)
REPLY = Reply(ResultCode.SOLVED, "上门调解", "11月3日与双方面谈", "", "马德明", "望京街道人民调解委员会")

HOLIDAYS_FILE = Path(__file__).resolve().parents[2] / "resources" / "calendar" / "cn-holidays.json"
SERVICES: dict[str, tuple[Permission, Call]] = {
    "cases.save_committee": (P.SETTINGS, lambda db, _c, _p: cases.save_committee(db, make_committee())),
    "cases.add_mediator": (P.SETTINGS, lambda db, _c, _p: cases.add_mediator(db, Mediator(name="王五"))),
    "cases.list_mediators": (P.VIEW, lambda db, _c, _p: cases.list_mediators(db)),
    "cases.committee_for": (P.VIEW, lambda db, _c, _p: cases.committee_for(db, None)),
    "cases.register_case": (P.REGISTER, lambda db, _c, _p: cases.register_case(db, make_case(2), DAY)),
    "cases.update_case": (P.EDIT, lambda db, c, _p: cases.update_case(db, cases.get_case(db, c), DAY)),
    "cases.save_agreement": (P.EDIT, lambda db, c, _p: cases.save_agreement(db, c, make_case(2).agreement)),  # type: ignore[arg-type]
    "cases.void_case": (P.VOID, lambda db, c, _p: cases.void_case(db, c, "重复登记")),
    "cases.delete_case": (P.VOID, lambda db, c, _p: cases.delete_case(db, c, "重复登记")),
    "cases.get_case": (P.VIEW, lambda db, c, _p: cases.get_case(db, c)),
    "cases.find_case": (P.VIEW, lambda db, _c, _p: cases.find_case(db, "（2026）望京西园调字第1号")),
    "cases.list_cases": (P.VIEW, lambda db, _c, _p: cases.list_cases(db)),
    "caselist.count": (P.VIEW, lambda db, _c, _p: caselist.count(db)),
    "caselist.first_page": (P.VIEW, lambda db, _c, _p: caselist.first_page(db)),
    "caselist.page": (P.VIEW, lambda db, _c, _p: caselist.page(db)),
    "caselist.choices": (P.VIEW, lambda db, _c, _p: caselist.choices(db)),
    "search.search": (P.VIEW, lambda db, _c, _p: search.search(db, "刘䶮")),
    "history.earlier_disputes": (P.VIEW, lambda db, _c, _p: history.earlier_disputes(db, make_case(2).parties)),
    "procedure.workflow": (P.VIEW, lambda db, c, _p: procedure.workflow(db, c, DAY)),
    "procedure.todo_list": (P.VIEW, lambda db, _c, _p: procedure.todo_list(db, DAY)),
    "procedure.confirmation_preview": (P.VIEW, lambda db, c, _p: procedure.confirmation_preview(db, c, [1], DAY, DAY)),
    "procedure.accept": (P.EDIT, lambda db, c, _p: procedure.accept(db, c, DAY, today=DAY)),
    "procedure.decline": (P.EDIT, lambda db, c, _p: procedure.decline(db, c, "不属于民间纠纷", today=DAY)),
    "procedure.record_investigation": (P.EDIT, lambda db, c, _p: procedure.record_investigation(db, c, SESSION, DAY)),
    "procedure.record_session": (P.EDIT, lambda db, c, _p: procedure.record_session(db, c, SESSION, today=DAY)),
    "procedure.conclude_written": (P.CONCLUDE, lambda db, c, _p: procedure.conclude_written(db, c, DAY)),
    "procedure.conclude_oral": (P.CONCLUDE, lambda db, c, _p: procedure.conclude_oral(db, c, "道歉", DAY, DAY)),
    "procedure.terminate": (P.CONCLUDE, lambda db, c, _p: procedure.terminate(db, c, "调解不成", True, DAY)),
    "procedure.start_performance": (P.EDIT, lambda db, c, _p: procedure.start_performance(db, c, DAY)),
    "procedure.record_visit": (P.EDIT, lambda db, c, _p: procedure.record_visit(db, c, VISIT, DAY)),
    "procedure.apply_confirmation": (
        P.EDIT,
        lambda db, c, _p: procedure.apply_confirmation(db, c, "朝阳区人民法院", [1], DAY, DAY),
    ),
    "procedure.record_confirmation_result": (
        P.EDIT,
        lambda db, c, _p: procedure.record_confirmation_result(
            db, c, Confirmation.CONFIRMED, DAY, "（2026）京0105民特1号", DAY
        ),
    ),
    "procedure.archive": (P.ARCHIVE, lambda db, c, _p: procedure.archive(db, c, DAY)),
    "dossier_audit.case_lacks": (P.ARCHIVE, lambda db, c, _p: dossier_audit.case_lacks(db, c)),
    "dossier_audit.audit_dossiers": (P.REPORT, lambda db, _c, _p: dossier_audit.audit_dossiers(db)),
    "procedure.reopen": (P.REOPEN, lambda db, c, _p: procedure.reopen(db, c, "当事人反映未履行", DAY)),
    "procedure.record_refusal": (P.EDIT, lambda db, c, _p: procedure.record_refusal(db, c, "李四明确拒绝")),
    "procedure.withdraw_refusal": (P.EDIT, lambda db, c, _p: procedure.withdraw_refusal(db, c, "误记")),
    "procedure.record_risk": (P.EDIT, lambda db, c, _p: procedure.record_risk(db, c, True, DAY, "派出所")),
    "procedure.record_choices": (P.EDIT, lambda db, c, _p: procedure.record_choices(db, c, "共同选择", "不公开")),
    "procedure.record_signatures": (P.EDIT, lambda db, c, _p: procedure.record_signatures(db, c, DAY, DAY, DAY)),
    "procedure.extend_mediation": (P.EDIT, lambda db, c, _p: procedure.extend_mediation(db, c, 15, True)),
    "procedure.update_state": (P.EDIT, lambda db, c, _p: procedure.update_state(db, c, lambda _s: None, "测试")),
    "transfer.import_case": (P.REGISTER, lambda db, _c, _p: transfer.import_case(db, make_case(2), DAY)),
    "transfer.export_case_file": (
        P.EXPORT,
        lambda db, _c, p: transfer.export_case_file(db, "（2026）望京西园调字第1号", p / "out.json"),
    ),
    "printing.read": (P.PRINT, lambda db, c, _p: read(DatabaseStore(db), c)),
    "printing.render": (
        P.PRINT,
        lambda db, c, _p: render(DatabaseStore(db), PrintJob.forms(c, ["mediation_application"])),
    ),
    "demo.fill_demo": (P.SETTINGS, lambda db, _c, _p: demo.fill_demo(db, 1, 1)),
    "demo.fill_demo_per_case": (P.SETTINGS, lambda db, _c, _p: demo.fill_demo_per_case(db, 1, 1)),
    "demo.ensure_demo_committee": (P.SETTINGS, lambda db, _c, _p: demo.ensure_demo_committee(db)),
    "access.save_settings": (P.ACCOUNTS, lambda db, _c, _p: access.save_settings(db, access.AccessSettings())),
    "accounts.add_account": (
        P.ACCOUNTS,
        lambda db, _c, _p: accounts.add_account(db, "wangwu", "王五", Role.MEDIATOR, "wangwu-2026"),
    ),
    "accounts.set_committee": (P.ACCOUNTS, lambda db, _c, _p: accounts.set_committee(db, "boss", None)),
    "committees.list_committees": (P.VIEW, lambda db, _c, _p: committees.list_committees(db)),
    "committees.committee_names": (P.VIEW, lambda db, _c, _p: committees.committee_names(db)),
    "committees.add_committee": (
        P.SETTINGS,
        lambda db, _c, _p: committees.add_committee(
            db, Committee(name="交通事故纠纷人民调解委员会", short_name="交调")
        ),
    ),
    "accounts.list_accounts": (P.ACCOUNTS, lambda db, _c, _p: accounts.list_accounts(db)),
    "accounts.reset_password": (P.ACCOUNTS, lambda db, _c, _p: accounts.reset_password(db, "boss", "new-pass-2026")),
    "accounts.set_role": (P.ACCOUNTS, lambda db, _c, _p: accounts.set_role(db, "boss", Role.ADMIN)),
    "accounts.set_active": (P.ACCOUNTS, lambda db, _c, _p: accounts.set_active(db, "boss", True)),
    "desk.back_up": (P.BACKUP, lambda db, _c, p: Desk(db, p / "room.sqlite3").back_up(None)),
    "desk.restore": (P.BACKUP, lambda db, _c, p: Desk(db, p / "room.sqlite3").restore(p / "none.sqlite3")),
    "oral_entry.record_oral_case": (  # registers and concludes: every role that may conclude may register
        P.CONCLUDE,
        lambda db, _c, _p: oral_entry.record_oral_case(
            db, OralEntry(make_case(2), dt.datetime(2026, 11, 3, 9), "道歉"), DAY
        ),
    ),
    "facts.get_stats": (P.VIEW, lambda db, c, _p: facts.get_stats(db, c)),
    "facts.save_stats": (P.EDIT, lambda db, c, _p: facts.save_stats(db, c, CaseStats(), DAY)),
    "workflow.generate": (P.VIEW, lambda db, _c, _p: workflow.generate(db, MONTH, DAY)),
    "workflow.file_bytes": (
        P.REPORT,
        lambda db, _c, _p: workflow.file_bytes(db, workflow.generate(db, MONTH, DAY), ".xlsx"),
    ),
    "audit.verify": (P.AUDIT, lambda db, _c, _p: audit.verify(db)),
    "audit.entries": (P.AUDIT, lambda db, _c, _p: audit.entries(db, AuditFilter())),
    "audit.filter_choices": (P.AUDIT, lambda db, _c, _p: audit.filter_choices(db)),
    "privacy.reveal": (P.REVEAL, lambda db, c, _p: privacy.reveal(db, c, 1, privacy.Revealed.ID_NUMBER)),
    "privacy.correct_party": (
        P.EDIT,
        lambda db, c, _p: privacy.correct_party(db, c, cases.get_case(db, c).parties[0], "本人"),
    ),
    "privacy.access_report": (P.EXPORT, lambda db, _c, _p: privacy.access_report(db, "110105196503150012", DAY)),
    "privacy.access_report_pdf": (
        P.EXPORT,
        lambda db, _c, _p: privacy.access_report_pdf(db, "110105196503150012", DAY),
    ),
    "privacy.past_retention": (P.ARCHIVE, lambda db, _c, _p: privacy.past_retention(db, DAY)),
    # On a path that is no plain database file: an allowed role gets past the check to "not a plain file".
    "encryption.encrypt": (P.BACKUP, lambda db, _c, p: encryption.encrypt(db, p / "none.sqlite3", None)),
    "encryption.discard_plain_copies": (
        P.BACKUP,
        lambda db, _c, p: encryption.discard_plain_copies(db, p / "none.sqlite3"),
    ),
    "snapshots.versions": (P.VIEW, lambda db, _c, _p: snapshots.versions(db, MONTH)),
    "scope.resolve": (P.VIEW, lambda db, _c, _p: scope.resolve(db)),
    "scope.confirmer": (P.VIEW, lambda db, _c, _p: scope.confirmer(db, None)),
    "dashboard.dashboard": (P.VIEW, lambda db, _c, _p: dashboard.dashboard(db, DAY, holiday_calendar())),
    "dashboard.long_running_resolved": (P.VIEW, lambda db, _c, _p: dashboard.long_running_resolved(db, DAY)),
    "snapshots.confirm": (
        P.REPORT,
        lambda db, _c, _p: snapshots.confirm(db, workflow.generate(db, MONTH, DAY), "钱测试"),
    ),
    "subsidy.make_claim": (P.VIEW, lambda db, _c, _p: subsidy.make_claim(db, MONTH, subsidy.load_rules(), DAY)),
    "subsidy.confirm_claim": (
        P.REPORT,
        lambda db, _c, _p: subsidy.confirm_claim(db, subsidy.Claim("", MONTH, subsidy.load_rules(), DAY), "钱测试"),
    ),
    "subsidy.claim_bytes": (
        P.REPORT,
        lambda db, _c, _p: subsidy.claim_bytes(db, subsidy.Claim("", MONTH, subsidy.load_rules(), DAY), ".xlsx"),
    ),
    "legal_support.draft_summary": (P.VIEW, lambda db, c, _p: legal_support.draft_summary(db, c)),
    "legal_support.ask_legal_support": (
        P.EDIT,
        lambda db, c, _p: legal_support.ask_legal_support(db, c, "法官工作站", "", "费用如何分担", "马德明", DAY),
    ),
    "legal_support.record_legal_answer": (
        P.EDIT,
        lambda db, _c, _p: legal_support.record_legal_answer(db, 1, DAY, "按比例", "王法官", DAY),
    ),
    "legal_support.case_legal_support": (P.VIEW, lambda db, c, _p: legal_support.case_legal_support(db, c)),
    "satisfaction.satisfaction_days": (P.VIEW, lambda db, _c, _p: satisfaction.satisfaction_days(db)),
    "satisfaction.save_satisfaction_days": (P.SETTINGS, lambda db, _c, _p: satisfaction.save_satisfaction_days(db, 7)),
    "holidays.install_holidays": (
        P.SETTINGS,
        lambda db, _c, p: holidays.install_holidays(db, HOLIDAYS_FILE, p),  # p: a user folder of the test's own
    ),
    "satisfaction.record_satisfaction": (
        P.EDIT,
        lambda db, c, _p: satisfaction.record_satisfaction(
            db, c, SatisfactionVisit(DAY, "马德明", "刘䶮", "满意"), DAY
        ),
    ),
    "satisfaction.case_satisfaction": (P.VIEW, lambda db, c, _p: satisfaction.case_satisfaction(db, c)),
    "satisfaction.due_satisfaction": (P.VIEW, lambda db, _c, _p: satisfaction.due_satisfaction(db, DAY)),
    "workorders.issue_work_order": (
        P.EDIT,
        lambda db, c, _p: workorders.issue_work_order(db, c, "派出所", "双方推搡", "请出警", 2, "马德明", DAY),
    ),
    "workorders.record_work_order_reply": (
        P.EDIT,
        lambda db, _c, _p: workorders.record_work_order_reply(db, 1, DAY, "已出警", "王警官", DAY),
    ),
    "workorders.case_work_orders": (P.VIEW, lambda db, c, _p: workorders.case_work_orders(db, c)),
    "workorders.work_order_lines": (P.VIEW, lambda db, _c, _p: workorders.work_order_lines(db, DAY)),
    "workorders.due_work_orders": (P.VIEW, lambda db, _c, _p: workorders.due_work_orders(db, DAY)),
    "workorders.export_xlsx": (P.EXPORT, lambda db, _c, _p: workorders.export_xlsx(db, DAY)),
    "workorders.work_units": (P.VIEW, lambda db, _c, _p: workorders.work_units(db)),
    "workorders.save_work_units": (P.SETTINGS, lambda db, _c, _p: workorders.save_work_units(db, ["派出所"])),
    # 12345 work orders (docs/hotline.md): order 999 does not exist, so an allowed call is refused by
    # the input ("找不到这张12345工单"), never by the role; a refused one never reaches the look-up.
    "hotline_orders.list_orders": (P.VIEW, lambda db, _c, _p: hotline_orders.list_orders(db)),
    "hotline_orders.get_order": (P.VIEW, lambda db, _c, _p: hotline_orders.get_order(db, 999)),
    "hotline_orders.orders_of_case": (P.VIEW, lambda db, c, _p: hotline_orders.orders_of_case(db, c)),
    "hotline_orders.todo_items": (P.VIEW, lambda db, _c, _p: hotline_orders.todo_items(db, DAY)),
    "hotline_orders.sign_order": (P.EDIT, lambda db, _c, _p: hotline_orders.sign_order(db, 999, NOW)),
    "hotline_orders.convert_to_case": (
        P.REGISTER,
        lambda db, _c, _p: hotline_orders.convert_to_case(db, 999, "邻里纠纷", make_case(2).parties[1], DAY),
    ),
    "hotline_orders.link_to_case": (P.EDIT, lambda db, c, _p: hotline_orders.link_to_case(db, 999, c)),
    "hotline_orders.return_order": (P.EDIT, lambda db, _c, _p: hotline_orders.return_order(db, 999, "非本辖区", NOW)),
    "hotline_orders.extend_order": (
        P.EDIT,
        lambda db, _c, _p: hotline_orders.extend_order(db, 999, "外出", DAY + dt.timedelta(days=9), "批准", DAY),
    ),
    "hotline_orders.save_reply": (P.EDIT, lambda db, _c, _p: hotline_orders.save_reply(db, 999, REPLY, NOW)),
    "hotline_orders.approve_reply": (P.APPROVE, lambda db, _c, _p: hotline_orders.approve_reply(db, 999, NOW)),
    "hotline_importing.preview_file": (
        P.REGISTER,
        lambda db, _c, p: hotline_importing.preview_file(db, p / "none.csv"),
    ),
    "hotline_importing.import_file": (P.REGISTER, lambda db, _c, p: hotline_importing.import_file(db, p / "none.csv")),
    "hotline_replies.export_replies": (P.EXPORT, lambda db, _c, _p: hotline_replies.export_replies(db, DAY, DAY, NOW)),
    "hotline_replies.reply_slip": (P.PRINT, lambda db, _c, _p: hotline_replies.reply_slip(db, 999)),
    "hotline_replies.import_satisfaction": (
        P.EDIT,
        lambda db, _c, p: hotline_replies.import_satisfaction(db, p / "none.csv"),
    ),
}

# Public functions that need no permission: the committee's name (the window title before anyone logs
# in), opening a file, pure checks, the login itself, and helpers the services above call.
NO_PERMISSION = {
    "dossier_audit.as_json",  # plain data of results already read under 统计报表
    "cases.open_database",
    "cases.create_encrypted",
    "cases.committee_errors",
    "cases.get_committee",
    "cases.require_committee",
    "cases.short_name_errors",  # a check inside save_committee's transaction
    "cases.insert_registered",  # inside the caller's unit of work; its callers check (register_case, import_case)
    "access.actor_committee",  # who is acting: no data
    "transfer.import_case_file",  # import_case checks
    "demo.procedure_state",
    "demo.case_count",
    "demo.iter_demo",
    "access.require",
    "access.require_case",
    "access.case_for",  # inside a service's transaction, after its require()
    "access.login",
    "access.unlock_screen",
    "access.has_accounts",
    "access.get_settings",
    "accounts.account_errors",
    "accounts.password_errors",
    "accounts.create_first_admin",  # only on a file without accounts (test_accounts.py)
    "procedure.build_facts",
    "procedure.holiday_calendar",
    "procedure.actions_for",
    "search.query_terms",
    "search.snippet",
    "audit_anchor.checkpoint_path",  # where the anchor lives: no data
    "audit_anchor.sidecar_path",
    "audit_anchor.anchor_for",
    "audit.check",  # pure: a chain state against its anchor
    "audit.verify_connection",  # verify() checks; backups verify their own copies
    "audit.backup_problem",  # part of verify_connection
    "audit_anchor.record_on_file",  # the row of a file operation its service checked (backup, restore, encrypt)
    "audit.local_day_bounds",
    "audit.change_stamp",  # the audit head's id and hash: shows nothing of a case (ui/change_watch.py)
    "procedure.apply_step",  # one step inside the caller's unit of work; the caller checks (oral_entry)
    "demo.demo_stats",  # pure: plausible statistics for a generated case
    "snapshots.frozen",  # versions() checks
    "snapshots.freeze",  # inside the caller's unit of work; its caller checks (confirm, subsidy.confirm_claim)
    "subsidy.default_rules_path",  # where the bundled rule file is: no data
    "subsidy.load_rules",  # a rule file: no case data
    "scope.named",  # a title's prefix from a name already read: no case data
    "subsidy.list_subject",  # the snapshot subject of a mediator's list: a name, no case data
    "workflow.current",  # generate() or versions() checks
    "scope.subject",  # pure: the snapshot subject of a committee id
    "workflow.generate_and_confirm",  # generate() and confirm() check
    "encryption.plain_copies",  # file names beside the database, no data
    "workorders.export_rows",  # pure: rows of lines work_order_lines() gave
    "workorders.default_units",  # the shipped unit names: no data
    "hotline_orders.days_by_type",  # the reply time-limit setting: no data
    "hotline_orders.caller_party",  # pure: the caller as a party
    "hotline_replies.reply_cells",  # pure: one order's row of the export
}
MODULES: dict[str, ModuleType] = {
    "cases": cases,
    "committees": committees,
    "caselist": caselist,
    "search": search,
    "history": history,
    "procedure": procedure,
    "transfer": transfer,
    "demo": demo,
    "access": access,
    "accounts": accounts,
    "oral_entry": oral_entry,
    "audit": audit,
    "dossier_audit": dossier_audit,
    "audit_anchor": audit_anchor,
    "privacy": privacy,
    "facts": facts,
    "workflow": workflow,
    "snapshots": snapshots,
    "scope": scope,
    "dashboard": dashboard,
    "subsidy": subsidy,
    "encryption": encryption,
    "workorders": workorders,
    "legal_support": legal_support,
    "satisfaction": satisfaction,
    "holidays": holidays,
    "hotline_orders": hotline_orders,
    "hotline_importing": hotline_importing,
    "hotline_replies": hotline_replies,
}


def test_every_service_is_in_the_table() -> None:
    missing = []
    for prefix, module in MODULES.items():
        for name, value in vars(module).items():
            own = inspect.isfunction(value) and value.__module__ == module.__name__
            if own and not name.startswith("_") and f"{prefix}.{name}" not in SERVICES | dict.fromkeys(NO_PERMISSION):
                missing.append(f"{prefix}.{name}")
    assert missing == []


def _audit_rows(db: Database) -> int:
    with db.read_connection() as conn:
        return int(conn.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0])


@pytest.mark.parametrize("role", list(Role))
def test_every_service_as_every_role(role: Role, committee_db: Database, tmp_path: Path) -> None:
    db = committee_db
    accounts.create_first_admin(db, "boss", "赵主任", "boss-pass-2026")
    case_id = cases.register_case(db, make_case(2), DAY).id
    assert case_id is not None
    actor = Actor("tester", "钱测试", role)
    wrong = []
    for name, (permission, call) in SERVICES.items():
        db.actor = actor
        before = _audit_rows(db)
        try:
            call(db, case_id, tmp_path)
        except PermissionDenied as exc:
            refused = True
            assert "不能" in exc.message and "只有" in exc.message
            assert _audit_rows(db) == before, f"{name}: refused but wrote"
        except UserFacingError:
            refused = False  # allowed, refused by the procedure or the input: not a permission matter
        else:
            refused = False
        if refused == (permission in MATRIX[role]):
            wrong.append(f"{name}: {'refused' if refused else 'allowed'} for {role}")
    assert wrong == []


def test_nobody_logged_in_is_refused_everything(committee_db: Database, tmp_path: Path) -> None:
    db = committee_db
    accounts.create_first_admin(db, "boss", "赵主任", "boss-pass-2026")
    case_id = cases.register_case(db, make_case(2), DAY).id
    assert case_id is not None
    db.actor = None  # a file with accounts, opened by someone who has not logged in
    for name, (_permission, call) in SERVICES.items():
        with pytest.raises(PermissionDenied, match="请先登录"):
            call(db, case_id, tmp_path)
        assert name


def test_sensitive_cases_only_for_roles_allowed_to_see_them(committee_db: Database) -> None:
    db = committee_db
    family = make_case(2)
    family.dispute_type = "婚姻家庭纠纷"
    case_id = cases.register_case(db, family, DAY).id
    assert case_id is not None
    db.actor = Actor("clerk", "孙记录", Role.CLERK)
    with pytest.raises(PermissionDenied, match="查看敏感案件"):
        cases.get_case(db, case_id)
    with pytest.raises(PermissionDenied, match="查看敏感案件"):
        render(DatabaseStore(db), PrintJob.forms(case_id, ["mediation_application"]))
    db.actor = Actor("med", "马调解", Role.MEDIATOR)
    assert cases.get_case(db, case_id).dispute_type == "婚姻家庭纠纷"
