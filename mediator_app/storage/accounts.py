"""The accounts and access settings over a DB-API connection (the session's own, or a plain sqlite3
one on the command line's lean path), like `storage.loader`: no SQLAlchemy import.

Writers call these inside one transaction (`Database.unit_of_work` via `raw_connection`, or
`loader.writer`). Only the Argon2id hash of a password is stored (docs/privacy.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from mediator_app.domain.access import Role
from mediator_app.storage.columns import load_utc, stored_utc
from mediator_app.storage.dialect import dialect_of

_COLUMNS = (
    "id",
    "login",
    "display_name",
    "role",
    "password_hash",
    "failed_count",
    "locked_until",
    "active",
    "created_at",
    "changed_at",
    "committee_id",
)


# repr=False: no generated __repr__ (each method a dataclass generates is compiled in every new
# process: a print command's ~50 classes took ~14 % of it, docs/documents.md "Speed");
# a printed record would also show personal data unmasked.
@dataclass(repr=False)
class StoredAccount:
    """One user account as stored: login, name, role, the password's hash (never the password) and its lock state."""

    id: int
    login: str
    display_name: str
    role: Role
    password_hash: str
    failed_count: int
    locked_until: dt.datetime | None
    active: bool
    created_at: dt.datetime
    changed_at: dt.datetime
    committee_id: int | None = None  # None: the whole centre (migration 0013)


def _account(row: Any) -> StoredAccount:
    values = dict(zip(_COLUMNS, row, strict=True))
    values["role"] = Role(values["role"])
    values["active"] = bool(values["active"])
    values["locked_until"] = load_utc(values["locked_until"]) if values["locked_until"] else None
    values["created_at"] = load_utc(values["created_at"])
    values["changed_at"] = load_utc(values["changed_at"])
    return StoredAccount(**values)


def _rows(conn: Any, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
    cur = conn.cursor()
    try:
        cur.execute(sql, params)
        return list(cur.fetchall())
    finally:
        cur.close()


def _execute(conn: Any, sql: str, params: tuple[Any, ...]) -> None:
    cur = conn.cursor()
    try:
        cur.execute(sql, params)
    finally:
        cur.close()


def has_accounts(conn: Any) -> bool:
    """Whether any account exists (active or not): then every door asks who is acting."""
    return bool(_rows(conn, "SELECT 1 FROM user_account LIMIT 1"))


def find(conn: Any, login: str) -> StoredAccount | None:
    p = dialect_of(conn).param
    rows = _rows(conn, f"SELECT {', '.join(_COLUMNS)} FROM user_account WHERE login = {p}", (login,))
    return _account(rows[0]) if rows else None


def list_all(conn: Any) -> list[StoredAccount]:
    return [_account(r) for r in _rows(conn, f"SELECT {', '.join(_COLUMNS)} FROM user_account ORDER BY id")]


def count_active_admins(conn: Any) -> int:
    p = dialect_of(conn).param
    rows = _rows(conn, f"SELECT COUNT(*) FROM user_account WHERE role = {p} AND active", (Role.ADMIN.value,))
    return int(rows[0][0])


def insert(
    conn: Any,
    login: str,
    display_name: str,
    role: Role,
    password_hash: str,
    now: dt.datetime,
    committee_id: int | None = None,
) -> None:
    names = _COLUMNS[1:]
    marks = dialect_of(conn).marks(len(names))
    at = stored_utc(now)
    _execute(
        conn,
        f"INSERT INTO user_account ({', '.join(names)}) VALUES ({marks})",
        (login, display_name, role.value, password_hash, 0, None, True, at, at, committee_id),
    )


def update(conn: Any, account: StoredAccount, now: dt.datetime) -> None:
    """Write back the changeable fields of `account` (role, hash, counters, lock, active, committee)."""
    p = dialect_of(conn).param
    locked = stored_utc(account.locked_until) if account.locked_until else None
    _execute(
        conn,
        f"UPDATE user_account SET display_name = {p}, role = {p}, password_hash = {p}, failed_count = {p},"
        f" locked_until = {p}, active = {p}, changed_at = {p}, committee_id = {p} WHERE id = {p}",
        (
            account.display_name,
            account.role.value,
            account.password_hash,
            account.failed_count,
            locked,
            account.active,
            stored_utc(now),
            account.committee_id,
            account.id,
        ),
    )


def settings(conn: Any) -> dict[str, int]:
    return {name: int(value) for name, value in _rows(conn, "SELECT name, value FROM access_setting")}


def set_setting(conn: Any, name: str, value: int) -> None:
    p = dialect_of(conn).param
    _execute(conn, f"DELETE FROM access_setting WHERE name = {p}", (name,))
    _execute(conn, f"INSERT INTO access_setting (name, value) VALUES ({p}, {p})", (name, value))
