"""One agreement term as one sentence: who does what for whom, how much, by when, how and where
(PML Art. 29(3)). The wording is the printed agreement's; the case view and the procedure dialogs
show the same sentence (with the date in figures and without the item number).

Each piece carries the path of the field it comes from (``agreement.terms[0].deadline``; "" for the
connecting words), so that the renderer can name the field of a character no font has.
"""

from __future__ import annotations

from collections.abc import Mapping

from mediator_app.domain.dates import format_date
from mediator_app.domain.model import Case, Term
from mediator_app.domain.numerals import chinese_count

Part = tuple[str, str]  # (text, path of the field it comes from; "" for connecting words)
Parts = list[Part]

# A payment names its payee before the verb (向申请人张三支付…); any other act names the party it is
# owed to after it, so that "向" never lands in front of an act such as 清理/修缮/赔礼道歉.
DEFAULT_TERM_TEXTS = {
    "deadline": "于{deadline}前",
    "obligee": "向{obligee}",
    "beneficiary": "（权利人：{obligee}）",
    "manner": "履行方式：{manner}",
    "place": "履行地点：{place}",
    # How a party is named: the agreement's own roles; the joint application, where every party
    # applies (CPL Art. 205), names them all 申请人 ("申请人{name}").
    "party": "{role}{name}",
}


def clause(text: str) -> str:
    """User text used inside a printed sentence: without the full stop the sentence supplies."""
    return text.strip().rstrip("。；;，,. ")


def party_ref(case: Case, seq: int, template: str = DEFAULT_TERM_TEXTS["party"]) -> Parts:
    """申请人张三, with the name's own path; 第3位当事人 for a number no party has (never printed:
    validation refuses such a term before printing)."""
    for index, party in enumerate(case.parties):
        if party.seq == seq:
            before, _, after = template.replace("{role}", party.role.value).partition("{name}")
            return [(before, ""), (party.name, f"parties[{index}].name"), (after, "")]
    return [(f"第{seq}位当事人", "")]


def _index(case: Case, term: Term) -> int:
    """The term's place in the agreement (its field paths); a term being drafted goes by its number."""
    terms = case.agreement.terms if case.agreement else []
    return terms.index(term) if term in terms else term.seq - 1


def _template(template: str, name: str, *value: Part) -> Parts:
    before, _, after = template.partition("{" + name + "}")
    return [(before, ""), *value, (after, "")]


def term_parts(
    case: Case,
    term: Term,
    date_style: str = "chinese",
    texts: Mapping[str, str] | None = None,
    numbered: bool = True,
) -> Parts:
    """The term as a sentence, each piece with the path of the field it comes from.

    `texts` are a form's own connecting words (forms/*.json, key `texts`) over `DEFAULT_TERM_TEXTS`.
    """
    t = {**DEFAULT_TERM_TEXTS, **(texts or {})}
    base = f"agreement.terms[{_index(case, term)}]"
    out: Parts = [(f"{chinese_count(term.seq)}、", "")] if numbered else []
    out += party_ref(case, term.obligor, t["party"])
    if term.deadline is not None:
        out += _template(t["deadline"], "deadline", (format_date(term.deadline, date_style), f"{base}.deadline"))
    payment = term.amount is not None
    if term.obligee is not None and payment:
        out += _template(t["obligee"], "obligee", *party_ref(case, term.obligee, t["party"]))
    out.append((clause(term.action), f"{base}.action"))
    if term.amount is not None:
        out.append((term.amount.legal(), f"{base}.amount"))  # always 大写 and figures (`Money.legal`, GB/T 15835)
    if term.obligee is not None and not payment:
        out += _template(t["beneficiary"], "obligee", *party_ref(case, term.obligee, t["party"]))
    for key in ("manner", "place"):
        value = str(getattr(term, key)).strip()
        if value:
            out += [("，", ""), *_template(t[key], key, (value, f"{base}.{key}"))]
    return [*out, ("。", "")]


def term_sentence(
    case: Case,
    term: Term,
    date_style: str = "chinese",
    texts: Mapping[str, str] | None = None,
    numbered: bool = True,
) -> str:
    """一、被申请人李四于二〇二六年十二月三十一日前向申请人张三支付人民币壹万贰仟元整（¥12,000.00），履行方式：银行转账。"""
    return "".join(text for text, _ in term_parts(case, term, date_style, texts, numbered))


def screen_term_sentence(case: Case, term: Term) -> str:
    """The printed sentence as the screens show it: the date in figures, no item number (a list numbers it)."""
    return term_sentence(case, term, "arabic", numbered=False)
