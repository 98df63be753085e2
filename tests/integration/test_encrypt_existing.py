"""Encrypting an existing plain database (services/encryption.py, `mediator-cli encrypt`): the encrypted
file holds every row and opens with the passphrase and the recovery code, the audit chain and its
checkpoint hold, the plain file is kept until the user confirms; a failure at any step leaves the plain
file as it was, and a conversion cut off between its renames is finished at the next open."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest

from mediator_app.errors import UserFacingError
from mediator_app.services import cases as svc
from mediator_app.services import encryption, keys
from mediator_app.storage import cipher
from mediator_app.storage.cipher import SqlcipherFile, is_plain_sqlite
from mediator_app.storage.database import Database
from tests.factories import make_case, make_committee

PASSPHRASE = "桃源村调委会2026"
Run = Callable[..., tuple[int, str, str]]


@pytest.fixture(autouse=True)
def no_keyring() -> Iterator[None]:
    from keyring.backends.fail import Keyring as Fail

    before = keyring.get_keyring()
    keyring.set_keyring(Fail())
    yield
    keyring.set_keyring(before)


@pytest.fixture
def plain(tmp_path: Path) -> Path:
    path = tmp_path / "调解 室.sqlite3"
    db = svc.open_database(path)
    svc.save_committee(db, make_committee())
    for _ in range(3):
        svc.register_case(db, make_case())
    db.close()
    return path


def leftovers(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if keys.CONVERTING in p.name)


def test_the_command_encrypts_keeps_the_plain_file_and_discards_it_when_told(
    plain: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(keys.PASSPHRASE_ENV, PASSPHRASE)
    code, out, err = run("--db", str(plain), "encrypt")
    assert code == 0, err
    recovery_code = out.strip().splitlines()[-1].strip()
    assert not is_plain_sqlite(plain) and keys.is_encrypted(plain) and leftovers(plain) == []
    [kept] = encryption.plain_copies(plain)
    assert is_plain_sqlite(kept) and str(kept) in out
    key = keys.unlock(plain)
    assert keys.unlock(plain, recovery_code=recovery_code) == key
    db = Database.open(SqlcipherFile(plain, key))
    assert len(svc.list_cases(db)) == 3
    db.close()
    code, out, err = run("--db", str(plain), "list")
    assert code == 0 and "共 3 件" in out, err
    code, out, err = run("--db", str(plain), "audit", "verify")
    assert code == 0, err + out
    code, _, err = run("--db", str(plain), "encrypt")
    assert code == 2 and "已经加密" in err
    code, out, err = run("--db", str(plain), "encrypt", "--discard-unencrypted")
    assert code == 0 and "已删除 1 个" in out, err
    assert encryption.plain_copies(plain) == []
    assert run("--db", str(plain), "audit", "verify")[0] == 0


def test_without_a_credential_store_or_passphrase_nothing_changes(plain: Path, run: Run) -> None:
    os.environ.pop(keys.PASSPHRASE_ENV, None)
    code, _, err = run("--db", str(plain), "encrypt")
    assert code == 2 and "请设置一个口令" in err
    assert is_plain_sqlite(plain) and not keys.is_encrypted(plain) and leftovers(plain) == []
    assert encryption.plain_copies(plain) == []
    db = svc.open_database(plain)
    assert len(svc.list_cases(db)) == 3
    with db.reader() as session:
        actions = [r[0] for r in session.connection().exec_driver_sql("SELECT action FROM audit_log ORDER BY id")]
    db.close()
    assert actions[-2:] == ["加密数据文件", "加密数据文件未完成"]  # the audit trail says it did not happen
    assert run("--db", str(plain), "audit", "verify")[0] == 0


def test_a_copy_that_does_not_match_is_refused_and_the_plain_file_stays(
    plain: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = cipher.encrypt_copy

    def lossy(source: Path, target: Path, key: bytes) -> None:
        real(source, target, key)
        conn = cipher.connect(target, key)
        conn.execute("DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)")
        conn.close()

    monkeypatch.setattr(cipher, "encrypt_copy", lossy)
    db = svc.open_database(plain)
    with pytest.raises(UserFacingError, match="核对不一致"):
        encryption.encrypt(db, plain, PASSPHRASE)
    assert is_plain_sqlite(plain) and not keys.is_encrypted(plain) and leftovers(plain) == []
    assert encryption.plain_copies(plain) == []
    db = svc.open_database(plain)
    assert len(svc.list_cases(db)) == 3
    db.close()


def test_a_conversion_cut_off_between_its_renames_is_finished_at_the_next_open(
    plain: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = os.replace
    pending_key = keys.key_file(plain.with_name(plain.name + keys.CONVERTING))

    def cut_after_the_database(source: Any, target: Any) -> None:
        if Path(source) == pending_key and Path(target) == keys.key_file(plain):  # a power cut here
            raise SystemExit("power cut")
        real(source, target)

    monkeypatch.setattr(encryption.os, "replace", cut_after_the_database)
    db = svc.open_database(plain)
    with pytest.raises(SystemExit):
        encryption.encrypt(db, plain, PASSPHRASE)
    monkeypatch.undo()
    assert not is_plain_sqlite(plain)  # the encrypted file is in place
    assert not keys.key_file(plain).exists()
    assert keys.is_encrypted(plain)  # ... and its key file moved on the next look
    assert keys.key_file(plain).exists() and leftovers(plain) == []
    db = Database.open(SqlcipherFile(plain, keys.unlock(plain, passphrase=PASSPHRASE)))
    assert len(svc.list_cases(db)) == 3
    db.close()
