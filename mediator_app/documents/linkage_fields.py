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
from mediator_app.domain.terms import clause
from mediator_app.errors import FieldError


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


def _legal(name: str, label: str, blank: int = 8) -> FieldDef:
    def get(ctx: DocumentContext, item: Item | None) -> str:
        request = item.legal if item else None
        if request is None:
            return ""
        value = getattr(request, name)
        return date_text(ctx, value) if name.endswith("_on") else str(value).strip()

    return FieldDef(
        f"legal.{name}",
        label,
        "legal_support",
        get,
        lambda _c, i: f"legal_requests[{i.index if i else 0}].{name}",
        blank,
    )


def _field(name: str, label: str, get: Callable[[DocumentContext, Item | None], str], blank: int = 8) -> FieldDef:
    return FieldDef(f"work_order.{name}", label, "work_order", get, _order_path(name), blank)


# ---------------------------------------------------------------- the result told to a referring court


def referral_outcome(ctx: DocumentContext) -> tuple[str, str, str]:
    """(the result as told to the court, what is attached, the field it comes from); empty while the
    mediation has no result. A termination or a refusal is a failure, so that the court can file the case."""
    s = ctx.state
    if s.termination_reason.strip():
        return (
            f"经调解，双方当事人未能达成协议，本委员会已于{date_text(ctx, s.terminated_on or ctx.event_date('终止调解'))}终止调解。原因：{clause(s.termination_reason)}。请贵院依法登记立案或者另行处理。",
            "终止调解告知书一份",
            "state.termination_reason",
        )
    if s.decline_reason.strip():
        return (
            f"本委员会未予受理。理由：{clause(s.decline_reason)}。请贵院依法登记立案或者另行处理。",
            "不予受理告知书一份",
            "state.decline_reason",
        )
    if s.oral_content.strip():
        return (
            f"经调解，双方当事人于{date_text(ctx, s.oral_reached_on)}自愿达成口头调解协议，内容：{clause(s.oral_content)}。",
            "人民调解口头协议登记表一份",
            "state.oral_content",
        )
    if ctx.case.agreement is not None and s.effective_on is not None:
        return (
            f"经调解，双方当事人自愿达成调解协议，协议于{date_text(ctx, s.effective_on)}生效。当事人可以自协议生效之日起三十日内共同向贵院申请司法确认（《人民调解法》第三十三条）。",
            "人民调解协议书一份",
            "state.parties_signed_on",
        )
    return "", "", "status"


def linkage_requirement_errors(name: str, ctx: DocumentContext) -> list[FieldError]:
    """What the linkage papers need before they can exist (``"requires"`` in their form files)."""
    if name == "referral" and not ctx.case.referral_court.strip():
        return [FieldError("referral_court", "本案不是人民法院委派（委托）调解的案件，或者没有填写委派法院")]
    if name == "referral_result" and not referral_outcome(ctx)[0]:
        return [FieldError("status", "本案还没有调解结果（未达成生效的协议，也未终止调解），不能告知法院")]
    return []


LINKAGE_FIELDS = [
    _doc("committee.phone", "委员会联系电话", lambda c: c.committee.phone, "committee.phone", 8),
    _doc("receipt.next_step", "下一步", _next_text, "status", 14),
    _doc("receipt.next_due", "下一步的期限", _next_due, "status"),
    _doc("receipt.next_basis", "期限的依据", _next_basis, "status", 14),
    FieldDef(
        "referral.outcome",
        "调解结果",
        "document",
        lambda ctx, _item: referral_outcome(ctx)[0],
        lambda ctx, _item: referral_outcome(ctx)[2],
        14,
    ),
    _doc("referral.attachments", "随附材料", lambda c: referral_outcome(c)[1], "status", 10),
    _legal("recipient", "申请对象", 10),
    _legal("summary", "案情摘要", 14),
    _legal("question", "需要解答的法律问题", 14),
    _legal("asked_on", "申请日期"),
    _legal("asked_by", "申请人", 6),
    _legal("answered_on", "答复日期"),
    _legal("answer", "答复意见", 14),
    _legal("answered_by", "答复人", 6),
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
