"""The procedure state machine: every stage x event, every guard, random event sequences."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mediator_app.domain.stages import STEPS, Event, Stage, step_index
from mediator_app.procedure.calendar import HolidayCalendar, period
from mediator_app.procedure.machine import CaseFacts, Decision, decide, events_from

S, E = Stage, Event
TODAY = dt.date(2026, 11, 22)

# The documented procedure (docs/procedure.md), written out independently of the implementation.
EXPECTED: dict[Stage, dict[Event, Stage]] = {
    S.REGISTERED: {E.ACCEPT: S.ACCEPTED, E.DECLINE: S.DECLINED},
    S.DECLINED: {E.ARCHIVE: S.ARCHIVED},
    S.ACCEPTED: {E.INVESTIGATE: S.INVESTIGATING, E.MEDIATE: S.MEDIATING, E.TERMINATE: S.TERMINATED},
    S.INVESTIGATING: {E.INVESTIGATE: S.INVESTIGATING, E.MEDIATE: S.MEDIATING, E.TERMINATE: S.TERMINATED},
    S.MEDIATING: {
        E.INVESTIGATE: S.MEDIATING,
        E.MEDIATE: S.MEDIATING,
        E.CONCLUDE_WRITTEN: S.WRITTEN_AGREEMENT,
        E.CONCLUDE_ORAL: S.ORAL_AGREEMENT,
        E.TERMINATE: S.TERMINATED,
    },
    S.WRITTEN_AGREEMENT: {
        E.START_PERFORMANCE: S.PERFORMING,
        E.RETURN_VISIT: S.VISITED,
        E.APPLY_CONFIRMATION: S.CONFIRMATION_APPLIED,
    },
    S.ORAL_AGREEMENT: {E.START_PERFORMANCE: S.PERFORMING, E.RETURN_VISIT: S.VISITED},
    S.TERMINATED: {E.ARCHIVE: S.ARCHIVED},
    S.PERFORMING: {E.RETURN_VISIT: S.VISITED, E.APPLY_CONFIRMATION: S.CONFIRMATION_APPLIED},
    S.VISITED: {E.RETURN_VISIT: S.VISITED, E.APPLY_CONFIRMATION: S.CONFIRMATION_APPLIED, E.ARCHIVE: S.ARCHIVED},
    S.CONFIRMATION_APPLIED: {
        E.CONFIRMATION_GRANTED: S.CONFIRMED,
        E.CONFIRMATION_DENIED: S.CONFIRMATION_REJECTED,
        E.CONFIRMATION_NOT_ACCEPTED: S.CONFIRMATION_NOT_ACCEPTED,
        E.RETURN_VISIT: S.CONFIRMATION_APPLIED,
    },
    S.CONFIRMED: {E.RETURN_VISIT: S.CONFIRMED, E.ARCHIVE: S.ARCHIVED},
    S.CONFIRMATION_REJECTED: {E.MEDIATE: S.MEDIATING, E.ARCHIVE: S.ARCHIVED},
    # Not accepted (e.g. not that court's jurisdiction): apply to the competent court, mediate anew, or archive.
    S.CONFIRMATION_NOT_ACCEPTED: {
        E.APPLY_CONFIRMATION: S.CONFIRMATION_APPLIED,
        E.MEDIATE: S.MEDIATING,
        E.ARCHIVE: S.ARCHIVED,
    },
    S.ARCHIVED: {E.REOPEN: S.VISITED},  # back to the stage it was archived from
    S.VOIDED: {},  # a voided case is kept as it is: no step of the procedure
}

GOOD = CaseFacts(
    today=TODAY,
    rights_notified=True,
    mediator_choice_recorded=True,
    publicity_choice_recorded=True,
    decline_reason="不属于民间纠纷",
    oral_content="李四当场赔礼道歉",
    written_agreement=True,
    effective_on=TODAY - dt.timedelta(days=3),
    routes_notified=True,
    termination_reason="调解不成",
    visit_count=1,
    reopen_reason="当事人反映未履行",
    archived_from=S.VISITED,
)


def good_facts_for(stage: Stage) -> CaseFacts:
    # An oral agreement can never be confirmed (PML Art. 33): its facts say so.
    return dataclasses.replace(GOOD, written_agreement=stage is not S.ORAL_AGREEMENT)


@pytest.mark.parametrize("stage", list(Stage))
@pytest.mark.parametrize("event", list(Event))
def test_every_stage_and_event(stage: Stage, event: Event) -> None:
    decision = decide(stage, event, good_facts_for(stage))
    expected = EXPECTED[stage].get(event)
    if expected is not None:
        assert decision.allowed, decision.reason
        assert decision.next_stage is expected
    else:
        assert not decision.allowed
        assert decision.refusals and decision.refusals[0].rule
        assert stage.value in decision.reason or "口头协议" in decision.reason


def test_events_offered_per_stage_match_the_documented_table() -> None:
    for stage in Stage:
        offered = set(events_from(stage))
        documented = set(EXPECTED[stage])
        if stage is S.ORAL_AGREEMENT:
            documented.add(E.APPLY_CONFIRMATION)  # offered, then refused with the Art. 33 reason
        assert offered == documented, stage


def test_refusal_for_undefined_pair_lists_what_is_possible() -> None:
    d = decide(S.REGISTERED, E.MEDIATE, GOOD)
    assert "此阶段可以：受理、不予受理" in d.reason


def _refused(stage: Stage, event: Event, **changes: object) -> Decision:
    d = decide(stage, event, dataclasses.replace(GOOD, **changes))  # type: ignore[arg-type]
    assert not d.allowed
    return d


@pytest.mark.parametrize(
    ("stage", "event", "changes", "article"),
    [
        (S.REGISTERED, E.ACCEPT, {"refusal_recorded": True}, "第十七条"),
        (S.MEDIATING, E.MEDIATE, {"refusal_recorded": True}, "第十七条"),
        (S.MEDIATING, E.CONCLUDE_WRITTEN, {"refusal_recorded": True}, "第十七条"),
        (S.REGISTERED, E.ACCEPT, {"handled_elsewhere": True}, "第二十二条"),
        (S.REGISTERED, E.ACCEPT, {"rights_notified": False}, "第二十三条"),
        (S.REGISTERED, E.ACCEPT, {"escalation_risk": True}, "第二十五条"),
        (S.ACCEPTED, E.INVESTIGATE, {"escalation_risk": True}, "第二十五条"),
        (S.REGISTERED, E.ACCEPT, {"parties_without_guardian": ("小明",)}, "第十九条"),
        (S.ACCEPTED, E.MEDIATE, {"mediator_choice_recorded": False}, "第二十三条"),
        (S.ACCEPTED, E.MEDIATE, {"publicity_choice_recorded": False}, "第二十三条"),
        (S.REGISTERED, E.DECLINE, {"decline_reason": " "}, "第二十二条"),
        (S.MEDIATING, E.CONCLUDE_ORAL, {"oral_content": ""}, "第二十八条"),
        (S.MEDIATING, E.CONCLUDE_WRITTEN, {"agreement_problems": ("第1项条款未写履行期限",)}, "第二十九条"),
        (S.MEDIATING, E.TERMINATE, {"routes_notified": False}, "第二十六条"),
        (S.MEDIATING, E.TERMINATE, {"termination_reason": ""}, "第二十六条"),
        (S.WRITTEN_AGREEMENT, E.START_PERFORMANCE, {"effective_on": None}, "第二十九条"),
        (S.WRITTEN_AGREEMENT, E.APPLY_CONFIRMATION, {"effective_on": None}, "第二十九条"),
        (S.ORAL_AGREEMENT, E.APPLY_CONFIRMATION, {"written_agreement": False}, "第三十三条"),
        (S.PERFORMING, E.APPLY_CONFIRMATION, {"applicants_missing": ("李四",)}, "第二百零五条"),
        (S.VISITED, E.APPLY_CONFIRMATION, {"effective_on": TODAY - dt.timedelta(days=45)}, "第三十三条"),
        (S.CONFIRMED, E.ARCHIVE, {"visit_count": 0}, "第三十一条"),
        (S.ARCHIVED, E.REOPEN, {"reopen_reason": ""}, "第二十七条"),
        (S.ARCHIVED, E.REOPEN, {"archived_from": None}, "第二十七条"),
    ],
)
def test_guards_cite_the_rule(stage: Stage, event: Event, changes: dict[str, object], article: str) -> None:
    d = _refused(stage, event, **changes)
    assert article in d.reason


def test_archive_without_visit_allowed_for_terminated_case() -> None:
    d = decide(S.TERMINATED, E.ARCHIVE, dataclasses.replace(GOOD, visit_count=0))
    assert d.next_stage is S.ARCHIVED


def test_reopen_returns_to_the_stage_before_archiving() -> None:
    d = decide(S.ARCHIVED, E.REOPEN, dataclasses.replace(GOOD, archived_from=S.TERMINATED))
    assert d.next_stage is S.TERMINATED


def test_confirmation_window_uses_holiday_extension() -> None:
    cal = HolidayCalendar.from_data({"years": {"2026": {"rest": [["2026-02-15", "2026-02-23"]], "work": []}}})
    effective = dt.date(2026, 1, 20)  # plain last day 2026-02-19 falls in the Spring Festival
    facts = dataclasses.replace(GOOD, effective_on=effective, calendar=cal, today=dt.date(2026, 2, 24))
    extended = decide(S.VISITED, E.APPLY_CONFIRMATION, facts)
    assert extended.allowed
    # Past the plain 30th day the warning names the extended last day, not the day already gone.
    assert [w for w in extended.warnings if "顺延至2026年2月24日" in w and "2026年2月19日" in w]
    assert not any("即将届满（2026年2月19日）" in w for w in extended.warnings)
    late = dataclasses.replace(facts, today=dt.date(2026, 2, 25))
    late_decision = decide(S.VISITED, E.APPLY_CONFIRMATION, late)
    assert "2026年2月24日" in late_decision.reason  # one date style in messages: no leading zeros
    assert late_decision.warnings == ()


@pytest.mark.parametrize(("age_days", "warned"), [(24, False), (25, True), (30, True)])
def test_confirmation_warns_from_day_25(age_days: int, warned: bool) -> None:
    facts = dataclasses.replace(GOOD, effective_on=TODAY - dt.timedelta(days=age_days))
    d = decide(S.PERFORMING, E.APPLY_CONFIRMATION, facts)
    assert d.allowed
    assert any("即将届满" in w for w in d.warnings) is warned


@pytest.mark.parametrize(("flag", "word"), [("status_relation", "身份关系"), ("title_confirmation", "确权")])
def test_content_a_court_will_not_accept_is_warned(flag: str, word: str) -> None:
    d = decide(S.WRITTEN_AGREEMENT, E.APPLY_CONFIRMATION, dataclasses.replace(GOOD, **{flag: True}))
    assert d.allowed and any(word in w and "第三百五十五条" in w for w in d.warnings)


def test_warnings_also_shown_when_refused() -> None:
    d = decide(
        S.WRITTEN_AGREEMENT,
        E.APPLY_CONFIRMATION,
        dataclasses.replace(GOOD, status_relation=True, applicants_missing=("李四",)),
    )
    assert not d.allowed and d.warnings


def test_step_indicator_covers_every_stage() -> None:
    assert {s for _, stages in STEPS for s in stages} == set(Stage)
    assert step_index(S.REGISTERED) == 0 and step_index(S.ARCHIVED) == len(STEPS) - 1


# ---------------------------------------------------------------- random event sequences

facts_strategy = st.builds(
    CaseFacts,
    today=st.just(TODAY),
    handled_elsewhere=st.booleans(),
    refusal_recorded=st.booleans(),
    rights_notified=st.booleans(),
    escalation_risk=st.booleans(),
    risk_reported_on=st.none() | st.just(TODAY),
    parties_without_guardian=st.sampled_from([(), ("小明",)]),
    mediator_choice_recorded=st.booleans(),
    publicity_choice_recorded=st.booleans(),
    decline_reason=st.sampled_from(["", "已由法院受理"]),
    oral_content=st.sampled_from(["", "当场道歉"]),
    agreement_problems=st.sampled_from([(), ("缺少履行期限",)]),
    written_agreement=st.booleans(),
    effective_on=st.none() | st.dates(dt.date(2026, 9, 1), TODAY),
    applicants_missing=st.sampled_from([(), ("李四",)]),
    routes_notified=st.booleans(),
    termination_reason=st.sampled_from(["", "当事人拒绝"]),
    visit_count=st.integers(0, 2),
    reopen_reason=st.sampled_from(["", "未履行"]),
    archived_from=st.none() | st.sampled_from(list(Stage)),
)


def _check_invariants(before: Stage, d: Decision, f: CaseFacts) -> None:
    assert (d.next_stage is None) == bool(d.refusals)
    for r in d.refusals:
        assert r.message and r.rule
    if not d.allowed or d.event is E.REOPEN:
        # 重新启用 returns to the stage the case was archived from; the random facts of this one step do
        # not describe how the case got there, so the entry invariants below do not apply to it.
        return
    after = d.next_stage
    if d.event in (E.ACCEPT, E.INVESTIGATE, E.MEDIATE, E.CONCLUDE_WRITTEN, E.CONCLUDE_ORAL):
        assert not f.refusal_recorded  # PML Art. 17
        assert not (f.escalation_risk and f.risk_reported_on is None)  # Art. 25
    if after is S.ACCEPTED:
        assert f.rights_notified and not f.handled_elsewhere and not f.parties_without_guardian
    if after is S.MEDIATING and d.event is E.MEDIATE:
        assert f.mediator_choice_recorded and f.publicity_choice_recorded
    if after is S.TERMINATED:
        assert f.routes_notified  # Art. 26
    if after is S.ORAL_AGREEMENT:
        assert f.oral_content  # Art. 28
    if after is S.WRITTEN_AGREEMENT:
        assert not f.agreement_problems  # Art. 29
    if after is S.CONFIRMATION_APPLIED and before is not S.CONFIRMATION_APPLIED:
        assert f.written_agreement and f.effective_on and not f.applicants_missing
        assert f.today <= period(f.effective_on, 30, f.calendar).end  # PML Art. 33 window
    if after is S.ARCHIVED and before in (S.VISITED, S.CONFIRMED, S.CONFIRMATION_REJECTED, S.CONFIRMATION_NOT_ACCEPTED):
        assert f.visit_count > 0
    if before is S.ARCHIVED:
        assert d.event is E.REOPEN and f.reopen_reason


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(list(Event)), facts_strategy), max_size=25))
def test_random_sequences_never_reach_an_inconsistent_case(steps: list[tuple[Event, CaseFacts]]) -> None:
    stage = S.REGISTERED
    for event, facts in steps:
        d = decide(stage, event, facts)
        _check_invariants(stage, d, facts)
        if d.next_stage is not None:
            assert (stage, event) in {(s, e) for s in EXPECTED for e in EXPECTED[s]} or event in (
                E.REOPEN,
                E.APPLY_CONFIRMATION,
            )
            stage = d.next_stage
        assert isinstance(stage, Stage)


def test_termination_names_both_missing_facts() -> None:
    d = _refused(S.MEDIATING, E.TERMINATE, termination_reason=" ", routes_notified=False)
    assert [r.fact for r in d.refusals] == ["termination_reason", "routes_notified"]


def test_every_refusal_names_a_fact_the_guards_know() -> None:
    known = {f.name for f in dataclasses.fields(CaseFacts)}
    for stage in S:
        for event in E:
            for facts in (
                GOOD,
                CaseFacts(today=TODAY),
                dataclasses.replace(GOOD, refusal_recorded=True, escalation_risk=True, risk_reported_on=None),
            ):
                for refusal in decide(stage, event, facts).refusals:
                    assert refusal.fact in known or (refusal.fact == "" and refusal.rule == "调解程序")
