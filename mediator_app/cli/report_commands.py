"""`mediator-cli report monthly|quarterly|annual --year Y [--month M | --quarter Q] [--committee 字号] -o
FILE.xlsx|FILE.pdf`: the statistics report of a period (docs/statistics.md): of the person's committee,
or, for a centre-wide person, of the whole centre or of the committee named (docs/centre.md).

Without `--confirm` the command writes the newest confirmed version of the period if there is one,
otherwise the report generated from the cases now, marked 未确认, and lists what the checks found
(exit status 2 when they found something). With `--confirm --by NAME` it generates, checks and, when
nothing is wrong, freezes the report as the next version (a correction also needs `--reason`), then
writes that version. Every file written is audited.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from mediator_app.cli import subsidy_commands
from mediator_app.errors import UserFacingError

KINDS = {"monthly": "月报", "quarterly": "季报", "annual": "年报"}


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    report = commands.add_parser(
        "report",
        parents=[common],
        help="生成统计报表（月报、季报、年报；XLSX 或 PDF）",
        description="按司法行政机关的统计口径生成人民调解工作统计报表，写成 XLSX 或 PDF。",
    )
    kinds = report.add_subparsers(dest="document", metavar="报表", title="报表", required=True)
    for kind, caption in KINDS.items():
        sub = kinds.add_parser(kind, parents=[common], help=caption, description=f"生成{caption}。")
        sub.add_argument("--year", type=int, required=True, metavar="年", help="年份，如 2026")
        if kind == "monthly":
            sub.add_argument("--month", type=int, metavar="月", help="月份 1—12")
        if kind == "quarterly":
            sub.add_argument("--quarter", type=int, metavar="季度", help="季度 1—4")
        sub.add_argument("-o", "--output", required=True, metavar="文件", help="写入的文件（.xlsx 或 .pdf）")
        sub.add_argument("--confirm", action="store_true", help="校验无误后确认并冻结本期报表（生成新的一版）")
        sub.add_argument("--by", default="", metavar="姓名", help="确认人（统计员或委员会主任）")
        sub.add_argument("--reason", default="", metavar="理由", help="更正已确认报表的理由")
        sub.add_argument(
            "--committee",
            metavar="调委会",
            help="只统计一个调委会的案件（字号、名称或编号；全中心账户可选）；不填：本人所在的调委会，全中心账户为全中心",
        )
    subsidy_commands.add_parser(kinds, common)


def _output(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".pdf"):
        raise UserFacingError(f"输出文件“{path.name}”的扩展名应为 .xlsx 或 .pdf")
    return suffix


def cmd_report(args: argparse.Namespace) -> int:
    from mediator_app.cli.committee_commands import committee_id
    from mediator_app.cli.stats_source import opened_for_statistics
    from mediator_app.services.statistics import workflow
    from mediator_app.services.statistics.period import Kind, Period

    period = Period.of(Kind(args.document), args.year, getattr(args, "month", None), getattr(args, "quarter", None))
    out = Path(args.output)
    suffix = _output(out)
    with opened_for_statistics(args) as db:
        chosen = committee_id(db, args.committee) if args.committee else None
        if args.confirm:
            report = workflow.generate_and_confirm(db, period, dt.date.today(), args.by, args.reason, chosen)
        else:
            report = workflow.current(db, period, dt.date.today(), chosen)
        data = workflow.file_bytes(db, report, suffix)
    out.write_bytes(data)
    state = f"第{report.version}版，已确认" if report.version else "未确认"
    print(f"已写入{report.unit}{period.label}{KINDS[args.document]}（{state}）：{out}")
    for line in report.problems:
        print(f"问题：{line}")
    return 2 if report.problems else 0


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    **{f"report {kind}": cmd_report for kind in KINDS},
    "report subsidy": subsidy_commands.cmd_subsidy,
}
