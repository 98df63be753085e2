"""Case search against a brute-force reference on random data (rare characters, full-width input,
every tier), and what a result shows: only what matched. Runs on SQLite and on PostgreSQL."""

import datetime as dt
import random
import re
from collections.abc import Callable

import pytest

from mediator_app.domain.model import Agreement, Case, CaseSource, Committee, Party, PartyKind, PartyRole, Term
from mediator_app.domain.records import ProcedureState, RecordKind, StepRecord
from mediator_app.services import cases as svc
from mediator_app.services import search
from mediator_app.storage import procedure_repo as prepo
from mediator_app.storage import repository as repo
from mediator_app.storage import search as index
from mediator_app.storage.database import Database
from tests.factories import resident_id
from tests.integration.test_search import check_index

D = dt.date

pytestmark = pytest.mark.engines  # storage runs on SQLite and on PostgreSQL


# ---------------------------------------------------------------- against a brute-force reference

_ALPHABET = "刘䶮𠮷王建国李秀英张三aBx12３ 　（）号"
_TIERS = ("number", "names", "ids", "addresses", "texts")


def _fold(text: str) -> str:
    out = []
    for c in text:
        o = ord(c)
        if o < 32 or o == 127:
            c = " "
        elif "a" <= c <= "z":
            c = c.upper()
        elif 0xFF10 <= o <= 0xFF19:
            c = chr(o - 0xFF10 + ord("0"))
        elif 0xFF21 <= o <= 0xFF3A or 0xFF41 <= o <= 0xFF5A:
            c = chr((o - 0xFF21 if o <= 0xFF3A else o - 0xFF41) + ord("A"))
        out.append(c)
    return "".join(out)


def _reference_fields(case: Case, state: ProcedureState, records: list[StepRecord]) -> list[tuple[int, str]]:
    """(tier, folded value) of every searchable field, written from the rules in docs/search.md."""
    raw: list[tuple[int, str]] = [(0, case.number), (0, case.source_ref), (0, state.court_case_number)]
    for p in case.parties:
        raw += [(1, p.name), (1, p.legal_rep), (2, p.id_number), (2, p.uscc), (2, p.phone), (3, p.address)]
        for r in p.representatives:
            raw += [(1, r.name), (2, r.id_number), (2, r.phone)]
    raw += [(4, case.title), (4, case.facts), (4, case.claims), (4, state.oral_content)]
    if case.agreement:
        a = case.agreement
        raw += [(4, a.disputed_matters), (4, a.responsibilities), (4, a.breach_clause)]
        raw += [(4, t.action) for t in a.terms]
    for rec in records:
        raw += [(4, rec.content), (4, rec.result)]
    return [(tier, v) for tier, value in raw if (v := _fold(value).strip())]


def _reference_rank(term: str, case: Case, fields: list[tuple[int, str]]) -> int | None:
    ranks = []
    m = re.fullmatch(r"([0-9]{4})\s*[-/]\s*([0-9]{1,6})|([0-9]{1,6})", term)
    year, seq = case.registered_on.year, int(re.findall(r"\d+", case.number)[-1])
    if m and ((m[3] and int(m[3]) == seq) or (m[1] and int(m[1]) == year and int(m[2]) == seq)):
        ranks.append(0)
    for tier, value in fields:
        if (len(term) >= 2 and term in value) or (
            len(term) == 1 and tier == 1 and (value.startswith(term) or value.endswith(term))
        ):
            ranks.append(tier + 1)
    return min(ranks) if ranks else None


def _random_text(rng: random.Random, low: int, high: int) -> str:
    return "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(low, high)))


