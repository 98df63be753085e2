"""Use cases for the dispute file: committee set-up, registering cases, agreement terms, printing.

Every write runs in one transaction (`Database.unit_of_work`) together with its audit row; a
`ValidationError` is raised before anything is written.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Collection
from pathlib import Path

from sqlmodel import Session

from mediator_app.domain.access import Permission as P
from mediator_app.domain.access import PermissionDenied, check_committee
from mediator_app.domain.case_diff import changed_labels, describe_changes
from mediator_app.domain.case_number import validate_pattern
from mediator_app.domain.masking import mask_text
from mediator_app.domain.messages import (
    CASE_NOT_FOUND,
    MEDIATOR_NAME_EMPTY,
    NO_COMMITTEE,
    case_number_not_found,
    edit_conflict,
)
from mediator_app.domain.model import Agreement, Case, Committee, Mediator
from mediator_app.domain.stages import Stage
from mediator_app.domain.statistics import CaseStats, intake_stats
from mediator_app.domain.validation import agreement_field_errors, raise_if, validate_registration
from mediator_app.errors import EditConflict, FieldError, UserFacingError, ValidationError
from mediator_app.services.access import actor_committee, require, require_case
from mediator_app.storage import repository as repo
from mediator_app.storage import stats_repo
from mediator_app.storage.database import Database
from mediator_app.storage.repository import CaseSummary

__all__ = ["CaseSummary"]

AGREEMENT_EDITABLE = (Stage.REGISTERED, Stage.ACCEPTED, Stage.INVESTIGATING, Stage.MEDIATING)


def open_database(
    path: Path | str, *, passphrase: str | None = None, recovery_code: str | None = None, stats_db: str | None = None
) -> Database:
    """Open (creating and migrating as needed) the SQLite file at `path`; an encrypted one (its key file
    beside it) with its key from the credential store, $MEDIATOR_PASSPHRASE, or the passphrase or
    recovery code given (the window asks for them); or the PostgreSQL database a ``postgresql://`` URL
    names (docs/centre.md), its statistics read from the read replica `stats_db` when one is given."""
    from mediator_app.paths import is_server_url
    from mediator_app.services.audit_anchor import anchor_for
    from mediator_app.services.keys import target_for

    target = target_for(path, passphrase=passphrase, recovery_code=recovery_code)
    db = Database.open(target)
    # A file: its audit checkpoint beside it (a server: docs/privacy.md); a read-only file writes no
    # audit rows, so there is no head to record (and no folder to keep a checkpoint key in).
    if not is_server_url(str(path)) and not db.read_only:
        db.audit_anchor = anchor_for(Path(path), getattr(target, "key", None))
    if stats_db and is_server_url(str(path)):  # a file has no replica: its statistics read the file
        from mediator_app.storage.replica import Replica

        db.replica = Replica(stats_db)
    return db


def create_encrypted(path: Path, passphrase: str | None) -> tuple[Database, str]:
    """A new encrypted database and its key; returns it with the recovery code to show once."""
    from mediator_app.services.keys import create_key
    from mediator_app.storage.cipher import SqlcipherFile

    if path.exists():
        raise UserFacingError(f"“{path}”已经存在。加密只能在新建数据文件时设置")
    from mediator_app.services.audit_anchor import anchor_for

    made = create_key(path, passphrase)
    db = Database.open(SqlcipherFile(path, made.key))
    db.audit_anchor = anchor_for(path, made.key)
    return db, made.recovery_code


# ---------------------------------------------------------------- committee


def committee_errors(committee: Committee) -> list[FieldError]:
    errors = []
    if not committee.name.strip():
        errors.append(FieldError("name", "请填写人民调解委员会名称"))
    elif len(committee.name) > 100:
        errors.append(FieldError("name", "委员会名称过长（最多100字）"))
    if not committee.short_name.strip():
        errors.append(FieldError("short_name", "请填写简称（用于案件编号）"))
    elif len(committee.short_name) > 20:
        errors.append(FieldError("short_name", "简称过长（最多20字）"))
    # The lengths of their columns (storage/tables.py CommitteeRow): nothing accepted is cut or refused later.
    if len(committee.address) > 200:
        errors.append(FieldError("address", "地址过长（最多200字）"))
    if len(committee.court) > 100:
        errors.append(FieldError("court", "法院名称过长（最多100字）"))
    if len(committee.phone) > 30:
        errors.append(FieldError("phone", "电话号码过长（最多30字）"))
    try:
        validate_pattern(committee.case_number_pattern)
    except ValueError as exc:
        errors.append(FieldError("case_number_pattern", str(exc)))
    return errors


ONLY_OWN_COMMITTEE = "您的账户属于一个调委会，只能修改本调委会的信息；新增或修改其他调委会请找中心管理员"


def short_name_errors(session: Session, committee: Committee) -> list[FieldError]:
    """The 字号 is in every case number (〔2026〕青山镇调字第1号): two committees of one centre with the
    same one would print the same number on two different cases."""
    for other in repo.list_committees(session):
        if other.id != committee.id and other.short_name == committee.short_name:
            return [FieldError("short_name", f"字号“{committee.short_name}”已由“{other.name}”使用，请换一个")]
    return []


def get_committee(db: Database) -> Committee | None:
    """The committee this person works in: their own in a centre of several committees, else the
    first (a village room's only one; the centre's own for a centre-wide account, docs/centre.md)."""
    home = actor_committee(db)
    with db.reader() as session:
        if home is not None:
            return repo.get_committee(session, home)
        return repo.first_committee(session)


NO_SUCH_COMMITTEE = "找不到所选的调委会（可能已被删除），请重新选择"


def committee_for(db: Database, committee_id: int | None) -> Committee:
    """The committee a new case is registered in: `committee_id` when a centre-wide person chose one
    (a person of one committee may only name their own), else the person's committee or the centre's
    own (docs/centre.md, "Several committees in one database")."""
    actor = require(db, P.VIEW)
    if committee_id is None:
        return require_committee(db)
    check_committee(actor, committee_id)
    with db.reader() as session:
        try:
            return repo.get_committee(session, committee_id)
        except LookupError:
            raise UserFacingError(NO_SUCH_COMMITTEE) from None


def require_committee(db: Database) -> Committee:
    committee = get_committee(db)
    if committee is None:
        raise UserFacingError(NO_COMMITTEE)
    return committee


def save_committee(db: Database, committee: Committee) -> Committee:
    committee.name, committee.short_name = committee.name.strip(), committee.short_name.strip()
    require(db, P.SETTINGS)
    home = actor_committee(db)
    if home is not None and committee.id != home:
        raise PermissionDenied(ONLY_OWN_COMMITTEE)
    raise_if(committee_errors(committee))
    with db.unit_of_work() as session:
        is_first = repo.first_committee(session) is None
        raise_if(short_name_errors(session, committee))
        saved = repo.save_committee(session, committee)
        repo.add_audit(session, "设置委员会" if is_first or committee.id else "新增调委会", None, saved.name)
    return saved


def list_mediators(db: Database) -> list[Mediator]:
    require(db, P.VIEW)
    committee = require_committee(db)
    assert committee.id is not None
    with db.reader() as session:
        return repo.list_mediators(session, committee.id)


def add_mediator(db: Database, mediator: Mediator) -> Mediator:
    require(db, P.SETTINGS)
    if not mediator.name.strip():
        raise ValidationError([FieldError("name", MEDIATOR_NAME_EMPTY)])
    committee = require_committee(db)
    assert committee.id is not None
    with db.unit_of_work() as session:
        return repo.add_mediator(session, committee.id, mediator)


# ---------------------------------------------------------------- cases


def register_case(
    db: Database,
    case: Case,
    today: dt.date | None = None,
    special_groups: Collection[str] = (),
    committee_id: int | None = None,
) -> Case:
    """Validate and save a new case; it receives the next number of its registration year in its
    committee: `committee_id`, chosen by a centre-wide person of a centre, or the person's own
    (`committee_for`); its number, papers and reports then carry that committee.

    `special_groups` (`CaseStats` field names: elderly, disabled …) are the groups intake ticked; they are
    the case's statistics facts, written in the same transaction, so the case is served first from the
    moment it exists (docs/linkage.md)."""
    require(db, P.REGISTER)
    validate_registration(case, today)
    stats = intake_stats(special_groups)
    committee = committee_for(db, committee_id)
    with db.unit_of_work() as session:
        saved = insert_registered(session, case, committee, stats)
        repo.add_audit(session, "登记案件", saved.id, saved.number)
    return saved


def insert_registered(session: Session, case: Case, committee: Committee, stats: CaseStats) -> Case:
    """Insert a new case in `committee` with the special groups intake ticked (`stats`), in the
    caller's unit of work: registering and importing a case write it alike."""
    saved = repo.insert_case(session, case, committee)
    if stats.special_group:
        assert saved.id is not None
        stats_repo.save_stats(session, saved.id, stats)
    return saved


