"""Integrity of the database file as the program uses it: when to check, what to say, how to recover.

- every start runs a quick check; the full ``integrity_check`` runs when the last full check that found
  the file whole is `FULL_CHECK_DAYS` days old or unknown (`check_at_start`);
- a damaged file is reported with a Chinese message (`damage_message`); the program then refuses every
  write to it (`storage.database.Database.writes_refused`), because a write into a damaged B-tree can spread
  the damage to pages that were whole;
- the offer is the newest backup that verifies (`newest_good_backup`), with its date and kind, and what
  would be lost: everything entered after it; `restore_damaged` puts the damaged file aside (never
  deleted) and the backup in its place.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from mediator_app.frozen import frozen
from mediator_app.services.keys import connector_for
from mediator_app.storage.backup import BackupError, BackupFile, Verified, backup_folder, list_backups, verify
from mediator_app.storage.integrity import CheckResult, check, last_full_check, record_full_check, replace_damaged

log = logging.getLogger(__name__)

FULL_CHECK_DAYS = 7  # a full integrity_check at least weekly (issue "Never lose a dispute file")


def full_check_due(db_path: Path, today: dt.date) -> bool:
    last = last_full_check(db_path)
    return last is None or (today - last).days >= FULL_CHECK_DAYS or last > today


def check_at_start(db_path: Path, today: dt.date) -> CheckResult:
    """The start's check: quick, or full when one is due; a whole file's full check is remembered."""
    full = full_check_due(db_path, today)
    result = check(db_path, full=full, connect=connector_for(db_path))
    if full and result.ok:
        record_full_check(db_path, today)
    return result


def damage_message(db_path: Path, result: CheckResult) -> str:
    """What the user is told (SQLite's own words, English and technical, go to the log instead)."""
    log.warning("integrity check found damage: %s", "; ".join(result.problems[:3]))
    return (
        f"数据文件“{db_path}”已损坏（检查发现 {len(result.problems)} 处错误）。为免损坏扩大，现在只能查看，"
        "不能保存。可以在“工具 → 数据备份”中用备份恢复。"
    )


@frozen
class GoodBackup:
    """The newest backup that verifies, and what it holds."""

    backup: BackupFile
    verified: Verified


def newest_good_backup(db_path: Path) -> GoodBackup | None:
    """The newest backup beside the database that passes `verify` (a damaged one is skipped)."""
    connect = connector_for(db_path)
    for found in list_backups(backup_folder(db_path)):
        try:
            return GoodBackup(found, verify(found.path, connect=connect))
        except BackupError:
            continue
    return None


def restore_damaged(db_path: Path, backup: Path, now: dt.datetime | None = None) -> tuple[Verified, Path]:
    """Put the damaged file aside and the verified `backup` in its place; returns what was restored and
    where the damaged file is kept. Every connection to the database must be closed first."""
    return replace_damaged(db_path, backup, now or dt.datetime.now(), connect=connector_for(db_path))
