"""Backups as the program uses them: where they go, when they are made, how many are kept, how to restore.

The mechanics (online backup API, verification, rotation, restore) are `storage.backup`; this module is
the policy:

- backups live in ``backups/`` beside the database (the data folder by default), and optionally also in
  a second folder the committee chooses (a USB stick): a missing or read-only second folder is reported
  with its own message and never stops the first backup;
- kinds: ``manual`` (备份 now), ``daily`` (the first start of a day), ``exit``, ``migration`` (before a
  schema upgrade) and ``restore`` (the safety copy made before a restore); the newest `KEEP` of each kind
  are kept;
- `exit_backup` is made on closing when the newest backup is older than a day;
- `backup_age_days` tells the status bar how old the newest backup is, for the warning after
  `WARN_AFTER_DAYS`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from contextlib import closing
from pathlib import Path

from mediator_app.frozen import frozen
from mediator_app.services.audit import Anchor, anchor_for, record_on_file, sidecar_path
from mediator_app.services.keys import connector_for
from mediator_app.storage import audit_chain
from mediator_app.storage.audit_chain import Head
from mediator_app.storage.backup import (
    BackupError,
    BackupFile,
    Connect,
    Progress,
    Verified,
    backup_file,
    backup_folder,
    backup_name,
    connect_plain,
    list_backups,
    restore_file,
    rotate,
    verify,
)
from mediator_app.storage.loader import DEFAULT_ACTOR

KEEP = 10  # newest backups kept per kind
EXIT_AFTER = dt.timedelta(days=1)  # closing the program backs up when the newest backup is older than this
WARN_AFTER_DAYS = 7  # the status bar warns when the newest backup is older than this


@frozen
class BackupResult:
    """What a backup made: the verified copy, and the second copy or why it could not be made."""

    made: Verified
    extra: Verified | None = None
    extra_problem: str = ""


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or dt.datetime.now()


def make_backup(
    db_path: Path,
    kind: str = "manual",
    *,
    also_to: Path | None = None,
    keep: int = KEEP,
    now: dt.datetime | None = None,
    progress: Progress | None = None,
    actor: str = DEFAULT_ACTOR,
) -> BackupResult:
    """Back the database up into its backup folder (and `also_to`), verify, rotate; raises BackupError.
    `actor` is the person the audit rows name (the one logged in; 本机用户 on a file without accounts)."""
    name = backup_name(_now(now), kind)
    folder = backup_folder(db_path)
    connect = connector_for(db_path)  # an encrypted database's backups are encrypted with its key
    what = f"{KIND_NAMES.get(kind, kind)}备份 {name}"
    if db_path.is_file():  # recorded first, so the backup holds its own record (docs/privacy.md)
        record_on_file(db_path, connect, "备份数据", what, actor)
    try:
        made = backup_file(db_path, _free(folder / name), progress=progress, connect=connect)
    except BaseException:
        with contextlib.suppress(Exception):  # a full disk may refuse this row too; the failure is said anyway
            record_on_file(db_path, connect, "备份未完成", what, actor)
        raise
    anchor = _record_head(db_path, made.path, connect)
    rotate(folder, keep)
    if also_to is None:
        return BackupResult(made)
    if not also_to.is_dir():
        return BackupResult(made, extra_problem=f"找不到备份位置“{also_to}”（U盘是否已插好？），本次只备份到了本机")
    try:
        extra = backup_file(made.path, _free(also_to / name), connect=connect)
        anchor.record(_head_of(extra.path, connect), sidecar_path(extra.path))
    except OSError as exc:
        return BackupResult(made, extra_problem=f"第二份备份的审计检查点没有写成（{exc.strerror}）；本次只备份到了本机")
    except BackupError as exc:
        return BackupResult(made, extra_problem=f"{exc.message}；本次只备份到了本机")
    rotate(also_to, keep)
    return BackupResult(made, extra)


KIND_NAMES = {"manual": "手动", "daily": "每日", "exit": "退出时", "migration": "升级前", "restore": "恢复前"}


def _head_of(path: Path, connect: Connect) -> Head:
    with closing(connect(path, True)) as conn:
        return audit_chain.head(conn)


def _record_head(db_path: Path, backup: Path, connect: Connect) -> Anchor:
    """Write the backup's audit head, signed, beside it (`services.audit`): a later check can tell
    that rows the backup holds were cut off the live log."""
    anchor = anchor_for(db_path)
    try:
        anchor.record(_head_of(backup, connect), sidecar_path(backup))
    except OSError as exc:
        raise BackupError(f"备份已做好，但审计检查点“{sidecar_path(backup).name}”没有写成（{exc.strerror}）") from exc
    return anchor


def _free(path: Path) -> Path:
    """`path`, or the same name with -2, -3 … when two backups fall in the same second."""
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return candidate


def newest_backup(db_path: Path) -> BackupFile | None:
    found = list_backups(backup_folder(db_path))
    return found[0] if found else None


def backup_age_days(db_path: Path, today: dt.date | None = None) -> int | None:
    """Days since the newest backup; None when there is none."""
    newest = newest_backup(db_path)
    if newest is None:
        return None
    return ((today or dt.date.today()) - newest.made_at.date()).days


def exit_backup(db_path: Path, now: dt.datetime | None = None, actor: str = DEFAULT_ACTOR) -> BackupResult | None:
    """The backup made when the program closes, if the newest one is older than `EXIT_AFTER` (a program
    left open over night, a day's backup that failed); None when a recent one exists."""
    newest = newest_backup(db_path)
    if newest is not None and _now(now) - newest.made_at < EXIT_AFTER:
        return None
    return make_backup(db_path, "exit", now=now, actor=actor)


def restore(
    db_path: Path, backup: Path, *, now: dt.datetime | None = None, actor: str = DEFAULT_ACTOR
) -> tuple[Verified, Path]:
    """Restore `backup` into the database; returns what was restored and where the safety copy is."""
    safety = _free(backup_folder(db_path) / backup_name(_now(now), "restore"))
    connect = connector_for(db_path)
    restored = restore_file(backup, db_path, safety, connect=connect)
    # The live log is now the backup's: the checkpoint follows it back (force: it goes backwards).
    anchor_for(db_path).record(_head_of(db_path, connect), force=True)
    record_on_file(db_path, connect, "恢复数据", f"用 {backup.name} 恢复；恢复前的数据另存为 {safety.name}", actor)
    return restored, safety


def verify_backup(path: Path, db_path: Path | None = None) -> Verified:
    """Check a backup; one of an encrypted database is read with that database's key."""
    return verify(path, connect=connector_for(db_path) if db_path is not None else connect_plain)
