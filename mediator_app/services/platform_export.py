"""The provincial-platform export (docs/platform-export.md): the cases closed in a period as the
platform's batch-import sheet, with the column order and code tables from a versioned data file and
the master-data codes from the settings file. First `prepare` maps every case and names, per case, what
could not be mapped; `workbook` writes the sheet (and, when asked to write anyway, a sheet of those
problems, the cells concerned left blank). Nothing is dropped silently.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mediator_app.domain.masking import mask_text
from mediator_app.domain.platform import CodeTables, MasterCodes, parse_codes, parse_master, platform_row
from mediator_app.errors import UserFacingError
from mediator_app.paths import resource_path, user_data_dir
from mediator_app.services import xlsx_stream
from mediator_app.storage import repository as repo
from mediator_app.storage.database import Database
from mediator_app.storage.platform_query import platform_cases

MASTER_FILE = "platform_master.json"
MASTER_EXAMPLE = (
    '{"committee": "调委会编码", "studio": "", "area": "行政区划代码", "mediators": {"姓名": "调解员编码"}}'
)


def default_codes_path() -> Path:
    return resource_path("platform", "codes.v1.json")


def default_master_path() -> Path:
    return user_data_dir() / MASTER_FILE


def _json(path: Path, what: str) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserFacingError(f"找不到{what}“{path}”") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserFacingError(f"无法读取{what}“{path.name}”：{exc}") from None


def load_codes(path: Path | None = None) -> CodeTables:
    path = path or default_codes_path()
    return parse_codes(_json(path, "平台代码文件"), path.name)


def load_master(path: Path | None = None) -> MasterCodes:
    """The master-data codes; a missing default file means none are set (each case then says so)."""
    if path is None and not default_master_path().exists():
        return MasterCodes()
    path = path or default_master_path()
    return parse_master(_json(path, "平台编码设置"), path.name)


@dataclass
class PlatformExport:
    start: dt.date
    end: dt.date
    codes: CodeTables
    rows: list[list[Any]]
    problems: list[tuple[str, str]]  # (case number, what of its data could not be mapped)
    settings: list[str]  # master-data codes not set, each once (they concern every case)

    @property
    def complete(self) -> bool:
        return not self.problems and not self.settings


def prepare(db: Database, start: dt.date, end: dt.date, codes: CodeTables, master: MasterCodes) -> PlatformExport:
    if start > end:
        raise UserFacingError("起始日期晚于截止日期")
    with db.stats_connection() as conn:
        found = platform_cases(conn, start, end, mask_text)
    export = PlatformExport(start, end, codes, [], [], [])
    settings: dict[str, None] = {}
    for case in found:
        mapped = platform_row(case, codes, master)
        export.rows.append(mapped.cells)
        export.problems += [(case.number, p) for p in mapped.problems]
        settings.update(dict.fromkeys(mapped.settings))
    export.settings = list(settings)
    return export


def workbook(db: Database, export: PlatformExport, actor: str = "") -> bytes:
    """The sheet (services.xlsx_stream: a year is tens of thousands of rows); audited."""
    sheets: list[tuple[str, Sequence[str], Iterable[Sequence[Any]]]] = [("批量导入", export.codes.columns, export.rows)]
    if not export.complete:
        unmapped = [("（全部案件）", s) for s in export.settings] + export.problems
        sheets.append(("未能对应", ("案件编码", "未能对应的内容（相应单元格留空）"), unmapped))
    data = xlsx_stream.workbook(sheets)
    detail = f"{export.start.isoformat()}至{export.end.isoformat()}，{len(export.rows)}件，代码表{export.codes.version}"
    with db.unit_of_work() as session:
        repo.add_audit(session, "导出平台批量导入表", None, detail, actor)
    return data
