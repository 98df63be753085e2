"""Checking the audit log's hash chain (`storage.audit_chain` says what the chain is): every link
walked and every row's hash recomputed (`walk`), for `services.audit` (审计核验) and the tests.

Kept out of `storage.audit_chain`, which every print imports to write its one audit row: these two
classes' generated methods would be compiled in every print command (docs/tech-notes.md, "The print
command").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from mediator_app.frozen import frozen
from mediator_app.storage.audit_chain import EMPTY, FIELDS, GENESIS, Head, seal
from mediator_app.storage.dialect import dialect_of


@frozen(repr=False)
class Break:
    """The first broken link: the row id where the chain stops holding, and what is wrong there."""

    row_id: int
    kind: str  # "edited": the row's content does not match its hash; "link": a row before it is missing, added or moved
    message: str


@frozen(repr=False)
class ChainState:
    """What walking the chain found: rows checked, the head, and the first break (None: whole)."""

    rows: int
    head: Head
    broken: Break | None


def iter_rows(conn: Any, batch: int = 2000) -> Iterator[tuple[Any, ...]]:
    """Every audit row in id order, in `FIELDS` order, a batch at a time (a large log is not loaded whole)."""
    cur = conn.cursor()
    try:
        cur.execute(f"SELECT {', '.join(FIELDS)} FROM audit_log ORDER BY id")
        while rows := cur.fetchmany(batch):
            yield from rows
    finally:
        cur.close()


def walk(rows: Iterable[tuple[Any, ...]]) -> ChainState:
    """Check every link: each row's prev_hash is the previous row's row_hash, each row_hash its content's."""
    previous, count, last = GENESIS, 0, EMPTY
    for row_id, at, actor, case_id, action, detail, prev_hash, row_hash in rows:
        count += 1
        if prev_hash != previous:
            message = (
                f"第 {row_id} 号记录与前一条记录接不上：在它之前有记录被删除、插入或调换了顺序"
                if count > 1
                else f"第 {row_id} 号记录本应是第一条记录：在它之前有记录被删除或插入"
            )
            return ChainState(count, last, Break(int(row_id), "link", message))
        if seal(row_id, at, actor or "", case_id, action or "", detail or "", prev_hash) != row_hash:
            message = f"第 {row_id} 号记录的内容（时间、操作人、案件、操作或说明）在写入后被改动过"
            return ChainState(count, last, Break(int(row_id), "edited", message))
        previous, last = str(row_hash), Head(int(row_id), str(row_hash))
    return ChainState(count, last, None)


def row_hash_at(conn: Any, row_id: int) -> str | None:
    """The stored row_hash of row `row_id`, None when there is no such row."""
    cur = conn.cursor()
    try:
        cur.execute(f"SELECT row_hash FROM audit_log WHERE id = {dialect_of(conn).param}", (row_id,))
        row = cur.fetchone()
    finally:
        cur.close()
    return None if row is None else str(row[0])
