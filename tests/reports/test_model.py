"""Which review cycle a report for governors is of: the latest with any judgement unless
another is asked for, with the cycles before it (for the radar and the shift)."""

from __future__ import annotations

import storage
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
