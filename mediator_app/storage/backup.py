"""Backups of a SQLite database file: made with SQLite's online backup API, verified, rotated, restored.

A dispute file that is lost cannot be rebuilt, and the village PC has unreliable power and no IT support,
so a backup is only counted when it has been checked:

- **made** with the online backup API (`sqlite3.Connection.backup`), never by copying a live file: a copy
  of a WAL database taken while a writer commits can be torn, the backup API copies one consistent
  snapshot page by page, in steps, so a writer waits for at most one step (`STEP_PAGES`);
- **written** to a ``.part`` file that is flushed to disk and renamed into place only after it is whole
  and verified, so a power cut or a pulled USB stick leaves no file that looks like a backup;
- **verified** after writing: opened read-only, ``PRAGMA integrity_check`` says ``ok``, it carries this
  program's schema (the Alembic version table), and every table holds the same number of rows as the
  source had in the very snapshot that was copied;
- **rotated**: the newest `keep` backups of each kind stay, older ones of that kind are deleted;
- **restored** only from a backup that verifies, after a safety backup of the current file, through the
  backup API into the live file (other connections see the restored data at their next transaction).

This module works on plain SQLite files over the standard `sqlite3` module; `connect` is the seam where an
encrypted database (SQLCipher) passes its own connection function, so its backups are as protected as
the database itself. Errors are `BackupError` with a Chinese message saying what happened and what to do.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import sqlite3
from collections.abc import Callable
from contextlib import closing
from dataclasses import field
from pathlib import Path

from mediator_app.errors import UserFacingError
from mediator_app.frozen import frozen
from mediator_app.storage.audit_chain import HEAD_FILE_SUFFIX
from mediator_app.storage.readonly import read_only_uri

STEP_PAGES = 256  # pages copied per step: 1 MiB at 4 KiB pages; a writer waits at most one step
BACKUP_SUFFIX = ".sqlite3"
SIDECAR_SUFFIX = HEAD_FILE_SUFFIX  # the signed audit head written beside a backup (services.audit_anchor)
NAME_PATTERN = re.compile(r"^mediation-(\d{8}-\d{6})-([a-z]+)(?:-\d+)?\.sqlite3$")
KINDS = ("manual", "daily", "exit", "migration", "restore")

Progress = Callable[[int, int], None]  # (pages done, pages in all)
Connect = Callable[[Path, bool], sqlite3.Connection]  # (path, read_only) -> connection


class BackupError(UserFacingError):
    """A backup, verification or restore that did not succeed; the message says why and what to do."""


def connect_plain(path: Path, read_only: bool) -> sqlite3.Connection:
    """A connection to a plain SQLite file; read-only never creates the file."""
    uri = read_only_uri(path) if read_only else f"{path.resolve().as_uri()}?mode=rwc"
    conn = sqlite3.connect(uri, uri=True, timeout=10, isolation_level=None)
    conn.execute("PRAGMA busy_timeout=10000")
    return conn


@frozen
class Verified:
    """What a verification found: the rows of each table and the schema revision."""

    path: Path
    revision: str
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def cases(self) -> int:
        return self.rows.get("dispute_case", 0)


def _tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"
    ).fetchall()
    return [str(r[0]) for r in rows]


def _counts(conn: sqlite3.Connection) -> dict[str, int]:
    # Virtual tables (the FTS index) cannot be scanned; their shadow tables are ordinary and counted.
    return {t: int(conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]) for t in _tables(conn)}


def _revision(conn: sqlite3.Connection) -> str:
    try:
        rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.DatabaseError:
        return ""
    return str(rows[0][0]) if len(rows) == 1 else ""


def _fail(path: Path, what: str, exc: BaseException | None = None) -> BackupError:
    detail = f"（{exc}）" if exc is not None else ""
    return BackupError(f"备份文件“{path}”{what}{detail}")


def verify(path: Path, expected: dict[str, int] | None = None, connect: Connect = connect_plain) -> Verified:
    """Open a backup read-only and check it; raises BackupError naming the first problem."""
    if not path.is_file():
        raise _fail(path, "不存在或不是文件")
    try:
        with closing(connect(path, True)) as conn:
            result = [str(r[0]) for r in conn.execute("PRAGMA integrity_check").fetchall()]
            if result != ["ok"]:
                raise _fail(path, f"已损坏：{'；'.join(result[:3])}")
            revision = _revision(conn)
            if not revision:
                raise _fail(path, "不是本程序的数据文件（没有数据库版本记录）")
            rows = _counts(conn)
    except sqlite3.DatabaseError as exc:
        raise _fail(path, "无法打开，可能已损坏或不是数据文件", exc) from exc
    if expected is not None and rows != expected:
        differ = sorted(t for t in set(rows) | set(expected) if rows.get(t) != expected.get(t))
        raise _fail(path, f"与原数据不一致（{'、'.join(differ[:5])} 的记录数不同）")
    return Verified(path, revision, rows)


def _sync_dir(folder: Path) -> None:
    if os.name != "posix":  # Windows has no directory fsync; the rename is durable there after the file's
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def space_message(exc: OSError | sqlite3.Error) -> str:
    """What a failed write means for the user: a full disk, a read-only place, or the error itself."""
    text = str(exc).lower()
    if (isinstance(exc, OSError) and exc.errno == errno.ENOSPC) or "full" in text:
        return "磁盘空间不足，请清理磁盘或换一个有空间的位置后再备份"
    if (isinstance(exc, OSError) and exc.errno in (errno.EACCES, errno.EROFS)) or "readonly" in text:
        return "该位置只读或没有写入权限，请换一个位置（U盘请检查写保护开关）"
    if (isinstance(exc, OSError) and exc.errno == errno.EFBIG) or "disk i/o" in text:
        # SQLite reports a write refused by the system (EFBIG at a size limit, a pulled USB stick) so.
        return "写入磁盘出错（磁盘已满、U盘被拔出或磁盘故障），请检查磁盘、腾出空间或换一个位置后再备份"
    return f"写入失败：{exc}"


def backup_file(
    source: Path,
    target: Path,
    *,
    progress: Progress | None = None,
    connect: Connect = connect_plain,
) -> Verified:
    """Back `source` up into `target` (which must not exist yet) and verify it; returns what was verified."""
    part = target.with_name(target.name + ".part")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(f"无法使用备份位置“{target.parent}”：{space_message(exc)}") from exc
    try:
        with closing(connect(source, True)) as src:
            # One read transaction: the rows counted and the pages copied are the same snapshot.
            src.execute("BEGIN")
            expected = _counts(src)
            part.unlink(missing_ok=True)
            with closing(connect(part, False)) as dst:
                src.backup(dst, pages=STEP_PAGES, progress=_adapt(progress))
                # A backup is one self-contained file (no -wal/-shm beside it to lose on a USB stick),
                # and a read-only look at it creates none.
                dst.execute("PRAGMA journal_mode=DELETE")
            src.execute("COMMIT")
        with open(part, "rb+") as fh:
            os.fsync(fh.fileno())
    except (OSError, sqlite3.Error) as exc:
        part.unlink(missing_ok=True)
        if isinstance(exc, sqlite3.DatabaseError) and not source.is_file():
            raise BackupError(f"数据文件“{source}”不存在，无法备份") from exc
        raise BackupError(f"备份到“{target.parent}”没有完成：{space_message(exc)}") from exc
    try:
        checked = verify(part, expected, connect)
        os.replace(part, target)
        _sync_dir(target.parent)
    except BackupError:
        part.unlink(missing_ok=True)
        raise
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise BackupError(f"备份到“{target.parent}”没有完成：{space_message(exc)}") from exc
    return Verified(target, checked.revision, checked.rows)


def _adapt(progress: Progress | None) -> Callable[[int, int, int], object] | None:
    if progress is None:
        return None

    def step(_status: int, remaining: int, total: int) -> None:
        progress(total - remaining, total)

    return step


def backup_folder(db_path: Path) -> Path:
    """The backup folder that goes with a database file: ``backups/`` beside it."""
    return db_path.resolve().parent / "backups"


def backup_name(now: dt.datetime, kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(kind)
    return f"mediation-{now:%Y%m%d-%H%M%S}-{kind}{BACKUP_SUFFIX}"


@frozen
class BackupFile:
    path: Path
    made_at: dt.datetime
    kind: str

    @property
    def size(self) -> int:
        return self.path.stat().st_size


def list_backups(folder: Path) -> list[BackupFile]:
    """The backups in a folder, newest first (by the time in their names)."""
    if not folder.is_dir():
        return []
    out = []
    for path in folder.iterdir():
        match = NAME_PATTERN.match(path.name)
        if match and path.is_file():
            made = dt.datetime.strptime(match.group(1), "%Y%m%d-%H%M%S")
            out.append(BackupFile(path, made, match.group(2)))
    return sorted(out, key=lambda b: (-b.made_at.timestamp(), b.path.name))


def rotate(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups of each kind; returns what was deleted."""
    if keep < 1:
        raise ValueError("keep must be at least 1")
    seen: dict[str, int] = {}
    deleted = []
    for backup in list_backups(folder):
        seen[backup.kind] = seen.get(backup.kind, 0) + 1
        if seen[backup.kind] > keep:
            backup.path.unlink(missing_ok=True)
            # its audit head (services.audit), if any, goes with it
            backup.path.with_name(backup.path.name + SIDECAR_SUFFIX).unlink(missing_ok=True)
            deleted.append(backup.path)
    return deleted


def restore_file(
    backup: Path,
    live: Path,
    safety: Path,
    *,
    progress: Progress | None = None,
    connect: Connect = connect_plain,
) -> Verified:
    """Replace the live database's contents with a verified backup, after a safety backup of the live file.

    Nothing is changed unless the backup verifies and the safety backup is made and verified. The copy
    goes through the backup API into the live file under its write lock, so a reader in another process
    sees either the old or the restored database, never a mixture.
    """
    checked = verify(backup, connect=connect)
    if live.exists():
        backup_file(live, safety, connect=connect)
    try:
        with closing(connect(backup, True)) as src, closing(connect(live, False)) as dst:
            src.backup(dst, pages=STEP_PAGES, progress=_adapt(progress))
    except sqlite3.Error as exc:
        raise BackupError(f"恢复没有完成：{space_message(exc)}。原数据已另存为“{safety}”，可以用它再次恢复。") from exc
    verify(live, checked.rows, connect)
    return checked
