"""Accounts on a real migrated file: the first administrator, logins, the lockout after repeated wrong
passwords, the administrator's reset, role changes, the last administrator kept, the rule for files
without accounts, and the audit rows all of these write (docs/privacy.md)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mediator_app.domain.access import LOCAL_ACTOR, PermissionDenied, Role
from mediator_app.errors import UserFacingError, ValidationError
from mediator_app.services import access, accounts, cases
from mediator_app.services.access import AccessSettings, LoginRefused
from mediator_app.storage.database import Database
from tests.factories import REGISTERED_ON, make_case

pytestmark = pytest.mark.engines  # on SQLite and on PostgreSQL

T0 = dt.datetime(2026, 12, 6, 8, 0, tzinfo=dt.UTC)
ADMIN_PASSWORD = "admin-pass-2026"


def _audit(db: Database) -> list[tuple[str, str, str]]:
    with db.read_connection() as conn:
        return [tuple(r) for r in conn.execute("SELECT actor, action, detail FROM audit_log ORDER BY id")]


def _admin(db: Database) -> None:
    accounts.create_first_admin(db, "admin", "赵主任", ADMIN_PASSWORD)


def _reopen(db: Database, path: Path | str) -> Database:
    db.close()
    return cases.open_database(path)


def test_a_file_without_accounts_acts_as_the_local_user_until_an_administrator_exists(
    db: Database, db_location: Path | str
) -> None:
    assert db.actor == LOCAL_ACTOR
    cases.list_cases(db)  # allowed: an older file keeps working
    _admin(db)
    assert db.actor is not None and db.actor.role is Role.ADMIN
    db = _reopen(db, db_location)
    try:
        assert db.actor is None  # from now on: log in first
        with pytest.raises(PermissionDenied, match="请先登录"):
            cases.list_cases(db)
        with pytest.raises(UserFacingError, match="已经有管理员"):
            _admin(db)
        access.login(db, "admin", ADMIN_PASSWORD)
        assert cases.list_cases(db) == []
    finally:
        db.close()


def test_the_audit_names_the_person_logged_in(committee_db: Database) -> None:
    db = committee_db
    _admin(db)
    accounts.add_account(db, "mawu", "马调解", Role.MEDIATOR, "mediator-2026")
    access.login(db, "mawu", "mediator-2026")
    saved = cases.register_case(db, make_case(2), REGISTERED_ON)
    actors = {action: actor for actor, action, _ in _audit(db)}
    assert actors["建立管理员账户"] == "赵主任（admin）"
    assert actors["建立账户"] == "赵主任（admin）"
    assert actors["登录"] == "马调解（mawu）"
    assert actors["登记案件"] == "马调解（mawu）"
    assert saved.id is not None
    with db.read_connection() as conn:
        (stored_hash,) = conn.execute("SELECT password_hash FROM user_account WHERE login = 'mawu'").fetchone()
    assert stored_hash.startswith("$argon2id$") and "mediator-2026" not in stored_hash


def test_wrong_passwords_lock_the_account_for_the_set_minutes(db: Database) -> None:
    _admin(db)
    accounts.add_account(db, "mawu", "马调解", Role.MEDIATOR, "mediator-2026")
    access.save_settings(db, AccessSettings(max_failures=3, lock_minutes=10, idle_minutes=5))
    for attempt, left in ((1, 2), (2, 1)):
        with pytest.raises(LoginRefused, match=f"再错{left}次"):
            access.login(db, "mawu", "wrong", now=T0 + dt.timedelta(seconds=attempt))
    with pytest.raises(LoginRefused, match="已锁定"):
        access.login(db, "mawu", "wrong", now=T0 + dt.timedelta(seconds=3))
    # locked: even the right password is refused until the lock runs out
    with pytest.raises(LoginRefused, match="已锁定"):
        access.login(db, "mawu", "mediator-2026", now=T0 + dt.timedelta(minutes=9))
    actor = access.login(db, "mawu", "mediator-2026", now=T0 + dt.timedelta(minutes=10, seconds=4))
    assert actor.role is Role.MEDIATOR
    actions = [action for _, action, _ in _audit(db)]
    assert actions.count("登录失败") == 2
    assert actions.count("账户锁定") == 1 and actions.count("登录被拒") == 1


def test_a_right_password_resets_the_count(db: Database) -> None:
    _admin(db)
    for _ in range(4):  # one short of the default five
        with pytest.raises(LoginRefused):
            access.login(db, "admin", "wrong", now=T0)
    access.login(db, "admin", ADMIN_PASSWORD, now=T0)
    with pytest.raises(LoginRefused, match="再错4次"):
        access.login(db, "admin", "wrong", now=T0)


def test_unknown_and_disabled_accounts_get_the_same_answer(db: Database) -> None:
    _admin(db)
    accounts.add_account(db, "mawu", "马调解", Role.MEDIATOR, "mediator-2026")
    accounts.set_active(db, "mawu", False)
    with pytest.raises(LoginRefused, match=r"^用户名或密码不正确$"):
        access.login(db, "nobody", "whatever-1")
    with pytest.raises(LoginRefused, match=r"^用户名或密码不正确$"):
        access.login(db, "mawu", "mediator-2026")


def test_the_administrator_resets_a_password_and_lifts_the_lock(db: Database) -> None:
    _admin(db)
    accounts.add_account(db, "mawu", "马调解", Role.MEDIATOR, "mediator-2026")
    for _ in range(5):
        with pytest.raises(LoginRefused):
            access.login(db, "mawu", "wrong", now=T0)
    access.login(db, "admin", ADMIN_PASSWORD)
    accounts.reset_password(db, "mawu", "new-pass-2026")
    assert ("赵主任（admin）", "重置密码", "mawu") in _audit(db)
    assert access.login(db, "mawu", "new-pass-2026", now=T0).login == "mawu"
    with pytest.raises(LoginRefused):
        access.login(db, "mawu", "mediator-2026", now=T0)


def test_role_changes_are_recorded_and_the_last_administrator_is_kept(db: Database) -> None:
    _admin(db)
    accounts.add_account(db, "mawu", "马调解", Role.MEDIATOR, "mediator-2026")
    accounts.set_role(db, "mawu", Role.DIRECTOR)
    assert ("赵主任（admin）", "变更角色：调解员→调委会主任", "mawu") in _audit(db)
    with pytest.raises(UserFacingError, match="唯一的管理员"):
        accounts.set_role(db, "admin", Role.MEDIATOR)
    with pytest.raises(UserFacingError, match="唯一的管理员"):
        accounts.set_active(db, "admin", False)
    access.login(db, "mawu", "mediator-2026")
    with pytest.raises(PermissionDenied, match="管理账户"):
        accounts.set_role(db, "mawu", Role.ADMIN)  # a director cannot make himself administrator
    assert [(a.login, a.role) for a in _list_as_admin(db)] == [("admin", Role.ADMIN), ("mawu", Role.DIRECTOR)]


def _list_as_admin(db: Database) -> list[accounts.AccountInfo]:
    access.login(db, "admin", ADMIN_PASSWORD)
    return accounts.list_accounts(db)


def test_account_input_is_checked_with_field_paths(db: Database) -> None:
    with pytest.raises(ValidationError) as caught:
        accounts.create_first_admin(db, "a b", " ", "short")
    assert {e.path for e in caught.value.errors} == {"login", "display_name", "password"}
    _admin(db)
    with pytest.raises(ValidationError, match="已经有人使用"):
        accounts.add_account(db, "admin", "另一个", Role.CLERK, "another-2026")
    with pytest.raises(ValidationError, match="应在3至20之间"):
        access.save_settings(db, AccessSettings(max_failures=1))


def test_the_idle_lock_asks_the_same_person_again(db: Database) -> None:
    _admin(db)
    with pytest.raises(LoginRefused):
        access.unlock_screen(db, "wrong")
    assert db.actor is not None and db.actor.login == "admin"  # still the same person, locked screen
    access.unlock_screen(db, ADMIN_PASSWORD)
    assert [a for _, a, _ in _audit(db)][-2:] == ["登录失败", "解除锁屏"]


def test_voiding_keeps_the_case_and_needs_the_director(committee_db: Database) -> None:
    db = committee_db
    _admin(db)
    accounts.add_account(db, "mawu", "马调解", Role.MEDIATOR, "mediator-2026")
    case = cases.register_case(db, make_case(2), REGISTERED_ON)
    assert case.id is not None
    access.login(db, "mawu", "mediator-2026")
    with pytest.raises(PermissionDenied, match="作废案件"):
        cases.void_case(db, case.id, "重复登记")
    access.login(db, "admin", ADMIN_PASSWORD)
    with pytest.raises(ValidationError, match="理由"):
        cases.void_case(db, case.id, " ")
    cases.void_case(db, case.id, "重复登记")
    kept = cases.get_case(db, case.id)
    assert kept.status == "已作废" and kept.parties
    assert ("赵主任（admin）", "作废案件", f"{case.number}（理由：重复登记）") in _audit(db)
