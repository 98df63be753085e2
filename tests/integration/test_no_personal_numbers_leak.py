"""Everything the program writes to its log, the console and crash reports over a whole case - ID numbers
and phones typed into the facts and claims too - holds no unmasked ID number or phone, and the crash
reports no names, addresses or birth dates (PIPL Art. 51; docs/privacy.md "Masking")."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
from pathlib import Path

import pytest

from mediator_app.domain.ids import id_check_char
from mediator_app.domain.masking import crash_report, mask_text, scrub_message
from mediator_app.domain.model import Case, CaseSource, Party, PartyKind, PartyRole
from mediator_app.domain.records import RecordKind, StepRecord
from mediator_app.logging_setup import remove_handlers, setup_logging
from mediator_app.services import cases, procedure
from mediator_app.storage.database import Database
from tests.clirun import Run
from tests.factories import make_committee
from tests.integration.test_procedure_services import _record as procedure_record

DAY = dt.date(2026, 11, 2)
FIRST17 = "36042619800101001"
ID = FIRST17 + id_check_char(FIRST17)  # born 1980-01-01
OTHER17 = "11010519650315102"
OTHER_ID = OTHER17 + id_check_char(OTHER17)
PHONE, OTHER_PHONE = "13912345678", "15887654321"
NAME, ADDRESS = "张三丰", "东湖村三组12号"
FULL_ID = re.compile(r"\d{17}[\dXx]")
FULL_PHONE = re.compile(r"1[3-9]\d[- ]?\d{4}[- ]?\d{4}")


def _leaks(text: str) -> list[str]:
    return FULL_ID.findall(text) + FULL_PHONE.findall(text)


def _case() -> Case:
    party = Party(
        seq=1, role=PartyRole.APPLICANT, kind=PartyKind.PERSON, name=NAME, id_number=ID, address=ADDRESS, phone=PHONE
    )
    other = Party(seq=2, role=PartyRole.RESPONDENT, kind=PartyKind.PERSON, name="李四", id_number=OTHER_ID)
    return Case(
        dispute_type="邻里纠纷",
        source=CaseSource.APPLICATION,
        registered_on=DAY,
        title=f"{NAME}（电话{PHONE}）与李四邻里纠纷",
        facts=f"申请人{NAME}（身份证{ID}，电话 {PHONE[:3]}-{PHONE[3:7]}-{PHONE[7:]}）称被申请人身份证号{OTHER_ID}。",
        claims=f"请联系 +86 {OTHER_PHONE} 赔偿漏水损失。",
        parties=[party, other],
        mediators=["王德明"],
        recorder="赵小红",
    )


def _record(kind: RecordKind, day: dt.date) -> StepRecord:
    """test_procedure_services' record, with the numbers said in the session written into it."""
    said = f"{NAME}说他的电话是{PHONE}，身份证{ID}。"
    result = f"同意赔偿，钱打到{PHONE}绑定的账户" if kind is RecordKind.SESSION else ""
    return dataclasses.replace(procedure_record(kind, day), content=said, result=result)


def test_a_whole_case_leaves_no_unmasked_number_in_log_console_or_crash_report(
    tmp_path: Path, run: Run, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    logs = tmp_path / "logs"
    monkeypatch.setattr("mediator_app.logging_setup.default_log_dir", lambda: logs)
    setup_logging(logs, level=logging.DEBUG)
    path = tmp_path / "room.sqlite3"
    out: list[str] = []
    try:
        db: Database = cases.open_database(path)
        cases.save_committee(db, make_committee())
        saved = cases.register_case(db, _case(), DAY)
        assert saved.id is not None
        procedure.accept(db, saved.id, rights_notified_on=DAY, today=DAY)
        procedure.record_investigation(db, saved.id, _record(RecordKind.INVESTIGATION, DAY), today=DAY)
        procedure.record_session(
            db,
            saved.id,
            _record(RecordKind.SESSION, DAY),
            mediator_choice="双方选择王德明",
            publicity="不公开",
            today=DAY,
        )
        logging.getLogger("mediator_app.test").info("registered %s: %s %s", saved.number, ID, PHONE)
        db.close()
        for argv in (
            ("list",),
            ("search", PHONE),
            ("search", ID[-6:]),
            ("search", "身份证"),
            ("render", "rights_notice", saved.number, "-o", str(tmp_path / "notice.pdf")),
            ("export", saved.number, "-o", str(tmp_path / "case.json")),
            ("backup",),
            ("audit", "verify"),
        ):
            code, stdout, stderr = run(*argv, "--db", str(path))
            assert code == 0, (argv, stderr)
            out += [stdout, stderr]

        # a forced crash with personal data in its message, through the command line's bug path
        def crash(*_args: object, **_kw: object) -> None:
            raise ValueError(f"bad party {NAME} {ADDRESS} born 1980-01-01 id {ID} tel {PHONE}")

        monkeypatch.setattr("mediator_app.services.cases.list_cases", crash)
        code, stdout, stderr = run("list", "--db", str(path))
        assert code == 1
        out += [stdout, stderr]
        # and the crash report as the window shows it
        try:
            crash()
        except ValueError as exc:
            shown = crash_report(type(exc), exc, exc.__traceback__)
    finally:
        remove_handlers()
    captured = capsys.readouterr()
    written = "".join(p.read_text(encoding="utf-8") for p in sorted(logs.glob("mediator.log*")))
    assert "ValueError" in written and "bad party" in written  # the crash was logged
    everything = "\n".join([written, shown, captured.out, captured.err, *out])
    assert _leaks(everything) == []
    for report in (shown, written[written.index("bad party") - 200 :]):
        assert NAME not in report and ADDRESS not in report and "1980-01-01" not in report
    assert "110105********" in everything or "360426********" in everything  # masked, not dropped


def test_numbers_in_free_text_are_masked_in_place() -> None:
    text = f"身份证{ID}，电话 +86 139-1234-5678，座机010-64701234"
    masked = mask_text(text)
    assert len(masked) == len(text)
    assert masked == "身份证360426********" + ID[-4:] + "，电话 +86 139-****-5678，座机010-64701234"
    assert scrub_message(f"{NAME} 1980年1月1日 {ID}") == "… ****-**-** 360426********" + ID[-4:]


def test_a_failing_log_file_does_not_put_numbers_on_the_console(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    logs = tmp_path / "logs"
    (logs / "mediator.log").mkdir(parents=True)  # the log file cannot be opened (root ignores permissions)
    setup_logging(logs, level=logging.INFO)
    try:
        logging.getLogger("mediator_app.test").warning("id %s phone %s", ID, PHONE)
    finally:
        remove_handlers()
    captured = capsys.readouterr()
    assert "Logging error" in captured.err or "日志" in captured.err  # the failure itself is reported
    assert _leaks(captured.err + captured.out) == []
