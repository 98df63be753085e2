"""`mediator-cli committee add|list` and `user add --committee` (docs/centre.md, "Several committees in
one database"): a centre sets up a second committee and its mediator from the command line; the
mediator's commands see that committee's cases only, the centre's administrator sees all."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.clirun import Run, act_as

pytestmark = pytest.mark.engines  # a centre runs on a server; the same commands work on a file

COMMITTEE = ("--committee", "青山镇人民调解委员会", "--short", "青山镇")
TRAFFIC = "青山镇道路交通事故纠纷人民调解委员会"


@pytest.fixture
def centre(run: Run, db_location: Path | str, monkeypatch: pytest.MonkeyPatch) -> Path | str:
    """`init` as the administrator `chief` (the township committee, two demo cases), then a traffic
    committee with its mediator `jiao`."""
    monkeypatch.setenv("MEDIATOR_DB", str(db_location))
    act_as(monkeypatch, "chief", "chief-pass-2026")
    assert run("init", *COMMITTEE)[0] == 0
    assert run("demo", "--cases", "2")[0] == 0
    code, out, err = run("committee", "add", "--name", TRAFFIC, "--short", "青山交调", "--phone", "0571-88001234")
    assert code == 0 and f"已新增调委会：{TRAFFIC}（字号：青山交调" in out, err
    monkeypatch.setenv("MEDIATOR_NEW_PASSWORD", "jiao-pass-2026")
    code, out, err = run("user", "add", "jiao", "--name", "焦调解", "--role", "调解员", "--committee", "青山交调")
    assert code == 0 and f"已建立账户：jiao（焦调解，调解员，{TRAFFIC}）" in out, err
    return db_location


@pytest.mark.usefixtures("centre")
def test_the_committees_and_the_accounts_committee_are_listed(run: Run) -> None:
    code, out, _ = run("committee", "list")
    assert code == 0 and "青山镇人民调解委员会" in out and TRAFFIC in out and "0571-88001234" in out
    code, out, _ = run("user", "list")
    lines = {line.split()[0]: line for line in out.splitlines()[2:]}
    assert "全中心" in lines["chief"] and TRAFFIC in lines["jiao"]
    code, _, err = run("committee", "add", "--name", "青山镇劳动争议人民调解委员会", "--short", "青山交调")
    assert code == 2 and "字号“青山交调”已由" in err
    code, _, err = run("user", "add", "wu", "--name", "吴", "--role", "调解员", "--committee", "青山医调")
    assert code == 2 and "没有调委会“青山医调”" in err and "青山交调" in err


@pytest.mark.usefixtures("centre")
def test_a_committees_mediator_registers_and_sees_only_its_own_cases(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    exported = tmp_path / "c.json"
    assert run("export", "2026-1", "-o", str(exported))[0] == 0
    act_as(monkeypatch, "jiao", "jiao-pass-2026")
    code, out, _ = run("list")
    assert code == 0 and "青山镇调字" not in out  # the township committee's demo cases
    code, out, err = run("import", str(exported))
    assert code == 0 and "青山交调调字第1号" in out, err  # its own counter and 字号
    code, out, _ = run("list")
    assert "青山交调调字第1号" in out and "青山镇调字" not in out
    code, _, err = run("render", "agreement", "（2026）青山镇调字第1号", "-o", str(tmp_path / "a.pdf"))
    assert code == 2 and "另一个调委会" in err
    code, _, err = run("committee", "add", "--name", "青山镇医疗纠纷人民调解委员会", "--short", "青山医调")
    assert code == 2  # a mediator may not change the set-up at all
    act_as(monkeypatch, "chief", "chief-pass-2026")
    code, out, _ = run("list")
    assert "青山交调调字第1号" in out and "青山镇调字第1号" in out
    assert run("user", "committee", "jiao", "全中心")[0] == 0
    act_as(monkeypatch, "jiao", "jiao-pass-2026")
    assert "青山镇调字第1号" in run("list")[1]


@pytest.mark.usefixtures("centre")
def test_import_registers_in_the_committee_named_and_refuses_another_for_a_committees_mediator(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    exported = tmp_path / "c.json"
    assert run("export", "2026-1", "-o", str(exported))[0] == 0
    code, out, err = run("import", str(exported), "--committee", "青山交调")  # the centre's administrator
    assert code == 0 and "青山交调调字第1号" in out, err
    code, out, err = run("import", str(exported))
    assert code == 0 and "已导入案件：（2026）青山镇调字" in out, err  # without a choice: the centre's own
    monkeypatch.setenv("MEDIATOR_NEW_PASSWORD", "ma-pass-2026")
    assert run("user", "add", "ma", "--name", "马调解", "--role", "调解员", "--committee", "青山镇")[0] == 0
    act_as(monkeypatch, "ma", "ma-pass-2026")
    code, _, err = run("import", str(exported), "--committee", "青山交调")
    assert code == 2 and "只能在本调委会登记案件" in err and "未导入任何内容" in err
    act_as(monkeypatch, "chief", "chief-pass-2026")
    code, out, _ = run("list")
    assert out.count("青山交调调字") == 1  # the refused import wrote nothing


@pytest.mark.usefixtures("centre")
def test_report_of_one_committee_is_titled_with_its_name_and_refused_for_another_committees_director(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    out_file = str(tmp_path / "r.xlsx")
    code, out, err = run(
        "report", "monthly", "--year", "2026", "--month", "11", "--committee", "青山交调", "-o", out_file
    )
    assert code in (0, 2) and f"已写入{TRAFFIC}2026年11月月报（未确认）" in out, err
    code, out, err = run("report", "subsidy", "--year", "2026", "--committee", "青山交调", "-o", out_file)
    assert code == 0 and f"已写入{TRAFFIC}2026年度以案定补申领表" in out, err
    monkeypatch.setenv("MEDIATOR_NEW_PASSWORD", "zhu-pass-2026")
    code, _, err = run("user", "add", "zhu", "--name", "朱主任", "--role", "调委会主任", "--committee", "青山交调")
    assert code == 0, err
    act_as(monkeypatch, "zhu", "zhu-pass-2026")
    code, out, _ = run("report", "monthly", "--year", "2026", "--month", "11", "-o", out_file)
    assert f"已写入{TRAFFIC}2026年11月月报" in out  # their own committee's, unasked
    code, _, err = run("report", "monthly", "--year", "2026", "--month", "11", "--committee", "青山镇", "-o", out_file)
    assert code == 2 and "查看本调委会的统计" in err
    # 全中心 asked for by a person of one committee: refused in the same words, not silently their own
    for command in (("monthly", "--month", "11"), ("subsidy",)):
        code, out, err = run(
            "report", *command[:1], "--year", "2026", *command[1:], "--committee", "全中心", "-o", out_file
        )
        assert (code, out) == (2, "") and "查看本调委会的统计" in err
