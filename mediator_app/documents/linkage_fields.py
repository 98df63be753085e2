"""The printable values of the linkage papers (docs/linkage.md): the committee's phone and the next
step on the 受理回执, and each field of a 工作联系单 (scope ``work_order``, forms with
``"each": "work_order"``). Registered in `fields.FIELDS` with the rest.
"""

from __future__ import annotations

from collections.abc import Callable

from mediator_app.documents.context import DocumentContext, Item
from mediator_app.documents.field_def import FieldDef
from mediator_app.documents.texts import date_text
from mediator_app.domain.linkage import WorkOrder
from mediator_app.domain.numerals import chinese_count


def _doc(key: str, label: str, get: Callable[[DocumentContext], str], path: str, blank: int = 8) -> FieldDef:
    return FieldDef(key, label, "document", lambda ctx, _item: get(ctx), lambda _c, _i: path, blank)


def _next_text(ctx: DocumentContext) -> str:
    return ctx.next_step.text if ctx.next_step else ""


def _next_due(ctx: DocumentContext) -> str:
    return date_text(ctx, ctx.next_step.due) if ctx.next_step else ""


def _next_basis(ctx: DocumentContext) -> str:
    return ctx.next_step.basis if ctx.next_step else ""


def _order(item: Item | None) -> WorkOrder | None:
    return item.work_order if item else None


def _order_path(name: str) -> Callable[[DocumentContext, Item | None], str]:
    return lambda _ctx, item: f"work_orders[{item.index if item else 0}].{name}"


def _order_text(name: str) -> Callable[[DocumentContext, Item | None], str]:
    def get(_ctx: DocumentContext, item: Item | None) -> str:
        order = _order(item)
        return str(getattr(order, name)).strip() if order else ""

    return get


def _order_date(name: str) -> Callable[[DocumentContext, Item | None], str]:
    def get(ctx: DocumentContext, item: Item | None) -> str:
        order = _order(item)
        return date_text(ctx, getattr(order, name)) if order else ""

    return get


def _order_number(ctx: DocumentContext, item: Item | None) -> str:
    order = _order(item)
    return order.number(ctx.case.number) if order else ""


def _limit(_ctx: DocumentContext, item: Item | None) -> str:
    order = _order(item)
    return f"{chinese_count(order.limit_days)}个工作日" if order else ""


def _field(name: str, label: str, get: Callable[[DocumentContext, Item | None], str], blank: int = 8) -> FieldDef:
    return FieldDef(f"work_order.{name}", label, "work_order", get, _order_path(name), blank)


LINKAGE_FIELDS = [
    _doc("committee.phone", "委员会联系电话", lambda c: c.committee.phone, "committee.phone", 8),
    _doc("receipt.next_step", "下一步", _next_text, "status", 14),
    _doc("receipt.next_due", "下一步的期限", _next_due, "status"),
    _doc("receipt.next_basis", "期限的依据", _next_basis, "status", 14),
    _field("number", "联系单编号", _order_number, 10),
    _field("unit", "协办单位", _order_text("unit"), 10),
    _field("matter", "协办事项", _order_text("matter"), 14),
    _field("action", "请求事项", _order_text("action"), 14),
    _field("limit_days", "办理时限", _limit, 6),
    _field("issued_on", "发函日期", _order_date("issued_on")),
    _field("due_on", "回复期限", _order_date("due_on")),
    _field("issued_by", "发函人", _order_text("issued_by"), 6),
    _field("replied_on", "回复日期", _order_date("replied_on")),
    _field("reply", "回复内容", _order_text("reply"), 14),
    _field("reply_by", "回复人", _order_text("reply_by"), 6),
]
