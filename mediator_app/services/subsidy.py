"""以案定补 claims (docs/subsidy.md): per presiding mediator, the cases closed in a period that qualify
under the locality's rules, each with its amount; and every case that does not, with the reason (an
incomplete dossier names what it lacks), so that nothing is dropped silently. Read in one read
transaction; the rules come from the bundled example or the locality's own file (`load_rules`).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from mediator_app.domain.dossier import audit
from mediator_app.domain.subsidy import Judgement, SubsidyRules, judge, parse_rules
from mediator_app.errors import UserFacingError
from mediator_app.paths import resource_path
from mediator_app.services.cases import require_committee
from mediator_app.services.statistics.period import Period
from mediator_app.storage import repository as repo
from mediator_app.storage.database import Database
from mediator_app.storage.dossier_query import dossier_facts

NO_MEDIATOR = "（未指定调解员）"


def default_rules_path() -> Path:
    return resource_path("subsidy", "rules.v1.json")


def load_rules(path: Path | None = None) -> SubsidyRules:
    """The locality's rule file, or the bundled example; a Chinese message when it cannot be used."""
    path = path or default_rules_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserFacingError(f"找不到以案定补规则文件“{path}”") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserFacingError(f"无法读取以案定补规则文件“{path.name}”：{exc}") from None
    return parse_rules(data, path.name)


@dataclass
class Claim:
    unit: str
    period: Period
    rules: SubsidyRules
    made_on: dt.date
    paid: dict[str, list[Judgement]] = field(default_factory=dict)  # mediator → qualifying cases
    unpaid: list[Judgement] = field(default_factory=list)

    def subtotal(self, mediator: str) -> int:
        return sum(j.amount_fen or 0 for j in self.paid[mediator])

    @property
    def total_fen(self) -> int:
        return sum(self.subtotal(m) for m in self.paid)

    @property
    def cases(self) -> int:
        return sum(len(v) for v in self.paid.values())


def make_claim(db: Database, period: Period, rules: SubsidyRules, today: dt.date) -> Claim:
    """The claim of `period`: the cases closed in it, audited by the rules' dossier checks."""
    unit = require_committee(db).name
    with db.read_connection() as conn:
        facts = dossier_facts(conn, period.start, period.end)
    claim = Claim(unit, period, rules, today)
    for f in facts:
        j = judge(audit(f, rules.dossier_checks), rules)
        if j.amount_fen is None:
            claim.unpaid.append(j)
        else:
            claim.paid.setdefault(f.mediator or NO_MEDIATOR, []).append(j)
    claim.paid = dict(sorted(claim.paid.items(), key=lambda kv: (kv[0] == NO_MEDIATOR, kv[0])))
    return claim


def claim_bytes(db: Database, claim: Claim, suffix: str, actor: str = "") -> bytes:
    """The claim as `.xlsx` or `.pdf` bytes; the export is audited (period, cases, total)."""
    if suffix == ".xlsx":
        from mediator_app.services.subsidy_files import claim_workbook

        data = claim_workbook(claim)
    else:
        from mediator_app.services.printing.claims import claim_pdf

        data = claim_pdf(claim)
    detail = f"{claim.period.label}，{claim.cases}件，{claim.total_fen / 100:.2f}元（{suffix}）"
    with db.unit_of_work() as session:
        repo.add_audit(session, "导出以案定补申领表", None, detail, actor)
    return data
