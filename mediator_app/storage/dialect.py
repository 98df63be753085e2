"""The one seam between storage's SQL and the database engine: the placeholder style and every
SQLite-specific fragment (connection pragmas, ``INDEXED BY``, the FTS5 trigram statements of the
search index) come from a `Dialect`, so that no other module spells them.

Two engines: SQLite (an SQLCipher connection, ``sqlcipher3.dbapi2``, speaks the sqlite3 API and is
SQLite to this module) and PostgreSQL through psycopg 3 (``%s`` parameters; the search index is one
plain table per tier with a pg_trgm GIN index, searched with ``LIKE ANY``: docs/centre.md).
`dialect_of` recognises a DB-API connection of either driver and a SQLAlchemy `Connection`.

No SQLAlchemy import here: the lean command-line path uses it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Literal

from mediator_app.frozen import frozen

BUSY_TIMEOUT_MS = 10_000  # wait this long for another workstation's write lock before giving up


# repr=False: no generated __repr__ (each method a dataclass generates is compiled in every new
# process: a print command's ~50 classes took ~14 % of it, docs/documents.md "Speed").
# eq=False: compared by identity, nothing compares them by value.
@frozen(eq=False, repr=False)
class SqliteDialect:
    """SQLite (and SQLCipher, which speaks the same SQL)."""

    name: str = "sqlite"
    param: str = "?"  # DB-API paramstyle "qmark"

    # What an audit append runs first so that two writers never read the same chain head: nothing
    # here, where BEGIN IMMEDIATE already lets one writer at a time into the file (storage.engine).
    chain_lock: str | None = None

    # A filter change counts the case list's matches at once here: counting is cheap in a file of a
    # room's 100,000 cases (3-47 ms, docs/search.md; `storage.case_list.first_page`).
    count_first: bool = True

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

    # A 2-character term is expanded into the indexed trigrams that start with it (`vocab_range`). The
    # flags' types tell mypy which dialect a test of them leaves, so that a method only one engine
    # needs (`fts_match`, `vocab_range` here, the walk's statements on PostgreSQL) is defined there alone.
    has_vocab: Literal[True] = True

    def fts_match(self, table: str, _column: str) -> str:
        """The newest ids whose text matches (FTS5 walks its doclists newest first and stops at the limit)."""
        return f"SELECT rowid FROM {table} WHERE {table} MATCH {self.param} ORDER BY rowid DESC LIMIT {self.param}"

    def fts_phrases(self, _tier: str, phrases: list[str]) -> tuple[str]:
        """The parameters of `fts_match` (before the limit) for "any of these substrings" in a tier: an
        FTS5 OR of quoted phrases."""
        return (" OR ".join('"' + p.replace('"', '""') + '"' for p in phrases),)

    def fts_insert(self, table: str, column: str) -> str:
        return f"INSERT INTO {table}(rowid, {column}) VALUES ({self.param}, {self.param})"

    def fts_delete(self, table: str, column: str) -> str:
        """Remove a row from a contentless table: FTS5 needs the values it indexed."""
        return f"INSERT INTO {table}({table}, rowid, {column}) VALUES ('delete', {self.param}, {self.param})"

    def fts_delete_all(self, table: str) -> str:
        return f"INSERT INTO {table}({table}) VALUES ('delete-all')"

    def fts_hashsize(self, table: str, size: int) -> str | None:
        return f"INSERT INTO {table}({table}, rank) VALUES ('hashsize', {int(size)})"

    # No walk by id ranges: FTS5 walks its doclists newest first and stops at the limit.
    bucket_rows: None = None
    each_time: tuple[tuple[str, bool], ...] = ()  # sqlite3's execute takes no options

    coarse_rows: None = None  # nor coarse buckets (migration 0018 is PostgreSQL's)

    def fts_stored(self, _tier: str, text: str) -> str:
        return text

    def fts_index_drop(self, _tier: str) -> tuple[str, ...]:
        """Before a rebuild fills a tier's table: nothing here (FTS5 builds its index as it goes)."""
        return ()

    def fts_index_create(self, _tier: str) -> tuple[str, ...]:
        return ()

    def rebuild_memory(self) -> str | None:
        """Memory for building the search index in one go: the page cache (`cache_size`) does it here."""
        return None

    def copy_from(self, _table: str, _names: Sequence[str]) -> str | None:
        """No COPY: many rows go in as one prepared INSERT run per row (executemany)."""
        return None

    def vocab_range(self, table: str, bounded: bool) -> str:
        """The indexed trigrams from a lower bound (and below an upper one) of an fts5vocab table."""
        upper = f" AND term < {self.param}" if bounded else ""
        return f"SELECT term FROM {table} WHERE term >= {self.param}{upper}"

    def sync_id_sequence(self, _table: str) -> str | None:
        """After rows were inserted with explicit ids: nothing to do (SQLite takes max(rowid) + 1)."""
        return None

    def cache_size(self, kib: int | None = None) -> str | None:
        """Read the page cache size, or set it to `kib` KiB (a negative cache_size is in KiB)."""
        return "PRAGMA cache_size" if kib is None else f"PRAGMA cache_size = {int(kib)}"


