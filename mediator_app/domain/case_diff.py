"""What differs between two copies of a case, in the words of the one label table (`domain.labels`).

A workstation in a township centre that saves a case someone else saved meanwhile is told what the
other person changed (their copy against the copy this workstation started from), so the mediator
can decide what to keep; the typed input stays in the dialog. Pure: no storage, no Qt.
"""

from __future__ import annotations

import dataclasses
from typing import Any

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
# The case's fields the registration dialog writes (登记新案件 / 修改案件信息, `ui/register`); the others
# (number, stage, agreement, version) come from the stored case.
EDITED_FIELDS = (
    "dispute_type",
    "source",
    "source_ref",
    "referral_court",
    "referral_ref",
    "referral_deadline",
    "referral_body",
    "subject_location",
    "registered_on",
    "facts",
    "claims",
    "parties",
    "mediators",
    "recorder",
    "retention",
    "privacy_notice_on",
)
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


def keep_their_changes(mine: Case, base: Case, theirs: Case, fields: tuple[str, ...]) -> Case:
    """`mine` saved over `theirs` (someone else's save since `base`, the copy this edit started from),
    keeping what only they changed: each of `fields` I left as in `base` is taken from `theirs`; where
    we both changed a field, mine stays (what the mediator was asked). The parties field by field when
    both lists still hold the same parties; a list only they changed (a party added or removed) is
    theirs. Without this, a field only they changed went back to the old copy shown in this dialog
    (found in the two-workstation trial, docs/centre-check.md)."""
    taken: dict[str, Any] = {}
    for name in fields:
        if name == "parties":
            taken[name] = _keep_their_party_changes(mine.parties, base.parties, theirs.parties)
        elif getattr(mine, name) == getattr(base, name) and getattr(theirs, name) != getattr(base, name):
            taken[name] = getattr(theirs, name)
    return dataclasses.replace(mine, **taken)


def _keep_their_party_changes(mine: list[Party], base: list[Party], theirs: list[Party]) -> list[Party]:
    if [p.seq for p in mine] != [p.seq for p in base] or [p.seq for p in theirs] != [p.seq for p in base]:
        return theirs if mine == base else mine  # the list itself changed: whole lists only
    merged = []
    for own, old, other in zip(mine, base, theirs, strict=True):
        taken = {
            name: getattr(other, name)
            for name in _PARTY_FIELDS
            if getattr(own, name) == getattr(old, name) and getattr(other, name) != getattr(old, name)
        }
        merged.append(dataclasses.replace(own, **taken))
    return merged


def describe_changes(labels: list[str]) -> str:
    """The labels as one Chinese list, the first few named and the rest counted."""
    if not labels:
        return "办理阶段等记录"  # only the version moved: a procedure step without a change of these fields
    shown = "、".join(labels[:_MAX_NAMED])
    return shown if len(labels) <= _MAX_NAMED else f"{shown}等 {len(labels)} 处"
