"""What a committee does with a 12345 work order (docs/hotline.md): sign for it, turn it into a case or
attach it to one, return it, extend it, write the reply and have the director sign it off; and the
orders' time limits in 今日待办. Each step is one transaction with its audit row; the audit and the
logs name the order by its number, never the caller's phone. Times are local wall-clock times the
caller passes (the injected clock).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from sqlmodel import Session

from mediator_app.domain.access import Actor, PermissionDenied
from mediator_app.domain.access import Permission as P
from mediator_app.domain.hotline import (
    OPEN_STATUSES,
    HotlineOrder,
    OrderStatus,
    Reply,
    ResultCode,
    reply_errors,
    step_refusal,
)
from mediator_app.domain.model import Case, CaseSource, Party, PartyKind, PartyRole
from mediator_app.domain.validation import validate_registration
from mediator_app.errors import FieldError, UserFacingError, ValidationError
from mediator_app.paths import resource_path, user_data_dir
from mediator_app.procedure.deadlines import todo
from mediator_app.procedure.hotline import DEFAULT_TYPE, order_due_items
from mediator_app.services.access import require, require_case
from mediator_app.services.calendar import holiday_calendar
from mediator_app.services.cases import require_committee
from mediator_app.services.procedure_view import TodoItem
from mediator_app.storage import hotline_repo
from mediator_app.storage import repository as repo
from mediator_app.storage.database import Database

USER_DEADLINES = "hotline-deadlines.json"


@lru_cache(maxsize=4)
def days_by_type(user_dir: Path | None = None) -> dict[str, int]:
    """Working days to reply, per order type: the shipped defaults, then the committee's own file in the
    data folder (`hotline-deadlines.json`, same format) over them."""
    days: dict[str, int] = {}
    for path in (resource_path("hotline", "deadlines.json"), (user_dir or user_data_dir()) / USER_DEADLINES):
        if not path.exists():
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))["working_days"]
            days.update({str(k): int(v) for k, v in data.items() if int(v) >= 0})
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise UserFacingError(f"12345工单回复时限设置无法读取（{path}）：{exc}") from None
    days.setdefault(DEFAULT_TYPE, 5)
    return days


ORDER_NOT_FOUND = "找不到这张12345工单（可能已被删除）"
OTHER_COMMITTEE_ORDER = "这张12345工单派给了本中心的另一个调委会，您所在的调委会不能查看或办理"


def list_orders(db: Database, statuses: Iterable[OrderStatus] = ()) -> list[HotlineOrder]:
    """The orders of the person's committee; every committee's for a centre-wide account."""
    actor = require(db, P.VIEW)
    with db.reader() as session:
        return hotline_repo.list_orders(session, actor.committee_id, [s.value for s in statuses])


def get_order(db: Database, order_id: int) -> HotlineOrder:
    actor = require(db, P.VIEW)
    with db.reader() as session:
        return _get(session, order_id, actor)


def orders_of_case(db: Database, case_id: int) -> list[HotlineOrder]:
    """The 12345 orders on a case, with their replies and the hotline's satisfaction results (the case view)."""
    require(db, P.VIEW)
    with db.reader() as session:
        return hotline_repo.of_case(session, case_id)


def _get(session: Session, order_id: int, actor: Actor | None) -> HotlineOrder:
    """The order, if it is the acting person's committee's (every order for a centre-wide account)."""
    try:
        order = hotline_repo.get(session, order_id)
        committee_id = hotline_repo.committee_of(session, order_id)
    except LookupError:
        raise UserFacingError(ORDER_NOT_FOUND) from None
    if actor is not None and not actor.sees_committee(committee_id):
        raise PermissionDenied(OTHER_COMMITTEE_ORDER)
    return order


def _apply(db: Database, order_id: int, step: str, detail: str, **changes: object) -> HotlineOrder:
    """One step on one order: refused with the reason when the order's state does not allow it."""
    with db.unit_of_work() as session:
        order = _get(session, order_id, db.actor)
        refusal = step_refusal(order, step)
        if refusal:
            raise UserFacingError(refusal)
        saved = hotline_repo.save(session, dataclasses.replace(order, **changes))  # type: ignore[arg-type]
        repo.add_audit(session, f"12345工单{step}", saved.case_id, f"{saved.order_no}{detail}")
    return saved


def sign_order(db: Database, order_id: int, now: dt.datetime | None = None) -> HotlineOrder:
    """签收: the committee takes the order on (within one working day of the assignment)."""
    actor = require(db, P.EDIT)
    now = now or dt.datetime.now()
    return _apply(db, order_id, "签收", "", status=OrderStatus.SIGNED, signed_at=now, signed_by=actor.display_name)


def convert_to_case(
    db: Database, order_id: int, dispute_type: str, respondent: Party, today: dt.date | None = None
) -> Case:
    """转为案件: a new case from the order (source 12345, the order number as its reference, the caller
    as applicant and `respondent` as the other side), registered and linked in one transaction."""
    actor = require(db, P.REGISTER)
    today = today or dt.date.today()
    committee = require_committee(db)
    with db.unit_of_work() as session:
        order = _get(session, order_id, actor)
        refusal = step_refusal(order, "转为案件")
        if refusal:
            raise UserFacingError(refusal)
        case = _case_of(order, dispute_type, respondent, today)
        validate_registration(case, today)
        saved = repo.insert_case(session, case, committee)
        repo.add_audit(session, "登记案件", saved.id, f"{saved.number}（12345工单{order.order_no}）")
        linked = dataclasses.replace(order, status=OrderStatus.CONVERTED, case_id=saved.id)
        if linked.signed_at is None:  # taking the order on as a case is signing for it
            linked.signed_at, linked.signed_by = (
                dt.datetime.combine(today, dt.datetime.now().time()),
                actor.display_name,
            )
        hotline_repo.save(session, linked)
        repo.add_audit(session, "12345工单转为案件", saved.id, f"{order.order_no} → {saved.number}")
    return saved