PROBE_ROWS = 128  # the newest rows `fts_probe` reads in case-id order
BUCKET_ROWS = 1024  # cases per bucket, ``case_id / 1024``, of the search tables' GIN index (migration 0016)
SAMPLE_PERCENT = 0.05  # of a search table's pages, read by `fts_sample` (about 450 of 1,000,000 rows)
COARSE_ROWS = 16 * BUCKET_ROWS  # cases per coarse bucket, ``case_id / 16384``, the index's first column (0018)


def doubled(text: str, single: frozenset[str] = frozenset()) -> str:
    """`text` with every character doubled ("调解" → "调调解解"), as PostgreSQL's search tables hold it
    (migration 0015), but for the characters in `single`, kept as they are (`SINGLE_IN_TIER`). pg_trgm
    makes no trigram of a 2-character pattern, so ``LIKE '%调解%'`` read every row of every tier
    (measured: 0.1-2.4 s per tier at 100,000 cases); ``%调调解解%`` has two trigrams and the GIN index
    answers it. LIKE on the doubled text is exact: each character's stored form is one character or the
    character twice, never the start of another's, so a doubled pattern found at an odd offset means a
    run of one repeated character, which the text then contains (tests/unit/test_doubled_text.py)."""
    if not single:
        return "".join(map("".join, zip(text, text, strict=True)))
    return "".join(c if c in single else c + c for c in text)


# ASCII digits and letters are stored single in the ids tier on PostgreSQL (migration 0017): its values
# are ID numbers, credit codes and phone numbers. Doubled, digits give only the ~200 trigrams of two
# digit pairs ("110", "100", "007"), each in nearly every row, so the GIN index handed over every row of
# the tier for a digit query ("10700" over the whole tier: 727 ms at 1,000,000 cases, 51 ms single;
# docs/centre.md); single, they give ~1,000 trigrams and every term of 3 or more of them has some.
# Every other character stays doubled, so that a 2-character Chinese term still has trigrams there
# (found in no row at once; with nothing doubled it was checked on every row: p95 990 ms). A term of 2
# digits or letters has no trigram here and its walk steps read every row of their buckets (exact,
# slower; measured fine in this tier, where such terms are common, but 160-300 ms a step in the
# number tier, which therefore stays doubled: docs/centre.md); a 1-character term is looked for in
# the names tier only (`match_phrases`).
ALPHANUMERIC = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
SINGLE_IN_TIER = {"ids": ALPHANUMERIC}
# The case-number tier keeps both forms (migration 0019): its doubled column for a term of 2 digits or
# letters, which has no trigram single, and a generated column in the ids tier's form, with its own GIN
# index, for every other term. Doubled, a 5- or 6-digit fragment of an ID number or phone had nearly
# every case number as a candidate (10-20 ms a scan over them at 1,000,000 cases; 0.6 ms single).
# The facts tier likewise (migration 0022): doubled, "1月" of a date ("11月月") is found inside "11月"
# ("1111月月"), every trigram of "2025年1月" is in every date of November 2025, and each such date was a
# candidate checked and refused (418 ms for the newest 52 at 1,000,000 cases; single, 69 ms). A term
# of 2 digits or letters stays with the doubled column: single, it has no trigram ("25": 7 s).
SINGLE_COLUMN = {"number": "number_single", "texts": "texts_single"}
# A term of five or more ASCII digits is looked up by its 5-digit windows (migration 0020): each tier has
# a GIN index over `GRAMS_OF`'s expression, the windows of every run of five or more digits in its stored
# text as integers. Digits have only 1,000 trigrams, each in a large share of a tier holding digits:
# "802022" handed the ids tier's trigram index 24,104 candidates for 109 matches (109 ms at 1,000,000
# cases), its windows 110 (2.3 ms, `EXPLAIN (ANALYZE, BUFFERS)`). The column a tier's windows are
# taken from and the width of a stored digit there (1 single, 2 doubled).
GRAM_DIGITS = 5
GRAMS_OF = {"number": ("number_single", 1), "ids": ("ids", 1)}  # every other tier: its own column, doubled


