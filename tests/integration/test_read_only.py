"""A database on a read-only medium or folder (a real read-only mount when run as root, else file and
folder permissions): listed and printed, every write refused with a Chinese message, the bytes unchanged;
and a backup target that vanishes mid-backup (a pulled USB stick)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mediator_app.services import backup as backup_service
from mediator_app.services import cases as svc
from mediator_app.services.demo import fill_demo
from mediator_app.storage.backup import BackupError, backup_file
from mediator_app.storage.database import DatabaseUnavailable
from tests.factories import make_case, make_committee

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="read-only mounts and modes as on Linux")


def _mount_taken_away(folder: Path) -> bool:
    return subprocess.run(["umount", str(folder)], capture_output=True).returncode == 0


def _mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


@pytest.fixture
def read_only_db(tmp_path: Path) -> Iterator[Path]:
    """A database of 12 cases in a folder that cannot be written, by root or anyone."""
    made = tmp_path / "made" / "d.sqlite3"
    db = svc.open_database(made)
    svc.save_committee(db, make_committee())
    fill_demo(db, 12, 5)
    db.close()  # closed cleanly: no -wal, no -shm beside it
    folder = tmp_path / "ro"
    folder.mkdir()
    if os.geteuid() == 0:  # root writes through any mode: a read-only file system is the real thing
        if not _mount("-t", "tmpfs", "-o", "size=16m", "tmpfs", str(folder)):
            pytest.skip("cannot mount a tmpfs here")
        shutil.copy(made, folder / "d.sqlite3")
        assert _mount("-o", "remount,ro", str(folder))
    else:
        shutil.copy(made, folder / "d.sqlite3")
        (folder / "d.sqlite3").chmod(0o444)
        folder.chmod(0o555)
    try:
        yield folder / "d.sqlite3"
    finally:
        if os.geteuid() == 0 and not _mount_taken_away(folder):
            subprocess.run(["umount", "-l", str(folder)], check=True)  # a file still open: detach it
        else:
            folder.chmod(0o755)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_read_only_database_is_read_and_printed_and_every_write_refused(
    read_only_db: Path, run: Any, tmp_path: Path
) -> None:
    before = digest(read_only_db)
    code, out, _err = run("--db", str(read_only_db), "list")
    assert code == 0 and "共 12 件" in out
    pdf = tmp_path / "a.pdf"
    code, _out, err = run("--db", str(read_only_db), "render", "agreement", "2025-1", "-o", str(pdf))
    assert code == 0, err
    assert pdf.read_bytes().startswith(b"%PDF")
    code, _out, err = run("--db", str(read_only_db), "init", "--committee", "某委员会", "--short", "某", "--force")
    assert code == 2 and "只读" in err and "只能查看和打印，不能保存" in err
    db = svc.open_database(read_only_db)
    try:
        assert db.read_only and len(svc.list_cases(db)) == 12
        with pytest.raises(DatabaseUnavailable, match="复制到可写的位置"):
            svc.register_case(db, make_case())
    finally:
        db.close()
    assert digest(read_only_db) == before
    assert sorted(p.name for p in read_only_db.parent.iterdir()) == ["d.sqlite3"]  # no -wal, -shm, backups


def test_a_backup_target_pulled_out_mid_backup_leaves_nothing_and_says_so(tmp_path: Path) -> None:
    live = tmp_path / "live.sqlite3"
    db = svc.open_database(live)
    svc.save_committee(db, make_committee())
    fill_demo(db, 40, 5)
    db.close()
    usb = tmp_path / "usb"
    usb.mkdir()

    def pull(done: int, _total: int) -> None:
        if done and usb.exists():
            shutil.rmtree(usb)  # the folder vanishes under the open .part file

    with pytest.raises(BackupError, match="没有完成"):
        backup_file(live, usb / "b.sqlite3", progress=pull)
    assert not usb.exists()
    # The committee's second place missing: the backup beside the database still stands.
    result = backup_service.make_backup(live, "manual", also_to=usb)
    assert result.made.cases == 40 and result.extra is None and "U盘是否已插好" in result.extra_problem
