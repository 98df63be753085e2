"""`mediator-cli` with accounts: init creates the administrator from MEDIATOR_USER / MEDIATOR_PASSWORD,
every later command acts as the account they name, `user …` for the administrator, `void`, and the
rule for a file without accounts (docs/privacy.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.clirun import Run, act_as

pytestmark = pytest.mark.engines  # accounts apply on a file and on a PostgreSQL server alike

COMMITTEE = ("--committee", "桃源村人民调解委员会", "--short", "桃源村")


@pytest.fixture
def room(run: Run, db_location: Path | str, monkeypatch: pytest.MonkeyPatch) -> Path | str:
    """A file (or a server's database) made by `init` as the administrator `chief`, with three demo
    cases and a mediator `mawu`."""
    path = db_location
    monkeypatch.setenv("MEDIATOR_DB", str(path))
    act_as(monkeypatch, "chief", "chief-pass-2026")
    code, out, _ = run("init", *COMMITTEE)
    assert code == 0 and "已建立管理员账户：chief" in out
    assert run("demo", "--cases", "3")[0] == 0
    monkeypatch.setenv("MEDIATOR_NEW_PASSWORD", "mawu-pass-2026")
    code, out, _ = run("user", "add", "mawu", "--name", "马调解", "--role", "调解员")
    assert code == 0 and "已建立账户：mawu（马调解，调解员）" in out
    return path


def test_every_command_needs_the_account_once_an_administrator_exists(
    run: Run, room: Path | str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("MEDIATOR_PASSWORD")
    for argv in (["list"], ["search", "梁"], ["render", "agreement", "2026-1", "-o", str(tmp_path / "a.pdf")]):
        code, _, err = run(*argv)
        assert code == 2 and "MEDIATOR_USER 和 MEDIATOR_PASSWORD" in err, argv
    act_as(monkeypatch, "chief", "wrong-password")
    code, _, err = run("list")
    assert code == 2 and "用户名或密码不正确" in err
    act_as(monkeypatch, "chief", "chief-pass-2026")
    assert run("list")[0] == 0
    assert isinstance(room, str) or room.is_file()


def test_a_mediator_cannot_use_the_directors_and_administrators_commands(
    run: Run, room: Path | str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    act_as(monkeypatch, "mawu", "mawu-pass-2026")
    assert run("list")[0] == 0
    assert run("render", "agreement", "2026-1", "-o", str(tmp_path / "a.pdf"))[0] == 0  # the lean print path
    refused = {
        "导出案件": ["export", "2026-1", "-o", str(tmp_path / "x.json")],
        "作废案件": ["void", "2026-1", "--reason", "重复登记"],
        "管理账户": ["user", "list"],
        "备份与恢复": ["backup"],
    }
    if isinstance(room, str):  # a server is backed up by the server (docs/centre.md), by nobody here
        code, _, err = run(*refused.pop("备份与恢复"))
        assert code == 2 and "pg_dump" in err
    for action, argv in refused.items():
        code, _, err = run(*argv)
        assert code == 2 and f"不能{action}" in err, argv
    assert not (tmp_path / "x.json").exists()


def test_the_administrator_manages_accounts(
    run: Run, room: Path | str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    code, out, _ = run("user", "list")
    assert code == 0 and "mawu" in out and "马调解" in out and "调解员" in out
    assert run("user", "role", "mawu", "调委会主任")[0] == 0
    assert run("user", "lock", "mawu")[0] == 0
    act_as(monkeypatch, "mawu", "mawu-pass-2026")
    assert run("list")[0] == 2  # disabled
    act_as(monkeypatch, "chief", "chief-pass-2026")
    assert run("user", "unlock", "mawu")[0] == 0
    monkeypatch.setenv("MEDIATOR_NEW_PASSWORD", "fresh-pass-2026")
    assert run("user", "reset", "mawu")[0] == 0
    act_as(monkeypatch, "mawu", "fresh-pass-2026")
    assert run("export", "2026-1", "-o", str(tmp_path / "y.json"))[0] == 0  # now a director
    code, _, err = run("user", "role", "mawu", "站长")
    assert code == 2 and "角色应为" in err
    assert isinstance(room, str) or room.is_file()


@pytest.mark.usefixtures("room")
def test_void_keeps_the_case(run: Run, tmp_path: Path) -> None:
    exported = tmp_path / "c.json"
    assert run("export", "2026-1", "-o", str(exported))[0] == 0
    code, out, _ = run("import", str(exported))
    assert code == 0
    number = out.split("已导入案件：")[1].split("（梁")[0]  # registered (登记) by the import
    code, out, err = run("void", number, "--reason", "重复登记")
    assert code == 0 and "已作废" in out, err
    listed = [line for line in run("list")[1].splitlines() if line.startswith(number)]
    assert listed and listed[0].rstrip().endswith("已作废")
    code, _, err = run("void", number, "--reason", "重复登记")
    assert code == 2 and "不能作废" in err


def test_a_file_without_accounts_works_as_the_local_user(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MEDIATOR_DB", str(tmp_path / "old.sqlite3"))
    monkeypatch.delenv("MEDIATOR_USER")
    monkeypatch.delenv("MEDIATOR_PASSWORD")
    code, out, err = run("init", *COMMITTEE)
    assert code == 0 and "没有建立管理员账户" in err and "管理员" not in out
    assert run("demo", "--cases", "2")[0] == 0
    assert run("list")[0] == 0
    monkeypatch.setenv("MEDIATOR_NEW_PASSWORD", "mawu-pass-2026")
    code, _, err = run("user", "add", "mawu", "--name", "马调解", "--role", "调解员")
    assert code == 2 and "还没有管理员账户" in err


@pytest.mark.sqlite_only  # a server's backups are the server's (docs/centre.md)
def test_backup_and_restore_are_recorded_as_the_person_who_made_them(run: Run, room: Path) -> None:
    import sqlite3
    from contextlib import closing

    code, out, err = run("backup")
    assert code == 0, err
    made = out.split("：", 1)[1].split("（", 1)[0]
    assert run("restore", made)[0] == 0
    with closing(sqlite3.connect(room)) as conn:
        rows = conn.execute(
            "SELECT action, actor FROM audit_log WHERE action IN ('备份数据', '恢复数据') ORDER BY id"
        ).fetchall()
    assert [action for action, _ in rows][-2:] == ["备份数据", "恢复数据"]
    assert all("chief" in actor and actor != "本机用户" for _, actor in rows[-2:]), rows
    code, out, err = run("audit", "verify")  # the logins of every command above are anchored too
    assert code == 0, out + err


def test_init_refused_for_a_second_committee_writes_no_account_either(
    run: Run, db_location: Path | str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in the centre trial (docs/centre-check.md): the refusal came after the administrator was made."""
    monkeypatch.setenv("MEDIATOR_DB", str(db_location))
    monkeypatch.delenv("MEDIATOR_USER", raising=False)
    assert run("init", *COMMITTEE)[0] == 0  # a room without accounts
    act_as(monkeypatch, "chief", "chief-pass-2026")
    code, _, err = run("init", *COMMITTEE)
    assert code == 2 and "已设置委员会" in err
    monkeypatch.delenv("MEDIATOR_USER")
    monkeypatch.delenv("MEDIATOR_PASSWORD")
    code, out, _ = run("list")  # still a file without accounts: no login asked for
    assert code == 0 and "MEDIATOR_USER" not in out