def grams_expression(tier: str) -> str:
    """The expression migration 0020 indexed in the tier's table (spelled the same, or the planner
    cannot use the index)."""
    column, width = GRAMS_OF.get(tier, (tier, 2))
    return f"search_digit_grams({column}, {width})"


def digit_grams(phrase: str) -> list[int] | None:
    """The 5-digit windows of a phrase of `GRAM_DIGITS` or more ASCII digits as integers, or None."""
    if len(phrase) < GRAM_DIGITS or not (phrase.isascii() and phrase.isdigit()):
        return None
    return sorted({int(phrase[i : i + GRAM_DIGITS]) for i in range(len(phrase) - GRAM_DIGITS + 1)})


# The names tier's whole values (migration 0021): a phrase that is a whole name (`PAD` on both sides,
# the names tier's `whole_name`) is looked up as a value of the list the text splits into. By its
# trigrams a whole name had every name holding it as a candidate: "程有限公司" (a piece of 23,000
# companies' names, itself no name) was checked on all of them (12 ms warm, 56 ms cold, at 1,000,000
# cases); as a value, 1 ms. Values never hold `SEP` (`domain.search_text.fold`), so the split is exact.
WHOLE_NAMES = "regexp_split_to_array(names, '\\x1f+')"


@frozen(repr=False)
class Lookup:
    """How the search's walk finds a tier's rows holding some phrases (PostgreSQL, `PostgresDialect.fts_lookup`)."""

    column: str  # the stored text: the newest rows and the sample are checked LIKE the patterns here
    patterns: list[str]  # the phrases' LIKE patterns in the column's form
    where: str  # the condition the tier's GIN index serves, with one placeholder, for `value`
    value: Any  # the placeholder's value: the patterns, or the whole names
    probed: bool  # a shorter LIKE pattern (`search_walk.probes`) may stand for `value` in `where`


def _has_trigram(text: str) -> bool:
    """Whether `text` has three word characters in a row (pg_trgm's trigrams are made within words)."""
    run = 0
    for c in text:
        run = run + 1 if c.isalnum() else 0
        if run == 3:
            return True
    return False


