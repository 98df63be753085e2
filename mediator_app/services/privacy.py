"""Personal data on demand and the individual's rights (PIPL Arts. 44–46, 51; People's Mediation Law
Art. 15; docs/privacy.md).

- `reveal`: a party's full ID number or phone, shown only when asked for; the view is recorded in the
  audit trail in the same transaction (which case, which party, which kind of number: never the number).
- `correct_party`: a correction the person asked for (PIPL Art. 46), saved with the case and recorded
  as 更正个人信息 with who asked and which fields changed (numbers masked, other values not copied into
  the audit trail: the case itself holds them).
- `access_report`: everything held about one person, found by ID number (PIPL Art. 45), for the PDF
  `services.access_report` prints; the report's making is recorded too.

Everywhere else the numbers are masked (`domain.masking`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from enum import StrEnum

from sqlmodel import Session

from mediator_app.documents.access_report import AccessReport, HeldCase, HeldOrder, render_access_report
from mediator_app.domain.access import Permission
from mediator_app.domain.ids import normalise_id
from mediator_app.domain.labels import field_label
from mediator_app.domain.masking import mask_id, mask_phone, mask_text
from mediator_app.domain.model import Party, retention_years
from mediator_app.domain.stages import Stage
from mediator_app.domain.validation import validate_registration
from mediator_app.errors import UserFacingError
from mediator_app.frozen import frozen
from mediator_app.services.access import require
from mediator_app.storage import audit_query, hotline_repo, party_lookup, retention
from mediator_app.storage import repository as repo
from mediator_app.storage.database import Database

VIEW_ACTION = "查看个人信息"


class Revealed(StrEnum):
    ID_NUMBER = "证件号码"
    PHONE = "联系电话"


@frozen
class RevealedValue:
    case_number: str
    party_name: str
    what: Revealed
    value: str


def reveal(db: Database, case_id: int, party_seq: int, what: Revealed, actor: str = "") -> RevealedValue:
    """The party's full ID number or phone; the view is recorded (who, which case, whose, what kind)."""
    require(db, Permission.REVEAL)
    with db.unit_of_work() as session:
        case = repo.load_case(session, case_id)
        party = next((p for p in case.parties if p.seq == party_seq), None)
        if party is None:
            raise UserFacingError(f"案件{case.number}没有第{party_seq}位当事人")
        value = party.id_number if what is Revealed.ID_NUMBER else party.phone
        if not value.strip():
            raise UserFacingError(f"当事人{party.name}没有登记{what.value}")
        repo.add_audit(session, VIEW_ACTION, case_id, f"{case.number} 第{party_seq}位当事人的{what.value}", actor)
    return RevealedValue(case.number, party.name, what, value.strip())


# ---------------------------------------------------------------- correction (PIPL Art. 46)

CORRECTION_ACTION = "更正个人信息"
# Party fields a correction may change (the person's own data; role, kind and seq are the case's).
CORRECTABLE = ("name", "id_type", "id_number", "sex", "birth_date", "ethnicity", "occupation", "address", "phone")
_NUMBERS = {"id_number": mask_id, "phone": mask_phone}


def _changes(old: Party, new: Party) -> list[str]:
    out = []
    for name in CORRECTABLE:
        before, after = getattr(old, name), getattr(new, name)
        if before == after:
            continue
        label = field_label(f"parties[].{name}")
        mask = _NUMBERS.get(name)
        out.append(f"{label}（{mask(str(before)) or '空'}→{mask(str(after)) or '空'}）" if mask else label)
    return out


def correct_party(
    db: Database,
    case_id: int,
    corrected: Party,
    requested_by: str,
    today: dt.date | None = None,
    actor: str = "",
) -> list[str]:
    """Save the corrected fields of one party (matched by seq) and record the correction; returns the
    Chinese names of what changed. Nothing is written when nothing changed or the result is invalid."""
    require(db, Permission.EDIT)
    if not requested_by.strip():
        raise UserFacingError("请填写提出更正请求的人")
    with db.unit_of_work() as session:
        case = repo.load_case(session, case_id)
        index = next((i for i, p in enumerate(case.parties) if p.seq == corrected.seq), None)
        if index is None:
            raise UserFacingError(f"案件{case.number}没有第{corrected.seq}位当事人")
        old = case.parties[index]
        new = dataclasses.replace(old, **{name: getattr(corrected, name) for name in CORRECTABLE})
        changed = _changes(old, new)
        if not changed:
            raise UserFacingError("更正后的内容与原来相同，没有需要更正的内容")
        case.parties[index] = new
        validate_registration(case, today)
        repo.update_case(session, case)
        detail = f"{case.number} 应{requested_by.strip()}请求更正第{old.seq}位当事人的{'、'.join(changed)}"
        repo.add_audit(session, CORRECTION_ACTION, case_id, detail, actor)
    return changed


