"""The term checker: what in an agreement would make a court refuse or reject its judicial confirmation.

A court rejects an application whose agreement is unclear (内容不明确, SPC CPL Interpretation Art. 358) and
does not accept one that confirms status relations or title to property or IP rights (Art. 355). Most
refused applications fail on unclear terms (docs/legal-basis.md, "Judicial confirmation"), so every
operative clause is read here for what makes it unclear:

- a payment verb (赔偿、支付、补偿、返还 …) with no amount, or with no payee;
- no obligee (the party the act is owed to), no deadline, or — for a payment — no manner;
- open or vague words (适当、相应、合理、尽快、若干、一定 …) that leave the obligation to be settled later;

and the clauses and the disputed matters are read for status relations (marriage, parent–child, adoption,
guardianship, household registration) and title (ownership, use rights, land contract rights, homestead,
forest rights, patents, trademarks, copyright).

Pure and table-driven: the word lists are data (`TermRules`), because a local court's practice differs;
the shipped defaults are `resources/legal/term_rules.json`, loaded by the services with a committee's
own override. Each finding is a `TermFinding` that becomes a `FieldError` at the term's field path
(``agreement.terms[0].action``), so the agreement dialog shows it at the field while typing and the
confirmation checks name the same clause.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from enum import StrEnum

from mediator_app.domain.model import Agreement, Term
from mediator_app.errors import FieldError
from mediator_app.frozen import frozen

ART_355 = "最高法《民事诉讼法》解释第三百五十五条"
ART_358 = "最高法《民事诉讼法》解释第三百五十八条"


class Ground(StrEnum):
    """Why a finding matters to the court."""

    UNCLEAR = "内容不明确"  # Interp. Art. 358: the application is rejected
    STATUS = "身份关系"  # Interp. Art. 355: not accepted
    TITLE = "确权"  # Interp. Art. 355: not accepted

    @property
    def article(self) -> str:
        return ART_358 if self is Ground.UNCLEAR else ART_355


@frozen
class WordRule:
    """One word or pattern of a list: what it looks for and what is said when it is found."""

    pattern: re.Pattern[str]
    label: str  # how the finding names it, e.g. 适当
    hint: str  # what to write instead, shown after the finding


@frozen
class TermRules:
    """The word lists the checker reads with (data: see the module docstring)."""

    payment_verbs: tuple[str, ...]
    vague: tuple[WordRule, ...]
    status: tuple[WordRule, ...]
    title: tuple[WordRule, ...]

    @classmethod
    def from_mapping(cls, data: Mapping[str, object]) -> TermRules:
        """Build the rules from parsed JSON; a bad entry raises ValueError naming its place."""
        verbs = data.get("payment_verbs")
        if not isinstance(verbs, list) or not all(isinstance(v, str) and v for v in verbs):
            raise ValueError("payment_verbs：应为非空文字的列表")
        return cls(
            payment_verbs=tuple(verbs),
            vague=_word_rules(data, "vague"),
            status=_word_rules(data, "status"),
            title=_word_rules(data, "title"),
        )


def _word_rules(data: Mapping[str, object], key: str) -> tuple[WordRule, ...]:
    entries = data.get(key)
    if not isinstance(entries, list):
        raise ValueError(f"{key}：应为列表")
    out = []
    for i, entry in enumerate(entries):
        where = f"{key}[{i}]"
        if not isinstance(entry, dict):
            raise ValueError(f"{where}：应为对象")
        label, pattern, hint = entry.get("label"), entry.get("pattern", entry.get("label")), entry.get("hint", "")
        if not isinstance(label, str) or not label or not isinstance(pattern, str) or not isinstance(hint, str):
            raise ValueError(f"{where}：label、pattern、hint 应为文字")
        try:
            compiled = re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"{where}.pattern：不是有效的正则表达式（{exc}）") from None
        out.append(WordRule(compiled, label, hint))
    return tuple(out)


@frozen
class TermFinding:
    """One problem of one clause (or of the disputed matters), at the field it is in."""

    path: str
    ground: Ground
    message: str

    @property
    def text(self) -> str:
        """The message with the article it rests on, as shown to the mediator."""
        return f"{self.message}（{self.ground.value}，{self.ground.article}）"

    def as_field_error(self) -> FieldError:
        return FieldError(self.path, self.text)


def is_payment(term: Term, rules: TermRules) -> bool:
    """Whether the clause is a payment of money (by its amount or by a payment verb in its act)."""
    return term.amount is not None or any(verb in term.action for verb in rules.payment_verbs)


def _words(text: str, path: str, found: Sequence[WordRule], ground: Ground, what: str) -> Iterator[TermFinding]:
    seen: set[str] = set()
    for rule in found:
        if rule.label in seen or not rule.pattern.search(text):
            continue
        seen.add(rule.label)
        hint = f"，{rule.hint}" if rule.hint else ""
        yield TermFinding(path, ground, f"{what}含有“{rule.label}”{hint}")


def check_term(index: int, term: Term, rules: TermRules) -> list[TermFinding]:
    """Everything that makes clause `index` (0-based) unclear or unconfirmable."""
    base = f"agreement.terms[{index}]"
    label = f"第{index + 1}项条款"
    out: list[TermFinding] = []
    payment = is_payment(term, rules)
    if payment and term.amount is None:
        out.append(TermFinding(f"{base}.amount", Ground.UNCLEAR, f"{label}是给付金钱，但没有写明具体金额"))
    if term.obligee is None:
        what = "没有写明收款人" if payment else "没有写明向哪一方当事人履行"
        out.append(TermFinding(f"{base}.obligee", Ground.UNCLEAR, f"{label}{what}"))
    if term.deadline is None:
        out.append(TermFinding(f"{base}.deadline", Ground.UNCLEAR, f"{label}没有写明履行期限"))
    if payment and not term.manner.strip():
        out.append(
            TermFinding(f"{base}.manner", Ground.UNCLEAR, f"{label}没有写明付款方式（如现金、银行转账至某账户）")
        )
    for field_name, text in (("action", term.action), ("manner", term.manner), ("place", term.place)):
        path = f"{base}.{field_name}"
        out += _words(text, path, rules.vague, Ground.UNCLEAR, label)
        out += _words(text, path, rules.status, Ground.STATUS, label)
        out += _words(text, path, rules.title, Ground.TITLE, label)
    return out


def check_agreement(agreement: Agreement, rules: TermRules) -> list[TermFinding]:
    """Every finding of the whole agreement: each clause, then the disputed matters and responsibilities.

    The disputed matters and responsibilities are read for status relations and title only (they describe
    the dispute; vague words there do not make the obligations unclear).
    """
    out: list[TermFinding] = []
    for i, term in enumerate(agreement.terms):
        out += check_term(i, term, rules)
    for field_name, what, text in (
        ("disputed_matters", "争议事项", agreement.disputed_matters),
        ("responsibilities", "各方责任", agreement.responsibilities),
    ):
        path = f"agreement.{field_name}"
        out += _words(text, path, rules.status, Ground.STATUS, what)
        out += _words(text, path, rules.title, Ground.TITLE, what)
    return out


def grounds(findings: Sequence[TermFinding]) -> frozenset[Ground]:
    return frozenset(f.ground for f in findings)
