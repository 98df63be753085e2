"""Personal data on demand: a party's full ID number or phone shown only when asked for, and the view
recorded in the audit trail (PIPL Art. 51; People's Mediation Law Art. 15; docs/privacy.md).

Everywhere else the numbers are masked (`domain.masking`). A reveal reads the party and writes its audit
row in one transaction, so no full number is handed out without its record; the audit detail names the
party's place and the kind of number, never the number itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from mediator_app.errors import UserFacingError
from mediator_app.storage import repository as repo
from mediator_app.storage.database import Database

VIEW_ACTION = "查看个人信息"


class Revealed(StrEnum):
    ID_NUMBER = "证件号码"
    PHONE = "联系电话"


@dataclass(frozen=True)
class RevealedValue:
    case_number: str
    party_name: str
    what: Revealed
    value: str


def reveal(db: Database, case_id: int, party_seq: int, what: Revealed, actor: str = "") -> RevealedValue:
    """The party's full ID number or phone; the view is recorded (who, which case, whose, what kind)."""
    with db.unit_of_work() as session:
        case = repo.load_case(session, case_id)
        party = next((p for p in case.parties if p.seq == party_seq), None)
        if party is None:
            raise UserFacingError(f"案件{case.number}没有第{party_seq}位当事人")
        value = party.id_number if what is Revealed.ID_NUMBER else party.phone
        if not value.strip():
            raise UserFacingError(f"当事人{party.name}没有登记{what.value}")
        repo.add_audit(session, VIEW_ACTION, case_id, f"{case.number} 第{party_seq}位当事人的{what.value}", actor)
    return RevealedValue(case.number, party.name, what, value.strip())
