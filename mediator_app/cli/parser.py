"""The command line's argparse parser, with Chinese help and Chinese argparse messages.

argparse builds its own texts ("usage:", "the following arguments are required") through the
module-level `argparse._` (gettext). There is no catalogue for them, so `chinese_argparse()` puts a
translating function there while the parser is built and used, and restores the original after.
Messages not in the table stay English rather than break.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from mediator_app import __version__
from mediator_app.errors import ValidationError

PROG = "mediator-cli"
MAX_DEMO_CASES = 200_000

_ZH = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "the following arguments are required: %s": "缺少必填参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项 %(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "无效的值：%(value)r",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多需要一个值",
    "expected at least one argument": "至少需要一个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是：%(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "忽略了多余的值 %r",
    "unexpected option string: %s": "意外的选项：%s",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
}


def _translate(message: str) -> str:
    return _ZH.get(message, message)


@contextmanager
def chinese_argparse() -> Iterator[None]:
    original = argparse._  # type: ignore[attr-defined]
    argparse._ = _translate  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = original  # type: ignore[attr-defined]


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为整数，现为“{text}”") from None
    if not 1 <= value <= MAX_DEMO_CASES:
        raise argparse.ArgumentTypeError(f"应在1至{MAX_DEMO_CASES}之间")
    return value


def _limit(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为整数，现为“{text}”") from None
    if not 1 <= value <= 1000:
        raise argparse.ArgumentTypeError("应在1至1000之间")
    return value


def _special_groups(text: str) -> tuple[str, ...]:
    from mediator_app.domain.statistics import special_groups_from  # only the commands taking --special-groups read it

    try:
        return special_groups_from(text)
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(exc.errors[0].message) from None


def _seed(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为整数，现为“{text}”") from None


def _db_options() -> argparse.ArgumentParser:
    # SUPPRESS as default: the value given before or after the subcommand wins, and an absent
    # --db leaves no attribute, so the environment variable and the default folder apply.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        metavar="文件",
        default=argparse.SUPPRESS,
        help="数据文件（默认：环境变量 MEDIATOR_DB，否则为用户数据文件夹中的 mediation.sqlite3）",
    )
    common.add_argument(
        "--stats-db",
        metavar="地址",
        default=argparse.SUPPRESS,
        help="统计用的只读热备库 postgresql://…（报表、以案定补、平台导出从它读取；默认：环境变量 MEDIATOR_STATS_DB）",
    )
    return common


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """Build the parser; call inside `chinese_argparse()` so that argparse's own words are Chinese.

    Given the command line it will parse (`argv`, else ``sys.argv[1:]``), a `render` of a named document
    gets the parser of that document alone (`_named_document`), without the other commands and their
    modules (a print is a process of its own: docs/tech-notes.md, "The print command"); otherwise every
    command and every document.
    """
    document = _named_document(sys.argv[1:] if argv is None else argv)
    common = _db_options()
    parser = argparse.ArgumentParser(
        prog=PROG,
        parents=[common],
        description="调解工作台命令行：建立数据文件、生成演示数据、查看、导入导出案件、打印协议书。",
        epilog="例如：mediator-cli --db 调解.sqlite3 list",
    )
    parser.add_argument("-V", "--version", action="version", version=f"{PROG} {__version__}", help="显示版本号并退出")
    commands = parser.add_subparsers(dest="command", metavar="命令", title="命令", required=True)
    if document is not None:
        _render_parsers(commands, common, document)
        return parser
    from mediator_app.cli import (
        access_commands,
        audit_commands,
        backup_commands,
        committee_commands,
        hotline_commands,
        platform_commands,
        privacy_commands,
        report_commands,
        transfer_commands,
        workorder_commands,
    )

    init = commands.add_parser(
        "init",
        parents=[common],
        help="建立数据文件并设置人民调解委员会",
        description="建立数据文件并设置人民调解委员会。",
    )
    init.add_argument("--committee", required=True, metavar="名称", help="委员会全称，如 青山镇桃源村人民调解委员会")
    init.add_argument("--short", required=True, metavar="简称", help="用于案件编号的简称，如 桃源村")
    init.add_argument("--address", metavar="地址", help="委员会地址")
    init.add_argument("--court", metavar="法院", help="辖区基层人民法院或人民法庭（司法确认用）")
    init.add_argument("--force", action="store_true", help="已设置委员会时，用新的名称和地址覆盖（案件不受影响）")
    init.add_argument(
        "--encrypt",
        action="store_true",
        help="新建加密的数据文件：密钥保存在系统密码保管服务中；没有时用环境变量 MEDIATOR_PASSPHRASE 的口令。"
        "会显示一次恢复码，请打印后放入保险柜",
    )

    demo = commands.add_parser(
        "demo",
        parents=[common],
        help="生成演示案件",
        description="生成演示案件（内容虚构，用于试用和培训）。没有委员会时建立一个演示委员会。",
    )
    demo.add_argument("--cases", type=_count, default=20, metavar="N", help="案件数量（默认 20）")
    demo.add_argument("--seed", type=_seed, default=1, metavar="S", help="随机种子，相同种子生成相同案件（默认 1）")
    demo.add_argument("--force", action="store_true", help="数据文件中已有案件时仍然添加演示案件")

    lister = commands.add_parser("list", parents=[common], help="列出案件", description="列出全部案件，最新的在前。")
    lister.add_argument("--json", action="store_true", help="以 JSON 格式输出（供脚本使用）")

    searcher = commands.add_parser(
        "search",
        parents=[common],
        help="查找案件（编号、姓名、电话、身份证号、住址、事实、记录、协议）",
        description="按案件编号、当事人姓名或名称、电话或证件号码片段、住址、纠纷事实、调查和调解记录、协议条款查找案件。"
        "空格分开的几个词须同时符合。一个字只查姓名的首字或末字；两个字及以上查全部内容。"
        "身份证号码和电话只显示部分数字。",
    )
    searcher.add_argument("query", nargs="+", metavar="查找内容", help="如 刘䶮、2026-12、调字第12、0905、漏水")
    searcher.add_argument("--limit", type=_limit, default=20, metavar="N", help="最多列出多少件（默认 20）")
    searcher.add_argument("--json", action="store_true", help="以 JSON 格式输出（供脚本使用）")

    importer = commands.add_parser(
        "import",
        parents=[common],
        help="从案件文件（JSON）导入一个案件",
        description="导入案件文件，登记为本委员会的新案件（重新编号）。文件有任何错误时不导入。",
    )
    importer.add_argument("file", metavar="文件.json", help="案件文件")
    importer.add_argument(
        "--committee",
        metavar="调委会",
        help="登记到哪个调委会（字号、名称或编号；调解中心有多个调委会时，由全中心账户选择）；不填为本人所在的调委会",
    )
    importer.add_argument(
        "--special-groups",
        type=_special_groups,
        default=(),
        metavar="群体",
        help="当事人属于的特殊群体（优先办理），用顿号或逗号隔开：老年人、残疾人、重病患者、孕产妇（孕妇）、未成年人、低收入群体",
    )

    exporter = commands.add_parser(
        "export",
        parents=[common],
        help="把一个案件导出为案件文件（JSON）",
        description="把一个案件导出为案件文件（JSON，UTF-8）。",
    )
    exporter.add_argument(
        "number",
        metavar="案件编号",
        help="如“（2026）桃源村调字第12号”，也可简写为 2026-12；platform：导出平台批量导入表",
    )
    exporter.add_argument("-o", "--output", required=True, metavar="文件.json", help="写入的文件")
    platform_commands.add_arguments(exporter)

    commands.add_parser(
        "forms",
        parents=[common],
        help="列出可以生成的文书（格式名称与中文名称）",
        description="列出全部文书格式：格式名称、中文名称、版本，以及是否使用本委员会自己的格式文件。",
    )
    _render_parsers(commands, common)
    backup_commands.add_parsers(commands, common)
    report_commands.add_parsers(commands, common)
    access_commands.add_parsers(commands, common)
    committee_commands.add_parsers(commands, common)
    privacy_commands.add_parsers(commands, common)
    transfer_commands.add_parsers(commands, common)
    audit_commands.add_parsers(commands, common)
    workorder_commands.add_parsers(commands, common)
    hotline_commands.add_parsers(commands, common)
    return parser


_FIXED_DOCUMENTS = ("agreement", "dossier", "confirmation")


def _named_document(argv: Sequence[str]) -> str | None:
    """The document of a `render DOCUMENT …` command line, when it is one the parser offers and no help
    is asked for; else None. A print command is a process of its own: building the parsers of all
    twenty documents, with every form file read for its title, was ~4 % of the agreement command."""
    if any(a in ("-h", "--help") for a in argv):
        return None
    positional: list[str] = []
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in ("--db", "--stats-db"):
            skip = True  # its value follows
        elif arg == "--":
            return None
        elif not arg.startswith("-"):
            positional.append(arg)
            if len(positional) == 2:
                break
    if len(positional) < 2 or positional[0] != "render":
        return None
    document = positional[1]
    if document in _FIXED_DOCUMENTS:
        return document
    from mediator_app.documents.catalog import form_ids  # lists the forms/ folders, reads no file

    return document if document in form_ids() else None


_NUMBER_HELP = "如“（2026）桃源村调字第12号”，也可简写为 2026-12"


def _render_parsers(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
    only: str | None = None,
) -> None:
    """`render FORM NUMBER -o OUT.pdf` for every form, `--blank` for the empty form; the dossier; the
    package. `only`: that document's parser alone (a command line that names it)."""
    render = commands.add_parser(
        "render", parents=[common], help="生成文书 PDF", description="生成文书 PDF。可用的文书见 mediator-cli forms。"
    )
    documents = render.add_subparsers(dest="document", metavar="文书", title="文书", required=True)
    for name, title in _form_titles(only):
        sub = documents.add_parser(name, parents=[common], help=title, description=f"生成{title} PDF。")
        sub.add_argument("number", nargs="?", metavar="案件编号", help=_NUMBER_HELP)
        sub.add_argument("-o", "--output", required=True, metavar="文件.pdf", help="写入的 PDF 文件")
        sub.add_argument("--blank", action="store_true", help="生成不含案件内容的空白文书，供手写填写")
        sub.add_argument(
            "--item",
            type=_positive,
            metavar="N",
            help="逐份打印的记录类文书（调查记录、调解记录、回访记录、授权委托书）只生成第 N 份",
        )
        sub.add_argument(
            "--court", metavar="法院", help="受理司法确认申请的人民法院（默认为已选定或委员会所在地的法院）"
        )
        sub.add_argument("--arabic-dates", action="store_true", help="日期用阿拉伯数字（2026年11月22日）")
    if only in (None, "dossier"):
        _dossier_parser(documents, common)
    if only in (None, "confirmation"):
        _confirmation_parser(documents, common)


