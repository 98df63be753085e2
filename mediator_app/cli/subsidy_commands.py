"""`mediator-cli report subsidy --year Y [--month M] -o FILE.xlsx|FILE.pdf [--rules FILE] [--committee 字号]
[--confirm --by NAME [--mediator NAME] [--reason TEXT]]`: the 以案定补 claim list of a year or a month
(docs/subsidy.md; of one committee's cases as a statistics report is, docs/centre.md), per mediator with totals and signature places, and the cases not claimed with the
reason. `--confirm` freezes the lists of the mediators not confirmed yet (or the one `--mediator`
names; a correction also needs `--reason`) before the file is written; each mediator's list is printed
and listed with 已确认第N版 or 未确认. Exit status 0; the confirmation and the file are audited."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from mediator_app.errors import UserFacingError


def add_parser(kinds: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    sub = kinds.add_parser(
        "subsidy",
        parents=[common],
        help="以案定补申领表",
        description="按本地以案定补规则列出本期办结、卷宗齐全、符合补贴条件的案件，按调解员分列小计、合计和签名处；"
        "不符合条件的案件另列并写明原因。",
    )
    sub.add_argument("--year", type=int, required=True, metavar="年", help="年份，如 2026")
    sub.add_argument("--month", type=int, metavar="月", help="月份 1—12（不指定则为全年）")
    sub.add_argument("-o", "--output", required=True, metavar="文件", help="写入的文件（.xlsx 或 .pdf）")
    sub.add_argument("--rules", type=Path, metavar="规则文件", help="本地以案定补规则文件（JSON），默认用内置示例规则")
    sub.add_argument(
        "--confirm", action="store_true", help="确认并冻结尚未确认的各调解员申领表（确认后案件和金额不再变化）"
    )
    sub.add_argument("--by", default="", metavar="姓名", help="确认人（统计员或委员会主任）")
    sub.add_argument("--mediator", default="", metavar="调解员", help="只确认（或更正）这位调解员的申领表")
    sub.add_argument("--reason", default="", metavar="理由", help="更正已确认申领表的理由")
    sub.add_argument(
        "--committee",
        metavar="调委会",
        help="只列一个调委会的案件（字号、名称或编号；全中心账户可选）；不填：本人所在的调委会，全中心账户为全中心",
    )


def cmd_subsidy(args: argparse.Namespace) -> int:
    from mediator_app.cli.committee_commands import committee_id
    from mediator_app.cli.stats_source import opened_for_statistics
    from mediator_app.services import subsidy
    from mediator_app.services.statistics.period import Kind, Period

    out = Path(args.output)
    suffix = out.suffix.lower()
    if suffix not in (".xlsx", ".pdf"):
        raise UserFacingError(f"输出文件“{out.name}”的扩展名应为 .xlsx 或 .pdf")
    kind = Kind.ANNUAL if args.month is None else Kind.MONTHLY
    period = Period.of(kind, args.year, args.month)
    rules = subsidy.load_rules(args.rules)
    if not args.confirm and (args.mediator or args.reason):
        raise UserFacingError("--mediator 和 --reason 只用于确认（--confirm）")
    today = dt.date.today()
    with opened_for_statistics(args) as db:
        chosen = committee_id(db, args.committee) if args.committee else None
        claim = subsidy.make_claim(db, period, rules, today, chosen)
        if args.confirm:
            subsidy.confirm_claim(db, claim, args.by, args.mediator, args.reason)
            claim = subsidy.make_claim(db, period, rules, today, chosen)
        data = subsidy.claim_bytes(db, claim, suffix)
    out.write_bytes(data)
    print(f"已写入{claim.unit}{period.label}以案定补申领表：{out}")
    for mediator, judged in claim.paid.items():
        amount = sum(j.amount_fen or 0 for j in judged) / 100
        print(f"  {mediator}：{len(judged)} 件，{amount:,.2f} 元，{claim.state(mediator)}")
    print(f"计入 {claim.cases} 件，合计 {claim.total_fen / 100:,.2f} 元；未计入 {len(claim.unpaid)} 件（原因见表内）。")
    return 0
