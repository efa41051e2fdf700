"""Review rounds (core.rounds): a lead opens one with three dates; every school reviews a
fresh cycle in it and is told; a lead nudges whoever is next at a school."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

import storage
from core import channels, rounds
from core.errors import Refusal
from core.stages import Stage
from storage import agreements, outbox
from storage import rounds as stored
from tests.conftest import judge_all
from tests.core.round_setup import (
    CHALLENGE_DUE,
    OUTCOMES_DUE,
    SELF_DUE,
    TODAY,
    alliance_of,
    east,
    open_round,
)

NOW = datetime(2026, 12, 9, 10, tzinfo=UTC)


@pytest.fixture
def alliance(db, trio):
    return east(db, trio)


def told(db) -> dict[int, list[str]]:
    """{school: where the news of the round went}."""
    found: dict[int, list[str]] = {}
    for effect in outbox.effects(db, kind="round_opened"):
        found.setdefault(effect.payload["school"], []).append(effect.payload["to"])
    return found


def test_opening_a_round_starts_a_cycle_at_every_school_and_tells_each(db, framework, alliance):
    made, hill, oak = alliance
    opened = open_round(db, framework, made)
    assert (opened.round.number, opened.started, [s.name for s in opened.schools]) == (
        1,
        2,
        ["Hillmead", "Oakfield"],
    )
    assert (opened.round.self_due, opened.round.outcomes_due) == ("2026-12-16", "2027-01-20")
    hill_now, oak_now = storage.current_cycle(db, hill.id), storage.current_cycle(db, oak.id)
    assert (hill_now.number, oak_now.number) == (2, 1)  # Hillmead's judged cycle 1 is closed
    assert storage.cycles_of(db, hill.id)[0].status == "closed"
    assert stored.cycles_in(db, opened.round.id) == {hill.id: hill_now.id, oak.id: oak_now.id}
    # Hillmead in its own channel; Oakfield, which has none, by DM to its member.
    assert told(db) == {hill.id: ["CHILL"], oak.id: ["UB"]}
    homes = {e.payload["user"] for e in outbox.effects(db, kind="home")}
    assert homes == {"UA", "UA2", "UB", "ULEAD"}


def test_a_cycle_nobody_has_judged_in_yet_is_the_one_reviewed(db, framework, alliance):
    made, _, oak = alliance
    empty = storage.start_cycle(db, oak.id, framework, "UB")
    opened = open_round(db, framework, made)
    assert opened.started == 1
    assert stored.cycles_in(db, opened.round.id)[oak.id] == empty.id
    # In the next round, that cycle belongs to round 1: a new one is started.
    again = open_round(db, framework, made)
    assert (again.round.number, again.started) == (2, 2)
    assert stored.cycles_in(db, again.round.id)[oak.id] != empty.id
    assert stored.get_round(db, opened.round.id).closed_at is not None


def test_a_school_whose_channel_turned_the_bot_away_is_told_by_dm(db, framework, alliance):
    made, hill, _ = alliance
    channels.bot_kept_out(db, "CHILL", "not_in_channel")
    open_round(db, framework, made)
    assert told(db)[hill.id] == ["UA", "UA2"]


@pytest.mark.parametrize(
    ("dates", "field", "says"),
    [
        (
            (None, CHALLENGE_DUE, OUTCOMES_DUE),
            "self_due",
            "Choose the date self-evaluation is due.",
        ),
        (
            (date(2026, 11, 24), CHALLENGE_DUE, OUTCOMES_DUE),
            "self_due",
            "That date has passed: choose today or later for self-evaluation.",
        ),
        (
            (SELF_DUE, date(2026, 12, 15), OUTCOMES_DUE),
            "challenge_due",
            "Peer challenge comes after self-evaluation: choose Wednesday 16 December or later.",
        ),
        (
            (SELF_DUE, CHALLENGE_DUE, date(2026, 12, 29)),
            "outcomes_due",
            "Agreed outcomes comes after peer challenge: choose Wednesday 30 December or later.",
        ),
        (
            (SELF_DUE, CHALLENGE_DUE, None),
            "outcomes_due",
            "Choose the date agreed outcomes is due.",
        ),
    ],
)
def test_dates_must_be_given_not_past_and_in_order(db, framework, alliance, dates, field, says):
    made, _, _ = alliance
    with pytest.raises(Refusal) as refused:
        rounds.open_round(db, framework, "ULEAD", made.id, *dates, TODAY)
    assert (refused.value.field, str(refused.value)) == (field, says)
    assert stored.rounds_of(db, made.id) == []


def test_all_three_dates_may_be_today(db, framework, alliance):
    made, _, _ = alliance
    opened = rounds.open_round(db, framework, "ULEAD", made.id, TODAY, TODAY, TODAY, TODAY)
    assert opened.round.self_due == opened.round.outcomes_due == "2026-11-25"


def test_only_a_lead_opens_the_alliances_round(db, framework, alliance):
    made, _, _ = alliance
    faraway = storage.find_school(db, "Faraway")
    alliance_of(db, [(faraway, "UX")], name="North Alliance", lead="UNORTH")
    for person in ("UA", "UB", "UNORTH", "UX"):  # members, another alliance's lead, outsider
        with pytest.raises(Refusal, match=r"^Only the leads of East Midlands TSA can open a"):
            open_round(db, framework, made, by=person)
    with pytest.raises(Refusal, match=r"^That alliance no longer exists"):
        rounds.open_round(
            db, framework, "ULEAD", 99999, SELF_DUE, CHALLENGE_DUE, OUTCOMES_DUE, TODAY
        )
    assert stored.rounds_of(db, made.id) == []
    assert open_round(db, framework, made).round.number == 1  # the positive control


def test_an_alliance_without_schools_has_no_round(db, framework):
    made = alliance_of(db, [], name="Empty Alliance")
    with pytest.raises(Refusal, match="has no schools yet"):
        open_round(db, framework, made)


def test_the_form_offers_dates_three_five_and_eight_weeks_ahead(db, alliance):
    made, _, _ = alliance
    asked = rounds.ask(db, "ULEAD", today=TODAY)
    assert (asked.alliance.id, asked.number, asked.schools) == (made.id, 1, 2)
    assert asked.defaults == {
        "self_due": date(2026, 12, 16),
        "challenge_due": date(2026, 12, 30),
        "outcomes_due": date(2027, 1, 20),
    }
    with pytest.raises(Refusal, match=r"^You don't lead an alliance"):
        rounds.ask(db, "UA")
    with pytest.raises(Refusal, match=r"^Only the leads of East Midlands TSA"):
        rounds.ask(db, "UA", alliance_id=made.id)


def test_a_schools_place_against_the_rounds_dates(db, framework, alliance):
    made, hill, _ = alliance
    assert rounds.place(db, framework, hill, TODAY) is None  # before any round
    open_round(db, framework, made)
    found = rounds.place(db, framework, hill, TODAY)
    assert (found.alliance, found.number, found.stage, found.due, found.days_left) == (
        "East Midlands TSA",
        1,
        Stage.SELF_EVALUATION,
        "2026-12-16",
        21,
    )
    assert rounds.place(db, framework, hill, date(2026, 12, 18)).days_left == -2


# -- nudges --------------------------------------------------------------------------------


def test_a_lead_nudges_whoever_is_next(db, framework, alliance):
    made, hill, _ = alliance
    opened = open_round(db, framework, made)
    done = rounds.nudge(db, framework, "ULEAD", hill.id, NOW)
    assert (done.school.name, done.stage, done.people) == (
        "Hillmead",
        Stage.SELF_EVALUATION,
        ["UA", "UA2"],
    )
    sent = [(e.payload["user"], e.payload["by"]) for e in outbox.effects(db, kind="round_reminder")]
    assert sent == [("UA", "ULEAD"), ("UA2", "ULEAD")]
    assert stored.last_reminded(db, opened.round.id, "UA") == "2026-12-09T10:00:00+00:00"
    # Once Hillmead has judged every area, its partner is next.
    judge_all(db, framework, storage.current_cycle(db, hill.id).id, 2, user="UA")
    done = rounds.nudge(db, framework, "ULEAD", hill.id, NOW)
    assert (done.stage, done.people) == (Stage.CHALLENGE, ["UB"])


def test_nobody_but_a_lead_nudges(db, framework, alliance):
    made, hill, _ = alliance
    open_round(db, framework, made)
    for person in ("UA", "UB", "UX"):
        with pytest.raises(Refusal, match=r"^Only the leads of Hillmead's alliance can nudge"):
            rounds.nudge(db, framework, person, hill.id, NOW)
    with pytest.raises(Refusal, match=r"^That school no longer exists"):
        rounds.nudge(db, framework, "ULEAD", 99999, NOW)
    assert outbox.effects(db, kind="round_reminder") == []


def test_no_nudge_outside_a_round_or_once_the_outcomes_are_agreed(db, framework, alliance):
    made, hill, oak = alliance
    with pytest.raises(Refusal, match=r"^Hillmead is not in an open review round"):
        rounds.nudge(db, framework, "ULEAD", hill.id, NOW)
    open_round(db, framework, made)
    cycle = storage.current_cycle(db, hill.id)
    judge_all(db, framework, cycle.id, 2, user="UA")
    agreements.propose(db, cycle.id, "UA")
    agreements.answer(db, cycle.id, "agreed", by="UB", school_id=oak.id)
    with pytest.raises(Refusal, match=r"^Hillmead has finished the round"):
        rounds.nudge(db, framework, "ULEAD", hill.id, NOW)
    assert outbox.effects(db, kind="round_reminder") == []
    assert rounds.nudge(db, framework, "ULEAD", oak.id, NOW).people == ["UB"]  # control


def test_the_news_of_a_round_is_not_sent_once_it_is_over(db, framework, alliance):
    made, hill, _ = alliance
    first = open_round(db, framework, made).round
    news = rounds.announcement(db, first.id, hill.id)
    assert (news.round.number, news.school.name, news.cycle.number) == (1, "Hillmead", 2)
    open_round(db, framework, made)
    assert rounds.announcement(db, first.id, hill.id) is None  # a later round opened
    assert rounds.announcement(db, 99999, hill.id) is None
