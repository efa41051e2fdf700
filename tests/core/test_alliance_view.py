"""The lead's view of an alliance (core.alliance_view): every school with where its review
stands and its levels, grouped by trio; counts by stage, the levels' distribution, the shift
between rounds; levels and progress only, and for the alliance's leads only."""

from __future__ import annotations

from datetime import date

import pytest

import storage
from core import alliance_view
from core.errors import Refusal
from core.stages import Stage
from storage import rounds
from storage.alliances import (
    alliances_led_by,
    answer_alliance_invitation,
    create_alliance,
    invite_to_alliance,
)
from tests.conftest import judge_all

TODAY = date(2026, 11, 25)
EVIDENCE = "Governors meet termly (our secret evidence)"


def join(db, alliance_id, school, by):
    invited = invite_to_alliance(db, alliance_id, school.id, "ULEAD")
    answer_alliance_invitation(db, invited.id, "accepted", by)


@pytest.fixture
def east(db, framework, trio):
    """East alliance, led by ULEAD: Hillmead and Oakfield (a trio) and Loner (no trio);
    Faraway (UX) stays outside. Hillmead has judged every area Expanding (2)."""
    hill, oak, _ = trio
    loner = storage.create_school(db, "Loner Academy", "UL")
    made = create_alliance(db, "East", "ULEAD")
    for school, by in ((hill, "UA"), (oak, "UB"), (loner, "UL")):
        join(db, made.id, school, by)
    return made


def view(db, framework, user="ULEAD", alliance=None, today=TODAY):
    found = alliance or alliances_led_by(db, user)[0]
    return alliance_view.of_alliance(db, framework, user, found.id, today)


def test_each_school_is_shown_in_its_trio_with_where_it_stands_and_its_levels(db, framework, east):
    found = view(db, framework)
    assert [[s.school.name for s in g.schools] for g in found.groups] == [
        ["Hillmead", "Oakfield"],
        ["Loner Academy"],
    ]
    assert found.groups[-1].trio_id is None  # no trio: last
    hill, oak = found.groups[0].schools
    assert (hill.stage, hill.cycle, hill.judged, hill.summary_posted) == (
        Stage.CHALLENGE,
        1,
        5,
        True,
    )
    assert hill.levels == dict.fromkeys(framework.area_ids, 2)
    assert hill.overall == 2
    assert (oak.stage, oak.cycle, oak.levels, oak.overall) == (Stage.NOT_STARTED, None, {}, None)
    assert found.by_stage == {Stage.CHALLENGE: 1, Stage.NOT_STARTED: 2}
    assert found.distribution["itt"] == {1: 0, 2: 1, 3: 0, 4: 0}
    assert found.round is None
    assert found.others == ()


def test_evidence_never_appears_in_the_view(db, framework, trio, east):
    _, _, cycle = trio
    storage.record_judgement(
        db, cycle.id, "itt", 3, evidence=EVIDENCE, key_actions=EVIDENCE, recorded_by="UA",
        framework=framework,
    )  # fmt: skip
    found = view(db, framework)
    assert found.schools[0].levels["itt"] == 3  # the positive control: the judgement is read
    assert "secret evidence" not in repr(found)


def test_a_stalled_or_late_school_is_marked_for_a_nudge(db, framework, trio, east):
    hill, _, cycle = trio
    opened = rounds.open_round(
        db, east.id, self_due="2026-12-01", challenge_due="2026-12-12",
        outcomes_due="2027-01-20", opened_by="ULEAD",
    )  # fmt: skip
    rounds.add_cycle(db, opened.id, hill.id, cycle.id)
    on_time = view(db, framework).schools[0]
    assert (on_time.due, on_time.overdue, on_time.needs_nudge) == ("2026-12-12", False, False)
    late = view(db, framework, today=date(2026, 12, 20))
    hill_late = late.schools[0]
    assert (hill_late.stage, hill_late.due, hill_late.overdue) == (
        Stage.OUTCOMES,
        "2027-01-20",
        False,
    )
    assert hill_late.quiet_days is not None
    assert hill_late.needs_nudge
    assert late.round == opened


def test_the_shift_is_this_rounds_mean_level_against_the_round_before(db, framework, trio, east):
    hill, oak, first = trio
    dates = {"self_due": "2026-12-01", "challenge_due": "2026-12-12", "outcomes_due": "2027-01-20"}
    one = rounds.open_round(db, east.id, opened_by="ULEAD", **dates)
    rounds.add_cycle(db, one.id, hill.id, first.id)
    oak_first = storage.start_cycle(db, oak.id, framework, "UB")
    judge_all(db, framework, oak_first.id, 4, user="UB")
    rounds.add_cycle(db, one.id, oak.id, oak_first.id)
    two = rounds.open_round(db, east.id, opened_by="ULEAD", **dates)
    second = storage.new_cycle(db, hill.id, framework, "UA")
    judge_all(db, framework, second.id, 1, user="UA")
    rounds.add_cycle(db, two.id, hill.id, second.id)

    found = view(db, framework)
    assert (found.compared_with.id, found.round) == (one.id, two)
    itt = next(s for s in found.shift if s.area.id == "itt")
    assert (itt.before, itt.now, itt.change) == (3.0, 1.0, -2.0)  # (2 + 4) / 2, then 1


def test_without_rounds_the_shift_is_against_each_schools_previous_cycle(db, framework, trio, east):
    hill, _, _ = trio
    assert not view(db, framework).has_shift  # nobody has a cycle before this one
    second = storage.new_cycle(db, hill.id, framework, "UA")
    judge_all(db, framework, second.id, 3, user="UA")
    found = view(db, framework)
    assert found.compared_with is None
    assert found.has_shift
    assert {(s.before, s.now) for s in found.shift} == {(2.0, 3.0)}


def test_only_the_alliances_leads_see_it_and_others_hear_the_policys_words(db, framework, east):
    for user in ("UA", "UX", "UNOBODY"):  # a member of an alliance school, outsiders
        with pytest.raises(Refusal, match="Only the leads of East can see the alliance's"):
            view(db, framework, user=user, alliance=east)
    with pytest.raises(Refusal, match="no longer exists"):
        alliance_view.of_alliance(db, framework, "ULEAD", 999, TODAY)


def test_the_command_finds_the_alliance_meant(db, framework, east):
    west = create_alliance(db, "West Partnership", "ULEAD")
    assert alliance_view.choose(db, "ULEAD") == east  # the first by name
    assert alliance_view.choose(db, "ULEAD", "  west   PARTNERSHIP ") == west
    assert view(db, framework).others == (west,)
    create_alliance(db, "North", "UOTHER")
    with pytest.raises(Refusal, match="Only the leads of North"):
        alliance_view.choose(db, "ULEAD", "North")
    with pytest.raises(Refusal, match="There is no alliance called “South”"):
        alliance_view.choose(db, "ULEAD", "South")


def test_a_member_of_an_alliance_school_is_refused_and_anyone_else_is_told_nothing(db, east):
    with pytest.raises(Refusal, match="Only the leads of East"):
        alliance_view.choose(db, "UA")
    assert alliance_view.choose(db, "UX") is None  # Faraway is in no alliance
    assert alliance_view.choose(db, "UNOBODY") is None
