"""`mediator-cli report`: the file is written (XLSX or PDF with its fonts embedded and its chart
drawn), the problems are listed with exit status 2, `--confirm` freezes a version, bad input gets a
Chinese message."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from mediator_app.services import cases, demo
from tests.clirun import Run
from tests.pdfcheck import ink, pdf_fonts, pdf_text, render_page, squeeze

pytestmark = pytest.mark.engines  # the report command on a file and on a PostgreSQL server


def _demo_file(location: Path | str) -> Path | str:
    db = cases.open_database(location)
    demo.fill_demo(db, 120, seed=4)
    db.close()
    return location


def test_report_xlsx_pdf_and_confirmation(db_location: Path | str, tmp_path: Path, run: Run) -> None:
    path = _demo_file(db_location)
    xlsx = tmp_path / "2025.xlsx"
    code, out, err = run("--db", str(path), "report", "annual", "--year", "2025", "-o", str(xlsx))
    assert (code, err) == (0, ""), out
    assert "2025年度年报（未确认）" in out
    types = load_workbook(io.BytesIO(xlsx.read_bytes()))["纠纷类型"]
    assert types.cell(1, 1).value == "人民调解工作统计年报·纠纷类型"
    pdf = tmp_path / "2025.pdf"
    code, out, _ = run(
        "--db", str(path), "report", "annual", "--year", "2025", "-o", str(pdf), "--confirm", "--by", "王主任"
    )
    assert code == 0, out
    assert "2025年度年报（第1版，已确认）" in out
    data = pdf.read_bytes()
    fonts = pdf_fonts(data)
    assert fonts and all(f.embedded for f in fonts)
    text = squeeze(pdf_text(data))
    assert "人民调解工作统计年报" in text and "第1版，王主任确认" in text and "纠纷类型：办结" in text
    assert ink(render_page(data, 2)) > ink(render_page(data, 1)) / 4  # the chart page is not blank
    code, out, _ = run("--db", str(path), "report", "annual", "--year", "2025", "-o", str(tmp_path / "again.xlsx"))
    assert "第1版，已确认" in out  # the frozen version, not a new generation


def test_bad_requests_get_chinese_messages(db_location: Path | str, tmp_path: Path, run: Run) -> None:
    path = _demo_file(db_location)
    code, _, err = run("--db", str(path), "report", "monthly", "--year", "2025", "-o", str(tmp_path / "x.xlsx"))
    assert code == 2 and "月报须指定月份" in err
    code, _, err = run("--db", str(path), "report", "annual", "--year", "2025", "-o", str(tmp_path / "x.csv"))
    assert code == 2 and ".xlsx 或 .pdf" in err


@pytest.mark.sqlite_only
def test_a_read_replica_named_for_a_file_is_said_to_be_ignored(
    db_location: Path | str, tmp_path: Path, run: Run
) -> None:
    """`--stats-db` is a server's read replica (docs/centre.md); a file's statistics read the file."""
    path = _demo_file(db_location)
    xlsx = tmp_path / "2025.xlsx"
    argv = ("--db", str(path), "--stats-db", "postgresql://stats@127.0.0.1:1/mediation", "report", "annual")
    code, out, err = run(*argv, "--year", "2025", "-o", str(xlsx))
    assert code == 0 and "2025年度年报（未确认）" in out and xlsx.exists()
    assert err.startswith("提示：--stats-db 只用于服务器") and "从主库读取" not in err
