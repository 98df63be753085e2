"""Backups with SQLite's online backup API: verified, rotated, restored; a damaged or foreign file refused."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import sqlite3
import threading
from contextlib import closing
from pathlib import Path

import pytest

from mediator_app.services import backup as backup_service
from mediator_app.services import cases as svc
from mediator_app.services.demo import fill_demo
from mediator_app.storage.backup import (
    BackupError,
    backup_file,
    backup_name,
    list_backups,
    restore_file,
    rotate,
    space_message,
    verify,
)
from tests.factories import make_committee


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("backup") / "live.sqlite3"
    db = svc.open_database(path)
    svc.save_committee(db, make_committee())
    fill_demo(db, 60, 5)
    db.close()
    return path


def case_count(path: Path) -> int:
    with closing(sqlite3.connect(path)) as conn:
        return int(conn.execute("SELECT count(*) FROM dispute_case").fetchone()[0])


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_backup_is_whole_and_verified(demo_db: Path, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    made = backup_file(demo_db, tmp_path / "b.sqlite3", progress=lambda done, total: seen.append((done, total)))
    assert made.cases == 60
    assert made.rows["party"] >= 120
    assert verify(made.path).rows == made.rows
    assert seen and seen[-1][0] == seen[-1][1]  # progress reached the end
    assert not list(tmp_path.glob("*.part"))


def test_a_backup_taken_while_another_process_writes_is_consistent(demo_db: Path, tmp_path: Path) -> None:
    live = tmp_path / "busy.sqlite3"
    backup_file(demo_db, live)
    with closing(sqlite3.connect(live)) as conn:
        conn.execute("PRAGMA journal_mode=WAL")  # as the program keeps its database (a backup is not)
    stop = threading.Event()

    def write() -> None:
        with closing(sqlite3.connect(live, timeout=10)) as conn:
            while not stop.is_set():
                with conn:
                    conn.execute("UPDATE dispute_case SET facts = facts || '。' WHERE id = 1")

    writer = threading.Thread(target=write)
    writer.start()
    try:
        for i in range(5):
            assert backup_file(live, tmp_path / f"copy{i}.sqlite3").cases == 60
    finally:
        stop.set()
        writer.join()


def test_an_existing_target_is_never_half_written_on_failure(tmp_path: Path) -> None:
    missing = tmp_path / "no-such.sqlite3"
    with pytest.raises(BackupError, match="不存在"):
        backup_file(missing, tmp_path / "x.sqlite3")
    assert not (tmp_path / "x.sqlite3").exists()
    assert not missing.exists()  # read-only open never creates the source


def test_a_target_that_cannot_be_a_folder_is_explained(demo_db: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "usb"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(BackupError, match="无法使用备份位置"):
        backup_file(demo_db, blocker / "sub" / "b.sqlite3")


@pytest.mark.parametrize(
    ("error", "said"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), "磁盘空间不足"),
        (sqlite3.OperationalError("database or disk is full"), "磁盘空间不足"),
        (OSError(errno.EROFS, "Read-only file system"), "只读"),
        (OSError(errno.EACCES, "Permission denied"), "没有写入权限"),
        (sqlite3.OperationalError("attempt to write a readonly database"), "只读"),
    ],
)
def test_full_and_read_only_targets_get_their_own_message(error: Exception, said: str) -> None:
    assert said in space_message(error)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("content", "said"),
    [(b"", "不是本程序的数据文件"), (b"\x00garbage" * 500, "无法打开|已损坏"), (None, "不存在")],
)
def test_verify_refuses_what_is_not_a_good_backup(tmp_path: Path, content: bytes | None, said: str) -> None:
    path = tmp_path / "odd.sqlite3"
    if content is not None:
        path.write_bytes(content)
    before = digest(path) if content is not None else None
    with pytest.raises(BackupError, match=said):
        verify(path)
    if before is not None:
        assert digest(path) == before


def test_verify_refuses_a_foreign_database(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE notes (x)")
        conn.commit()
    before = digest(path)
    with pytest.raises(BackupError, match="不是本程序的数据文件"):
        verify(path)
    assert digest(path) == before


def test_a_damaged_page_is_found(demo_db: Path, tmp_path: Path) -> None:
    copy = backup_file(demo_db, tmp_path / "b.sqlite3").path
    data = bytearray(copy.read_bytes())
    page = 4096
    for offset in range(page * 3, min(len(data), page * 12)):  # wreck some b-tree pages
        data[offset] = 0xA5
    copy.write_bytes(bytes(data))
    with pytest.raises(BackupError, match=r"已损坏|无法打开"):
        verify(copy)


def test_verify_compares_row_counts(demo_db: Path, tmp_path: Path) -> None:
    made = backup_file(demo_db, tmp_path / "b.sqlite3")
    wrong = dict(made.rows, dispute_case=61)
    with pytest.raises(BackupError, match="dispute_case"):
        verify(made.path, wrong)


def test_backup_corrupt_restore_gets_every_case_back(demo_db: Path, tmp_path: Path) -> None:
    live = tmp_path / "live.sqlite3"
    backup_file(demo_db, live)
    saved = backup_file(live, tmp_path / backup_name(dt.datetime(2026, 12, 1, 8), "manual"))
    with closing(sqlite3.connect(live)) as conn, conn:
        conn.execute("DELETE FROM visit_term_check")
        conn.execute("DELETE FROM agreement_term")
    assert verify(live).rows != saved.rows
    safety = tmp_path / "safety.sqlite3"
    restore_file(saved.path, live, safety)
    assert verify(live).rows == saved.rows
    assert case_count(live) == 60
    assert verify(safety).rows["agreement_term"] == 0  # the state before the restore is kept


def test_restore_from_a_bad_backup_changes_nothing(demo_db: Path, tmp_path: Path) -> None:
    live = tmp_path / "live.sqlite3"
    backup_file(demo_db, live)
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"not a database" * 100)
    before = digest(live)
    with pytest.raises(BackupError):
        restore_file(bad, live, tmp_path / "safety.sqlite3")
    assert digest(live) == before
    assert not (tmp_path / "safety.sqlite3").exists()


def test_rotation_keeps_the_newest_of_each_kind(tmp_path: Path) -> None:
    for day in range(1, 8):
        for kind in ("daily", "exit"):
            (tmp_path / backup_name(dt.datetime(2026, 12, day, 9), kind)).write_bytes(b"x")
    (tmp_path / "unrelated.sqlite3").write_bytes(b"x")
    deleted = rotate(tmp_path, keep=3)
    assert len(deleted) == 8
    left = list_backups(tmp_path)
    assert [(b.made_at.day, b.kind) for b in left] == [
        (7, "daily"),
        (7, "exit"),
        (6, "daily"),
        (6, "exit"),
        (5, "daily"),
        (5, "exit"),
    ]
    assert (tmp_path / "unrelated.sqlite3").exists()


def test_the_service_backs_up_beside_the_database_and_to_a_second_place(demo_db: Path, tmp_path: Path) -> None:
    live = tmp_path / "data" / "mediation.sqlite3"
    backup_file(demo_db, live)
    usb = tmp_path / "usb"
    usb.mkdir()
    when = dt.datetime(2026, 12, 6, 9, 30)
    first = backup_service.make_backup(live, "manual", also_to=usb, now=when)
    second = backup_service.make_backup(live, "manual", also_to=usb, now=when)  # same second: a new name
    assert first.made.path.parent == tmp_path / "data" / "backups"
    assert first.extra is not None and first.extra.rows == first.made.rows
    assert second.made.path != first.made.path
    assert len(list_backups(usb)) == 2
    assert backup_service.backup_age_days(live, dt.date(2026, 12, 9)) == 3


def test_a_missing_second_place_is_said_and_the_first_backup_stands(demo_db: Path, tmp_path: Path) -> None:
    live = tmp_path / "mediation.sqlite3"
    backup_file(demo_db, live)
    result = backup_service.make_backup(live, "exit", also_to=tmp_path / "pulled-usb")
    assert result.extra is None
    assert "U盘" in result.extra_problem
    assert verify(result.made.path).cases == 60
    assert backup_service.backup_age_days(tmp_path / "elsewhere" / "other.sqlite3") is None


def test_the_service_restore_keeps_a_safety_copy_in_the_backup_folder(demo_db: Path, tmp_path: Path) -> None:
    live = tmp_path / "mediation.sqlite3"
    backup_file(demo_db, live)
    saved = backup_service.make_backup(live).made
    with closing(sqlite3.connect(live)) as conn, conn:
        conn.execute("UPDATE dispute_case SET facts = 'changed'")
    restored, safety = backup_service.restore(live, saved.path)
    now = verify(live).rows
    assert restored.rows == {**now, "audit_log": now["audit_log"] - 1}  # the restore records itself
    with closing(sqlite3.connect(live)) as conn:
        last = conn.execute("SELECT action, detail FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    assert last == ("恢复数据", f"用 {saved.path.name} 恢复；恢复前的数据另存为 {safety.name}")
    assert safety.parent == saved.path.parent
    assert [b.kind for b in list_backups(safety.parent)].count("restore") == 1


def test_a_backup_is_one_self_contained_file(demo_db: Path, tmp_path: Path) -> None:
    made = backup_file(demo_db, tmp_path / "b.sqlite3")
    verify(made.path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.sqlite3"]
    with closing(sqlite3.connect(made.path)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_the_exit_backup_is_made_only_when_the_newest_is_older_than_a_day(demo_db: Path, tmp_path: Path) -> None:
    live = tmp_path / "exit.sqlite3"
    backup_file(demo_db, live)
    monday = dt.datetime(2026, 3, 2, 18, 0)
    first = backup_service.exit_backup(live, now=monday)  # no backup at all yet
    assert first is not None and first.made.cases == 60 and "-exit" in first.made.path.name
    assert backup_service.exit_backup(live, now=monday + dt.timedelta(hours=23)) is None
    later = backup_service.exit_backup(live, now=monday + dt.timedelta(days=1, minutes=1))
    assert later is not None and [b.kind for b in backup_service.list_backups(later.made.path.parent)] == [
        "exit",
        "exit",
    ]
