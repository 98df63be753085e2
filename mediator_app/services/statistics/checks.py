"""The checks a report passes before it is confirmed (校验; docs/statistics.md): each problem is one
Chinese sentence naming the case number or the figures that disagree. The case checks come from
`storage.stats_query.case_issues`; the figures are checked against each other here:
上期结转 + 新收 − 办结 = 期末未结; the types sum to the totals; 成功 ≤ 办结; 确认 + 驳回 + 不予受理 ≤ 申请;
人 ≥ 件 for every prevention flag; every 合计 row is the sum of its rows."""

from __future__ import annotations

from typing import Any

from mediator_app.services.statistics.report import COUNT, MONEY, Report, ReportTable
from mediator_app.storage import stats_query as q
from mediator_app.storage.database import Database


def _summary_problems(report: Report) -> list[str]:
    s = {row[0]: row[1] for row in report.table("综合情况").rows}
    problems = []
    if s["上期结转"] + s["本期新收"] - s["本期办结"] != s["期末未结"]:
        problems.append(
            f"上期结转{s['上期结转']} + 本期新收{s['本期新收']} − 本期办结{s['本期办结']} ≠ 期末未结{s['期末未结']}："
            "有案件的办结日期早于受理日期或没有受理日期（见上面的案件）"
        )
    if s["其中：调解成功"] > s["本期办结"]:
        problems.append("调解成功数大于办结数")
    ruled = s["司法确认：确认有效"] + s["司法确认：驳回"] + s["司法确认：不予受理"]
    if ruled > s["司法确认：申请"]:
        problems.append(f"司法确认的确认、驳回、不予受理共{ruled}件，多于申请的{s['司法确认：申请']}件")
    types = report.table("纠纷类型")
    assert types.total is not None
    for column, caption in ((1, "本期新收"), (2, "本期办结")):
        if types.total[column] != s[caption]:
            problems.append(f"各纠纷类型的{caption}之和{types.total[column]}与总数{s[caption]}不符")
    return problems


def _total_problems(table: ReportTable) -> list[str]:
    if table.total is None:
        return []
    problems = []
    for i, (caption, kind) in enumerate(table.columns):
        if kind in (COUNT, MONEY) and sum(r[i] for r in table.rows) != table.total[i]:
            problems.append(f"“{table.title}”表的“{caption}”合计与各行之和不符")
    return problems


def figure_problems(report: Report) -> list[str]:
    problems = _summary_problems(report)
    for caption, cases, people in report.table("预防效果").rows:
        if people < cases:
            problems.append(f"“{caption}”涉及{people}人，少于{cases}件")
    for table in report.tables:
        problems += _total_problems(table)
    return problems


def check_on(conn: Any, report: Report) -> None:
    """Put what the checks find into `report.problems`, the cases first, each with the id of the case
    it names in `report.problem_cases` (so that the 统计 window opens the case to fix it)."""
    period = report.period
    issues = q.case_issues(conn, period.start, period.end, report.committee_id)
    figures = figure_problems(report)
    report.problems = [f"{i.number}：{i.message}" for i in issues] + figures
    report.problem_cases = [i.case_id for i in issues] + [None] * len(figures)


def check(db: Database, report: Report) -> list[str]:
    """Every problem of the report and of the cases it counts; also kept in `report.problems`."""
    with db.stats_connection() as conn:
        check_on(conn, report)
    return report.problems
