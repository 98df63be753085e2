"""`mediator-cli` end to end through `main([...])`, plus the installed entry point in a real process."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mediator_app import __version__
from mediator_app.cli import commands
from mediator_app.exchange.case_json import dumps_case
from mediator_app.services import cases as svc
from tests.accounts import open_logged_in
from tests.clirun import ID_OR_MOBILE, Run
from tests.docfixtures import mediated
from tests.factories import make_case

pytestmark = pytest.mark.engines  # the commands that take --db run on a file and on a PostgreSQL server


@pytest.fixture
def db(db_location: Path | str, tmp_path: Path, run: Run) -> str:
    """A database with a committee and five demo cases (a file with a Chinese name, or a server URL)."""
    path = str(tmp_path / "调解.sqlite3") if isinstance(db_location, Path) else db_location
    assert run("--db", path, "init", "--committee", "青山镇桃源村人民调解委员会", "--short", "桃源村")[0] == 0
    assert run("--db", path, "demo", "--cases", "5", "--seed", "3")[0] == 0
    return path


def listed(run: Run, db: str) -> list[dict[str, object]]:
    code, out, err = run("list", "--json", "--db", db)
    assert code == 0, err
    rows: list[dict[str, object]] = json.loads(out)
    return rows


def test_version(run: Run) -> None:
    assert run("--version") == (0, f"mediator-cli {__version__}\n", "")
    assert __version__ == "0.1.0"


def test_help_is_chinese(run: Run) -> None:
    code, out, _ = run("--help")
    assert code == 0
    assert "用法：mediator-cli" in out and "显示本帮助并退出" in out
    for command in ("init", "demo", "list", "import", "export", "render"):
        assert command in out


def test_usage_errors_exit_2_in_chinese(run: Run) -> None:
    code, _, err = run("frobnicate")
    assert code == 2 and "错误" in err and "无效的选项" in err
    code, _, err = run("init", "--short", "桃源村")
    assert code == 2 and "缺少必填参数：--committee" in err
    code, _, err = run("demo", "--cases", "many")
    assert code == 2 and "应为整数" in err


def test_end_to_end_init_demo_list_export_import(run: Run, db: str, tmp_path: Path) -> None:
    rows = listed(run, db)
    assert len(rows) == 5
    assert set(rows[0]) == {
        "number",
        "registered_on",
        "dispute_type",
        "title",
        "source",
        "status",
        "party_names",
        "party_count",
    }
    number = str(rows[-1]["number"])
    out_file = tmp_path / "导出.json"

    code, out, err = run("export", number, "-o", str(out_file), "--db", db)
    assert code == 0, err
    assert number in out and out_file.exists()
    exported = json.loads(out_file.read_text(encoding="utf-8"))
    assert exported["case"]["number"] == number

    code, out, err = run("--db", db, "import", str(out_file))
    assert code == 0, err
    assert "已导入案件：" in out and number in out
    after = listed(run, db)
    assert len(after) == 6
    new_numbers = {str(r["number"]) for r in after} - {str(r["number"]) for r in rows}
    assert len(new_numbers) == 1 and new_numbers != {number}


def test_db_option_before_or_after_the_subcommand_and_from_the_environment(
    run: Run, db: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert len(listed(run, db)) == 5
    code, out, _ = run("--db", db, "list", "--json")
    assert code == 0 and len(json.loads(out)) == 5
    monkeypatch.setenv("MEDIATOR_DB", db)
    code, out, _ = run("list", "--json")
    assert code == 0 and len(json.loads(out)) == 5
    code, _, err = run("list", "--db", str(tmp_path / "other.sqlite3"))  # --db wins over the environment
    assert code == 2 and "other.sqlite3" in err


def test_list_table_shows_no_personal_numbers(run: Run, db: str) -> None:
    code, out, _ = run("list", "--db", db)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["编号", "登记日期", "纠纷类型", "当事人", "状态"]
    assert lines[-1] == "共 5 件"
    assert not ID_OR_MOBILE.search(out)
    code, out, _ = run("list", "--json", "--db", db)
    assert not ID_OR_MOBILE.search(out)


def test_missing_database_is_not_created(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "typo.sqlite3"
    code, out, err = run("list", "--db", str(path))
    assert code == 2 and out == ""
    assert "找不到数据文件" in err and "Traceback" not in err
    assert not path.exists()


def test_a_file_that_is_not_a_database_is_an_expected_error(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text(dumps_case(make_case()), encoding="utf-8")
    before = path.read_bytes()
    code, _, err = run("list", "--db", str(path))
    assert code == 2 and "无法打开数据文件" in err and "Traceback" not in err
    assert path.read_bytes() == before


def test_init_refuses_a_second_committee_unless_forced(run: Run, db: str) -> None:
    code, _, err = run("init", "--db", db, "--committee", "白沙镇人民调解委员会", "--short", "白沙")
    assert code == 2 and "已设置委员会" in err and "--force" in err
    code, out, _ = run("init", "--db", db, "--committee", "白沙镇人民调解委员会", "--short", "白沙", "--force")
    assert code == 0 and "已更新" in out
    code, _, err = run("init", "--db", db, "--committee", " ", "--short", "白沙", "--force")
    assert code == 2 and "--committee：请填写人民调解委员会名称" in err


def test_demo_refuses_to_mix_with_existing_cases(run: Run, db: str) -> None:
    code, _, err = run("demo", "--db", db)
    assert code == 2 and "已有 5 个案件" in err
    assert run("demo", "--db", db, "--cases", "2", "--force")[0] == 0
    assert len(listed(run, db)) == 7


def test_demo_creates_database_and_committee(run: Run, tmp_path: Path) -> None:
    path = str(tmp_path / "new" / "demo.sqlite3")
    code, out, err = run("demo", "--db", path, "--cases", "3")
    assert code == 0, err
    assert "已生成 3 个演示案件" in out and "（演示）" in out


def test_import_of_a_bad_file_reports_paths_and_changes_nothing(run: Run, db: str, tmp_path: Path) -> None:
    data = json.loads(dumps_case(make_case()))
    data["case"]["parties"][0]["id_number"] = data["case"]["parties"][0]["id_number"][:-1] + "0"
    data["case"]["agreement"]["terms"][0]["amount"] = -5
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    before = listed(run, db)
    code, out, err = run("import", str(bad), "--db", db)
    assert code == 2 and out == ""
    lines = err.splitlines()
    assert lines[0] == "错误：有 2 处内容不符合要求："
    assert lines[1].startswith("第1位当事人的证件号码：身份证号码校验位不正确")  # words first
    assert lines[1].endswith("（文件中的位置：$.case.parties[0].id_number）")  # then where in the file
    assert lines[2].startswith("第1项条款的") and "$.case.agreement.terms[0].amount" in lines[2]
    assert lines[-1] == "未导入任何内容，数据文件没有改动。"
    assert "Traceback" not in err
    assert listed(run, db) == before


def test_import_of_malformed_json_names_the_line(run: Run, db: str, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{\n  "format": "mediation-desk/case",\n  "version": 1,\n}\n', encoding="utf-8")
    code, _, err = run("import", str(broken), "--db", db)
    assert code == 2 and "第4行第1列" in err and "Traceback" not in err


def test_export_accepts_short_numbers_and_reports_unknown_ones(run: Run, db: str, tmp_path: Path) -> None:
    first = str(listed(run, db)[-1]["number"])  # （YYYY）桃源村调字第1号
    year = first[1:5]
    out_file = tmp_path / "short.json"
    code, _, err = run("export", f"{year}-1", "-o", str(out_file), "--db", db)
    assert code == 0, err
    assert json.loads(out_file.read_text(encoding="utf-8"))["case"]["number"] == first
    code, _, err = run("export", "（1999）桃源村调字第1号", "-o", str(out_file), "--db", db)
    assert code == 2 and "找不到编号" in err


def test_render_agreement_writes_a_pdf(run: Run, tmp_path: Path) -> None:
    """`render agreement` prints the 人民调解协议书 through the printing service — once the case has been
    mediated: at 登记 (where an import starts) it is refused with the article (PML Art. 28)."""
    path = str(tmp_path / "r.sqlite3")
    run("--db", path, "init", "--committee", "青山镇桃源村人民调解委员会", "--short", "桃源村")
    case_file = tmp_path / "case.json"
    case_file.write_text(dumps_case(make_case()), encoding="utf-8")
    assert run("--db", path, "import", str(case_file))[0] == 0
    number = str(listed(run, path)[0]["number"])
    pdf = tmp_path / "协议书.pdf"
    code, _, err = run("render", "agreement", number, "-o", str(pdf), "--db", path)
    assert code == 2 and "案件处于“登记”阶段" in err and "《人民调解法》第二十八条" in err and not pdf.exists()
    db = open_logged_in(Path(path))
    try:
        case_id = svc.list_cases(db)[0].id
        assert case_id is not None
        mediated(db, case_id)
    finally:
        db.close()
    code, _, err = run("render", "agreement", number, "-o", str(pdf), "--db", path)
    assert code == 0, err
    assert pdf.read_bytes().startswith(b"%PDF")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_unexpected_error_exits_1_with_a_note_and_a_log(
    run: Run, db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import mediator_app.logging_setup as logging_setup

    def broken(_args: object) -> int:
        raise ZeroDivisionError("bug for 110105194912310020")

    log_dir = tmp_path / "logs"
    monkeypatch.setattr(logging_setup, "default_log_dir", lambda: log_dir)
    monkeypatch.setitem(commands.HANDLERS, "list", broken)
    try:
        code, _, err = run("list", "--db", db)
    finally:
        logging.captureWarnings(False)
    assert code == 1
    assert "程序内部错误（ZeroDivisionError）" in err and "Traceback" not in err
    log = (log_dir / logging_setup.LOG_FILE_NAME).read_text(encoding="utf-8")
    assert "ZeroDivisionError" in log and "110105194912310020" not in log  # masked by the log filter


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "MEDIATOR_DB"}
    env.update(extra)
    return env


def test_module_entry_point_in_a_real_process() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mediator_app.cli.main", "--version"], capture_output=True, timeout=60, env=_env()
    )
    assert result.returncode == 0
    assert result.stdout.decode() == f"mediator-cli {__version__}\n"


def test_help_and_version_do_not_import_database_or_pdf_libraries() -> None:
    code = (
        "import sys; from mediator_app.cli.main import main; main(['--help']); main(['--version']); "
        "print(sorted(m for m in ('sqlalchemy', 'sqlmodel', 'alembic', 'reportlab') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60, env=_env())
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode().splitlines()[-1] == "[]"


def test_output_is_utf8_even_when_the_console_is_not() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mediator_app.cli.main", "--help"],
        capture_output=True,
        timeout=60,
        env=_env(PYTHONIOENCODING="latin-1"),
    )
    assert result.returncode == 0, result.stderr
    assert "用法：mediator-cli" in result.stdout.decode("utf-8")


def test_installed_console_script(tmp_path: Path) -> None:
    script = shutil.which("mediator-cli", path=str(Path(sys.executable).parent))
    if script is None:
        pytest.skip("mediator-cli is not installed next to this Python (pip install -e .)")
    db = tmp_path / "s.sqlite3"
    result = subprocess.run(
        [script, "demo", "--cases", "2", "--db", str(db)], capture_output=True, timeout=120, env=_env()
    )
    assert result.returncode == 0, result.stderr.decode()
    result = subprocess.run([script, "--db", str(db), "list"], capture_output=True, timeout=60, env=_env())
    assert result.returncode == 0 and "共 2 件" in result.stdout.decode()


def test_problems_are_named_in_words_not_internal_paths() -> None:
    from mediator_app.cli.main import _in_words
    from mediator_app.errors import FieldError

    assert _in_words(FieldError("state.oral_content", "请填写")) == "口头协议的内容：请填写"
    assert _in_words(FieldError("parties[1].representatives[0].name", "请填写")) == "第2位当事人的代理人姓名：请填写"
    assert _in_words(FieldError("--committee", "请填写人民调解委员会名称")) == "--committee：请填写人民调解委员会名称"
