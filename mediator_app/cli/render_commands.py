"""The print commands: `mediator-cli render FORM|agreement|dossier|confirmation …` (docs/documents.md,
"Printing"). A print is a process of its own, so this module imports only what a print needs: the
parser, the printing store, the loader and the documents of the one form (docs/documents.md,
"Speed"). The other commands' module, `cli.commands`, and its imports are not loaded
(tests/e2e/test_light_imports.py); a file that needs migrating opens the `Database` through it.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from mediator_app.cli.access_commands import log_in_store
from mediator_app.errors import UserFacingError
from mediator_app.paths import database_location

if TYPE_CHECKING:
    from mediator_app.documents.context import DocumentContext
    from mediator_app.domain.model import Committee
    from mediator_app.services.printing import PrintJob, Store


def db_location(args: argparse.Namespace) -> Path | str:
    """The file, or the PostgreSQL server's URL, that ``--db`` (or $MEDIATOR_DB) names."""
    return database_location(getattr(args, "db", None))


def case_number_candidates(text: str, first_committee: Callable[[], Committee | None]) -> list[str]:
    """The numbers `text` may mean: as written, with ASCII brackets made Chinese, and the short form 2026-12
    (whose pattern is the first committee's, read only for a short form)."""
    from mediator_app.domain.case_number import format_case_number

    wanted = text.strip()
    candidates = [wanted, wanted.replace("(", "（").replace(")", "）")]
    short = re.fullmatch(r"([0-9]{4})\s*[-/]\s*([0-9]{1,6})", wanted)
    committee = first_committee() if short else None
    if short and committee is not None:
        candidates.append(
            format_case_number(committee.case_number_pattern, int(short[1]), committee.short_name, int(short[2]))
        )
    return list(dict.fromkeys(candidates))


def case_not_found(text: str) -> UserFacingError:
    return UserFacingError(
        f"找不到编号为“{text.strip()}”的案件。可用 mediator-cli list 查看编号，也可简写为“年份-序号”，如 2026-12"
    )


def _render_target(args: argparse.Namespace) -> tuple[bool, str]:
    """(blank, number) from `render FORM [NUMBER] [--blank]`, refusing a mix of the two."""
    blank, number = bool(getattr(args, "blank", False)), getattr(args, "number", None)
    if blank and number:
        raise UserFacingError("空白文书不含案件内容，请去掉案件编号或 --blank 之一")
    if not blank and not number:
        raise UserFacingError("请写明案件编号（如 2026-12），或加 --blank 生成空白文书")
    return blank, number or ""


@contextmanager
def opened_store(path: Path | str) -> Iterator[Store]:
    """The one place the command line chooses how a file is read for printing: the lean store
    (`SqliteStore`: sqlite3 only, no SQLAlchemy or Alembic) for a file at the schema head, else the
    `Database`, which reports a missing file, migrates an older schema or refuses a newer one exactly
    as for every other command."""
    from mediator_app.services.printing import DatabaseStore, SqliteStore

    lean = SqliteStore.open(path) if isinstance(path, Path) else None
    if lean is not None:
        log_in_store(lean)
        yield lean
        return
    from mediator_app.cli.commands import opened  # the normal open: migrates or refuses, SQLAlchemy

    with opened(path, create=False) as db:
        yield DatabaseStore(db)


TODAY_ENV = "MEDIATOR_TODAY"  # the day a command acts on, YYYY-MM-DD (a script printing for a set day; tests)


def today() -> dt.date:
    """The command's today: $MEDIATOR_TODAY if set, else the system date (the injected clock of scripts)."""
    value = os.environ.get(TODAY_ENV, "").strip()
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UserFacingError(f"环境变量 {TODAY_ENV} 应为“YYYY-MM-DD”形式的日期，现为“{value[:20]}”") from None


