"""The one term-sentence builder: the printed wording, its field paths, a form's own words."""

from __future__ import annotations

import datetime as dt

from mediator_app.domain.model import Term
from mediator_app.domain.money import Money
from mediator_app.domain.terms import screen_term_sentence, term_parts, term_sentence
from tests.factories import make_case


def test_a_payment_names_the_payee_before_the_verb_and_prints_the_amount_in_words() -> None:
    case = make_case(2)
    term = Term(
        seq=1, obligor=2, obligee=1, action="支付修复费。", deadline=dt.date(2026, 12, 31), amount=Money(360000)
    )
    assert term_sentence(case, term) == (
        "一、被申请人吉𠮷祥于二〇二六年十二月三十一日前向申请人刘䶮支付修复费人民币叁仟陆佰元整（¥3,600.00）。"
    )
    assert screen_term_sentence(case, term).startswith("被申请人吉𠮷祥于2026年12月31日前向申请人刘䶮支付修复费")


def test_pieces_carry_the_path_of_their_field_and_a_form_may_reword_the_connectors() -> None:
    case = make_case(2)
    assert case.agreement is not None
    term = case.agreement.terms[1]
    paths = {path for _, path in term_parts(case, term) if path}
    assert {"parties[1].name", "agreement.terms[1].action", "agreement.terms[1].deadline"} <= paths
    assert "在2026年12月15日之前" in term_sentence(case, term, "arabic", {"deadline": "在{deadline}之前"})


def test_a_party_number_no_party_has_is_named_by_its_number() -> None:
    case = make_case(2)
    term = Term(seq=1, obligor=7, action="拆除储物棚", deadline=None)
    assert term_sentence(case, term, numbered=False) == "第7位当事人拆除储物棚。"
