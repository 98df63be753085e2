"""The case search index: FTS5 trigram tables over a per-case document, kept in step in the same
transaction as every write, and the queries that use them. Design and figures: docs/search.md.

Layout (migration 0003):

- ``search_doc``: one row per case (`SearchDocRow`): the folded, padded text of each tier
  (`domain.search_text`; the free texts zlib-compressed) and the map of which field and party each
  value is. It is exactly what the FTS tables indexed.
- ``search_fts_<tier>``: one contentless FTS5 table per tier (``tokenize='trigram case_sensitive 1'``,
  ``detail=full``), rowid = case id. One table per tier, not one table with five columns: a column
  filter on a phrase that is common in another column makes FTS5 walk every row holding it
  (measured 5-40 ms); separate tables do not even know the other tiers' trigrams. Contentless, so
  the text is stored once (in ``search_doc``, compressed) instead of twice.
- ``search_vocab_<tier>``: fts5vocab tables, to expand a 2-character term into the trigrams that
  start with it.

Writes: repository functions call `changes.mark_changed`; `derived.sync_pending` (run by
`Database.unit_of_work` just before commit) rebuilds each changed case's document from the tables
(`load_case_text`: the one loader's case file → `search_doc.CaseText.of`) and replaces it in the FTS tables
(`write_doc`) (FTS ``delete`` with the stored old values, then insert), tier by
tier, only where the text changed. The bulk demo writer inserts `search_doc` rows and fills the FTS
tables once at the end (`rebuild_fts`: ``delete-all``, then one pass over ``search_doc``; as fast as
FTS5's own ``rebuild``, which contentless tables do not have). `derived.ensure_current` (run when a database is opened)
rebuilds everything when the index format changed or a bulk load was interrupted.

This module keeps the index; `storage.search_doc` says what a document holds, `storage.search_query`
answers queries. The FTS statements come from `storage.dialect`.
"""

from __future__ import annotations

import itertools
import zlib
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from sqlalchemy import Connection

from mediator_app.domain.search_text import TIERS
from mediator_app.storage import loader
from mediator_app.storage.dialect import dialect_of, insert_rows
from mediator_app.storage.search_doc import (
    DOC_COLUMNS,
    STORED_COLUMNS,
    CaseText,
    doc_values,
    entries_of,
    fields_of,
    stored,
    unstored,
)
from mediator_app.storage.search_query import StoredDoc, find, fts_table, load_docs, vocab_table

__all__ = [  # the document and query names, re-exported for callers of the index as one module
    "DOC_COLUMNS",
    "TIERS",
    "CaseText",
    "StoredDoc",
    "doc_values",
    "entries_of",
    "fields_of",
    "find",
    "fts_table",
    "load_docs",
    "vocab_table",
]

INDEX_VERSION = "1"  # bump when the document format changes: the next open rebuilds the index


# ---------------------------------------------------------------- reading cases from the tables


def load_case_text(conn: Connection, case_id: int) -> CaseText | None:
    """What the case's document and due date are computed from, or None when the case is gone."""
    found = loader.load_case_file(loader.dbapi(conn), case_id)
    return None if found is None else CaseText.of(found.case, found.state, found.records, found.visits)


def iter_case_texts(conn: Connection) -> Iterator[CaseText]:
    """Every case in id order, streamed (`loader.iter_case_files`)."""
    for f in loader.iter_case_files(loader.dbapi(conn)):
        yield CaseText.of(f.case, f.state, f.records, f.visits)


# ---------------------------------------------------------------- keeping the index in step


def stored_doc(conn: Connection, case_id: int) -> tuple[str, ...] | None:
    """The document `search_doc` holds for a case (what the FTS tables indexed), `DOC_COLUMNS` order."""
    row = conn.exec_driver_sql(
        f"SELECT {', '.join(STORED_COLUMNS)} FROM search_doc WHERE case_id = {dialect_of(conn).param}", (case_id,)
    ).first()
    return unstored(row) if row is not None else None


