"""Erasing a school: only its members may, and its partners' summaries are put right."""

from __future__ import annotations

import pytest

import storage
from core import alliance_effects, alliance_view, effects
from core.challenges import Reply, thread_reply
from core.erasure import erase_school, erase_school_as_operator
from core.errors import Refusal
from storage import agreements, alliances, externals, outbox, rounds, trios
from storage.erasure import erasures
from tests.conftest import judge_all
from tests.core import round_setup


@pytest.fixture
def partner_summary(db, framework, trio):
    """Oakfield's summary is in C100 too, and Hillmead's UA2 has challenged it there."""
    _, oak, _ = trio
    cycle = storage.start_cycle(db, oak.id, framework, "UB")
    judge_all(db, framework, cycle.id, 3, user="UB")
    cycle = storage.set_summary_message(db, cycle.id, "C100", "200.0")
    thread_reply(db, framework, Reply("C100", "201.0", "200.0", "UA2", "ITT: really?"))
    with storage.transaction(db):
        db.execute("DELETE FROM outbox")
    return cycle


@pytest.mark.parametrize("who", ["UB", "UX", "UZ"])
def test_only_members_may_erase_their_school(db, trio, who):
    hill, _, _ = trio
    with pytest.raises(Refusal, match="Only members of Hillmead can erase it"):
        erase_school(db, hill.id, who)
    assert storage.get_school(db, hill.id).name == "Hillmead"
    assert erasures(db) == []


def test_a_member_erases_and_the_counts_say_what_went(db, trio, partner_summary):
    hill, oak, _ = trio
    erased = erase_school(db, hill.id, "UA2")
    assert (erased.school_id, erased.cycles, erased.judgements, erased.history) == (
        hill.id,
        1,
        5,
        5,
    )
    assert (erased.challenges, erased.members, erased.trio_places) == (1, 2, 1)
    assert erased.text.startswith(f"school #{hill.id} erased: 1 review cycle, 5 judgements")
    assert [e[:2] for e in erasures(db)] == [(hill.id, "UA2")]
    assert storage.challenges_for(db, partner_summary.id, include_deleted=True) == []
    assert storage.trio_of(db, oak.id).school_ids == (oak.id,)


def test_a_partner_summary_that_lost_challenges_is_updated(db, trio, partner_summary):
    hill, oak, _ = trio
    erase_school(db, hill.id, "UA")
    [summary] = outbox.effects(db, kind="summary")
    assert (summary.lane, summary.payload) == (f"school:{oak.id}", {"cycle": partner_summary.id})


def test_the_operator_needs_no_slack_user(db, trio):
    hill, _, _ = trio
    erased = erase_school_as_operator(db, hill.id)
    assert erased.members == 2
    assert [e[:2] for e in erasures(db)] == [(hill.id, "cli")]


def test_a_school_in_an_alliance_with_an_open_round_is_erased_and_the_round_goes_on(
    db, framework, trio
):
    """Hillmead is in a round, has an external challenger, a reminder, an invitation from
    another alliance and agreed Oakfield's outcomes: all of it goes, and the round, the
    lead's view and Oakfield's outcomes (waiting for a partner again) carry on without it."""
    hill, oak, _ = trio
    other = alliances.create_alliance(db, "West", "UWEST")
    alliances.invite_to_alliance(db, other.id, hill.id, "UWEST")
    alliance = round_setup.alliance_of(db, [(hill, "UA"), (oak, "UB")])
    opened = round_setup.open_round(db, framework, alliance)
    cycles = rounds.cycles_in(db, opened.round.id)
    agreements.propose(db, cycles[oak.id], "UB")
    agreements.answer(db, cycles[oak.id], "agreed", by="UA", school_id=hill.id)
    agreements.propose(db, cycles[hill.id], "UA")
    externals.add_external(db, hill.id, "UEXT", invited_by="UA")
    rounds.mark_reminded(db, opened.round.id, "UA", "2026-11-25T10:00:00+00:00")

    erase_school(db, hill.id, "UA")

    assert rounds.cycles_in(db, opened.round.id) == {oak.id: cycles[oak.id]}
    assert alliances.schools_in(db, alliance.id) == [oak.id]
    assert alliances.invitations_of_alliance(db, other.id) == []
    assert externals.challenged_by_external(db, "UEXT") == []
    waiting = agreements.agreement_for(db, cycles[oak.id])
    assert (waiting.state, waiting.answered_by, waiting.answered_school_id) == (
        "proposed",
        None,
        None,
    )
    view = alliance_view.of_alliance(db, framework, "ULEAD", alliance.id, round_setup.TODAY)
    assert [line.school.name for line in view.schools] == ["Oakfield"]
    assert rounds.open_round_of(db, alliance.id).id == opened.round.id


def test_erasing_a_school_takes_its_own_invitations_effects_and_no_other_schools(db, trio):
    """Hillmead asked Faraway into its trio (trio invitation 1); East asked Glenside to join
    (alliance invitation 1, the same number in another table). Erasing Hillmead drops the
    trio invitation's DM and keeps Glenside's; erasing Glenside then drops Glenside's."""
    hill, _, _ = trio
    far = storage.find_school(db, "Faraway")
    glen = storage.create_school(db, "Glenside", "UG")
    asked = trios.invite(db, storage.trio_of(db, hill.id).id, far.id, hill.id, "UA")
    effects.invitation(db, asked.id, "UX", by="UA")
    east = alliances.create_alliance(db, "East", "ULEAD")
    joining = alliances.invite_to_alliance(db, east.id, glen.id, "ULEAD")
    alliance_effects.alliance_invitation(db, joining.id, "UG", by="ULEAD")
    assert asked.id == joining.id

    erase_school(db, hill.id, "UA")
    assert [e.kind for e in outbox.effects(db)] == ["alliance_invitation"]
    erase_school(db, glen.id, "UG")
    assert outbox.effects(db) == []
