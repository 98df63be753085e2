"""Saving over someone else's save (docs/centre.md): what only they changed stays theirs, what both
changed is the mediator's, and the changes are named in the words of the label table."""

from __future__ import annotations

import dataclasses

from mediator_app.domain.case_diff import EDITED_FIELDS, changed_labels, keep_their_changes
from tests.factories import make_case


def test_a_field_only_they_changed_stays_theirs_and_one_we_both_changed_is_mine() -> None:
    base = make_case(2)
    theirs = dataclasses.replace(base, facts="对方补充的纠纷情况", claims="对方改的申请事项")
    mine = dataclasses.replace(base, claims="我改的申请事项")
    merged = keep_their_changes(mine, base, theirs, EDITED_FIELDS)
    assert merged.facts == "对方补充的纠纷情况"
    assert merged.claims == "我改的申请事项"
    assert changed_labels(base, theirs) == ["纠纷简要情况", "申请事项"]


def test_parties_are_merged_field_by_field_while_both_lists_hold_the_same_parties() -> None:
    base = make_case(2)
    theirs = dataclasses.replace(
        base, parties=[dataclasses.replace(base.parties[0], address="东湖村五组18号"), base.parties[1]]
    )
    mine = dataclasses.replace(
        base, parties=[base.parties[0], dataclasses.replace(base.parties[1], phone="13900000000")]
    )
    merged = keep_their_changes(mine, base, theirs, EDITED_FIELDS)
    assert merged.parties[0].address == "东湖村五组18号"
    assert merged.parties[1].phone == "13900000000"


def test_a_party_list_only_they_changed_is_theirs_and_one_we_both_changed_is_mine() -> None:
    base = make_case(3)
    theirs = dataclasses.replace(base, parties=base.parties[:2])  # they removed the third party
    assert keep_their_changes(base, base, theirs, EDITED_FIELDS).parties == theirs.parties
    mine = dataclasses.replace(base, parties=[*base.parties[:2], dataclasses.replace(base.parties[2], name="王五")])
    assert keep_their_changes(mine, base, theirs, EDITED_FIELDS).parties == mine.parties
