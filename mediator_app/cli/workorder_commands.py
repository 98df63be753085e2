"""`mediator-cli workorders [--overdue] [--json] [-o FILE.xlsx]`: the work orders sent to other units
(工作联系单/协办函, docs/linkage.md) across all cases: open ones first by due date, with their status
(待回复 / 已逾期N天 / 已回复); `--overdue` only those past their due date without a reply; `--json` for
scripts; `-o` writes the XLSX export (audited). Matters and replies are masked (PIPL Art. 51).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

from mediator_app.errors import UserFacingError

SHOWN_CHARS = 24  # of the matter, in the table view


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    sub = commands.add_parser(
        "workorders",
        parents=[common],
        help="列出发给其他单位的工作联系单（协办函）",
        description="列出各案件发给派出所、国土所、劳动监察等单位的工作联系单：未回复的在前，按回复期限排列，"
        "写明状态（待回复、已逾期、已回复）。",
    )
    sub.add_argument("--overdue", action="store_true", help="只列已过回复期限、仍未回复的")
    sub.add_argument("--json", action="store_true", help="以 JSON 输出（供脚本使用）")
    sub.add_argument("-o", "--output", metavar="文件", help="另存为 Excel 文件（.xlsx）")


def cmd_workorders(args: argparse.Namespace) -> int:
    from mediator_app.cli.commands import db_location, opened
    from mediator_app.services import workorders

    today = dt.date.today()
    out = Path(args.output) if args.output else None
    if out is not None and out.suffix.lower() != ".xlsx":
        raise UserFacingError(f"输出文件“{out.name}”的扩展名应为 .xlsx")
    with opened(db_location(args), create=False) as db:
        lines = workorders.work_order_lines(db, today, overdue_only=args.overdue)
        data = workorders.export_xlsx(db, today, overdue_only=args.overdue) if out is not None else None
    if out is not None and data is not None:
        out.write_bytes(data)
    if args.json:
        rows = [dict(zip(workorders.EXPORT_HEADER, row, strict=True)) for row in workorders.export_rows(lines)]
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    if not lines:
        print("没有已逾期的工作联系单。" if args.overdue else "还没有发出过工作联系单。")
    for line in lines:
        matter = workorders.export_rows([line])[0][4]
        short = str(matter)[:SHOWN_CHARS] + ("…" if len(str(matter)) > SHOWN_CHARS else "")
        print(f"{line.number}　致{line.order.unit}　回复期限 {line.order.due_on.isoformat()}　{line.status}　{short}")
    if out is not None:
        print(f"已写入 {len(lines)} 份工作联系单：{out}")
    return 0


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {"workorders": cmd_workorders}
