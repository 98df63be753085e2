"""The draft store: long texts being typed, saved every few seconds so a crash or power cut loses little.

A mediation record or the facts of a case can take half an hour to type, while the parties talk; until the
mediator presses 保存 the text lives only in a window. Every few seconds the window hands its text to
`DraftStore.put`; after a normal save or a cancel it calls `discard`; at the next start `pending` lists
what a crash left behind, with its case and time, so the program can offer each draft back.

Drafts live in their own small SQLite file beside the database (``drafts.sqlite3``), not in the database:
a draft write every few seconds must never wait for, or hold, the database's write lock (another
workstation or a long import may hold it), and drafts belong to the workstation where they were typed.
The file is opened with the same `Connect` seam as backups, so an encrypted database's drafts are
encrypted too. Durable commits (synchronous=FULL): a draft that was saved survives a power cut.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import importlib
import json
import os
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from mediator_app.errors import UserFacingError
from mediator_app.frozen import frozen

FILE_NAME = "drafts.sqlite3"
MAX_TEXT = 200_000  # characters: longer than any record the forms print; guards the file against runaway input

Connect = Callable[[Path], sqlite3.Connection]

SCHEMA = """
CREATE TABLE IF NOT EXISTS draft (
    key TEXT PRIMARY KEY,           -- which window and field, e.g. 'session:12:content'
    case_id INTEGER,                -- the case it belongs to (NULL for a case not yet registered)
    title TEXT NOT NULL,            -- what the user is told, e.g. 人民调解记录（（2026）东湖调字第3号）
    body TEXT NOT NULL,
    saved_at TEXT NOT NULL          -- ISO 8601, local time of the workstation
)
"""


def connect_plain(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=5, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    return conn


@frozen
class Draft:
    key: str
    case_id: int | None
    title: str
    body: str
    saved_at: dt.datetime


class DraftError(UserFacingError):
    """The draft file could not be written or read; the window keeps its text, the user is told."""


class DraftStore:
    """Drafts of one workstation for one database (the file beside it)."""

    def __init__(self, path: Path, connect: Connect = connect_plain) -> None:
        self.path = path
        self._connect = connect
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with closing(self._connect(path)) as conn:
                conn.execute(SCHEMA)
            if os.name == "posix":
                path.chmod(0o600)  # drafts hold what the parties said: the owner's only
        except (OSError, sqlite3.Error) as exc:
            raise _failed(path, exc) from exc

    @classmethod
    def beside(cls, db_path: Path, connect: Connect = connect_plain) -> DraftStore:
        return cls(db_path.resolve().parent / FILE_NAME, connect)

    def _run(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        try:
            with closing(self._connect(self.path)) as conn:
                return conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise _failed(self.path, exc) from exc

    def put(self, key: str, title: str, body: str, case_id: int | None = None, now: dt.datetime | None = None) -> None:
        """Save (or replace) the draft under `key`; an empty body removes it."""
        if not body.strip():
            self.discard(key)
            return
        saved_at = (now or dt.datetime.now()).isoformat(timespec="seconds")
        self._run(
            "INSERT INTO draft (key, case_id, title, body, saved_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET case_id = excluded.case_id, title = excluded.title, "
            "body = excluded.body, saved_at = excluded.saved_at",
            (key, case_id, title, body[:MAX_TEXT], saved_at),
        )

    def discard(self, key: str) -> None:
        self._run("DELETE FROM draft WHERE key = ?", (key,))

    def get(self, key: str) -> Draft | None:
        rows = self._run("SELECT key, case_id, title, body, saved_at FROM draft WHERE key = ?", (key,))
        return _draft(rows[0]) if rows else None

    def pending(self) -> list[Draft]:
        """Every draft left, newest first (what a crash or power cut left behind)."""
        rows = self._run("SELECT key, case_id, title, body, saved_at FROM draft ORDER BY saved_at DESC, key")
        return [_draft(r) for r in rows]


def _failed(path: Path, exc: BaseException) -> DraftError:
    return DraftError(f"无法自动保存草稿（草稿文件“{path}”：{exc}）。输入的内容仍在窗口中，请及时手动保存")


def _draft(row: tuple[object, ...]) -> Draft:
    key, case_id, title, body, saved_at = row
    return Draft(
        str(key),
        int(case_id) if isinstance(case_id, int) else None,
        str(title),
        str(body),
        dt.datetime.fromisoformat(str(saved_at)),
    )


# ---------------------------------------------------------------- what a dialog's snapshot becomes

# Only the program's own value types are rebuilt from a draft: a class is looked up by name, so the
# names allowed are the domain's (never an arbitrary module from a file that could have been edited).
_ALLOWED_MODULES = ("mediator_app.domain.",)


def encode(value: object) -> str:
    """A dialog's snapshot (domain dataclasses, dates, enums, tuples, lists, text, numbers) as JSON."""
    return json.dumps(_plain(value), ensure_ascii=False)


def decode(text: str) -> object:
    """The snapshot back; ValueError for anything this program did not write."""
    return _rebuild(json.loads(text))


def _plain(value: object) -> object:
    if isinstance(value, enum.Enum):
        return {"$enum": _name(type(value)), "value": value.value}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"$data": _name(type(value)), "fields": fields}
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, tuple):
        return {"$tuple": [_plain(v) for v in value]}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value if not isinstance(value, str) else str(value)  # str subclasses (IdNumber) as text
    raise TypeError(f"a draft cannot hold {type(value).__name__}")


def _name(cls: type) -> str:
    return f"{cls.__module__}:{cls.__qualname__}"


def _class(name: object) -> type:
    if not isinstance(name, str) or ":" not in name:
        raise ValueError(f"bad type name {name!r}")
    module, qualname = name.split(":", 1)
    if not module.startswith(_ALLOWED_MODULES):
        raise ValueError(f"a draft may not name {module}")
    found: object = importlib.import_module(module)
    for part in qualname.split("."):
        found = getattr(found, part)
    if not isinstance(found, type):
        raise ValueError(f"{name} is not a class")
    return found


def _rebuild(value: object) -> object:
    if isinstance(value, list):
        return [_rebuild(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "$date" in value:
        return dt.date.fromisoformat(str(value["$date"]))
    if "$datetime" in value:
        return dt.datetime.fromisoformat(str(value["$datetime"]))
    if "$tuple" in value:
        items = value["$tuple"]
        return tuple(_rebuild(v) for v in items) if isinstance(items, list) else ()
    if "$enum" in value:
        return _class(value["$enum"])(value["value"])
    if "$data" in value:
        fields = value.get("fields")
        if not isinstance(fields, dict):
            raise ValueError("bad fields")
        return _class(value["$data"])(**{str(k): _rebuild(v) for k, v in fields.items()})
    raise ValueError("unknown draft value")