# ---------------------------------------------------------------- access (PIPL Art. 45)

REPORT_ACTION = "查阅个人信息报告"


def access_report(db: Database, id_number: str, today: dt.date, actor: str = "") -> AccessReport:
    """Everything held about the person with this ID number; the making of the report is recorded."""
    who = require(db, Permission.EXPORT)
    wanted = normalise_id(id_number)
    if len(wanted) < 15:
        raise UserFacingError("请输入完整的证件号码（居民身份证为18位）")
    held = []
    people: list[Party] = []  # the person's own entries, to recognise the person as a hotline caller
    numbers: dict[int, str] = {}
    with db.unit_of_work() as session:
        # A person of one committee reports what that committee holds (its own files, docs/centre.md);
        # the centre-wide account reports the whole centre's.
        home = who.committee_id
        committee = repo.get_committee(session, home) if home is not None else repo.first_committee(session)
        conn = repo.raw_connection(session)
        for case_id in party_lookup.case_ids_with_id_number(conn, wanted):
            case = repo.load_case(session, case_id)
            if not who.sees_committee(case.committee_id):
                continue
            own = tuple(p for p in case.parties if normalise_id(p.id_number) == wanted)
            people += own
            numbers[case_id] = case.number
            reps = tuple(
                f"{r.kind}（当事人：{p.name}）"
                for p in case.parties
                for r in p.representatives
                if normalise_id(r.id_number) == wanted
            )
            held.append(
                HeldCase(
                    case.number,
                    case.registered_on,
                    str(case.dispute_type),
                    str(case.status),
                    own,
                    reps,
                    audit_query.count_for_case(conn, case_id),
                )
            )
        orders = _orders_of(session, committee.id if committee else None, people, numbers)
        detail = f"证件号码{mask_id(wanted)}，{len(held)}件案件，{len(orders)}件热线工单"
        repo.add_audit(session, REPORT_ACTION, None, detail, actor)
    return AccessReport(wanted, today, committee.name if committee else "", tuple(held), orders)


def _digits(phone: str) -> str:
    return "".join(c for c in phone if c.isdigit())


def _orders_of(
    session: Session, committee_id: int | None, people: list[Party], numbers: dict[int, str]
) -> tuple[HeldOrder, ...]:
    """The 12345 orders whose caller is the person: the caller's phone is one the person gave in a case
    (the hotline knows callers by their number), or the order belongs to one of the person's cases and
    its caller bears the person's name. A name alone matches nobody (namesakes)."""
    if committee_id is None or not people:
        return ()
    phones = {d for p in people if len(d := _digits(p.phone)) >= 5}
    names = {p.name.strip() for p in people if p.name.strip()}
    held = []
    for order in hotline_repo.list_orders(session, committee_id):
        case_id = order.case_id
        own_case = case_id is not None and case_id in numbers and order.caller.strip() in names
        if not own_case and _digits(order.phone) not in phones:
            continue
        case_number = "" if case_id is None else numbers.get(case_id) or repo.load_case(session, case_id).number
        day = order.assigned_at.date() if order.assigned_at else None
        content = mask_text(order.content)
        held.append(
            HeldOrder(
                order.order_no,
                day,
                order.order_type,
                order.caller,
                str(order.phone),
                order.address,
                content,
                str(order.status),
                case_number,
            )
        )
    return tuple(held)


def access_report_pdf(db: Database, id_number: str, today: dt.date, actor: str = "") -> tuple[AccessReport, bytes]:
    """The access report and its PDF (the making recorded by `access_report`)."""
    report = access_report(db, id_number, today, actor)
    return report, render_access_report(report)


# ---------------------------------------------------------------- retention (保管期限)


@frozen
class RetentionDue:
    """An archived dossier past its 保管期限, for the director to decide (destroy, anonymise or keep)."""

    case_id: int
    number: str
    title: str  # masked (`domain.masking`)
    retention: str
    archived_on: dt.date
    expired_on: dt.date


def past_retention(db: Database, today: dt.date) -> list[RetentionDue]:
    """Archived dossiers whose retention, counted from the day they were archived, has run by `today`.
    永久 never runs. The program decides nothing: it lists."""
    require(db, Permission.ARCHIVE)
    with db.read_connection() as conn:
        archived = retention.archived_cases(conn, Stage.ARCHIVED.value)
    due = []
    for case_id, number, title, kept, archived_on in archived:
        years = retention_years(kept)
        if years is None:
            continue
        try:
            expires = archived_on.replace(year=archived_on.year + years)
        except ValueError:  # archived on 29 February
            expires = dt.date(archived_on.year + years, 3, 1)
        if expires <= today:
            due.append(RetentionDue(case_id, number, mask_text(title), kept, archived_on, expires))
    return due
