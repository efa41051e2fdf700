from __future__ import annotations

import pytest

import storage


@pytest.fixture
def school(db):
    return storage.create_school(db, "Hillmead", "U1")


@pytest.fixture
def cycle(db, school, framework):
    return storage.start_cycle(db, school.id, framework, "U1")


def record(db, cycle, framework, area_id="itt", level=3, **kw):
    kw.setdefault("evidence", "Our SD numbers doubled.")
    kw.setdefault("recorded_by", "U1")
    return storage.record_judgement(db, cycle.id, area_id, level, framework=framework, **kw)


def test_start_cycle_numbers_and_framework(db, school, framework):
    first = storage.start_cycle(db, school.id, framework, "U1")
    assert (first.number, first.status, first.framework_id, first.framework_version) == (
        1,
        "in_progress",
        "east-midlands-2017",
        "2017.03",
    )
    assert storage.current_cycle(db, school.id) == first
    with pytest.raises(storage.ConflictError, match="already has review cycle 1 open"):
        storage.start_cycle(db, school.id, framework, "U1")
    storage.close_cycle(db, first.id)
    second = storage.start_cycle(db, school.id, framework, "U1")
    assert second.number == 2
    assert storage.previous_cycle(db, second).id == first.id
    assert [c.number for c in storage.cycles_of(db, school.id)] == [1, 2]


def test_record_judgement_with_evidence_sources_and_links(db, cycle, framework):
    area = framework.area("itt")
    chosen = [area.evidence_sources[3], area.evidence_sources[0]]
    result = record(
        db,
        cycle,
        framework,
        key_actions="Grow SD",
        evidence_sources=chosen,
        evidence_links=["https://example.org/plan", " ", "https://example.org/plan"],
    )
    assert result.changed
    j = result.judgement
    assert (j.level, j.evidence, j.key_actions, j.recorded_by) == (
        3,
        "Our SD numbers doubled.",
        "Grow SD",
        "U1",
    )
    assert j.evidence_sources == (area.evidence_sources[0], area.evidence_sources[3])
    assert j.evidence_links == ("https://example.org/plan",)


def test_same_judgement_twice_records_once(db, cycle, framework):
    assert record(db, cycle, framework).changed is True
    assert record(db, cycle, framework).changed is False
    assert len(storage.history_for(db, cycle.id)) == 1


def test_change_of_mind_is_kept_in_history(db, cycle, framework):
    record(db, cycle, framework, level=2)
    record(db, cycle, framework, level=3, evidence="Better evidence")
    record(db, cycle, framework, area_id="cpd", level=1)
    history = storage.history_for(db, cycle.id, "itt")
    assert [(h.previous_level, h.level, h.evidence) for h in history] == [
        (None, 2, "Our SD numbers doubled."),
        (2, 3, "Better evidence"),
    ]
    assert storage.scores_for(db, cycle.id) == {"itt": 3, "cpd": 1}
    assert len(storage.history_for(db, cycle.id)) == 3


def test_mark_judged_only_moves_a_cycle_in_progress(db, cycle, framework):
    record(db, cycle, framework, area_id="itt", level=2)
    assert storage.get_cycle(db, cycle.id).status == "in_progress"  # storage decides nothing
    judged = storage.mark_judged(db, cycle.id, "2026-11-24T09:00:00+00:00")
    assert (judged.status, judged.completed_at) == ("judged", "2026-11-24T09:00:00+00:00")
    storage.close_cycle(db, cycle.id)
    assert storage.mark_judged(db, cycle.id).status == "closed"


def test_every_summary_message_of_a_cycle_is_kept(db, cycle):
    storage.set_summary_message(db, cycle.id, "C1", "1.0")
    moved = storage.set_summary_message(db, cycle.id, "C2", "2.0")
    assert (moved.summary_channel, moved.summary_ts) == ("C2", "2.0")
    assert storage.cycle_for_summary(db, "C1", "1.0").id == cycle.id  # the earlier thread
    assert storage.cycle_for_summary(db, "C2", "2.0").id == cycle.id
    assert storage.cycle_for_summary(db, "C1", "2.0") is None


