"""The encrypted database: unreadable without the key; opened with the credential store, the passphrase
or the recovery code; a wrong key refused with the file unchanged; backups as protected as the file."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

from mediator_app.services import cases as svc
from mediator_app.services import keys
from mediator_app.storage.backup import backup_file, verify
from mediator_app.storage.cipher import SqlcipherFile, WrongKey, connect, encrypt_copy, is_plain_sqlite
from mediator_app.storage.database import Database
from tests.docfixtures import mediated
from tests.factories import make_case, make_committee
from tests.keyrings import MemoryKeyring

PASSPHRASE = "桃源村调委会2026"


@pytest.fixture
def no_keyring() -> Iterator[None]:
    from keyring.backends.fail import Keyring as Fail

    before = keyring.get_keyring()
    keyring.set_keyring(Fail())
    yield
    keyring.set_keyring(before)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def encrypted_db(path: Path, key: bytes) -> None:
    db = Database.open(SqlcipherFile(path, key))
    svc.save_committee(db, make_committee())
    saved = svc.register_case(db, make_case())
    assert saved.id is not None
    mediated(db, saved.id)  # the agreement prints from 调解 on (PML Art. 28)
    db.close()


@pytest.mark.usefixtures("no_keyring")
def test_without_a_credential_store_a_passphrase_is_required(tmp_path: Path) -> None:
    db_path = tmp_path / "m.sqlite3"
    with pytest.raises(keys.KeyProblem, match="请设置一个口令"):
        keys.create_key(db_path)
    made = keys.create_key(db_path, PASSPHRASE)
    assert not made.in_keyring
    assert keys.unlock(db_path, passphrase=PASSPHRASE) == made.key
    with pytest.raises(keys.KeyProblem, match="口令不正确"):
        keys.unlock(db_path, passphrase="别的口令别的口令")
    with pytest.raises(keys.KeyProblem, match="需要口令"):
        keys.unlock(db_path)
    assert keys.unlock(db_path, recovery_code=made.recovery_code.lower().replace("-", " ")) == made.key
    with pytest.raises(keys.KeyProblem, match="恢复码不正确"):
        keys.unlock(db_path, recovery_code="AAAAA-BBBBB-CCCCC-DDDDD-EEEEE-FFFFF")
    text = keys.key_file(db_path).read_text(encoding="utf-8")
    assert made.key.hex() not in text and PASSPHRASE not in text and made.recovery_code not in text
    assert keys.key_file(db_path).stat().st_mode & 0o077 == 0


@pytest.mark.usefixtures("no_keyring")
def test_the_passphrase_can_come_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db_path = tmp_path / "m.sqlite3"
    made = keys.create_key(db_path, PASSPHRASE)
    monkeypatch.setenv(keys.PASSPHRASE_ENV, PASSPHRASE)
    assert keys.unlock(db_path) == made.key


def test_the_credential_store_then_the_recovery_code(tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    db_path = tmp_path / "m.sqlite3"
    made = keys.create_key(db_path)
    assert made.in_keyring
    assert list(memory_keyring.items.values()) != [made.key.hex()]  # stored as base64 text
    assert keys.unlock(db_path) == made.key
    keys.keyring_delete(db_path)  # a new Windows profile, a reinstall
    with pytest.raises(keys.KeyProblem, match="需要口令"):
        keys.unlock(db_path)
    key = keys.unlock(db_path, recovery_code=made.recovery_code)
    assert key == made.key
    keys.set_passphrase(db_path, key, PASSPHRASE)
    assert keys.unlock(db_path, passphrase=PASSPHRASE) == made.key


@pytest.mark.usefixtures("no_keyring")
def test_the_database_file_is_unreadable_without_the_key(tmp_path: Path) -> None:
    db_path = tmp_path / "m.sqlite3"
    made = keys.create_key(db_path, PASSPHRASE)
    encrypted_db(db_path, made.key)
    assert not is_plain_sqlite(db_path)
    assert b"SQLite format 3" not in db_path.read_bytes()[:100]
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        sqlite3.connect(db_path).execute("SELECT * FROM sqlite_master").fetchall()
    db = Database.open(SqlcipherFile(db_path, keys.unlock(db_path, passphrase=PASSPHRASE)))
    assert len(svc.list_cases(db)) == 1
    db.close()


def test_a_wrong_key_is_refused_and_the_file_unchanged(tmp_path: Path) -> None:
    db_path = tmp_path / "m.sqlite3"
    encrypted_db(db_path, b"\x01" * 32)
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    before = digest(db_path)
    with pytest.raises(WrongKey, match="密钥或口令不正确"):
        Database.open(SqlcipherFile(db_path, b"\x02" * 32))
    assert digest(db_path) == before
    assert not Path(f"{db_path}-wal").exists()


def test_backups_of_an_encrypted_file_are_encrypted(tmp_path: Path) -> None:
    key = b"\x07" * 32
    db_path = tmp_path / "m.sqlite3"
    encrypted_db(db_path, key)
    target = SqlcipherFile(db_path, key)
    made = backup_file(db_path, tmp_path / "b.sqlite3", connect=target.connector())
    assert made.cases == 1
    assert not is_plain_sqlite(made.path)
    assert verify(made.path, connect=target.connector()).rows == made.rows
    with pytest.raises(WrongKey):
        verify(made.path, connect=SqlcipherFile(made.path, b"\x08" * 32).connector())


def test_a_plain_database_is_converted_to_an_encrypted_copy(tmp_path: Path) -> None:
    plain = tmp_path / "plain.sqlite3"
    db = svc.open_database(plain)
    svc.save_committee(db, make_committee())
    saved = svc.register_case(db, make_case())
    assert saved.id is not None
    mediated(db, saved.id)  # the agreement prints from 调解 on (PML Art. 28)
    db.close()
    key = b"\x09" * 32
    encrypted = tmp_path / "encrypted.sqlite3"
    encrypt_copy(plain, encrypted, key)
    assert not is_plain_sqlite(encrypted)
    with connect(encrypted, key, read_only=True) as conn:
        assert conn.execute("SELECT count(*) FROM dispute_case").fetchone()[0] == 1
    reopened = Database.open(SqlcipherFile(encrypted, key))
    assert len(svc.list_cases(reopened)) == 1
    reopened.close()


@pytest.mark.usefixtures("no_keyring")
def test_the_command_line_creates_and_uses_an_encrypted_database(
    tmp_path: Path, run: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    db_path = str(tmp_path / "调解.sqlite3")
    code, _, err = run("--db", db_path, "init", "--committee", "东湖村人民调解委员会", "--short", "东湖", "--encrypt")  # type: ignore[operator]
    assert code == 2 and "请设置一个口令" in err and not Path(db_path).exists()
    monkeypatch.setenv(keys.PASSPHRASE_ENV, PASSPHRASE)
    code, out, _ = run("--db", db_path, "init", "--committee", "东湖村人民调解委员会", "--short", "东湖", "--encrypt")  # type: ignore[operator]
    assert code == 0 and "恢复码" in out
    code_line = out.strip().splitlines()[-1].strip()
    assert keys.unlock(Path(db_path), recovery_code=code_line) == keys.unlock(Path(db_path))
    assert run("--db", db_path, "demo", "--cases", "4", "--seed", "2")[0] == 0  # type: ignore[operator]
    assert not is_plain_sqlite(Path(db_path))
    code, out, _ = run("--db", db_path, "list")  # type: ignore[operator]
    assert code == 0 and "共 4 件" in out
    code, out, _ = run("--db", db_path, "backup")  # type: ignore[operator]
    assert code == 0 and "4 件案件" in out
    [made] = (tmp_path / "backups").glob("*.sqlite3")
    assert not is_plain_sqlite(made)
    assert run("--db", db_path, "verify", str(made))[0] == 0  # type: ignore[operator]
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    before = digest(Path(db_path))
    monkeypatch.setenv(keys.PASSPHRASE_ENV, "不是这个口令不是这个口令")
    code, _, err = run("--db", db_path, "list")  # type: ignore[operator]
    assert code == 2 and "口令不正确" in err
    assert digest(Path(db_path)) == before


@pytest.mark.usefixtures("no_keyring")
def test_an_encrypted_file_prints_on_the_lean_path_like_the_normal_one(
    tmp_path: Path, run: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The agreement command reads an encrypted file with SQLCipher's connection and the loaders, not
    through SQLAlchemy: the same PDF, one audit row each way, the audit chain intact."""
    from mediator_app.services import printing

    db_path = tmp_path / "调解.sqlite3"
    made = keys.create_key(db_path, PASSPHRASE)
    encrypted_db(db_path, made.key)
    monkeypatch.setenv(keys.PASSPHRASE_ENV, PASSPHRASE)
    store = printing.SqliteStore.open(db_path)
    assert store is not None
    with store.reading() as reader:
        number = reader.load_case(1).number
    pdfs = []
    for lean in (True, False):
        with monkeypatch.context() as m:
            if not lean:
                m.setattr(printing.SqliteStore, "open", classmethod(lambda _cls, _path: None))
            out = tmp_path / f"{lean}.pdf"
            code, _, err = run("--db", str(db_path), "render", "agreement", number, "-o", str(out))  # type: ignore[operator]
            assert code == 0, err
            pdfs.append(out.read_bytes())
    assert pdfs[0] == pdfs[1] and pdfs[0].startswith(b"%PDF")
    assert not is_plain_sqlite(db_path)
    db = Database.open(SqlcipherFile(db_path, made.key))
    with db.reader() as session:
        actions = [row[0] for row in session.connection().exec_driver_sql("SELECT action FROM audit_log ORDER BY id")]
    db.close()
    assert actions[-2:] == [actions[-1]] * 2 and "打印" in actions[-1]
    code, out, err = run("--db", str(db_path), "audit", "verify")  # type: ignore[operator]
    assert code == 0, err + out


@pytest.mark.usefixtures("no_keyring")
def test_the_lean_path_over_an_encrypted_file_imports_no_orm(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    db_path = tmp_path / "m.sqlite3"
    made = keys.create_key(db_path, PASSPHRASE)
    encrypted_db(db_path, made.key)
    db = Database.open(SqlcipherFile(db_path, made.key))
    number = svc.list_cases(db)[0].number
    db.close()
    code = (
        "import sys\n"
        "from mediator_app.cli.main import main\n"
        f"assert main(['--db', {str(db_path)!r}, 'render', 'agreement', {number!r}, '-o', {str(tmp_path / 'a.pdf')!r}]) == 0\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'sqlmodel', 'pydantic', 'alembic'}))\n"
    )
    root = str(Path(__file__).resolve().parents[2])
    env = {
        **os.environ,
        keys.PASSPHRASE_ENV: PASSPHRASE,
        "PYTHONPATH": root,
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=120, env=env, cwd=root)
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode().splitlines()[-1] == "[]"
    assert (tmp_path / "a.pdf").read_bytes().startswith(b"%PDF")
