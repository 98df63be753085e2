"""以案定补, the per-case subsidy: a locality's rules (which cases qualify, how much each difficulty
grade pays, which dossier checks must pass) as data, and the judgement of one audited case. Pure.

The rules are local (docs/subsidy.md): the amounts per grade, whether oral agreements and failed
mediations are paid, whether an oral case needs proof of presence (a 调解记录 made on the spot) and
which checks of the dossier audit (domain.dossier) must pass. The bundled file
`resources/subsidy/rules.v1.json` is an example; a locality replaces it with its own file.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from mediator_app.domain.dossier import CHECKS, DossierResult
from mediator_app.domain.statistics import AgreementForm, Difficulty, Outcome
from mediator_app.errors import UserFacingError
from mediator_app.frozen import frozen

RULES_FORMAT = 1


@frozen
class SubsidyRules:
    version: str
    valid_from: dt.date
    amounts_fen: dict[str, int]  # difficulty grade → 分
    outcomes: tuple[str, ...]  # outcomes that are paid
    oral_cases: bool  # oral agreements are paid
    oral_needs_session_record: bool  # …only with a 调解记录 made on the spot (proof of presence)
    dossier_checks: tuple[str, ...]  # domain.dossier.CHECKS ids that must pass
    note: str = ""


def _fail(where: str, what: str) -> UserFacingError:
    return UserFacingError(f"以案定补规则文件“{where}”有误：{what}")


def _fen(where: str, grade: str, text: object) -> int:
    try:
        value = Decimal(str(text))
    except InvalidOperation:
        raise _fail(where, f"难度“{grade}”的金额“{text}”不是数字") from None
    if value < 0 or value != value.quantize(Decimal("0.01")):
        raise _fail(where, f"难度“{grade}”的金额“{text}”应为不小于0、至多两位小数的元数")
    return int(value * 100)


def parse_rules(data: Any, where: str) -> SubsidyRules:
    """The rules from a rule file's JSON, or a Chinese message naming what is wrong."""
    if not isinstance(data, dict) or data.get("format") != RULES_FORMAT:
        raise _fail(where, f'不是第{RULES_FORMAT}版格式的规则文件（缺少 "format": {RULES_FORMAT}）')
    amounts = data.get("amounts")
    if not isinstance(amounts, dict) or not amounts:
        raise _fail(where, "缺少各难度级别的补贴金额（amounts）")
    unknown = sorted(set(amounts) - {str(d) for d in Difficulty})
    if unknown:
        raise _fail(where, f"未知的难度级别：{'、'.join(unknown)}（应为一般、疑难、重大）")
    outcomes = tuple(str(o) for o in data.get("outcomes", [Outcome.SUCCESS]))
    if bad := [o for o in outcomes if o not in {str(x) for x in Outcome}]:
        raise _fail(where, f"未知的调解结果：{'、'.join(bad)}")
    checks = tuple(str(c) for c in data.get("dossier_checks", ()))
    if bad := [c for c in checks if c not in CHECKS]:
        raise _fail(where, f"未知的卷宗审查项：{'、'.join(bad)}（可用：{'、'.join(CHECKS)}）")
    try:
        valid_from = dt.date.fromisoformat(str(data.get("valid_from", "2000-01-01")))
    except ValueError:
        raise _fail(where, "生效日期（valid_from）应写成 2024-01-01 的形式") from None
    return SubsidyRules(
        version=str(data.get("version", "")),
        valid_from=valid_from,
        amounts_fen={str(g): _fen(where, str(g), v) for g, v in amounts.items()},
        outcomes=outcomes,
        oral_cases=bool(data.get("oral_cases", False)),
        oral_needs_session_record=bool(data.get("oral_needs_session_record", False)),
        dossier_checks=checks,
        note=str(data.get("note", "")),
    )


@frozen
class Judgement:
    result: DossierResult
    amount_fen: int | None  # None: not paid
    reason: str  # why not paid, "" when paid


def judge(result: DossierResult, rules: SubsidyRules) -> Judgement:
    """Whether the audited case is paid under `rules`, and how much (its dossier audited by the rules'
    checks: `result` must come from `domain.dossier.audit(facts, rules.dossier_checks)`)."""
    f = result.facts

    def no(reason: str) -> Judgement:
        return Judgement(result, None, reason)

    if f.closed_on is None or f.closed_on < rules.valid_from:
        return no(f"办结日期早于规则生效日期{rules.valid_from.isoformat()}")
    if f.outcome not in rules.outcomes:
        return no(f"调解结果为“{f.outcome or '未记录'}”，本地规则不予补贴")
    oral = f.agreement_form == AgreementForm.ORAL
    if oral and not rules.oral_cases:
        return no("口头协议案件本地规则不予补贴")
    if oral and rules.oral_needs_session_record and f.sessions == 0:
        return no("口头协议案件缺少现场调解记录（在场证明）")
    if f.difficulty not in rules.amounts_fen:
        return no(f"难度级别“{f.difficulty}”在本地规则中没有补贴标准")
    if result.lacks:
        return no("卷宗不全：" + "；".join(result.lacks))
    return Judgement(result, rules.amounts_fen[f.difficulty], "")
