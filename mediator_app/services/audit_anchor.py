"""The audit trail's anchor: the signed head kept beside the database (the checkpoint) and beside each
backup (the sidecar), the key that signs it, and `record_on_file` for a service that writes its audit
row on the file itself. `services.audit` explains the design and checks the chain against it.

Its own module because every print records its audit row and anchors it: the lean print path imports
this and not the checks, the audit view's queries and the backup listing (about 6 ms of every
`mediator-cli render`, `python bench/bench_render.py`).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import logging
import os
import secrets
import tempfile
from contextlib import closing
from dataclasses import field
from pathlib import Path
from typing import Any

from mediator_app.frozen import frozen
from mediator_app.storage.audit_chain import HEAD_FILE_SUFFIX, Head, append

log = logging.getLogger(__name__)
CHECKPOINT_SUFFIX = HEAD_FILE_SUFFIX
PLAIN_KEY_SUFFIX = ".audit-key"
MAC_LABEL = b"mediation-desk audit checkpoint v1"


def checkpoint_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + CHECKPOINT_SUFFIX)


def sidecar_path(backup: Path) -> Path:
    return backup.with_name(backup.name + CHECKPOINT_SUFFIX)


class CheckpointProblem(Exception):
    """The checkpoint file exists but cannot be trusted (unreadable, or its signature does not match)."""


# repr=False: no generated __repr__ (each method a dataclass generates is compiled in every new
# process: a print command's ~50 classes took ~14 % of it, docs/documents.md "Speed").
# eq=False: compared by identity, nothing compares them by value.
@frozen(eq=False, repr=False)
class Anchor:
    """Where a database's head is kept, and the key that signs it."""

    path: Path
    key: bytes = field(repr=False)

    def _mac(self, head: Head) -> str:
        message = f"{head.last_id}:{head.last_hash}".encode("ascii")
        return hmac.new(self.key, message, hashlib.sha256).hexdigest()

    def read(self, path: Path | None = None) -> Head | None:
        """The signed head in `path` (default: the checkpoint); None when the file does not exist."""
        target = path or self.path
        try:
            data = json.loads(target.read_text(encoding="utf-8"))
            head = Head(int(data["last_id"]), str(data["last_hash"]))
            mac = str(data["mac"])
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise CheckpointProblem(f"检查点文件“{target.name}”无法读取或已损坏") from exc
        if not hmac.compare_digest(mac, self._mac(head)):
            raise CheckpointProblem(f"检查点文件“{target.name}”的签名不符：它被改动过，或不属于这个数据文件")
        return head

    def record(self, head: Head, path: Path | None = None, *, force: bool = False) -> None:
        """Write `head`, signed, atomically and owner-only. The checkpoint never goes back (two programs
        committing at once may finish in either order) unless `force` (after a restore).

        The checkpoint is written after the commit: if the disk refuses it, the data is saved all the
        same, so this is logged, not raised, and `verify` later names the rows it does not confirm."""
        target = path or self.path
        if not force and path is None:
            try:
                old = self.read()
            except CheckpointProblem:
                old = None
            if old is not None and old.last_id > head.last_id:
                return
        data = {"version": 1, "last_id": head.last_id, "last_hash": head.last_hash, "mac": self._mac(head)}
        try:
            _write_private(target, json.dumps(data).encode("ascii"), replace=True)
        except OSError as exc:
            if path is not None:  # a backup's sidecar: the caller reports it
                raise
            log.warning("audit checkpoint not written (%s): %s", type(exc).__name__, exc.strerror)


def _write_private(target: Path, data: bytes, *, replace: bool) -> None:
    """Write a file owner-only through a unique temporary file (programs on two PCs may write at once),
    then rename it over `target` (`replace`) or link it there only if there is none yet (FileExistsError)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        if replace:
            os.replace(tmp, target)
        else:
            os.link(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _plain_key(db_path: Path) -> bytes:
    path = db_path.with_name(db_path.name + PLAIN_KEY_SUFFIX)
    try:
        return base64.b64decode(path.read_text(encoding="ascii").strip(), validate=True)
    except FileNotFoundError:
        pass
    except (OSError, ValueError) as exc:
        raise CheckpointProblem(f"检查点密钥文件“{path.name}”无法读取或已损坏") from exc
    key = secrets.token_bytes(32)
    try:
        _write_private(path, base64.b64encode(key), replace=False)
    except FileExistsError:  # another program made it first: use that one
        return _plain_key(db_path)
    return key


def anchor_for(db_path: Path, db_key: bytes | None = None) -> Anchor:
    """The anchor of a database file: signed with a key derived from `db_key` when it is encrypted
    (pass it, or it is unlocked as `services.keys` does), else with the plain file's own random key."""
    from mediator_app.services.keys import is_encrypted, unlock

    if db_key is None and is_encrypted(db_path):
        db_key = unlock(db_path)
    key = hmac.new(db_key, MAC_LABEL, hashlib.sha256).digest() if db_key is not None else _plain_key(db_path)
    return Anchor(checkpoint_path(db_path), key)


def record_on_file(db_path: Path, connect: Any, action: str, detail: str, actor: str) -> None:
    """One audit row written on the database file itself, then anchored: for the services that work on
    the file rather than through a session (backup and restore, the encryption of a plain file).
    `connect` is a `storage.backup.Connect` (an encrypted file's is keyed: `services.keys.connector_for`)."""
    with closing(connect(db_path, False)) as conn:
        conn.execute("BEGIN IMMEDIATE")
        try:
            head = append(conn, action, None, detail, actor, dt.datetime.now(dt.UTC))
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    anchor_for(db_path).record(head)
