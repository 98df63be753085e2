"""The column tables follow the domain's fields: a new plain field of a party is read, written and
exported without a change to the loader, the repositories, the bulk writer or the case JSON."""

from __future__ import annotations

import dataclasses
import datetime as dt

from mediator_app.domain.model import IdType, Party, PartyKind, PartyRole, Term
from mediator_app.domain.money import Money
from mediator_app.storage import columns


@dataclasses.dataclass
class _PartyWithNationality(Party):
    nationality: str = ""  # 国籍: what `Party.nationality` would be


def test_a_new_party_field_becomes_a_column() -> None:
    table = columns.derived_table("party", _PartyWithNationality, keys=("id", "case_id"), skip=("representatives",))
    assert table.names == (*columns.PARTY.names, "nationality")
    row = [
        7,
        3,
        1,
        "申请人",
        "自然人",
        "张三",
        "居民身份证",
        "",
        "男",
        "1980-02-29",
        "汉族",
        "",
        "",
        "",
        "",
        "",
        "",
        "完全民事行为能力",
        "中国",
    ]
    party = _PartyWithNationality(**table.domain(row), representatives=[])
    assert party.nationality == "中国" and party.birth_date == dt.date(1980, 2, 29)
    assert party.role is PartyRole.APPLICANT and party.id_type is IdType.RESIDENT_ID
    assert table.values(party, {"id": 8, "case_id": 4})[-1] == "中国"


def test_stored_values_convert_both_ways() -> None:
    party = Party(seq=2, role=PartyRole.RESPONDENT, kind=PartyKind.ORGANISATION, name="某公司", id_type=IdType.OTHER)
    stored = columns.PARTY.fields(party)
    assert stored["role"] == "被申请人" and type(stored["role"]) is str and stored["birth_date"] is None
    term = Term(seq=1, obligor=1, action="支付", deadline=dt.date(2026, 1, 2), amount=Money(0))
    assert columns.term_fields(term)["amount_fen"] == 0
    row = columns.TERM.row(columns.term_fields(term), {"id": 5, "agreement_id": 9})
    assert columns.TERM.insert_names[1:] == columns.TERM.names
    assert columns.TERM.domain(row[1:])["amount"] == Money(0)  # 0 stays Money(0)
    assert columns.load_utc("2026-11-22 00:05:03.000007").tzinfo is dt.UTC


def test_a_term_without_deadline_is_refused() -> None:
    try:
        columns.term_fields(Term(seq=1, obligor=1, action="拆除", deadline=None))
    except ValueError as exc:
        assert "deadline" in str(exc)
    else:  # pragma: no cover - the assertion's failure path
        raise AssertionError("accepted a term without deadline")


def test_field_types_are_what_get_type_hints_gives() -> None:
    """`columns.field_types` evaluates each distinct annotation once (a print command's start-up) and
    must give every table's domain type exactly what `typing.get_type_hints` gives, an inherited field
    evaluated in the module that declares it."""
    import typing

    from mediator_app.storage import feature_columns

    domains = {_PartyWithNationality}
    for module in (columns, feature_columns):  # the domain classes their tables are derived from
        domains |= {v for v in vars(module).values() if isinstance(v, type) and dataclasses.is_dataclass(v)}
    assert len(domains) > 12
    for domain in domains:
        hints = typing.get_type_hints(domain)
        assert columns.field_types(domain) == {f.name: hints[f.name] for f in dataclasses.fields(domain)}, domain
