"""The column tables: for each stored type, which columns hold it and how a stored value becomes the
domain value and back. Every reader and writer of these tables takes its column list from here: the
loader (`storage.loader`, which the repositories, printing, the CLI and search use), the bulk writer's
inserts (`storage.bulk`), the repositories' ORM writes and the case JSON (`exchange.case_json`).

A column whose name is a field of the domain type is converted by that field's type hint (str, int,
bool, date, datetime, a `StrEnum`, `Money`; optional or not), so a new plain field of `Party` is a
field in `domain/model.py`, a column in `storage/tables.py` and a migration; the table here picks it up
by itself (`derived_table`), and `tests/integration/test_loader.py` checks every table against the SQLModel
metadata (no column read that does not exist, none left out without saying so).

No SQLAlchemy, SQLModel or Alembic import here: the command line's lean path reads through this.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import inspect  # already loaded: dataclasses imports it
import sys
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from enum import Enum
from functools import cached_property
from typing import Any

from mediator_app.domain.legal_support import LegalSupportRequest
from mediator_app.domain.linkage import WorkOrder
from mediator_app.domain.model import Agreement, Case, Committee, Party, Representative, Term
from mediator_app.domain.money import Money
from mediator_app.domain.records import ProcedureState, ReturnVisit, StepRecord, TermCheck, Transition
from mediator_app.frozen import frozen

# The newest Alembic revision whose tables these column tables describe. A migration that adds or
# changes a column bumps it here after the column table is checked (tests/integration/test_loader.py
# fails until then; meanwhile the lean path refuses the file and the normal path reads it).
SCHEMA_HEAD = "0022"


# ---------------------------------------------------------------- stored values


def load_date(value: Any) -> dt.date | None:
    """A DATE: ISO text from SQLite (as SQLAlchemy's SQLite DATE stores it), a date from other drivers."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def load_datetime(value: Any) -> dt.datetime:
    """A plain DATETIME column (local wall-clock time, e.g. when a session was held)."""
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(value)


def load_utc(value: Any) -> dt.datetime:
    """A UTC moment (the audit log, the case history): stored in UTC without an offset, returned aware."""
    moment = load_datetime(value)
    return moment.replace(tzinfo=dt.UTC) if moment.utcoffset() is None else moment.astimezone(dt.UTC)


def stored_utc(moment: dt.datetime) -> str:
    """How SQLAlchemy's SQLite DATETIME stores an aware UTC value: in UTC, no offset."""
    m = moment.astimezone(dt.UTC)
    return f"{m.year:04d}-{m.month:02d}-{m.day:02d} {m.hour:02d}:{m.minute:02d}:{m.second:02d}.{m.microsecond:06d}"


def _load_optional_datetime(value: Any) -> dt.datetime | None:
    return None if value is None else load_datetime(value)


def _same(value: Any) -> Any:
    return value


def _load_bool(value: Any) -> Any:
    return None if value is None else bool(value)


def _load_money(value: Any) -> Money | None:
    return None if value is None else Money(value)


def _store_money(value: Money | None) -> int | None:
    return None if value is None else value.fen


def _store_enum(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


# repr=False: no generated __repr__ (each method a dataclass generates is compiled in every new
# process: a print command's ~50 classes took ~14 % of it, docs/documents.md "Speed").
@frozen(repr=False)
class Column:
    """One column: `attr` is the domain field it holds ("" for keys the domain object does not carry)."""

    name: str
    attr: str = ""
    load: Callable[[Any], Any] = _same
    store: Callable[[Any], Any] = _same


class _Members(dict[Any, Any]):
    """An enum's members by stored value: a dict look-up instead of ``Enum(value)`` (~8 µs each under
    the profiler, several per party row); an unknown value goes to the enum itself, which raises
    ValueError as before."""

    def __init__(self, enum: type[Enum], optional: bool) -> None:
        super().__init__((m.value, m) for m in enum)
        if optional:
            self[None] = None
        self.enum = enum

    def __missing__(self, value: Any) -> Any:
        return self.enum(value)


def _converters(hint: Any) -> tuple[Callable[[Any], Any], Callable[[Any], Any]]:
    """(load, store) for a field of this type hint."""
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    base = args[0] if isinstance(hint, types.UnionType) and len(args) == 1 else hint
    if base is bool:
        return _load_bool, _same
    if base in (str, int):
        return _same, _same
    if base is dt.date:
        return load_date, _same
    if base is dt.datetime:
        return (load_datetime if base is hint else _load_optional_datetime), _same
    if base is Money:
        return _load_money, _store_money
    if isinstance(base, type) and issubclass(base, Enum):
        return _Members(base, optional=base is not hint).__getitem__, _store_enum
    raise TypeError(f"columns: no conversion for a field of type {hint}")  # pragma: no cover - a new kind of field


@frozen(eq=False, repr=False)  # compared and hashed by identity: the loader caches its SELECTs per table
class Table:
    """The columns of one table the loader reads (`read`, in SELECT order) and those only writers set
    (`written`: row ids nobody reads back, counters, timestamps, derived data)."""

    name: str
    read: tuple[Column, ...]
    written: tuple[str, ...] = ()

    @cached_property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.read)

    @cached_property
    def insert_names(self) -> tuple[str, ...]:
        """Every column a writer inserts: ``id`` first (when the table has one), then the rest."""
        rest = tuple(n for n in (*self.names, *self.written) if n != "id")
        return ("id", *rest) if "id" in (*self.names, *self.written) else rest

    @cached_property
    def domain(self) -> Callable[[Sequence[Any]], dict[str, Any]]:
        """The domain fields of a row read in `names` order, converted: a function made once per table
        whose body is one dict display (as `dataclasses` makes its ``__init__``). A loop over the
        columns made the loader slower than the hand-written one it replaced; this makes it faster
        (300 case contexts on the 3,000-case demo: ~65 ms CPU against ~80 ms before the one loader)."""
        loads: dict[str, Callable[[Any], Any]] = {}
        items = []
        for i, c in enumerate(self.read):
            if not c.attr:
                continue
            if c.load is _same:
                items.append(f"{c.attr!r}: row[{i}]")
            else:
                loads[f"_load_{i}"] = c.load
                items.append(f"{c.attr!r}: _load_{i}(row[{i}])")
        namespace: dict[str, Any] = dict(loads)
        exec(f"def domain(row):\n    return {{{', '.join(items)}}}\n", namespace)
        built: Callable[[Sequence[Any]], dict[str, Any]] = namespace["domain"]
        return built

    def fields(self, obj: Any) -> dict[str, Any]:
        """Column name → stored value of every column the domain object holds (for the ORM writes)."""
        return {c.name: c.store(getattr(obj, c.attr)) for c in self.read if c.attr}

    def values(self, obj: Any, given: Mapping[str, Any]) -> tuple[Any, ...]:
        """A row in `insert_names` order: the given values (keys, ids, overrides), the rest from `obj`."""
        return self.row(self.fields(obj) if obj is not None else {}, given)

    def row(self, stored: Mapping[str, Any], given: Mapping[str, Any]) -> tuple[Any, ...]:
        """A row in `insert_names` order from `fields`' values and the given ones (which win)."""
        return tuple(given[n] if n in given else stored[n] for n in self.insert_names)


_EVALUATED: dict[tuple[str, str], Any] = {}


def field_types(domain: type) -> dict[str, Any]:
    """The type of each dataclass field of `domain`: what `typing.get_type_hints` gives for it (each
    annotation evaluated in the module of the class that declares it), but each distinct annotation
    ("str", "dt.date | None") evaluated once per module. get_type_hints compiles every field's
    annotation again: 145 fields in the loader's tables, 2–4 ms of every command that prints
    (docs/tech-notes.md, "The print command")."""
    declared_in: dict[str, str] = {}
    for klass in reversed(domain.__mro__):
        for name in inspect.get_annotations(klass):
            declared_in[name] = klass.__module__
    types_: dict[str, Any] = {}
    for f in dataclasses.fields(domain):
        hint = f.type
        if isinstance(hint, str):
            key = (declared_in[f.name], hint)
            if key not in _EVALUATED:
                _EVALUATED[key] = eval(hint, vars(sys.modules[key[0]]))  # the module's own annotation text
            hint = _EVALUATED[key]
        types_[f.name] = hint
    return types_


def derived_table(
    name: str,
    domain: type,
    keys: Sequence[str] = (),
    *,
    written: Sequence[str] = (),
    skip: Sequence[str] = (),
    renamed: Mapping[str, str] | None = None,
    utc: Sequence[str] = (),
) -> Table:
    """A table whose read columns are `keys` and then every field of `domain` (``id`` first, then in field
    order) but those in `skip`; `renamed` maps a field to its column where the names differ; `utc` fields are UTC moments."""
    hints = field_types(domain)
    renamed = renamed or {}
    columns = [Column(k) for k in keys]
    fields = sorted(dataclasses.fields(domain), key=lambda f: f.name != "id")  # a row id is read first
    for f in fields:
        if f.name in skip:
            continue
        load, store = (load_utc, _same) if f.name in utc else _converters(hints[f.name])
        columns.append(Column(renamed.get(f.name, f.name), f.name, load, store))
    return Table(name, tuple(columns), tuple(written))


COMMITTEE = derived_table("committee", Committee)
CASE = derived_table(
    "dispute_case",
    Case,
    skip=("parties", "agreement", "mediators"),
    written=("year", "seq", "created_at", "updated_at", "due_on", "priority"),
)
MEDIATOR = Table("case_mediator", (Column("case_id"), Column("position"), Column("name")), written=("id",))
PARTY = derived_table("party", Party, keys=("id", "case_id"), skip=("representatives",))
REPRESENTATIVE = derived_table("representative", Representative, keys=("party_id", "position"), written=("id",))
AGREEMENT = derived_table("agreement", Agreement, keys=("id", "case_id"), skip=("terms",))
TERM = derived_table(
    "agreement_term",
    Term,
    keys=("agreement_id",),
    renamed={"obligor": "obligor_seq", "obligee": "obligee_seq", "amount": "amount_fen"},
    written=("id",),
)
STATE = derived_table(
    "case_procedure", ProcedureState, keys=("case_id",), skip=("stage",)
)  # stage: dispute_case.status
RECORD = derived_table("step_record", StepRecord, keys=("case_id",))
VISIT = derived_table("return_visit", ReturnVisit, keys=("case_id",), skip=("terms",))
TERM_CHECK = derived_table("visit_term_check", TermCheck, keys=("visit_id",), written=("id",))
TRANSITION = derived_table("transition_log", Transition, keys=("id", "case_id"), utc=("at",))
AUDIT = Table(
    "audit_log",
    (
        Column("at", "at", load_utc),
        Column("actor"),
        Column("case_id"),
        Column("action"),
        Column("detail"),
        Column("prev_hash"),
        Column("row_hash"),
    ),
    written=("id",),
)

WORK_ORDER = derived_table("work_order", WorkOrder, keys=("case_id",))
LEGAL_SUPPORT = derived_table("legal_support", LegalSupportRequest, keys=("case_id",))


def term_fields(term: Term) -> dict[str, Any]:
    """`TERM.fields`, refusing a term without a deadline (validation forbids it; so does NOT NULL)."""
    if term.deadline is None:
        raise ValueError("term without deadline")
    return TERM.fields(term)


# The tables a case's documents are printed from; those of the features no print reads (statistics,
# satisfaction visits, hotline orders) are in `storage.feature_columns`, out of the print command's imports.
TABLES: tuple[Table, ...] = (
    COMMITTEE,
    CASE,
    MEDIATOR,
    PARTY,
    REPRESENTATIVE,
    AGREEMENT,
    TERM,
    STATE,
    RECORD,
    VISIT,
    TERM_CHECK,
    TRANSITION,
    AUDIT,
    WORK_ORDER,
    LEGAL_SUPPORT,
)
