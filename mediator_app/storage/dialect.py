"""The one seam between storage's SQL and the database engine: the placeholder style and every
SQLite-specific fragment (connection pragmas, ``INDEXED BY``, the FTS5 trigram statements of the
search index) come from a `Dialect`, so that no other module spells them.

Only SQLite files exist so far; an SQLCipher connection (``sqlcipher3.dbapi2``, the sqlite3 API) is
SQLite to this module. A PostgreSQL target will add a `Dialect` of its own (``%s`` parameters, its
own full-text index), and `dialect_of` will recognise its connections.

No SQLAlchemy import here: the lean command-line path uses it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

BUSY_TIMEOUT_MS = 10_000  # wait this long for another workstation's write lock before giving up


@dataclass(frozen=True)
class SqliteDialect:
    """SQLite (and SQLCipher, which speaks the same SQL)."""

    name: str = "sqlite"
    param: str = "?"  # DB-API paramstyle "qmark"

    def marks(self, n: int) -> str:
        """``n`` parameters, comma-separated (for ``IN (…)`` and ``VALUES (…)``)."""
        return ", ".join([self.param] * n)

    def connect_pragmas(self, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> tuple[str, ...]:
        """Run on every new connection: foreign keys enforced (ON DELETE CASCADE), wait for locks."""
        return ("PRAGMA foreign_keys=ON", f"PRAGMA busy_timeout={busy_timeout_ms}")

    def journal_mode(self, mode: str) -> str:
        """WAL lets readers go on while one workstation writes; DELETE where WAL is impossible."""
        return f"PRAGMA journal_mode={mode}"

    def durable(self) -> str:
        """A commit that returned survives a power cut (NORMAL in WAL mode may lose it)."""
        return "PRAGMA synchronous=FULL"

    def indexed_by(self, index: str) -> str:
        """Make the planner read this index (the case list's covering indexes: one ordered scan)."""
        return f" INDEXED BY {index}"

    def test_in_scan(self, column: str) -> str:
        """A column reference the planner may not use as an index (``+c.id``: test membership while
        scanning the chosen index rather than look every row up by id)."""
        return f"+{column}"

    def years_before(self, date_sql: str, years: int) -> str:
        """The ISO text of the same calendar day `years` earlier than the date `date_sql` (compared as
        text with another ISO date; 29 February gives "YYYY-02-29", after every 28 February)."""
        return f"printf('%04d', CAST(substr({date_sql}, 1, 4) AS INTEGER) - {int(years)}) || substr({date_sql}, 5)"

    # -------- the FTS5 trigram index (storage.search; tables made by migration 0003)

    def fts_match(self, table: str) -> str:
        return f"SELECT rowid FROM {table} WHERE {table} MATCH {self.param} ORDER BY rowid DESC LIMIT {self.param}"

    def fts_insert(self, table: str, column: str) -> str:
        return f"INSERT INTO {table}(rowid, {column}) VALUES ({self.param}, {self.param})"

    def fts_delete(self, table: str, column: str) -> str:
        """Remove a row from a contentless table: FTS5 needs the values it indexed."""
        return f"INSERT INTO {table}({table}, rowid, {column}) VALUES ('delete', {self.param}, {self.param})"

    def fts_delete_all(self, table: str) -> str:
        return f"INSERT INTO {table}({table}) VALUES ('delete-all')"

    def fts_hashsize(self, table: str, size: int) -> str:
        return f"INSERT INTO {table}({table}, rank) VALUES ('hashsize', {int(size)})"

    def vocab_range(self, table: str, bounded: bool) -> str:
        """The indexed trigrams from a lower bound (and below an upper one) of an fts5vocab table."""
        upper = f" AND term < {self.param}" if bounded else ""
        return f"SELECT term FROM {table} WHERE term >= {self.param}{upper}"

    def cache_size(self, kib: int | None = None) -> str:
        """Read the page cache size, or set it to `kib` KiB (a negative cache_size is in KiB)."""
        return "PRAGMA cache_size" if kib is None else f"PRAGMA cache_size = {int(kib)}"


SQLITE = SqliteDialect()
Dialect = SqliteDialect  # the type storage code is written against; one implementation so far


def dialect_of(conn: Any) -> Dialect:
    """The dialect of a DB-API connection (sqlite3 or sqlcipher3's dbapi2)."""
    module = type(conn).__module__
    if module.startswith(("sqlite3", "sqlcipher3", "pysqlite")):
        return SQLITE
    raise TypeError(f"no SQL dialect for a {module}.{type(conn).__name__} connection")
