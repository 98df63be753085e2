"""One program window per database file: a lock file beside the database, held while the window is open.

Two windows on one file would each keep a case open and save over each other's work; and a mediator who
starts the program twice should be told where it already runs. So `claim` takes a lock file
``<database>.lock`` (owner-only permissions: it names a user and a machine) before the window opens:

- the lock itself is the operating system's (``flock`` on POSIX, ``msvcrt.locking`` on Windows, also
  honoured over a Windows file share): the system drops it when the program ends in any way, a crash or
  a power cut included, so a lock left behind never needs cleaning up by hand;
- the file holds who has it - machine, user, process id, since when - and that is what a second start
  shows (`DatabaseInUse`); a note left in an unlocked file is from a program that crashed, and is
  taken over and logged (`InstanceLock.taken_from`);
- on close the file is emptied, not deleted: deleting it would let a third start lock a new file while a
  second one still holds the old one.

The command line does not take this lock: its commands are short transactions that wait for the
database's own write lock (docs/durability.md), so a script can import or print while the window is open.

Imported before the first paint: standard library only, no dataclasses (CONTRIBUTING.md). The window
takes the lock before its first paint and writes the note after it (`claim(note=False)`, then
`InstanceLock.write_note`): the note needs `json`, `datetime` and `getpass` (≈14 M instructions, 2 % of
the start; docs/architecture.md, "Start-up"). A second start in between is told only that another window
has the file.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt

LOCK_SUFFIX = ".lock"
_WIN_LOCK_OFFSET = 1 << 20  # msvcrt locks a byte range that others then cannot read: lock one past the text


class Holder:
    """Who holds (or held) a database: machine, user, process id, since when."""

    def __init__(self, host: str, user: str, pid: int, since: str) -> None:
        self.host, self.user, self.pid, self.since = host, user, pid, since

    @classmethod
    def me(cls, now: dt.datetime | None = None) -> Holder:
        import datetime

        since = (now or datetime.datetime.now()).isoformat(timespec="seconds")
        return cls(this_host(), _user(), os.getpid(), since)

    def to_json(self) -> str:
        import json

        return json.dumps({"host": self.host, "user": self.user, "pid": self.pid, "since": self.since})

    @classmethod
    def parse(cls, text: str) -> Holder | None:
        if not text:  # a lock file closed properly, or whose holder has not written its note yet
            return None
        import json

        try:
            data = json.loads(text)
            return cls(str(data["host"]), str(data["user"]), int(data["pid"]), str(data["since"]))
        except (ValueError, TypeError, KeyError):
            return None

    def since_text(self) -> str:
        import datetime

        try:
            return f"{datetime.datetime.fromisoformat(self.since):%Y年%m月%d日 %H:%M}"
        except ValueError:
            return "不明时间"


class DatabaseInUse(Exception):
    """Another program window holds the database; `message` says who, where and since when."""

    def __init__(self, path: Path, holder: Holder | None) -> None:
        self.holder = holder
        if holder is None:
            who = "另一个调解工作台窗口"
        else:
            where = "这台电脑" if holder.host == this_host() else f"电脑“{holder.host}”"
            who = f"{where}上的用户“{holder.user}”（自 {holder.since_text()} 起，进程 {holder.pid}）"
        self.message = (
            f"数据文件“{path}”正在被{who}使用。同一个数据文件同时只能在一个窗口中打开，以免两处同时修改、"
            "互相覆盖。请切换到那个窗口继续工作；如果那个程序已经关闭，请再启动一次。"
        )
        super().__init__(self.message)


def this_host() -> str:
    if hasattr(os, "uname"):
        return os.uname().nodename
    return os.environ.get("COMPUTERNAME", "")


def _user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no user name in the environment or the password database
        return ""


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + LOCK_SUFFIX)


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import msvcrt

        os.lseek(fd, _WIN_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _read(fd: int) -> str:
    os.lseek(fd, 0, os.SEEK_SET)
    return os.read(fd, 4096).decode("utf-8", "replace")


class InstanceLock:
    """A held lock; `release` (or the end of the process) frees it."""

    def __init__(self, path: Path, fd: int, previous: str) -> None:
        self.path, self.fd = path, fd
        self._previous = previous  # the note found in the file when it was taken

    @property
    def taken_from(self) -> Holder | None:
        """The holder whose program ended without closing (a crash), if its note was in the file."""
        return Holder.parse(self._previous)

    def write_note(self, now: dt.datetime | None = None) -> None:
        """Write who holds the file (`Holder`), for a second start to show. No fsync: a second start
        reads the note through the system's cache, and after a power cut the lock is gone and the note
        only taken over; flushing it to the disk cost 5-80 ms on a busy machine."""
        os.ftruncate(self.fd, 0)
        os.lseek(self.fd, 0, os.SEEK_SET)
        os.write(self.fd, Holder.me(now).to_json().encode("utf-8"))

    def release(self) -> None:
        if self.fd < 0:
            return
        with contextlib.suppress(OSError):  # a vanished folder (a pulled USB stick): closing still frees it
            os.ftruncate(self.fd, 0)
        os.close(self.fd)  # closing drops the operating system's lock
        self.fd = -1


def claim(db_path: Path, now: dt.datetime | None = None, *, note: bool = True) -> InstanceLock:
    """Take the lock of `db_path` or raise `DatabaseInUse` naming its holder; OSError when the folder
    cannot hold a lock file (the caller goes on without one: the database's own locks still protect).
    `note=False`: the file is emptied, the caller writes its note later (`InstanceLock.write_note`)."""
    path = lock_path(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if not _try_lock(fd):
            raise DatabaseInUse(db_path, Holder.parse(_read(fd)))
        # A note left in a file nobody locks is from a program that ended without closing (a crash, a
        # power cut, a killed process): it is taken over. Its PID is not asked: after a restart the
        # number may belong to any other process, while the system's lock died with the holder.
        lock = InstanceLock(path, fd, _read(fd))
        if sys.platform != "win32":
            os.fchmod(fd, 0o600)  # also when an older file was made with wider permissions
        os.ftruncate(fd, 0)  # no stale note while this program's own is not written yet
        if note:
            lock.write_note(now)
    except BaseException:
        os.close(fd)
        raise
    return lock