def like_pattern(text: str) -> str:
    """A LIKE pattern for "contains `text`" (``\\`` is PostgreSQL's default LIKE escape)."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


@frozen(eq=False, repr=False)
class PostgresDialect:
    """PostgreSQL 15+ through psycopg 3 (paramstyle "format").

    The search tables ``search_fts_<tier>`` (migration 0003 on PostgreSQL) are ordinary tables
    (case_id, text) with a GIN index over the case's bucket of ids and the text (btree_gin and
    pg_trgm, migration 0016); they hold the text doubled (migration 0015, `doubled`), but for the ASCII
    digits and letters of the ids tier (`SINGLE_IN_TIER`, migration 0017): ``LIKE '%…%'`` of the
    term in the stored form is served by the index (but for 2 digits or letters there) and
    checked exactly on every candidate (the same substring semantics as FTS5's trigram tokenizer).
    No vocabulary table: a 2-character term needs no expansion.
    """

    name: str = "postgresql"
    param: str = "%s"
    has_vocab: Literal[False] = False

    # Writers run side by side here: the chain's head is read under a transaction-scoped advisory lock
    # (released at commit or rollback), so appends from several workstations queue instead of both
    # taking the same next id (tests/integration/test_centre_processes.py). 0x4D44534B: "MDSK".
    chain_lock: str | None = "SELECT pg_advisory_xact_lock(1296323403)"

    # A filter change shows the first page and no count: an exact count of a county's 1,000,000 cases
    # grows with them (70-530 ms), and even one that stops at 1,000 or 10,000 matches cost 220-340 ms
    # with a mediator, overdue and a type together (docs/centre.md). The exact count follows as a
    # second read (`storage.case_list.first_page`).
    count_first: bool = False

    def years_before(self, date_sql: str, years: int) -> str:
        """The same calendar day `years` earlier than the date `date_sql`, as a date (the columns are
        dates here; 29 February gives 28 February)."""
        return f"(({date_sql}) - make_interval(years => {int(years)}))::date"

    def marks(self, n: int) -> str:
        return ", ".join([self.param] * n)

    def indexed_by(self, _index: str) -> str:
        return ""  # PostgreSQL's planner has no hints; it chooses the case list's indexes itself

    def test_in_scan(self, column: str) -> str:
        return column

    # The search walks each tier newest first in id ranges (`search_walk.walk`): the GIN index is over
    # (case_id / BUCKET_ROWS, text) (btree_gin, migration 0016), so a step's index scan hands over only
    # the candidates of its range to be checked, however many cases hold the term in all.
    bucket_rows: int = BUCKET_ROWS
    # The driver's options for a statement planned for its own parameters every time. psycopg prepares a
    # statement run five times, and PostgreSQL then may keep a generic plan: for the walk's range step
    # a backward scan of the primary key filtering every row (250 ms for a 2-character word of the facts
    # at 100,000 cases, where the plan for the actual buckets and patterns takes 10 ms).
    each_time: tuple[tuple[str, bool], ...] = (("prepare", False),)

    def fts_probe(self, table: str, column: str) -> str:
        """The newest `PROBE_ROWS` rows, read in case-id order from the primary key: their lowest id, their
        number and the ids among them (newest first) whose text is LIKE one of the patterns (the one
        parameter). A term in a large share of the cases fills the page here."""
        newest = f"SELECT case_id, {column} FROM {table} ORDER BY case_id DESC LIMIT {PROBE_ROWS}"
        return (
            f"SELECT min(case_id), count(*), array_agg(case_id ORDER BY case_id DESC) "
            f"FILTER (WHERE {column} LIKE ANY({self.param})) FROM ({newest}) AS newest"
        )

    def fts_like(self, column: str, patterns: list[str]) -> Lookup:
        """Rows whose `column` is LIKE one of `patterns`, looked up in the column's trigram index."""
        return Lookup(column, patterns, f"{column} LIKE ANY({self.param})", patterns, True)

    def fts_match_range(self, table: str, where: str) -> str:
        """The newest ids, at most the limit, with id < high in the given buckets that meet `where` (a
        `Lookup`'s condition: a row whose text holds one of its phrases). Parameters: the list of
        buckets, the lookup's value, high, the limit.

        The buckets are the index's first column, compared for equality: a range (``BETWEEN``) makes GIN
        collect every row below its upper end (21-42 ms at 100,000 cases, measured), an equality reads
        one bucket's entry. The matches are gathered in a materialised CTE, so that they can only come
        from the GIN index: given ``ORDER BY case_id … LIMIT`` the planner, misled by its estimate of
        LIKE, walked the primary key backwards checking every row instead (90 ms for a 2-character
        given name at 100,000 cases, where the index takes 5 ms)."""
        p = self.param
        return (
            f"WITH m AS MATERIALIZED (SELECT case_id FROM {table} WHERE (case_id / {BUCKET_ROWS}) = ANY({p}::integer[]) "
            f"AND {where}) SELECT case_id FROM m WHERE case_id < {p} ORDER BY case_id DESC LIMIT {p}"
        )

    def fts_match_below(self, table: str, where: str) -> str:
        """The ids that meet `where` (a `Lookup`'s condition), newest first, at most `cap` of them in the
        table's order (`fts_match_range`'s CTE, without buckets). Parameters: the lookup's value, the cap.

        The cap bounds the scan: gathered whole, a term in half of 1,000,000 cases read and checked
        every row (12.7 s, the planner's estimate choosing a sequential scan), where stopping at 1,000
        took 105 ms. Fewer rows than the cap are all the matches."""
        p = self.param
        return (
            f"WITH m AS MATERIALIZED (SELECT case_id FROM {table} WHERE {where} LIMIT {p}) "
            f"SELECT case_id FROM m ORDER BY case_id DESC"
        )

    # The coarse buckets of 16 buckets each (migration 0018), the index's first column: the walk covers
    # a range where the term is rare in one GIN scan per coarse bucket instead of 16.
    coarse_rows: int = COARSE_ROWS

    def fts_match_in(self, table: str, where: str, rows: int) -> str:
        """The ids in the given buckets of `rows` ids (`BUCKET_ROWS` or `COARSE_ROWS`) that meet `where`
        (a `Lookup`'s condition), at most `cap` of them, in the table's order (not newest first). Parameters:
        the list of buckets, the lookup's value, the cap.

        The cap is applied outside the materialised CTE, which PostgreSQL computes only as far as it is
        read: the CTE is planned for all its rows (the GIN index, as `fts_match_range`), and its bitmap
        heap scan stops at the cap. With the LIMIT inside, a term the planner thinks common would be
        read by a sequential scan expected to meet the cap early, over the whole table when the buckets
        hold none. A cap of 1 asks whether the buckets hold any match: the index scans, then the
        candidates checked up to the first match."""
        p = self.param
        return (
            f"WITH m AS MATERIALIZED (SELECT case_id FROM {table} WHERE (case_id / {int(rows)}) = ANY({p}::integer[]) "
            f"AND {where}) SELECT case_id FROM m LIMIT {p}"
        )

    def fts_estimate(self, table: str, where: str) -> str:
        """The planner's estimate of the rows that meet `where` (a `Lookup`'s condition; its value is the
        one parameter): ``EXPLAIN`` of the whole table's match, read from its sample of the column,
        without reading a row."""
        return f"EXPLAIN (FORMAT JSON) SELECT case_id FROM {table} WHERE {where}"

    def fts_sample(self, table: str, column: str) -> str:
        """The rows of a sample of the table's pages (the same pages each time: cached after the first),
        how many of them are LIKE one of the patterns (the one parameter), and the table's row count
        as of its last ANALYZE."""
        return (
            f"SELECT count(*), count(*) FILTER (WHERE {column} LIKE ANY({self.param})), "
            f"(SELECT reltuples FROM pg_class WHERE oid = '{table}'::regclass) "
            f"FROM {table} TABLESAMPLE SYSTEM ({SAMPLE_PERCENT}) REPEATABLE (1)"
        )

    def fts_phrases(self, tier: str, phrases: list[str]) -> tuple[list[str]]:
        """LIKE patterns for "any of these substrings" in a tier's table, in the form it stores (`fts_stored`)."""
        return ([like_pattern(self.fts_stored(tier, p)) for p in phrases],)

    def fts_stored(self, tier: str, text: str) -> str:
        """What the tier's table holds for a text: every character doubled (migration 0015, `doubled`)
        but for the tier's `SINGLE_IN_TIER` characters (migration 0017)."""
        return doubled(text, SINGLE_IN_TIER.get(tier, frozenset()))

    def fts_lookup(self, tier: str, phrases: list[str]) -> Lookup:
        """How the walk looks `phrases` up in the tier's table. The column: the tier's `SINGLE_COLUMN`
        when every phrase has a trigram there (a run of three letters, digits or CJK characters, which
        pg_trgm counts as a word's), else the tier's own; the phrases' LIKE patterns in its form. The
        index: when every phrase is five or more digits, their 5-digit windows (`digit_grams`, migration
        0020) and each row found checked against the patterns; in the names tier, when every phrase is
        a whole name, the names as values (`WHOLE_NAMES`, migration 0021); else the column's trigrams."""
        # Imported here: the print command's lean path imports this module, and search_text compiles
        # its regular expressions at import (0.9 ms).
        from mediator_app.domain.search_text import PAD, SEP

        single = SINGLE_COLUMN.get(tier)
        forms = [doubled(p, ALPHANUMERIC) for p in phrases]
        if single is not None and all(_has_trigram(form) for form in forms):
            column, patterns = single, [like_pattern(form) for form in forms]
        else:
            column, patterns = tier, self.fts_phrases(tier, phrases)[0]
        names = [
            p[len(PAD) : -len(PAD)] for p in phrases if len(p) > 2 * len(PAD) and p.startswith(PAD) and p.endswith(PAD)
        ]
        if tier == "names" and len(names) == len(phrases) and not any(SEP in name for name in names):
            where = f"{WHOLE_NAMES} && {self.param}::text[]"
            return Lookup(column, patterns, where, [self.fts_stored(tier, name) for name in names], False)
        grams = [digit_grams(p) for p in phrases]
        if not all(grams):
            return self.fts_like(column, patterns)
        # The windows are integers, spelled into the statement; the check is on ``column || ''``, which
        # the trigram index cannot serve, so that the planner takes the windows' index alone.
        windows = " OR ".join(
            f"{grams_expression(tier)} @> '{{{','.join(map(str, g or ()))}}}'::integer[]" for g in grams
        )
        return Lookup(column, patterns, f"({windows}) AND ({column} || '') LIKE ANY({self.param})", patterns, False)

    def fts_insert(self, table: str, column: str) -> str:
        return f"INSERT INTO {table}(case_id, {column}) VALUES ({self.param}, {self.param})"

    def fts_delete(self, table: str, column: str) -> str:
        return f"DELETE FROM {table} WHERE case_id = {self.param} AND {column} = {self.param}"

    def fts_delete_all(self, table: str) -> str:
        # TRUNCATE, not DELETE: a rebuild of 1,000,000 rows leaves no dead rows behind.
        return f"TRUNCATE {table}"

    def fts_hashsize(self, _table: str, _size: int) -> str | None:
        return None

    def fts_index_drop(self, tier: str) -> tuple[str, ...]:
        """A rebuild drops the tier's search indexes and makes them afresh after the rows are in: one
        sorted build instead of a GIN insert per row."""
        return tuple(f"DROP INDEX IF EXISTS {name}" for name, _ in _indexes(tier))

    def fts_index_create(self, tier: str) -> tuple[str, ...]:
        """The indexes migrations 0018-0022 made (same names, same columns and operator classes)."""
        return tuple(bucket_index(f"search_fts_{tier}", key, name) for name, key in _indexes(tier))

    def rebuild_memory(self) -> str | None:
        """For the rest of the rebuild's transaction: GIN builds sort in memory (the default 64 MB
        spills 1,000,000 cases' texts to disk)."""
        return "SET LOCAL maintenance_work_mem = '512MB'"

    def copy_from(self, table: str, names: Sequence[str]) -> str | None:
        """Many rows in one COPY stream (psycopg's ``cursor.copy``): the bulk writer's inserts of 10,000
        demo cases took 3.5 s instead of 7.7 s with psycopg's pipelined executemany (measured under the
        profiler, shared machine)."""
        return f"COPY {table} ({', '.join(names)}) FROM STDIN"

    def cache_size(self, _kib: int | None = None) -> str | None:
        return None

    def sync_id_sequence(self, table: str) -> str | None:
        """After rows were inserted with explicit ids (bulk writes, transfer): move the id sequence past them."""
        return f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce(max(id), 0) + 1, false) FROM {table}"


