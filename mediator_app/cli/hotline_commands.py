"""`mediator-cli hotline import FILE [--dry-run]` and `mediator-cli hotline replies --from DATE --to DATE
-o FILE.xlsx`: 12345 work orders from the command line (docs/hotline.md).

`import` prints the preview, one masked line per row (新增 / 更新 / 无变化 / 错误 with the reasons), then
imports the file in one transaction unless `--dry-run`; exit status 2 when a row has an error (the
other rows are imported). `replies` writes the replies signed off in the period as the platform's import
file; those not sent before are frozen from then on.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from mediator_app.errors import UserFacingError


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    hotline = commands.add_parser(
        "hotline",
        parents=[common],
        help="12345热线工单：导入平台导出文件、导出办理回复",
        description="导入12345热线平台导出的工单（XLSX 或 CSV），或把已审签的办理回复导出为平台导入文件。",
    )
    subs = hotline.add_subparsers(dest="subcommand", metavar="操作", title="操作", required=True)
    load = subs.add_parser(
        "import",
        parents=[common],
        help="导入工单（先列出每行将如何处理）",
        description="读取平台导出文件，列出每一行是新增、更新、无变化还是有错误（写明行号和列名），再一次性导入。",
    )
    load.add_argument("file", type=Path, metavar="文件", help="平台导出的 .xlsx 或 .csv 文件")
    load.add_argument("--dry-run", action="store_true", help="只列出将如何处理，不写入")
    out = subs.add_parser(
        "replies",
        parents=[common],
        help="导出办理回复（平台导入用的 XLSX）",
        description="把审签日期在所给期间内的工单回复写成平台导入用的 XLSX；导出即视为已报送，回复随即冻结。",
    )
    out.add_argument(
        "--from",
        dest="first",
        type=dt.date.fromisoformat,
        required=True,
        metavar="日期",
        help="起始日期，如 2026-11-01",
    )
    out.add_argument(
        "--to",
        dest="last",
        type=dt.date.fromisoformat,
        required=True,
        metavar="日期",
        help="结束日期（含），如 2026-11-30",
    )
    out.add_argument("-o", "--output", type=Path, required=True, metavar="文件", help="写入的 .xlsx 文件")


def cmd_import(args: argparse.Namespace) -> int:
    from mediator_app.cli.commands import db_location, opened
    from mediator_app.services.hotline.importing import RowKind, import_file, preview_file

    path: Path = args.file
    if not path.is_file():
        raise UserFacingError(f"找不到文件“{path}”")
    with opened(db_location(args), create=False) as db:
        preview = preview_file(db, path) if args.dry_run else import_file(db, path)
    for line in preview.lines:
        print(f"第{line.row}行　{line.kind.value}　{line.text}")
    print(preview.summary())
    print("（试运行，未写入）" if args.dry_run else "已导入。")
    return 2 if preview.count(RowKind.ERROR) else 0


def cmd_replies(args: argparse.Namespace) -> int:
    from mediator_app.cli.commands import db_location, opened
    from mediator_app.services.hotline.replies import export_replies

    out: Path = args.output
    if out.suffix.lower() != ".xlsx":
        raise UserFacingError(f"输出文件“{out.name}”的扩展名应为 .xlsx")
    with opened(db_location(args), create=False) as db:
        data, count = export_replies(db, args.first, args.last)
    out.write_bytes(data)
    print(f"已写入{args.first:%Y-%m-%d}至{args.last:%Y-%m-%d}的12345工单回复{count}条：{out}")
    return 0


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "hotline import": cmd_import,
    "hotline replies": cmd_replies,
}
