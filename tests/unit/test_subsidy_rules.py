"""以案定补 rules as data (domain.subsidy): the bundled file parses; a bad file is refused with a Chinese
message naming the fault; the judgement pays only qualifying cases with a complete dossier."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

import pytest

from mediator_app.domain.dossier import audit
from mediator_app.domain.subsidy import judge, parse_rules
from mediator_app.errors import UserFacingError
from mediator_app.services.subsidy import default_rules_path, load_rules
from tests.unit.test_dossier_audit import COMPLETE


def rules_data(**change: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(default_rules_path().read_text(encoding="utf-8"))
    data.update(change)
    return data


def test_the_bundled_rules_parse() -> None:
    rules = load_rules()
    assert rules.amounts_fen == {"一般": 10_000, "疑难": 20_000, "重大": 30_000}
    assert rules.outcomes == ("成功",) and rules.oral_cases and "return_visit" in rules.dossier_checks


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"format": 2}, "不是第1版格式"),
        ({"amounts": {"一般": "abc"}}, "不是数字"),
        ({"amounts": {"一般": "1.234"}}, "至多两位小数"),
        ({"amounts": {"特别": "1"}}, "未知的难度级别：特别"),
        ({"outcomes": ["成功", "和解"]}, "未知的调解结果：和解"),
        ({"dossier_checks": ["agreement", "photo"]}, "未知的卷宗审查项：photo"),
        ({"valid_from": "2024/01/01"}, "valid_from"),
    ],
)
def test_a_bad_rule_file_is_refused_with_its_fault(change: dict[str, Any], message: str) -> None:
    with pytest.raises(UserFacingError, match=message):
        parse_rules(rules_data(**change), "本地.json")


def test_a_file_that_is_not_json_is_refused(tmp_path: Any) -> None:
    bad = tmp_path / "rules.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(UserFacingError, match="无法读取以案定补规则文件"):
        load_rules(bad)


def test_the_judgement() -> None:
    rules = load_rules()
    hard = dataclasses.replace(COMPLETE, difficulty="疑难")
    assert judge(audit(hard, rules.dossier_checks), rules).amount_fen == 20_000
    no_visit = judge(audit(dataclasses.replace(hard, visits=0), rules.dossier_checks), rules)
    assert no_visit.amount_fen is None and no_visit.reason == "卷宗不全：缺回访记录"
    failed = judge(audit(dataclasses.replace(hard, outcome="不成功"), rules.dossier_checks), rules)
    assert failed.amount_fen is None and "不成功" in failed.reason
    oral = dataclasses.replace(hard, agreement_form="口头", oral_recorded=True, sessions=0)
    assert "在场证明" in judge(audit(oral, rules.dossier_checks), rules).reason
    assert judge(audit(dataclasses.replace(oral, sessions=1), rules.dossier_checks), rules).amount_fen == 20_000
    strict = dataclasses.replace(rules, oral_cases=False)
    assert "口头协议" in judge(audit(oral, rules.dossier_checks), strict).reason
    early = dataclasses.replace(rules, valid_from=dt.date(2027, 1, 1))
    assert "生效日期" in judge(audit(hard, rules.dossier_checks), early).reason
