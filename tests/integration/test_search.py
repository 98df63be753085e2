"""Case search on real temporary databases: planted cases, rare characters, attribution, masking and
the index after every kind of write (the brute-force reference: test_search_reference.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from mediator_app.domain.model import Agreement, Case, Committee, PartyRole, Term
from mediator_app.domain.records import RecordKind, ReturnVisit, StepRecord
from mediator_app.domain.stages import Stage
from mediator_app.errors import UserFacingError
from mediator_app.services import cases as svc
from mediator_app.services import demo, search, transfer
from mediator_app.services import procedure as proc
from mediator_app.storage import derived
from mediator_app.storage import procedure_repo as prepo
from mediator_app.storage import repository as repo
from mediator_app.storage import search as index
from mediator_app.storage.columns import load_date
from mediator_app.storage.database import Database
from mediator_app.storage.dialect import POSTGRES
from tests.conftest import ENGINES
from tests.engines import is_postgres, new_database, sql
from tests.factories import REGISTERED_ON, make_case, make_person

D = dt.date
ID_OR_MOBILE = re.compile(r"\d{17}[\dX]|(?<!\d)1[3-9]\d{9}(?!\d)")

pytestmark = pytest.mark.engines  # storage runs on SQLite and on PostgreSQL


def _register(db: Database, case: Case) -> Case:
    return svc.register_case(db, case, today=case.registered_on)


def _numbers(result: search.SearchResult) -> list[str]:
    return [h.number for h in result.hits]


def check_index(db: Database) -> None:
    """The index holds exactly what the tables say: every case's document, and the FTS tables agree."""
    with db.reader() as session:
        conn = session.connection()
        ids = [r[0] for r in conn.exec_driver_sql("SELECT id FROM dispute_case")]
        docs = [r[0] for r in conn.exec_driver_sql("SELECT case_id FROM search_doc")]
        assert sorted(ids) == sorted(docs)
        for case_id in ids:
            text = index.load_case_text(conn, case_id)
            assert text is not None
            assert index.stored_doc(conn, case_id) == index.doc_values(text)
            due = conn.exec_driver_sql(sql(db, "SELECT due_on FROM dispute_case WHERE id = ?"), (case_id,)).scalar()
            assert load_date(due) == derived.due_on(text)
        for tier in index.TIERS:
            table = index.fts_table(tier)
            if is_postgres(db):  # the trigram tables hold exactly the documents' texts, as the dialect stores them
                got = dict(conn.exec_driver_sql(f"SELECT case_id, {tier} FROM {table}").fetchall())
                want = {c: index.stored_doc(conn, c) for c in ids}
                tier_of = index.TIERS.index(tier) + 1
                stored = POSTGRES.fts_stored
                assert got == {
                    c: stored(tier, doc[tier_of]) for c, doc in want.items() if doc is not None and doc[tier_of]
                }
            else:  # FTS5's own check of a contentless index's internal consistency
                conn.exec_driver_sql(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")


# ---------------------------------------------------------------- planted cases


@pytest.fixture(scope="module", params=ENGINES)
def planted(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Database, dict[str, Case]]]:
    """Demo cases for noise, plus planted cases with rare characters, an organisation and long texts
    (on each engine)."""
    cluster = request.getfixturevalue("pg_cluster") if request.param == "postgresql" else None
    with new_database(request.param, cluster, tmp_path_factory.mktemp("search") / "search.sqlite3") as db:
        yield _plant(db)


def _plant(db: Database) -> tuple[Database, dict[str, Case]]:
    svc.save_committee(db, Committee(name="望京西园社区人民调解委员会", short_name="望京西园"))
    demo.fill_demo(db, 150, seed=4)
    rare = make_case(3)  # 刘䶮 (applicant), 吉𠮷祥 (respondent), the property company
    rare.facts += "\n另查明，储物棚系被申请人于二〇二五年春自行搭建。"
    pair = make_case(2)
    pair.parties[0].name, pair.parties[1].name = "张建", "国强"  # "建国" spans the two names: never a match
    pair.parties[0].phone, pair.parties[1].phone = "13912345678", "13800001111"
    pair.parties[1].address = "北京市朝阳区花家地南里7号楼"
    pair.agreement = None
    pair.facts = "两家共用的院墙因雨倒塌，双方就修缮费用的分担发生争执。"
    saved = {"rare": _register(db, rare), "pair": _register(db, pair)}
    return db, saved


