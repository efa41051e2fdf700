"""A reply in a summary's thread, as its author sees it filed: stored in full however long a
Slack message may be, a 💬 reaction, a private note saying where it was filed, and a menu in
that note to file it elsewhere (only by its author)."""

from __future__ import annotations

import json

import storage
from bot import ids
from tests.bot.conftest import TRIO, outcome_state
from tests.bot.handlers.test_threads import changed, reply


def notes_to(slack, user):
    return [c for c in slack.called("chat.postEphemeral", ok_only=True) if c["user"] == user]


def blocks_of(note):
    blocks = note["blocks"]
    return json.loads(blocks) if isinstance(blocks, str) else blocks


def refile(workspace, user, note, choice, **forged):
    """Choose `choice` in the note's menu, as Slack sends it (value forged if asked)."""
    menu = blocks_of(note)[0]["accessory"]
    option = next(o for o in menu["options"] if json.loads(o["value"])["a"] == choice)
    option = {**option, "value": json.dumps({**json.loads(option["value"]), **forged})}
    return workspace.act(
        user,
        {"type": "static_select", "action_id": ids.ACTION_REFILE, "selected_option": option},
        container={"type": "message", "message_ts": "2000.1", "is_ephemeral": True},
        channel={"id": TRIO},
    )


def stored(store, summary):
    with store.connect() as db:
        return storage.challenges_for(db, summary.id)


def test_a_3600_character_challenge_is_stored_in_full_reacted_to_and_noted(
    workspace, slack, store, summary
):
    text = "ITT: " + ("Mentor time is thin across the six SD schools. " * 80)[:3595]
    assert len(text) == 3600
    reply(workspace, "UB1", text, "2000.1", thread_ts=summary.summary_ts)
    [comment] = stored(store, summary)
    assert (comment.text, comment.area_id, comment.kind) == (text.strip(), "itt", "challenge")
    assert [c["name"] for c in slack.called("reactions.add")] == ["speech_balloon"]
    [note] = notes_to(slack, "UB1")
    assert (note["channel"], note["thread_ts"]) == (TRIO, summary.summary_ts)
    assert note["text"] == "Filed under *ITT* as a challenge to Hillmead's Expanding (2)."
    menu = blocks_of(note)[0]["accessory"]
    assert menu["initial_option"]["text"]["text"] == "3 ITT"
    assert [o["text"]["text"] for o in menu["options"]][-2:] == [
        "General (no one area)",
        "Not a challenge",
    ]


def test_a_reply_as_long_as_slack_allows_is_stored_and_a_longer_one_is_told(
    workspace, slack, store, summary
):
    longest = "CPD " + "x" * 39_996
    reply(workspace, "UB1", longest, "2000.1", thread_ts=summary.summary_ts)
    assert [c.text for c in stored(store, summary)] == [longest]
    reply(workspace, "UC1", "CPD " + "y" * 40_000, "2000.2", thread_ts=summary.summary_ts)
    assert len(stored(store, summary)) == 1
    [told] = notes_to(slack, "UC1")
    assert told["thread_ts"] == summary.summary_ts
    assert "40,004 characters long" in told["text"]
    assert "It stays in the thread as you wrote it" in told["text"]
    # Slack unfurls a link in it (an edit event, the text still too long): not told again.
    still = {"user": "UC1", "text": "CPD " + "y" * 40_000, "ts": "2000.2"}
    changed(workspace, "message_changed", message={**still, "thread_ts": summary.summary_ts})
    assert len(notes_to(slack, "UC1")) == 1
    # Nothing lost: once shortened by an edit, it is filed.
    changed(
        workspace,
        "message_changed",
        message={
            "user": "UC1",
            "text": "CPD: shorter now",
            "ts": "2000.2",
            "thread_ts": summary.summary_ts,
        },
    )
    assert [c.text for c in stored(store, summary)] == [longest, "CPD: shorter now"]
    assert "Filed under *CPD*" in notes_to(slack, "UC1")[-1]["text"]


