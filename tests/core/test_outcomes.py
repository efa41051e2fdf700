from __future__ import annotations

import pytest

import storage
from core.challenges import Reply, thread_reply
from core.errors import Refusal
from core.outcomes import Decision, record_outcomes


def agree(db, framework, cycle, decisions, *, user="UA", successes="", improvements=""):
    return record_outcomes(
        db, framework, user, cycle.id, decisions, successes=successes, improvements=improvements
    )


def challenge(db, framework, cycle, ts, text="ITT: is it really Expanding?"):
    thread_reply(db, framework, Reply("C100", ts, "100.0", "UB", text))


def test_a_revision_after_challenge_keeps_its_history_and_resolves(db, framework, trio):
    _, _, cycle = trio
    challenge(db, framework, cycle, "101.0")
    assert agree(db, framework, cycle, {"itt": Decision(3, "Partners showed our SD reach")})
    last = storage.history_for(db, cycle.id, "itt")[-1]
    assert (last.previous_level, last.level, last.kind, last.reason) == (
        2,
        3,
        "after_challenge",
        "Partners showed our SD reach",
    )
    assert storage.scores_for(db, cycle.id)["itt"] == 3
    assert storage.area_outcomes_for(db, cycle.id)["itt"].decision == "revised"
    assert [c.status for c in storage.challenges_for(db, cycle.id)] == ["resolved"]


def test_a_revision_keeps_everything_else_recorded(db, framework, trio):
    _, _, cycle = trio
    before = storage.judgements_for(db, cycle.id)["cpd"]
    agree(db, framework, cycle, {"cpd": Decision(3, "r")})
    after = storage.judgements_for(db, cycle.id)["cpd"]
    assert after.level == 3
    for field in ("evidence", "key_actions", "evidence_sources", "evidence_links", "actions_done"):
        assert getattr(after, field) == getattr(before, field)


def test_a_judgement_that_stands_changes_no_level(db, framework, trio):
    _, _, cycle = trio
    assert not agree(db, framework, cycle, {"cpd": Decision(None)})
    outcome = storage.area_outcomes_for(db, cycle.id)["cpd"]
    assert (outcome.decision, outcome.level) == ("stands", 2)
    assert len(storage.history_for(db, cycle.id, "cpd")) == 1


@pytest.mark.parametrize(
    ("decision", "says"),
    [
        (Decision(3, ""), "reason for revising is required"),
        (Decision(2, "r"), "already Expanding"),
        (Decision(9, "r"), "not a maturity level"),
    ],
)
def test_bad_outcomes_are_refused_and_change_nothing(db, framework, trio, decision, says):
    _, _, cycle = trio
    with pytest.raises(Refusal, match=says):
        agree(db, framework, cycle, {"itt": decision})
    assert storage.area_outcomes_for(db, cycle.id) == {}
    assert len(storage.history_for(db, cycle.id, "itt")) == 1


def test_only_members_record_outcomes(db, framework, trio):
    _, _, cycle = trio
    with pytest.raises(Refusal, match="Only members of Hillmead can record its agreed outcomes"):
        agree(db, framework, cycle, {"cpd": Decision(None)}, user="UB")
    assert storage.area_outcomes_for(db, cycle.id) == {}
    agree(db, framework, cycle, {"cpd": Decision(None)}, user="UA2")  # the positive control
    assert "cpd" in storage.area_outcomes_for(db, cycle.id)


def test_outcome_for_an_unjudged_area_is_refused(db, framework):
    school = storage.create_school(db, "New", "UN")
    cycle = storage.start_cycle(db, school.id, framework, "UN")
    with pytest.raises(Refusal, match="no judgement yet"):
        agree(db, framework, cycle, {"itt": Decision(None)}, user="UN")
