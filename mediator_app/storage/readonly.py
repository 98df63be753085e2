"""A database file that cannot be written - a read-only file, folder or medium (a CD, a write-protected
USB stick, a colleague's share opened with read rights): opened for reading, and said so.

SQLite reads a WAL-mode file through its ``-shm`` index, which it must be able to create beside the
file. In a folder that cannot be written and with no ``-wal`` left beside the file (closed cleanly),
``immutable=1`` tells SQLite nobody can change the file, so it reads without that index; with a ``-wal``
left there (a crash) the file is opened plainly read-only, as the WAL's content must be read.

A PostgreSQL database that takes no writes (a hot standby, the statistics' read replica:
docs/centre.md) is opened the same way, read as it is, and says so in its own words.
"""

from __future__ import annotations

import os
from pathlib import Path


def writable(path: Path) -> bool:
    """Whether the database file (when it exists) and its folder can be written: ``access`` also answers
    no on a read-only file system, for every user."""
    if path.exists() and not os.access(path, os.W_OK):
        return False
    return os.access(path.parent, os.W_OK)


def read_only_uri(path: Path) -> str:
    """The URI of a read-only connection to `path` that works in a folder that cannot be written."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    wal = path.with_name(path.name + "-wal")
    no_log = not wal.exists() or wal.stat().st_size == 0
    if no_log and path.exists() and not os.access(path.parent, os.W_OK):
        uri += "&immutable=1"
    return uri


def read_only_message(description: str) -> str:
    return (
        f"数据文件“{description}”或其所在文件夹是只读的（例如光盘、写保护的U盘或只有读取权限），"
        "现在只能查看和打印，不能保存。如需修改，请把数据文件复制到可写的位置再打开。"
    )


def server_read_only_message(description: str) -> str:
    """Why a read-only server database (a hot standby: the statistics' read replica) takes no save."""
    return f"数据库“{description}”是只读的（统计用的热备库或只读连接），现在只能查看和统计，不能保存。保存请连接主库。"
