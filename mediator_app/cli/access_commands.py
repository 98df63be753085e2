"""Who a command acts as, and `mediator-cli user …` and `void` (docs/privacy.md).

A database without accounts keeps working as 本机用户 (an older file; a room that has not set up
accounts yet). Once an administrator exists every command acts as the account named by
`MEDIATOR_USER` / `MEDIATOR_PASSWORD` (scripts, CI), or asks for it on a terminal; without either it
is refused with a Chinese message, never run as nobody. `init` creates the administrator from the
same variables, or asks on a terminal.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from mediator_app.errors import UserFacingError

if TYPE_CHECKING:
    from mediator_app.domain.access import Actor
    from mediator_app.services.access import AccountInfo
    from mediator_app.services.printing import SqliteStore
    from mediator_app.storage.database import Database

USER_ENV = "MEDIATOR_USER"
PASSWORD_ENV = "MEDIATOR_PASSWORD"
NEW_PASSWORD_ENV = "MEDIATOR_NEW_PASSWORD"  # the password `user add` / `user reset` sets, for scripts
NEED_LOGIN = (
    f"此数据文件已设置账户，请用环境变量 {USER_ENV} 和 {PASSWORD_ENV} 指定以哪个账户执行命令"
    "（或在终端中运行，按提示输入用户名和密码）"
)


def _terminal() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def credentials() -> tuple[str, str] | None:
    """(user, password) from the environment, or asked on a terminal; None when neither is possible."""
    user, password = os.environ.get(USER_ENV, "").strip(), os.environ.get(PASSWORD_ENV, "")
    if user and password:
        return user, password
    if not _terminal():
        return None
    user = user or input("用户名：").strip()
    return user, getpass.getpass("密码：")


def log_in(db: Database) -> None:
    """Make the command act as the account named by the environment or the terminal (nothing to do on
    a file without accounts: 本机用户)."""
    from mediator_app.services import access

    if db.actor is not None:
        return
    given = credentials()
    if given is None:
        raise UserFacingError(NEED_LOGIN)
    access.login(db, *given)


def log_in_store(store: SqliteStore) -> None:
    """The same for the lean print path (sqlite3 only)."""
    if store.actor is not None:
        return
    given = credentials()
    if given is None:
        raise UserFacingError(NEED_LOGIN)
    store.login(*given)


def create_admin_at_init(db: Database) -> Actor | None:
    """At `init` on a file without accounts: the administrator from the environment or the terminal.
    None (the file stays without accounts, as 本机用户) when neither gives one: a script that sets no
    account keeps working, and the program's first start asks for the administrator."""
    from mediator_app.services import access, accounts

    if access.has_accounts(db):
        log_in(db)
        return None
    given = credentials()
    if given is None:
        print(
            f"提示：没有建立管理员账户（未设置 {USER_ENV} 和 {PASSWORD_ENV}）。"
            "在此之前命令行以“本机用户”身份执行；程序第一次启动时会要求先建立管理员账户。",
            file=sys.stderr,
        )
        return None
    user, password = given
    return accounts.create_first_admin(db, user, user, password)


def _new_password() -> str:
    password = os.environ.get(NEW_PASSWORD_ENV, "")
    if password:
        return password
    if not _terminal():
        raise UserFacingError(f"请用环境变量 {NEW_PASSWORD_ENV} 给出新密码，或在终端中运行按提示输入")
    first = getpass.getpass("新密码：")
    if getpass.getpass("再输入一次新密码：") != first:
        raise UserFacingError("两次输入的密码不一致，没有修改")
    return first


