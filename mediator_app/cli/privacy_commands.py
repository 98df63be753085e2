"""`mediator-cli audit verify` (services/audit.py), `pipl report` and `pipl retention` (services/privacy.py).

`audit verify`: exit status 0 when the chain is whole and matches its checkpoint, 2 when a link is
broken or the newest rows are missing (the first problem is named in Chinese), like every expected
problem. `pipl report --id 证件号码 -o 报告.pdf`: everything held about one person, as a PDF, for an
access request (PIPL Art. 45); the making of the report is recorded in the audit trail. `pipl retention`:
the archived dossiers past their 保管期限, listed for the director; nothing is deleted. `encrypt`: a
plain database file becomes an encrypted one (services/encryption.py), the plain file kept until
`encrypt --discard-unencrypted` after the user checked the encrypted one opens.
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

    pipl = commands.add_parser(
        "pipl", parents=[common], help="个人信息（查阅报告）", description="个人信息保护法规定的查阅请求。"
    )
    duties = pipl.add_subparsers(dest="subcommand", metavar="操作", title="操作", required=True)
    report = duties.add_parser(
        "report",
        parents=[common],
        help="按证件号码生成本人的个人信息查阅报告（PDF）",
        description="列出本委员会保存的、与该证件号码有关的全部个人信息（只含本人的信息），生成 PDF，并记入审计记录。",
    )
    report.add_argument("--id", required=True, metavar="证件号码", dest="id_number", help="本人的证件号码")
    report.add_argument("-o", "--output", required=True, metavar="文件.pdf", help="写入的 PDF 文件")

    duties.add_parser(
        "retention",
        parents=[common],
        help="列出已过保管期限的卷宗，供调委会主任决定",
        description="列出已结案归档、自归档之日起已超过保管期限（10年、30年；永久的除外）的卷宗。程序不删除任何卷宗。",
    )

    encrypt = commands.add_parser(
        "encrypt",
        parents=[common],
        help="加密已有的数据文件（原文件保留，确认后再删除）",
        description="把未加密的数据文件转为加密文件：密钥保存在系统密码保管服务中（没有时需要口令，脚本用环境变量"
        " MEDIATOR_PASSPHRASE 提供），并显示一次恢复码。核对无误后才替换，未加密的原文件另名保留；"
        "确认加密文件能正常打开后，用 --discard-unencrypted 删除它。",
    )
    encrypt.add_argument(
        "--discard-unencrypted", action="store_true", help="删除加密时保留的未加密原文件（确认加密文件能正常打开之后）"
    )


def cmd_encrypt(args: argparse.Namespace) -> int:
    import os

    from mediator_app.cli.commands import db_path, opened
    from mediator_app.services import encryption
    from mediator_app.services.keys import PASSPHRASE_ENV

    path = db_path(args)
    if args.discard_unencrypted:
        with opened(path, create=False) as db:
            gone = encryption.discard_plain_copies(db, path)
        print(f"已删除 {len(gone)} 个未加密的原文件。" if gone else "没有需要删除的未加密原文件。")
        return 0
    with opened(path, create=False) as db:
        made = encryption.encrypt(db, path, os.environ.get(PASSPHRASE_ENV) or None)
    where = "系统密码保管服务" if made.in_keyring else "口令"
    print(f"数据文件已加密并核对（{made.rows} 条记录），密钥由{where}保管。")
    print(f"未加密的原文件保留为：{made.plain_copy}")
    print("请确认程序能正常打开加密后的数据文件，再用 mediator-cli encrypt --discard-unencrypted 删除它；")
    print("以前的备份没有加密，请一并妥善处理。")
    print("恢复码（只显示这一次，请抄写或打印后交委员会保管）：")
    print(made.recovery_code)
    return 0


def cmd_pipl_retention(args: argparse.Namespace) -> int:
    import datetime as dt

    from mediator_app.cli.commands import db_location, opened
    from mediator_app.services import privacy

    with opened(db_location(args), create=False) as db:
        due = privacy.past_retention(db, dt.date.today())
    if not due:
        print("没有已过保管期限的卷宗。")
        return 0
    for d in due:
        print(
            f"{d.number}　{d.title or ''}　归档于 {d.archived_on.isoformat()}　保管期限 {d.retention}　{d.expired_on.isoformat()} 届满"
        )
    print(f"共 {len(due)} 卷已过保管期限，请调委会主任决定销毁、匿名化或继续保存。")
    return 0


def cmd_pipl_report(args: argparse.Namespace) -> int:
    import datetime as dt
    from pathlib import Path

    from mediator_app.cli.commands import db_location, opened
    from mediator_app.exchange.files import write_atomic
    from mediator_app.services import privacy

    with opened(db_location(args), create=False) as db:
        report, pdf = privacy.access_report_pdf(db, args.id_number, dt.date.today())
    write_atomic(Path(args.output), pdf)
    print(f"已生成个人信息查阅报告：{args.output}（涉及 {len(report.cases)} 件案件）")
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from mediator_app.cli.commands import db_location, opened
    from mediator_app.services import audit

    with opened(db_location(args), create=False) as db:
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
    "pipl report": cmd_pipl_report,
    "pipl retention": cmd_pipl_retention,
    "encrypt": cmd_encrypt,
}