def write_doc(conn: Connection, case_id: int, new: tuple[str, ...] | None) -> None:
    """Make the index hold `new` as the case's document (None: the case is gone), tier by tier, only
    where the text changed (FTS ``delete`` with the stored old values, then insert)."""
    d = dialect_of(conn)
    old = stored_doc(conn, case_id)
    if old == new:
        return
    for i, tier in enumerate(TIERS, start=1):
        before, after = (old[i] if old else None), (new[i] if new else None)
        if before == after:
            continue
        table = fts_table(tier)
        if before is not None:
            conn.exec_driver_sql(d.fts_delete(table, tier), (case_id, d.fts_stored(tier, before)))
        if after is not None:
            conn.exec_driver_sql(d.fts_insert(table, tier), (case_id, d.fts_stored(tier, after)))
    if new is None:
        conn.exec_driver_sql(f"DELETE FROM search_doc WHERE case_id = {d.param}", (case_id,))
    elif old is None:
        insert_docs(conn, [(case_id, *new)])
    else:
        assignments = ", ".join(f"{c} = {d.param}" for c in STORED_COLUMNS)
        conn.exec_driver_sql(f"UPDATE search_doc SET {assignments} WHERE case_id = {d.param}", (*stored(new), case_id))


def insert_docs(conn: Connection, rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert `search_doc` rows (case id, then `DOC_COLUMNS`) without touching the FTS tables (bulk path)."""
    if rows:
        insert_rows(conn, "search_doc", ("case_id", *STORED_COLUMNS), [(row[0], *stored(row[1:])) for row in rows])


def _set_meta(conn: Connection, key: str, value: str) -> None:
    d = dialect_of(conn)
    conn.exec_driver_sql(
        f"INSERT INTO search_meta(key, value) VALUES ({d.marks(2)}) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def mark_stale(conn: Connection) -> None:
    """The FTS tables no longer match `search_doc` (a bulk load is under way); the next open rebuilds."""
    _set_meta(conn, "state", "stale")


FTS5_HASH_BYTES = 1024 * 1024  # FTS5's default pending-data limit
REBUILD_HASH_BYTES = 16 * 1024 * 1024  # ... while rebuilding
REBUILD_CACHE_KIB = 65536


def rebuild_fts(conn: Connection, progress: Callable[[int, int], None] | None = None) -> None:
    """Index `search_doc` afresh in every FTS table (``delete-all``, then one pass each) and record
    the index as current.

    A larger page cache and FTS5 hash while doing so: ~30% faster (fewer, larger level-0 segments to
    merge); both are put back afterwards.
    """
    d = dialect_of(conn)
    cache = _tune(conn, d.cache_size(), read=True)
    _tune(conn, d.cache_size(-REBUILD_CACHE_KIB))
    _tune(conn, d.rebuild_memory())
    try:
        for step, (tier, column) in enumerate(zip(TIERS, STORED_COLUMNS[1:], strict=True), start=1):
            table = fts_table(tier)
            conn.exec_driver_sql(d.fts_delete_all(table))
            for statement in d.fts_index_drop(tier):
                conn.exec_driver_sql(statement)
            _tune(conn, d.fts_hashsize(table, REBUILD_HASH_BYTES))
            rows = iter(conn.exec_driver_sql(f"SELECT case_id, {column} FROM search_doc"))
            while chunk := [tuple(r) for r in itertools.islice(rows, 5000)]:
                if column == "texts_z":
                    chunk = [(case_id, zlib.decompress(z).decode("utf-8")) for case_id, z in chunk]
                if values := [r for r in chunk if r[1]]:
                    _fill(conn, table, tier, values)
            _tune(conn, d.fts_hashsize(table, FTS5_HASH_BYTES))
            for statement in d.fts_index_create(tier):
                conn.exec_driver_sql(statement)
            if progress is not None:
                progress(step, len(TIERS))
    finally:
        if cache is not None:
            _tune(conn, d.cache_size(int(cache)))
    _set_meta(conn, "version", INDEX_VERSION)
    _set_meta(conn, "state", "ok")


def _fill(conn: Connection, table: str, tier: str, values: list[tuple[Any, ...]]) -> None:
    """Add rows to a tier's FTS table: FTS5's insert statement, or PostgreSQL's COPY into the plain table."""
    d = dialect_of(conn)
    if d.copy_from(table, ("case_id", tier)) is None:
        conn.exec_driver_sql(d.fts_insert(table, tier), values)
    else:
        insert_rows(conn, table, ("case_id", tier), [(case_id, d.fts_stored(tier, text)) for case_id, text in values])


def _tune(conn: Connection, statement: str | None, read: bool = False) -> Any:
    """Run an engine's tuning statement (SQLite's page cache, FTS5's hash size) and return the value it
    reads; None: the engine has no such setting."""
    if statement is None:
        return None
    result = conn.exec_driver_sql(statement)
    return result.scalar() if read else None


def is_current(conn: Connection) -> bool:
    meta: dict[str, str] = {key: value for key, value in conn.exec_driver_sql("SELECT key, value FROM search_meta")}
    return meta.get("version") == INDEX_VERSION and meta.get("state") == "ok"
