"""Managing the local accounts: the first administrator, new accounts, password resets, roles,
disabling and unlocking (docs/privacy.md, "Accounts and roles").

Only the administrator (`Permission.ACCOUNTS`) manages accounts, except the very first one, which is
created on a database without accounts by whoever sets the program up. Each change is one
transaction with its audit row. The last active administrator cannot be disabled or demoted: the
room would have nobody left to reset a forgotten password.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from mediator_app.domain.access import Actor, Permission, Role
from mediator_app.errors import FieldError, UserFacingError, ValidationError
from mediator_app.services.access import AccountInfo, require
from mediator_app.services.login import LOGIN_PATTERN, MAX_PASSWORD, MIN_PASSWORD, hash_password, now_utc
from mediator_app.storage import accounts, loader
from mediator_app.storage.accounts import StoredAccount
from mediator_app.storage.database import Database
from mediator_app.storage.repository import raw_connection

NO_ADMIN_YET = "还没有管理员账户：请先建立管理员（程序第一次启动时，或 mediator-cli init）"
ADMIN_CENTRE_WIDE = "管理员账户管理全中心的账户，应属于“全中心”，不能只属于一个调委会"
CENTRE_WIDE = "全中心"
LAST_ADMIN = "这是唯一的管理员账户，不能停用或改为其他角色；请先为另一人建立管理员账户"


def account_errors(login: str, display_name: str, password: str) -> list[FieldError]:
    errors = []
    if not LOGIN_PATTERN.fullmatch(login):
        errors.append(FieldError("login", "用户名应为2至40个字母、数字、汉字或 . _ -，不含空格"))
    if not display_name.strip() or len(display_name.strip()) > 40:
        errors.append(FieldError("display_name", "请填写姓名（最多40字）"))
    errors.extend(password_errors(password))
    return errors


def password_errors(password: str) -> list[FieldError]:
    if len(password) < MIN_PASSWORD:
        return [FieldError("password", f"密码至少{MIN_PASSWORD}位")]
    if len(password) > MAX_PASSWORD:
        return [FieldError("password", f"密码最多{MAX_PASSWORD}位")]
    if password.strip() != password or not password.isprintable():
        return [FieldError("password", "密码不能以空格开头或结尾，不能含控制字符")]
    return []


def create_first_admin(
    db: Database, login: str, display_name: str, password: str, now: dt.datetime | None = None
) -> Actor:
    """The administrator of a database without accounts; from then on every door asks who is acting.
    The new administrator is logged in."""
    login = login.strip()
    errors = account_errors(login, display_name, password)
    if errors:
        raise ValidationError(errors)
    password_hash = hash_password(password)
    moment = now or now_utc()
    with db.unit_of_work() as session:
        conn = raw_connection(session)
        if accounts.has_accounts(conn):
            raise UserFacingError("此数据文件已经有管理员账户，请用管理员账户登录")
        accounts.insert(conn, login, display_name.strip(), Role.ADMIN, password_hash, moment)
        actor = Actor(login, display_name.strip(), Role.ADMIN)
        loader.add_audit(conn, "建立管理员账户", None, login, actor=actor.audit_name, now=moment)
    db.actor = actor
    return actor


def add_account(
    db: Database, login: str, display_name: str, role: Role, password: str, committee_id: int | None = None
) -> AccountInfo:
    """A new account of `committee_id`'s committee, or of the whole centre (None: the director or
    administrator of a centre, or anyone in a room with one committee)."""
    require(db, Permission.ACCOUNTS)
    login = login.strip()
    errors = account_errors(login, display_name, password)
    if role is Role.ADMIN and committee_id is not None:
        errors.append(FieldError("committee_id", ADMIN_CENTRE_WIDE))
    if errors:
        raise ValidationError(errors)
    password_hash = hash_password(password)
    moment = now_utc()
    with db.unit_of_work() as session:
        conn = raw_connection(session)
        if not accounts.has_accounts(conn):
            raise UserFacingError(NO_ADMIN_YET)
        if accounts.find(conn, login) is not None:
            raise ValidationError([FieldError("login", f"用户名“{login}”已经有人使用")])
        # A room's audit rows read as before; a committee's account names its committee.
        where = "" if committee_id is None else f"，{_committee_name(conn, committee_id)}"
        accounts.insert(conn, login, display_name.strip(), role, password_hash, moment, committee_id)
        loader.add_audit(conn, "建立账户", None, f"{login}（{role}{where}）", actor=_who(db), now=moment)
    return AccountInfo(login, display_name.strip(), role, True, None, 0, committee_id)


def set_committee(db: Database, login: str, committee_id: int | None) -> None:
    """Move an account to another committee, or to the whole centre (None). An administrator stays
    centre-wide: the one who manages every account must see every committee."""
    require(db, Permission.ACCOUNTS)

    def change(account: StoredAccount) -> str:
        if committee_id is not None and account.role is Role.ADMIN:
            raise ValidationError([FieldError("committee_id", ADMIN_CENTRE_WIDE)])
        account.committee_id = committee_id
        return "变更所属调委会"

    _change(db, login, change, detail=lambda conn: _committee_name(conn, committee_id))


def list_accounts(db: Database) -> list[AccountInfo]:
    require(db, Permission.ACCOUNTS)
    with db.read_connection() as conn:
        return [_info(a) for a in accounts.list_all(conn)]


def reset_password(db: Database, login: str, new_password: str) -> None:
    """The administrator sets a new password (a forgotten one); it also lifts a lockout."""
    require(db, Permission.ACCOUNTS)
    errors = password_errors(new_password)
    if errors:
        raise ValidationError(errors)
    password_hash = hash_password(new_password)

    def change(account: StoredAccount) -> str:
        account.password_hash = password_hash
        account.failed_count, account.locked_until = 0, None
        return "重置密码"

    _change(db, login, change)


def set_role(db: Database, login: str, role: Role) -> None:
    require(db, Permission.ACCOUNTS)

    def change(account: StoredAccount) -> str:
        if role is Role.ADMIN and account.committee_id is not None:
            raise ValidationError([FieldError("committee_id", ADMIN_CENTRE_WIDE)])
        old = account.role
        account.role = role
        return f"变更角色：{old}→{role}"

    _change(db, login, change, keeps_admin=role is Role.ADMIN)


def set_active(db: Database, login: str, active: bool) -> None:
    """Disable an account (停用: a colleague who left) or enable it again; enabling also lifts a lockout."""
    require(db, Permission.ACCOUNTS)

    def change(account: StoredAccount) -> str:
        account.active = active
        if active:
            account.failed_count, account.locked_until = 0, None
        return "启用账户" if active else "停用账户"

    _change(db, login, change, keeps_admin=active)


def _change(
    db: Database,
    login: str,
    change: Callable[[StoredAccount], str],
    keeps_admin: bool = True,
    detail: Callable[[Any], str] | None = None,
) -> None:
    moment = now_utc()
    with db.unit_of_work() as session:
        conn = raw_connection(session)
        account = accounts.find(conn, login.strip())
        if account is None:
            raise UserFacingError(f"找不到用户名为“{login.strip()}”的账户")
        was_admin = account.role is Role.ADMIN and account.active
        what = change(account)
        if was_admin and not keeps_admin and accounts.count_active_admins(conn) <= 1:
            raise UserFacingError(LAST_ADMIN)
        accounts.update(conn, account, moment)
        said = f"{account.login}：{detail(conn)}" if detail else account.login
        loader.add_audit(conn, what, None, said, actor=_who(db), now=moment)


def _committee_name(conn: Any, committee_id: int | None) -> str:
    """The committee's name for the audit row; a Chinese error for one that does not exist (rather than
    the foreign key's IntegrityError at commit)."""
    if committee_id is None:
        return CENTRE_WIDE
    try:
        return loader.get_committee(conn, committee_id).name
    except LookupError:
        raise ValidationError([FieldError("committee_id", "没有这个调委会，请从列表中选择")]) from None


def _info(account: StoredAccount) -> AccountInfo:
    return AccountInfo(
        account.login,
        account.display_name,
        account.role,
        account.active,
        account.locked_until,
        account.failed_count,
        account.committee_id,
    )


def _who(db: Database) -> str:
    assert db.actor is not None  # `require` passed
    return db.actor.audit_name