def bucket_index(table: str, key: str, name: str) -> str:
    """A search table's GIN index on PostgreSQL: the coarse bucket, the bucket and `key`."""
    return f"CREATE INDEX {name} ON {table} USING gin ((case_id / {COARSE_ROWS}), (case_id / {BUCKET_ROWS}), {key})"


def _indexes(tier: str) -> list[tuple[str, str]]:
    """The GIN indexes of a tier's search table on PostgreSQL, each (name, key after the buckets): the
    trigrams of its text columns (0018, 0019, 0022), the 5-digit windows (0020), the names as values (0021)."""
    single = SINGLE_COLUMN.get(tier)
    columns = (tier,) if single is None else (tier, single)
    out = [(f"search_fts_{column}_trgm", f"{column} gin_trgm_ops") for column in columns]
    out.append((f"search_fts_{tier}_grams", grams_expression(tier)))
    if tier == "names":
        out.append(("search_fts_names_whole", WHOLE_NAMES))
    return out


SQLITE = SqliteDialect()
POSTGRES = PostgresDialect()
Dialect = SqliteDialect | PostgresDialect  # the type storage code is written against


def dialect_of(conn: Any) -> Dialect:
    """The dialect of a DB-API connection (sqlite3, sqlcipher3's dbapi2, psycopg) or of a SQLAlchemy
    `Connection` (duck-typed by its ``dialect.name``: no SQLAlchemy import here)."""
    engine_name = getattr(getattr(conn, "dialect", None), "name", None)
    if engine_name == "sqlite":
        return SQLITE
    if engine_name == "postgresql":
        return POSTGRES
    module = type(conn).__module__
    if module.startswith(("sqlite3", "sqlcipher3", "pysqlite")):
        return SQLITE
    if module.startswith("psycopg"):
        return POSTGRES
    raise TypeError(f"no SQL dialect for a {module}.{type(conn).__name__} connection")


def insert_rows(conn: Any, table: str, names: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Insert many rows into `table` inside the caller's transaction, over a SQLAlchemy `Connection`
    (duck-typed): PostgreSQL streams them with COPY through the driver connection, SQLite runs one
    INSERT per row with executemany (its prepared statement is as fast as SQLite gets)."""
    d = dialect_of(conn)
    statement = d.copy_from(table, names)
    if statement is None:
        batch = rows if isinstance(rows, list) else list(rows)
        if batch:
            conn.exec_driver_sql(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({d.marks(len(names))})", batch)
        return
    with conn.connection.driver_connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