def update_case(db: Database, case: Case, today: dt.date | None = None, base: Case | None = None) -> Case:
    """Save a changed case. `case.version` is the version it was read at: if someone else saved the case
    since, nothing is written and `EditConflict` names what they changed (from `base`, the copy the
    edit started from, to the stored case; without `base`, what differs from `case`)."""
    if case.id is None:
        raise ValueError("update_case needs a saved case")
    require_case(require(db, P.EDIT), case)
    validate_registration(case, today)
    try:
        with db.unit_of_work() as session:
            saved = repo.update_case(session, dataclasses.replace(case))
            repo.add_audit(session, "修改案件", saved.id, saved.number)
    except repo.StaleCase:
        current = get_case(db, case.id)
        changed = changed_labels(base or case, current)
        raise EditConflict(edit_conflict(current.number, describe_changes(changed)), current, changed) from None
    return saved


def save_agreement(db: Database, case_id: int, agreement: Agreement) -> Case:
    """Store the agreement's contents and terms (replacing earlier ones) after validating every term.

    The stage is checked in the same transaction as the write: a step concluding the agreement meanwhile
    cannot be followed by a change of its terms."""
    actor = require(db, P.EDIT)
    with db.unit_of_work() as session:
        case = _load(session, case_id)
        require_case(actor, case)
        if case.status not in AGREEMENT_EDITABLE:
            # The agreement was concluded (signed) or the case closed: terms are evidence now.
            raise UserFacingError(
                f"案件处于“{case.status}”阶段，协议已经达成或案件已结束，不能再修改协议条款；如需变更，应重新调解"
            )
        case.agreement = agreement
        raise_if(agreement_field_errors(case, agreement))
        repo.update_case(session, case)
        repo.add_audit(session, "填写协议", case_id, f"{len(agreement.terms)}项条款")
    return case


