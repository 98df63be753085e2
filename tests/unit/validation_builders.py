"""Builders for the validation tests: a valid case and its parts, deliberately independent of
tests/factories.py so the rules are tested against hand-made input."""

from __future__ import annotations

import datetime as dt
import re

from mediator_app.domain.ids import id_check_char, uscc_check_char
from mediator_app.domain.model import (
    Agreement,
    Case,
    CaseSource,
    Party,
    PartyKind,
    PartyRole,
    Representative,
    RepresentativeKind,
    Term,
)
from mediator_app.domain.money import Money
from mediator_app.errors import FieldError

TODAY = dt.date(2026, 11, 22)
_CJK = re.compile(r"[\u4e00-\u9fff]")

# Local builders (deliberately independent of tests/factories.py).


def make_id(birth: dt.date, seq: int = 1, region: str = "360426") -> str:
    """A valid citizen ID number; odd seq = male, even = female."""
    first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
    return first17 + id_check_char(first17)


def make_uscc(first17: str = "91360426MA35ABCD1") -> str:
    return first17 + uscc_check_char(first17)


def years_ago(years: int, extra_days: int = 0) -> dt.date:
    return TODAY.replace(year=TODAY.year - years) - dt.timedelta(days=extra_days)


def person(
    seq: int,
    name: str,
    *,
    birth: dt.date = dt.date(1980, 5, 6),
    male: bool = True,
    role: PartyRole = PartyRole.APPLICANT,
    **changes: object,
) -> Party:
    party = Party(
        seq=seq,
        role=role,
        kind=PartyKind.PERSON,
        name=name,
        id_number=make_id(birth, seq=7 if male else 8),
        address="江西省九江市某某村3组",
        phone="13812345678",
        ethnicity="汉族",
    )
    for key, value in changes.items():
        setattr(party, key, value)
    return party


def organisation(seq: int, name: str = "九江市某某物业服务有限公司", **changes: object) -> Party:
    party = Party(
        seq=seq,
        role=PartyRole.RESPONDENT,
        kind=PartyKind.ORGANISATION,
        name=name,
        uscc=make_uscc(),
        legal_rep="赵六",
        legal_rep_title="经理",
        address="九江市浔阳区某某路1号",
    )
    for key, value in changes.items():
        setattr(party, key, value)
    return party


def guardian(name: str = "张大山") -> Representative:
    return Representative(
        kind=RepresentativeKind.GUARDIAN,
        name=name,
        id_number=make_id(dt.date(1975, 3, 3), seq=11),
        relation="父子",
    )


def term(seq: int = 1, **changes: object) -> Term:
    t = Term(
        seq=seq,
        obligor=2,
        obligee=1,
        action="向张三支付赔偿款",
        amount=Money(1_200_000),
        deadline=dt.date(2026, 12, 31),
        manner="银行转账",
    )
    for key, value in changes.items():
        setattr(t, key, value)
    return t


def make_case(parties: list[Party] | None = None, terms: list[Term] | None = None) -> Case:
    return Case(
        dispute_type="邻里纠纷",
        source=CaseSource.APPLICATION,
        registered_on=dt.date(2026, 3, 1),
        facts="双方因排水沟堵塞引发争执。",
        claims="请求对方赔偿损失。",
        parties=parties
        if parties is not None
        else [person(1, "张三"), person(2, "李四", male=False, role=PartyRole.RESPONDENT)],
        agreement=Agreement(
            disputed_matters="排水沟堵塞造成的损失由谁承担。",
            responsibilities="李四负主要责任。",
            terms=terms if terms is not None else [term()],
            signed_on=dt.date(2026, 11, 20),
        ),
        mediators=["王五"],
        recorder="钱七",
    )


def paths(errors: list[FieldError]) -> list[str]:
    return [e.path for e in errors]


def assert_only(errors: list[FieldError], path: str) -> FieldError:
    """Exactly the one expected error, with a Chinese message."""
    assert paths(errors) == [path], errors
    assert _CJK.search(errors[0].message), errors[0]
    return errors[0]
