"""以案定补 claims (docs/subsidy.md): per presiding mediator, the cases closed in a period that qualify
under the locality's rules, each with its amount; and every case that does not, with the reason (an
incomplete dossier names what it lacks), so that nothing is dropped silently. Read in one read
transaction; the rules come from the bundled example or the locality's own file (`load_rules`).

A mediator's list, once confirmed, is frozen like a statistics report (`report_snapshot`, kind
"subsidy", subject the mediator; the freezing of services.statistics.snapshots): its cases and amounts
are read from the snapshot ever after, whatever happens to the cases or the rules; a correction is a
new version with its reason, both kept, each audited with its SHA-256. In a centre a committee's lists
are its own, kept apart from the centre's as its reports are (`list_subject`): one committee's
confirmed list never stands in another's claim or in the centre's, and two mediators of the same name
in two committees are two lists.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mediator_app.domain.access import Permission
from mediator_app.domain.dossier import DossierFacts, DossierResult, audit
from mediator_app.domain.model import Committee
from mediator_app.domain.subsidy import Judgement, SubsidyRules, judge, parse_rules
from mediator_app.errors import UserFacingError
from mediator_app.frozen import frozen
from mediator_app.paths import resource_path
from mediator_app.services.access import require
from mediator_app.services.statistics import scope
from mediator_app.services.statistics.period import Period
from mediator_app.services.statistics.snapshots import freeze
from mediator_app.storage import repository as repo
from mediator_app.storage import snapshot_repo
from mediator_app.storage.database import Database
from mediator_app.storage.dossier_query import dossier_facts
from mediator_app.storage.snapshot_repo import Snapshot

NO_MEDIATOR = "（未指定调解员）"
SNAPSHOT_KIND = "subsidy"
_DATES = {f.name for f in dataclasses.fields(DossierFacts) if "date" in str(f.type)}


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


@frozen
class Confirmed:
    """A mediator's confirmed claim list: its version, who confirmed it, the rules it was judged by."""

    version: int
    confirmed_by: str
    reason: str
    rules_version: str


@dataclass
class Claim:
    unit: str
    period: Period
    rules: SubsidyRules
    made_on: dt.date
    paid: dict[str, list[Judgement]] = field(default_factory=dict)  # mediator → claimed cases (frozen if confirmed)
    unpaid: list[Judgement] = field(default_factory=list)
    current: dict[str, list[Judgement]] = field(default_factory=dict)  # as the cases are now: what confirming freezes
    confirmed: dict[str, Confirmed] = field(default_factory=dict)  # mediator → the newest confirmed version
    committee_id: int | None = None  # one committee's cases (services.statistics.scope); None: every case

    def state(self, mediator: str) -> str:
        """已确认第2版（王主任确认） or 未确认: printed with the mediator's list."""
        done = self.confirmed.get(mediator)
        return f"已确认第{done.version}版（{done.confirmed_by}确认）" if done else "未确认"

    def subtotal(self, mediator: str) -> int:
        return sum(j.amount_fen or 0 for j in self.paid[mediator])

    @property
    def total_fen(self) -> int:
        return sum(self.subtotal(m) for m in self.paid)

    @property
    def cases(self) -> int:
        return sum(len(v) for v in self.paid.values())


def make_claim(
    db: Database, period: Period, rules: SubsidyRules, today: dt.date, committee_id: int | None = None
) -> Claim:
    """The claim of `period`: the cases closed in it, audited by the rules' dossier checks; a mediator's
    list that was confirmed is the frozen one. Of `committee_id`'s cases, the person's committee's, or
    every case's, as a statistics report (`scope.resolve`, docs/centre.md)."""
    whose = scope.resolve(db, committee_id)
    with db.stats_connection() as conn:
        facts = dossier_facts(conn, period.start, period.end, committee_id=whose.committee_id)
    with db.reader() as session:
        labels = _committee_labels(repo.list_committees(session), whose.committee_id)
        frozen = snapshot_repo.newest_per_subject(session, SNAPSHOT_KIND, period.year, period.number)
    claim = Claim(whose.unit, period, rules, today, committee_id=whose.committee_id)
    for f in facts:
        j = judge(audit(f, rules.dossier_checks), rules)
        if j.amount_fen is None:
            claim.unpaid.append(j)
        else:
            claim.paid.setdefault(_list_name(f, labels), []).append(j)
    claim.paid = _ordered(claim.paid)
    claim.current = dict(claim.paid)
    for mediator, snapshot in _own_lists(frozen, whose.committee_id).items():
        _use_frozen(claim, mediator, snapshot)
    _drop_frozen_elsewhere(claim)
    claim.paid = _ordered(claim.paid)
    return claim


