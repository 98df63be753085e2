"""`mediator-cli export platform --from DATE --to DATE -o FILE.xlsx [--codes FILE] [--master FILE]
[--allow-incomplete]`: the cases closed in the period as the provincial platform's batch-import sheet
(docs/platform-export.md). What cannot be mapped is listed per case first; the file is written only
when everything maps, or with `--allow-incomplete` (the problems then go into the file as well).
Exit status 2 when something could not be mapped."""

from __future__ import annotations

import argparse
from pathlib import Path

from mediator_app.cli.audit_commands import day
from mediator_app.errors import UserFacingError

PLATFORM = "platform"
SHOWN = 30  # problems printed on the terminal; all of them are in the file with --allow-incomplete


def add_arguments(exporter: argparse.ArgumentParser) -> None:
    """The platform export's options on `export` (`export platform …`; `export NUMBER` is one case)."""
    group = exporter.add_argument_group("平台导出（mediator-cli export platform）")
    group.add_argument("--from", dest="start", type=day, metavar="日期", help="办结日期起，如 2025-01-01")
    group.add_argument("--to", dest="end", type=day, metavar="日期", help="办结日期止，如 2025-12-31")
    group.add_argument("--codes", type=Path, metavar="文件", help="本地平台代码文件（默认用内置的推测代码表）")
    group.add_argument("--master", type=Path, metavar="文件", help="调委会、调解员、调解工作室的平台编码设置（JSON）")
    group.add_argument(
        "--allow-incomplete", action="store_true", help="有未能对应的内容时也写出文件（相应单元格留空并列明）"
    )


def cmd_platform(args: argparse.Namespace) -> int:
    from mediator_app.cli.stats_source import opened_for_statistics
    from mediator_app.services import platform_export as pe

    if args.start is None or args.end is None:
        raise UserFacingError("平台导出须指定 --from 和 --to（办结日期范围）")
    out = Path(args.output)
    if out.suffix.lower() != ".xlsx":
        raise UserFacingError(f"输出文件“{out.name}”的扩展名应为 .xlsx")
    codes, master = pe.load_codes(args.codes), pe.load_master(args.master)
    with opened_for_statistics(args) as db:
        export = pe.prepare(db, args.start, args.end, codes, master)
        for setting in export.settings:
            print(f"未能对应（全部案件）：{setting}")
        for number, problem in export.problems[:SHOWN]:
            print(f"未能对应：{number}　{problem}")
        if len(export.problems) > SHOWN:
            print(f"……共 {len(export.problems)} 处未能对应。")
        if not export.complete and not args.allow_incomplete:
            print(f"未写出文件。请补全编码设置（{pe.default_master_path()}，格式如 {pe.MASTER_EXAMPLE}）或案件信息，")
            print("或加 --allow-incomplete 写出（相应单元格留空，未能对应的内容另列一表）。")
            return 2
        out.write_bytes(pe.workbook(db, export))
    print(
        f"已写出 {len(export.rows)} 件（{args.start.isoformat()}至{args.end.isoformat()}办结，代码表{codes.version}）：{out}"
    )
    return 0 if export.complete else 2