VOIDABLE = (Stage.REGISTERED, Stage.DECLINED)


def void_case(db: Database, case_id: int, reason: str) -> str:
    """Void (作废) a case registered by mistake or twice: nothing of the mediation has happened yet
    (登记, 不予受理). The case is kept, shown as 已作废 and filterable; its number is never given out
    again; the reason and the person are in the case's history and the audit log. Cases are never
    deleted (PIPL Art. 51: the file accounts for what was held). Returns its number."""
    actor = require(db, P.VOID)
    if not reason.strip():
        raise ValidationError([FieldError("reason", "请写明作废的理由（如：重复登记、登记错误）")])
    with db.unit_of_work() as session:
        case = _load(session, case_id)
        require_case(actor, case)
        if case.status not in VOIDABLE:
            raise UserFacingError(
                f"案件处于“{case.status}”阶段，已经受理或处理过，不能作废；"
                "登记错误的，可以修改案件内容，不属于调解范围的应“不予受理”"
            )
        repo.void_case(session, case_id, case.status, actor.audit_name, reason.strip())
        repo.add_audit(session, "作废案件", case_id, f"{case.number}（理由：{reason.strip()}）")
    return case.number


def delete_case(db: Database, case_id: int, reason: str) -> str:
    """The old name of `void_case`: a case is never deleted, only voided."""
    return void_case(db, case_id, reason)


def _load(session: Session, case_id: int) -> Case:
    try:
        return repo.load_case(session, case_id)
    except LookupError:
        raise UserFacingError(CASE_NOT_FOUND) from None


def get_case(db: Database, case_id: int) -> Case:
    actor = require(db, P.VIEW)
    with db.reader() as session:
        case = _load(session, case_id)
    require_case(actor, case)
    return case


def find_case(db: Database, number: str) -> Case:
    actor = require(db, P.VIEW)
    with db.reader() as session:
        case_id = repo.find_case_id(session, number.strip())
        if case_id is None:
            raise UserFacingError(case_number_not_found(number))
        case = repo.load_case(session, case_id)
    require_case(actor, case)
    return case


def list_cases(db: Database) -> list[CaseSummary]:
    """Every case of the person's committee (of the whole centre for a centre-wide account), newest
    first; a number typed into a title comes masked (`domain.masking`)."""
    actor = require(db, P.VIEW)
    with db.reader() as session:
        summaries = repo.list_case_summaries(session, actor.committee_id)
    return [dataclasses.replace(s, title=mask_text(s.title)) for s in summaries]
