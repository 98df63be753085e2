"""The command line's argparse parser, with Chinese help and Chinese argparse messages.

argparse builds its own texts ("usage:", "the following arguments are required") through the
module-level `argparse._` (gettext). There is no catalogue for them, so `chinese_argparse()` puts a
translating function there while the parser is built and used, and restores the original after.
Messages not in the table stay English rather than break.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

from mediator_app import __version__

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


def _seed(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为整数，现为“{text}”") from None


def _db_options() -> argparse.ArgumentParser:
    # SUPPRESS as default: the value given before or after the subcommand wins, and an absent
    # --db leaves no attribute, so the environment variable and the default folder apply.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="文件", default=argparse.SUPPRESS,
                        help="数据文件（默认：环境变量 MEDIATOR_DB，否则为用户数据文件夹中的 mediation.sqlite3）")
    return common


def build_parser() -> argparse.ArgumentParser:
    """Build the parser; call inside `chinese_argparse()` so that argparse's own words are Chinese."""
    common = _db_options()
    parser = argparse.ArgumentParser(
        prog=PROG, parents=[common],
        description="调解工作台命令行：建立数据文件、生成演示数据、查看、导入导出案件、打印协议书。",
        epilog="例如：mediator-cli --db 调解.sqlite3 list")
    parser.add_argument("-V", "--version", action="version", version=f"{PROG} {__version__}", help="显示版本号并退出")
    commands = parser.add_subparsers(dest="command", metavar="命令", title="命令", required=True)

    init = commands.add_parser("init", parents=[common], help="建立数据文件并设置人民调解委员会",
                               description="建立数据文件并设置人民调解委员会。")
    init.add_argument("--committee", required=True, metavar="名称", help="委员会全称，如 青山镇桃源村人民调解委员会")
    init.add_argument("--short", required=True, metavar="简称", help="用于案件编号的简称，如 桃源村")
    init.add_argument("--address", metavar="地址", help="委员会地址")
    init.add_argument("--court", metavar="法院", help="辖区基层人民法院或人民法庭（司法确认用）")
    init.add_argument("--force", action="store_true", help="已设置委员会时，用新的名称和地址覆盖（案件不受影响）")

    demo = commands.add_parser("demo", parents=[common], help="生成演示案件",
                               description="生成演示案件（内容虚构，用于试用和培训）。没有委员会时建立一个演示委员会。")
    demo.add_argument("--cases", type=_count, default=20, metavar="N", help="案件数量（默认 20）")
    demo.add_argument("--seed", type=_seed, default=1, metavar="S", help="随机种子，相同种子生成相同案件（默认 1）")
    demo.add_argument("--force", action="store_true", help="数据文件中已有案件时仍然添加演示案件")

    lister = commands.add_parser("list", parents=[common], help="列出案件", description="列出全部案件，最新的在前。")
    lister.add_argument("--json", action="store_true", help="以 JSON 格式输出（供脚本使用）")

    importer = commands.add_parser("import", parents=[common], help="从案件文件（JSON）导入一个案件",
                                   description="导入案件文件，登记为本委员会的新案件（重新编号）。文件有任何错误时不导入。")
    importer.add_argument("file", metavar="文件.json", help="案件文件")

    exporter = commands.add_parser("export", parents=[common], help="把一个案件导出为案件文件（JSON）",
                                   description="把一个案件导出为案件文件（JSON，UTF-8）。")
    exporter.add_argument("number", metavar="案件编号", help="如“（2026）桃源村调字第12号”，也可简写为 2026-12")
    exporter.add_argument("-o", "--output", required=True, metavar="文件.json", help="写入的文件")

    render = commands.add_parser("render", parents=[common], help="生成文书 PDF", description="生成文书 PDF。")
    documents = render.add_subparsers(dest="document", metavar="文书", title="文书", required=True)
    agreement = documents.add_parser("agreement", parents=[common], help="人民调解协议书",
                                     description="生成人民调解协议书 PDF。")
    agreement.add_argument("number", metavar="案件编号", help="如“（2026）桃源村调字第12号”，也可简写为 2026-12")
    agreement.add_argument("-o", "--output", required=True, metavar="文件.pdf", help="写入的 PDF 文件")
    return parser
