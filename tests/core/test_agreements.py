"""Agreed outcomes between partners: the school proposes, a partner agrees or returns them
(core.agreements)."""

from __future__ import annotations

from datetime import date

import pytest

import storage
from core import agreements, standing
from core.errors import Refusal
from core.outcomes import Decision, record_outcomes
from core.stages import Stage, progress
from storage import agreements as stored
from storage import externals, outbox
from storage.erasure import erase_school_rows

TODAY = date(2026, 11, 25)


def record(db, framework, cycle, user="UA"):
    record_outcomes(
        db, framework, user, cycle.id, {"cpd": Decision(None)}, successes="s", improvements=""
    )


def stage(db, framework, school):
    return progress(db, standing.of_school(db, framework, school.id), school, TODAY).stage


def test_a_school_with_a_partner_proposes_its_outcomes_by_recording_them(db, framework, trio):
    hill, _, cycle = trio
    record(db, framework, cycle)
    found = stored.agreement_for(db, cycle.id)
    assert (found.state, found.proposed_by, found.answered_by) == ("proposed", "UA", None)
    assert stage(db, framework, hill) is Stage.AGREEING
    homes = {e.payload["user"] for e in outbox.effects(db, kind="home")}
    assert {"UA", "UA2", "UB"} <= homes  # their Home tabs show the outcomes waiting


def test_a_school_with_nobody_to_agree_agrees_them_by_recording_them(db, framework):
    from tests.conftest import judge_all

    alone = storage.create_school(db, "Alone", "UL")
    cycle = storage.start_cycle(db, alone.id, framework, "UL")
    judge_all(db, framework, cycle.id, 2, user="UL")
    record(db, framework, cycle, user="UL")
    assert stored.agreement_for(db, cycle.id) is None
    assert stage(db, framework, alone) is Stage.DONE


def test_an_external_challenger_alone_does_not_hold_the_outcomes_up(db, framework):
    """Only a partner school agrees outcomes: a school whose only reviewer is an external
    challenger agrees its outcomes by recording them, once the challenger has had a say."""
    from tests.conftest import judge_all

    alone = storage.create_school(db, "Alone", "UL")
    externals.add_external(db, alone.id, "USIP", invited_by="UL")
    cycle = storage.start_cycle(db, alone.id, framework, "UL")
    judge_all(db, framework, cycle.id, 2, user="UL")
    assert stage(db, framework, alone) is Stage.CHALLENGE  # waiting for the challenger
    record(db, framework, cycle, user="UL")
    assert stored.agreement_for(db, cycle.id) is None
    assert stage(db, framework, alone) is Stage.DONE


def test_only_a_partner_schools_member_agrees(db, framework, trio):
    hill, oak, cycle = trio
    externals.add_external(db, hill.id, "USIP", invited_by="UA")
    record(db, framework, cycle)
    for user in ("UX", "UA2", "USIP"):  # an outsider, the school's own member, its external
        with pytest.raises(Refusal, match="Only members of Hillmead's trio partner schools"):
            agreements.agree(db, user, cycle.id)
    assert stored.agreement_for(db, cycle.id).state == "proposed"
    found = agreements.agree(db, "UB", cycle.id)  # the positive control
    assert (found.state, found.answered_by, found.answered_school_id) == ("agreed", "UB", oak.id)
    assert found.answered_school == "Oakfield"
    assert stage(db, framework, hill) is Stage.DONE


def test_agreeing_updates_the_summary_and_tells_the_schools_members(db, framework, trio):
    _, _, cycle = trio
    record(db, framework, cycle)
    db.execute("DELETE FROM outbox")
    found = agreements.agree(db, "UB", cycle.id)
    [summary] = outbox.effects(db, kind="summary")
    assert summary.payload["cycle"] == cycle.id
    news = outbox.effects(db, kind="agreement_news")
    assert sorted(e.payload["user"] for e in news) == ["UA", "UA2"]
    assert {e.payload["at"] for e in news} == {found.answered_at}
    assert {"UA", "UA2", "UB"} <= {e.payload["user"] for e in outbox.effects(db, kind="home")}
    told = agreements.news(db, cycle.id, found.answered_at)
    assert (told.school.name, told.agreement.state) == ("Hillmead", "agreed")


def test_a_change_returns_the_outcomes_and_recording_again_proposes_them(db, framework, trio):
    hill, _, cycle = trio
    record(db, framework, cycle)
    with pytest.raises(Refusal, match="Say what you would change"):
        agreements.propose_change(db, "UB", cycle.id, "  ")
    returned = agreements.propose_change(db, "UB", cycle.id, "CPD is Secure at most")
    assert (returned.state, returned.note) == ("returned", "CPD is Secure at most")
    assert stage(db, framework, hill) is Stage.OUTCOMES  # the school is next again
    with pytest.raises(Refusal, match="proposed a change to Hillmead's outcomes already"):
        agreements.agree(db, "UB", cycle.id)
    record(db, framework, cycle, user="UA2")
    again = stored.agreement_for(db, cycle.id)
    assert (again.state, again.proposed_by, again.note) == ("proposed", "UA2", "")
    assert agreements.news(db, cycle.id, returned.answered_at) is None  # moved on: not sent


def test_nothing_waiting_is_refused(db, framework, trio):
    _, _, cycle = trio
    with pytest.raises(Refusal, match="has not proposed its outcomes yet"):
        agreements.agree(db, "UB", cycle.id)
    record(db, framework, cycle)
    agreements.agree(db, "UB", cycle.id)
    with pytest.raises(Refusal, match="agreed already, by Oakfield"):
        agreements.propose_change(db, "UB", cycle.id, "late")
    assert stored.agreement_for(db, cycle.id).state == "agreed"


def test_a_closed_cycle_is_refused(db, framework, trio):
    hill, _, cycle = trio
    record(db, framework, cycle)
    storage.new_cycle(db, hill.id, framework, "UA")
    with pytest.raises(Refusal, match="Review cycle 1 of Hillmead is closed"):
        agreements.agree(db, "UB", cycle.id)
    assert stored.agreement_for(db, cycle.id).state == "proposed"


def test_erasing_the_partner_who_agreed_leaves_the_outcomes_waiting_again(db, framework, trio):
    _, oak, cycle = trio
    record(db, framework, cycle)
    agreements.agree(db, "UB", cycle.id)
    erased = erase_school_rows(db, oak.id, "UB")
    assert erased.counts["outcome_answers"] == 1
    found = stored.agreement_for(db, cycle.id)
    assert (found.state, found.answered_by, found.answered_school_id) == ("proposed", None, None)
