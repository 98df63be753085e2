"""`mediator-cli search` end to end, and the demo command's progress on a non-terminal stderr."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.clirun import ID_OR_MOBILE, Run

pytestmark = pytest.mark.engines  # search from the command line, on a file and on a PostgreSQL server


@pytest.fixture
def db(db_location: Path | str, tmp_path: Path, run: Run) -> str:
    path = str(tmp_path / "调解.sqlite3") if isinstance(db_location, Path) else db_location
    code, _, err = run("--db", path, "demo", "--cases", "40", "--seed", "3")
    assert code == 0, err
    assert "写入案件 40/40" in err and "建立检索索引 5/5" in err and "\r" not in err  # plain lines in a pipe
    return path


def test_search_json(run: Run, db: str) -> None:
    code, out, err = run("--db", db, "list", "--json")
    first = json.loads(out)[-1]
    name = first["party_names"].split("、")[0]
    code, out, err = run("search", name, "--json", "--db", db)
    assert code == 0, err
    data = json.loads(out)
    assert data["query"] == name and data["terms"] == [name]
    hit = next(h for h in data["hits"] if h["number"] == first["number"])
    match = hit["matches"][0]
    assert match["field"] in ("申请人", "被申请人") and hit["rank"] == 2
    start, end = match["spans"][0]
    assert match["text"][start:end] == name
    assert not ID_OR_MOBILE.search(out)  # phones and ID numbers only masked


def test_search_limit_several_words_and_nothing_found(run: Run, db: str) -> None:
    code, out, _ = run("search", "纠纷", "--limit", "3", "--json", "--db", db)
    data = json.loads(out)
    assert code == 0 and data["count"] == 3 and data["has_more"] is True
    code, out, _ = run("search", "没有这样的内容", "--db", db)
    assert code == 0 and "没有找到" in out
    code, out, _ = run("--db", db, "search", "纠纷", "调字第1号")
    assert code == 0 and "编号" in out and "找到" in out


def test_search_needs_an_existing_database(run: Run, tmp_path: Path) -> None:
    code, _, err = run("search", "刘", "--db", str(tmp_path / "none.sqlite3"))
    assert code == 2 and "找不到数据文件" in err
    code, _, err = run("search", "刘", "--limit", "0", "--db", str(tmp_path / "none.sqlite3"))
    assert code == 2 and "1至1000" in err