def _committee_labels(committees: list[Committee], committee_id: int | None) -> dict[int, str]:
    """Committee id → its short name, for the centre's claim when the database holds several
    committees (a mediator's list there is per committee, as in the committees' own claims); empty
    for a committee's claim and a room's, whose lists carry the bare name."""
    if committee_id is not None or len(committees) < 2:
        return {}
    return {c.id: c.short_name or c.name for c in committees if c.id is not None}


def _list_name(facts: DossierFacts, labels: dict[int, str]) -> str:
    """The list a claimed case goes on: its presiding mediator, with the committee in the centre's
    claim (两个同名调解员 of two committees are two people: 「张伟（青山交调）」)."""
    if not facts.mediator:
        return NO_MEDIATOR
    label = labels.get(facts.committee_id) if facts.committee_id is not None else None
    return f"{facts.mediator}（{label}）" if label else facts.mediator


def _drop_frozen_elsewhere(claim: Claim) -> None:
    """A case on a confirmed list is not claimed again on a list not confirmed (a centre list confirmed
    under the bare name, before the lists were per committee, holds cases of today's labelled lists)."""
    frozen = {j.result.facts.case_id for m in claim.confirmed for j in claim.paid[m]}
    for lists in (claim.paid, claim.current):
        for mediator, judged in list(lists.items()):
            kept = [j for j in judged if j.result.facts.case_id not in frozen]
            if mediator in claim.confirmed or len(kept) == len(judged):
                continue
            if kept:
                lists[mediator] = kept
            else:
                del lists[mediator]


def list_subject(committee_id: int | None, mediator: str) -> str:
    """The snapshot subject of a mediator's list in the claim of `committee_id` (None: every case's, the
    mediator's name alone as before centres had committees): "committee:3:王芳" for committee 3."""
    return mediator if committee_id is None else f"{scope.subject(committee_id)}:{mediator}"


def _own_lists(frozen: dict[str, Snapshot], committee_id: int | None) -> dict[str, Snapshot]:
    """The confirmed lists of the claim's own scope, by mediator: a committee's, or the whole
    database's (subjects without a committee)."""
    if committee_id is None:
        return {s: snapshot for s, snapshot in frozen.items() if not s.startswith(scope.SUBJECT_PREFIX)}
    prefix = list_subject(committee_id, "")
    return {s.removeprefix(prefix): snapshot for s, snapshot in frozen.items() if s.startswith(prefix)}


def _ordered(paid: dict[str, list[Judgement]]) -> dict[str, list[Judgement]]:
    return dict(sorted(paid.items(), key=lambda kv: (kv[0] == NO_MEDIATOR, kv[0])))


def _use_frozen(claim: Claim, mediator: str, snapshot: snapshot_repo.Snapshot) -> None:
    """The mediator's confirmed list replaces the one made now; a case that qualifies now but is not
    on it is listed as not claimed, saying the list must be corrected (nothing dropped silently)."""
    data = json.loads(snapshot.figures)
    frozen = [_judgement(c) for c in data["cases"]]
    on_list = {j.result.facts.case_id for j in frozen}
    claim.paid[mediator] = frozen
    claim.confirmed[mediator] = Confirmed(snapshot.version, snapshot.confirmed_by, snapshot.reason, data["rules"])
    claim.unpaid = [j for j in claim.unpaid if j.result.facts.case_id not in on_list]
    late = f"申领表第{snapshot.version}版确认后才符合条件，须更正该调解员的申领表"
    claim.unpaid += [
        Judgement(j.result, None, late)
        for j in claim.current.get(mediator, [])
        if j.result.facts.case_id not in on_list
    ]


