"""Where a school's review stands, and whose turn it is (core.stages)."""

from __future__ import annotations

from datetime import date

import storage
from core import standing
from core.stages import Stage, next_people, progress
from storage import agreements, externals, rounds
from storage.alliances import answer_alliance_invitation, create_alliance, invite_to_alliance

TODAY = date(2026, 11, 25)


def challenge(db, framework, cycle, school, area_id, ts):
    """A challenge by Oakfield's UB in Hillmead's summary thread."""
    storage.add_challenge(
        db,
        cycle.id,
        author_id="UB",
        text="Where is the evidence?",
        channel_id="C100",
        ts=ts,
        framework=framework,
        kind="challenge",
        area_id=area_id,
        author_school_id=school.id,
        thread_ts="100.0",
    )


def where(db, framework, school, today=TODAY):
    return progress(db, standing.of_school(db, framework, school.id), school, today)


def test_a_school_before_its_first_cycle_is_next_itself(db, trio):
    _, oak, _ = trio
    found = progress(db, None, oak, TODAY)
    assert found.stage is Stage.NOT_STARTED
    assert found.next_schools == (oak.id,)


def test_a_judged_summary_waits_for_the_partner_who_has_not_challenged(db, framework, trio):
    hill, oak, cycle = trio
    found = where(db, framework, hill)
    assert (found.stage, found.next_schools, found.judged) == (Stage.CHALLENGE, (oak.id,), 5)
    assert next_people(db, found) == ["UB"]
    challenge(db, framework, cycle, oak, "leadership", "101.0")
    found = where(db, framework, hill)
    assert (found.stage, found.next_schools) == (Stage.OUTCOMES, (hill.id,))
    assert found.challenges.open == 1


def test_an_external_challenger_is_waited_for_too(db, framework, trio):
    hill, oak, cycle = trio
    externals.add_external(db, hill.id, "USIP", invited_by="UA")
    challenge(db, framework, cycle, oak, None, "101.0")
    found = where(db, framework, hill)
    assert (found.stage, found.next_schools, found.next_people) == (
        Stage.CHALLENGE,
        (),
        ("USIP",),
    )


def test_proposed_outcomes_wait_for_a_partner_and_are_done_once_agreed(db, framework, trio):
    hill, oak, cycle = trio
    agreements.propose(db, cycle.id, "UA")
    found = where(db, framework, hill)
    assert (found.stage, found.next_schools) == (Stage.AGREEING, (oak.id,))
    agreements.answer(db, cycle.id, "returned", by="UB", school_id=oak.id, note="Say more")
    assert where(db, framework, hill).stage is Stage.OUTCOMES
    agreements.propose(db, cycle.id, "UA")
    agreements.answer(db, cycle.id, "agreed", by="UB", school_id=oak.id)
    found = where(db, framework, hill)
    assert (found.stage, found.next_schools, found.quiet_days(date(2027, 1, 1))) == (
        Stage.DONE,
        (),
        None,
    )


def test_in_a_round_the_stage_has_its_due_date_and_the_challenge_date_ends_waiting(
    db, framework, trio
):
    hill, _, cycle = trio
    made = create_alliance(db, "East", "ULEAD")
    invited = invite_to_alliance(db, made.id, hill.id, "ULEAD")
    answer_alliance_invitation(db, invited.id, "accepted", "UA")
    opened = rounds.open_round(
        db,
        made.id,
        self_due="2026-12-01",
        challenge_due="2026-12-12",
        outcomes_due="2027-01-20",
        opened_by="ULEAD",
    )
    rounds.add_cycle(db, opened.id, hill.id, cycle.id)
    found = where(db, framework, hill)
    assert (found.stage, found.due, found.overdue(TODAY)) == (
        Stage.CHALLENGE,
        "2026-12-12",
        False,
    )
    assert found.overdue(date(2026, 12, 13))
    late = where(db, framework, hill, today=date(2026, 12, 13))
    assert (late.stage, late.due) == (Stage.OUTCOMES, "2027-01-20")


def test_a_review_quiet_for_a_week_is_stalled(db, framework, trio):
    hill, _, _ = trio
    found = where(db, framework, hill)
    started = date.fromisoformat(found.last_activity[:10])
    assert found.quiet_days(started) is None
    assert found.quiet_days(date.fromordinal(started.toordinal() + 9)) == 9
