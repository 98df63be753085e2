"""`mediator-cli hotline import` and `hotline replies` (docs/hotline.md), on a file and on a PostgreSQL
server: the preview printed masked, --dry-run writes nothing, the import and its repetition, the
reply export read back with openpyxl."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from mediator_app.cli.main import EXIT_USER
from mediator_app.domain.access import Actor, Role
from mediator_app.domain.hotline import Reply, ResultCode
from mediator_app.services.cases import open_database
from mediator_app.services.hotline import orders
from tests.clirun import ID_OR_MOBILE, Run
from tests.hotline_exports import layout_a_xlsx, layout_b_csv, rows

pytestmark = pytest.mark.engines

NOW = dt.datetime(2026, 11, 20, 10)


@pytest.fixture
def db(db_location: Path | str, tmp_path: Path, run: Run) -> str:
    path = str(tmp_path / "调解.sqlite3") if isinstance(db_location, Path) else db_location
    assert run("--db", path, "init", "--committee", "望京街道人民调解委员会", "--short", "望京")[0] == 0
    return path


def test_import_dry_run_then_import_then_again(run: Run, db: str, tmp_path: Path) -> None:
    path = layout_a_xlsx(tmp_path / "11月.xlsx", rows(8))
    code, out, err = run("hotline", "import", str(path), "--dry-run", "--db", db)
    assert code == 0, err
    assert "第4行　新增　BJ261100001" in out and "新增8条" in out and "试运行，未写入" in out
    assert not ID_OR_MOBILE.search(out)  # phones masked
    code, out, _ = run("hotline", "import", str(path), "--dry-run", "--db", db)
    assert "新增8条" in out  # the dry run wrote nothing
    assert run("hotline", "import", str(path), "--db", db)[0] == 0
    code, out, _ = run("hotline", "import", str(path), "--db", db)
    assert code == 0 and "无变化8条" in out


def test_errors_exit_2_and_a_non_export_is_refused(run: Run, db: str, tmp_path: Path) -> None:
    bad = layout_b_csv(tmp_path / "bad.csv", [rows(2)[0], rows(2)[1]])
    bad.write_text(bad.read_text(encoding="gb18030").replace("13910007919", "电话未知"), encoding="gb18030")
    code, out, _ = run("hotline", "import", str(bad), "--db", db)
    assert code == 2 and "第3行　错误　第3行“联系电话”列" in out and "新增1条" in out
    other = tmp_path / "名单.csv"
    other.write_text("姓名,地址\n刘䶮,望京\n", encoding="utf-8")
    code, _, err = run("hotline", "import", str(other), "--db", db)
    assert code == EXIT_USER and "不是12345工单导出文件" in err


def test_replies_export(run: Run, db: str, tmp_path: Path) -> None:
    assert run("hotline", "import", str(layout_a_xlsx(tmp_path / "a.xlsx", rows(3))), "--db", db)[0] == 0
    database = open_database(Path(db) if "://" not in db else db)
    database.actor = Actor("boss", "赵主任", Role.DIRECTOR)
    try:
        first = orders.list_orders(database)[-1]
        assert first.id is not None
        reply = Reply(ResultCode.SOLVED, "上门调解", "11月19日与双方面谈", "", "马德明", "望京街道人民调解委员会")
        orders.save_reply(database, first.id, reply, NOW)
        orders.approve_reply(database, first.id, NOW)
    finally:
        database.close()
    out_file = tmp_path / "回复.xlsx"
    code, out, err = run(
        "hotline", "replies", "--from", "2026-11-20", "--to", "2026-11-20", "-o", str(out_file), "--db", db
    )
    assert code == 0, err
    assert "回复1条" in out
    sheet = load_workbook(out_file).active
    assert sheet is not None
    assert [c.value for c in sheet[2]][:3] == ["BJ261100001", "解决", 0]
    code, _, err = run(
        "hotline", "replies", "--from", "2026-11-20", "--to", "2026-11-01", "-o", str(out_file), "--db", db
    )
    assert code == EXIT_USER and "结束日期不能早于开始日期" in err
