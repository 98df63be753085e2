"""Every article the demo data cites exists (issue 12): the demo's texts are what a new user reads first,
and a wrong citation there (the decline reason once cited PML Art. 18, which is about referrals, for a
dispute a court had accepted: that is MoJ 2002 Art. 22) teaches the wrong law. The articles are listed
in resources/legal/articles.json; the check also runs over the shipped form files."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from mediator_app.paths import resource_path

ROOT = Path(__file__).resolve().parents[2]
CITATION = re.compile(r"《([^》]+)》第([一二三四五六七八九十百千零]+)条")
DEMO_MODULES = ["demo.py", "demo_texts.py", "demo_gen.py", "demo_people.py"]


def _articles() -> dict[str, set[str]]:
    data = json.loads(resource_path("legal", "articles.json").read_text(encoding="utf-8"))
    known: dict[str, set[str]] = {}
    for law in data["laws"]:
        for name in [law["name"], *law["also"]]:
            known[name] = set(law["articles"])
    return known


def _citations(text: str) -> list[tuple[str, str]]:
    return [(law, f"第{number}条") for law, number in CITATION.findall(text)]


@pytest.mark.parametrize("module", DEMO_MODULES)
def test_every_article_cited_in_the_demo_texts_exists(module: str) -> None:
    known = _articles()
    text = (ROOT / "mediator_app" / "services" / module).read_text(encoding="utf-8")
    for law, article in _citations(text):
        assert law in known, f"{module}: 《{law}》 is not in resources/legal/articles.json"
        assert article in known[law], f"{module}: 《{law}》{article} is not in resources/legal/articles.json"


def test_the_forms_cite_only_listed_articles() -> None:
    known = _articles()
    for path in sorted((ROOT / "forms").glob("*.json")):
        for law, article in _citations(path.read_text(encoding="utf-8")):
            if law in known:
                assert article in known[law], f"{path.name}: 《{law}》{article}"


def test_the_check_catches_an_article_that_does_not_exist() -> None:
    known = _articles()
    [(law, article)] = _citations("依据《人民调解法》第六十条")
    assert law in known and article not in known[law]


def test_the_demo_decline_notice_cites_the_rule_for_a_dispute_a_court_accepted() -> None:
    from mediator_app.domain.model import Case, CaseSource
    from mediator_app.domain.stages import Stage
    from mediator_app.services.demo import procedure_state

    case = Case(dispute_type="邻里纠纷", source=CaseSource.APPLICATION, registered_on=dt.date(2026, 11, 2), facts="x")
    case.status = Stage.DECLINED
    state = procedure_state(case)
    assert state.handled_elsewhere and "人民法院" in state.decline_reason
    assert "第十八条" not in state.decline_reason
    notice = (ROOT / "forms" / "decline_notice.v1.json").read_text(encoding="utf-8")
    assert "《人民调解工作若干规定》第二十二条" in notice