def caller_party(order: HotlineOrder) -> Party:
    """The caller as the applicant of a case (and as the probe of the earlier-disputes check)."""
    return Party(
        1, PartyRole.APPLICANT, PartyKind.PERSON, order.caller.strip(), address=order.address, phone=order.phone
    )


def _case_of(order: HotlineOrder, dispute_type: str, respondent: Party, today: dt.date) -> Case:
    caller = caller_party(order)
    other = dataclasses.replace(respondent, seq=2, role=PartyRole.RESPONDENT)
    return Case(
        dispute_type=dispute_type,
        source=CaseSource.HOTLINE_12345,
        registered_on=today,
        facts=order.content,
        title=order.title,
        source_ref=order.order_no,
        parties=[caller, other],
    )


def link_to_case(db: Database, order_id: int, case_id: int) -> HotlineOrder:
    """关联到已有案件: the order is about a dispute already on file (a repeated call, say)."""
    actor = require(db, P.EDIT)
    with db.reader() as session:
        try:
            case = repo.load_case(session, case_id)
        except LookupError:
            raise UserFacingError("找不到要关联的案件") from None
    require_case(actor, case)
    return _apply(db, order_id, "关联", f" → {case.number}", status=OrderStatus.LINKED, case_id=case_id)


def return_order(db: Database, order_id: int, reason: str, now: dt.datetime | None = None) -> HotlineOrder:
    """退单: the matter is not the committee's; the reason goes back to the hotline as the reply."""
    actor = require(db, P.EDIT)
    if not reason.strip():
        raise ValidationError([FieldError("return_reason", "请填写退单理由")])
    now = now or dt.datetime.now()
    return _apply(
        db,
        order_id,
        "退单",
        "",
        status=OrderStatus.RETURNED,
        return_reason=reason.strip(),
        reply_result=ResultCode.RETURNED,
        reply_done=reason.strip(),
        reply_handler=actor.display_name,
        replied_at=now,
    )


def extend_order(
    db: Database, order_id: int, reason: str, until: dt.date, basis: str, today: dt.date | None = None
) -> HotlineOrder:
    """延期: the hotline office approved a later date (reason, new date, legal basis all required)."""
    require(db, P.EDIT)
    today = today or dt.date.today()
    errors = []
    if not reason.strip():
        errors.append(FieldError("extension_reason", "请填写延期理由"))
    if until <= today:
        errors.append(FieldError("extension_until", "延期后的期限应晚于今天"))
    if not basis.strip():
        errors.append(FieldError("extension_basis", "请填写延期依据（如热线办批准文号或规定条款）"))
    if errors:
        raise ValidationError(errors)
    detail = f"，延期至{until:%Y-%m-%d}"
    return _apply(
        db, order_id, "延期", detail, extension_reason=reason.strip(), extension_until=until, extension_basis=basis
    )


def save_reply(db: Database, order_id: int, reply: Reply, now: dt.datetime | None = None) -> HotlineOrder:
    """回复: what the hotline will be told; a changed reply needs the director's sign-off again."""
    require(db, P.EDIT)
    errors = reply_errors(reply)
    if errors:
        raise ValidationError(errors)
    now = now or dt.datetime.now()
    return _apply(
        db,
        order_id,
        "回复",
        f"（{reply.result}）",
        status=OrderStatus.REPLIED,
        reply_result=reply.result,
        reply_done=reply.done.strip(),
        reply_contact=reply.contact.strip(),
        reply_agreement=reply.agreement.strip(),
        reply_handler=reply.handler.strip(),
        reply_unit=reply.unit.strip(),
        replied_at=now,
        approved_by="",
        approved_at=None,
    )


def approve_reply(db: Database, order_id: int, now: dt.datetime | None = None) -> HotlineOrder:
    """审签: the director signs the reply off; only a signed-off reply is exported to the hotline."""
    actor = require(db, P.APPROVE)
    now = now or dt.datetime.now()
    return _apply(db, order_id, "审签", "", approved_by=actor.display_name, approved_at=now)


def todo_items(db: Database, today: dt.date, soon: int = 3) -> list[TodoItem]:
    """The open orders' time limits for 今日待办: unsigned, due soon (yellow) and overdue (red)."""
    actor = require(db, P.VIEW)
    with db.reader() as session:  # a new file before its first-run dialog has no committee and no orders
        orders = hotline_repo.list_orders(session, actor.committee_id, [s.value for s in OPEN_STATUSES])
    days, calendar = days_by_type(), holiday_calendar()
    out = []
    for order in orders:
        for item in todo(order_due_items(order, days, calendar, today), soon):
            title = f"12345工单　{order.caller}　{order.order_type}".rstrip()
            out.append(TodoItem(order.case_id or 0, order.order_no, title, item))
    return out
