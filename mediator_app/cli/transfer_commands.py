"""`mediator-cli transfer --from … --to …`: move a whole database (a village room's SQLite file into the
township centre's PostgreSQL database, or back), every row kept, verified by counts and checksums;
one transaction on the target, so an interrupted transfer is simply run again (storage/copy_db.py,
docs/centre.md).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from mediator_app.errors import UserFacingError

TABLE_NAMES = {
    "committee": "委员会",
    "mediator": "调解员",
    "case_counter": "案件编号计数",
    "dispute_case": "案件",
    "case_mediator": "案件的调解员",
    "party": "当事人",
    "representative": "代理人",
    "agreement": "调解协议",
    "agreement_term": "协议条款",
    "case_procedure": "办理情况",
    "step_record": "办理记录",
    "return_visit": "回访记录",
    "visit_term_check": "回访核对的条款",
    "transition_log": "办理阶段历史",
    "audit_log": "操作日志",
}


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    transfer = commands.add_parser(
        "transfer",
        parents=[common],
        help="把整个数据库迁入另一个数据库（如把村调委会的数据文件迁入调解中心的服务器）",
        description="逐表复制全部数据（案件、当事人、协议、办理记录、操作日志等，编号与记录不变），"
        "写完后核对每张表的记录数和校验值。目标数据库必须是新建的空库；中途中断不会留下半份数据，重新运行即可。",
    )
    transfer.add_argument(
        "--from", dest="source", required=True, metavar="来源", help="数据文件，或 postgresql://… 地址"
    )
    transfer.add_argument(
        "--to", dest="target", required=True, metavar="目标", help="postgresql://… 地址，或新的数据文件"
    )


def _location(text: str) -> Path | str:
    from mediator_app.paths import is_server_url

    return text.strip() if is_server_url(text) else Path(text).expanduser()


def cmd_transfer(args: argparse.Namespace) -> int:
    from mediator_app.services.cases import open_database
    from mediator_app.storage import copy_db

    source, target = _location(args.source), _location(args.target)
    if isinstance(source, Path) and not source.is_file():
        raise UserFacingError(f"找不到来源数据文件“{source}”")
    if str(source) == str(target):
        raise UserFacingError("来源和目标是同一个数据库")
    src = open_database(source)
    try:
        dst = open_database(target)
        try:
            result = copy_db.copy_database(src.engine, dst.engine)
        except copy_db.TargetNotEmpty as exc:
            held = "、".join(f"{TABLE_NAMES.get(t, t)} {n} 条" for t, n in exc.counts.items())
            raise UserFacingError(
                f"目标数据库“{dst.description}”中已有其他数据（{held}），没有写入任何内容。请指定新建的空数据库"
            ) from None
        except copy_db.CopyMismatch as exc:
            raise UserFacingError(
                f"迁移后核对不一致（{'、'.join(exc.tables)}），请勿使用目标数据库，并把这条信息告诉技术人员"
            ) from None
        finally:
            dst.close()
        where = dst.description
    finally:
        src.close()
    if result.already_done:
        print(f"目标数据库“{where}”已含有完全相同的数据（以前已迁移完成），这次没有写入。")
    else:
        print(f"已迁移到：{where}")
    for table, sums in result.sums.items():
        print(f"  {TABLE_NAMES.get(table, table)}（{table}）：{sums.rows} 条，校验值 {sums.sha256[:16]}… 一致")
    return 0


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {"transfer": cmd_transfer}
