"""Repeat disputes: while a case is being registered, the earlier cases of the same people or the same
address (the registering mediator sees at once whether these people or this address had disputes before;
CONTRIBUTING.md, "Who we build for").

Same person: the same ID number (organisations: the same unified social credit code), or the same
name together with the same phone number (a name alone is too common). Same address: exactly the
same address after trimming blanks. Every look-up goes through an index on `party`, so the register
dialog can call this on each edit of a party (debounced) on 100,000 cases.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import field
from typing import TYPE_CHECKING

from mediator_app.domain.access import Permission, check
from mediator_app.domain.masking import mask_id, mask_phone
from mediator_app.domain.model import Party
from mediator_app.frozen import frozen
from mediator_app.storage import party_lookup

if TYPE_CHECKING:  # no SQLAlchemy at import time (the register dialog imports this module)
    from mediator_app.storage.database import Database

DEFAULT_LIMIT = 20


@frozen
class HistoryMatch:
    """Why an earlier case is shown: one of the new case's parties (or addresses) met one of its parties."""

    kind: str  # "id" / "name_phone" / "address"
    new_party_seq: int | None  # the party being registered; None for an extra address
    earlier_party: str  # e.g. "被申请人刘䶮"
    text: str  # Chinese, masked, e.g. "同一身份证号码：420222********7416"


@frozen
class EarlierDispute:
    case_id: int
    number: str
    registered_on: dt.date
    dispute_type: str
    status: str
    title: str
    matches: tuple[HistoryMatch, ...] = field(default_factory=tuple)

    @property
    def reasons(self) -> str:
        """One line for the panel, e.g. ``申请人刘䶮：同一身份证号码：420222********7416``."""
        return "；".join(dict.fromkeys(f"{m.earlier_party}：{m.text}" for m in self.matches))


def _clean(text: str) -> str:
    return "".join(text.split())


Probe = tuple[str, dict[str, str], int | None, str]  # kind, party columns equal to, party seq, text


def _party_probes(p: Party) -> Iterator[Probe]:
    """The look-ups that find earlier cases of this party: ID number or USCC, name with phone, address."""
    id_number = p.id_value.normalised  # read once where the party was built
    if id_number:
        yield ("id", {"id_number": id_number}, p.seq, f"同一证件号码：{mask_id(id_number)}")
    uscc = _clean(p.uscc).upper()
    if uscc:
        yield ("id", {"uscc": uscc}, p.seq, f"同一统一社会信用代码：{uscc}")
    name, phone = p.name.strip(), _clean(p.phone)
    if name and phone:
        yield ("name_phone", {"name": name, "phone": phone}, p.seq, f"同名且同一电话：{name}，{mask_phone(phone)}")
    if _clean(p.address):
        yield ("address", {"address": p.address.strip()}, p.seq, f"同一住址：{p.address.strip()}")


def _probes(parties: Sequence[Party], addresses: Iterable[str]) -> list[Probe]:
    probes = [probe for p in parties for probe in _party_probes(p)]
    probes += [
        ("address", {"address": extra.strip()}, None, f"同一地址：{extra.strip()}")
        for extra in addresses
        if _clean(extra)
    ]
    return probes


def earlier_disputes(
    db: Database,
    parties: Sequence[Party],
    addresses: Iterable[str] = (),
    exclude_case_id: int | None = None,
    limit: int = DEFAULT_LIMIT,
) -> list[EarlierDispute]:
    """Earlier cases involving the same person or address as `parties` (and the extra `addresses`, e.g.
    where the dispute happened), newest first, at most `limit`."""
    actor = check(db.actor, Permission.VIEW)
    probes = _probes(parties, addresses)
    if not probes:
        return []
    found: dict[int, list[HistoryMatch]] = {}
    with db.read_connection() as conn:
        for kind, equal, seq, text in probes:
            for case_id, role, name in party_lookup.parties_where(conn, equal):
                if case_id != exclude_case_id:
                    found.setdefault(case_id, []).append(HistoryMatch(kind, seq, f"{role}{name}", text))
        if not found:
            return []
        # A committee of a centre is shown its own earlier cases, as in its case list (docs/centre.md).
        rows = party_lookup.newest_cases(conn, list(found), limit, actor.committee_id)
    return [EarlierDispute(*r, tuple(dict.fromkeys(found[r[0]]))) for r in rows]
