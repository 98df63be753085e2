"""A really damaged database (pages of a real file overwritten): found at start, writes refused, the newest
good backup offered and restored, the damaged file kept aside."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from mediator_app.services import backup as backup_service
from mediator_app.services import cases as svc
from mediator_app.services import integrity
from mediator_app.services.demo import fill_demo
from mediator_app.services.desk import Desk
from mediator_app.storage.backup import backup_file, backup_folder, backup_name
from mediator_app.storage.database import DatabaseUnavailable
from mediator_app.storage.engine import DatabaseDamaged
from mediator_app.storage.integrity import check, last_full_check, record_full_check
from tests.factories import make_committee

CASES = 40
TODAY = dt.date(2026, 3, 2)


@pytest.fixture
def live(tmp_path: Path) -> Path:
    path = tmp_path / "live.sqlite3"
    db = svc.open_database(path)
    svc.save_committee(db, make_committee())
    fill_demo(db, CASES, 5)
    db.close()
    return path


def damage_table(path: Path, table: str) -> None:
    """Overwrite the pages of `table`'s B-tree past its root with bytes that are no B-tree page."""
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    with open(path, "r+b") as fh:
        for page in (root, root + 1, root + 2):
            fh.seek((page - 1) * page_size)
            fh.write(b"\xa5" * page_size)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_whole_file_passes_both_checks(live: Path) -> None:
    assert check(live).ok
    assert check(live, full=True).ok


def test_the_full_check_runs_weekly_and_is_remembered(live: Path) -> None:
    assert integrity.full_check_due(live, TODAY)
    assert integrity.check_at_start(live, TODAY).full
    assert last_full_check(live) == TODAY
    assert not integrity.check_at_start(live, TODAY + dt.timedelta(days=6)).full
    assert integrity.check_at_start(live, TODAY + dt.timedelta(days=7)).full
    record_full_check(live, TODAY + dt.timedelta(days=30))  # a clock set back: check again
    assert integrity.full_check_due(live, TODAY)


def test_damaged_pages_are_found_and_writes_refused(live: Path) -> None:
    desk = Desk.open(live)
    try:
        damage_table(live, "dispute_case")
        result = desk.check_integrity(TODAY)
        assert not result.ok
        assert desk.db.writes_refused is not None and "已损坏" in desk.db.writes_refused
        before = digest(live)
        with pytest.raises(DatabaseUnavailable, match="只能查看，不能保存"):
            desk.save_committee(make_committee())
        assert digest(live) == before  # nothing was written into the damaged file
    finally:
        desk.close()


def test_restore_after_damage_takes_the_newest_backup_that_verifies_and_keeps_the_damaged_file(
    live: Path,
) -> None:
    older = backup_service.make_backup(live, "daily", now=dt.datetime(2026, 3, 1, 8, 0))
    assert older.made.cases == CASES
    # A newer backup that is itself damaged is passed over.
    newer = backup_folder(live) / backup_name(dt.datetime(2026, 3, 2, 8, 0), "manual")
    backup_file(live, newer)
    damage_table(newer, "party")
    desk = Desk.open(live)
    try:
        damage_table(live, "dispute_case")
        damaged_bytes = digest(live)
        assert not desk.check_integrity(TODAY).ok
        good = desk.newest_good_backup()
        assert good is not None and good.backup.path == older.made.path and good.verified.cases == CASES
        aside = desk.restore_damaged(good.backup.path)
        assert digest(aside) == damaged_bytes  # kept aside, not deleted, not changed
        assert "damaged" in aside.name and aside.parent == live.parent
        assert desk.db.writes_refused is None
        assert check(live, full=True).ok
        assert desk.case_count(svc_filter()) == CASES
        desk.save_committee(make_committee())  # writable again
    finally:
        desk.close()
    # The damaged file is never offered as a backup.
    assert all("damaged" not in b.path.name for b in backup_service.list_backups(backup_folder(live)))


def test_a_file_too_damaged_to_open_says_so_and_can_be_restored(live: Path) -> None:
    made = backup_service.make_backup(live, "daily").made
    with closing(sqlite3.connect(live)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with open(live, "r+b") as fh:  # the schema page itself
        fh.seek(100)
        fh.write(b"\xa5" * 3996)
    with pytest.raises(DatabaseDamaged, match="已损坏"):
        Desk.open(live)
    good = integrity.newest_good_backup(live)
    assert good is not None
    _restored, aside = integrity.restore_damaged(live, good.backup.path)
    assert aside.exists() and made.path.exists()
    desk = Desk.open(live)
    try:
        assert desk.case_count(svc_filter()) == CASES
    finally:
        desk.close()


def test_no_good_backup_is_none(live: Path) -> None:
    assert integrity.newest_good_backup(live) is None


def svc_filter() -> object:
    from mediator_app.services.caselist import CaseFilter

    return CaseFilter()