def test_the_author_refiles_a_reply_under_another_area_and_the_summary_follows(
    workspace, slack, store, summary
):
    reply(workspace, "UB1", "ITT and CPD both need work", "2000.1", thread_ts=summary.summary_ts)
    [note] = notes_to(slack, "UB1")
    assert note["text"] == "Filed as a general challenge to Hillmead's review (no one area)."
    refile(workspace, "UB1", note, "cpd")
    [comment] = stored(store, summary)
    assert comment.area_id == "cpd"
    [answer] = slack.called("response_url")[-1:]
    assert answer["replace_original"] is True
    assert answer["text"] == "Filed under *CPD* as a challenge to Hillmead's Sustainable (4)."
    update = [c for c in slack.called("chat.update") if c["ts"] == summary.summary_ts][-1]
    assert "💬 1 challenge, 1 open" in json.dumps(update["blocks"], ensure_ascii=False)


def test_not_a_challenge_sets_it_aside_and_filing_it_again_counts_it(
    workspace, slack, store, summary
):
    reply(workspace, "UB1", "ITT: thanks, lovely to see", "2000.1", thread_ts=summary.summary_ts)
    [note] = notes_to(slack, "UB1")
    refile(workspace, "UB1", note, "none")
    assert stored(store, summary) == []  # kept, but not counted anywhere
    assert slack.called("response_url")[-1]["text"].startswith("Set aside")
    refile(workspace, "UB1", note, "itt")
    assert [c.area_id for c in stored(store, summary)] == ["itt"]


def test_only_the_author_may_refile_and_forged_values_are_refused_in_words(
    workspace, slack, store, summary
):
    reply(workspace, "UB1", "ITT: the SD numbers look thin", "2000.1", thread_ts=summary.summary_ts)
    [note] = notes_to(slack, "UB1")
    refile(workspace, "UC1", note, "cpd")  # another partner, with the author's note
    assert slack.called("response_url")[-1]["text"] == (
        "Only the person who wrote a reply can re-file it."
    )
    refile(workspace, "UX1", note, "cpd")  # outside the trio
    assert (
        "Only the person who wrote a reply in Hillmead's summary thread"
        in (slack.called("response_url")[-1]["text"])
    )
    refile(workspace, "UB1", note, "cpd", a="area51")
    assert slack.called("response_url")[-1]["text"] == (
        "That isn't one of the areas. Choose one from the list."
    )
    refile(workspace, "UB1", note, "cpd", k=99999)
    assert "no longer in the thread" in slack.called("response_url")[-1]["text"]
    assert [c.area_id for c in stored(store, summary)] == ["itt"]  # nothing changed
    refile(workspace, "UB1", note, "cpd")  # the positive control: the author may
    assert [c.area_id for c in stored(store, summary)] == ["cpd"]


def test_the_schools_response_is_noted_as_its_response(workspace, slack, store, summary):
    reply(workspace, "UA2", "ITT: we have 11 trainees", "2000.1", thread_ts=summary.summary_ts)
    [note] = notes_to(slack, "UA2")
    assert note["text"] == "Filed under *ITT* as Hillmead's response."
    options = blocks_of(note)[0]["accessory"]["options"]
    assert "Not a challenge" not in json.dumps(options)


def statuses(store, summary):
    return {(c.ts, c.area_id): c.status for c in stored(store, summary) if c.kind == "challenge"}


def test_a_response_refiled_under_an_area_answers_its_challenges_and_leaves_others_open(
    workspace, slack, store, summary
):
    reply(workspace, "UB1", "ITT: mentor time is thin", "2000.1", thread_ts=summary.summary_ts)
    reply(
        workspace, "UA2", "We don't agree, see the SD data", "2000.2", thread_ts=summary.summary_ts
    )
    assert statuses(store, summary) == {("2000.1", "itt"): "open"}  # filed as general
    response = notes_to(slack, "UA2")[-1]
    refile(workspace, "UA2", response, "itt")
    assert statuses(store, summary) == {("2000.1", "itt"): "answered"}
    assert slack.called("response_url")[-1]["text"] == "Filed under *ITT* as Hillmead's response."
    refile(workspace, "UA2", response, "general")  # and back: nobody answered ITT after all
    assert statuses(store, summary) == {("2000.1", "itt"): "open"}


