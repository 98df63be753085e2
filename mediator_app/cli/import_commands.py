"""`mediator-cli import FILE.json [--committee 字号]`: a case file registered as a new case of this
database (docs/json-format.md). In a centre of several committees a centre-wide person names the
committee the case goes to (its 字号, name or number, as `committee list` shows them); without it, the
case goes to the person's own committee, or the centre's own for a centre-wide account; a person of
one committee naming another is refused (docs/centre.md, "Several committees in one database").
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from mediator_app.errors import UserFacingError


def cmd_import(args: argparse.Namespace) -> int:
    from mediator_app.cli.commands import db_location, opened
    from mediator_app.cli.committee_commands import committee_id
    from mediator_app.services import transfer

    with opened(db_location(args), create=False) as db:
        try:
            chosen = committee_id(db, args.committee) if args.committee else None
            saved, original = transfer.import_case_file(
                db, Path(args.file), special_groups=args.special_groups, committee_id=chosen
            )
        except UserFacingError as exc:
            exc.add_note("未导入任何内容，数据文件没有改动。")
            raise
    print(f"已导入案件：{saved.number}（{saved.display_title}）{'，优先办理' if args.special_groups else ''}")
    if original:
        print(f"文件中的原编号：{original}")
    return 0


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {"import": cmd_import}
