"""Reading a 12345 platform export (XLSX or CSV) into work orders (docs/hotline.md, "Import").

The localities name their columns differently; `resources/hotline/aliases.json` maps each field to the
names seen (a committee adds its own there). The header row is the first of the first rows that names
at least two known columns, so merged title rows above it ("XX街道12345工单明细表") are passed over. A
cell is read as it comes: text, a number (a phone stored as a number), a date or datetime (a cell
formatted as a date), an Excel serial (a date cell exported without its format) or a date as text.
Nothing here writes; every problem is a Chinese sentence naming the row and the column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from mediator_app.domain.hotline import HotlineOrder, order_errors
from mediator_app.errors import UserFacingError
from mediator_app.frozen import frozen
from mediator_app.paths import resource_path

HEADER_SCAN_ROWS = 20
EXCEL_EPOCH = dt.datetime(1899, 12, 30)  # Excel's day 0 (its 1900 leap-year bug folded in)
_SERIAL_RANGE = (20000, 80000)  # 1954-10-03 … 2119-01-09: a number outside is not a date
_NOISE = re.compile(r"[\s*＊:：]|[（(][^）)]*[）)]")
_DATE_TEXT = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?:\s*日)?(?:(?:\s+|T)(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?)?"
)
_DAYS_TEXT = re.compile(r"^(\d{1,2})\s*(?:个)?(?:工作日|天|日)?$")

LABELS = {
    "order_no": "工单编号",
    "order_type": "工单类型",
    "title": "工单标题",
    "caller": "来电人",
    "phone": "联系电话",
    "content": "诉求内容",
    "address": "事发地址",
    "assigned_at": "交办时间",
    "deadline": "办理时限",
    "host_unit": "主办单位",
    "satisfaction": "满意度",
    "satisfaction_note": "不满原因",
}


@frozen
class Aliases:
    fields: Mapping[str, tuple[str, ...]]
    required: tuple[str, ...]

    def lookup(self) -> dict[str, str]:
        """Normalised column name → field."""
        return {normalise(name): f for f, names in self.fields.items() for name in names}


@lru_cache(maxsize=2)
def aliases(section: str = "fields") -> Aliases:
    path = resource_path("hotline", "aliases.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        fields = {k: tuple(v) for k, v in data[section].items()}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise UserFacingError(f"12345列名对照表无法读取（{path.name}）：{exc}") from None
    required = tuple(data.get("required", ())) if section == "fields" else ("order_no", "satisfaction")
    return Aliases(fields, required)


def normalise(name: str) -> str:
    return _NOISE.sub("", name).lower()


@dataclass
class Sheet:
    """The cells of the file's first sheet, row by row (row 1 first), as read."""

    name: str
    rows: list[list[Any]]


