"""Builders of valid, realistic test data: a committee and cases with any number of parties.

Every case built here passes `printable_agreement_errors`. ID numbers are real GB 11643 numbers
(check character computed), names include the rare characters 刘䶮 (䶮 U+4DAE, CJK Ext A) and
吉𠮷祥 (𠮷 U+20BB7, CJK Ext B), and the third party is an organisation with a valid USCC.
Deterministic: the same arguments always give the same case.
"""

from __future__ import annotations

import datetime as dt

from mediator_app.domain.ids import id_check_char
from mediator_app.domain.model import (
    Agreement,
    Case,
    CaseSource,
    Committee,
    IdType,
    Party,
    PartyKind,
    PartyRole,
    Representative,
    RepresentativeKind,
    Term,
)
from mediator_app.domain.money import Money

REGISTERED_ON = dt.date(2026, 11, 2)
SIGNED_ON = dt.date(2026, 11, 22)
MONEY_DEADLINE = dt.date(2026, 12, 31)
WORK_DEADLINE = dt.date(2026, 12, 15)
ORGANISATION_USCC = "91110108551385082Q"
RARE_EXT_A_NAME = "刘䶮"
RARE_EXT_B_NAME = "吉𠮷祥"

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
_GIVEN = (
    "建国",
    "秀英",
    "志强",
    "桂兰",
    "国华",
    "丽娟",
    "海峰",
    "春梅",
    "德明",
    "玉珍",
    "永刚",
    "晓燕",
    "文斌",
    "淑芬",
    "立新",
    "红霞",
    "振华",
    "美玲",
    "子豪",
    "雨萱",
)
_OCCUPATIONS = ("农民", "个体工商户", "教师", "退休职工", "司机", "务工人员")


def resident_id(birth: dt.date, sequence: int, region: str = "110105") -> str:
    """A valid 18-digit citizen ID number; an odd `sequence` is a man's, an even one a woman's."""
    first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return first17 + id_check_char(first17)


def make_committee() -> Committee:
    return Committee(
        name="北京市朝阳区东湖街道望京西园社区人民调解委员会",
        short_name="望京西园",
        address="北京市朝阳区望京西园三区社区服务站",
        court="北京市朝阳区人民法院",
        id=1,
    )


def make_person(seq: int, role: PartyRole, name: str, birth: dt.date, sequence: int, **extra: object) -> Party:
    party = Party(
        seq=seq,
        role=role,
        kind=PartyKind.PERSON,
        name=name,
        id_type=IdType.RESIDENT_ID,
        id_number=resident_id(birth, sequence),
        sex="男" if sequence % 2 else "女",
        birth_date=birth,
        ethnicity="汉族",
        occupation=_OCCUPATIONS[seq % len(_OCCUPATIONS)],
        address=f"北京市朝阳区望京西园三区{100 + seq}号楼{seq % 6 + 1}单元{seq + 200}室",
        phone=f"1391000{seq:04d}",
    )
    for key, value in extra.items():
        setattr(party, key, value)
    return party


def make_organisation(seq: int, role: PartyRole = PartyRole.RESPONDENT) -> Party:
    return Party(
        seq=seq,
        role=role,
        kind=PartyKind.ORGANISATION,
        name="北京望京西园物业管理有限公司",
        uscc=ORGANISATION_USCC,
        address="北京市朝阳区望京西园三区甲1号",
        phone="010-64701234",
        legal_rep="郑国强",
        legal_rep_title="执行董事",
        representatives=[
            Representative(RepresentativeKind.AGENT, "孙丽", phone="13910009999", relation="公司员工"),
        ],
    )


def _generated_person(seq: int) -> Party:
    role = PartyRole.APPLICANT if seq % 2 else PartyRole.RESPONDENT
    name = _SURNAMES[seq % len(_SURNAMES)] + _GIVEN[seq % len(_GIVEN)]
    birth = dt.date(1950 + seq % 50, seq % 12 + 1, seq % 28 + 1)
    return make_person(seq, role, name, birth, 100 + seq)


def make_parties(count: int) -> list[Party]:
    """刘䶮 (applicant), 吉𠮷祥 (respondent), the property company (respondent), then generated people."""
    if count < 2:
        raise ValueError("a dispute has at least two parties")
    first = make_person(1, PartyRole.APPLICANT, RARE_EXT_A_NAME, dt.date(1968, 3, 9), 31)
    first.representatives.append(
        Representative(
            RepresentativeKind.AGENT,
            "何文斌",
            id_number=resident_id(dt.date(1985, 7, 1), 51),
            phone="13910001111",
            relation="律师",
        )
    )
    second = make_person(2, PartyRole.RESPONDENT, RARE_EXT_B_NAME, dt.date(1979, 10, 24), 62, ethnicity="满族")
    parties = [first, second]
    if count >= 3:
        parties.append(make_organisation(3))
    parties += [_generated_person(seq) for seq in range(4, count + 1)]
    return parties


def make_terms() -> list[Term]:
    """A money term (吉𠮷祥 pays 刘䶮) and a non-money term (吉𠮷祥 removes a shed)."""
    return [
        Term(
            seq=1,
            obligor=2,
            obligee=1,
            action="支付漏水造成的房屋修复费用",
            amount=Money(1_200_000),
            deadline=MONEY_DEADLINE,
            manner="银行转账",
            place="申请人指定的银行账户",
        ),
        Term(seq=2, obligor=2, action="拆除搭建在楼道公共部位的储物棚，恢复楼道原状", deadline=WORK_DEADLINE),
    ]


def make_agreement() -> Agreement:
    return Agreement(
        disputed_matters="被申请人是否应当赔偿漏水造成的损失及赔偿数额；楼道储物棚是否应当拆除。",
        responsibilities="被申请人疏于维护自家卫生间防水层，对漏水损失负主要责任；申请人未及时通知物业，"
        "对损失扩大负次要责任。",
        terms=make_terms(),
        breach_clause="被申请人逾期未付款的，每逾期一日按未付金额的万分之五向申请人支付违约金。",
        signed_on=SIGNED_ON,
    )


def make_case(parties: int = 3, *, number: str = "（2026）望京西园调字第12号") -> Case:
    """A valid case ready to print: `parties` parties, an agreement with a money and a non-money term."""
    return Case(
        dispute_type="邻里纠纷",
        source=CaseSource.APPLICATION,
        registered_on=REGISTERED_ON,
        accepted_on=REGISTERED_ON,
        facts="二〇二六年十月起，被申请人家中卫生间漏水，致申请人楼下住房顶棚、墙面受损。"
        "双方多次协商未果，申请人于二〇二六年十一月二日申请调解。\n"
        "经查，漏水系被申请人卫生间防水层老化所致，修复费用经双方确认为12000元。",
        claims="请求被申请人赔偿修复费用并拆除楼道储物棚。",
        parties=make_parties(parties),
        agreement=make_agreement(),
        mediators=["马德明", "林春梅"],
        recorder="高晓燕",
        number=number,
        committee_id=1,
    )
