"""`mediator-cli` entry point: parse, run one command, turn expected errors into Chinese messages.

Exit status: 0 done; 2 an expected problem (bad input or file, missing database, usage error),
explained on stderr without a traceback; 1 a bug, whose traceback goes to the log file; 130 interrupted.

`run` is the installed command (and `python -m mediator_app.cli.main`): `main` in a process of its
own, which a `render` command leaves without the interpreter's teardown (docs/tech-notes.md,
"The print command").
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import os
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from mediator_app.cli.parser import build_parser, chinese_argparse
from mediator_app.errors import FieldError, UserFacingError, ValidationError

EXIT_OK, EXIT_BUG, EXIT_USER, EXIT_INTERRUPTED = 0, 1, 2, 130


def _utf8_stdio() -> None:
    """Write UTF-8 whatever the console or pipe encoding (a Windows pipe defaults to the ANSI code page)."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.encoding.replace("-", "").lower() != "utf8":
            stream.reconfigure(encoding="utf-8")


def _in_words(error: FieldError) -> str:
    """A problem in the words of the dialogs (第1位当事人的身份证号码：…), not an internal path
    (parties[0].id_number, state.oral_content); an option (--committee) as the mediator typed it; a
    case file's path kept after the words, to find the place in the file."""
    from mediator_app.domain.labels import describe_field

    if error.path.startswith("-"):
        return f"{error.path}：{error.message}"
    inner = error.path.removeprefix("$.").removeprefix("case.")
    words = describe_field(FieldError(inner, error.message))
    return f"{words}（文件中的位置：{error.path}）" if error.path.startswith("$.") else words


def _print_error(exc: UserFacingError) -> None:
    if isinstance(exc, ValidationError) and exc.errors:
        print(f"错误：有 {len(exc.errors)} 处内容不符合要求：", file=sys.stderr)
        for error in exc.errors:
            print(_in_words(error), file=sys.stderr)
    else:
        print(f"错误：{exc.message}", file=sys.stderr)
    for note in getattr(exc, "__notes__", ()):
        print(note, file=sys.stderr)


def _report_bug(exc: BaseException, command: str) -> int:
    """Log the traceback (personal numbers masked by the log filter) and print a short note."""
    import logging

    from mediator_app.logging_setup import log_file_failed, remove_handlers, setup_logging

    log_file = setup_logging(console=False)
    logging.getLogger("mediator_app.cli").error("mediator-cli %s 意外失败", command, exc_info=exc)
    if log_file_failed():
        log_file = None
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
    return _main(argv)[0]


def _main(argv: Sequence[str] | None) -> tuple[int, str]:
    """(exit status, the command run: "" when none was)."""
    _utf8_stdio()
    try:
        with chinese_argparse():
            args = build_parser(argv).parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors (argparse exits with 2)
        return (exc.code if isinstance(exc.code, int) else EXIT_USER), ""
    command = " ".join(filter(None, (args.command, getattr(args, "document", None), getattr(args, "subcommand", None))))
    if not _prints(command):
        gc.enable()  # `run` keeps the collector off for a print only: other commands may run for long
    return _dispatch(command, args), command


def _prints(command: str) -> bool:
    return command.startswith("render ")


def _handlers(command: str) -> dict[str, Callable[[argparse.Namespace], int]]:
    """The handlers `command` is among. A print finds its handler in `render_commands` and imports no
    other command's module, not even `cli.commands` (the parser skips them alike, `parser.build_parser`;
    with the feature tables kept out of the loader's imports, 6 % of the agreement command:
    docs/tech-notes.md)."""
    if _prints(command):
        from mediator_app.cli.render_commands import handler

        return {command: handler(command)}
    from mediator_app.cli import (
        access_commands,
        audit_commands,
        backup_commands,
        commands,
        committee_commands,
        hotline_commands,
        import_commands,
        privacy_commands,
        report_commands,
        transfer_commands,
        workorder_commands,
    )

    handlers = {**commands.HANDLERS, **backup_commands.HANDLERS, **report_commands.HANDLERS}
    handlers |= {**access_commands.HANDLERS, **privacy_commands.HANDLERS, **transfer_commands.HANDLERS}
    handlers |= audit_commands.HANDLERS | committee_commands.HANDLERS | import_commands.HANDLERS
    return {**handlers, **workorder_commands.HANDLERS, **hotline_commands.HANDLERS}


def _dispatch(command: str, args: argparse.Namespace) -> int:
    try:
        return _handlers(command)[command](args)
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


def _flush_stdio() -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing more can reach it
            stream.flush()


def run() -> NoReturn:
    """The command in a process of its own. A print is one document in a short-lived process: the
    cyclic garbage collector stays off (it traversed the imported modules and the fonts' tables again
    and again: ~3.5 % of the agreement command's instructions; the 22-page dossier then peaks 1.5 MB
    higher) and the process ends without the interpreter's teardown, which frees every object one by
    one (~6 % more), once the output is flushed. Every file a print writes is closed, and written
    durably, before `main` returns. Any other command exits as usual."""
    gc.disable()
    code, command = _main(None)
    if not _prints(command):
        sys.exit(code)
    _flush_stdio()
    os._exit(code)


if __name__ == "__main__":
    run()
