"""The dispute file (纠纷档案) as plain dataclasses: committee, mediators, cases, parties, terms.

These are what crosses layers and threads; storage maps them to rows, documents print them.
Parties are numbered 1..n within a case (`seq`); terms name their obligor and obligee by that number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from mediator_app.domain.ids import IdNumber, Phone, Uscc, age_on, id_number_of, phone_of, uscc_of
from mediator_app.domain.money import Money
from mediator_app.domain.stages import Stage


class PartyKind(StrEnum):
    PERSON = "自然人"
    ORGANISATION = "法人或非法人组织"


class PartyRole(StrEnum):
    APPLICANT = "申请人"
    RESPONDENT = "被申请人"


class IdType(StrEnum):
    RESIDENT_ID = "居民身份证"
    HMT_RESIDENCE = "港澳台居民居住证"
    PASSPORT = "护照"
    FOREIGN_PR = "外国人永久居留身份证"
    OTHER = "其他"

    @property
    def has_checksum(self) -> bool:
        # The 18-digit GB 11643 scheme also applies to HMT residence permits (docs/legal-basis.md §7.1).
        return self in (IdType.RESIDENT_ID, IdType.HMT_RESIDENCE)


class CaseSource(StrEnum):
    """案件来源 (PML Arts. 17-18; statistics breakdown docs/legal-basis.md §8)."""

    APPLICATION = "当事人申请"
    OWN_INITIATIVE = "主动调解"
    HOTLINE_12345 = "12345热线转办"
    COURT = "12368/法院委派"
    POLICE = "公安移送"
    GRID = "网格员上报"
    OTHER = "其他"


class Capacity(StrEnum):
    """An adult's civil capacity as recorded (Civil Code Arts. 21-22, declared by a court under Art. 24).

    A minor's capacity follows from the age on the day (Arts. 17-20); an adult who cannot, or cannot
    fully, understand his acts acts through his guardian, who is his statutory agent (Arts. 21-23, 28).
    """

    FULL = "完全民事行为能力"
    LIMITED = "限制民事行为能力"
    NONE = "无民事行为能力"


class RepresentativeKind(StrEnum):
    AGENT = "委托代理人"
    GUARDIAN = "法定代理人"


# MoJ statistics categories (docs/legal-basis.md §8: the list justice-bureau reports use, plus the 2021 additions). Versioned data would
# live in forms/ once statistics exist; the list is the default.
DISPUTE_TYPES: tuple[str, ...] = (
    "婚姻家庭纠纷",
    "邻里纠纷",
    "房屋宅基地纠纷",
    "合同纠纷",
    "生产经营纠纷",
    "损害赔偿纠纷",
    "山林土地纠纷",
    "征地拆迁纠纷",
    "环境污染纠纷",
    "劳动争议纠纷",
    "消费纠纷",
    "医疗纠纷",
    "道路交通事故纠纷",
    "物业纠纷",
    "旅游纠纷",
    "知识产权纠纷",
    "互联网纠纷",
    "其他纠纷",
)

ETHNIC_GROUPS: tuple[str, ...] = (
    "汉族",
    "蒙古族",
    "回族",
    "藏族",
    "维吾尔族",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "高山族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "塔塔尔族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
)

DEFAULT_CASE_NUMBER_PATTERN = "（{年}）{简称}调字第{序号}号"


def case_title(title: str, party_names: list[str], dispute_type: str) -> str:
    """The title a case is shown with: its own, or 张三、李四等邻里纠纷 from the first parties."""
    if title:
        return title
    shown = "、".join(party_names[:2]) + ("等" if len(party_names) > 2 else "")
    return f"{shown}{dispute_type}"


# repr=False: no generated __repr__ (each method a dataclass generates is compiled in every new
# process: a print command's ~50 classes took ~14 % of it, docs/documents.md "Speed");
# a printed record would also show personal data unmasked.
@dataclass(repr=False)
class Committee:
    """The people's mediation committee (人民调解委员会) the case belongs to, as its papers print it."""

    name: str
    short_name: str
    address: str = ""
    court: str = ""  # the local basic-level court (基层人民法院 / 人民法庭)
    case_number_pattern: str = DEFAULT_CASE_NUMBER_PATTERN
    id: int | None = None
    phone: str = ""  # the committee's number a party calls back (printed on the 受理回执)


@dataclass(repr=False)
class Mediator:
    """A mediator of the committee (调解员), as the papers print them."""

    name: str
    sex: str = ""
    phone: str = ""
    role: str = "调解员"  # 委员 / 聘任调解员 (PML Arts. 13-14)
    id: int | None = None


@dataclass(repr=False)
class Representative:
    """An agent (委托代理人, CPL Art. 61) or a guardian (法定代理人, Civil Code Arts. 23, 27-28)."""

    kind: RepresentativeKind
    name: str
    id_type: IdType = IdType.RESIDENT_ID
    id_number: str = ""
    phone: str = ""
    relation: str = ""  # relationship to the party, e.g. 父子 / 律师

    def __post_init__(self) -> None:
        # The texts become value objects where the representative is built (dialog, import, database).
        self.id_number, self.phone = id_number_of(self.id_number), phone_of(self.phone)

    @property
    def id_value(self) -> IdNumber:
        return id_number_of(self.id_number)

    @property
    def phone_value(self) -> Phone:
        return phone_of(self.phone)


