"""What waits for a reviewer: summaries to challenge, outcomes to agree (core.reviewing)."""

from __future__ import annotations

from datetime import date

import storage
from core import agreements
from core.challenges import Reply, thread_reply
from core.outcomes import Decision, record_outcomes
from core.reviewing import waiting_for
from storage import externals

TODAY = date(2026, 11, 25)


def waits(db, framework, user):
    return [(w.school.name, w.what) for w in waiting_for(db, framework, user, TODAY)]


def test_a_partner_is_waited_for_to_challenge_then_to_agree(db, framework, trio):
    _, _, cycle = trio
    [item] = waiting_for(db, framework, "UB", TODAY)
    assert (item.school.name, item.what, item.cycle_id) == ("Hillmead", "challenge", cycle.id)
    assert (item.channel, item.ts, item.due) == ("C100", "100.0", None)
    thread_reply(db, framework, Reply("C100", "101.0", "100.0", "UB", "ITT: really?"))
    assert waits(db, framework, "UB") == []  # challenged: the school is next
    record_outcomes(
        db, framework, "UA", cycle.id, {"itt": Decision(None)}, successes="", improvements=""
    )
    assert waits(db, framework, "UB") == [("Hillmead", "agree")]
    agreements.agree(db, "UB", cycle.id)
    assert waits(db, framework, "UB") == []


def test_nothing_waits_for_the_school_itself_or_an_outsider(db, framework, trio):
    assert waits(db, framework, "UB") == [("Hillmead", "challenge")]  # the positive control
    assert waits(db, framework, "UA") == []
    assert waits(db, framework, "UX") == []


def test_a_summary_not_posted_yet_waits_for_nobody(db, framework, trio):
    _, _, cycle = trio
    db.execute(
        "UPDATE cycles SET summary_ts = NULL, summary_channel = NULL WHERE id = ?", [cycle.id]
    )
    assert waits(db, framework, "UB") == []


def test_an_external_challenger_with_no_school_is_waited_for(db, framework, trio):
    hill, _, cycle = trio
    assert waits(db, framework, "USIP") == []
    externals.add_external(db, hill.id, "USIP", invited_by="UA")
    assert waits(db, framework, "USIP") == [("Hillmead", "challenge")]
    record_outcomes(
        db, framework, "UA", cycle.id, {"itt": Decision(None)}, successes="", improvements=""
    )
    assert waits(db, framework, "USIP") == []  # only partner schools agree outcomes
    assert storage.schools_of(db, "USIP") == []
