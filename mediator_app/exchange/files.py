"""Reading and writing user-chosen files: atomic replacement and Chinese messages for OS errors.

A half-written export or PDF must never replace a good file, so every write goes to a temporary file
in the same folder that is then renamed over the target (`os.replace` is atomic on one file system).
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from mediator_app.errors import UserFacingError

_REASONS = {
    errno.ENOENT: "文件或文件夹不存在",
    errno.EACCES: "没有访问权限，或文件正被其他程序打开",
    errno.EPERM: "没有访问权限，或文件正被其他程序打开",
    errno.ENOSPC: "磁盘空间不足",
    errno.EFBIG: "磁盘空间不足或文件超出了允许的大小",  # a size limit (quota, RLIMIT_FSIZE, FAT32's 4 GB)
    errno.EDQUOT: "磁盘空间不足（已用完分配给本用户的空间）",
    errno.EROFS: "磁盘为只读",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中有一部分不是文件夹",
}


def os_reason(exc: OSError) -> str:
    """A short Chinese reason for an OS error (the system's own text as a fallback)."""
    return _REASONS.get(exc.errno or -1, exc.strerror or type(exc).__name__)


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file and a rename; the old file survives any failure."""
    path = Path(path)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise UserFacingError(f"无法写入文件“{path}”：{os_reason(exc)}") from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp_name, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise UserFacingError(f"无法写入文件“{path}”：{os_reason(exc)}") from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise


def read_bytes(path: Path, limit: int) -> bytes:
    """Read a whole file of at most `limit` bytes, with Chinese messages for the usual failures."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
    except FileNotFoundError as exc:
        raise UserFacingError(f"找不到文件“{path}”") from exc
    except OSError as exc:
        raise UserFacingError(f"无法读取文件“{path}”：{os_reason(exc)}") from exc
    if len(data) > limit:
        raise UserFacingError(f"文件“{path}”过大（超过{limit // (1024 * 1024)} MB），不像是一个案件文件")
    return data
