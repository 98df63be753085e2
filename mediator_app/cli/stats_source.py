"""Where the statistics commands (report, subsidy claims, platform export, dossier audit) read: the
read replica ``--stats-db``, $MEDIATOR_STATS_DB or 设置 → 数据库 names, when the database is a server
(docs/centre.md, "The county's server, on paper"); saves and confirmations go to ``--db``. When the
replica cannot be used the command reads the primary and says so on stderr: the figures are the
primary's, the command does not fail."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from mediator_app.cli.commands import db_location, opened
from mediator_app.paths import stats_location

if TYPE_CHECKING:
    from mediator_app.storage.database import Database


@contextmanager
def opened_for_statistics(args: argparse.Namespace) -> Iterator[Database]:
    """`opened` (an existing database, the person logged in) with the statistics' read replica."""
    location = db_location(args)
    if isinstance(location, Path) and getattr(args, "stats_db", None):
        print("提示：--stats-db 只用于服务器（PostgreSQL）上的数据库；数据文件的统计从文件本身读取", file=sys.stderr)
    with opened(location, create=False, stats_db=stats_location(getattr(args, "stats_db", None))) as db:
        yield db
        if db.stats_note:
            print(f"提示：{db.stats_note}", file=sys.stderr)
