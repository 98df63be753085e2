"""The permission check every service makes, and logging in on an open database (docs/privacy.md,
"Accounts and roles").

`require(db, permission)` is the one check: the person acting on the open database (`db.actor`)
against the matrix of `domain.access`; a refusal is a `PermissionDenied` with a Chinese message.
`require_case` adds the sensitive-case rule (minors, family, health: PIPL Art. 28). The services
that import no SQLAlchemy (case list, search, history, printing) call `domain.access.check` directly.
`login` makes `db.actor` the account's person (`services.login` checks the password).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from mediator_app.domain.access import NOT_LOGGED_IN, Actor, Permission, Role, check, check_case
from mediator_app.domain.messages import CASE_NOT_FOUND
from mediator_app.domain.model import Case
from mediator_app.errors import FieldError, UserFacingError, ValidationError
from mediator_app.frozen import frozen
from mediator_app.services.login import (
    SETTING_LIMITS,
    AccessSettings,
    LoginRefused,
    Refusal,
    attempt_login,
    now_utc,
    read_settings,
)
from mediator_app.storage import accounts, audit_chain, loader
from mediator_app.storage.database import Database
from mediator_app.storage.repository import AUDIT_HEAD, raw_connection

if TYPE_CHECKING:
    from sqlmodel import Session

__all__ = ["AccessSettings", "LoginRefused"]


@frozen
class AccountInfo:
    """One line of the account list (no hash)."""

    login: str
    display_name: str
    role: Role
    active: bool
    locked_until: dt.datetime | None
    failed_count: int
    committee_id: int | None = None  # None: the whole centre


def require(db: Database, permission: Permission) -> Actor:
    """The acting person if the matrix allows `permission`; `PermissionDenied` otherwise."""
    return check(db.actor, permission)


def actor_committee(db: Database) -> int | None:
    """The committee the acting person works in; None for the whole centre (or a file without accounts)."""
    return None if db.actor is None else db.actor.committee_id


def require_case(actor: Actor | None, case: Case) -> None:
    """A sensitive case (minors, family, health) only for roles allowed to see one."""
    check_case(actor, case)


def case_for(session: Session, actor: Actor | None, case_id: int) -> Case:
    """The case, read in the caller's transaction, if `actor` may see it: 找不到该案件 for a missing one,
    `PermissionDenied` for a sensitive one the role may not see."""
    from mediator_app.storage import repository as repo

    try:
        case = repo.load_case(session, case_id)
    except LookupError:
        raise UserFacingError(CASE_NOT_FOUND) from None
    check_case(actor, case)
    return case


def login(db: Database, login_name: str, password: str, now: dt.datetime | None = None, action: str = "登录") -> Actor:
    """Log in on the open database: `db.actor` becomes the account's person. `LoginRefused` else, after
    the failure (count, lock, audit row) is committed."""
    with db.unit_of_work() as session:
        conn = raw_connection(session)
        outcome = attempt_login(conn, login_name, password, now or now_utc(), action)
        # The row it wrote (登录, 登录失败 …) is anchored like every other (services/audit.py): without
        # this, `audit verify` named every login as a row the checkpoint does not confirm.
        session.info[AUDIT_HEAD] = audit_chain.head(conn)
    if isinstance(outcome, Refusal):
        raise LoginRefused(outcome.message)
    db.actor = outcome
    return outcome


def unlock_screen(db: Database, password: str, now: dt.datetime | None = None) -> Actor:
    """The idle lock: the person who was working gives the password again (counted like a login)."""
    actor = db.actor
    if actor is None or actor.role is None:
        raise LoginRefused(NOT_LOGGED_IN)
    return login(db, actor.login, password, now, action="解除锁屏")


def has_accounts(db: Database) -> bool:
    with db.read_connection() as conn:
        return accounts.has_accounts(conn)


def get_settings(db: Database) -> AccessSettings:
    with db.read_connection() as conn:
        return read_settings(conn)


def save_settings(db: Database, settings: AccessSettings) -> AccessSettings:
    who = require(db, Permission.ACCOUNTS)
    errors = []
    for name, (low, high) in SETTING_LIMITS.items():
        if not low <= getattr(settings, name) <= high:
            errors.append(FieldError(name, f"应在{low}至{high}之间"))
    if errors:
        raise ValidationError(errors)
    with db.unit_of_work() as session:
        conn = raw_connection(session)
        for name in SETTING_LIMITS:
            accounts.set_setting(conn, name, getattr(settings, name))
        detail = f"错{settings.max_failures}次锁定{settings.lock_minutes}分钟；闲置{settings.idle_minutes}分钟锁屏"
        loader.add_audit(conn, "修改账户设置", None, detail, actor=who.audit_name)
    return settings
