"""`mediator-cli audit-dossiers [--json] [--from DATE] [--to DATE] [--all]`: the dossier completeness
audit (docs/subsidy.md). Lists each ended case whose dossier lacks something, and what; exit status 2
when any does (0 when every audited dossier is complete).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections.abc import Callable

from mediator_app.errors import UserFacingError


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    audit = commands.add_parser(
        "audit-dossiers",
        parents=[common],
        help="审查已办结案件的卷宗是否齐全（以案定补、归档前）",
        description="逐案列出卷宗缺少的材料：申请书或受理登记表、调解记录、签名盖章的协议书、回访记录、"
        "司法确认材料。依据的是本程序记录的办理情况和打印记录，看不到纸质卷宗本身。",
    )
    audit.add_argument("--json", action="store_true", help="以 JSON 输出（每案一项）")
    audit.add_argument(
        "--from", dest="start", type=day, metavar="日期", help="只审查此日及以后办结的案件，如 2026-01-01"
    )
    audit.add_argument("--to", dest="end", type=day, metavar="日期", help="只审查此日及以前办结的案件")
    audit.add_argument("--all", action="store_true", help="也列出卷宗齐全的案件")


def day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应写成 2026-01-31 的形式，现为“{text}”") from None


def cmd_audit(args: argparse.Namespace) -> int:
    from mediator_app.cli.stats_source import opened_for_statistics
    from mediator_app.cli.table import format_table
    from mediator_app.services.dossier_audit import as_json, audit_dossiers

    if args.start and args.end and args.start > args.end:
        raise UserFacingError("起始日期晚于截止日期")
    with opened_for_statistics(args) as db:
        results = audit_dossiers(db, args.start, args.end)
    incomplete = [r for r in results if not r.complete]
    shown = results if args.all else incomplete
    if args.json:
        print(json.dumps(as_json(shown), ensure_ascii=False, indent=1))
    else:
        rows = [[r.facts.number, r.facts.mediator, "；".join(r.lacks) or "齐全"] for r in shown]
        for line in format_table(("案件编号", "调解员", "缺少"), rows):
            print(line)
        print(f"审查已办结案件 {len(results)} 件，卷宗不全 {len(incomplete)} 件。")
    return 2 if incomplete else 0


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {"audit-dossiers": cmd_audit}
