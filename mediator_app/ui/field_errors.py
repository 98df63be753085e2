"""From a `FieldError` path to the words a mediator reads and the widget that shows the message.

Paths come from domain validation and the services: ``facts``, ``parties[1].id_number``,
``parties[0].representatives[0].name``, ``agreement.terms[0].deadline``. A path is split into a
*key* with the indices taken out (``parties[].id_number``) and the indices (``(1,)``).

`LABELS` (from `domain.labels`, the one table of human names per key) gives the dialogs their
field captions and the print-error list its words, so a field is called the same everywhere.
`FieldErrors` is the per-dialog map from key to `FieldBox`; it also knows which list item (party, term) the editor shows, so a
party's message appears only while that party is in the editor. Messages for keys no box shows
(or for items not in the editor) are listed, with their location, in the dialog's general area.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from mediator_app.domain.labels import (
    COMMITTEE_LABELS,
    LABELS,
    describe,
    describe_field,
    list_prefixes,
    location,
    split_path,
)
from mediator_app.errors import FieldError
from mediator_app.ui.widgets import ErrorLabel, FieldBox

__all__ = [
    "COMMITTEE_LABELS",
    "LABELS",
    "FieldErrors",
    "describe",
    "describe_field",
    "list_prefixes",
    "location",
    "split_path",
]


class FieldErrors:
    """Shows a dialog's FieldErrors at its FieldBoxes; the rest in the general area."""

    def __init__(
        self, general: ErrorLabel, party_names: Callable[[], Sequence[str]] = tuple, labels: dict[str, str] = LABELS
    ) -> None:
        self._general = general
        self._party_names = party_names
        self._labels = labels
        self._boxes: dict[str, FieldBox] = {}
        self._selected: dict[str, int | None] = {}
        self.errors: list[FieldError] = []

    def bind(self, key: str, box: FieldBox) -> FieldBox:
        self._boxes[key] = box
        return box

    def box(self, key: str) -> FieldBox:
        return self._boxes[key]

    def set_selected(self, list_key: str, index: int | None) -> None:
        """The editor now shows item `index` of `list_key` (``parties``, ``agreement.terms``)."""
        self._selected[list_key] = index
        self._show()

    def set_errors(self, errors: Sequence[FieldError]) -> None:
        self.errors = list(errors)
        self._show()

    def clear(self) -> None:
        self.set_errors([])

    def items_with_errors(self, list_key: str) -> set[int]:
        out = set()
        for error in self.errors:
            key, idx = split_path(error.path)
            if key.startswith(list_key + "[]"):
                out.add(idx[0])
        return out

    def _shown_at(self, error: FieldError) -> FieldBox | None:
        key, idx = split_path(error.path)
        box = self._boxes.get(key)
        if box is None:
            return None
        for depth, prefix in enumerate(list_prefixes(key)):
            if self._selected.get(prefix) != idx[depth]:
                return None
        return box

    def _show(self) -> None:
        at_box: dict[int, list[str]] = {}
        general: list[str] = []
        for error in self.errors:
            box = self._shown_at(error)
            if box is None:
                general.append(describe(error, self._party_names(), self._labels))
            else:
                at_box.setdefault(id(box), []).append(error.message)
        for box in set(self._boxes.values()):
            box.set_error("\n".join(dict.fromkeys(at_box.get(id(box), []))))
        self._general.show_message("\n".join(dict.fromkeys(general)))

    def focus_first(self, select_item: Callable[[str, int], None]) -> None:
        """Bring the first error into view: select its party/term in the list, then focus its field."""
        if not self.errors:
            return
        key, idx = split_path(self.errors[0].path)
        prefixes = list_prefixes(key)
        if prefixes:
            select_item(prefixes[0], idx[0])
        box = self._shown_at(self.errors[0])
        if box is not None:
            box.focus()
