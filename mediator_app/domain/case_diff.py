"""What differs between two copies of a case, in the words of the one label table (`domain.labels`).

A workstation in a township centre that saves a case someone else saved meanwhile is told what the
other person changed (their copy against the copy this workstation started from), so the mediator
can decide what to keep; the typed input stays in the dialog. Pure: no storage, no Qt.
"""

from __future__ import annotations

import dataclasses

from mediator_app.domain.labels import field_label
from mediator_app.domain.model import Case, Party

_CASE_FIELDS = (
    "title",
    "dispute_type",
    "source",
    "source_ref",
    "registered_on",
    "accepted_on",
    "facts",
    "claims",
    "mediators",
    "recorder",
    "status",
)
_PARTY_FIELDS = tuple(f.name for f in dataclasses.fields(Party) if f.name not in ("id", "seq"))
_MAX_NAMED = 8  # more than this many changes: the first ones and a count (a message box, not a report)


def _party_changes(before: Party | None, after: Party | None) -> list[str]:
    if before is None and after is not None:
        return [f"新增当事人“{after.name}”"]
    if after is None and before is not None:
        return [f"删除当事人“{before.name}”"]
    assert before is not None and after is not None
    return [
        f"当事人“{after.name}”的{field_label('parties[].' + name)}"
        for name in _PARTY_FIELDS
        if getattr(before, name) != getattr(after, name)
    ]


def changed_labels(before: Case, after: Case) -> list[str]:
    """The fields (by their Chinese labels) whose values differ from `before` to `after`."""
    out = [field_label(name) for name in _CASE_FIELDS if getattr(before, name) != getattr(after, name)]
    old = {p.seq: p for p in before.parties}
    new = {p.seq: p for p in after.parties}
    for seq in sorted(old.keys() | new.keys()):
        out += _party_changes(old.get(seq), new.get(seq))
    if before.agreement != after.agreement:
        out.append(field_label("agreement"))
    return out


def describe_changes(labels: list[str]) -> str:
    """The labels as one Chinese list, the first few named and the rest counted."""
    if not labels:
        return "办理阶段等记录"  # only the version moved: a procedure step without a change of these fields
    shown = "、".join(labels[:_MAX_NAMED])
    return shown if len(labels) <= _MAX_NAMED else f"{shown}等 {len(labels)} 处"