BAD = [
    ({"area_id": "governance"}, storage.InvalidError, "not an area"),
    ({"area_id": "ITT"}, storage.InvalidError, "not an area"),
    ({"level": 0}, storage.InvalidError, "not a maturity level"),
    ({"level": 5}, storage.InvalidError, "not a maturity level"),
    ({"level": "3"}, storage.InvalidError, "not a maturity level"),
    ({"level": True}, storage.InvalidError, "not a maturity level"),
    ({"evidence": ""}, storage.InvalidError, "Evidence to support the judgement is required"),
    ({"evidence": "  \n "}, storage.InvalidError, "is required"),
    ({"evidence": "x" * 3001}, storage.InvalidError, "3,001 characters long; the most is 3,000"),
    ({"key_actions": "x" * 3001}, storage.InvalidError, "Key actions is 3,001"),
    ({"evidence_sources": ["Bake sale receipts"]}, storage.InvalidError, "not one of the possible"),
    ({"evidence_links": ["x" * 3001]}, storage.InvalidError, "links add up"),
    ({"kind": "after_challenge"}, storage.InvalidError, "reason for revising is required"),
]


@pytest.mark.parametrize(("change", "error", "says"), BAD)
def test_bad_judgements_are_refused_and_change_nothing(db, cycle, framework, change, error, says):
    record(db, cycle, framework, level=2)
    before = (storage.judgements_for(db, cycle.id), storage.history_for(db, cycle.id))
    with pytest.raises(error, match=says):
        record(db, cycle, framework, **change)
    assert (storage.judgements_for(db, cycle.id), storage.history_for(db, cycle.id)) == before


def test_maximum_length_evidence_is_accepted(db, cycle, framework):
    assert record(db, cycle, framework, evidence="é" * 3000, key_actions="k" * 3000).changed


def test_judgement_in_a_closed_cycle_is_refused(db, cycle, framework):
    storage.close_cycle(db, cycle.id)
    with pytest.raises(storage.ConflictError, match="closed"):
        record(db, cycle, framework)
    assert storage.judgements_for(db, cycle.id) == {}


def test_judgement_with_another_framework_is_refused(db, cycle, framework):
    other = framework.model_copy(update={"id": "london-2016"})
    with pytest.raises(storage.InvalidError, match="uses the framework 'east-midlands-2017'"):
        record(db, cycle, other)


def test_unknown_cycle_is_refused(db, framework):
    with pytest.raises(storage.NotFoundError, match="no review cycle with id 77"):
        storage.record_judgement(
            db, 77, "itt", 2, evidence="e", recorded_by="U1", framework=framework
        )


def test_judgement_and_history_are_one_transaction(db, cycle, framework):
    """If the history row cannot be written, the judgement is not written either."""
    record(db, cycle, framework, level=2)
    db.execute(
        "CREATE TEMP TRIGGER fail_history BEFORE INSERT ON judgement_history"
        " BEGIN SELECT RAISE(ABORT, 'simulated failure'); END"
    )
    with pytest.raises(Exception, match="simulated failure"):
        record(db, cycle, framework, level=4)
    assert storage.scores_for(db, cycle.id) == {"itt": 2}
    assert not db.conn.in_transaction


def test_summary_message_location(db, cycle):
    storage.set_summary_message(db, cycle.id, "C100", "1700000000.000100")
    assert storage.cycle_for_summary(db, "C100", "1700000000.000100").id == cycle.id
    assert storage.cycle_for_summary(db, "C100", "1.0") is None


def test_new_cycle_closes_the_current_one(db, school, cycle, framework):
    record(db, cycle, framework, level=2, key_actions="Recruit mentors\nJoin an HEI")
    nxt = storage.new_cycle(db, school.id, framework, "U1")
    assert (nxt.number, nxt.status, nxt.framework_version) == (2, "in_progress", "2017.03")
    assert storage.get_cycle(db, cycle.id).status == "closed"
    assert storage.current_cycle(db, school.id).id == nxt.id
    assert storage.scores_for(db, cycle.id) == {"itt": 2}  # the old cycle keeps its judgements


def test_actions_done_are_recorded_with_the_new_judgement(db, school, cycle, framework):
    nxt = storage.new_cycle(db, school.id, framework, "U1")
    result = record(db, nxt, framework, actions_done=["Recruit mentors", " ", "Recruit mentors"])
    assert result.judgement.actions_done == ("Recruit mentors",)
    assert storage.history_for(db, nxt.id)[-1].actions_done == ("Recruit mentors",)
    # Changing only which actions were done is a change, and is kept in history.
    assert record(db, nxt, framework, actions_done=["Join an HEI"]).changed
    assert len(storage.history_for(db, nxt.id)) == 2
