"""Qt's ICU data as the bundle ships it (tools/trim_icu.py): what is kept, and that the check refuses a
trimmed library with which Qt answers differently."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
import trim_icu

KEPT = [
    "root.res",
    "zh.res",
    "zh_Hans_CN.res",
    "en.res",
    "likelySubtags.res",
    "zoneinfo64.res",
    "metaZones.res",
    "uprops.icu",
    "nfkc.nrm",
    "coll/root.res",
    "coll/zh.res",
    "coll/ucadata.icu",
    "zone/zh_Hans.res",
    "region/zh.res",
    "gb18030.cnv",
    "windows-936-2000.cnv",
]
DROPPED = [
    "de.res",
    "fr_CA.res",
    "coll/fr.res",
    "zone/ja.res",
    "curr/ru.res",
    "brkitr/root.res",
    "brkitr/cjdict.dict",
    "translit/root.res",
    "curr/zh.res",
    "lang/pool.res",
    "unit/zh.res",
    "rbnf/zh.res",
    "unames.icu",
    "ibm-37_P100-1995.cnv",
]


def test_kept_and_dropped_items() -> None:
    assert trim_icu._removed(KEPT + DROPPED) == set(DROPPED)


needs_tools = pytest.mark.skipif(
    trim_icu.data_library() is None or not shutil.which("icupkg") or not shutil.which("cc"),
    reason="Linux with icupkg (icu-devtools) and a C compiler",
)


@pytest.mark.slow
@needs_tools
def test_the_trimmed_library_answers_as_the_whole_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = trim_icu.trimmed_library(tmp_path / "good")
    assert made is not None
    whole, trimmed = made
    assert trimmed.stat().st_size < whole.stat().st_size - 20 * 1024 * 1024
    # Without the Chinese collation (pinyin order) Qt sorts names differently: the check says so.
    monkeypatch.setattr(trim_icu, "KEEP_LOCALE", re.compile(r"(root|en|res_index|pool)\.res"))
    assert not trim_icu.check(trim_icu.trim(whole, tmp_path / "bad"))