@dataclass(repr=False)
class Party:
    """One party (当事人) of a dispute: a natural person, a legal person or another organisation."""

    seq: int
    role: PartyRole
    kind: PartyKind
    name: str
    # Natural persons
    id_type: IdType = IdType.RESIDENT_ID
    id_number: str = ""
    sex: str = ""
    birth_date: dt.date | None = None
    ethnicity: str = ""
    occupation: str = ""
    # Both
    address: str = ""
    phone: str = ""
    # Organisations
    uscc: str = ""
    legal_rep: str = ""
    legal_rep_title: str = ""
    capacity: Capacity = Capacity.FULL  # an adult's; a minor's follows from the age (Civil Code Arts. 17-22)
    representatives: list[Representative] = field(default_factory=list)

    def __post_init__(self) -> None:
        # The texts become value objects where the party is built (dialog, JSON import, database row):
        # what they say (birth date, sex, checksum, the masked form) is read once, not at every use.
        self.id_number, self.phone, self.uscc = id_number_of(self.id_number), phone_of(self.phone), uscc_of(self.uscc)

    @property
    def id_value(self) -> IdNumber:
        """The ID number as a value object (the same object the party holds; parsed at most once)."""
        return id_number_of(self.id_number)

    @property
    def phone_value(self) -> Phone:
        return phone_of(self.phone)

    @property
    def uscc_value(self) -> Uscc:
        return uscc_of(self.uscc)

    @property
    def is_person(self) -> bool:
        return self.kind is PartyKind.PERSON

    def age_on(self, day: dt.date) -> int | None:
        return None if self.birth_date is None else age_on(self.birth_date, day)


@dataclass(repr=False)
class Term:
    """One operative clause: who does what for whom, how much, by when, how and where (PML Art. 29(3))."""

    seq: int
    obligor: int  # party seq
    action: str
    deadline: dt.date | None
    obligee: int | None = None  # party seq; None when the act is owed to no one party (e.g. 拆除)
    amount: Money | None = None
    manner: str = ""
    place: str = ""


@dataclass(repr=False)
class Agreement:
    """The written agreement's own contents (PML Art. 29); facts live on the case."""

    disputed_matters: str = ""  # 争议事项
    responsibilities: str = ""  # 各方当事人的责任
    terms: list[Term] = field(default_factory=list)
    breach_clause: str = ""  # 违约责任 (optional)
    signed_on: dt.date | None = None  # 协议签订日期


# 保管期限 a committee sets per dossier; the director reviews dossiers past theirs (docs/privacy.md).
RETENTION_PERIODS: tuple[str, ...] = ("10年", "30年", "永久")
DEFAULT_RETENTION = "10年"


def retention_years(retention: str) -> int | None:
    """10 for "10年"; None for 永久 (kept for ever)."""
    return int(retention.removesuffix("年")) if retention.endswith("年") else None


@dataclass(repr=False)
class Case:
    """One dispute file (纠纷档案): the case row with its parties, mediators, agreement and terms."""

    dispute_type: str
    source: CaseSource
    registered_on: dt.date
    facts: str  # 纠纷简要情况 / 主要事实
    claims: str = ""  # 当事人申请事项
    title: str = ""  # short name of the dispute, e.g. 张三与李四邻里纠纷
    source_ref: str = ""  # e.g. the 12345 work-order number, or the police's or grid's reference
    # A court's referral (委派/委托调解, PML Art. 18, CPL Art. 205(1)): the court that sent the case, its
    # reference (e.g. （2026）京0105民诉前调123号) and the date by which it wants the result.
    referral_court: str = ""
    referral_ref: str = ""
    referral_deadline: dt.date | None = None
    # Any other referral (12345/police/grid): the body that sent the case; its reference is `source_ref`.
    referral_body: str = ""
    # Where the subject matter is (the house or land in dispute): its basic court may confirm (CPL Art. 205(2)).
    subject_location: str = ""
    accepted_on: dt.date | None = None
    parties: list[Party] = field(default_factory=list)
    agreement: Agreement | None = None
    mediators: list[str] = field(default_factory=list)  # presiding mediators' names
    recorder: str = ""  # 记录人
    # PIPL Art. 17: the day the parties acknowledged the notice of how their data is handled (at intake;
    # printed on the 权利义务告知书). None: not acknowledged (yet).
    privacy_notice_on: dt.date | None = None
    retention: str = DEFAULT_RETENTION  # 保管期限 of the dossier (RETENTION_PERIODS)
    number: str = ""  # assigned by storage on registration; never reused
    status: Stage = Stage.REGISTERED
    id: int | None = None
    committee_id: int | None = None
    # The stored version this copy was read at (0: not read from a database). Storage raises it with
    # every save and refuses a save of an older one: another workstation saved the case meanwhile.
    version: int = 0

    def party(self, seq: int) -> Party:
        for p in self.parties:
            if p.seq == seq:
                return p
        raise KeyError(seq)

    @property
    def display_title(self) -> str:
        return case_title(self.title, [p.name for p in self.parties], self.dispute_type)

    def copies(self) -> int:
        """Copies of the agreement: one per party plus one for the committee (PML Art. 29)."""
        return len(self.parties) + 1
