from __future__ import annotations

import pytest

import storage
from tests.conftest import judge_all


@pytest.fixture
def setup(db, framework):
    a = storage.create_school(db, "Hillmead", "UA")
    b = storage.create_school(db, "Oakfield", "UB")
    cycle = storage.start_cycle(db, a.id, framework, "UA")
    judge_all(db, framework, cycle.id, 2, user="UA", key_actions="k")
    return a, b, cycle


def add(db, cycle, framework, ts, **kw):
    kw.setdefault("author_id", "UB")
    kw.setdefault("text", "Is ITT really Expanding?")
    return storage.add_challenge(
        db, cycle.id, channel_id="C100", ts=ts, framework=framework, thread_ts="100.0", **kw
    )


def test_a_retried_comment_is_stored_once(db, setup, framework):
    _, b, cycle = setup
    first, created = add(
        db,
        cycle,
        framework,
        "101.0",
        area_id="itt",
        author_school_id=b.id,
        view="above",
        suggested_level=1,
    )
    again, created_again = add(db, cycle, framework, "101.0", area_id="itt")
    assert (created, created_again) == (True, False)
    assert again == first
    assert (first.view, first.suggested_level, first.status) == ("above", 1, "open")
    assert len(storage.challenges_for(db, cycle.id)) == 1


def test_school_response_answers_open_challenges_on_that_area(db, setup, framework):
    _, _, cycle = setup
    add(db, cycle, framework, "101.0", area_id="itt")
    add(db, cycle, framework, "102.0", area_id="cpd")
    add(
        db,
        cycle,
        framework,
        "103.0",
        area_id="itt",
        author_id="UA",
        kind="response",
        text="Our SD data says so.",
    )
    status = {(c.area_id, c.kind): c.status for c in storage.challenges_for(db, cycle.id)}
    assert status == {
        ("itt", "challenge"): "answered",
        ("cpd", "challenge"): "open",
        ("itt", "response"): "open",
    }


def test_edit_keeps_old_text_and_delete_keeps_the_row(db, setup, framework):
    _, _, cycle = setup
    add(db, cycle, framework, "101.0", text="first words")
    edited = storage.edit_challenge(db, "C100", "101.0", "second words")
    assert edited.text == "second words"
    assert edited.edited_at is not None
    assert storage.edits_of(db, edited.id) == ["first words"]
    assert storage.edit_challenge(db, "C100", "999.0", "x") is None
    deleted = storage.delete_challenge(db, "C100", "101.0")
    assert deleted.deleted_at is not None
    assert storage.challenges_for(db, cycle.id) == []
    kept = storage.challenges_for(db, cycle.id, include_deleted=True)
    assert [c.text for c in kept] == ["second words"]


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"area_id": "finance"}, "not an area"),
        ({"suggested_level": 7}, "not a maturity level"),
        ({"view": "sideways"}, "not a view"),
        ({"text": ""}, "comment is required"),
        ({"text": "x" * 3001}, "the most is 3,000"),
    ],
)
def test_bad_challenges_are_refused(db, setup, framework, change, says):
    _, _, cycle = setup
    with pytest.raises(storage.InvalidError, match=says):
        add(db, cycle, framework, "101.0", **change)
    assert storage.challenges_for(db, cycle.id, include_deleted=True) == []


def test_revised_judgement_after_challenge(db, setup, framework):
    _, _, cycle = setup
    add(db, cycle, framework, "101.0", area_id="itt", suggested_level=3, view="below")
    outcome = storage.record_area_outcome(
        db,
        cycle.id,
        "itt",
        stands=False,
        new_level=3,
        reason="Partners showed our SD reach",
        recorded_by="UA",
        framework=framework,
    )
    assert (outcome.decision, outcome.level) == ("revised", 3)
    last = storage.history_for(db, cycle.id, "itt")[-1]
    assert (last.previous_level, last.level, last.kind, last.reason) == (
        2,
        3,
        "after_challenge",
        "Partners showed our SD reach",
    )
    assert storage.scores_for(db, cycle.id)["itt"] == 3
    assert [c.status for c in storage.challenges_for(db, cycle.id)] == ["resolved"]