def test_a_challenge_refiled_where_nobody_answered_is_open_again(workspace, slack, store, summary):
    reply(workspace, "UB1", "ITT: mentor time is thin", "2000.1", thread_ts=summary.summary_ts)
    reply(workspace, "UA2", "ITT: we have 11 trainees", "2000.2", thread_ts=summary.summary_ts)
    assert statuses(store, summary) == {("2000.1", "itt"): "answered"}
    refile(workspace, "UB1", notes_to(slack, "UB1")[-1], "cpd")
    assert statuses(store, summary) == {("2000.1", "cpd"): "open"}
    update = [c for c in slack.called("chat.update") if c["ts"] == summary.summary_ts][-1]
    assert "💬 1 challenge, 1 open" in json.dumps(update["blocks"], ensure_ascii=False)
    refile(workspace, "UB1", notes_to(slack, "UB1")[-1], "itt")  # back where it was answered
    assert statuses(store, summary) == {("2000.1", "itt"): "answered"}


def test_a_resolved_challenge_refiled_is_resolved_only_where_an_outcome_was_agreed(
    workspace, slack, store, summary
):
    reply(workspace, "UB1", "ITT: mentor time is thin", "2000.1", thread_ts=summary.summary_ts)
    workspace.click("UA1", (TRIO, summary.summary_ts), ids.ACTION_OPEN_OUTCOMES)
    decisions = {"itt": ("stands", ""), "s2ss": ("stands", "")}
    assert workspace.submit("UA1", workspace.last_view(), outcome_state(decisions)) == {}
    assert statuses(store, summary) == {("2000.1", "itt"): "resolved"}
    note = notes_to(slack, "UB1")[-1]
    refile(workspace, "UB1", note, "cpd")  # no outcome agreed for CPD
    assert statuses(store, summary) == {("2000.1", "cpd"): "open"}
    refile(workspace, "UB1", note, "s2ss")  # agreed after the challenge was made
    assert statuses(store, summary) == {("2000.1", "s2ss"): "resolved"}


def test_a_reply_in_a_closed_cycle_stays_where_it_is_filed(workspace, slack, store, summary):
    reply(workspace, "UB1", "ITT: mentor time is thin", "2000.1", thread_ts=summary.summary_ts)
    note = notes_to(slack, "UB1")[-1]
    assert workspace.command("UA1", "new-cycle") == {}
    workspace.submit("UA1", workspace.last_view(), {})
    refile(workspace, "UB1", note, "cpd")
    assert slack.called("response_url")[-1]["text"] == (
        "Review cycle 1 of Hillmead is closed, so its challenges are kept as they were."
    )
    assert [c.area_id for c in stored(store, summary)] == ["itt"]


def test_whether_a_deleted_reply_exists_is_told_only_to_those_who_may_refile_it(
    workspace, slack, store, summary
):
    reply(workspace, "UB1", "ITT: mentor time is thin", "2000.1", thread_ts=summary.summary_ts)
    note = notes_to(slack, "UB1")[-1]
    changed(workspace, "message_deleted", deleted_ts="2000.1")
    refile(workspace, "UX1", note, "cpd")  # outside the trio
    said = slack.called("response_url")[-1]["text"]
    assert said == "Only the person who wrote a reply in Hillmead's summary thread can re-file it."
    refile(workspace, "UB1", note, "cpd")  # its author is told it is gone
    assert "no longer in the thread" in slack.called("response_url")[-1]["text"]


def test_a_deleted_response_does_not_answer_a_challenge_refiled_to_its_area(
    workspace, slack, store, summary
):
    reply(workspace, "UB1", "ITT: mentor time is thin", "2000.1", thread_ts=summary.summary_ts)
    reply(workspace, "UA2", "CPD: we evaluate at 12 months", "2000.2", thread_ts=summary.summary_ts)
    changed(workspace, "message_deleted", deleted_ts="2000.2")  # the response, taken back
    refile(workspace, "UB1", notes_to(slack, "UB1")[-1], "cpd")
    assert statuses(store, summary) == {("2000.1", "cpd"): "open"}
    # The positive control: a response still there answers it.
    reply(workspace, "UA2", "CPD: here is the evaluation", "2000.3", thread_ts=summary.summary_ts)
    assert statuses(store, summary) == {("2000.1", "cpd"): "answered"}