def _facts_json(f: DossierFacts) -> dict[str, Any]:
    data = dataclasses.asdict(f)
    for name in _DATES:
        data[name] = data[name].isoformat() if data[name] else None
    data["printed"] = sorted(f.printed)
    return data


def _judgement(data: dict[str, Any]) -> Judgement:
    facts = dict(data["facts"])
    for name in _DATES:
        facts[name] = dt.date.fromisoformat(facts[name]) if facts[name] else None
    facts["printed"] = frozenset(facts["printed"])
    return Judgement(DossierResult(DossierFacts(**facts), tuple(data["lacks"])), data["amount_fen"], "")


def _list_json(claim: Claim, mediator: str, version: int, actor: str, reason: str) -> str:
    cases = claim.current[mediator]
    data = {
        "unit": claim.unit,
        "period": claim.period.label,
        "mediator": mediator,
        "version": version,
        "confirmed_by": actor,
        "reason": reason,
        "rules": claim.rules.version,
        "made_on": claim.made_on.isoformat(),
        "total_fen": sum(j.amount_fen or 0 for j in cases),
        "cases": [
            {"facts": _facts_json(j.result.facts), "lacks": list(j.result.lacks), "amount_fen": j.amount_fen}
            for j in cases
        ],
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _to_confirm(claim: Claim, mediator: str) -> list[str]:
    label = claim.period.label
    if mediator:
        # In the centre's claim the lists are 「张伟（青山交调）」: the bare name names one when only one fits.
        fits = [m for m in claim.current if m.startswith(f"{mediator}（")]
        if mediator not in claim.current and len(fits) == 1:
            mediator = fits[0]
        if mediator == NO_MEDIATOR or mediator not in claim.current:
            raise UserFacingError(f"{label}没有调解员“{mediator}”可以申领补贴的案件")
        return [mediator]
    names = [m for m in claim.current if m not in claim.confirmed and m != NO_MEDIATOR]
    if not names:
        raise UserFacingError(
            f"{label}没有未确认的申领表；更正已确认的申领表，请指明调解员（--mediator）并写明理由（--reason）"
        )
    return names


def confirm_claim(db: Database, claim: Claim, actor: str, mediator: str = "", reason: str = "") -> list[int]:
    """Freeze the claim list of `mediator` — or of every mediator whose list is not confirmed yet — as
    the cases stand now, each as the next version of its own (a correction needs the reason). Returns
    the versions made, in the order of the mediators; make the claim again to print them."""
    require(db, Permission.REPORT)
    actor = actor.strip()
    if not actor:
        raise UserFacingError("请写明确认人（统计员或委员会主任）")
    scope.confirmer(db, claim.committee_id)
    names = _to_confirm(claim, mediator)
    period = claim.period
    made = []
    with db.unit_of_work() as session:
        for name in names:
            key = (SNAPSHOT_KIND, period.year, period.number, list_subject(claim.committee_id, name))

            def figures(version: int, name: str = name) -> str:
                return _list_json(claim, name, version, actor, reason.strip())

            what = f"{scope.named(claim.unit, claim.committee_id)}{period.label}以案定补申领表（调解员{name}）"
            made.append(freeze(session, key, figures, actor, reason, what, "确认以案定补申领表").version)
    return made


def claim_bytes(db: Database, claim: Claim, suffix: str, actor: str = "") -> bytes:
    """The claim as `.xlsx` or `.pdf` bytes; the export is audited (period, cases, total)."""
    require(db, Permission.REPORT)
    if suffix == ".xlsx":
        from mediator_app.services.subsidy_files import claim_workbook

        data = claim_workbook(claim)
    else:
        from mediator_app.services.printing.claims import claim_pdf

        data = claim_pdf(claim)
    detail = f"{scope.named(claim.unit, claim.committee_id)}{claim.period.label}，{claim.cases}件，{claim.total_fen / 100:.2f}元（{suffix}）"
    with db.unit_of_work() as session:
        repo.add_audit(session, "导出以案定补申领表", None, detail, actor)
    return data