def test_a_revision_keeps_everything_else_recorded(db, framework):
    school = storage.create_school(db, "Kept", "UK")
    storage.start_cycle(db, school.id, framework, "UK")
    cycle = storage.new_cycle(db, school.id, framework, "UK")
    area = framework.area("cpd")
    storage.record_judgement(
        db,
        cycle.id,
        "cpd",
        2,
        evidence="e",
        key_actions="k",
        evidence_sources=area.evidence_sources[:2],
        evidence_links=["https://x.org"],
        actions_done=["Audit"],
        recorded_by="UK",
        framework=framework,
    )
    storage.record_area_outcome(
        db,
        cycle.id,
        "cpd",
        stands=False,
        new_level=3,
        reason="r",
        recorded_by="UK",
        framework=framework,
    )
    revised = storage.judgements_for(db, cycle.id)["cpd"]
    assert (
        revised.level,
        revised.evidence,
        revised.key_actions,
        revised.evidence_sources,
        revised.evidence_links,
        revised.actions_done,
    ) == (3, "e", "k", area.evidence_sources[:2], ("https://x.org",), ("Audit",))


def test_judgement_stands(db, setup, framework):
    _, _, cycle = setup
    outcome = storage.record_area_outcome(
        db, cycle.id, "cpd", stands=True, recorded_by="UA", framework=framework
    )
    assert (outcome.decision, outcome.level) == ("stands", 2)
    assert len(storage.history_for(db, cycle.id, "cpd")) == 1


@pytest.mark.parametrize(
    ("kw", "says"),
    [
        ({"stands": False, "new_level": 3, "reason": ""}, "reason is required"),
        ({"stands": False, "new_level": 2, "reason": "r"}, "already Expanding"),
        ({"stands": False, "new_level": 9, "reason": "r"}, "not a maturity level"),
    ],
)
def test_bad_outcomes_are_refused(db, setup, framework, kw, says):
    _, _, cycle = setup
    with pytest.raises(storage.InvalidError, match=says):
        storage.record_area_outcome(
            db, cycle.id, "itt", recorded_by="UA", framework=framework, **kw
        )
    assert storage.area_outcomes_for(db, cycle.id) == {}
    assert len(storage.history_for(db, cycle.id, "itt")) == 1


def test_outcome_for_unjudged_area_is_refused(db, framework):
    school = storage.create_school(db, "New", "UN")
    cycle = storage.start_cycle(db, school.id, framework, "UN")
    with pytest.raises(storage.InvalidError, match="no judgement yet"):
        storage.record_area_outcome(
            db, cycle.id, "itt", stands=True, recorded_by="UN", framework=framework
        )


def test_cycle_outcome_and_workbook_fields(db, setup, framework):
    _, _, cycle = setup
    assert storage.peer_challenge_fields(db, cycle.id) == ([], None)
    add(db, cycle, framework, "101.0", author_id="UB")
    add(db, cycle, framework, "102.0", author_id="UC")
    add(db, cycle, framework, "103.0", author_id="UB")
    add(db, cycle, framework, "104.0", author_id="UA", kind="response")
    authors, date = storage.peer_challenge_fields(db, cycle.id)
    assert authors == ["UB", "UC"]
    assert len(date) == 10
    with pytest.raises(storage.InvalidError, match="at least one"):
        storage.record_cycle_outcome(db, cycle.id, successes=" ", improvements="", recorded_by="UA")
    outcome = storage.record_cycle_outcome(
        db, cycle.id, successes="ITT recruitment", improvements="CPD evaluation", recorded_by="UA"
    )
    assert storage.cycle_outcome_for(db, cycle.id) == outcome
