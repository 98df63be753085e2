"""`mediator-cli committee add|list`: the committees of one centre database (the township committee,
village committees, professional committees), and how a command names one (`--committee` of `user
add`): by its 字号, its full name or its number in `committee list` (docs/centre.md, "Several
committees in one database").
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

from mediator_app.domain.access import OWN_COMMITTEE_ONLY, PermissionDenied
from mediator_app.errors import UserFacingError

if TYPE_CHECKING:
    from mediator_app.storage.database import Database

CENTRE_WIDE_WORDS = ("全中心", "中心")


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    committee = commands.add_parser(
        "committee",
        parents=[common],
        help="调解中心的调委会：新增、列出（多个调委会共用一个服务器数据库时）",
        description="一个调解中心的服务器上可以有多个调委会（乡镇调委会、村调委会、行业性专业调委会）。"
        "每个调委会有自己的字号和案件编号；新增调委会需全中心账户（不属于某一个调委会的管理员或中心主任）。",
    )
    actions = committee.add_subparsers(dest="action", metavar="操作", title="操作", required=True)
    add = actions.add_parser("add", parents=[common], help="新增调委会", description="新增一个调委会。")
    add.add_argument("--name", required=True, metavar="名称", help="如 青山镇道路交通事故纠纷人民调解委员会")
    add.add_argument(
        "--short", required=True, metavar="字号", help="案件编号中的字号，如 青山交调（不能与其他调委会相同）"
    )
    add.add_argument("--address", default="", metavar="地址")
    add.add_argument("--phone", default="", metavar="电话")
    add.add_argument("--court", default="", metavar="法院", help="司法确认的基层人民法院")
    actions.add_parser("list", parents=[common], help="列出调委会", description="列出本数据库的全部调委会。")


def cmd_committee(args: argparse.Namespace) -> int:
    from mediator_app.cli.commands import db_location, opened
    from mediator_app.domain.model import Committee
    from mediator_app.services import committees

    with opened(db_location(args), create=False) as db:
        if args.action == "list":
            _print_committees(db)
            return 0
        made = committees.add_committee(
            db,
            Committee(name=args.name, short_name=args.short, address=args.address, phone=args.phone, court=args.court),
        )
    print(f"已新增调委会：{made.name}（字号：{made.short_name}，编号 {made.id}）")
    return 0


def _print_committees(db: Database) -> None:
    from mediator_app.cli.table import format_table
    from mediator_app.services import committees

    rows = [[str(c.id), c.short_name, c.name, c.address, c.phone] for c in committees.list_committees(db)]
    print("\n".join(format_table(["编号", "字号", "名称", "地址", "电话"], rows)))


def committee_id(db: Database, text: str | None) -> int | None:
    """The committee `--committee` names (字号, name or number); None for 全中心 or when not given. A
    person of one committee asking for 全中心 is refused as for another committee: the whole centre's
    figures are not theirs, and answering with their own committee's would be a silent substitute."""
    from mediator_app.services import committees
    from mediator_app.services.access import actor_committee

    wanted = (text or "").strip()
    if not wanted:
        return None
    every = committees.list_committees(db)
    if wanted in CENTRE_WIDE_WORDS:
        if actor_committee(db) is not None and len(every) > 1:
            raise PermissionDenied(OWN_COMMITTEE_ONLY)
        return None
    for committee in every:
        if wanted in (committee.short_name, committee.name, str(committee.id)):
            return committee.id
    known = "、".join(c.short_name for c in every)
    raise UserFacingError(
        f"没有调委会“{wanted}”。可用的字号：{known}，或“全中心”（mediator-cli committee list 列出全部）"
    )


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {"committee": cmd_committee}
