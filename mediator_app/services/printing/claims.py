"""Printing a 以案定补 claim (services.subsidy): one table per mediator with its 小计 and the mediator's
signature place, the 合计 with the reviewer's and the director's places, then the cases not claimed
and why; laid out by `documents.report_pdf` like the statistics reports (fonts embedded)."""

from __future__ import annotations

from mediator_app.documents.report_pdf import PdfTable, report_pdf
from mediator_app.services.subsidy import Claim
from mediator_app.services.subsidy_files import (
    CLAIM_COLUMNS,
    SIGN_MEDIATOR,
    SIGN_OFFICE,
    UNPAID_COLUMNS,
    case_cells,
    subtitle,
    title,
)

_WEIGHTS = [0.6, 3.2, 1.3, 0.9, 0.9, 0.9, 1.4]


def _yuan(fen: int) -> str:
    return f"{fen / 100:,.2f}"


def claim_pdf(claim: Claim) -> bytes:
    """The claim as PDF (reportlab is loaded only when a claim is printed)."""
    tables = []
    for mediator, cases in claim.paid.items():
        rows = [[str(i), *case_cells(j), _yuan(j.amount_fen or 0)] for i, j in enumerate(cases, start=1)]
        rows.append(["小计", f"{len(cases)}件", "", "", "", "", _yuan(claim.subtotal(mediator))])
        tables.append(
            PdfTable(
                f"调解员：{mediator}，{claim.state(mediator)}",
                list(CLAIM_COLUMNS),
                rows,
                True,
                footer=SIGN_MEDIATOR,
                weights=_WEIGHTS,
            )
        )
    total = [["合计", f"{claim.cases}件", "", "", "", "", _yuan(claim.total_fen)]]
    tables.append(PdfTable("合计", list(CLAIM_COLUMNS), total, True, footer=SIGN_OFFICE, weights=_WEIGHTS))
    unpaid = [
        [j.result.facts.number, j.result.facts.mediator, j.result.facts.difficulty, j.reason] for j in claim.unpaid
    ]
    tables.append(
        PdfTable("未计入申领的案件", [UNPAID_COLUMNS[i] for i in (0, 1, 3, 4)], unpaid or [["无", "", "", ""]])
    )
    notes = [claim.rules.note] if claim.rules.note else []
    return report_pdf(title(claim), subtitle(claim), tables, notes or ["—"], notes_title="补贴规则说明")
