"""The encrypted database file: SQLCipher through `sqlcipher3`, keyed with a raw 256-bit key.

An office PC is shared, left unattended and sometimes stolen; a plain SQLite file is readable by any
program (PIPL Art. 51 asks for encryption of personal information). With SQLCipher every page of the
file, the WAL included, is AES-256 encrypted; without the key the file has no ``SQLite format 3`` header
and the stock ``sqlite3`` cannot open it.

The key is 32 random bytes made at set-up and kept by `services/keys.py` (the system's credential store,
a passphrase, a recovery code). It is given to SQLCipher as a raw key (``PRAGMA key = "x'…'"``), which
skips SQLCipher's own PBKDF2 on every open (≈150 ms measured here): the slow derivation already happened
once, when a passphrase or recovery code unwrapped the key. A wrong key is only noticed at the first
read, so `connect` reads ``sqlite_master`` at once and raises `WrongKey` without writing anything.

`connect` is the DB-API connection every other part uses for an encrypted file: the engine's creator
(`SqlcipherFile`), backups (`storage.backup`'s `Connect` seam) and the draft store, so that nothing
derived from the database is less protected than the database.
"""

from __future__ import annotations

import sqlite3
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mediator_app.errors import UserFacingError
from mediator_app.frozen import frozen

if TYPE_CHECKING:
    from sqlalchemy import Engine

KEY_BYTES = 32
PLAIN_HEADER = b"SQLite format 3\x00"


class WrongKey(UserFacingError):
    """The key does not open this file; nothing was written."""


def _module() -> Any:
    try:
        import sqlcipher3  # type: ignore[import-not-found,unused-ignore]
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise UserFacingError("缺少数据库加密组件 sqlcipher3，请重新安装调解工作台") from exc
    return sqlcipher3


def row_type() -> Any:
    """SQLCipher's own `Row` (sqlite3.Row refuses its cursors)."""
    return _module().Row


def error_type() -> type[Exception]:
    """SQLCipher's base error (not a subclass of sqlite3.Error)."""
    return _module().Error  # type: ignore[no-any-return]


def is_plain_sqlite(path: Path) -> bool:
    """Whether the file starts with SQLite's own header, i.e. is not encrypted (False for a missing file)."""
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == PLAIN_HEADER
    except OSError:
        return False


def key_pragma(key: bytes) -> str:
    if len(key) != KEY_BYTES:
        raise ValueError("the database key is 32 bytes")
    return f"PRAGMA key = \"x'{key.hex()}'\""


def connect(
    path: Path, key: bytes, *, read_only: bool = False, timeout: float = 10.0, create: bool = True
) -> sqlite3.Connection:
    """An open, keyed connection (checked with a first read); `WrongKey` if the key does not fit.
    With `create=False` a missing file is an error instead of a new empty database."""
    sqlcipher3 = _module()
    mode = "ro" if read_only else "rwc" if create else "rw"
    conn = sqlcipher3.connect(
        f"{path.resolve().as_uri()}?mode={mode}",
        uri=True,
        timeout=timeout,
        isolation_level=None,
        check_same_thread=False,
    )
    try:
        conn.execute(key_pragma(key))
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError as exc:
        conn.close()
        if "not a database" in str(exc):
            raise WrongKey(f"密钥或口令不正确，无法打开加密的数据文件“{path}”。文件没有改动。") from exc
        raise
    except BaseException:
        conn.close()
        raise
    return conn  # type: ignore[no-any-return]


def encrypt_copy(plain: Path, target: Path, key: bytes) -> None:
    """Write an encrypted copy of a plain SQLite file (all tables, indexes, the user version)."""
    sqlcipher3 = _module()
    if target.exists():
        raise FileExistsError(target)
    source = sqlcipher3.connect(f"{plain.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    try:
        source.execute(f"ATTACH DATABASE ? AS encrypted KEY \"x'{key.hex()}'\"", (str(target),))
        source.execute("SELECT sqlcipher_export('encrypted')")
        version = source.execute("PRAGMA main.user_version").fetchone()[0]
        app_id = source.execute("PRAGMA main.application_id").fetchone()[0]
        source.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        source.execute(f"PRAGMA encrypted.application_id = {int(app_id)}")
        source.execute("DETACH DATABASE encrypted")
    finally:
        source.close()


@frozen
class SqlcipherFile:
    """An encrypted SQLite file: the same pragmas and transactions as `SqliteFile`, every page encrypted."""

    path: Path
    key: bytes = field(repr=False)

    def describe(self) -> str:
        return f"{self.path}（已加密）"

    def backup_before_upgrade(self) -> None:
        import datetime as dt

        from mediator_app.storage.backup import backup_file, backup_folder, backup_name

        backup_file(
            self.path,
            backup_folder(self.path) / backup_name(dt.datetime.now(), "migration"),
            connect=self.connector(),
        )

    def connector(self) -> Any:
        """A `storage.backup.Connect` for this file's key (backups of an encrypted file are encrypted)."""
        key = self.key

        def open_keyed(path: Path, read_only: bool) -> sqlite3.Connection:
            return connect(path, key, read_only=read_only)

        return open_keyed

    def create_engine(self) -> Engine:
        # SQLAlchemy only here: `connect` serves the command line's lean print path too
        # (services/printing/store.py), which must not pay for importing it.
        from sqlalchemy import URL, create_engine

        from mediator_app.storage.engine import BUSY_TIMEOUT_MS, install_sqlite_hooks

        if self.path.exists():
            connect(self.path, self.key, read_only=True).close()  # refuse a wrong key before any write
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserFacingError(f"无法创建数据文件夹“{self.path.parent}”：{exc.strerror}") from exc
        # The URL names the file so that SQLAlchemy picks its file-database pool; the creator connects.
        engine = create_engine(
            URL.create("sqlite", database=str(self.path)),
            creator=lambda: connect(self.path, self.key, timeout=BUSY_TIMEOUT_MS / 1000),
        )
        install_sqlite_hooks(engine)
        return engine
