"""A record being typed survives a crash: saved every few seconds to the draft file beside the database,
offered back at the next start, restored when the record is opened again."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from mediator_app.domain.records import RecordKind, ReturnVisit, StepRecord, TermCheck
from mediator_app.storage import drafts as stored
from mediator_app.storage.database import Database
from mediator_app.ui import messages
from mediator_app.ui.clock import Clock
from mediator_app.ui.procedure import record_dialogs
from tests.gui.conftest import type_text, wait_for_tasks
from tests.gui.procedure_helpers import act, open_window, show_case
from tests.gui.test_procedure_dialogs import LONG_TEXT, accepted_case

pytestmark = pytest.mark.gui
D = dt.date


def test_the_draft_codec_gives_back_what_a_dialog_snapshot_holds() -> None:
    record = StepRecord(
        kind=RecordKind.SESSION,
        held_at=dt.datetime(2026, 12, 6, 9, 30),
        place="调解室",
        staff="马德明",
        recorder="高晓燕",
        content="刘䶮说：𠮷祥家漏水。\n第二行",
        result="同意赔偿",
    )
    snapshot = (record, "双方共同选择", "不公开")
    assert stored.decode(stored.encode(snapshot)) == snapshot
    visit = ReturnVisit(
        visited_on=D(2026, 12, 20),
        visitor="马德明",
        visited="刘䶮",
        satisfaction="满意",
        terms=[TermCheck(1, "已履行", "")],
    )
    assert stored.decode(stored.encode(visit)) == visit


def test_a_draft_file_cannot_make_the_program_build_other_things() -> None:
    evil = '{"$data": "os:system", "fields": {}}'
    with pytest.raises(ValueError, match="may not name os"):
        stored.decode(evil)


def test_typed_text_is_autosaved_and_offered_back_after_a_crash(
    qtbot: Any, committee_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    cid = accepted_case(committee_db)
    window = open_window(qtbot, committee_db, Clock(D(2026, 11, 3)))
    show_case(qtbot, window, cid)
    dialog = act(qtbot, window, "记录调查")
    assert isinstance(dialog, record_dialogs.InvestigationDialog)
    type_text(dialog.place, "吉𠮷祥家中")
    type_text(dialog.content_edit, LONG_TEXT)
    dialog._autosave()  # what the 5-second timer does
    file = Path(committee_db.description).parent / stored.FILE_NAME
    [kept] = stored.DraftStore(file).pending()
    assert kept.key == f"investigation:{cid}"
    assert stored.decode(kept.body).content == LONG_TEXT  # type: ignore[attr-defined]

    # The program dies here (no close, no save). A new start on the same database:
    offered: list[str] = []
    monkeypatch.setattr(messages, "inform", lambda _parent, _title, text: offered.append(text))
    again = open_window(qtbot, committee_db, Clock(D(2026, 11, 3)))
    assert len(offered) == 1 and "调查记录" in offered[0] and "已经找回" in offered[0]
    show_case(qtbot, again, cid)
    reopened = act(qtbot, again, "记录调查")
    assert isinstance(reopened, record_dialogs.InvestigationDialog)
    assert reopened.content_edit.text() == LONG_TEXT and reopened.place.text() == "吉𠮷祥家中"
    assert reopened.draft_bar.isVisible()
    wait_for_tasks(qtbot)
