"""Judicial confirmation: the court helper (CPL Art. 205) and the pre-submission checks (docs/legal-basis.md §4.5).

The first part is pure (procedure/confirmation.py, held at 100% branch coverage with the other
procedure tests); the second runs the checks and the package through the services on real cases:
late, not joint, an oral agreement, a status relation, a confirmation of title.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from mediator_app.domain.model import (
    CaseSource,
    Committee,
    Party,
    PartyKind,
    PartyRole,
    Representative,
    RepresentativeKind,
)
from mediator_app.domain.money import Money
from mediator_app.domain.records import ProcedureState
from mediator_app.errors import UserFacingError
from mediator_app.procedure.confirmation import (
    BLOCK,
    IDENTITY_RULE,
    UNCLEAR_RULE,
    WARN,
    Check,
    _describe,
    _rule_for,
    _warning_check,
    basic_court_for,
    blocking,
    confirmation_checks,
    court_options,
)
from mediator_app.procedure.machine import CaseFacts
from mediator_app.services import cases as svc
from mediator_app.storage.database import Database
from tests.factories import SIGNED_ON, make_case, make_committee

pytestmark = pytest.mark.engines  # on SQLite and on PostgreSQL

D = dt.date


# ---------------------------------------------------------------- courts (pure)


@pytest.mark.parametrize(
    ("address", "court"),
    [
        ("北京市朝阳区望京西园三区101号楼", "北京市朝阳区人民法院"),
        ("湖北省黄石市阳新县兴国镇", "湖北省黄石市阳新县人民法院"),
        ("内蒙古自治区锡林郭勒盟锡林浩特市宝力根街道", "内蒙古自治区锡林郭勒盟锡林浩特市人民法院"),
        ("青山镇桃源村三组", None),
        ("望京西园三区", None),
        ("阳光小区", None),
        ("", None),
    ],
)
def test_basic_court_is_inferred_from_the_county_in_an_address(address: str, court: str | None) -> None:
    assert basic_court_for(address) == court


def test_court_invited_mediation_goes_back_to_that_court() -> None:
    case = make_case()
    case.source = CaseSource.COURT
    case.referral_court, case.referral_ref = "北京市东城区人民法院", "（2026）京0101民诉前调88号"
    options = court_options(case, make_committee(), ProcedureState(confirmation_court="北京市第三中级人民法院"))
    assert [(o.name, o.kind, o.required) for o in options] == [("北京市东城区人民法院", "inviting", True)]
    assert "委派" in options[0].basis and "第二百零五条第一项" in options[0].basis
    assert "（2026）京0101民诉前调88号" in options[0].basis
    case.referral_ref = ""
    assert "（）" not in court_options(case, make_committee(), ProcedureState())[0].basis
    case.referral_court = ""  # not recorded: no court is offered; the check says what to fill in
    assert court_options(case, make_committee(), ProcedureState()) == []


def test_other_mediations_offer_the_committee_and_the_parties_courts() -> None:
    case = make_case()
    case.parties[1].address = "天津市和平区南京路1号"
    case.parties[2].address = "青山镇桃源村三组"
    options = court_options(case, make_committee(), ProcedureState())
    assert [(o.name, o.kind, o.inferred) for o in options] == [
        ("北京市朝阳区人民法院", "committee", False),  # also 刘䶮's domicile: merged, not inferred
        ("天津市和平区人民法院", "domicile", True),
    ]
    assert "人民调解委员会所在地" in options[0].basis and "刘䶮住所地" in options[0].basis
    bare = Committee(name="桃源村人民调解委员会", short_name="桃源村")
    chosen = court_options(case, bare, ProcedureState(confirmation_court="天津市和平区人民法院"))
    assert [(o.name, o.kind) for o in chosen] == [
        ("天津市和平区人民法院", "chosen"),
        ("北京市朝阳区人民法院", "domicile"),
    ]
    assert chosen[0].basis.startswith("已选定") and not chosen[0].inferred


# ---------------------------------------------------------------- checks (pure)


def _state(**changes: object) -> ProcedureState:
    state = ProcedureState(
        stage="达成书面协议", parties_signed_on=SIGNED_ON, mediator_signed_on=SIGNED_ON, sealed_on=SIGNED_ON
    )
    return dataclasses.replace(state, **changes)


def _facts(**changes: object) -> CaseFacts:
    facts = CaseFacts(today=SIGNED_ON + dt.timedelta(days=3), written_agreement=True, effective_on=SIGNED_ON)
    return dataclasses.replace(facts, **changes)


def test_a_ready_case_is_only_reminded_of_the_agents() -> None:
    checks = confirmation_checks(make_case(), _state(), _facts())
    assert blocking(checks) == []
    assert {c.level for c in checks} == {WARN} and all("委托代理人" in c.message for c in checks)


def test_procedure_guards_are_reused_for_the_application() -> None:
    case = make_case()
    late = confirmation_checks(case, _state(), _facts(today=SIGNED_ON + dt.timedelta(days=45)))
    assert any(c.level == BLOCK and "三十日内" in c.message and "第三十三条" in c.rule for c in late)
    assert not any("即将届满" in c.message for c in late)  # no "soon" reminder once it is too late
    soon = confirmation_checks(case, _state(), _facts(today=SIGNED_ON + dt.timedelta(days=27)))
    assert any(c.level == WARN and "即将届满" in c.message for c in soon) and not blocking(soon)
    joint = confirmation_checks(case, _state(), _facts(applicants_missing=("吉𠮷祥",)))
    assert any("共同申请" in c.message and "吉𠮷祥" in c.message and "第二百零五条" in c.rule for c in joint)
    oral = confirmation_checks(case, _state(stage="达成口头协议"), _facts(written_agreement=False))
    assert any("只有书面调解协议" in c.message for c in blocking(oral))
    early = confirmation_checks(case, _state(stage="调解中"), _facts())
    assert any("不能“申请司法确认”" in c.message for c in blocking(early))
    status = confirmation_checks(case, _state(), _facts(status_relation=True, title_confirmation=True))
    assert [c.rule for c in status if "不予受理" in c.message] == ["最高法《民事诉讼法》解释第三百五十五条"] * 2


def test_a_filed_application_is_checked_as_of_its_filing_day() -> None:
    case, later = make_case(), _facts(today=SIGNED_ON + dt.timedelta(days=90))
    filed = _state(stage="司法确认申请中", confirmation_applied_on=SIGNED_ON + dt.timedelta(days=5))
    assert blocking(confirmation_checks(case, filed, later)) == []
    undated = _state(stage="司法确认有效")
    assert any("三十日内" in c.message for c in blocking(confirmation_checks(case, undated, later)))


def test_papers_must_identify_every_party_and_state_every_term_clearly() -> None:
    case = make_case()
    person, _, organisation = case.parties
    person.id_number, person.phone = "", ""
    organisation.uscc = ""
    assert case.agreement is not None
    case.agreement.terms[0].manner = ""
    case.agreement.terms[1].deadline = None
    case.parties.append(
        Party(
            seq=4,
            role=PartyRole.APPLICANT,
            kind=PartyKind.PERSON,
            name="小明",
            id_number="110105201501010017",
            address="北京市朝阳区",
            phone="13800138000",
            representatives=[],
        )
    )
    checks = confirmation_checks(case, _state(), _facts(handled_elsewhere=True))
    messages = {c.message: c for c in checks}
    assert messages[f"未填写当事人{person.name}的身份证件号码"].rule == IDENTITY_RULE
    assert messages[f"未填写{organisation.name}的统一社会信用代码"].level == BLOCK
    assert messages[f"未填写当事人{person.name}的联系电话，人民法院需要当事人的联系方式"].level == WARN
    assert any(c.message.startswith("协议第二项条款：") and c.rule == UNCLEAR_RULE for c in blocking(checks))
    assert messages["协议第一项条款为金钱给付，未写明履行方式（如银行转账、现金）"].level == WARN
    assert any("小明未满十八周岁" in c.message and "民法典" in c.rule for c in blocking(checks))
    assert any("已由人民法院、公安机关" in c.message for c in blocking(checks))
    guardian = Representative(RepresentativeKind.GUARDIAN, "王父", phone="13800138001", relation="父子")
    case.parties[3].representatives.append(guardian)
    assert not any("小明" in c.message for c in confirmation_checks(case, _state(), _facts()))


def test_without_a_written_agreement_only_the_procedure_speaks_of_it() -> None:
    case = make_case()
    case.agreement = None
    checks = confirmation_checks(case, _state(stage="达成口头协议"), _facts(written_agreement=False))
    assert not any("协议内容" in c.message or "条款" in c.message for c in checks)


def test_messages_name_the_term_or_party_and_cite_the_rule() -> None:
    case = make_case()
    assert _describe(case, "agreement.terms[1].deadline", "请填写履行期限") == "协议第二项条款：请填写履行期限"
    assert _describe(case, "parties[1].phone", "格式不正确") == "当事人吉𠮷祥：格式不正确"
    assert _describe(case, "parties[1].name", "吉𠮷祥的住址未填写") == "吉𠮷祥的住址未填写"
    assert _describe(case, "parties[9].name", "x") == "x"
    assert _describe(case, "mediators", "请填写") == "请填写"
    assert _rule_for("parties[0].uscc") == IDENTITY_RULE
    assert "民法典" in _rule_for("parties[3].representatives")
    assert _rule_for("agreement.disputed_matters") == UNCLEAR_RULE
    assert _warning_check("请尽快申请（某规定）") == Check(WARN, "请尽快申请", "某规定")
    assert _warning_check("没有出处") == Check(WARN, "没有出处", "")
    assert str(Check(BLOCK, "不行", "某条")) == "不行（某条）" and str(Check(WARN, "提示", "")) == "提示"


def test_money_term_with_manner_and_guardians_raise_nothing() -> None:
    case = make_case()
    assert case.agreement is not None
    case.agreement.terms[0].amount = Money(100)
    case.parties[0].representatives = [Representative(RepresentativeKind.GUARDIAN, "刘父", relation="父子")]
    assert not any(
        "履行方式" in c.message or "委托代理人何文斌" in c.message
        for c in confirmation_checks(case, _state(), _facts())
    )


# ---------------------------------------------------------------- through the services


@pytest.fixture
def db_cases(committee_db: Database) -> tuple[Database, dict[str, int]]:
    from tests import docfixtures

    db = committee_db
    marriage, title = make_case(parties=2), make_case(parties=2)
    assert marriage.agreement is not None and title.agreement is not None
    marriage.agreement.terms[1].action = "双方同意解除婚姻关系，共同生活期间的财产按本协议分割"
    title.agreement.terms[1].action = "确认争议宅基地使用权归申请人所有"
    ids = {
        "plain": docfixtures.agreement_case(db, confirm=False),
        "oral": docfixtures.oral_case(db),
        "marriage": docfixtures.agreement_case(db, marriage, confirm=False),
        "title": docfixtures.agreement_case(db, title, confirm=False),
    }
    return db, ids


def test_the_package_is_refused_or_warned_as_the_law_requires(db_cases: tuple[Database, dict[str, int]]) -> None:
    from mediator_app.services import printing
    from mediator_app.services.printing import DatabaseStore, PrintJob
    from tests.docfixtures import COURT

    db, ids = db_cases

    def checks(case_id: int, today: dt.date) -> list[Check]:
        return printing.confirmation_checks(printing.read(DatabaseStore(db), case_id, today=today))

    def package(case_id: int, court: str, today: dt.date, applicants: list[int] | None = None) -> bytes:
        return printing.render(DatabaseStore(db), PrintJob.package(case_id, court, today=today, applicants=applicants))

    on_time, late = SIGNED_ON + dt.timedelta(days=2), SIGNED_ON + dt.timedelta(days=40)
    assert blocking(checks(ids["plain"], on_time)) == []
    cases = {
        "late": (ids["plain"], late, None, "三十日内"),
        "not joint": (ids["plain"], on_time, [1], "共同申请"),
        "oral": (ids["oral"], on_time, None, "只有书面调解协议"),
    }
    for name, (case_id, today, applicants, phrase) in cases.items():
        with pytest.raises(printing.ConfirmationBlocked) as caught:
            package(case_id, COURT, today, applicants)
        assert any(phrase in c.message for c in caught.value.checks), name
        assert phrase in caught.value.message
    for name in ("marriage", "title"):
        found = checks(ids[name], on_time)
        warned = [c for c in found if c.level == WARN and "不予受理" in c.message]
        assert warned and warned[0].rule == "最高法《民事诉讼法》解释第三百五十五条", name
        pdf = package(ids[name], COURT, on_time)
        assert pdf.startswith(b"%PDF")  # a warning informs, it does not block
    with pytest.raises(UserFacingError, match="请选择或填写受理司法确认申请的人民法院"):
        package(ids["plain"], " ", on_time)
    options = printing.court_options(printing.read(DatabaseStore(db), ids["plain"]))
    assert options[0].name == COURT


# ---------------------------------------------------------------- unclear terms (SPC Interp. Art. 358)


def test_unclear_terms_block_or_warn_with_the_article() -> None:
    from pathlib import Path

    from mediator_app.domain.term_check import check_agreement
    from mediator_app.services.term_rules import term_rules

    case = make_case()
    assert case.agreement is not None
    case.agreement.terms[0].action = "适当赔偿申请人的损失"
    case.agreement.terms[0].amount = None
    case.agreement.terms[0].manner = ""
    case.agreement.terms[1].action = "拆除储物棚等设施，房屋归申请人所有"
    findings = tuple(check_agreement(case.agreement, term_rules(Path("/nonexistent"))))
    checks = confirmation_checks(case, _state(), _facts(term_findings=findings))
    unclear = [c for c in checks if c.rule == UNCLEAR_RULE]
    assert [(c.level, c.message) for c in unclear if c.level == BLOCK] == [
        (BLOCK, "第1项条款是给付金钱，但没有写明具体金额")
    ]
    warned = {c.message for c in unclear if c.level == WARN}
    assert "第1项条款含有“适当”，请写明具体金额、数量或行为" in warned
    assert "第2项条款含有“等”，请把各项逐一列明，不用“等”" in warned
    assert not any("付款方式" in c.message for c in checks)  # the payment's manner: _paper_checks' own warning
    assert not any("归…所有" in c.message for c in checks)  # title: the procedure's warning, not a term check


def test_through_the_command_line_a_block_exits_non_zero_and_a_warning_says_提示(
    committee_db: Database, db_location: object, run: object, tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pathlib import Path

    from tests import docfixtures

    unclear, vague = make_case(parties=2), make_case(parties=2)
    assert unclear.agreement is not None and vague.agreement is not None
    unclear.agreement.terms[0].action, unclear.agreement.terms[0].amount = "适当赔偿申请人的损失", None
    vague.agreement.terms[0].action = "赔偿医疗费、误工费等各项损失"
    ids = [docfixtures.agreement_case(committee_db, c, confirm=False) for c in (unclear, vague)]
    numbers = [svc.get_case(committee_db, i).number for i in ids]
    out = Path(str(tmp_path)) / "package.pdf"
    monkeypatch.setenv("MEDIATOR_TODAY", (SIGNED_ON + dt.timedelta(days=2)).isoformat())
    code, _, err = run("--db", str(db_location), "render", "confirmation", numbers[0], "-o", str(out))  # type: ignore[operator]
    assert code == 2 and "没有写明具体金额" in err and UNCLEAR_RULE in err and not out.exists()
    code, _, err = run("--db", str(db_location), "render", "confirmation", numbers[1], "-o", str(out))  # type: ignore[operator]
    assert code == 0 and "提示：" in err and "“等”" in err and UNCLEAR_RULE in err
    assert out.read_bytes().startswith(b"%PDF")
