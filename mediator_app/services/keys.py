"""The database key: made once, kept in the system's credential store, recoverable, never written in clear.

The key that encrypts the database (`storage.cipher`) is 32 random bytes made at set-up. It can be
reached three ways, any one of which opens the file:

1. **the credential store** (`keyring`: Windows Credential Manager, the desktop's Secret Service on
   Linux) holds the key itself, so a mediator is never asked for anything;
2. **a passphrase** where no usable credential store exists (a headless or locked Linux): the key is kept
   *wrapped* — encrypted with AES-256-GCM under a key-encryption key derived from the passphrase with
   Argon2id — in the key file beside the database; `MEDIATOR_PASSPHRASE` gives it to scripts and CI;
3. **the recovery code**, shown once at set-up and printed for the committee's safe: the key is also
   kept wrapped under a key derived from it, so a reinstalled PC, a new Windows profile or a lost
   credential-store entry does not lock a committee out of its records.

The key file (``<database>.keys``, JSON) holds only wrapped keys, their salts and parameters, and a
check value (HMAC of the key) that tells a wrong passphrase from a damaged file before the database is
touched. Nothing is ever written in clear, and there is no silent plaintext fallback: without a store,
a passphrase or the recovery code the program asks, or refuses with a message.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mediator_app.errors import UserFacingError
from mediator_app.frozen import frozen

KEY_BYTES = 32
PASSPHRASE_ENV = "MEDIATOR_PASSPHRASE"
KEYRING_SERVICE = "MediationDesk"
MIN_PASSPHRASE = 8
# Argon2id parameters (RFC 9106's second recommended option, memory lowered for an old office PC):
# about 0.2 s on this machine, paid once when the program starts, not per connection.
ARGON2 = {"time_cost": 3, "memory_cost": 65536, "parallelism": 2}
RECOVERY_GROUPS = 6  # 6 groups of 5 base32 characters: 150 bits
CHECK_LABEL = b"mediation-desk database key check"


class KeyProblem(UserFacingError):
    """A key could not be made, found or unwrapped; the message says what to do."""


def key_file(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".keys")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)


def _derive(secret: str, salt: bytes, params: Mapping[str, int]) -> bytes:
    from argon2.low_level import Type, hash_secret_raw

    return hash_secret_raw(
        secret.encode("utf-8"),
        salt,
        time_cost=params["time_cost"],
        memory_cost=params["memory_cost"],
        parallelism=params["parallelism"],
        hash_len=KEY_BYTES,
        type=Type.ID,
    )


def _wrap(key: bytes, secret: str) -> dict[str, object]:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, nonce = os.urandom(16), os.urandom(12)
    kek = _derive(secret, salt, ARGON2)
    return {
        "kdf": "argon2id",
        "params": dict(ARGON2),
        "salt": _b64(salt),
        "nonce": _b64(nonce),
        "wrapped": _b64(AESGCM(kek).encrypt(nonce, key, b"mediation-desk key")),
    }


def _unwrap(entry: Mapping[str, object], secret: str) -> bytes | None:
    """The key, or None when `secret` is not the one it was wrapped with."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    params = entry.get("params")
    if not isinstance(params, dict):
        raise ValueError("params")
    kek = _derive(secret, _unb64(entry["salt"]), params)
    try:
        return AESGCM(kek).decrypt(_unb64(entry["nonce"]), _unb64(entry["wrapped"]), b"mediation-desk key")
    except InvalidTag:
        return None


def check_value(key: bytes) -> str:
    return hmac.new(key, CHECK_LABEL, hashlib.sha256).hexdigest()


