"""`mediator-cli` entry point: parse, run one command, turn expected errors into Chinese messages.

Exit status: 0 done; 2 an expected problem (bad input or file, missing database, usage error),
explained on stderr without a traceback; 1 a bug, whose traceback goes to the log file; 130 interrupted.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Sequence

from mediator_app.cli import audit_commands, backup_commands, report_commands
from mediator_app.cli.commands import HANDLERS
from mediator_app.cli.parser import build_parser, chinese_argparse
from mediator_app.errors import UserFacingError, ValidationError

EXIT_OK, EXIT_BUG, EXIT_USER, EXIT_INTERRUPTED = 0, 1, 2, 130


def _utf8_stdio() -> None:
    """Write UTF-8 whatever the console or pipe encoding (a Windows pipe defaults to the ANSI code page)."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.encoding.replace("-", "").lower() != "utf8":
            stream.reconfigure(encoding="utf-8")


def _print_error(exc: UserFacingError) -> None:
    if isinstance(exc, ValidationError) and exc.errors:
        print(f"错误：有 {len(exc.errors)} 处内容不符合要求：", file=sys.stderr)
        for error in exc.errors:
            print(f"{error.path}：{error.message}", file=sys.stderr)
    else:
        print(f"错误：{exc.message}", file=sys.stderr)
    for note in getattr(exc, "__notes__", ()):
        print(note, file=sys.stderr)


def _report_bug(exc: BaseException, command: str) -> int:
    """Log the traceback (personal numbers masked by the log filter) and print a short note."""
    import logging

    from mediator_app.logging_setup import remove_handlers, setup_logging

    log_file = setup_logging(console=False)
    logging.getLogger("mediator_app.cli").error("mediator-cli %s 意外失败", command, exc_info=exc)
    remove_handlers()
    print(f"程序内部错误（{type(exc).__name__}），命令没有完成。", file=sys.stderr)
    if log_file is not None:
        print(f"详细信息已写入日志文件：{log_file}，请将该文件提供给技术支持。", file=sys.stderr)
    return EXIT_BUG


def _silence_stdout() -> None:
    """After a closed pipe (`mediator-cli list | head`), stop Python from failing again at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    _utf8_stdio()
    try:
        with chinese_argparse():
            args = build_parser().parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors (argparse exits with 2)
        return exc.code if isinstance(exc.code, int) else EXIT_USER
    command = " ".join(filter(None, (args.command, getattr(args, "document", None))))
    try:
        return {**HANDLERS, **backup_commands.HANDLERS, **report_commands.HANDLERS, **audit_commands.HANDLERS}[command](
            args
        )
    except UserFacingError as exc:
        _print_error(exc)
        return EXIT_USER
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BUG
    except Exception as exc:
        return _report_bug(exc, command)


if __name__ == "__main__":
    sys.exit(main())