def test_every_planted_case_is_found_by_name_phrase_rare_characters_and_number(
    planted: tuple[Database, dict[str, Case]],
) -> None:
    db, saved = planted
    rare = saved["rare"]
    seq = int(re.findall(r"\d+", rare.number)[-1])
    queries = [
        "刘䶮",
        "吉𠮷祥",
        "𠮷祥",
        "吉𠮷",
        "䶮",
        "刘",
        "吉",
        "祥",  # 1, 2, 3 characters, Ext A and B
        "储物棚系被申请人",
        "防水层",
        "望京西园物业管理",
        "91110108551385082Q".lower(),
        "调字第",
        "望京西园调字",
        f"调字第{seq}号",
        f"2026-{seq}",
        str(seq),
        "2026",
    ]
    for q in queries:
        result = search.search(db, q, limit=1000)
        assert rare.number in _numbers(result), q


def test_one_character_matches_first_or_last_character_of_a_name(planted: tuple[Database, dict[str, Case]]) -> None:
    db, saved = planted
    hit = next(h for h in search.search(db, "䶮", 1000).hits if h.number == saved["rare"].number)
    assert hit.fields[0].highlight.marked() == "刘【䶮】" and hit.fields[0].field == "申请人"
    hit = next(h for h in search.search(db, "吉", 1000).hits if h.number == saved["rare"].number)
    assert hit.fields[0].highlight.marked() == "【吉】𠮷祥"
    # 𠮷 is the middle of 吉𠮷祥: one character finds only the first or last of a name
    assert saved["rare"].number not in _numbers(search.search(db, "𠮷", 1000))
    # one character never searches free text
    assert all(f.rank == 2 for h in search.search(db, "漏", 1000).hits for f in h.fields)


def test_no_match_across_two_fields_and_attribution_names_the_right_party(
    planted: tuple[Database, dict[str, Case]],
) -> None:
    db, saved = planted
    pair = saved["pair"].number
    for q in ("建国", "张建国", "建国强", "56781380"):  # across two names / two phones
        assert pair not in _numbers(search.search(db, q, 1000)), q
    hit = next(h for h in search.search(db, "1380000", 1000).hits if h.number == pair)
    assert [(f.field, f.party_seq, f.party) for f in hit.fields] == [("联系电话", 2, "被申请人国强")]
    hit = next(h for h in search.search(db, "花家地", 1000).hits if h.number == pair)
    assert (hit.fields[0].field, hit.fields[0].party) == ("住址", "被申请人国强")
    assert hit.summary == "住址（被申请人国强）：北京市朝阳区【花家地】南里7号楼"


def test_ranking_number_then_names_then_ids_addresses_texts_newest_first(
    planted: tuple[Database, dict[str, Case]],
) -> None:
    db, _ = planted
    result = search.search(db, "国强", 1000)
    whole_name = [any(f.rank == 2 and f.highlight.text == "国强" for f in h.fields) for h in result.hits]
    ranks = [(h.rank, not whole, -h.case_id) for h, whole in zip(result.hits, whole_name, strict=True)]
    assert ranks == sorted(ranks)
    assert result.hits[0].rank == 2 and whole_name[0]  # a party named 国强 before cases that only mention it
    assert all(h.rank == min(f.rank for f in h.fields) for h in result.hits)


def test_a_whole_name_comes_before_longer_names_that_contain_it(new_db: Callable[[str], Database]) -> None:
    """孟婷 standing at the desk: the older case of 孟婷 before the newer ones of 孟婷娟 and 王孟婷."""
    db = new_db("names.sqlite3")
    svc.save_committee(db, Committee(name="望京西园社区人民调解委员会", short_name="望京西园"))
    numbers = {}
    for name in ("孟婷", "孟婷娟", "王孟婷"):  # registered in this order: 孟婷 is the oldest
        case = make_case(2)
        case.parties[0].name = name
        numbers[name] = _register(db, case).number
    hits = search.search(db, "孟婷", 10).hits
    assert [h.number for h in hits] == [numbers["孟婷"], numbers["王孟婷"], numbers["孟婷娟"]]
    assert {h.rank for h in hits} == {2}
    db.close()


def test_ids_and_phones_are_masked_in_results(planted: tuple[Database, dict[str, Case]]) -> None:
    db, saved = planted
    rare = saved["rare"]
    id_number = rare.parties[0].id_number
    for q in (id_number, id_number[6:14], rare.parties[0].phone, rare.parties[0].phone[-4:]):
        result = search.search(db, q, 1000)
        hit = next(h for h in result.hits if h.number == rare.number)
        shown = " ".join(f.highlight.text + f.highlight.marked() + h.summary for h in result.hits for f in h.fields)
        assert not ID_OR_MOBILE.search(shown), q
        assert "*" in hit.fields[0].highlight.text