def read_sheet(path: Path) -> Sheet:
    """The rows of an .xlsx (first sheet) or a .csv (UTF-8 with or without BOM, or GB18030)."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            return _read_xlsx(path)
        if suffix in (".csv", ".txt"):
            return Sheet(path.name, list(csv.reader(io.StringIO(_decode(path.read_bytes())))))
    except OSError as exc:
        raise UserFacingError(f"无法读取文件“{path.name}”：{exc.strerror or exc}") from None
    raise UserFacingError(f"“{path.name}”不是12345工单导出文件：请选择 .xlsx 或 .csv 文件")


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")  # what Excel on a Chinese Windows writes as "CSV"
    except UnicodeDecodeError:
        raise UserFacingError("CSV文件的编码无法识别：请另存为 UTF-8 或 GB18030（GBK）编码") from None


def _read_xlsx(path: Path) -> Sheet:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UserFacingError(f"“{path.name}”不是有效的Excel文件（{exc}）") from None
    try:
        sheet = book.worksheets[0]
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        return Sheet(sheet.title, rows)
    finally:
        book.close()


@frozen
class Header:
    row: int  # 1-based row number of the header in the file
    columns: dict[str, int]  # field → 0-based column index


def find_header(sheet: Sheet, names: Aliases, file_name: str) -> Header:
    """The header row: the first of the first rows naming two known columns. A file without one is
    not an export; one that lacks a required column is named with the column and the row."""
    lookup = names.lookup()
    for number, row in enumerate(sheet.rows[:HEADER_SCAN_ROWS], 1):
        columns: dict[str, int] = {}
        for index, cell in enumerate(row):
            f = lookup.get(normalise(str(cell))) if cell is not None else None
            if f is not None and f not in columns:
                columns[f] = index
        if len(columns) >= 2:
            missing = [f for f in names.required if f not in columns]
            if missing:
                f = missing[0]
                raise UserFacingError(
                    f"“{file_name}”第{number}行的表头缺少必需的列“{LABELS[f]}”"
                    f"（可用的列名：{'、'.join(names.fields[f])}）；未导入任何工单"
                )
            return Header(number, columns)
    wanted = "、".join(LABELS[f] for f in names.required)
    raise UserFacingError(
        f"“{file_name}”不是12345工单导出文件：前{HEADER_SCAN_ROWS}行中找不到{wanted}等列名；未导入任何工单"
    )


@dataclass
class ParsedRow:
    row: int  # 1-based row number in the file
    order: HotlineOrder | None
    errors: list[str] = field(default_factory=list)
    deadline_days: int | None = None  # 办理时限 given as a number of working days


def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a phone or an order number Excel stored as a number
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    return str(value).strip()


def moment(value: Any) -> dt.datetime | None:
    """A datetime cell, an Excel serial or a date as text; None for a blank; ValueError otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0, tzinfo=None)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not _SERIAL_RANGE[0] <= value <= _SERIAL_RANGE[1]:
            raise ValueError(value)
        return (EXCEL_EPOCH + dt.timedelta(days=float(value))).replace(microsecond=0)
    match = _DATE_TEXT.match(str(value).strip())
    if match is None:
        raise ValueError(value)
    y, m, d, hh, mm, ss = (int(g) if g else 0 for g in match.groups())
    return dt.datetime(y, m, d, hh, mm, ss)


def parse_rows(sheet: Sheet, header: Header, progress: Callable[[int, int], None] | None = None) -> Iterator[ParsedRow]:
    """One `ParsedRow` per non-blank row below the header."""
    body = sheet.rows[header.row :]
    for offset, row in enumerate(body):
        if progress is not None and offset % 50 == 0:
            progress(offset, len(body))
        if all(c is None or str(c).strip() == "" for c in row):
            continue
        yield parse_row(header.row + offset + 1, row, header.columns)
    if progress is not None:
        progress(len(body), len(body))


def _cell(row: Sequence[Any], columns: Mapping[str, int], name: str) -> Any:
    index = columns.get(name)
    return row[index] if index is not None and index < len(row) else None


def parse_row(number: int, row: Sequence[Any], columns: Mapping[str, int]) -> ParsedRow:
    values = {name: text(_cell(row, columns, name)) for name in LABELS if name in columns}
    errors: list[str] = []
    assigned = None
    try:
        assigned = moment(_cell(row, columns, "assigned_at"))
    except ValueError:
        errors.append(f"第{number}行“{LABELS['assigned_at']}”列：无法识别的日期“{values['assigned_at']}”")
    deadline, days = None, None
    raw = _cell(row, columns, "deadline")
    found = _DAYS_TEXT.match(text(raw)) if raw is not None and not isinstance(raw, float) else None
    if found is not None:
        days = int(found.group(1))
    else:
        try:
            limit = moment(raw)
            deadline = limit.date() if limit is not None else None
        except ValueError:
            errors.append(f"第{number}行“{LABELS['deadline']}”列：无法识别的期限“{values['deadline']}”")
    order = HotlineOrder(
        order_no=values.get("order_no", ""),
        order_type=values.get("order_type", ""),
        title=values.get("title", ""),
        caller=values.get("caller", ""),
        phone=values.get("phone", ""),
        content=values.get("content", ""),
        address=values.get("address", ""),
        assigned_at=assigned,
        deadline=deadline,
        host_unit=values.get("host_unit", ""),
    )
    errors += [f"第{number}行“{LABELS[e.path]}”列：{e.message}" for e in order_errors(order)]
    return ParsedRow(number, order, errors, days)