def read_case(store: Store, text: str, *, court: str = "", date_style: str = "chinese") -> DocumentContext:
    """The case numbered `text` (as `find_case` reads it) as printing fills documents from it: the
    number resolved and the case loaded once, in one read transaction."""
    from mediator_app.services import printing

    with store.reading() as reader:
        found = printing.find_case(reader, case_number_candidates(text, reader.first_committee))
        if found is None:
            raise case_not_found(text)
        return printing.read_context(reader, found[0], today=today(), court=court, date_style=date_style)


def render(store: Store, job: PrintJob, ctx: DocumentContext) -> bytes:
    """The job printed from the case as `read_case` read it. A command prints one document (or one
    set): its problems are printed as the renderer words them, each field with its path."""
    from mediator_app.services import printing

    try:
        return printing.render(store, job, ctx=ctx)
    except printing.PrintProblems as exc:
        if exc.errors:
            raise
        raise UserFacingError("；".join(exc.document_messages())) from exc


def cmd_render_form(args: argparse.Namespace) -> int:
    from mediator_app.exchange.files import write_atomic
    from mediator_app.services import printing

    form_id = "mediation_agreement" if args.document == "agreement" else args.document
    name = printing.form_name(form_id)
    blank, number = _render_target(args)
    if blank:
        write_atomic(Path(args.output), printing.render(None, printing.PrintJob.blank([form_id])))
        print(f"已生成空白{name}：{args.output}")
        return 0
    item = args.item - 1 if args.item else None
    court, date_style = args.court or "", "arabic" if args.arabic_dates else "chinese"
    with opened_store(db_location(args)) as store:
        ctx = read_case(store, number, court=court, date_style=date_style)
        assert ctx.case.id is not None
        job = printing.PrintJob.forms(ctx.case.id, [form_id], item=item, court=court, date_style=date_style)
        pdf = render(store, job, ctx)
    write_atomic(Path(args.output), pdf)
    print(f"已生成{name}：{args.output}（案件 {ctx.case.number}）")
    return 0


def cmd_render_dossier(args: argparse.Namespace) -> int:
    from mediator_app.exchange.files import write_atomic
    from mediator_app.services import printing

    with opened_store(db_location(args)) as store:
        ctx = read_case(store, args.number)
        assert ctx.case.id is not None
        pdf = render(store, printing.PrintJob.dossier(ctx.case.id), ctx)
    write_atomic(Path(args.output), pdf)
    print(f"已生成调解卷宗：{args.output}（案件 {ctx.case.number}）")
    return 0


def cmd_render_confirmation(args: argparse.Namespace) -> int:
    from mediator_app.exchange.files import write_atomic
    from mediator_app.services import printing

    with opened_store(db_location(args)) as store:
        ctx = read_case(store, args.number)
        case_id = ctx.case.id
        assert case_id is not None
        court = args.court or ""
        if not court:
            options = printing.court_options(ctx)
            blocked = [c for c in printing.confirmation_checks(ctx) if c.level == "block"]
            if (not options or not options[0].name) and blocked:
                raise printing.ConfirmationBlocked(blocked)
            if not options or not options[0].name:
                raise UserFacingError(
                    "没有可选的人民法院：请用 --court 写明受理申请的人民法院，"
                    "或先用 mediator-cli init --force --court 设置委员会所在地的法院"
                )
            court = options[0].name
        ctx = dataclasses.replace(ctx, court=court)
        for check in printing.confirmation_checks(ctx):
            if check.level == "warn":
                print(f"提示：{check}", file=sys.stderr)
        pdf = render(store, printing.PrintJob.package(case_id, court), ctx)
    write_atomic(Path(args.output), pdf)
    print(f"已生成司法确认申请材料：{args.output}（案件 {ctx.case.number}，受理法院：{court}）")
    return 0


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "render agreement": cmd_render_form,
    "render dossier": cmd_render_dossier,
    "render confirmation": cmd_render_confirmation,
}


def handler(command: str) -> Callable[[argparse.Namespace], int]:
    """The handler of a print command: every `render FORM` the parser accepted prints a form (the parser
    checked the name against the forms folders: `parser._named_document`)."""
    return HANDLERS.get(command, cmd_render_form)