def test_highlight_spans_and_utf16_spans_with_non_bmp_characters() -> None:
    h = search.Highlight("吉𠮷祥与刘䶮", ((1, 3), (4, 6)))
    assert h.marked() == "吉【𠮷祥】与【刘䶮】"
    assert h.utf16_spans() == ((1, 4), (5, 7))
    long = "甲" * 100 + "漏水" + "乙" * 100
    snip = search.snippet(long, [(100, 102)])
    assert snip.text.startswith("…") and snip.text.endswith("…") and len(snip.text) == search.SNIPPET_LENGTH + 2
    assert [snip.text[s:e] for s, e in snip.spans] == ["漏水"]


def test_several_words_must_all_match(planted: tuple[Database, dict[str, Case]]) -> None:
    db, saved = planted
    rare = saved["rare"].number
    assert _numbers(search.search(db, "刘䶮 防水层")) == [rare]
    assert rare not in _numbers(search.search(db, "刘䶮 花家地", 1000))
    both = search.search(db, "刘䶮   吉𠮷祥", 1000)
    assert rare in _numbers(both) and both.terms == ("刘䶮", "吉𠮷祥")


def test_empty_and_odd_queries(planted: tuple[Database, dict[str, Case]]) -> None:
    db, _ = planted
    assert search.search(db, "   ").hits == () and search.search(db, "").message == ""
    for q in ('"', '"刘"', "刘* OR", "NEAR(a b)", "\x1f\x1f刘", "\x00", "🙂🙂🙂"):
        search.search(db, q)  # FTS5 syntax characters are searched for, never interpreted
    assert search.search(db, "不存在的内容").message == "没有找到符合条件的案件"


def test_full_width_and_case_are_folded(planted: tuple[Database, dict[str, Case]]) -> None:
    db, saved = planted
    code = saved["rare"].parties[2].uscc  # 91110108551385082Q
    for q in (code.lower(), "９１１１０１０８", "551385082q"):
        assert saved["rare"].number in _numbers(search.search(db, q, 1000)), q


# ---------------------------------------------------------------- the index after every kind of write


@pytest.fixture
def committee() -> Committee:
    return Committee(name="望京西园社区人民调解委员会", short_name="望京西园")


def _found(db: Database, query: str, number: str) -> bool:
    return number in _numbers(search.search(db, query, 1000))


@pytest.mark.usefixtures("committee_db")  # `db` holds the committee
def test_index_follows_edits_agreements_records_imports_and_deletions(db: Database) -> None:
    case = _register(db, make_case(3))
    assert case.id is not None
    check_index(db)
    # edit: a renamed party is found by the new name only
    case.parties[1].name = "吉祥如意"
    svc.update_case(db, case, today=REGISTERED_ON)
    assert _found(db, "吉祥如意", case.number) and not _found(db, "吉𠮷祥", case.number)
    check_index(db)
    # agreement terms
    agreement = dataclasses.replace(
        case.agreement or Agreement(),
        terms=[Term(seq=1, obligor=2, obligee=1, action="更换漏水的卫生间防水层", deadline=D(2026, 12, 20))],
    )
    svc.save_agreement(db, case.id, agreement)
    assert _found(db, "更换漏水", case.number) and not _found(db, "拆除搭建", case.number)
    # procedure records and the oral agreement
    proc.accept(db, case.id, rights_notified_on=REGISTERED_ON, today=REGISTERED_ON)
    record = StepRecord(
        kind=RecordKind.INVESTIGATION,
        held_at=dt.datetime(2026, 11, 3, 9, 30),
        place="现场",
        staff="马德明",
        recorder="高晓燕",
        subject="吉祥如意",
        content="查看了楼上卫生间的渗漏点位",
    )
    proc.record_investigation(db, case.id, record, today=D(2026, 11, 3))
    hit = next(h for h in search.search(db, "渗漏点位").hits if h.number == case.number)
    assert hit.fields[0].field == "调查记录"
    check_index(db)
    # import: a case file becomes a searchable new case
    imported = transfer.import_case(db, make_case(2), today=REGISTERED_ON)
    assert _found(db, "刘䶮", imported.number)
    # voiding (cases are never deleted): the case stays findable, shown as 已作废
    other = _register(db, make_case(2))
    assert other.id is not None and _found(db, "刘䶮", other.number)
    svc.void_case(db, other.id, "重复登记")
    assert _found(db, "刘䶮", other.number)
    assert svc.get_case(db, other.id).status is Stage.VOIDED
    check_index(db)
    with pytest.raises(UserFacingError, match="不能作废"):
        svc.void_case(db, case.id, "登记错误")  # already accepted


