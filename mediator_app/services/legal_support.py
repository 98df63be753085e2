"""法律支持申请 (docs/linkage.md): the mediator's legal question to the judges' workstation or 12368
with the case summary masked for that purpose (`domain.legal_support.masked_summary`), printed as the
form `legal_support_request`, and the answer recorded on the case once it comes. Every write is one
transaction with its audit row; the audit detail names the recipient, never the question's text.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from mediator_app.domain.access import Permission as P
from mediator_app.domain.legal_support import LegalSupportRequest, answer_errors, masked_summary, request_errors
from mediator_app.domain.linkage import name_errors
from mediator_app.domain.validation import raise_if
from mediator_app.errors import UserFacingError
from mediator_app.services.access import case_for, require
from mediator_app.storage import linkage_repo as lrepo
from mediator_app.storage import repository as repo
from mediator_app.storage.database import Database

REQUEST_NOT_FOUND = "没有找到这份法律支持申请，可能已被删除"


def draft_summary(db: Database, case_id: int) -> str:
    """The summary offered in the form: names replaced by roles, numbers masked; the mediator may edit it."""
    actor = require(db, P.VIEW)
    with db.reader() as session:
        case = case_for(session, actor, case_id)
    return masked_summary(case)


def ask_legal_support(
    db: Database, case_id: int, recipient: str, summary: str, question: str, asked_by: str, today: dt.date
) -> LegalSupportRequest:
    actor = require(db, P.EDIT)
    raise_if(request_errors(recipient, summary, question, asked_by))
    request = LegalSupportRequest(recipient.strip(), summary.strip(), question.strip(), today, asked_by.strip())
    with db.unit_of_work() as session:
        case_for(session, actor, case_id)
        saved = lrepo.add_legal_support(session, case_id, request)
        repo.add_audit(session, "申请法律支持", case_id, f"第{saved.seq}份 向{saved.recipient}")
    return saved


def record_legal_answer(
    db: Database, request_id: int, answered_on: dt.date, answer: str, answered_by: str, today: dt.date
) -> LegalSupportRequest:
    """The answer, once (it is part of the dossier and is not edited afterwards)."""
    actor = require(db, P.EDIT)
    with db.unit_of_work() as session:
        found = lrepo.get_legal_support(session, request_id)
        if found is None:
            raise UserFacingError(REQUEST_NOT_FOUND)
        case_id, request = found
        case_for(session, actor, case_id)
        raise_if(answer_errors(request, answered_on, answer, today) + name_errors(answered_by=answered_by))
        lrepo.record_legal_answer(session, request_id, answered_on, answer.strip(), answered_by.strip())
        repo.add_audit(session, "记录法律支持答复", case_id, f"第{request.seq}份 {request.recipient}")
    return dataclasses.replace(request, answered_on=answered_on, answer=answer.strip(), answered_by=answered_by.strip())


def case_legal_support(db: Database, case_id: int) -> list[LegalSupportRequest]:
    actor = require(db, P.VIEW)
    with db.reader() as session:
        case_for(session, actor, case_id)
        return lrepo.list_legal_support(session, case_id)