def new_recovery_code() -> str:
    """A recovery code to print: groups of five letters and digits, no 0/O or 1/I to misread."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    groups = ["".join(secrets.choice(alphabet) for _ in range(5)) for _ in range(RECOVERY_GROUPS)]
    return "-".join(groups)


def normalise_code(code: str) -> str:
    """What the user typed, in the printed form: upper case, grouped by five; spaces and dashes ignored."""
    cleaned = "".join(ch for ch in code.upper() if ch.isascii() and ch.isalnum())
    return "-".join(cleaned[i : i + 5] for i in range(0, len(cleaned), 5))


# ---------------------------------------------------------------- the credential store


def _keyring_user(db_path: Path) -> str:
    return "database-key:" + hashlib.sha256(str(db_path.resolve()).encode("utf-8")).hexdigest()[:16]


def keyring_get(db_path: Path) -> bytes | None:
    """The key from the credential store, or None (no entry, no usable store)."""
    try:
        import keyring
        from keyring.errors import KeyringError

        value = keyring.get_password(KEYRING_SERVICE, _keyring_user(db_path))
    except (ImportError, KeyringError, RuntimeError):
        return None
    if not value:
        return None
    try:
        key = _unb64(value)
    except ValueError:
        return None
    return key if len(key) == KEY_BYTES else None


def keyring_put(db_path: Path, key: bytes) -> bool:
    """Store the key; False when no usable credential store exists (the caller then needs a passphrase)."""
    try:
        import keyring
        from keyring.errors import KeyringError

        keyring.set_password(KEYRING_SERVICE, _keyring_user(db_path), _b64(key))  # 44 chars: fits Windows' cap
    except (ImportError, KeyringError, RuntimeError):
        return False
    return keyring_get(db_path) == key


def store_available() -> bool:
    """Whether a credential store that can keep the key exists here (not keyring's fail backend): the
    window then asks a passphrase only as an optional second way in."""
    try:
        import keyring
        from keyring.backends.fail import Keyring as Fail
    except ImportError:
        return False
    return not isinstance(keyring.get_keyring(), Fail)


def keyring_delete(db_path: Path) -> None:
    try:
        import keyring
        from keyring.errors import KeyringError, PasswordDeleteError

        keyring.delete_password(KEYRING_SERVICE, _keyring_user(db_path))
    except (ImportError, KeyringError, PasswordDeleteError, RuntimeError):
        pass


# ---------------------------------------------------------------- set-up and unlocking


# repr=False: no generated __repr__ (each method a dataclass generates is compiled in every new
# process: a print command's ~50 classes took ~14 % of it, docs/documents.md "Speed");
# a printed key would also show the key itself.
# eq=False: compared by identity, nothing compares them by value.
@frozen(eq=False, repr=False)
class NewKey:
    """A new database key, its one-time recovery code and whether the system keyring holds it."""

    key: bytes
    recovery_code: str  # shown once and printed; never stored in clear
    in_keyring: bool


def create_key(db_path: Path, passphrase: str | None = None) -> NewKey:
    """Make the database key and its key file; the key goes to the credential store when one works.

    Without a usable store a passphrase is required (and is also accepted with one, as a second way in).
    """
    target = key_file(db_path)
    if target.exists():
        raise KeyProblem(f"密钥文件“{target}”已经存在，没有覆盖。")
    if passphrase is not None and len(passphrase) < MIN_PASSPHRASE:
        raise KeyProblem(f"口令太短：至少 {MIN_PASSPHRASE} 个字符")
    key = os.urandom(KEY_BYTES)
    in_keyring = keyring_put(db_path, key)
    if not in_keyring and passphrase is None:
        raise KeyProblem(
            "这台电脑没有可用的系统密码保管服务，无法自动保管数据库密钥。请设置一个口令"
            f"（脚本可以用环境变量 {PASSPHRASE_ENV} 提供）。"
        )
    code = new_recovery_code()
    wraps: dict[str, object] = {"recovery": _wrap(key, normalise_code(code))}
    if passphrase is not None:
        wraps["passphrase"] = _wrap(key, passphrase)
    write_key_file(target, {"version": 1, "check": check_value(key), "wraps": wraps})
    return NewKey(key, code, in_keyring)


def write_key_file(path: Path, data: Mapping[str, object]) -> None:
    """Write atomically with owner-only permissions (the wrapped keys are no secret, but no one else's)."""
    part = path.with_name(path.name + ".part")
    fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(part, path)


def read_key_file(db_path: Path) -> dict[str, object]:
    path = key_file(db_path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise KeyProblem(f"找不到密钥文件“{path}”：它应在数据文件旁边，请从备份中找回。") from exc
    except (OSError, ValueError) as exc:
        raise KeyProblem(f"密钥文件“{path}”无法读取或已损坏（{exc}）。") from exc
    if not isinstance(data, dict) or not isinstance(data.get("wraps"), dict) or not isinstance(data.get("check"), str):
        raise KeyProblem(f"密钥文件“{path}”格式不正确。")
    return data


def _matches(data: Mapping[str, object], key: bytes | None) -> bool:
    return key is not None and hmac.compare_digest(check_value(key), str(data["check"]))


def unlock(db_path: Path, *, passphrase: str | None = None, recovery_code: str | None = None) -> bytes:
    """The database key, from (in this order) the recovery code or passphrase given, the credential store,
    or ``MEDIATOR_PASSPHRASE``; `KeyProblem` with what to do when none opens it."""
    data = read_key_file(db_path)
    wraps = data["wraps"]
    assert isinstance(wraps, dict)
    if recovery_code is not None:
        key = _try(wraps.get("recovery"), normalise_code(recovery_code))
        if not _matches(data, key):
            raise KeyProblem("恢复码不正确。请对照打印的恢复码重新输入（字母不分大小写，横线可省略）。")
        return key  # type: ignore[return-value]
    stored = keyring_get(db_path)
    if passphrase is None and _matches(data, stored):
        return stored  # type: ignore[return-value]
    given = passphrase if passphrase is not None else os.environ.get(PASSPHRASE_ENV)
    if given is None:
        raise KeyProblem("需要口令才能打开加密的数据文件（或使用恢复码）。")
    if "passphrase" not in wraps:
        raise KeyProblem("这个数据文件没有设置口令，请使用恢复码打开。")
    key = _try(wraps.get("passphrase"), given)
    if not _matches(data, key):
        raise KeyProblem("口令不正确，数据文件没有打开，也没有改动。")
    return key  # type: ignore[return-value]


def _try(entry: object, secret: str) -> bytes | None:
    if not isinstance(entry, dict):
        return None
    try:
        return _unwrap(entry, secret)
    except (KeyError, ValueError) as exc:
        raise KeyProblem(f"密钥文件已损坏（{exc}）。") from exc


def set_passphrase(db_path: Path, key: bytes, passphrase: str) -> None:
    """Add or replace the passphrase way in (after the user proved they hold the key)."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise KeyProblem(f"口令太短：至少 {MIN_PASSPHRASE} 个字符")
    data = read_key_file(db_path)
    if not _matches(data, key):
        raise KeyProblem("密钥与密钥文件不符，没有修改口令。")
    wraps = data["wraps"]
    assert isinstance(wraps, dict)
    wraps["passphrase"] = _wrap(key, passphrase)
    write_key_file(key_file(db_path), data)


# ---------------------------------------------------------------- the one place a file's kind is decided


CONVERTING = ".encrypting"  # services/encryption.py: the encrypted copy's name until it replaces the file


def is_encrypted(db_path: Path) -> bool:
    """A database is encrypted when its key file is beside it (`init --encrypt` or the conversion of a
    plain file made both)."""
    return key_file(db_path).exists() or _finish_conversion(db_path)


def _finish_conversion(db_path: Path) -> bool:
    """A conversion (services/encryption.py) cut off between its last two renames left the encrypted
    file in place and its key file under the temporary name: move the key file (and the credential
    store's entry) to the database's name. False when there is no such conversion."""
    temporary = db_path.with_name(db_path.name + CONVERTING)
    pending = key_file(temporary)
    if not pending.exists() or not db_path.is_file():
        return False
    with open(db_path, "rb") as fh:
        if fh.read(16) == b"SQLite format 3\x00":  # the plain file is still the database: nothing to finish
            return False
    os.replace(pending, key_file(db_path))
    stored = keyring_get(temporary)
    if stored is not None:
        keyring_put(db_path, stored)
        keyring_delete(temporary)
    return True


def target_for(db_path: Path | str, *, passphrase: str | None = None, recovery_code: str | None = None) -> Any:
    """The `DatabaseTarget` for a location: a `PostgresServer` for a ``postgresql://`` URL; for a file,
    `SqlcipherFile` with its unlocked key, or a plain `SqliteFile`. The passphrase or recovery code the
    window asked for, if given, opens it; after a recovery code the key goes back to the credential
    store (a new Windows profile, a deleted entry), where there is one."""
    from mediator_app.storage.cipher import SqlcipherFile
    from mediator_app.storage.engine import SqliteFile

    if isinstance(db_path, str):
        from mediator_app.storage.postgres import PostgresServer, is_server_url

        if is_server_url(db_path):
            return PostgresServer(db_path)
        db_path = Path(db_path)

    if is_encrypted(db_path):
        key = unlock(db_path, passphrase=passphrase, recovery_code=recovery_code)
        if recovery_code is not None:
            keyring_put(db_path, key)
        return SqlcipherFile(db_path, key)
    return SqliteFile(db_path)


def connector_for(db_path: Path) -> Any:
    """The DB-API `Connect` for the file and its backups (`storage.backup`): keyed when it is encrypted."""
    from mediator_app.storage.backup import connect_plain

    if is_encrypted(db_path):
        return target_for(db_path).connector()
    return connect_plain
