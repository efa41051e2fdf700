"""Which review cycle a report for governors is of: the latest with any judgement unless
another is asked for, with the cycles before it (for the radar and the shift)."""

from __future__ import annotations

from dataclasses import replace

import storage
from core.agreements import agree
from core.challenges import Reply, thread_reply
from core.outcomes import Decision, record_outcomes
from reports import as_of, school_report
from tests.conftest import judge_all


def test_the_latest_cycle_with_a_judgement_not_a_new_empty_one(db, framework):
    school = storage.create_school(db, "Hillmead", "UA1")
    first = storage.start_cycle(db, school.id, framework, "UA1")
    only = school_report(db, framework, school.id)
    assert only.latest_judged == 1  # nothing judged anywhere: the one there is
    judge_all(db, framework, first.id, 3, user="UA1")
    second = storage.new_cycle(db, school.id, framework, "UA1")
    report = school_report(db, framework, school.id)
    assert report.current.cycle.number == 2
    assert report.latest_judged == 1
    [shown] = as_of([report])
    assert shown.current.cycle.number == 1
    assert [c.cycle.number for c in shown.cycles] == [1]
    storage.record_judgement(
        db, second.id, "itt", 2, evidence="e", recorded_by="UA1", framework=framework
    )
    assert school_report(db, framework, school.id).latest_judged == 2  # one area is enough


def test_a_cycle_asked_for_keeps_those_before_it(db, framework):
    school = storage.create_school(db, "Hillmead", "UA1")
    judge_all(db, framework, storage.start_cycle(db, school.id, framework, "UA1").id, 2)
    for _ in range(2):
        judge_all(db, framework, storage.new_cycle(db, school.id, framework, "UA1").id, 2)
    report = school_report(db, framework, school.id)
    [second] = as_of([report], 2)
    assert [c.cycle.number for c in second.cycles] == [1, 2]
    assert second.current.previous.number == 1
    assert report.upto(4) is None
    assert as_of([report], 4) == []  # a school without that cycle is left out


def test_peer_challenge_is_who_agreed_the_outcomes_once_a_partner_has(db, framework):
    hill = storage.create_school(db, "Hillmead", "UA")
    oak = storage.create_school(db, "Oakfield", "UB")
    storage.set_trio(db, "C100", [hill.id, oak.id], "UA")
    cycle = storage.start_cycle(db, hill.id, framework, "UA")
    judge_all(db, framework, cycle.id, 2, user="UA")
    storage.set_summary_message(db, cycle.id, "C100", "100.0")
    thread_reply(db, framework, Reply("C100", "101.0", "100.0", "UB", "ITT: really?"))
    record_outcomes(
        db, framework, "UA", cycle.id, {"itt": Decision(None)}, successes="s", improvements=""
    )
    proposed = school_report(db, framework, hill.id)
    assert proposed.peer_challenged_by == ["UB"]  # who challenged, as before agreement
    assert proposed.peer_challenged_on == proposed.current.challenged_on
    found = agree(db, "UB", cycle.id)
    agreed = school_report(db, framework, hill.id)
    assert "UB" in agreed.people  # so the export learns their name
    named = replace(agreed, names={"UB": "Ben Cole"})
    assert named.peer_challenged_by == ["Ben Cole (Oakfield)"]
    assert named.peer_challenged_on == found.answered_at