@pytest.mark.usefixtures("committee_db")  # `db` holds the committee
def test_a_failed_write_leaves_the_index_as_it_was(db: Database) -> None:
    case = _register(db, make_case(2))
    assert case.id is not None
    with pytest.raises(RuntimeError), db.unit_of_work() as session:
        changed = repo.load_case(session, case.id)
        changed.parties[0].name = "王小明"
        repo.update_case(session, changed)
        raise RuntimeError("power cut")
    assert _found(db, "刘䶮", case.number) and not _found(db, "王小明", case.number)
    check_index(db)


def test_index_is_rebuilt_when_stale_or_of_an_older_format(db_location: Path | str) -> None:
    path = db_location
    db = svc.open_database(path)
    demo.fill_demo(db, 30, seed=2)
    with db.unit_of_work() as session:
        conn = session.connection()
        index.mark_stale(conn)  # as an interrupted bulk load leaves it
        conn.exec_driver_sql("DELETE FROM search_doc")
        conn.exec_driver_sql("UPDATE dispute_case SET due_on = NULL")
    assert search.search(db, "纠纷").hits == ()
    db.close()
    db = svc.open_database(path)
    assert search.search(db, "纠纷").hits
    check_index(db)
    with db.unit_of_work() as session:
        session.connection().exec_driver_sql("UPDATE search_meta SET value = '0' WHERE key = 'version'")
    db.close()
    db = svc.open_database(path)
    check_index(db)
    db.close()


@pytest.mark.usefixtures("committee_db")  # `db` holds the committee
def test_visit_and_acceptance_update_overdue_date(db: Database) -> None:
    case = _register(db, make_case(2))
    assert case.id is not None
    proc.accept(db, case.id, rights_notified_on=REGISTERED_ON, today=REGISTERED_ON)
    with db.reader() as session:
        query = sql(db, "SELECT due_on FROM dispute_case WHERE id = ?")
        due = session.connection().exec_driver_sql(query, (case.id,)).scalar()
    assert load_date(due) == REGISTERED_ON + dt.timedelta(days=30)
    with db.unit_of_work() as session:
        prepo.add_visit(
            session, case.id, ReturnVisit(visited_on=REGISTERED_ON, visitor="王", visited="刘䶮", satisfaction="满意")
        )
    check_index(db)


@pytest.mark.usefixtures("committee_db")  # `db` holds the committee
def test_person_factory_names_are_searchable(db: Database) -> None:
    case = make_case(2)
    case.parties.append(make_person(3, PartyRole.RESPONDENT, "欧阳建国", D(1980, 1, 2), 71))
    saved = _register(db, case)
    for q in ("欧阳", "欧阳建国", "阳建", "建国", "欧", "国"):
        assert _found(db, q, saved.number), q
    assert not _found(db, "阳", saved.number)  # the middle of a name, one character


def test_stored_form_round_trips(new_db: Callable[[str], Database]) -> None:
    from mediator_app.domain.search_text import decode, encode

    db = new_db("round.sqlite3")
    demo.fill_demo(db, 40, seed=6)
    with db.reader() as session:
        for text in index.iter_case_texts(session.connection()):
            entries = sorted(index.entries_of(text), key=lambda e: e.tier)  # stable: per tier, in field order
            values = index.doc_values(text)
            assert decode(values[1:], values[0]) == entries
            encoded = encode(entries)
            assert (encoded.entry_map, *encoded.columns) == values
    db.close()


def test_every_repository_write_of_case_contents_marks_the_case() -> None:
    """A guard for future write functions: writing rows the index or `due_on` is computed from, without
    `mark_changed`, would leave the search index behind."""
    import ast
    import inspect

    derived_from = {
        "CaseRow",
        "CaseMediatorRow",
        "PartyRow",
        "RepresentativeRow",
        "AgreementRow",
        "TermRow",
        "ProcedureRow",
        "StepRecordRow",
        "ReturnVisitRow",
        "TermCheckRow",
    }
    for module in (repo, prepo):
        tree = ast.parse(inspect.getsource(module))
        for fn in (n for n in tree.body if isinstance(n, ast.FunctionDef) and not n.name.startswith("_")):
            source = ast.unparse(fn)
            writes = any(w in source for w in ("session.add(", "session.delete(", "delete(", "_write_"))
            rows = {n.id for n in ast.walk(fn) if isinstance(n, ast.Name)} & derived_from
            if writes and rows:
                assert "mark_changed(" in source, f"{module.__name__}.{fn.name} writes {rows} without mark_changed"
