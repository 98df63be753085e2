"""Drafts of long records that were closed without saving, kept in memory for the session.

Mediators type investigation and session records slowly (CONTRIBUTING.md, "Who we build for"); closing the dialog by mistake,
or a save the law refuses, must not throw the text away. A step dialog with a `draft_kind` puts
what was typed here when it closes unsaved or its save fails, and takes it back the next time the
same record of the same case is opened. Drafts live only in memory (a file beside the database
would hold personal data outside it); quitting with drafts left asks first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Draft:
    content: Any  # the dialog's snapshot(); it knows how to restore it
    kept_at: dt.datetime
    title: str  # e.g. 调查记录（（2026）望京西园调字第1号）


class DraftStore:
    def __init__(self) -> None:
        self._drafts: dict[tuple[int, str], Draft] = {}

    def get(self, case_id: int, kind: str) -> Draft | None:
        return self._drafts.get((case_id, kind))

    def put(self, case_id: int, kind: str, content: Any, title: str) -> None:
        self._drafts[(case_id, kind)] = Draft(content, dt.datetime.now(), title)

    def discard(self, case_id: int, kind: str) -> None:
        self._drafts.pop((case_id, kind), None)

    def kinds(self, case_id: int) -> set[str]:
        return {kind for (cid, kind) in self._drafts if cid == case_id}

    def all(self) -> list[Draft]:
        return list(self._drafts.values())
