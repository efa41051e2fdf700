from __future__ import annotations

import storage
from core import standing
from core.challenges import Reply, thread_reply


def test_the_workbooks_peer_challenge_fields(db, framework, trio):
    hill, _, _ = trio
    found = standing.of_school(db, framework, hill.id)
    assert (found.challenged_by, found.challenged_on) == ((), None)
    oak2 = storage.create_school(db, "Riverside", "UC")
    storage.set_trio(db, "C100", [hill.id, oak2.id, 2], "UA")
    for ts, author in (("101.0", "UB"), ("102.0", "UC"), ("103.0", "UB"), ("104.0", "UA")):
        thread_reply(db, framework, Reply("C100", ts, "100.0", author, "ITT: why?"))
    found = standing.of_school(db, framework, hill.id)
    assert found.challenged_by == ("UB", "UC")  # responses are not challenges
    assert len(found.challenged_on) == 25
    assert found.counts["itt"].total == 3
    assert found.counts["itt"].open == 0  # answered
    assert found.counts["itt"].unresolved == 3


def test_no_standing_before_a_review(db, framework):
    school = storage.create_school(db, "Other", "U9")
    assert standing.of_school(db, framework, school.id) is None


def test_the_standing_of_a_cycle(db, framework, trio):
    hill, _, cycle = trio
    found = standing.of_school(db, framework, hill.id)
    assert found.cycle.id == cycle.id
    assert found.diagnostic.overall.label == "Expanding"
    assert found.shift is None
    assert found.previous is None
    assert [p.area.id for p in found.priorities][:1] == ["leadership"]
    assert found.completed_by == ("UA",)
