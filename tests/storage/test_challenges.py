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


def test_a_response_stores_no_status_change_itself(db, setup, framework):
    """Storage records; what a response means for open challenges is the core's rule."""
    _, _, cycle = setup
    add(db, cycle, framework, "101.0", area_id="itt")
    add(db, cycle, framework, "103.0", area_id="itt", author_id="UA", kind="response")
    assert [c.status for c in storage.challenges_for(db, cycle.id)] == ["open", "open"]
    assert storage.set_status(db, cycle.id, "itt", "answered", only_from=("open",)) == 1
    assert [c.status for c in storage.challenges_for(db, cycle.id)] == ["answered", "open"]


def test_a_form_challenge_is_stored_before_it_is_posted(db, setup, framework):
    _, _, cycle = setup
    first, _ = add(db, cycle, framework, None, area_id="itt")
    second, _ = add(db, cycle, framework, None, area_id="cpd")  # two unposted: both kept
    assert (first.ts, second.ts) == (None, None)
    posted = storage.set_posted(db, first.id, "105.0")
    assert storage.challenge_at(db, "C100", "105.0") == posted


def test_a_cycle_outcome_needs_some_words(db, setup):
    _, _, cycle = setup
    with pytest.raises(storage.InvalidError, match="at least one"):
        storage.record_cycle_outcome(db, cycle.id, successes=" ", improvements="", recorded_by="UA")
    outcome = storage.record_cycle_outcome(
        db, cycle.id, successes="ITT recruitment", improvements="CPD evaluation", recorded_by="UA"
    )
    assert storage.cycle_outcome_for(db, cycle.id) == outcome


def test_comments_deleted_before_the_cut_are_erased_with_their_edits(db, setup, framework):
    _, _, cycle = setup
    for ts in ("101.0", "102.0", "103.0"):
        add(db, cycle, framework, ts, text=f"comment {ts}")
        storage.edit_challenge(db, "C100", ts, f"comment {ts}, edited")
    storage.delete_challenge(db, "C100", "101.0")
    storage.delete_challenge(db, "C100", "102.0")
    with storage.transaction(db):
        db.execute(
            "UPDATE challenges SET deleted_at = '2026-01-01T00:00:00+00:00' WHERE ts = '101.0'"
        )
        db.execute(
            "UPDATE challenges SET deleted_at = '2026-03-01T00:00:00+00:00' WHERE ts = '102.0'"
        )
    assert storage.forget_deleted_before(db, "2026-02-01T00:00:00+00:00") == 1
    left = storage.challenges_for(db, cycle.id, include_deleted=True)
    assert [(c.ts, c.deleted_at is not None) for c in left] == [("102.0", True), ("103.0", False)]
    assert db.execute("SELECT COUNT(*) FROM challenge_edits").fetchone() == (2,)
    assert storage.forget_deleted_before(db, "2026-03-02T00:00:00+00:00") == 1
    assert [c.ts for c in storage.challenges_for(db, cycle.id, include_deleted=True)] == ["103.0"]