def _form_titles(only: str | None) -> list[tuple[str, str]]:
    """(document, title) of the forms whose parsers `_render_parsers` builds: all, or `only` among them."""
    from mediator_app.documents.catalog import FormDefinitionError, form_info, list_forms  # forms/ only, no PDF

    agreement = ("agreement", "人民调解协议书（同 mediation_agreement）")
    if only is None:
        try:
            return [agreement, *[(f.form_id, f.name or f.form_id) for f in list_forms()]]
        except FormDefinitionError:  # no forms/ folder: `--version` and other commands still work;
            return [agreement]  # `forms` and `render agreement` say what is missing
    if only == "agreement":
        return [agreement]
    try:
        info = form_info(only) if only not in _FIXED_DOCUMENTS else None
    except FormDefinitionError:  # the render itself says what is missing
        return [(only, only)]
    return [] if info is None else [(only, info.name or only)]


def _dossier_parser(
    documents: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    dossier = documents.add_parser(
        "dossier",
        parents=[common],
        help="整本调解卷宗（含卷内目录）",
        description="按规定顺序生成整本调解卷宗 PDF，卷内目录标明各文书所在页号。",
    )
    dossier.add_argument("number", metavar="案件编号", help=_NUMBER_HELP)
    dossier.add_argument("-o", "--output", required=True, metavar="文件.pdf", help="写入的 PDF 文件")


def _confirmation_parser(
    documents: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    package = documents.add_parser(
        "confirmation",
        parents=[common],
        help="司法确认申请材料（一份 PDF）",
        description="生成司法确认申请材料：共同申请书、人民调解协议书、调解组织主持调解的证明、"
        "授权委托书和材料清单。先检查能否申请（期限、共同申请、书面协议等）。",
    )
    package.add_argument("number", metavar="案件编号", help=_NUMBER_HELP)
    package.add_argument("-o", "--output", required=True, metavar="文件.pdf", help="写入的 PDF 文件")
    package.add_argument("--court", metavar="法院", help="受理申请的人民法院（默认为可选法院中的第一个）")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为整数，现为“{text}”") from None
    if value < 1:
        raise argparse.ArgumentTypeError("应为正整数")
    return value
