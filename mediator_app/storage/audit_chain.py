"""The audit log as a hash chain: the one writer of audit rows and the canonical encoding (the check,
which walks the chain, is `storage.audit_check`: a print writes one row and never checks).

Each row of ``audit_log`` carries ``prev_hash`` (the ``row_hash`` of the row before it, by id; 64 zeros
for the first) and ``row_hash`` = SHA-256 of the row's canonical encoding, which includes ``prev_hash``.
Editing a row changes its hash; deleting, inserting or reordering rows breaks the link of the next one;
deleting the newest rows leaves a shorter but whole chain, which only the head anchored outside the
table notices (the checkpoint file and the backups' sidecars: `services.audit`).

The canonical encoding (version 1, fixed: changing it breaks every stored chain) is a byte string:
the label ``mediation-desk audit v1`` and then, for each of id, at, actor, case_id, action, detail,
prev_hash, either ``-`` (NULL) or ``<n>:`` followed by the n bytes of the value's UTF-8 text. Integers
are written in decimal, the moment as ``YYYY-MM-DD HH:MM:SS.ffffff`` in UTC (what `columns.stored_utc`
stores in SQLite, and what a PostgreSQL ``timestamp`` read back as a datetime is turned into), text as
stored (no Unicode normalisation). The length prefix keeps field boundaries unambiguous whatever the text
holds; nothing depends on a JSON library, a float format or a Python version.

Writers: `append` here is the only function that inserts audit rows one at a time (`loader.add_audit`,
`repository.add_audit` and so every service and the lean print path go through it); the bulk writer
(`storage.bulk`) seals its batch with `seal` in the same order. The caller holds the write lock (every
writer begins with ``BEGIN IMMEDIATE``), so the head read here cannot change before the insert.

No SQLAlchemy import here: the lean command-line path and the migration use it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any, Protocol

from mediator_app.frozen import frozen
from mediator_app.storage.columns import load_utc, stored_utc
from mediator_app.storage.dialect import dialect_of

HEAD_FILE_SUFFIX = ".audit-head"  # the signed head beside a database or a backup (services.audit_anchor)

GENESIS = "0" * 64  # prev_hash of the first row
LABEL = b"mediation-desk audit v1"
FIELDS = ("id", "at", "actor", "case_id", "action", "detail", "prev_hash", "row_hash")


def _part(value: str | None) -> bytes:
    if value is None:
        return b"-"
    data = value.encode("utf-8")
    return str(len(data)).encode("ascii") + b":" + data


def canonical_at(value: Any) -> str:
    """The moment as the chain encodes it, whether the driver returned text (SQLite) or a datetime."""
    return stored_utc(load_utc(value))


def canonical(row_id: int, at: Any, actor: str, case_id: int | None, action: str, detail: str, prev_hash: str) -> bytes:
    """The bytes a row's hash covers (see the module docstring)."""
    parts = (
        str(int(row_id)),
        canonical_at(at),
        actor,
        None if case_id is None else str(int(case_id)),
        action,
        detail,
        prev_hash,
    )
    return LABEL + b"".join(_part(p) for p in parts)


def seal(row_id: int, at: Any, actor: str, case_id: int | None, action: str, detail: str, prev_hash: str) -> str:
    """The row_hash of a row: SHA-256 of its canonical encoding, hex."""
    return hashlib.sha256(canonical(row_id, at, actor, case_id, action, detail, prev_hash)).hexdigest()


# repr=False: no generated __repr__ (each method a dataclass generates is compiled in every new
# process: a print command's ~50 classes took ~14 % of it, docs/documents.md "Speed").
@frozen(repr=False)
class Head:
    """The newest row of the chain: its id and hash (id 0 and GENESIS for an empty log)."""

    last_id: int
    last_hash: str


EMPTY = Head(0, GENESIS)


class HeadAnchor(Protocol):
    """Keeps the newest head outside the table (`services.audit.Anchor`)."""

    def record(self, head: Head) -> None: ...


def head(conn: Any) -> Head:
    """The chain's newest row, read on `conn` (inside the caller's transaction)."""
    cur = conn.cursor()
    try:
        cur.execute("SELECT id, row_hash FROM audit_log ORDER BY id DESC LIMIT 1")
        row = cur.fetchone()
    finally:
        cur.close()
    return EMPTY if row is None else Head(int(row[0]), str(row[1] or ""))


def append(
    conn: Any,
    action: str,
    case_id: int | None,
    detail: str,
    actor: str,
    now: dt.datetime,
) -> Head:
    """Insert one audit row chained to the current head, on `conn` inside the caller's write
    transaction; returns the new head."""
    dialect = dialect_of(conn)
    cur = conn.cursor()
    try:
        if dialect.chain_lock is not None:
            cur.execute(dialect.chain_lock)
        last = head(conn)
        row_id = last.last_id + 1
        at = stored_utc(now)
        row_hash = seal(row_id, at, actor, case_id, action, detail, last.last_hash)
        marks = dialect.marks(len(FIELDS))
        cur.execute(
            f"INSERT INTO audit_log ({', '.join(FIELDS)}) VALUES ({marks})",
            (row_id, at, actor, case_id, action, detail, last.last_hash, row_hash),
        )
    finally:
        cur.close()
    return Head(row_id, row_hash)
