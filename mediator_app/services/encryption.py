"""Turning an existing plain database file into an encrypted one, with the plain file kept until the
user confirms (PIPL Art. 51; docs/privacy.md, "Encrypting an existing file").

Rooms that started before encryption existed have a plain SQLite file full of ID numbers. The
conversion must not be able to lose it:

1. the audit row 加密数据文件 is written on the plain file first (so the encrypted file carries it), and
   the write-ahead log is folded into the file (``wal_checkpoint(TRUNCATE)``), under a write lock held
   until the swap so that no other program writes meanwhile;
2. a new key is made (`services.keys.create_key`: the credential store, else the passphrase; a recovery
   code to print) for a temporary name beside the file, and an encrypted copy written there
   (`storage.cipher.encrypt_copy`), then checked like a backup: integrity, schema revision and every
   table's row count equal to the plain file's;
3. the plain file is kept under a new name (a hard link: no second copy of the bytes), the key file is
   put in place, then the encrypted copy is renamed over the database (one atomic rename);
4. the audit checkpoint is signed again with the key derived from the database key, as for a file
   that was encrypted from the start.

Until step 3 the plain file is untouched; any failure removes the temporary copy and its key file and
says why. The kept plain copy is deleted only when the user confirms (`discard_plain_copies`): a
copy-on-write or flash disk may keep its old sectors, which is why the user guide says to encrypt
before the first real case.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

from mediator_app.domain.access import Permission
from mediator_app.errors import UserFacingError
from mediator_app.frozen import frozen
from mediator_app.services.access import require
from mediator_app.services.keys import CONVERTING, NewKey
from mediator_app.storage import audit_chain
from mediator_app.storage.database import Database

ACTION = "加密数据文件"
PLAIN_COPY_MARK = ".unencrypted-"  # <database>.unencrypted-YYYYMMDD-HHMMSS: the kept plain file


@frozen
class Encrypted:
    """What the conversion made: the recovery code to show and print once, where the plain file is
    kept, whether the key is in the credential store, and the rows checked."""

    recovery_code: str
    plain_copy: Path
    in_keyring: bool
    rows: int


def plain_copies(db_path: Path) -> list[Path]:
    """The plain files kept by earlier conversions of `db_path`, oldest first."""
    return sorted(db_path.parent.glob(f"{db_path.name}{PLAIN_COPY_MARK}*"))


def discard_plain_copies(db: Database, db_path: Path) -> list[Path]:
    """Delete the kept plain copies after the user confirmed that the encrypted file works; recorded."""
    from mediator_app.services.keys import is_encrypted

    require(db, Permission.BACKUP)
    if not is_encrypted(db_path):
        raise UserFacingError("数据文件还没有加密，未加密的副本不能删除")
    gone = plain_copies(db_path)
    with db.unit_of_work() as session:
        from mediator_app.storage import repository as repo

        repo.add_audit(session, "删除未加密副本", None, f"{len(gone)} 个")
    for path in gone:
        path.unlink(missing_ok=True)
    return gone


def encrypt(db: Database, db_path: Path, passphrase: str | None, now: dt.datetime | None = None) -> Encrypted:
    """Encrypt the plain file `db_path` that `db` has open (closed here, before the file is touched)."""
    from mediator_app.services.keys import is_encrypted
    from mediator_app.storage import repository as repo
    from mediator_app.storage.cipher import is_plain_sqlite

    actor = require(db, Permission.BACKUP).audit_name
    if is_encrypted(db_path) or not is_plain_sqlite(db_path):
        raise UserFacingError(f"数据文件“{db_path}”已经加密（或不是本程序的普通数据文件），无需再加密")
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    with db.unit_of_work() as session:
        repo.add_audit(session, ACTION, None, f"未加密的原文件保留为 {db_path.name}{PLAIN_COPY_MARK}{stamp}")
    db.close()
    try:
        return _convert(db_path, passphrase, stamp)
    except UserFacingError as exc:
        # The row 加密数据文件 is already on the plain file: say that the conversion did not happen.
        from mediator_app.services.audit import record_on_file
        from mediator_app.storage.backup import connect_plain

        record_on_file(db_path, connect_plain, ACTION + "未完成", exc.message[:200], actor)
        raise


def _convert(db_path: Path, passphrase: str | None, stamp: str) -> Encrypted:
    from mediator_app.services.keys import key_file

    temporary = db_path.with_name(db_path.name + CONVERTING)
    for stale in (temporary, key_file(temporary)):
        stale.unlink(missing_ok=True)  # left by a conversion cut off before its renames: the plain file is intact
    plain_copy = db_path.with_name(f"{db_path.name}{PLAIN_COPY_MARK}{stamp}")
    try:
        made, rows = _copy_while_locked(db_path, temporary, passphrase)
        # Nothing may have been written since the copy: the log was emptied and the lock held until now
        # (released before the renames: Windows renames no file that a connection holds open).
        if Path(f"{db_path}-wal").exists() and Path(f"{db_path}-wal").stat().st_size:
            raise UserFacingError("加密过程中另一个程序写入了数据文件，没有加密。请关闭所有调解工作台窗口和脚本后再试")
        _link_or_copy(db_path, plain_copy)
        os.replace(temporary, db_path)
    except BaseException:
        for left in (temporary, key_file(temporary)):
            left.unlink(missing_ok=True)
        raise
    # Cut off here, the encrypted file is in place and its key file still under the temporary name:
    # `services.keys.is_encrypted` finishes the move the next time the file is opened.
    os.replace(key_file(temporary), key_file(db_path))
    for suffix in ("-wal", "-shm"):  # the plain file's: they must not be applied to the encrypted one
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    _move_key(temporary, db_path, made.key, made.in_keyring)
    _resign_checkpoint(db_path, made.key)
    return Encrypted(made.recovery_code, plain_copy, made.in_keyring, rows)


def _copy_while_locked(db_path: Path, temporary: Path, passphrase: str | None) -> tuple[NewKey, int]:
    """The write-ahead log folded into the file, then the encrypted copy made and checked while a write
    lock keeps every other program's writes waiting (they are told the file is busy)."""
    conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=rw", uri=True, timeout=10, isolation_level=None)
    try:
        busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy is not None and busy[0]:
            raise UserFacingError("数据文件正被其他程序使用，无法加密。请关闭所有调解工作台窗口和脚本后再试")
        conn.execute("BEGIN IMMEDIATE")
        try:
            return _encrypted_copy(db_path, temporary, passphrase)
        finally:
            conn.execute("ROLLBACK")
    finally:
        conn.close()


