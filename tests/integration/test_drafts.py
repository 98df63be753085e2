"""The draft store keeps what is being typed across a crash."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from mediator_app.storage.drafts import MAX_TEXT, DraftError, DraftStore

TEXT = "申请人刘䶮称：邻居吉𠮷祥家的空调外机滴水，落在自家阳台上。\n" * 40


def test_put_get_replace_discard(tmp_path: Path) -> None:
    store = DraftStore.beside(tmp_path / "mediation.sqlite3")
    assert store.path == tmp_path / "drafts.sqlite3"
    store.put("session:3:content", "人民调解记录（（2026）东湖调字第3号）", TEXT, 3, dt.datetime(2026, 12, 6, 9))
    store.put("facts:new", "新登记案件的纠纷事实", "未登记", None, dt.datetime(2026, 12, 6, 10))
    store.put(
        "session:3:content", "人民调解记录（（2026）东湖调字第3号）", TEXT + "补充", 3, dt.datetime(2026, 12, 6, 11)
    )
    pending = store.pending()
    assert [(d.key, d.case_id, d.saved_at.hour) for d in pending] == [
        ("session:3:content", 3, 11),
        ("facts:new", None, 10),
    ]
    assert pending[0].body == TEXT + "补充"
    store.discard("facts:new")
    store.put("session:3:content", "x", "   ")  # an emptied field removes its draft
    assert store.pending() == []
    assert store.get("session:3:content") is None


def test_a_runaway_text_is_cut_to_the_limit(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "d.sqlite3")
    store.put("k", "t", "字" * (MAX_TEXT + 10))
    draft = store.get("k")
    assert draft is not None and len(draft.body) == MAX_TEXT


def test_a_draft_survives_a_killed_process(tmp_path: Path) -> None:
    code = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from mediator_app.storage.drafts import DraftStore\n"
        "DraftStore(Path(sys.argv[1])).put('session:9:content', '人民调解记录', sys.argv[2], 9)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "d.sqlite3"), TEXT], env=env, check=False)
    assert done.returncode == -signal.SIGKILL
    [draft] = DraftStore(tmp_path / "d.sqlite3").pending()
    assert (draft.case_id, draft.body) == (9, TEXT)


def test_an_unusable_draft_file_is_reported(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(DraftError, match="无法自动保存草稿"):
        DraftStore(blocker / "drafts.sqlite3")
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"\x01" * 4096)
    with pytest.raises(DraftError, match="请及时手动保存"):
        DraftStore(garbage)
