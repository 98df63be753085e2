"""`mediator-cli backup`, `verify` and `restore`, as a script or a technician runs them."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from tests.clirun import Run


@pytest.fixture
def db(tmp_path: Path, run: Run) -> Path:
    path = tmp_path / "调解.sqlite3"
    assert run("--db", str(path), "init", "--committee", "青山镇桃源村人民调解委员会", "--short", "桃源村")[0] == 0
    assert run("--db", str(path), "demo", "--cases", "8", "--seed", "3")[0] == 0
    return path


def terms(path: Path) -> int:
    with closing(sqlite3.connect(path)) as conn:
        return int(conn.execute("SELECT count(*) FROM agreement_term").fetchone()[0])


def test_backup_verify_restore(run: Run, db: Path, tmp_path: Path) -> None:
    usb = tmp_path / "U盘"
    usb.mkdir()
    code, out, err = run("--db", str(db), "backup", "--to", str(usb))
    assert (code, err) == (0, "")
    assert "已备份并核对" in out and "8 件案件" in out and "另存一份并核对" in out
    [made] = sorted((tmp_path / "backups").glob("*.sqlite3"))
    # the copy and its signed audit head (services/audit.py)
    assert sorted(p.name for p in usb.iterdir()) == [made.name, f"{made.name}.audit-head"]
    code, out, _ = run("verify", str(made))
    assert code == 0 and "备份文件完好" in out and "8 件案件" in out
    before = terms(db)
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("DELETE FROM agreement_term")
    code, out, _ = run("--db", str(db), "restore", str(made))
    assert code == 0 and "恢复前的数据已另存为" in out
    assert terms(db) == before
    assert run("--db", str(db), "list")[0] == 0


def test_a_missing_usb_stick_is_said_and_the_local_backup_made(run: Run, db: Path, tmp_path: Path) -> None:
    code, out, _ = run("--db", str(db), "backup", "--to", str(tmp_path / "pulled"))
    assert code == 2
    assert "U盘是否已插好" in out and "已备份并核对" in out


@pytest.mark.parametrize("content", [b"", b"garbage" * 100])
def test_verify_and_restore_refuse_a_bad_file(run: Run, db: Path, tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(content)
    code, _, err = run("verify", str(bad))
    assert code == 2 and "备份文件" in err and "Traceback" not in err
    before = db.read_bytes()
    code, _, err = run("--db", str(db), "restore", str(bad))
    assert code == 2 and "Traceback" not in err
    assert db.read_bytes() == before
