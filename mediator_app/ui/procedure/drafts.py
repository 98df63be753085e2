"""Drafts of long records that were not saved yet: kept for the session and, once the database is open,
in the draft file beside it, so a crash or a power cut loses at most a few seconds of typing.

Mediators type investigation and session records slowly (CONTRIBUTING.md, "Who we build for"); closing
the dialog by mistake, a save the law refuses, a crash or a power cut must not throw the text away. A
step dialog with a `draft_kind` puts what was typed here every few seconds while it is open, when it
closes unsaved and when its save fails, and takes it back the next time the same record of the same case
is opened. `attach` connects the store to the draft file (`storage/drafts.py`: its own SQLite file
beside the database, owner-only) and takes over what an earlier run left; if the file cannot be used the
drafts stay in memory and `problem` says why (the window shows it), as before.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from mediator_app.errors import UserFacingError
from mediator_app.frozen import frozen
from mediator_app.storage import drafts as stored


@frozen
class Draft:
    content: Any  # the dialog's snapshot(); it knows how to restore it
    kept_at: dt.datetime
    title: str  # e.g. 调查记录（（2026）望京西园调字第1号）


def _key(case_id: int, kind: str) -> str:
    return f"{kind}:{case_id}"


class DraftStore:
    def __init__(self) -> None:
        self._drafts: dict[tuple[int, str], Draft] = {}
        self._file: stored.DraftStore | None = None
        self.problem = ""  # why drafts are not kept on disk (shown in the status bar)

    @property
    def on_disk(self) -> bool:
        return self._file is not None

    def attach(self, db_path: Path) -> list[Draft]:
        """Keep drafts in the file beside `db_path` from now on; returns the drafts an earlier run left."""
        try:
            self._file = stored.DraftStore.beside(db_path)
            left = self._file.pending()
        except UserFacingError as exc:
            self._file, self.problem = None, exc.message
            return []
        found = []
        for item in left:
            kind, _, case_text = item.key.partition(":")
            try:
                content = stored.decode(item.body)
            except (ValueError, TypeError, KeyError, AttributeError, ImportError):
                continue  # written by another version of the program: not offered
            draft = Draft(content, item.saved_at, item.title)
            if case_text.isdigit():
                self._drafts.setdefault((int(case_text), kind), draft)
                found.append(draft)
        for (case_id, kind), kept in self._drafts.items():  # kept in memory before the file was there
            self._write(case_id, kind, kept)
        return found

    def _write(self, case_id: int, kind: str, draft: Draft) -> None:
        if self._file is None:
            return
        try:
            self._file.put(_key(case_id, kind), draft.title, stored.encode(draft.content), case_id, draft.kept_at)
        except UserFacingError as exc:
            self.problem = exc.message

    def get(self, case_id: int, kind: str) -> Draft | None:
        return self._drafts.get((case_id, kind))

    def put(self, case_id: int, kind: str, content: Any, title: str) -> None:
        draft = Draft(content, dt.datetime.now(), title)
        self._drafts[(case_id, kind)] = draft
        self._write(case_id, kind, draft)

    def discard(self, case_id: int, kind: str) -> None:
        self._drafts.pop((case_id, kind), None)
        if self._file is not None:
            try:
                self._file.discard(_key(case_id, kind))
            except UserFacingError as exc:
                self.problem = exc.message

    def kinds(self, case_id: int) -> set[str]:
        return {kind for (cid, kind) in self._drafts if cid == case_id}

    def all(self) -> list[Draft]:
        return list(self._drafts.values())
