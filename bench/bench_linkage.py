"""Benchmark of the linkage additions (docs/linkage.md): what 今日待办 and the receipt cost.

    python bench/bench_linkage.py [--db FILE] [--cases 3000] [--runs 5]

Uses a copy of the demo database FILE (made with ``mediator-cli --db FILE demo --cases N`` if it does
not exist), gives every tenth case a work order (half of them overdue) and sets the satisfaction
reminder, then measures in this one process, median of `runs`, side by side:

- the peer: 今日待办 as it was before, the procedure's deadlines only (`prepo.deadline_snapshots` and
  `due_items` for every open case);
- 今日待办 now (`procedure.todo_list`: those, the work orders, the satisfaction calls, the special-group
  order);
- the work-order items alone (`workorders.due_work_orders`);
- printing the 受理回执 (with its QR code) against printing the 人民调解协议书, both through
  `printing.render`.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from demo_bench import demo_parser, ensure_demo, timed

from bench.bench_search import cache_dir
from mediator_app.procedure.deadlines import due_items, todo
from mediator_app.services import cases, procedure, satisfaction, workorders
from mediator_app.services.calendar import holiday_calendar
from mediator_app.services.printing import DatabaseStore, PrintJob, render
from mediator_app.services.procedure_view import CLOSED_STAGES, snapshot_input
from mediator_app.storage import procedure_repo as prepo
from mediator_app.storage.database import Database

TODAY = dt.date(2026, 11, 20)


def procedure_only(db: Database) -> int:
    calendar = holiday_calendar()
    with db.reader() as session:
        snapshots = prepo.deadline_snapshots(session, CLOSED_STAGES)
    return sum(len(todo(due_items(snapshot_input(s, calendar), TODAY))) for s in snapshots)


def main() -> None:
    parser = demo_parser(__doc__ or "", 5)
    parser.set_defaults(db=cache_dir() / "linkage-demo.sqlite3", cases=3000)
    args = parser.parse_args()
    ensure_demo(args.db, args.cases)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "linkage.sqlite3"
        shutil.copyfile(args.db, path)
        db = cases.open_database(path)
        summaries = cases.list_cases(db)
        for n, summary in enumerate(summaries[::10]):
            day = TODAY - dt.timedelta(days=20 if n % 2 else 1)
            workorders.issue_work_order(db, summary.id, "派出所", "双方争执", "请协助调处", 3, "马德明", day)
        satisfaction.save_satisfaction_days(db, 7)
        agreement_case = next(s.id for s in summaries if s.status == "履行中")
        store = DatabaseStore(db)
        rows = [
            ("今日待办：程序期限（原有，对照）", *timed(lambda: procedure_only(db), args.runs)),
            (
                "今日待办：现在（含联系单、满意度回访、优先）",
                *timed(lambda: len(procedure.todo_list(db, TODAY)), args.runs),
            ),
            ("其中联系单项", *timed(lambda: len(workorders.due_work_orders(db, TODAY)), args.runs)),
            (
                "打印人民调解协议书（对照）",
                *timed(lambda: len(render(store, PrintJob.forms(agreement_case, ["mediation_agreement"]))), args.runs),
            ),
            (
                "打印受理回执（含二维码）",
                *timed(lambda: len(render(store, PrintJob.forms(agreement_case, ["acceptance_receipt"]))), args.runs),
            ),
        ]
        db.close()
    print(f"{len(summaries)} 件案件，{len(summaries[::10])} 份联系单，中位数（{args.runs} 次）")
    for name, seconds, result in rows:
        print(f"{name:<36} {seconds * 1000:8.1f} ms   ({result})")


if __name__ == "__main__":
    main()
