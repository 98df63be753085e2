"""A 以案定补 claim over a generated database: every case closed in the period is either claimed (its
dossier complete, its amount the rule table's) or listed with the reason; the XLSX's 小计 and 合计
equal the sums of their rows; the PDF has its fonts embedded; `mediator-cli report subsidy`."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from mediator_app.services import cases, demo, subsidy
from mediator_app.services.statistics.period import Kind, Period
from mediator_app.services.subsidy_files import HEADER_ROWS, claim_workbook
from mediator_app.storage.database import Database
from tests.clirun import Run
from tests.conftest import ENGINES
from tests.engines import filled_location, sql

pytestmark = pytest.mark.engines  # the claim's SQL runs on SQLite and on PostgreSQL

YEAR = 2025
TODAY = dt.date(2026, 1, 5)


@pytest.fixture(scope="module", params=ENGINES)
def claim_path(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path | str]:
    """300 demo cases; every third successful case of the year gets a return visit (the demo has none)."""
    with filled_location(request, tmp_path_factory.mktemp("subsidy") / "demo.sqlite3", _fill) as location:
        yield location


def _fill(db: Database) -> None:
    demo.fill_demo(db, 300, seed=11)
    with db.unit_of_work() as session:
        conn = session.connection()
        ids = [
            cid
            for (cid,) in conn.exec_driver_sql(
                "SELECT case_id FROM case_stats WHERE outcome = '成功'"
                " AND closed_on >= '2025-01-01' AND closed_on <= '2025-12-31' ORDER BY case_id"
            )
        ]
        for cid in ids[::3]:
            conn.exec_driver_sql(
                sql(
                    db,
                    "INSERT INTO return_visit (case_id, visited_on, visitor, visited, satisfaction, new_risk, note)"
                    " VALUES (?, '2025-12-20', '回访员', '双方当事人', '满意', '', '')",
                ),
                (cid,),
            )


@pytest.fixture
def claim_db(claim_path: Path | str) -> Iterator[Database]:
    db = cases.open_database(claim_path)
    yield db
    db.close()


def test_every_closed_case_is_claimed_or_listed_with_its_reason(claim_db: Database) -> None:
    rules = subsidy.load_rules()
    claim = subsidy.make_claim(claim_db, Period.of(Kind.ANNUAL, YEAR), rules, TODAY)
    with claim_db.read_connection() as conn:
        closed = conn.execute(
            "SELECT COUNT(*) FROM case_stats s JOIN dispute_case c ON c.id = s.case_id"
            " WHERE s.closed_on >= '2025-01-01' AND s.closed_on <= '2025-12-31' AND c.status NOT IN ('登记', '受理', '调查', '调解中', '不予受理')"
        ).fetchone()[0]
    assert claim.cases > 0 and claim.unpaid and claim.cases + len(claim.unpaid) == closed
    for mediator, judged in claim.paid.items():
        for j in judged:
            assert j.result.complete and j.result.facts.visits > 0 and j.result.facts.mediator == mediator
            assert j.amount_fen == rules.amounts_fen[j.result.facts.difficulty]
    assert all(j.reason for j in claim.unpaid)
    assert claim.total_fen == sum(j.amount_fen or 0 for v in claim.paid.values() for j in v)


def test_the_workbook_totals_are_the_sums_of_their_rows(claim_db: Database) -> None:
    claim = subsidy.make_claim(claim_db, Period.of(Kind.ANNUAL, YEAR), subsidy.load_rules(), TODAY)
    ws = load_workbook(io.BytesIO(claim_workbook(claim)))["申领表"]
    rows = list(ws.iter_rows(min_row=HEADER_ROWS + 1, values_only=True))
    block: list[float] = []
    subtotals: list[float] = []
    for row in rows:
        if isinstance(row[0], int):
            block.append(row[6])
        elif row[0] == "小计":
            assert row[6] == pytest.approx(sum(block)) and row[1] == f"{len(block)}件"
            subtotals.append(row[6])
            block = []
        elif row[0] == "合计":
            assert row[6] == pytest.approx(sum(subtotals)) == claim.total_fen / 100
    assert len(subtotals) == len(claim.paid)
    assert sum(1 for row in rows if isinstance(row[0], str) and row[0].startswith("调解员（签名）")) == len(claim.paid)


def test_the_command_writes_both_files(claim_path: Path | str, run: Run, tmp_path: Path) -> None:
    pdf, xlsx = tmp_path / "claim.pdf", tmp_path / "claim.xlsx"
    code, out, _ = run("--db", str(claim_path), "report", "subsidy", "--year", str(YEAR), "-o", str(pdf))
    assert code == 0 and "计入" in out
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and b"/FontFile2" in data
    code, _, _ = run(
        "--db", str(claim_path), "report", "subsidy", "--year", str(YEAR), "--month", "12", "-o", str(xlsx)
    )
    assert code == 0 and load_workbook(xlsx).sheetnames == ["申领表", "未计入案件"]
    code, _, err = run("--db", str(claim_path), "report", "subsidy", "--year", str(YEAR), "-o", str(tmp_path / "x.doc"))
    assert code != 0 and ".xlsx 或 .pdf" in err
