"""`mediator-cli audit verify`: the audit trail's check from the command line (services/audit.py).

Exit status 0 when the chain is whole and matches its checkpoint, 2 when a link is broken or the
newest rows are missing (the first problem is named in Chinese), like every expected problem.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    audit = commands.add_parser(
        "audit", parents=[common], help="审计记录（核对是否被改动）", description="审计记录：核对链条与检查点。"
    )
    actions = audit.add_subparsers(dest="subcommand", metavar="操作", title="操作", required=True)
    actions.add_parser(
        "verify",
        parents=[common],
        help="核对审计记录有没有被改动、插入、调换或删除",
        description="逐条核对审计记录的哈希链，并与数据文件旁的检查点比对；发现问题时指出第一处断开的位置。",
    )


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from mediator_app.cli.commands import db_path, opened
    from mediator_app.services import audit

    with opened(db_path(args), create=False) as db:
        report = audit.verify(db)
    if report.ok:
        print(report.summary())
        return 0
    print(f"审计记录有问题（共核对 {report.rows} 条）：")
    for problem in report.problems:
        print(f"- {problem}")
    return 2


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "audit verify": cmd_audit_verify,
}
