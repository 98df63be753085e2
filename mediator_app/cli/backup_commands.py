"""`mediator-cli backup`, `restore` and `verify`: the backup service from the command line.

Scripts (a scheduled task at night, a USB stick before a trip) back up without prompts; a restore
checks the backup first and keeps a safety copy of the current file (services/backup.py).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from mediator_app.errors import UserFacingError


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    backup = commands.add_parser(
        "backup",
        parents=[common],
        help="备份数据文件（检查无误后保存，保留最近的若干份）",
        description="用 SQLite 在线备份方式备份数据文件到其旁边的 backups 文件夹，写完后逐表核对；"
        "可以再复制一份到另一个文件夹（如U盘）。",
    )
    backup.add_argument("--to", metavar="文件夹", help="另存一份到这个文件夹（如U盘）")
    restore = commands.add_parser(
        "restore",
        parents=[common],
        help="用备份文件恢复数据（先检查备份，并保留当前数据的安全副本）",
        description="先检查备份文件是否完好，再把当前数据另存为安全副本，然后用备份替换当前数据。",
    )
    restore.add_argument("file", metavar="备份文件", help="要恢复的备份文件")
    verify = commands.add_parser(
        "verify",
        parents=[common],
        help="检查一个备份文件是否完好",
        description="检查备份文件：完整性、数据库版本、各表记录数。",
    )
    verify.add_argument("file", metavar="备份文件", help="要检查的备份文件")


def _may_back_up(path: Path) -> str:
    """The person the command acts as, who may back up and restore (docs/privacy.md), as the audit rows
    name them: checked on the opened database, closed again before the file is copied."""
    from mediator_app.cli.commands import opened
    from mediator_app.domain.access import Permission
    from mediator_app.services.access import require

    with opened(path, create=False) as db:
        return require(db, Permission.BACKUP).audit_name


def _size(path: Path) -> str:
    return f"{path.stat().st_size / 1_048_576:.1f} MB"


def cmd_backup(args: argparse.Namespace) -> int:
    from mediator_app.cli.commands import db_path
    from mediator_app.services import backup

    source = db_path(args)
    if not source.is_file():
        raise UserFacingError(f"找不到数据文件“{source}”，无法备份")
    actor = _may_back_up(source)
    result = backup.make_backup(source, "manual", also_to=Path(args.to) if args.to else None, actor=actor)
    made = result.made
    print(f"已备份并核对：{made.path}（{made.cases} 件案件，{_size(made.path)}）")
    if result.extra is not None:
        print(f"另存一份并核对：{result.extra.path}")
    if result.extra_problem:
        print(f"提示：{result.extra_problem}")
        return 2
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from mediator_app.cli.commands import db_path
    from mediator_app.domain.access import LOCAL_ACTOR
    from mediator_app.services import backup

    actor = LOCAL_ACTOR.audit_name  # no file to log in on: the backup becomes the database
    if db_path(args).is_file():
        backup.verify_backup(Path(args.file), db_path(args))  # a bad file is refused before anyone logs in
        actor = _may_back_up(db_path(args))
    restored, safety = backup.restore(db_path(args), Path(args.file), actor=actor)
    print(f"已恢复：{restored.cases} 件案件，来自 {args.file}")
    print(f"恢复前的数据已另存为：{safety}")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from mediator_app.cli.commands import db_path
    from mediator_app.services import backup

    checked = backup.verify_backup(Path(args.file), db_path(args))
    print(
        f"备份文件完好：{checked.path}（数据库版本 {checked.revision}，{checked.cases} 件案件，{sum(checked.rows.values())} 条记录）"
    )
    return 0


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "backup": cmd_backup,
    "restore": cmd_restore,
    "verify": cmd_verify,
}
