"""12345 hotline work orders (docs/hotline.md): the order as the hotline platform hands it over, what the
committee does with it (签收, 转为案件, 关联, 退单, 延期) and the reply it owes the hotline, with the
rules that decide which of these steps an order in a given state allows. Pure: no I/O.

A reply, once sent to the hotline, is frozen: the hotline has it, so a change here would make the two
records disagree (docs/hotline.md, "Replies").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from mediator_app.domain.ids import phone_of
from mediator_app.domain.masking import mask_text
from mediator_app.errors import FieldError
from mediator_app.frozen import frozen

MAX_LINE = 200
MAX_TEXT = 20000


class OrderStatus(StrEnum):
    NEW = "新接收"
    SIGNED = "已签收"
    CONVERTED = "已转案件"
    LINKED = "已关联"
    RETURNED = "已退单"
    REPLIED = "已回复"


class ResultCode(StrEnum):
    """办理结果 as the committee states it; the platform's own codes are mapped per source (docs/hotline.md)."""

    SOLVED = "解决"
    PARTLY = "部分解决"
    UNSOLVED = "未解决"
    RETURNED = "退单"


# The statuses in which the order is still the committee's to answer.
OPEN_STATUSES = (OrderStatus.NEW, OrderStatus.SIGNED, OrderStatus.CONVERTED, OrderStatus.LINKED)

# What the import reads from the platform's file; a re-import compares exactly these.
IMPORTED_FIELDS = (
    "order_no",
    "order_type",
    "title",
    "caller",
    "phone",
    "content",
    "address",
    "assigned_at",
    "deadline",
    "host_unit",
)


@dataclass
class HotlineOrder:
    """One work order. The first block comes from the platform's export; the rest is the committee's."""

    order_no: str  # 工单编号, unique per committee
    order_type: str = ""  # 工单类型: 投诉举报 / 求助 / 咨询 / 建议 … (the reply time limit depends on it)
    title: str = ""
    caller: str = ""  # 来电人 / 反映人
    phone: str = ""  # 联系电话 (a `Phone` from __post_init__)
    content: str = ""  # 诉求内容
    address: str = ""  # 事发地址
    assigned_at: dt.datetime | None = None  # 交办时间
    deadline: dt.date | None = None  # 办结期限 as the platform set it (wins over the type's setting)
    host_unit: str = ""  # 主办单位
    status: OrderStatus = OrderStatus.NEW
    case_id: int | None = None  # the case it became or was attached to
    signed_at: dt.datetime | None = None
    signed_by: str = ""
    return_reason: str = ""  # 退单理由
    extension_reason: str = ""  # 延期: reason, new date, legal basis
    extension_until: dt.date | None = None
    extension_basis: str = ""
    reply_result: ResultCode | None = None
    reply_done: str = ""  # what was done
    reply_contact: str = ""  # when and with whom
    reply_agreement: str = ""  # the agreement reached
    reply_handler: str = ""
    reply_unit: str = ""
    replied_at: dt.datetime | None = None
    approved_by: str = ""  # the director who signed the reply off
    approved_at: dt.datetime | None = None
    sent_at: dt.datetime | None = None  # sent (exported) to the hotline: the reply is frozen from then on
    satisfaction: str = ""  # the hotline's return visit, imported back
    satisfaction_note: str = ""
    id: int | None = None

    def __post_init__(self) -> None:
        self.phone = phone_of(self.phone)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def reply_frozen(self) -> bool:
        return self.sent_at is not None

    def imported(self) -> tuple[object, ...]:
        """The values the platform's file sets, to tell an unchanged order from an updated one."""
        return tuple(getattr(self, name) for name in IMPORTED_FIELDS)

    def masked_phone(self) -> str:
        return phone_of(self.phone).masked()

    def masked_line(self) -> str:
        """One line for lists and logs: number, type, caller, masked phone, content with numbers masked."""
        content = mask_text(self.content.replace("\n", " "))
        short = content if len(content) <= 40 else content[:39] + "…"
        return f"{self.order_no}　{self.order_type}　{self.caller}　{self.masked_phone()}　{short}"


@frozen
class Reply:
    """办理情况回复: what the hotline is told (REPORTING.md §4.5 in docs/hotline.md)."""

    result: ResultCode
    done: str
    contact: str
    agreement: str
    handler: str
    unit: str


def order_errors(order: HotlineOrder) -> list[FieldError]:
    """What an imported order must have: its number, some content, a readable phone, sane lengths."""
    errors: list[FieldError] = []
    if not order.order_no.strip():
        errors.append(FieldError("order_no", "工单编号不能为空"))
    elif len(order.order_no) > 60:
        errors.append(FieldError("order_no", "工单编号过长（最多60个字符）"))
    if not order.content.strip():
        errors.append(FieldError("content", "诉求内容不能为空"))
    elif len(order.content) > MAX_TEXT:
        errors.append(FieldError("content", f"诉求内容过长（最多{MAX_TEXT}个字）"))
    problem = phone_of(order.phone).problem
    if problem:
        errors.append(FieldError("phone", problem))
    for name in ("caller", "address", "host_unit", "order_type", "title"):
        if len(getattr(order, name)) > MAX_LINE:
            errors.append(FieldError(name, f"内容过长（最多{MAX_LINE}个字）"))
    return errors


def reply_errors(reply: Reply) -> list[FieldError]:
    errors = []
    if not reply.done.strip():
        errors.append(FieldError("done", "请填写办理情况（做了什么）"))
    if not reply.handler.strip():
        errors.append(FieldError("handler", "请填写承办人"))
    if not reply.unit.strip():
        errors.append(FieldError("unit", "请填写承办单位"))
    if reply.result is ResultCode.SOLVED and not (reply.contact.strip() or reply.agreement.strip()):
        errors.append(FieldError("contact", "结果为“解决”时，请写明何时与谁沟通或达成的协议"))
    return errors


def step_refusal(order: HotlineOrder, step: str) -> str:
    """Why `step` is not possible for the order now ("" when it is). The steps: 签收, 转为案件, 关联,
    退单, 延期, 回复, 审签, 报送."""
    if order.reply_frozen:
        return f"工单{order.order_no}的回复已于{order.sent_at:%Y-%m-%d}报送热线，已冻结，不能再{step}"
    if step == "签收":
        return "" if order.status is OrderStatus.NEW else f"工单{order.order_no}已签收"
    if step in ("转为案件", "关联"):
        if order.case_id is not None:
            return f"工单{order.order_no}已对应一件案件，不能再{step}"
        return "" if order.status in (OrderStatus.NEW, OrderStatus.SIGNED) else _state(order, step)
    if step in ("退单", "延期"):
        return "" if order.is_open else _state(order, step)
    if step == "回复":  # a reply may be corrected until it is sent
        return "" if order.is_open or order.status is OrderStatus.REPLIED else _state(order, step)
    if step == "审签":
        return "" if order.reply_result is not None else f"工单{order.order_no}还没有填写回复，不能审签"
    # 报送
    return "" if order.approved_at is not None else f"工单{order.order_no}的回复还没有经主任审签，不能报送"


def _state(order: HotlineOrder, step: str) -> str:
    return f"工单{order.order_no}的状态是“{order.status}”，不能{step}"