def _role(text: str) -> object:
    from mediator_app.domain.access import Role

    try:
        return Role(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"角色应为：{'、'.join(Role)}") from None


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    user = commands.add_parser(
        "user",
        parents=[common],
        help="管理账户（管理员）：建立、列出、重置密码、停用、启用、变更角色、变更所属调委会",
        description=f"管理账户（只有管理员可以）。以哪个账户执行由 {USER_ENV} 和 {PASSWORD_ENV} 指定；"
        f"新密码由 {NEW_PASSWORD_ENV} 给出，或在终端中输入。",
    )
    actions = user.add_subparsers(dest="action", metavar="操作", title="操作", required=True)
    add = actions.add_parser("add", parents=[common], help="建立账户", description="建立账户。")
    add.add_argument("login", metavar="用户名")
    add.add_argument("--name", required=True, metavar="姓名", help="显示的姓名，如 马德明")
    add.add_argument(
        "--role", required=True, type=_role, metavar="角色", help="管理员、调委会主任、调解员、记录人/统计员"
    )
    add.add_argument(
        "--committee", metavar="调委会", help="所属调委会的字号或名称（调解中心有多个调委会时）；不填为“全中心”"
    )
    actions.add_parser("list", parents=[common], help="列出账户", description="列出全部账户。")
    moved = actions.add_parser(
        "committee", parents=[common], help="变更所属调委会", description="把账户调到另一个调委会，或“全中心”。"
    )
    moved.add_argument("login", metavar="用户名")
    moved.add_argument("committee", metavar="调委会", help="字号、名称，或“全中心”")
    for name, text in (("reset", "重置密码（同时解除锁定）"), ("lock", "停用账户"), ("unlock", "启用账户并解除锁定")):
        sub = actions.add_parser(name, parents=[common], help=text, description=f"{text}。")
        sub.add_argument("login", metavar="用户名")
    role = actions.add_parser("role", parents=[common], help="变更角色", description="变更账户的角色。")
    role.add_argument("login", metavar="用户名")
    role.add_argument("role", type=_role, metavar="角色")
    void = commands.add_parser(
        "void",
        parents=[common],
        help="作废登记错误或重复登记的案件（案件保留，显示为已作废）",
        description="作废尚未受理的案件（登记错误、重复登记）。案件不删除，保留备查；需写明理由，记入操作记录。",
    )
    void.add_argument("number", metavar="案件编号", help="如“（2026）桃源村调字第12号”，也可简写为 2026-12")
    void.add_argument("--reason", required=True, metavar="理由", help="如 重复登记")


def cmd_user(args: argparse.Namespace) -> int:
    from mediator_app.cli.commands import db_location, opened
    from mediator_app.cli.committee_commands import committee_id
    from mediator_app.services import accounts
    from mediator_app.services.committees import committee_names

    with opened(db_location(args), create=False) as db:
        if args.action == "list":
            _print_accounts(accounts.list_accounts(db), committee_names(db))
            return 0
        if args.action == "add":
            home = committee_id(db, args.committee)
            made = accounts.add_account(db, args.login, args.name, args.role, _new_password(), home)
            where = "" if home is None else f"，{committee_names(db)[home]}"
            print(f"已建立账户：{made.login}（{made.display_name}，{made.role}{where}）")
        elif args.action == "committee":
            home = committee_id(db, args.committee)
            accounts.set_committee(db, args.login, home)
            where = "全中心" if home is None else committee_names(db)[home]
            print(f"已把“{args.login}”调到：{where}")
        elif args.action == "reset":
            accounts.reset_password(db, args.login, _new_password())
            print(f"已重置“{args.login}”的密码")
        elif args.action in ("lock", "unlock"):
            accounts.set_active(db, args.login, args.action == "unlock")
            print(f"已{'启用' if args.action == 'unlock' else '停用'}账户“{args.login}”")
        else:
            accounts.set_role(db, args.login, args.role)
            print(f"已把“{args.login}”的角色改为{args.role}")
    return 0


def _print_accounts(rows: list[AccountInfo], names: dict[int, str]) -> None:
    from mediator_app.cli.table import format_table

    lines = []
    for row in rows:
        state = "停用" if not row.active else ("锁定中" if row.locked_until is not None else "正常")
        where = "全中心" if row.committee_id is None else names.get(row.committee_id, "")
        lines.append([row.login, row.display_name, row.role.value, where, state])
    print("\n".join(format_table(["用户名", "姓名", "角色", "所属调委会", "状态"], lines)))


def cmd_void(args: argparse.Namespace) -> int:
    from mediator_app.cli.commands import db_location, find_case, opened
    from mediator_app.services import cases

    with opened(db_location(args), create=False) as db:
        case = find_case(db, args.number)
        assert case.id is not None
        number = cases.void_case(db, case.id, args.reason)
    print(f"已作废：{number}（案件保留，显示为“已作废”）")
    return 0


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {"user": cmd_user, "void": cmd_void}
