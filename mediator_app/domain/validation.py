"""Validation of a case before it is saved or printed.

Each rule yields a `FieldError` whose path names the field (``parties[1].id_number``, 0-based list
index) so that a dialog can show the message beside the widget and an import can name the JSON path.
Validation also normalises values it checks (ID numbers upper-cased, sex and birth date derived).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from mediator_app.domain.ids import id_number_of, phone_of
from mediator_app.domain.labels import LABELS
from mediator_app.domain.messages import empty, too_long
from mediator_app.domain.model import (
    DISPUTE_TYPES,
    RETENTION_PERIODS,
    Agreement,
    Capacity,
    Case,
    IdType,
    Party,
    Representative,
    RepresentativeKind,
    Term,
)
from mediator_app.errors import FieldError, ValidationError

MAX_NAME = 100
MAX_TEXT = 20000
# What the documents are tested to print (tests/integration/test_entry_limits.py: 100 parties and 100
# clauses print every form); 1,000 parties or terms were accepted before and made printing fail.
MAX_PARTIES = 100
# The short party fields with the length of their database column (storage/tables.py), so that nothing
# accepted here is cut off or refused by a stricter database (PostgreSQL enforces VARCHAR lengths);
# tests/integration/test_field_limits.py holds the two side by side and prints the longest on every form.
PARTY_TEXT_LIMITS = {"ethnicity": 20, "occupation": 100, "legal_rep_title": 50}
MAX_TERMS = 100
# Dates a dispute file can hold: nothing registered before 2000, nobody born before 1900, no clause due
# after 2200 (a year-0001 date from a file was accepted and then broke every deadline computed from it).
EARLIEST_REGISTRATION = dt.date(2000, 1, 1)
EARLIEST_BIRTH = dt.date(1900, 1, 1)
LATEST_DEADLINE = dt.date(2200, 12, 31)
# Control characters and the invisible direction marks that can make a printed name read backwards
# (U+202A–U+202E, U+2066–U+2069, U+200E/U+200F) have no place in a name.
_HIDDEN = re.compile("[\x00-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _name(path: str, value: str, label: str) -> Iterator[FieldError]:
    """A name: required, at most `MAX_NAME` characters, no control or direction characters."""
    yield from _required(path, value, label)
    if _HIDDEN.search(value):
        yield FieldError(path, f"{label}含有看不见的控制字符，请删除后重新输入")


def _required(path: str, value: str, label: str, limit: int = MAX_NAME) -> Iterator[FieldError]:
    if not value.strip():
        yield FieldError(path, empty(label))
    elif len(value) > limit:
        yield FieldError(path, too_long(label, limit, len(value)))


def _optional(path: str, value: str, label: str, limit: int = MAX_NAME) -> Iterator[FieldError]:
    if len(value) > limit:
        yield FieldError(path, too_long(label, limit, len(value)))


def _phone(path: str, value: str) -> Iterator[FieldError]:
    problem = phone_of(value).problem
    if problem:
        yield FieldError(path, problem)


def check_id(path: str, id_type: IdType, number: str, today: dt.date) -> Iterator[FieldError]:
    if number.strip() and id_type.has_checksum:
        problem = id_number_of(number).problem_on(today)
        if problem:
            yield FieldError(path, problem)
    elif len(number) > 40:
        yield FieldError(path, "证件号码过长")


def normalise_party(party: Party, today: dt.date) -> None:
    """Derive sex and birth date from a valid ID number; normalise codes. Leaves invalid input as typed."""
    party.name = party.name.strip()
    if party.is_person and party.id_type.has_checksum and party.id_number.strip():
        number = party.id_value
        rid = number.resident
        if rid is None or number.problem_on(today):
            return
        party.id_number, party.birth_date = number.canonical(), rid.birth_date
        party.sex = party.sex or rid.sex
    if not party.is_person and party.uscc.strip():
        code = party.uscc_value
        if code.problem:
            return
        party.uscc = code.canonical()


def _party_errors(i: int, party: Party, today: dt.date) -> Iterator[FieldError]:
    base = f"parties[{i}]"
    label = "姓名" if party.is_person else "名称"
    yield from _name(f"{base}.name", party.name, label)
    yield from _phone(f"{base}.phone", party.phone)
    yield from _optional(f"{base}.address", party.address, LABELS["parties[].address"], 200)
    for key, limit in PARTY_TEXT_LIMITS.items():
        yield from _optional(f"{base}.{key}", getattr(party, key), LABELS[f"parties[].{key}"], limit)
    if party.is_person:
        yield from _person_errors(base, party, today)
    else:
        yield from _organisation_errors(base, party)
    for j, rep in enumerate(party.representatives):
        yield from _representative_errors(f"{base}.representatives[{j}]", rep, today)


def _person_errors(base: str, party: Party, today: dt.date) -> Iterator[FieldError]:
    yield from check_id(f"{base}.id_number", party.id_type, party.id_number, today)
    if party.sex and party.sex not in ("男", "女"):
        yield FieldError(f"{base}.sex", "性别应为“男”或“女”")
    if party.id_type.has_checksum and party.id_number.strip():
        number = party.id_value
        rid = None if number.problem_on(today) else number.resident
        if rid and party.sex and party.sex != rid.sex:
            yield FieldError(f"{base}.sex", f"性别与身份证号码不符（号码显示为{rid.sex}）")
        if rid and party.birth_date and party.birth_date != rid.birth_date:
            yield FieldError(f"{base}.birth_date", "出生日期与身份证号码不符")
    if party.birth_date and party.birth_date > today:
        yield FieldError(f"{base}.birth_date", "出生日期不能晚于今天")
    elif party.birth_date and party.birth_date < EARLIEST_BIRTH:
        yield FieldError(f"{base}.birth_date", "出生日期不在合理范围内（应在1900年以后）")
    if needs_guardian(party, today):
        yield FieldError(f"{base}.representatives", guardian_needed_message(party, today))


# An adult who cannot (Art. 21) or cannot fully (Art. 22) understand his acts acts through his guardian,
# his statutory agent (Art. 23), appointed in the order of Art. 28.
ADULT_ARTICLE = {Capacity.NONE: "第二十一条", Capacity.LIMITED: "第二十二条"}


def guardian_needed_message(party: Party, day: dt.date, on: str = "") -> str:
    """Why `party` needs a statutory agent on `day` (`on`: the day's text when it is not today)."""
    age = party_age(party, day)
    when = f"在协议签订之日（{on}）" if on else ""
    if age is not None and age < 18:
        return f"{party.name}{when}未满十八周岁，须填写法定代理人（监护人）（《民法典》第十九条、第二十三条）"
    article = ADULT_ARTICLE.get(party.capacity, "")
    return (
        f"{party.name}为{party.capacity.value}的成年人，须填写具有完全民事行为能力的法定代理人（监护人）"
        f"（《民法典》{article}、第二十三条、第二十八条）"
    )


def party_age(party: Party, today: dt.date) -> int | None:
    """Age from the birth date, or from the ID number when the party is not normalised yet."""
    age = party.age_on(today)
    if age is None and party.is_person and party.id_type.has_checksum and party.id_number.strip():
        number = party.id_value
        rid = None if number.problem_on(today) else number.resident
        return rid.age_on(today) if rid else None
    return age


def needs_guardian(party: Party, today: dt.date) -> bool:
    """A minor, or an adult recorded as without full capacity, with no statutory agent recorded
    (Civil Code Arts. 19-23, 27-28)."""
    if not party.is_person or any(r.kind is RepresentativeKind.GUARDIAN for r in party.representatives):
        return False
    age = party_age(party, today)
    return party.capacity is not Capacity.FULL or (age is not None and age < 18)


def _organisation_errors(base: str, party: Party) -> Iterator[FieldError]:
    if party.capacity is not Capacity.FULL:
        yield FieldError(
            f"{base}.capacity", "法人或非法人组织不适用“限制（无）民事行为能力”，请选择自然人或改为完全民事行为能力"
        )
    if party.uscc.strip() and party.uscc_value.problem:
        yield FieldError(f"{base}.uscc", party.uscc_value.problem)
    yield from _required(f"{base}.legal_rep", party.legal_rep, LABELS["parties[].legal_rep"])


def _representative_errors(base: str, rep: Representative, today: dt.date) -> Iterator[FieldError]:
    yield from _name(f"{base}.name", rep.name, f"{rep.kind.value}姓名")
    yield from _optional(f"{base}.relation", rep.relation, LABELS["parties[].representatives[].relation"], 50)
    yield from check_id(f"{base}.id_number", rep.id_type, rep.id_number, today)
    yield from _phone(f"{base}.phone", rep.phone)
    if minor_guardian(rep, today):
        yield FieldError(f"{base}.id_number", GUARDIAN_MINOR.format(name=rep.name))


# A guardian must have full capacity himself (Civil Code Arts. 17-18, 27-28).
GUARDIAN_MINOR = (
    "法定代理人{name}未满十八周岁，不具有完全民事行为能力，不能担任监护人（《民法典》第二十七条、第二十八条）"
)


def minor_guardian(rep: Representative, day: dt.date) -> bool:
    """A statutory agent who was under 18 on `day`, by the birth date in the ID number."""
    if rep.kind is not RepresentativeKind.GUARDIAN or not rep.id_type.has_checksum or not rep.id_number.strip():
        return False
    number = rep.id_value
    rid = None if number.problem_on(day) else number.resident
    return rid is not None and rid.age_on(day) < 18


def capacity_date(case: Case, today: dt.date) -> dt.date:
    """The day capacity is judged on: the day the agreement was signed, once it was (capacity is a
    condition of the act when it is done, Civil Code Art. 143); before that, today."""
    signed = case.agreement.signed_on if case.agreement is not None else None
    return signed if signed is not None and signed <= today else today


def _capacity_at_signing(case: Case, today: dt.date, known: list[FieldError]) -> Iterator[FieldError]:
    """Minors and minor guardians on the signing date, beyond those `registration_errors` found today."""
    day = capacity_date(case, today)
    if day == today:
        return
    on = f"{day.year}年{day.month}月{day.day}日"
    paths = {e.path for e in known}
    for i, party in enumerate(case.parties):
        if needs_guardian(party, day) and f"parties[{i}].representatives" not in paths:
            yield FieldError(f"parties[{i}].representatives", guardian_needed_message(party, day, on))
        for j, rep in enumerate(party.representatives):
            path = f"parties[{i}].representatives[{j}].id_number"
            if minor_guardian(rep, day) and path not in paths:
                yield FieldError(
                    path, GUARDIAN_MINOR.format(name=rep.name).replace("未满", f"在协议签订之日（{on}）未满")
                )


def registration_errors(case: Case, today: dt.date | None = None) -> list[FieldError]:
    """Everything that must hold before a case can be registered."""
    today = today or dt.date.today()
    errors: list[FieldError] = []
    if case.dispute_type not in DISPUTE_TYPES:
        errors.append(FieldError("dispute_type", "请选择纠纷类型"))
    errors += _required("facts", case.facts, LABELS["facts"], MAX_TEXT)
    errors += _optional("claims", case.claims, LABELS["claims"], MAX_TEXT)
    errors += _optional("title", case.title, LABELS["title"], 200)
    if case.retention not in RETENTION_PERIODS:
        errors.append(FieldError("retention", f"保管期限应为{'、'.join(RETENTION_PERIODS)}之一"))
    if case.privacy_notice_on is not None and not case.registered_on <= case.privacy_notice_on <= today:
        errors.append(FieldError("privacy_notice_on", "个人信息处理告知的确认日期应在登记日期和今天之间"))
    if case.registered_on > today:
        errors.append(FieldError("registered_on", "登记日期不能晚于今天"))
    elif case.registered_on < EARLIEST_REGISTRATION:
        errors.append(FieldError("registered_on", "登记日期不在合理范围内（应在2000年以后）"))
    if len(case.parties) < 2:
        errors.append(FieldError("parties", "纠纷至少应有两方当事人"))
    elif len(case.parties) > MAX_PARTIES:
        errors.append(
            FieldError(
                "parties", f"一件纠纷最多登记{MAX_PARTIES}方当事人（现为{len(case.parties)}方）；人数更多的请分案登记"
            )
        )
    seqs = [p.seq for p in case.parties]
    if sorted(seqs) != list(range(1, len(seqs) + 1)):
        errors.append(FieldError("parties", "当事人序号应为1、2、3……连续编号"))
    for i, party in enumerate(case.parties):
        errors += _party_errors(i, party, today)
    errors += _guardians_without_capacity(case)
    if case.agreement is not None:
        errors += agreement_field_errors(case, case.agreement)
    return errors


def _guardians_without_capacity(case: Case) -> Iterator[FieldError]:
    """A guardian who is himself a party of this case recorded without full capacity (Civil Code
    Arts. 27-28: a guardian must be able to act for the ward); matched by ID number."""
    lacking = {p.id_value.normalised: p for p in case.parties if p.is_person and p.capacity is not Capacity.FULL}
    lacking.pop("", None)
    for i, party in enumerate(case.parties):
        for j, rep in enumerate(party.representatives):
            ward = lacking.get(rep.id_value.normalised) if rep.kind is RepresentativeKind.GUARDIAN else None
            if ward is not None:
                yield FieldError(
                    f"parties[{i}].representatives[{j}].id_number",
                    f"法定代理人{rep.name}本人为{ward.capacity.value}人，不能担任监护人（《民法典》第二十七条、第二十八条）",
                )


def _term_errors(i: int, term: Term, seqs: set[int], signed_on: dt.date | None) -> Iterator[FieldError]:
    base = f"agreement.terms[{i}]"
    if term.obligor not in seqs:
        yield FieldError(f"{base}.obligor", "请选择履行义务的当事人")
    if term.obligee is not None and term.obligee not in seqs:
        yield FieldError(f"{base}.obligee", "权利人不是本案当事人")
    if term.obligee is not None and term.obligee == term.obligor:
        yield FieldError(f"{base}.obligee", "义务人与权利人不能是同一当事人")
    if term.amount is not None and term.obligee is None:
        yield FieldError(f"{base}.obligee", "给付金钱的条款须写明收款的当事人")
    yield from _required(f"{base}.action", term.action, LABELS["agreement.terms[].action"], 2000)
    if term.deadline is None:
        # PML Art. 29(3): the agreement states the time limit of performance; SPC Interp. Art. 358:
        # an unclear agreement is rejected at judicial confirmation.
        yield FieldError(f"{base}.deadline", "请填写履行期限（具体日期），否则协议内容不明确")
    elif term.deadline > LATEST_DEADLINE or term.deadline < EARLIEST_REGISTRATION:
        yield FieldError(f"{base}.deadline", "履行期限不在合理范围内，请核对年份")
    elif signed_on and term.deadline < signed_on:
        yield FieldError(f"{base}.deadline", "履行期限不能早于协议签订日期")
    yield from _optional(f"{base}.manner", term.manner, LABELS["agreement.terms[].manner"], 500)
    yield from _optional(f"{base}.place", term.place, LABELS["agreement.terms[].place"], 200)


def agreement_field_errors(case: Case, agreement: Agreement) -> list[FieldError]:
    seqs = {p.seq for p in case.parties}
    errors: list[FieldError] = []
    errors += _optional(
        "agreement.disputed_matters", agreement.disputed_matters, LABELS["agreement.disputed_matters"], MAX_TEXT
    )
    errors += _optional(
        "agreement.responsibilities", agreement.responsibilities, LABELS["agreement.responsibilities"], MAX_TEXT
    )
    errors += _optional("agreement.breach_clause", agreement.breach_clause, LABELS["agreement.breach_clause"], MAX_TEXT)
    for i, term in enumerate(agreement.terms):
        errors += _term_errors(i, term, seqs, agreement.signed_on)
    if len(agreement.terms) > MAX_TERMS:
        errors.append(
            FieldError("agreement.terms", f"协议最多{MAX_TERMS}项条款（现为{len(agreement.terms)}项），请合并或精简")
        )
    if [t.seq for t in agreement.terms] != list(range(1, len(agreement.terms) + 1)):
        errors.append(FieldError("agreement.terms", "协议条款序号应为1、2、3……连续编号"))
    return errors


def printable_agreement_errors(case: Case, today: dt.date | None = None) -> list[FieldError]:
    """What must be present before the 人民调解协议书 is printed.

    PML Art. 29 lists three contents (parties' particulars; facts, disputed matters and
    responsibilities; terms with manner and time limit). The law says 可以, but a court rejects an
    unclear agreement (SPC Interp. Art. 358), so all three are required here (docs/legal-basis.md §6.2).
    """
    today = today or dt.date.today()
    errors = registration_errors(case, today)
    errors += _capacity_at_signing(case, today, errors)
    agreement = case.agreement
    if agreement is None:
        return [*errors, FieldError("agreement", "尚未填写协议内容")]
    errors += _required(
        "agreement.disputed_matters", agreement.disputed_matters, LABELS["agreement.disputed_matters"], MAX_TEXT
    )
    if not agreement.terms:
        errors.append(FieldError("agreement.terms", "协议至少应有一项条款"))
    for i, party in enumerate(case.parties):
        if not party.address.strip():
            errors.append(FieldError(f"parties[{i}].address", f"{party.name or '当事人'}的住址未填写"))
    if not case.mediators:
        errors.append(FieldError("mediators", "请填写主持调解的人民调解员"))
    return errors


def raise_if(errors: list[FieldError]) -> None:
    if errors:
        raise ValidationError(errors)


def validate_registration(case: Case, today: dt.date | None = None) -> None:
    """Normalise then validate; raises ValidationError listing every problem."""
    today = today or dt.date.today()
    for party in case.parties:
        normalise_party(party, today)
    raise_if(registration_errors(case, today))
