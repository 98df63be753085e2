"""One function per subcommand. Services, storage and reportlab are imported inside the functions so
that `--version` and `--help` start fast and never touch SQLAlchemy (docs/tech-notes.md: SQLModel ≈0.5 s).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from mediator_app.cli.access_commands import create_admin_at_init, log_in
from mediator_app.cli.render_commands import case_not_found, case_number_candidates
from mediator_app.cli.render_commands import db_location as db_location  # the other commands import it from here
from mediator_app.cli.table import clip, format_table
from mediator_app.errors import FieldError, UserFacingError, ValidationError
from mediator_app.paths import default_db_path

if TYPE_CHECKING:
    from mediator_app.domain.model import Case
    from mediator_app.services.cases import CaseSummary
    from mediator_app.storage.database import Database

PARTIES_COLUMNS = 36  # display columns of the 当事人 column in `list`


def db_path(args: argparse.Namespace) -> Path:
    """The database file, for the commands that work on files (backup, restore, verify, encryption)."""
    location = db_location(args)
    if isinstance(location, str):
        raise UserFacingError(
            "这个命令只用于本机的数据文件。服务器（PostgreSQL）上的数据库由服务器备份（pg_dump）和恢复，"
            "见说明文档 docs/centre.md"
        )
    return default_db_path(getattr(args, "db", None))


@contextmanager
def opened(path: Path | str, *, create: bool, login: bool = True, stats_db: str | None = None) -> Iterator[Database]:
    """The database, with the person the command acts as logged in (`access_commands.log_in`); its
    statistics read from the read replica `stats_db` (cli/stats_source.py), if given."""
    from mediator_app.services.cases import open_database

    if not create and isinstance(path, Path) and not path.exists():
        raise UserFacingError(f"找不到数据文件“{path}”。请先运行 mediator-cli init 建立，或用 --db 指定已有的数据文件")
    db = open_database(path, stats_db=stats_db)
    try:
        if login:  # init decides itself (access_commands.create_admin_at_init)
            log_in(db)
        yield db
    finally:
        db.close()


def find_case(db: Database, text: str) -> Case:
    """The case with this number; "(2026)…" with ASCII brackets and the short form 2026-12 also work."""
    from mediator_app.services import cases

    for number in case_number_candidates(text, lambda: cases.get_committee(db)):
        try:
            return cases.find_case(db, number)
        except UserFacingError:
            continue
    raise case_not_found(text)


# ---------------------------------------------------------------- init

_COMMITTEE_OPTIONS = {"name": "--committee", "short_name": "--short", "address": "--address", "court": "--court"}


def cmd_init(args: argparse.Namespace) -> int:
    from mediator_app.domain.model import Committee
    from mediator_app.services import cases

    path = db_path(args) if args.encrypt else db_location(args)
    recovery_code = ""
    if args.encrypt:
        assert isinstance(path, Path)
        from mediator_app.services.keys import PASSPHRASE_ENV

        db, recovery_code = cases.create_encrypted(path, os.environ.get(PASSPHRASE_ENV) or None)
        db.close()
    with opened(path, create=True, login=False) as db:
        existing = cases.get_committee(db)
        if existing is not None and not args.force:  # refused before anything is written (no account either)
            raise UserFacingError(
                f"数据文件“{db.description}”已设置委员会“{existing.name}”。如需修改名称、简称或地址，"
                "请加 --force（已有案件的编号不变）"
            )
        admin = create_admin_at_init(db)
        committee = existing or Committee(name="", short_name="")
        committee.name, committee.short_name = args.committee, args.short
        committee.address = args.address if args.address is not None else committee.address
        committee.court = args.court if args.court is not None else committee.court
        try:
            saved = cases.save_committee(db, committee)
        except ValidationError as exc:
            raise ValidationError(
                FieldError(_COMMITTEE_OPTIONS.get(e.path, e.path), e.message) for e in exc.errors
            ) from None
        where = db.description  # a server's address without its password
    print(f"已{'更新' if existing else '设置'}人民调解委员会：{saved.name}（简称：{saved.short_name}）")
    print(f"数据文件：{where}")
    if admin is not None:
        print(f"已建立管理员账户：{admin.login}")
    if recovery_code:
        print("数据文件已加密。恢复码（只显示这一次，请抄下或打印，放入委员会的保险柜；")
        print("重装系统、换电脑或忘记口令时，凭恢复码才能打开数据）：")
        print(f"    {recovery_code}")
    return 0


# ---------------------------------------------------------------- demo


class Progress:
    """A plain-text progress bar on stderr: one line redrawn on a terminal; in a pipe or log file a new
    line at each tenth (no control characters), so it works under any console."""

    WIDTH = 20

    def __init__(self, what: str) -> None:
        self.what, self.tty, self.shown = what, sys.stderr.isatty(), -1

    def __call__(self, done: int, total: int) -> None:
        tenth = done * 10 // max(total, 1)
        if not self.tty and tenth == self.shown:
            return
        self.shown = tenth
        filled = done * self.WIDTH // max(total, 1)
        line = f"[{'#' * filled}{'-' * (self.WIDTH - filled)}] {done * 100 // max(total, 1):3d}%  {self.what} {done}/{total}"
        if self.tty:
            print(f"\r{line}", end="" if done < total else "\n", file=sys.stderr, flush=True)
        else:
            print(line, file=sys.stderr, flush=True)


def cmd_demo(args: argparse.Namespace) -> int:
    from mediator_app.services import cases, demo

    path = db_location(args)
    with opened(path, create=True) as db:
        existing = demo.case_count(db)
        if existing and not args.force:
            raise UserFacingError(
                f"数据文件“{db.description}”中已有 {existing} 个案件，演示案件会与它们混在一起。"
                "如确需添加，请加 --force；试用时建议用 --db 指定一个新的数据文件"
            )
        start = time.perf_counter()
        written = demo.fill_demo(
            db, args.cases, args.seed, Progress("写入案件"), index_progress=Progress("建立检索索引")
        )
        elapsed = time.perf_counter() - start
        committee = cases.require_committee(db)
        where = db.description
    print(f"已生成 {written} 个演示案件（随机种子 {args.seed}，用时 {elapsed:.1f} 秒），内容均为虚构")
    print(f"委员会：{committee.name}")
    print(f"数据文件：{where}")
    return 0


# ---------------------------------------------------------------- list


def _parties(summary: CaseSummary) -> str:
    names = summary.party_names.split("、") if summary.party_names else []
    if len(names) > 3:
        suffix = f"等{summary.party_count}人"
        return clip("、".join(names[:2]), PARTIES_COLUMNS - len(suffix) * 2) + suffix
    return clip(summary.party_names, PARTIES_COLUMNS)


def cmd_list(args: argparse.Namespace) -> int:
    from mediator_app.services import cases

    with opened(db_location(args), create=False) as db:
        summaries = cases.list_cases(db)
    if args.json:
        # Names only: ID numbers and phones never leave through the list (PIPL Art. 51).
        rows = [
            {
                "number": s.number,
                "registered_on": s.registered_on.isoformat(),
                "dispute_type": s.dispute_type,
                "title": s.title,
                "source": s.source,
                "status": s.status,
                "party_names": s.party_names,
                "party_count": s.party_count,
            }
            for s in summaries
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not summaries:
        print("还没有案件。")
        return 0
    table = [[s.number, s.registered_on.isoformat(), s.dispute_type, _parties(s), s.status] for s in summaries]
    for line in format_table(("编号", "登记日期", "纠纷类型", "当事人", "状态"), table):
        print(line)
    print(f"共 {len(summaries)} 件")
    return 0


# ---------------------------------------------------------------- search


def cmd_search(args: argparse.Namespace) -> int:
    from mediator_app.services import search

    query = " ".join(args.query)
    if any("\udc80" <= ch <= "\udcff" for ch in query):  # bytes that were not UTF-8 (surrogateescape)
        raise UserFacingError("查找内容含有无法识别的字符（不是 UTF-8 编码），请重新输入")
    with opened(db_location(args), create=False) as db:
        result = search.search(db, query, limit=args.limit)
    if args.json:
        # Spans are [start, end) in code points of "text"; ID numbers and phones come masked.
        hits = [
            {
                "number": h.number,
                "registered_on": h.registered_on.isoformat(),
                "dispute_type": h.dispute_type,
                "title": h.title,
                "status": h.status,
                "party_names": h.party_names,
                "rank": h.rank,
                "matches": [
                    {
                        "field": f.field,
                        "code": f.code,
                        "party": f.party,
                        "text": f.highlight.text,
                        "spans": [list(span) for span in f.highlight.spans],
                    }
                    for f in h.fields
                ],
            }
            for h in result.hits
        ]
        print(
            json.dumps(
                {
                    "query": query,
                    "terms": list(result.terms),
                    "count": len(hits),
                    "has_more": result.has_more or not result.complete,
                    "hits": hits,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    if not result.hits:
        print(result.message or "请输入要查找的内容。")
        return 0
    table = [
        [h.number, h.registered_on.isoformat(), clip(h.party_names, PARTIES_COLUMNS), h.status, clip(h.summary, 60)]
        for h in result.hits
    ]
    for line in format_table(("编号", "登记日期", "当事人", "状态", "符合内容"), table):
        print(line)
    print(result.message)
    return 0


# ---------------------------------------------------------------- export (import: cli/import_commands.py)


def cmd_export(args: argparse.Namespace) -> int:
    from mediator_app.cli import platform_commands
    from mediator_app.services import transfer

    if args.number == platform_commands.PLATFORM:
        return platform_commands.cmd_platform(args)
    with opened(db_location(args), create=False) as db:
        case = find_case(db, args.number)
        transfer.export_case_file(db, case.number, Path(args.output))
    print(f"已导出案件 {case.number} → {args.output}")
    print("文件中含有当事人的身份证号码、电话等个人信息，请妥善保管，用后及时删除。")
    return 0


# ---------------------------------------------------------------- render


def cmd_forms(_args: argparse.Namespace) -> int:
    from mediator_app.documents.catalog import default_override_dir, list_forms

    forms = list_forms()
    rows = [[f.form_id, f.name or f.problem, f"v{f.version}", "本委员会" if f.overridden else "内置"] for f in forms]
    for line in format_table(("格式名称", "文书", "版本", "格式文件"), rows):
        print(line)
    print(f"共 {len(forms)} 种。本委员会自己的格式文件放在：{default_override_dir()}")
    return 0


# The print commands (`render …`) are in cli/render_commands.py: `main._handlers` sends them there.
HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "init": cmd_init,
    "demo": cmd_demo,
    "list": cmd_list,
    "search": cmd_search,
    "export": cmd_export,
    "forms": cmd_forms,
}
