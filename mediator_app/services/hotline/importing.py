"""Importing a 12345 platform export (docs/hotline.md, "Import"): first a preview that says what each
row becomes (新增 / 更新 / 无变化 / 错误, with the reason naming row and column), then the import of
the same file in one transaction. Idempotent: an order is found by its number, so importing the file
again changes nothing, and an order the platform changed updates only what the platform's file sets
(never the committee's own work on it). Rows with an error are not imported and are listed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path

from mediator_app.domain.access import Permission as P
from mediator_app.domain.hotline import IMPORTED_FIELDS, HotlineOrder
from mediator_app.frozen import frozen
from mediator_app.procedure.hotline import add_working_days
from mediator_app.services.access import require
from mediator_app.services.calendar import holiday_calendar
from mediator_app.services.cases import require_committee
from mediator_app.services.hotline.files import ParsedRow, aliases, find_header, parse_rows, read_sheet
from mediator_app.storage import hotline_repo
from mediator_app.storage import repository as repo
from mediator_app.storage.database import Database

Progress = Callable[[int, int], None]


class RowKind(StrEnum):
    NEW = "新增"
    UPDATE = "更新"
    SAME = "无变化"
    ERROR = "错误"


@frozen
class PreviewLine:
    row: int
    kind: RowKind
    order_no: str
    text: str  # masked: number, type, caller, phone masked, content; or the reasons of an error
    order: HotlineOrder | None = None


@frozen
class Preview:
    file_name: str
    header_row: int
    lines: list[PreviewLine]

    def count(self, kind: RowKind) -> int:
        return sum(1 for line in self.lines if line.kind is kind)

    def summary(self) -> str:
        counts = "，".join(f"{k.value}{self.count(k)}条" for k in RowKind if self.count(k))
        return f"“{self.file_name}”（表头在第{self.header_row}行）：{counts or '没有工单'}"


def _parsed(path: Path, progress: Progress | None) -> tuple[int, list[ParsedRow]]:
    sheet = read_sheet(path)
    header = find_header(sheet, aliases(), path.name)
    rows = list(parse_rows(sheet, header, progress))
    calendar = holiday_calendar()
    for r in rows:  # 办理时限 given as working days counts from the assignment
        if r.order is not None and r.deadline_days is not None and r.order.assigned_at is not None:
            r.order.deadline = add_working_days(r.order.assigned_at.date(), r.deadline_days, calendar)
    return header.row, rows


def _lines(rows: list[ParsedRow], stored: dict[str, HotlineOrder]) -> list[PreviewLine]:
    lines: list[PreviewLine] = []
    seen: dict[str, ParsedRow] = {}
    for r in rows:
        order = r.order
        assert order is not None
        no = order.order_no
        first = seen.get(no)
        if (
            not r.errors
            and first is not None
            and first.order is not None
            and first.order.imported() != order.imported()
        ):
            r.errors.append(f"第{r.row}行：工单编号{no}与第{first.row}行相同但内容不同，请核对导出文件")
        if r.errors:
            lines.append(PreviewLine(r.row, RowKind.ERROR, no, "；".join(r.errors)))
            continue
        if first is not None:
            lines.append(PreviewLine(r.row, RowKind.SAME, no, f"与第{first.row}行重复，只导入一次"))
            continue
        seen[no] = r
        lines.append(_line(r.row, order, stored.get(no)))
    return lines


def _line(row: int, order: HotlineOrder, old: HotlineOrder | None) -> PreviewLine:
    if old is None:
        return PreviewLine(row, RowKind.NEW, order.order_no, order.masked_line(), order)
    if old.imported() == order.imported():
        return PreviewLine(row, RowKind.SAME, order.order_no, order.masked_line())
    if old.reply_frozen:
        text = f"第{row}行：工单{order.order_no}的回复已报送热线，平台的新内容不能再更新它"
        return PreviewLine(row, RowKind.ERROR, order.order_no, text)
    changed = dataclasses.replace(old, **{f: getattr(order, f) for f in IMPORTED_FIELDS})
    return PreviewLine(row, RowKind.UPDATE, order.order_no, order.masked_line(), changed)


def _preview(db: Database, path: Path, progress: Progress | None) -> Preview:
    committee_id = require_committee(db).id
    assert committee_id is not None
    header_row, rows = _parsed(path, progress)
    with db.reader() as session:
        stored = hotline_repo.by_numbers(session, committee_id, [r.order.order_no for r in rows if r.order])
    return Preview(path.name, header_row, _lines(rows, stored))


def preview_file(db: Database, path: Path, progress: Progress | None = None) -> Preview:
    """What importing `path` would do, row by row; nothing is written."""
    require(db, P.REGISTER)
    return _preview(db, path, progress)


def import_file(db: Database, path: Path, progress: Progress | None = None) -> Preview:
    """Import `path`: every new and changed order in one transaction, one audit row for the file. The
    preview is made again inside, so what is written is what the file holds now."""
    require(db, P.REGISTER)
    committee_id = require_committee(db).id
    assert committee_id is not None
    preview = _preview(db, path, progress)
    new = [line.order for line in preview.lines if line.kind is RowKind.NEW and line.order is not None]
    changed = [line.order for line in preview.lines if line.kind is RowKind.UPDATE and line.order is not None]
    with db.unit_of_work() as session:
        hotline_repo.add_many(session, committee_id, new)
        for order in changed:
            hotline_repo.save(session, order)
        repo.add_audit(session, "导入12345工单", None, preview.summary())
    return preview
