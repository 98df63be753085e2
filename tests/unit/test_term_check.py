"""The term checker (SPC CPL Interpretation Arts. 355 and 358): every word list entry, with text that must
be flagged and text that must not."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from mediator_app.domain.model import Agreement, Term
from mediator_app.domain.money import Money
from mediator_app.domain.term_check import ART_355, ART_358, Ground, TermRules, check_agreement, check_term
from mediator_app.errors import UserFacingError
from mediator_app.services.term_rules import term_rules

DAY = dt.date(2026, 12, 20)


@pytest.fixture(scope="module")
def rules() -> TermRules:
    return term_rules(Path("/nonexistent-user-folder"))


def clear_payment(**changes: object) -> Term:
    values: dict[str, object] = {
        "seq": 1,
        "obligor": 2,
        "obligee": 1,
        "action": "赔偿医疗费、误工费共计",
        "amount": Money(1_200_000),
        "deadline": DAY,
        "manner": "银行转账",
    }
    values.update(changes)
    return Term(**values)  # type: ignore[arg-type]


def found(term: Term, rules: TermRules) -> list[tuple[str, Ground, str]]:
    return [(f.path, f.ground, f.message) for f in check_term(0, term, rules)]


def test_a_clear_payment_has_no_finding(rules: TermRules) -> None:
    assert check_term(0, clear_payment(), rules) == []


@pytest.mark.parametrize("verb", ["赔偿", "支付", "补偿", "返还", "给付", "偿还", "退还", "赔付"])
def test_a_payment_verb_needs_an_amount(verb: str, rules: TermRules) -> None:
    result = found(clear_payment(action=f"{verb}甲方损失", amount=None), rules)
    assert ("agreement.terms[0].amount", Ground.UNCLEAR, "第1项条款是给付金钱，但没有写明具体金额") in result


def test_a_payment_needs_a_payee_and_a_manner(rules: TermRules) -> None:
    paths = {p for p, _, _ in found(clear_payment(obligee=None, manner=""), rules)}
    assert paths == {"agreement.terms[0].obligee", "agreement.terms[0].manner"}


def test_an_act_needs_an_obligee_and_a_deadline(rules: TermRules) -> None:
    term = Term(seq=1, obligor=1, action="拆除搭建在公共通道上的雨棚", deadline=None)
    result = found(term, rules)
    assert ("agreement.terms[0].obligee", Ground.UNCLEAR, "第1项条款没有写明向哪一方当事人履行") in result
    assert ("agreement.terms[0].deadline", Ground.UNCLEAR, "第1项条款没有写明履行期限") in result
    assert not any(p.endswith(".amount") for p, _, _ in result)  # not a payment


VAGUE = [
    ("适当", "适当赔偿甲方的损失", "赔偿甲方损失"),
    ("相应", "承担相应的责任", "承担修复费用"),
    ("合理", "承担合理费用", "合理化安排通行时间并按图施工"),
    ("酌情", "酌情补偿", "补偿"),
    ("尽快", "尽快修复围墙", "修复围墙"),
    ("尽快", "尽早搬离", "搬离"),
    ("若干", "补偿若干元", "补偿"),
    ("一定", "给予一定的补偿", "一定要按期修复并通知甲方"),
    ("等", "赔偿医疗费、误工费等", "分三期等额支付"),
    ("等", "赔偿医疗费等费用", "双方平等协商后同等分担"),
    ("部分", "返还部分款项", "返还全部分期款项（保险理赔部分除外）"),
    ("左右", "补偿5000元左右", "清理房屋左右两侧的杂物"),
    ("约", "支付约3000元", "按约定支付"),
    ("约", "大约两万元", "遵守村规民约"),
    ("另行协商", "其余费用另行协商", "其余费用由乙方承担"),
    ("视情况", "视情况补偿", "补偿"),
    ("原则上", "原则上由乙方承担", "由乙方承担"),
    ("力争", "力争年底前还清", "年底前还清"),
]


@pytest.mark.parametrize(("word", "flagged", "clean"), VAGUE)
def test_each_vague_word(word: str, flagged: str, clean: str, rules: TermRules) -> None:
    bad = check_term(0, clear_payment(action=flagged), rules)
    assert any(f.ground is Ground.UNCLEAR and f"“{word}”" in f.message for f in bad), bad
    assert ART_358 in next(f.text for f in bad if f"“{word}”" in f.message)
    good = check_term(0, clear_payment(action=clean), rules)
    assert not any(f"“{word}”" in f.message for f in good), good


STATUS = [
    ("离婚", "双方自愿离婚"),
    ("离婚", "双方解除夫妻关系"),
    ("离婚", "解除婚姻关系"),
    ("断绝亲子关系", "断绝父子关系"),
    ("断绝亲子关系", "确认母女关系"),
    ("收养", "解除收养关系"),
    ("监护", "孩子的监护权归甲方"),
    ("户籍", "乙方将户口迁出"),
]


@pytest.mark.parametrize(("word", "text"), STATUS)
def test_status_relations_are_found_in_clauses_and_matters(word: str, text: str, rules: TermRules) -> None:
    in_term = check_term(0, clear_payment(action=text, amount=None, manner=""), rules)
    assert any(f.ground is Ground.STATUS and f"“{word}”" in f.message for f in in_term)
    matters = check_agreement(Agreement(disputed_matters=text), rules)
    assert [(f.path, f.ground) for f in matters] == [("agreement.disputed_matters", Ground.STATUS)]
    assert ART_355 in matters[0].text


TITLE = [
    ("归…所有", "该房屋归申请人所有"),
    ("宅基地归属", "争议宅基地归乙方"),
    ("使用权归属", "宅基地使用权归甲方"),
    ("承包经营权归属", "该地块承包经营权由乙方享有"),
    ("知识产权归属", "该专利权归甲方享有"),
    ("知识产权归属", "商标专用权由乙方享有"),
    ("所有权归属", "确认争议林木所有权"),
    ("林权归属", "双方林权界线以山脊为界"),
]


@pytest.mark.parametrize(("word", "text"), TITLE)
def test_title_is_found(word: str, text: str, rules: TermRules) -> None:
    result = check_term(0, clear_payment(action=text, amount=None, manner=""), rules)
    assert any(f.ground is Ground.TITLE and f"“{word}”" in f.message for f in result), result


@pytest.mark.parametrize("text", ["归还借款本金", "乙方将房屋归还甲方", "承担所有修复费用", "将借款归还给甲方"])
def test_returning_things_is_not_title(text: str, rules: TermRules) -> None:
    result = check_term(0, clear_payment(action=text), rules)
    assert not any(f.ground is Ground.TITLE for f in result), result


def test_vague_words_in_matters_do_not_count(rules: TermRules) -> None:
    assert check_agreement(Agreement(disputed_matters="医疗费、误工费等损失的赔偿"), rules) == []


def test_findings_become_field_errors_with_the_article(rules: TermRules) -> None:
    agreement = Agreement(terms=[clear_payment(), clear_payment(seq=2, action="适当赔偿甲方的损失", amount=None)])
    errors = [f.as_field_error() for f in check_agreement(agreement, rules)]
    assert [e.path for e in errors] == ["agreement.terms[1].amount", "agreement.terms[1].action"]
    assert errors[1].message == f"第2项条款含有“适当”，请写明具体金额、数量或行为（内容不明确，{ART_358}）"


def test_a_committee_file_replaces_the_lists_it_names(tmp_path: Path) -> None:
    (tmp_path / "term_rules.json").write_text(
        json.dumps({"vague": [{"label": "看着办"}]}, ensure_ascii=False), encoding="utf-8"
    )
    own = term_rules(tmp_path)
    assert [r.label for r in own.vague] == ["看着办"]
    assert own.status  # the shipped status list stays
    assert any("看着办" in f.message for f in check_term(0, clear_payment(action="赔偿看着办"), own))


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("{", "协议条款检查词表无法读取"),
        ('{"vague": [{"label": "x", "pattern": "("}]}', "vague[0].pattern"),
        ('{"payment_verbs": "赔偿"}', "payment_verbs"),
        ("[]", "应为一个对象"),
    ],
)
def test_a_damaged_committee_file_is_reported(tmp_path: Path, content: str, said: str) -> None:
    (tmp_path / "term_rules.json").write_text(content, encoding="utf-8")
    term_rules.cache_clear()
    with pytest.raises(UserFacingError, match=said.replace("[", r"\[").replace("]", r"\]").replace("(", r"\(")):
        term_rules(tmp_path)
