"""What a printable value is (`FieldDef`: key, label, scope, getter, path) and which scopes each kind
of per-item form may use. The values themselves are registered in `fields` (and `linkage_fields`).
"""

from __future__ import annotations

from collections.abc import Callable

from mediator_app.documents.context import DocumentContext, Item
from mediator_app.documents.texts import Parts
from mediator_app.frozen import frozen

Getter = Callable[[DocumentContext, Item | None], str]
PathOf = Callable[[DocumentContext, Item | None], str]
PartsGetter = Callable[[DocumentContext, Item | None], Parts]

SCOPES_FOR_EACH: dict[str | None, frozenset[str]] = {
    None: frozenset({"document"}),
    "investigation": frozenset({"document", "record"}),
    "session": frozenset({"document", "record"}),
    "visit": frozenset({"document", "visit"}),
    "agent": frozenset({"document", "agent"}),
    "work_order": frozenset({"document", "work_order"}),
    "legal_support": frozenset({"document", "legal_support"}),
}


# repr=False: no generated __repr__ (each method a dataclass generates is compiled in every new
# process: a print command's ~50 classes took ~14 % of it, docs/documents.md "Speed").
@frozen(repr=False)
class FieldDef:
    """One field a form may print: its key, label, the case value it reads and its scope."""

    key: str
    label: str
    scope: str
    get: Getter
    path: PathOf
    blank_chars: int = 8  # width of the line left for handwriting on a blank form
    get_parts: PartsGetter | None = None  # a value made of several fields, each with its own path

    def parts(self, ctx: DocumentContext, item: Item | None) -> Parts:
        if self.get_parts is not None:
            return self.get_parts(ctx, item)
        return [(self.get(ctx, item), self.path(ctx, item))]

    @property
    def is_date(self) -> bool:
        """Printed as a date: a blank form shows 年 月 日 to fill in instead of a line."""
        return self.key.endswith(("_on", "held_at")) or self.key == "today"
