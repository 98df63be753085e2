"""A 以案定补 claim over a generated database: every case closed in the period is either claimed (its
dossier complete, its amount the rule table's) or listed with the reason; the XLSX's 小计 and 合计
equal the sums of their rows; the PDF has its fonts embedded; `mediator-cli report subsidy`; a
confirmed mediator's list is frozen (its cases and amounts do not follow later edits), a correction
is a second version with its reason, both kept and audited."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from mediator_app.domain.subsidy import Judgement
from mediator_app.errors import UserFacingError
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


def _numbers(judged: list[Judgement]) -> dict[str, int | None]:
    return {j.result.facts.number: j.amount_fen for j in judged}


def test_a_confirmed_claim_list_never_changes_and_a_correction_keeps_both(claim_db: Database) -> None:
    rules = subsidy.load_rules()
    year = subsidy.make_claim(claim_db, Period.of(Kind.ANNUAL, YEAR), rules, TODAY)
    facts = next(j for m, js in year.paid.items() if m != subsidy.NO_MEDIATOR for j in js).result.facts
    assert facts.closed_on is not None
    month = Period.of(Kind.MONTHLY, YEAR, month=facts.closed_on.month)
    claim = subsidy.make_claim(claim_db, month, rules, TODAY)
    assert claim.state(facts.mediator) == "未确认"
    confirmed = _numbers(claim.paid[facts.mediator])
    assert subsidy.confirm_claim(claim_db, claim, "王主任", facts.mediator) == [1]

    # The case's grade is raised afterwards: the confirmed list keeps the case and its amount.
    other = "重大" if facts.difficulty != "重大" else "一般"
    with claim_db.unit_of_work() as session:
        session.connection().exec_driver_sql(
            sql(claim_db, "UPDATE case_stats SET difficulty = ? WHERE case_id = ?"), (other, facts.case_id)
        )
    again = subsidy.make_claim(claim_db, month, rules, TODAY)
    assert _numbers(again.paid[facts.mediator]) == confirmed
    assert again.state(facts.mediator) == "已确认第1版（王主任确认）"
    now = _numbers(again.current[facts.mediator])
    assert now[facts.number] == rules.amounts_fen[other] != confirmed[facts.number]

    # A correction needs its reason; then both versions are kept, each audited with its hash.
    with pytest.raises(UserFacingError, match="更正须写明理由"):
        subsidy.confirm_claim(claim_db, again, "王主任", facts.mediator)
    assert subsidy.confirm_claim(claim_db, again, "王主任", facts.mediator, f"难度级别复核为{other}") == [2]
    corrected = subsidy.make_claim(claim_db, month, rules, TODAY)
    assert _numbers(corrected.paid[facts.mediator]) == now
    assert corrected.state(facts.mediator) == "已确认第2版（王主任确认）"
    with claim_db.read_connection() as conn:
        kept = conn.execute(
            sql(
                claim_db,
                "SELECT version, reason, replaces_id FROM report_snapshot"
                " WHERE kind = 'subsidy' AND year = ? AND period = ? AND subject = ? ORDER BY version",
            ),
            (YEAR, month.number, facts.mediator),
        ).fetchall()
        audited = [
            d for (d,) in conn.execute("SELECT detail FROM audit_log WHERE action = '确认以案定补申领表' ORDER BY id")
        ]
    assert [(v, r) for v, r, _ in kept] == [(1, ""), (2, f"难度级别复核为{other}")] and kept[1][2] is not None
    mine = [d for d in audited if f"{month.label}以案定补申领表（调解员{facts.mediator}）" in d]
    assert len(mine) == 2 and "第2版，SHA-256" in mine[1] and f"更正理由：难度级别复核为{other}" in mine[1]


def test_the_command_confirms_and_prints_which_lists_are_confirmed(
    claim_path: Path | str, run: Run, tmp_path: Path
) -> None:
    xlsx = tmp_path / "claim.xlsx"
    args = ("--db", str(claim_path), "report", "subsidy", "--year", str(YEAR), "-o", str(xlsx))
    code, out, _ = run(*args, "--confirm", "--by", "王主任")
    assert code == 0 and "已确认第1版（王主任确认）" in out
    sheet = load_workbook(xlsx)["申领表"]
    assert any("已确认第1版" in str(row[0]) for row in sheet.iter_rows(values_only=True))
    code, _, err = run(*args, "--confirm", "--by", "王主任")
    assert code != 0 and "没有未确认的申领表" in err
    code, _, err = run(*args, "--reason", "复核")
    assert code != 0 and "--confirm" in err
