"""Replies to the hotline (docs/hotline.md, "Replies"): the signed-off replies of a period written as the
platform's import file (XLSX), the 办理情况回复单 printed for signing, and the hotline's satisfaction
results read back. Exporting sends: a reply in the file is frozen from then on (the hotline has it).
Every export, print and import is one transaction with its audit row.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from mediator_app.domain.access import Permission as P
from mediator_app.domain.access import PermissionDenied
from mediator_app.domain.hotline import HotlineOrder, ResultCode
from mediator_app.errors import UserFacingError
from mediator_app.frozen import frozen
from mediator_app.services.access import require
from mediator_app.services.cases import require_committee
from mediator_app.services.hotline.files import aliases, find_header, read_sheet, text
from mediator_app.services.hotline.orders import OTHER_COMMITTEE_ORDER
from mediator_app.services.xlsx_stream import workbook
from mediator_app.storage import hotline_repo
from mediator_app.storage import repository as repo
from mediator_app.storage.database import Database

# The result codes one platform uses (REPORTING.md §4.3, in docs/hotline.md); another source maps its own.
PLATFORM_CODES = {ResultCode.SOLVED: 0, ResultCode.UNSOLVED: 1, ResultCode.PARTLY: 2, ResultCode.RETURNED: 3}
REPLY_COLUMNS = (
    "工单编号",
    "办理结果",
    "办理结果代码",
    "回复内容",
    "沟通情况",
    "达成协议",
    "退单理由",
    "延期理由",
    "延期至",
    "延期依据",
    "承办人",
    "承办单位",
    "办理时间",
    "审签人",
    "审签时间",
)
SATISFACTION_VALUES = ("非常满意", "满意", "基本满意", "理解", "不满意")


def _stamp(moment: dt.datetime | None) -> str:
    return f"{moment:%Y-%m-%d %H:%M:%S}" if moment is not None else ""


def reply_cells(order: HotlineOrder) -> list[object]:
    result = order.reply_result
    return [
        order.order_no,
        result.value if result else "",
        PLATFORM_CODES[result] if result else "",
        order.reply_done,
        order.reply_contact,
        order.reply_agreement,
        order.return_reason,
        order.extension_reason,
        order.extension_until.isoformat() if order.extension_until else "",
        order.extension_basis,
        order.reply_handler,
        order.reply_unit,
        _stamp(order.replied_at),
        order.approved_by,
        _stamp(order.approved_at),
    ]


def export_replies(db: Database, first: dt.date, last: dt.date, now: dt.datetime | None = None) -> tuple[bytes, int]:
    """(XLSX bytes, number of replies): the replies signed off from `first` to `last` (both included),
    in the platform's import layout. Those not sent before are marked sent now, and so frozen."""
    require(db, P.EXPORT)
    if last < first:
        raise UserFacingError("结束日期不能早于开始日期")
    committee_id = require_committee(db).id
    assert committee_id is not None
    now = now or dt.datetime.now()
    start, end = dt.datetime.combine(first, dt.time()), dt.datetime.combine(last + dt.timedelta(days=1), dt.time())
    with db.unit_of_work() as session:
        orders = hotline_repo.replies_between(session, committee_id, start, end)
        for order in orders:
            if order.sent_at is None:
                hotline_repo.save(session, dataclasses.replace(order, sent_at=now))
        detail = f"{first:%Y-%m-%d}至{last:%Y-%m-%d}，{len(orders)}条"
        repo.add_audit(session, "导出12345工单回复", None, detail)
    data = workbook([("工单回复", REPLY_COLUMNS, [reply_cells(o) for o in orders])])
    return data, len(orders)


def reply_slip(db: Database, order_id: int) -> bytes:
    """The 办理情况回复单 of one order as PDF; the print is audited."""
    actor = require(db, P.PRINT)
    from mediator_app.services.printing.hotline import reply_slip_pdf

    with db.unit_of_work() as session:
        try:
            order = hotline_repo.get(session, order_id)
            committee = repo.get_committee(session, hotline_repo.committee_of(session, order_id))
        except LookupError:
            raise UserFacingError("找不到这张12345工单（可能已被删除）") from None
        # The slip carries the name of the committee the order was assigned to (docs/centre.md).
        if not actor.sees_committee(committee.id):
            raise PermissionDenied(OTHER_COMMITTEE_ORDER)
        if order.reply_result is None:
            raise UserFacingError(f"工单{order.order_no}还没有填写回复，不能打印回复单")
        repo.add_audit(session, "打印12345回复单", order.case_id, order.order_no)
    return reply_slip_pdf(order, committee.name)


@frozen
class SatisfactionResult:
    updated: int
    problems: list[str]  # rows not read, each naming its row


def import_satisfaction(db: Database, path: Path) -> SatisfactionResult:
    """The hotline's return-visit results (满意度, 不满原因) read back onto the orders, in one
    transaction; a row whose order is not here, or whose value is not a known result, is named."""
    require(db, P.EDIT)
    committee_id = require_committee(db).id
    assert committee_id is not None
    sheet = read_sheet(path)
    header = find_header(sheet, aliases("satisfaction"), path.name)
    cols = header.columns
    rows = []
    problems = []
    for number, row in enumerate(sheet.rows[header.row :], header.row + 1):
        cells = {f: text(row[i]) if i < len(row) else "" for f, i in cols.items()}
        if not any(cells.values()):
            continue
        if cells["satisfaction"] not in SATISFACTION_VALUES:
            problems.append(f"第{number}行“满意度”列：无法识别“{cells['satisfaction']}”")
            continue
        rows.append((number, cells))
    updated = 0
    with db.unit_of_work() as session:
        stored = hotline_repo.by_numbers(session, committee_id, [c["order_no"] for _, c in rows])
        for number, cells in rows:
            order = stored.get(cells["order_no"])
            if order is None:
                problems.append(f"第{number}行：本委员会没有工单{cells['order_no']}")
                continue
            note = cells.get("satisfaction_note", "")
            hotline_repo.save(
                session, dataclasses.replace(order, satisfaction=cells["satisfaction"], satisfaction_note=note)
            )
            updated += 1
        repo.add_audit(session, "导入12345回访结果", None, f"{path.name}：{updated}条")
    return SatisfactionResult(updated, problems)
