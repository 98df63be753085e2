"""The demo case generator: `iter_demo(n, seed)` depends only on its arguments (its own
`random.Random(seed)`, fixed dates 2025-01-01..2026-11-20, never today's date). Every generated case
passes the registration rules: valid citizen ID numbers of real counties (GB 11643 check character),
valid unified social credit codes (GB 32100), a guardian for every minor, deadlines after the signing
date. Each case comes with the investigation and mediation records its stage implies. The material
(names, places, texts) is `services.demo_texts`; writing the cases is `services.demo`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from mediator_app.domain.model import (
    Agreement,
    Case,
    CaseSource,
    Committee,
    Party,
    PartyRole,
    Term,
)
from mediator_app.domain.money import Money
from mediator_app.domain.records import RecordKind, StepRecord
from mediator_app.domain.stages import Stage
from mediator_app.services.demo_people import PeopleGen
from mediator_app.services.demo_texts import (
    FACT_TAILS,
    LAW_POINTS,
    MONEY_MANNERS,
    PLAN_CUM_WEIGHTS,
    PLANS,
    REPLIES,
    SESSION_RESULTS,
    SOURCE_WEIGHTS,
    SOURCES,
    VILLAGES,
    WAGE_FACTS,
    WAGE_TAILS,
    WITNESSES,
    Plan,
)

S = Stage
FIRST_DAY = dt.date(2025, 1, 1)
LAST_DAY = dt.date(2026, 11, 20)

DEMO_COMMITTEE = Committee(
    name="青山镇桃源村人民调解委员会（演示）",
    short_name="桃源村",
    address="湖北省阳新县青山镇桃源村村民委员会",
    court="阳新县人民法院青山人民法庭",
)
MEDIATORS = ("王桂兰", "李建国", "张淑芬", "陈志刚", "赵德明", "刘秀英")

# ---------------------------------------------------------------- the generator


class _Gen(PeopleGen):
    """Builds cases from one `random.Random`; nothing here reads the clock or global state."""

    # -- cases

    def case(self, registered_on: dt.date) -> Case:
        rng = self.rng
        if rng.random() < 0.03:
            return self.wage_case(registered_on)
        plan = rng.choices(PLANS, cum_weights=PLAN_CUM_WEIGHTS)[0][0]
        village = rng.choice(VILLAGES)
        married = plan.dispute_type == "婚姻家庭纠纷" and "夫妻" in plan.facts
        a_sex = rng.choice(("男", "女"))
        b_sex = ("女" if a_sex == "男" else "男") if married else None
        parties = [
            self.minor(1) if plan.minor_applicant else self.person(1, PartyRole.APPLICANT, a_sex, born=plan.a_born)
        ]
        if plan.respondent == "person":
            parties.append(self.person(2, PartyRole.RESPONDENT, b_sex, born=plan.b_born))
        else:
            parties.append(self.organisation(2, PartyRole.RESPONDENT, plan.respondent, village))
        for _ in range(rng.choices((0, 1, 2), weights=(70, 22, 8))[0]):
            role = rng.choice((PartyRole.APPLICANT, PartyRole.RESPONDENT))
            parties.append(self.person(len(parties) + 1, role))
        words = self.words(parties, village, registered_on)
        facts = plan.facts.format(**words) + rng.choice(FACT_TAILS).format(**words)
        case = self.shell(plan.dispute_type, registered_on, parties, facts, plan.claims.format(**words))
        if rng.random() < 0.6:
            case.agreement = self.agreement(plan, words, case)
        self.set_stage(case)
        return case

    def words(self, parties: list[Party], village: str, day: dt.date) -> dict[str, str]:
        rng = self.rng
        month_day = day - dt.timedelta(days=rng.randint(5, 90))
        return {
            "a": parties[0].name,
            "b": parties[1].name,
            "village": village,
            "group": str(rng.randint(1, 12)),
            "month": f"{month_day.year}年{month_day.month}月",
            "year": str(day.year - rng.randint(2, 6)),
            "amount": str(rng.randrange(2000, 80000, 100)),
            "n": str(rng.randint(3, 40)),
            "a_parent": "父亲" if parties[0].sex == "男" else "母亲",
            "k": "两三四五"[rng.randrange(4)],
        }

    def shell(self, dispute_type: str, registered_on: dt.date, parties: list[Party], facts: str, claims: str) -> Case:
        rng = self.rng
        source = rng.choices(SOURCES, weights=SOURCE_WEIGHTS)[0]
        mediators = rng.sample(MEDIATORS, rng.choice((1, 1, 2)))
        recorder = rng.choice([m for m in MEDIATORS if m not in mediators])
        applicants = [p.name for p in parties if p.role is PartyRole.APPLICANT]
        respondents = [p.name for p in parties if p.role is PartyRole.RESPONDENT]
        title = f"{_names(applicants)}与{_names(respondents)}{dispute_type}"
        accepted = registered_on + dt.timedelta(days=rng.choice((0, 0, 1, 2, 3)))
        ref = self.source_ref(source, registered_on)
        court = source is CaseSource.COURT  # a court referral: the referring court and its number (CPL Art. 205(1))
        return Case(
            dispute_type=dispute_type,
            source=source,
            registered_on=registered_on,
            facts=facts,
            claims=claims,
            title=title,
            source_ref="" if court else ref,
            referral_court=DEMO_COMMITTEE.court if court else "",
            referral_ref=ref if court else "",
            referral_deadline=registered_on + dt.timedelta(days=30) if court else None,
            accepted_on=min(accepted, LAST_DAY),
            parties=parties,
            mediators=list(mediators),
            recorder=recorder,
        )

    def source_ref(self, source: CaseSource, day: dt.date) -> str:
        n = self.rng.randint(1, 9999)
        if source is CaseSource.HOTLINE_12345:
            return f"12345-{day:%Y%m%d}-{n:04d}"
        if source is CaseSource.COURT:
            return f"（{day.year}）鄂0222民诉前调{n}号"
        if source is CaseSource.POLICE:
            return f"阳公（青）调移字〔{day.year}〕{n}号"
        return ""

    def agreement(self, plan: Plan, words: dict[str, str], case: Case) -> Agreement:
        rng = self.rng
        signed = min(case.registered_on + dt.timedelta(days=rng.randint(2, 30)), LAST_DAY)
        seq_of = {"a": 1, "b": 2}
        terms: list[Term] = []
        specs = plan.terms if len(plan.terms) == 1 or rng.random() < 0.7 else plan.terms[:1]
        for action, obligor, obligee, money in specs:
            amount = Money(rng.randrange(money[0], money[1] + 1, 100) * 100) if money else None
            terms.append(
                Term(
                    seq=len(terms) + 1,
                    obligor=seq_of[obligor],
                    obligee=seq_of[obligee] if obligee else None,
                    action=action.format(**words),
                    amount=amount,
                    deadline=signed + dt.timedelta(days=rng.choice((0, 7, 15, 30, 60, 90))),
                    manner=rng.choice(MONEY_MANNERS) if amount else "",
                    place="本委员会调解室" if amount else "",
                )
            )
        if rng.random() < 0.15 and not any("道歉" in t.action for t in terms):
            terms.append(
                Term(
                    seq=len(terms) + 1,
                    obligor=2,
                    obligee=1,
                    action="当面向{a}赔礼道歉".format(**words),
                    deadline=signed,
                )
            )
        a, b = words["a"], words["b"]
        return Agreement(
            disputed_matters=f"双方就{plan.matters}发生争议。",
            responsibilities=rng.choice(
                (
                    f"{b}对纠纷的发生负主要责任，{a}负次要责任。",
                    f"{b}对纠纷的发生负全部责任。",
                    "双方均有过错，应相互谅解。",
                )
            ),
            breach_clause=rng.choice(("", f"如{b}未按期履行，{a}可就未履行部分向人民法院提起诉讼。")),
            signed_on=signed,
            terms=terms,
        )

    def wage_case(self, registered_on: dt.date) -> Case:
        rng = self.rng
        village = rng.choice(VILLAGES)
        workers = rng.choice((8, 12, 15, 19, 27, 27, 30))
        parties = [
            self.person(i + 1, PartyRole.APPLICANT, rng.choice(("男", "男", "男", "女")), born=(1962, 2000))
            for i in range(workers)
        ]
        company = self.organisation(workers + 1, PartyRole.RESPONDENT, "company", village)
        parties.append(company)
        wages = [rng.randrange(4000, 30000, 100) for _ in range(workers)]
        words = {
            "n": str(workers),
            "b": company.name,
            "village": village,
            "amount": str(sum(wages)),
            "month": f"{registered_on.year - (registered_on.month < 4)}年{(registered_on.month - 4) % 12 + 1}月",
        }
        facts = WAGE_FACTS.format(**words) + rng.choice(WAGE_TAILS).format(**words)
        case = self.shell(
            "劳动争议纠纷", registered_on, parties, facts, f"请求{company.name}支付拖欠的工资共计{sum(wages)}元。"
        )
        case.source, case.source_ref = CaseSource.GRID, ""
        case.title = f"{parties[0].name}等{workers}人与{company.name}劳动争议纠纷"
        if rng.random() < 0.6:
            signed = min(registered_on + dt.timedelta(days=rng.randint(3, 20)), LAST_DAY)
            deadline = signed + dt.timedelta(days=rng.choice((7, 15, 30)))
            terms = [
                Term(
                    seq=i + 1,
                    obligor=workers + 1,
                    obligee=i + 1,
                    action=f"支付{p.name}拖欠的工资",
                    amount=Money(w * 100),
                    deadline=deadline,
                    manner="银行转账至本人账户",
                )
                for i, (p, w) in enumerate(zip(parties, wages, strict=False))
            ]
            case.agreement = Agreement(
                disputed_matters="双方就拖欠工资的数额及支付期限发生争议。",
                responsibilities=f"{company.name}应按时足额支付劳动报酬，对拖欠工资负全部责任。",
                breach_clause="逾期未支付的，工人可向劳动人事争议仲裁委员会申请仲裁。",
                signed_on=signed,
                terms=terms,
            )
        self.set_stage(case)
        return case

    def set_stage(self, case: Case) -> None:
        """A stage that fits the case's age and agreement; a case not (yet) accepted has no 受理日期."""
        rng, age = self.rng, (LAST_DAY - case.registered_on).days
        stages: tuple[Stage, ...]
        if case.agreement is not None:
            stages = (
                (S.WRITTEN_AGREEMENT, S.PERFORMING, S.CONFIRMATION_APPLIED)
                if age < 45
                else (S.PERFORMING, S.CONFIRMED, S.ARCHIVED, S.ARCHIVED, S.ARCHIVED)
            )
        elif age < 20:
            stages = (S.REGISTERED, S.ACCEPTED, S.INVESTIGATING, S.MEDIATING)
        elif age < 60:
            stages = (S.MEDIATING, S.MEDIATING, S.TERMINATED, S.TERMINATED, S.ORAL_AGREEMENT, S.DECLINED)
        else:
            stages = (S.TERMINATED, S.ARCHIVED, S.ARCHIVED, S.ARCHIVED, S.ORAL_AGREEMENT, S.DECLINED)
        stage = rng.choice(stages)
        case.status = stage
        if stage in (S.REGISTERED, S.DECLINED):
            case.accepted_on = None

    # -- records of the procedure

    def records(self, case: Case) -> list[StepRecord]:
        """The investigation and mediation records a case at its stage would have (none before 调查)."""
        stage = Stage(case.status)
        if stage in (S.REGISTERED, S.ACCEPTED, S.DECLINED):
            return []
        rng = self.rng
        start = case.accepted_on or case.registered_on
        end = (
            case.agreement.signed_on
            if case.agreement and case.agreement.signed_on
            else start + dt.timedelta(days=rng.randint(3, 25))
        )
        end = max(start, min(end, LAST_DAY))
        out: list[StepRecord] = []
        if stage is S.INVESTIGATING or rng.random() < 0.6:
            out.append(self.investigation(case, self.moment(start, end)))
        if stage is not S.INVESTIGATING:
            sessions = rng.choice((1, 1, 1, 1, 2, 2, 3))
            if stage is S.ORAL_AGREEMENT:
                final = "oral"
            elif stage is S.TERMINATED or (stage is S.ARCHIVED and case.agreement is None):
                final = "failed"
            elif case.agreement is not None:
                final = "agreement"
            else:
                final = "pending"
            for i in range(sessions):
                result = final if i == sessions - 1 else "pending"
                out.append(self.session(case, self.moment(start, end), result))
        return sorted(out, key=lambda r: r.held_at)

    def moment(self, first: dt.date, last: dt.date) -> dt.datetime:
        day = self.date_between(first, last)
        return dt.datetime(day.year, day.month, day.day, self.rng.randint(8, 16), self.rng.choice((0, 30)))

    def investigation(self, case: Case, held_at: dt.datetime) -> StepRecord:
        rng = self.rng
        a, b = case.parties[0], case.parties[-1] if case.dispute_type == "劳动争议纠纷" else case.parties[1]
        subject = rng.choice((a, b))
        place = rng.choice((f"{subject.name}家中", "纠纷现场", "本委员会调解室"))
        staff = "、".join(case.mediators)
        content = (
            f"{staff}到{place}了解纠纷情况。{subject.name}陈述：{case.claims}据其介绍，{case.facts[: rng.randint(30, 60)]}"
            f"……调查人员查看了现场，{rng.choice(WITNESSES)}。{subject.name}表示愿意配合调解。"
        )
        return StepRecord(
            kind=RecordKind.INVESTIGATION,
            held_at=held_at,
            place=place,
            staff=staff,
            recorder=case.recorder,
            content=content,
            subject=subject.name,
        )

    def session(self, case: Case, held_at: dt.datetime, result: str) -> StepRecord:
        rng = self.rng
        a, b = case.parties[0], case.parties[-1] if case.dispute_type == "劳动争议纠纷" else case.parties[1]
        present = [p.name for p in case.parties]
        parties_present = "、".join(present[:4]) + (f"等{len(present)}人" if len(present) > 4 else "")
        content = (
            f"调解员告知双方当事人在调解活动中享有的权利和承担的义务，双方均表示清楚。"
            f"{a.name}陈述：{case.claims}{b.name}陈述：{rng.choice(REPLIES)}。调解员根据{rng.choice(LAW_POINTS)}，"
            f"劝导双方互谅互让。"
        )
        return StepRecord(
            kind=RecordKind.SESSION,
            held_at=held_at,
            place="本委员会调解室",
            staff="、".join(case.mediators),
            recorder=case.recorder,
            content=content,
            participants=rng.choice(("", "", "村民小组长", "网格员", "双方亲属各一人")),
            parties_present=parties_present,
            result=SESSION_RESULTS[result],
        )


@dataclass
class DemoCase:
    """A generated case with the step records its stage implies."""

    case: Case
    records: list[StepRecord]


def _names(names: list[str]) -> str:
    return names[0] + ("等" if len(names) > 1 else "") if names else ""


def iter_demo(n: int, seed: int) -> Iterator[DemoCase]:
    """Yield `n` cases with their records in order of registration date; the same (n, seed) always
    yields the same cases."""
    gen = _Gen(seed)
    first, last = FIRST_DAY.toordinal(), LAST_DAY.toordinal()
    days = sorted(gen.rng.randint(first, last) for _ in range(n))
    for day in days:
        case = gen.case(dt.date.fromordinal(day))
        yield DemoCase(case, gen.records(case))


def iter_cases(n: int, seed: int) -> Iterator[Case]:
    """Yield `n` cases in order of registration date; the same (n, seed) always yields the same cases."""
    return (d.case for d in iter_demo(n, seed))


def generate_cases(n: int, seed: int) -> list[Case]:
    return list(iter_cases(n, seed))