def _random_db(db: Database, seed: int) -> tuple[Database, dict[int, tuple[Case, list[tuple[int, str]]]]]:
    """Cases whose every text is drawn from a tiny alphabet (so that 1-3 character terms collide a lot),
    written through the repository (no validation: only the index is under test)."""
    rng = random.Random(seed)
    committee = svc.save_committee(db, Committee(name="测试调解委员会", short_name="测试"))
    out = {}
    with db.unit_of_work() as session:
        for i in range(40):
            parties = [
                Party(
                    seq=s,
                    role=PartyRole.APPLICANT if s == 1 else PartyRole.RESPONDENT,
                    kind=PartyKind.PERSON,
                    name=_random_text(rng, 1, 4),
                    id_number=resident_id(D(1970, 1, 1), rng.randrange(1000)) if rng.random() < 0.5 else "",
                    phone=_random_text(rng, 0, 5),
                    address=_random_text(rng, 0, 8),
                )
                for s in (1, 2, 3)[: rng.randint(2, 3)]
            ]
            case = Case(
                dispute_type="邻里纠纷",
                source=CaseSource.APPLICATION,
                registered_on=D(2025 + i % 2, 1 + i % 12, 1),
                facts=_random_text(rng, 0, 30),
                claims=_random_text(rng, 0, 6),
                title=_random_text(rng, 0, 5),
                source_ref=_random_text(rng, 0, 4),
                parties=parties,
                mediators=["王"],
            )
            if rng.random() < 0.5:
                case.agreement = Agreement(
                    disputed_matters=_random_text(rng, 0, 6),
                    terms=[Term(seq=1, obligor=2, action=_random_text(rng, 1, 8), deadline=D(2026, 1, 1))],
                )
            saved = repo.insert_case(session, case, committee)
            assert saved.id is not None
            state = ProcedureState(stage="调解中", oral_content=_random_text(rng, 0, 5))
            prepo.save_state(session, saved.id, state, repo.utcnow())
            records = [
                StepRecord(
                    kind=RecordKind.SESSION,
                    held_at=dt.datetime(2026, 1, 1, 9, k),
                    place="室",
                    staff="王",
                    recorder="李",
                    content=_random_text(rng, 0, 20),
                    result=_random_text(rng, 0, 4),
                )
                for k in range(rng.randint(0, 2))
            ]
            for rec in records:
                prepo.add_record(session, saved.id, rec)
            out[saved.id] = (saved, _reference_fields(saved, state, records))
    return db, out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_index_agrees_with_brute_force_on_random_data(new_db: Callable[[str], Database], seed: int) -> None:
    db, reference = _random_db(new_db(f"random{seed}.sqlite3"), seed)
    check_index(db)
    rng = random.Random(seed)
    values = [v for _, fields in reference.values() for _, v in fields]
    terms = set(_fold(_ALPHABET).replace(" ", ""))  # every single character
    terms |= {v[i : i + n] for v in values for n in (2, 3) for i in range(len(v) - n + 1)}
    terms |= {v[i : i + rng.randint(4, 7)] for v in rng.sample(values, 40) for i in (0, 1)}
    terms |= {"12", "2025-3", "2026/10", "7", "qq", "ZZ"}
    terms = {t for t in terms if t.strip() == t and " " not in t and t}
    for term in sorted(terms):
        # Best rank first; among name matches a name that is exactly the term first; then the newest.
        keys = []
        for cid, (case, fields) in reference.items():
            r = _reference_rank(term, case, fields)
            if r is not None:
                keys.append((r, not (r == 2 and (1, term) in fields), -cid))
        expected = [(r, minus_id) for r, _, minus_id in sorted(keys)]
        with db.reader() as session:
            found = index.find(session.connection(), [term], 1000)
        assert [(r, -cid) for cid, r in found.ranked] == expected, term
        with db.reader() as session:  # the top of the ranking, as the search box asks for it
            top = index.find(session.connection(), [term], 3)
        assert [(r, -cid) for cid, r in top.ranked] == expected[:3] and top.has_more == (len(expected) > 3), term
    pairs = [tuple(rng.sample(sorted(terms), 2)) for _ in range(60)]
    for a, b in pairs:
        expected_ids = {
            cid
            for cid, (case, fields) in reference.items()
            if _reference_rank(a, case, fields) is not None and _reference_rank(b, case, fields) is not None
        }
        with db.reader() as session:
            found = index.find(session.connection(), [a, b], 1000)
        assert {cid for cid, _ in found.ranked} == expected_ids, (a, b)
    db.close()


def test_search_results_show_only_what_matched(new_db: Callable[[str], Database]) -> None:
    db, _ = _random_db(new_db("shown.sqlite3"), 9)
    for term in ("刘", "建国", "12", "（号", "AB", "7", "2025-3"):
        for hit in search.search(db, term, 1000).hits:
            assert hit.fields, term
            for f in hit.fields:
                text = f.highlight.text
                assert all(
                    _fold(text[s:e]) == term or f.code == "C" or "*" in text[s:e] or len(term) == 1
                    for s, e in f.highlight.spans
                ), (term, f)
    db.close()