def _encrypted_copy(plain: Path, temporary: Path, passphrase: str | None) -> tuple[NewKey, int]:
    from mediator_app.services.keys import create_key
    from mediator_app.storage.backup import BackupError, connect_plain, verify
    from mediator_app.storage.cipher import SqlcipherFile, encrypt_copy

    made = create_key(temporary, passphrase)
    try:
        encrypt_copy(plain, temporary, made.key)
    except OSError as exc:
        raise UserFacingError(f"加密副本没有写成（{exc.strerror}），原数据文件没有改动") from exc
    expected = verify(plain, connect=connect_plain).rows
    try:
        checked = verify(temporary, expected, connect=SqlcipherFile(temporary, made.key).connector())
    except BackupError as exc:
        raise UserFacingError(f"加密副本核对不一致，原数据文件没有改动：{exc.message}") from exc
    return made, sum(checked.rows.values())


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # a FAT-formatted USB stick has no hard links
        shutil.copy2(source, target)


def _move_key(temporary: Path, db_path: Path, key: bytes, in_keyring: bool) -> None:
    """The credential-store entry is named after the file: move it from the temporary name."""
    from mediator_app.services.keys import keyring_delete, keyring_put

    if in_keyring:
        keyring_put(db_path, key)
        with contextlib.suppress(Exception):
            keyring_delete(temporary)


def _resign_checkpoint(db_path: Path, key: bytes) -> None:
    """The audit checkpoint of an encrypted file is signed with a key derived from the database key
    (services.audit.anchor_for): write the head again under it; the plain file's anchor key goes."""
    from mediator_app.services.audit import PLAIN_KEY_SUFFIX, anchor_for
    from mediator_app.storage.cipher import connect

    with closing(connect(db_path, key, read_only=True)) as conn:
        head = audit_chain.head(conn)
    anchor_for(db_path, key).record(head, force=True)
    db_path.with_name(db_path.name + PLAIN_KEY_SUFFIX).unlink(missing_ok=True)
