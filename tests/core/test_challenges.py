from __future__ import annotations

import storage
from core.challenges import Reply, reply_shortened, thread_reply
from storage import outbox


def reply(db, framework, ts, author, text, thread="100.0", event_id=None):
    return thread_reply(db, framework, Reply("C100", ts, thread, author, text), event_id=event_id)


def test_who_replies_decides_what_a_reply_is(db, framework, trio):
    _, _, cycle = trio
    assert reply(db, framework, "101.0", "UB", "ITT: only 6 SD schools") == "challenge"
    assert reply(db, framework, "102.0", "UX", "ITT: outsider's view") == "ignored"
    assert reply(db, framework, "103.0", "UA2", "CPD: we disagree") == "response"
    assert reply(db, framework, "104.0", "UB", "ITT", thread="999.0") == "ignored"  # no summary
    assert reply(db, framework, "100.0", "UB", "the summary itself", thread="100.0") == "ignored"
    stored = storage.challenges_for(db, cycle.id)
    assert [(c.kind, c.area_id, c.author_id) for c in stored] == [
        ("challenge", "itt", "UB"),
        ("response", "cpd", "UA2"),
    ]


def test_a_response_answers_the_open_challenges_on_its_area_only(db, framework, trio):
    _, _, cycle = trio
    reply(db, framework, "101.0", "UB", "ITT: only 6 SD schools")
    reply(db, framework, "102.0", "UB", "CPD: impact?")
    reply(db, framework, "103.0", "UA", "ITT: our SD data says so.")
    status = {(c.area_id, c.kind): c.status for c in storage.challenges_for(db, cycle.id)}
    assert status == {
        ("itt", "challenge"): "answered",
        ("cpd", "challenge"): "open",
        ("itt", "response"): "open",
    }


def test_a_stored_reply_gets_a_reaction_and_refreshes_the_summary_once(db, framework, trio):
    _, _, cycle = trio
    reply(db, framework, "101.0", "UB", "ITT: one", event_id="Ev1")
    assert reply(db, framework, "101.0", "UB", "ITT: one", event_id="Ev1") == "duplicate"
    assert reply(db, framework, "101.0", "UB", "ITT: one", event_id="Ev2") == "duplicate"
    reply(db, framework, "102.0", "UB", "CPD: two")
    kinds = [e.kind for e in outbox.effects(db)]
    assert kinds.count("react") == 2
    assert kinds.count("summary") == 1  # the second refresh joined the waiting one
    assert len(storage.challenges_for(db, cycle.id)) == 2


def test_an_edit_files_a_reply_only_if_it_was_too_long_to_file(db, framework, trio):
    _, _, cycle = trio
    too_long = Reply("C100", "101.0", "100.0", "UB", "ITT: " + "x" * 40_000)
    assert thread_reply(db, framework, too_long) == "too_long"
    never = Reply("C100", "102.0", "100.0", "UB", "ITT: a question to the bot, edited")
    assert reply_shortened(db, framework, never) == "ignored"
    shortened = Reply("C100", "101.0", "100.0", "UB", "ITT: shorter now")
    assert reply_shortened(db, framework, shortened) == "challenge"
    assert reply_shortened(db, framework, shortened) == "ignored"  # filed: not again
    assert [c.ts for c in storage.challenges_for(db, cycle.id)] == ["101.0"]
