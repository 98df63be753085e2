"""Checking a password and counting failures, over a DB-API connection: the one login every door uses
(the `Database` through `services.access.login`, the command line's lean print path over sqlite3).

Passwords are kept only as Argon2id hashes (argon2-cffi's defaults: t=3, m=64 MiB, p=4; ≈0.12 s a
check on the test machine, slow enough to make guessing a stolen file's passwords costly). After
`max_failures` wrong passwords in a row the account is locked for `lock_minutes`. Every attempt
writes its audit row in the caller's transaction, which the caller commits whatever the outcome.
Imports no SQLAlchemy (the lean path must not pay for it).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import TYPE_CHECKING, Any

from mediator_app.domain.access import Actor
from mediator_app.errors import UserFacingError
from mediator_app.frozen import frozen
from mediator_app.storage import accounts, loader
from mediator_app.storage.accounts import StoredAccount

if TYPE_CHECKING:
    from argon2 import PasswordHasher


@cache
def _hasher() -> PasswordHasher:
    """argon2 loaded when a password is checked or set, not on every command: a print from a file
    without accounts never needs it (the lean print path: tests/integration/test_printing.py)."""
    from argon2 import PasswordHasher

    return PasswordHasher()


LOGIN_PATTERN = re.compile(r"[\w.\-]{2,40}")
MIN_PASSWORD = 8
MAX_PASSWORD = 128
BAD_LOGIN = "用户名或密码不正确"
SETTING_LIMITS = {"max_failures": (3, 20), "lock_minutes": (1, 1440), "idle_minutes": (1, 240)}


class LoginRefused(UserFacingError):
    """A wrong name or password, a locked or disabled account."""


@frozen
class AccessSettings:
    max_failures: int = 5  # wrong passwords in a row before the account is locked
    lock_minutes: int = 15  # how long the lock lasts
    idle_minutes: int = 10  # the window locks itself after this long without input


@frozen
class Refusal:
    """Why a login failed (the Chinese message); its writes are still to be committed."""

    message: str


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def hash_password(password: str) -> str:
    """The Argon2id hash (salt and parameters included) of a password: the only form it is kept in."""
    return _hasher().hash(password)


def read_settings(conn: Any) -> AccessSettings:
    stored = accounts.settings(conn)
    return AccessSettings(**{k: v for k, v in stored.items() if k in SETTING_LIMITS})


def attempt_login(conn: Any, login: str, password: str, now: dt.datetime, action: str = "登录") -> Actor | Refusal:
    """Check the password inside the caller's write transaction, which records the failure count,
    the lock and the audit row; the caller commits them whatever the outcome."""
    settings = read_settings(conn)
    account = accounts.find(conn, login.strip())
    if account is None or not account.active:
        loader.add_audit(conn, "登录失败", None, "用户名不存在或账户已停用", actor=login.strip()[:40], now=now)
        return Refusal(BAD_LOGIN)
    who = _actor(account).audit_name
    if account.locked_until is not None and account.locked_until > now:
        loader.add_audit(conn, "登录被拒", None, "账户已锁定", actor=who, now=now)
        return Refusal(_locked_message(account.locked_until))
    if not _verify(account.password_hash, password):
        return _count_failure(conn, account, settings, now)
    stale = _hasher().check_needs_rehash(account.password_hash)
    if account.failed_count or account.locked_until is not None or stale:
        if stale:
            account.password_hash = _hasher().hash(password)
        account.failed_count, account.locked_until = 0, None
        accounts.update(conn, account, now)
    loader.add_audit(conn, action, None, "", actor=who, now=now)
    return _actor(account)


def login_over(conn: Any, login: str, password: str, now: dt.datetime | None = None) -> Actor | Refusal:
    """`attempt_login` at the current time (the lean path's writer transaction)."""
    return attempt_login(conn, login, password, now or now_utc())


def _count_failure(conn: Any, account: StoredAccount, settings: AccessSettings, now: dt.datetime) -> Refusal:
    who = _actor(account).audit_name
    account.failed_count += 1
    if account.failed_count >= settings.max_failures:
        account.failed_count = 0
        account.locked_until = now + dt.timedelta(minutes=settings.lock_minutes)
        accounts.update(conn, account, now)
        loader.add_audit(conn, "账户锁定", None, f"连续{settings.max_failures}次密码错误", actor=who, now=now)
        return Refusal(_locked_message(account.locked_until))
    accounts.update(conn, account, now)
    loader.add_audit(conn, "登录失败", None, f"密码错误（第{account.failed_count}次）", actor=who, now=now)
    left = settings.max_failures - account.failed_count
    return Refusal(f"{BAD_LOGIN}。再错{left}次，账户将被锁定{settings.lock_minutes}分钟")


def _verify(password_hash: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _locked_message(until: dt.datetime) -> str:
    local = until.astimezone().strftime("%H:%M")
    return f"密码错误次数过多，账户已锁定至 {local}。请稍后再试，或请管理员解锁"


def _actor(account: StoredAccount) -> Actor:
    return Actor(account.login, account.display_name, account.role, account.committee_id)
