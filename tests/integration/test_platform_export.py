"""The provincial-platform export over a generated database: the sheet's columns in the code file's
order (REPORTING columns 0-24), every case closed in the period one row, codes from the tables, what
cannot be mapped listed (per case, settings once) and the file refused until it is set or allowed;
ID and mobile numbers in the summary masked; the file read back by openpyxl."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from mediator_app.domain.platform import MasterCodes
from mediator_app.services import cases, demo
from mediator_app.services import platform_export as pe
from mediator_app.storage.database import Database
from tests.clirun import Run
from tests.conftest import ENGINES
from tests.engines import filled_location, sql

pytestmark = pytest.mark.engines  # the export's SQL runs on SQLite and on PostgreSQL

START, END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
ID_NUMBER, MOBILE = "110105194912310029", "13812345678"


@pytest.fixture(scope="module", params=ENGINES)
def demo_path(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path | str]:
    with filled_location(request, tmp_path_factory.mktemp("platform") / "demo.sqlite3", _fill) as location:
        yield location


def _fill(db: Database) -> None:
    demo.fill_demo(db, 250, seed=5)
    with db.unit_of_work() as session:
        conn = session.connection()
        (first,) = conn.exec_driver_sql(
            "SELECT MIN(case_id) FROM case_stats WHERE closed_on >= '2025-01-01' AND closed_on <= '2025-12-31'"
        ).one()
        conn.exec_driver_sql(
            sql(db, "UPDATE dispute_case SET facts = ?, dispute_type = '新型纠纷' WHERE id = ?"),
            (f"申请人身份证号{ID_NUMBER}，电话{MOBILE}。", first),
        )


@pytest.fixture
def demo_db(demo_path: Path | str) -> Iterator[Database]:
    db = cases.open_database(demo_path)
    yield db
    db.close()


def master(db: Database) -> MasterCodes:
    with db.read_connection() as conn:
        names = [n for (n,) in conn.execute("SELECT DISTINCT name FROM case_mediator").fetchall()]
    return MasterCodes("TWH01", "", "370102", {n: f"TJY{i}" for i, n in enumerate(names)})


def test_every_closed_case_is_one_row_in_the_file_order(demo_db: Database) -> None:
    codes = pe.load_codes()
    assert len(codes.columns) == 25 and codes.columns[0] == "案件编码" and codes.columns[24] == "纠纷转化情况"
    export = pe.prepare(demo_db, START, END, codes, master(demo_db))
    with demo_db.read_connection() as conn:
        closed = conn.execute(
            "SELECT COUNT(*) FROM case_stats WHERE closed_on >= '2025-01-01' AND closed_on <= '2025-12-31'"
        ).fetchone()[0]
    assert len(export.rows) == closed > 20
    # The one case with a type the code table does not know is named; nothing else is missing.
    assert export.settings == [] and len(export.problems) == 1
    assert "纠纷类别“新型纠纷”在代码表中没有对应代码" in export.problems[0][1]
    book = load_workbook(io.BytesIO(pe.workbook(demo_db, export)))
    sheet = list(book["批量导入"].iter_rows(values_only=True))
    assert list(sheet[0]) == list(codes.columns) and len(sheet) == closed + 1
    col = {c: i for i, c in enumerate(codes.columns)}
    for row in sheet[1:]:
        assert row[col["调委会"]] == "TWH01" and row[col["调解结果"]] in ("1", "2")
        assert row[col["纠纷类别"]] in (*codes.tables["dispute_type"].values(), None)
    text = "".join(str(v) for row in sheet for v in row)
    assert ID_NUMBER not in text and MOBILE not in text and "138****5678" in text
    assert list(book["未能对应"].iter_rows(values_only=True))[1][1].startswith("纠纷类别")


def test_a_locality_reorders_the_columns_and_renames_codes(demo_db: Database, tmp_path: Path) -> None:
    data = json.loads(pe.default_codes_path().read_text(encoding="utf-8"))
    data["columns"] = ["纠纷类别", "案件编码"]
    data["tables"]["dispute_type"]["新型纠纷"] = "99"
    local = tmp_path / "codes.json"
    local.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    export = pe.prepare(demo_db, START, END, pe.load_codes(local), master(demo_db))
    assert (
        export.complete
        and all(len(r) == 2 for r in export.rows)
        and [r[0] for r in export.rows if r[0] == "99"] == ["99"]
    )


def test_the_command_lists_what_is_missing_before_writing(
    demo_path: Path | str, demo_db: Database, run: Run, tmp_path: Path
) -> None:
    out = tmp_path / "platform.xlsx"
    code, text, _ = run(
        "--db", str(demo_path), "export", "platform", "--from", "2025-01-01", "--to", "2025-12-31", "-o", str(out)
    )
    assert code == 2 and not out.exists()
    assert "未能对应（全部案件）：调委会：未设置平台编码" in text and "新型纠纷" in text
    settings = tmp_path / "master.json"
    m = master(demo_db)
    settings.write_text(json.dumps(dataclasses.asdict(m), ensure_ascii=False), encoding="utf-8")
    argv = ["--db", str(demo_path), "export", "platform", "--from", "2025-01-01", "--to", "2025-12-31", "-o", str(out)]
    code, text, _ = run(*argv, "--master", str(settings), "--allow-incomplete")
    assert code == 2 and out.exists() and "已写出" in text
    code, _, err = run(*argv[:4], "--from", "2025-12-31", "--to", "2025-01-01", "-o", str(out))
    assert code != 0 and "起始日期晚于截止日期" in err
