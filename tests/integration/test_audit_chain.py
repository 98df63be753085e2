"""The audit trail is tamper-evident: every kind of change made with the stock `sqlite3` module on the
real file is reported by `mediator-cli audit verify`, the newest rows' deletion included (the checkpoint).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from mediator_app.services import audit, backup, cases, transfer
from mediator_app.storage import audit_chain, audit_check
from mediator_app.storage.database import Database
from tests.clirun import Run
from tests.factories import make_case, make_committee

pytestmark = pytest.mark.usefixtures("committee_db")

ROWS = 6  # committee + 5 registrations


@pytest.fixture
def room(committee_db: Database, db_path: Path) -> Path:
    """A file with a chained, anchored audit log of ROWS rows, closed."""
    for n in range(5):
        cases.register_case(committee_db, make_case(2, number=""), dt.date(2026, 11, 2 + n))
    committee_db.close()
    return db_path


def _sql(path: Path, *statements: str) -> None:
    with closing(sqlite3.connect(path)) as conn:
        for statement in statements:
            conn.execute(statement)
        conn.commit()


def _verify(run: Run, path: Path) -> tuple[int, str]:
    code, out, err = run("audit", "verify", "--db", str(path))
    return code, out + err


def test_an_untouched_log_verifies(run: Run, room: Path) -> None:
    code, out = _verify(run, room)
    assert code == 0, out
    assert f"共 {ROWS} 条" in out


def test_a_hand_computed_row_at_the_end_is_not_confirmed_by_the_checkpoint(run: Run, room: Path) -> None:
    # The chain alone cannot catch a forger who computes SHA-256 himself; the checkpoint can.
    with closing(sqlite3.connect(room)) as conn:
        last = audit_chain.head(conn)
        at = "2026-12-01 08:00:00.000000"
        sealed = audit_chain.seal(last.last_id + 1, at, "某人", None, "登记案件", "伪造", last.last_hash)
        conn.execute(
            "INSERT INTO audit_log (id, at, actor, case_id, action, detail, prev_hash, row_hash) "
            "VALUES (?, ?, '某人', NULL, '登记案件', '伪造', ?, ?)",
            (last.last_id + 1, at, last.last_hash, sealed),
        )
        conn.commit()
    code, out = _verify(run, room)
    assert code == 2 and f"第 {ROWS + 1}–{ROWS + 1} 号" in out and "没有被检查点确认" in out


TAMPERING: dict[str, tuple[tuple[str, ...], str]] = {
    "edit the detail": (("UPDATE audit_log SET detail = '改过' WHERE id = 3",), "第 3 号记录的内容"),
    "edit the actor": (("UPDATE audit_log SET actor = '别人' WHERE id = 2",), "第 2 号记录的内容"),
    "edit the time": (("UPDATE audit_log SET at = '2020-01-01 00:00:00.000000' WHERE id = 4",), "第 4 号记录的内容"),
    "delete a middle row": (("DELETE FROM audit_log WHERE id = 3",), "第 4 号记录与前一条记录接不上"),
    "delete the first row": (("DELETE FROM audit_log WHERE id = 1",), "第 2 号记录本应是第一条记录"),
    "insert a row in a gap": (
        (
            "DELETE FROM audit_log WHERE id = 3",
            "INSERT INTO audit_log (id, at, actor, case_id, action, detail, prev_hash, row_hash) "
            "SELECT 3, at, actor, case_id, '删除案件', detail, prev_hash, row_hash FROM audit_log WHERE id = 2",
        ),
        "第 3 号记录",
    ),
    "insert a copy at the end": (
        (
            "INSERT INTO audit_log (id, at, actor, case_id, action, detail, prev_hash, row_hash) "
            "SELECT 100, at, actor, case_id, action, detail, prev_hash, row_hash FROM audit_log WHERE id = 2",
        ),
        "第 100 号记录与前一条记录接不上",
    ),
    "swap two rows": (
        (
            "UPDATE audit_log SET id = -2 WHERE id = 2",
            "UPDATE audit_log SET id = 2 WHERE id = 3",
            "UPDATE audit_log SET id = 3 WHERE id = -2",
        ),
        "第 2 号记录",
    ),
    "delete the newest row": ((f"DELETE FROM audit_log WHERE id = {ROWS}",), "最新的记录被删除了"),
    "delete the newest three rows": ((f"DELETE FROM audit_log WHERE id > {ROWS - 3}",), "少了 3 条"),
    "delete every row": (("DELETE FROM audit_log",), f"少了 {ROWS} 条"),
}


@pytest.mark.parametrize("kind", TAMPERING)
def test_tampering_with_sqlite3_is_reported(run: Run, room: Path, kind: str) -> None:
    statements, expected = TAMPERING[kind]
    _sql(room, *statements)
    code, out = _verify(run, room)
    assert code == 2, out
    assert expected in out, out


def test_the_checkpoint_cannot_be_rewritten_without_its_key(run: Run, room: Path) -> None:
    _sql(room, f"DELETE FROM audit_log WHERE id = {ROWS}")
    checkpoint = audit.checkpoint_path(room)
    text = checkpoint.read_text(encoding="utf-8").replace(f'"last_id": {ROWS}', f'"last_id": {ROWS - 1}')
    checkpoint.write_text(text, encoding="utf-8")
    code, out = _verify(run, room)
    assert code == 2 and "签名不符" in out


def test_a_deleted_checkpoint_is_reported(run: Run, room: Path) -> None:
    audit.checkpoint_path(room).unlink()
    code, out = _verify(run, room)
    assert code == 2 and "没有检查点文件" in out


def test_the_migration_chains_rows_written_before_it(tmp_path: Path) -> None:
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "schemas" / "schema-0003.sqlite3"
    path = tmp_path / "old.sqlite3"
    path.write_bytes(fixture.read_bytes())
    with closing(sqlite3.connect(path)) as conn:
        before = conn.execute("SELECT id, at, actor, case_id, action, detail FROM audit_log ORDER BY id").fetchall()
    db = cases.open_database(path)
    try:
        report = audit.verify(db)
    finally:
        db.close()
    assert report.broken is None and report.rows == len(before) > 10
    with closing(sqlite3.connect(path)) as conn:
        after = conn.execute("SELECT id, at, actor, case_id, action, detail FROM audit_log ORDER BY id").fetchall()
    assert after == before


def test_the_canonical_encoding_is_fixed() -> None:
    """A change of the encoding would break every stored chain: the hash of a known row is pinned."""
    got = audit_chain.seal(7, "2026-11-22 08:30:00.000000", "本机用户", 3, "登记案件", "（2026）第1号", "0" * 64)
    data = b"mediation-desk audit v1" + b"1:7" + b"26:2026-11-22 08:30:00.000000"
    data += (
        b"12:\xe6\x9c\xac\xe6\x9c\xba\xe7\x94\xa8\xe6\x88\xb7"
        + b"1:3"
        + "12:登记案件".encode()
        + ("17:（2026）第1号").encode()
    )
    data += b"64:" + b"0" * 64
    assert got == hashlib.sha256(data).hexdigest()
    # a driver returning a datetime (PostgreSQL) hashes the same as SQLite's text
    moment = dt.datetime(2026, 11, 22, 8, 30)
    assert audit_chain.seal(7, moment, "本机用户", 3, "登记案件", "（2026）第1号", "0" * 64) == got
    # NULL and empty text differ
    assert audit_chain.seal(7, moment, "", None, "", "", "") != audit_chain.seal(7, moment, "", 0, "", "", "")


def test_each_backup_has_its_signed_head_and_a_restore_moves_the_checkpoint_back(run: Run, room: Path) -> None:
    made = backup.make_backup(room).made
    sidecar = audit.sidecar_path(made.path)
    anchor = audit.anchor_for(room)
    assert anchor.read(sidecar) == anchor.read()  # nothing written since the backup
    db = cases.open_database(room)
    cases.register_case(db, make_case(2, number=""), dt.date(2026, 11, 20))
    db.close()
    assert _verify(run, room)[0] == 0
    backup.restore(room, made.path)
    code, out = _verify(run, room)
    # the backup holds its own record (备份数据); the restore adds 恢复数据 after the restored rows
    assert code == 0 and f"共 {ROWS + 2} 条" in out, out
    with closing(sqlite3.connect(room)) as conn:
        actions = [r[0] for r in conn.execute("SELECT action FROM audit_log ORDER BY id DESC LIMIT 2")]
    assert actions == ["恢复数据", "备份数据"]


def test_rows_cut_off_with_a_re_signed_checkpoint_are_caught_by_a_backups_head(run: Run, room: Path) -> None:
    """On a plain file the signing key lies beside it, so a forger can cut the newest rows off and sign
    a checkpoint to match; the head beside a backup made before still holds the truth."""
    backup.make_backup(room)
    _sql(room, f"DELETE FROM audit_log WHERE id >= {ROWS}")
    with closing(sqlite3.connect(room)) as conn:
        cut = audit_chain.head(conn)
    audit.anchor_for(room).record(cut, force=True)  # the forged checkpoint verifies by itself
    code, out = _verify(run, room)
    assert code == 2 and f"审计表中只到第 {ROWS - 1} 号" in out and "的备份记录到第" in out, out


def test_the_backups_of_another_database_in_the_same_folder_are_passed_over(run: Run, room: Path) -> None:
    other = room.with_name("培训用.sqlite3")
    db = cases.open_database(other)
    cases.save_committee(db, make_committee())
    for n in range(ROWS + 3):
        cases.register_case(db, make_case(2, number=""), dt.date(2026, 11, 2 + n))
    db.close()
    backup.make_backup(other)  # into the same backups/ folder, its head further than this log's
    code, out = _verify(run, room)
    assert code == 0, out


def test_an_encrypted_database_signs_its_checkpoint_with_a_key_from_the_database_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Run
) -> None:
    monkeypatch.setenv("MEDIATOR_PASSPHRASE", "correct horse battery")
    monkeypatch.setattr("mediator_app.services.keys.keyring_put", lambda *_: False)
    monkeypatch.setattr("mediator_app.services.keys.keyring_get", lambda *_: None)
    path = tmp_path / "secret.sqlite3"
    db, _code = cases.create_encrypted(path, "correct horse battery")
    from tests.factories import make_committee

    cases.save_committee(db, make_committee())
    db.close()
    assert not (tmp_path / "secret.sqlite3.audit-key").exists()  # no key file: derived from the database key
    assert _verify(run, path)[0] == 0
    # the plain variant's key does not sign this checkpoint
    assert audit.anchor_for(path).read() is not None
    forged = audit.Anchor(audit.checkpoint_path(path), b"k" * 32)
    with pytest.raises(audit.CheckpointProblem):
        forged.read()


def test_export_records_its_audit_row_before_the_file(
    db_path: Path, committee_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = cases.register_case(committee_db, make_case(2, number=""), dt.date(2026, 11, 2))
    seen: list[str] = []

    def spy(_path: Path, _case: object) -> None:  # the file write, seeing what is already committed
        with closing(sqlite3.connect(db_path)) as conn:
            seen.append(conn.execute("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()[0])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(transfer, "write_case_file", spy)
    with pytest.raises(OSError):
        transfer.export_case_file(committee_db, saved.number, tmp_path / "out.json")
    assert seen == ["导出案件"]
    with closing(sqlite3.connect(db_path)) as conn:
        actions = [r[0] for r in conn.execute("SELECT action FROM audit_log ORDER BY id")]
    assert actions[-2:] == ["导出案件", "导出未完成"]
    assert audit.verify(committee_db).ok


def test_audit_rows_are_written_in_one_place() -> None:
    """Only `storage.audit_chain.append` inserts single audit rows; the bulk writer seals its own batch."""
    root = Path(__file__).resolve().parents[2] / "mediator_app"
    writers = {
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if "migrations" not in p.parts
        and ("INSERT INTO audit_log" in (text := p.read_text(encoding="utf-8")) or "AuditRow(at" in text)
    }
    assert writers == {"storage/audit_chain.py"}


def test_on_a_server_the_chain_alone_is_checked_and_a_whole_one_is_ok() -> None:
    """A database on a server has no checkpoint file beside it (docs/centre.md): its whole chain is ok,
    said as such, and a broken one is still named."""
    rows = [(1, "2026-12-01 08:00:00.000000", "甲", None, "登录", "", "", "")]
    rows[0] = (*rows[0][:6], "0" * 64, audit_chain.seal(1, rows[0][1], "甲", None, "登录", "", "0" * 64))
    state = audit_check.walk(iter(rows))
    report = audit.check(state, None, lambda _row_id: rows[0][7], on_server=True)
    assert report.ok and "服务器上的数据库旁没有检查点文件" in report.summary()
    assert not audit.check(state, None, lambda _row_id: None).ok  # a file without its checkpoint is a problem
