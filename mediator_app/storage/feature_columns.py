"""The column tables of the features a print never reads: a case's statistics (`case_stats`), the
satisfaction visits and the 12345 hotline orders, made like those of `storage.columns` (`derived_table`).

They are kept out of `storage.columns` because every print command imports that module and the loader
(the lean path, docs/documents.md): these tables would bring in the statistics, satisfaction and
hotline domain modules, which no document reads (`domain.statistics` alone was 3 % of the agreement
command's imports).
`storage.loader` reads them through this module inside the functions that need them.
"""

from __future__ import annotations

from mediator_app.domain.hotline import HotlineOrder
from mediator_app.domain.satisfaction import SatisfactionVisit
from mediator_app.domain.statistics import CaseStats
from mediator_app.storage.columns import Table, derived_table

SATISFACTION = derived_table("satisfaction_visit", SatisfactionVisit, keys=("case_id",))
STATS = derived_table("case_stats", CaseStats, keys=("case_id",), renamed={"amount": "amount_fen"})
HOTLINE = derived_table("hotline_order", HotlineOrder, keys=("committee_id",))  # docs/hotline.md

TABLES: tuple[Table, ...] = (STATS, SATISFACTION, HOTLINE)
