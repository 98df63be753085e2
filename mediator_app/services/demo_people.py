"""The people of the demo cases (`services.demo_gen`): names (rare characters included), valid ID
numbers and credit codes, phones, addresses, and parties built from them (persons with agents,
minors with guardians, organisations with legal representatives). Draws only from the `random.Random`
it is given.
"""

from __future__ import annotations

import datetime as dt
import random

from mediator_app.domain.ids import id_check_char, uscc_check_char
from mediator_app.domain.model import (
    Party,
    PartyKind,
    PartyRole,
    Representative,
    RepresentativeKind,
)
from mediator_app.services.demo_texts import (
    BRANDS,
    COMPOUND_SURNAMES,
    FEMALE_CHARS,
    LOCAL_REGION,
    MALE_CHARS,
    MINORITIES,
    OCCUPATIONS,
    OTHER_REGIONS,
    PHONE_PREFIXES,
    RARE_CHARS,
    SURNAMES,
    TOWNS,
    VILLAGES,
)


class PeopleGen:
    """Names, numbers, places and parties from one `random.Random`; no clock, no global state."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    # -- names, numbers, places

    def given_name(self, sex: str) -> str:
        rng = self.rng
        pool = MALE_CHARS if sex == "男" else FEMALE_CHARS
        chars = [rng.choice(pool) for _ in range(1 if rng.random() < 0.3 else 2)]
        if rng.random() < 0.05:
            chars[-1] = rng.choice(RARE_CHARS)
        return "".join(chars)

    def surname(self) -> str:
        r = self.rng.random()
        return self.rng.choice(COMPOUND_SURNAMES) if r < 0.02 else self.rng.choice(SURNAMES)

    def id_number(self, birth: dt.date, sex: str) -> str:
        rng = self.rng
        region = LOCAL_REGION if rng.random() < 0.8 else rng.choice(OTHER_REGIONS)
        seq = rng.randrange(0, 1000, 2) + (1 if sex == "男" else 0)  # odd = male (GB 11643)
        first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
        return first17 + id_check_char(first17)

    def phone(self) -> str:
        return self.rng.choice(PHONE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"

    def address(self) -> str:
        rng = self.rng
        return f"湖北省阳新县{rng.choice(TOWNS)}{rng.choice(VILLAGES)}{rng.randint(1, 12)}组{rng.randint(1, 60)}号"

    def date_between(self, first: dt.date, last: dt.date) -> dt.date:
        return dt.date.fromordinal(self.rng.randint(first.toordinal(), last.toordinal()))

    def uscc(self, prefix: str) -> str:
        rng = self.rng
        org = "".join(rng.choice("0123456789") for _ in range(8))
        # The organisation code (GB 11714) carries its own check character.
        total = sum(int(c) * w for c, w in zip(org, (3, 7, 9, 10, 5, 8, 4, 2), strict=True))
        check = (11 - total % 11) % 11
        first17 = prefix + LOCAL_REGION + org + ("X" if check == 10 else str(check))
        return first17 + uscc_check_char(first17)

    # -- parties

    def person(
        self,
        seq: int,
        role: PartyRole,
        sex: str | None = None,
        *,
        born: tuple[int, int] = (1950, 2000),
        surname: str | None = None,
    ) -> Party:
        rng = self.rng
        sex = sex or rng.choice(("男", "女"))
        birth = self.date_between(dt.date(born[0], 1, 1), dt.date(born[1], 12, 28))
        party = Party(
            seq=seq,
            role=role,
            kind=PartyKind.PERSON,
            name=(surname or self.surname()) + self.given_name(sex),
            id_number=self.id_number(birth, sex),
            sex=sex,
            birth_date=birth,
            ethnicity="汉族" if rng.random() < 0.9 else rng.choice(MINORITIES),
            occupation=rng.choice(OCCUPATIONS),
            address=self.address(),
            phone=self.phone() if rng.random() < 0.95 else "",
        )
        if rng.random() < 0.08:
            party.representatives.append(self.agent(rng.choice(("儿子", "女儿", "侄子", "律师"))))
        return party

    def agent(
        self,
        relation: str,
        kind: RepresentativeKind = RepresentativeKind.AGENT,
        sex: str | None = None,
        surname: str | None = None,
    ) -> Representative:
        sex = sex or self.rng.choice(("男", "女"))
        birth = self.date_between(dt.date(1965, 1, 1), dt.date(1998, 12, 28))
        return Representative(
            kind=kind,
            name=(surname or self.surname()) + self.given_name(sex),
            id_number=self.id_number(birth, sex),
            phone=self.phone(),
            relation=relation,
        )

    def minor(self, seq: int) -> Party:
        """A child (born 2011-2017) who acts through a parent as guardian (Civil Code Arts. 23, 27)."""
        surname = self.surname()
        party = self.person(seq, PartyRole.APPLICANT, born=(2011, 2017), surname=surname)
        party.occupation, party.phone = "学生", ""
        parent_sex = self.rng.choice(("男", "女"))
        relation = ("父" if parent_sex == "男" else "母") + ("子" if party.sex == "男" else "女")
        guardian = self.agent(
            relation, RepresentativeKind.GUARDIAN, parent_sex, surname=surname if parent_sex == "男" else None
        )
        party.representatives = [guardian]
        return party

    def organisation(self, seq: int, role: PartyRole, kind: str, village: str) -> Party:
        rng = self.rng
        brand = rng.choice(BRANDS)
        name, prefix, title = {
            "company": (
                f"阳新县{brand}{rng.choice(('建材', '石材', '建筑工程', '商贸', '农业开发'))}有限公司",
                "91",
                rng.choice(("执行董事", "总经理", "董事长")),
            ),
            "property": (f"阳新县{brand}物业服务有限公司", "91", "总经理"),
            "cooperative": (f"阳新县{village}{rng.choice(('油茶', '蔬菜', '水稻'))}种植专业合作社", "93", "理事长"),
            "village": (f"阳新县青山镇{village}股份经济合作社", "N2", "理事长"),
            "clinic": (f"阳新县{rng.choice(TOWNS)}卫生院", "12", "院长"),
            "travel": (f"黄石{brand}国际旅行社有限公司", "91", "总经理"),
        }[kind]
        legal_sex = rng.choice(("男", "女"))
        party = Party(
            seq=seq,
            role=role,
            kind=PartyKind.ORGANISATION,
            name=name,
            uscc=self.uscc(prefix),
            legal_rep=self.surname() + self.given_name(legal_sex),
            legal_rep_title=title,
            address=f"湖北省阳新县{rng.choice(TOWNS)}{brand}大道{rng.randint(1, 300)}号",
            phone=self.phone(),
        )
        if rng.random() < 0.5:
            party.representatives.append(self.agent(rng.choice(("公司员工", "法务专员", "律师"))))
        return party
