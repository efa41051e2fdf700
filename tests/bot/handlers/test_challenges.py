from __future__ import annotations

import json

import pytest

import storage
from bot import ids
from tests.bot.conftest import TRIO, challenge_state, judgement_values


def open_modal(ws, user, summary):
    ws.click(user, (summary.summary_channel, summary.summary_ts), ids.ACTION_OPEN_CHALLENGE)
    return ws.last_view()


def test_a_partner_challenges_through_the_modal(workspace, slack, store, summary):
    view = open_modal(workspace, "UB1", summary)
    assert view["callback_id"] == ids.VIEW_CHALLENGE
    assert workspace.submit("UB1", view, challenge_state()) == {}
    post = workspace.posts(TRIO)[-1]
    assert post["thread_ts"] == summary.summary_ts
    # The notification names the author; the message itself mentions them, as Slack shows.
    assert post["text"].startswith("Challenge from Person UB1 (Oakfield) on *ITT*, judged Expan")
    assert post["blocks"][0]["text"]["text"].startswith("Challenge from <@UB1> (Oakfield)")
    assert "above what the evidence supports; suggested level Emerging (1)" in post["text"]
    with store.connect() as db:
        [challenge] = storage.challenges_for(db, summary.id)
    assert (
        challenge.author_id,
        challenge.area_id,
        challenge.view,
        challenge.suggested_level,
        challenge.kind,
    ) == ("UB1", "itt", "above", 1, "challenge")
    assert challenge.ts == slack.posted[-1][1]
    update = [c for c in slack.called("chat.update") if c["ts"] == summary.summary_ts][-1]
    assert "💬 1 challenge, 1 open" in json.dumps(update["blocks"], ensure_ascii=False)


def test_the_bots_own_post_of_the_challenge_is_not_stored_twice(workspace, store, summary):
    workspace.submit("UB1", open_modal(workspace, "UB1", summary), challenge_state(area="general"))
    channel, ts = workspace.slack.posted[-1]
    workspace.dispatch(
        {
            "type": "event_callback",
            "team_id": "T1",
            "event_id": "EvBot",
            "event_time": 1,
            "event": {
                "type": "message",
                "channel": channel,
                "channel_type": "channel",
                "ts": ts,
                "thread_ts": summary.summary_ts,
                "bot_id": "BBOT",
                "text": "Challenge from …",
                "event_ts": ts,
            },
        }
    )
    with store.connect() as db:
        assert [c.area_id for c in storage.challenges_for(db, summary.id)] == [None]


@pytest.mark.parametrize(
    ("user", "says"),
    [
        ("UA1", "You can't challenge Hillmead's own judgements"),
        ("UX1", "Only members of Hillmead's trio partner schools"),
    ],
)
def test_the_school_itself_and_outsiders_cannot_open_it(workspace, slack, summary, user, says):
    opened = len(slack.called("views.open"))
    workspace.click(user, (summary.summary_channel, summary.summary_ts), ids.ACTION_OPEN_CHALLENGE)
    assert len(slack.called("views.open")) == opened
    assert says in workspace.ephemeral_replies()[-1]


@pytest.mark.parametrize(
    ("state", "block", "says"),
    [
        (challenge_state(comment=""), ids.BLOCK_COMMENT, "is required"),
        (challenge_state(comment="x" * 3001), ids.BLOCK_COMMENT, "3,001"),
        (challenge_state(area="finance"), ids.BLOCK_CHALLENGE_AREA, "Choose an area"),
        (challenge_state(view="sideways"), ids.BLOCK_CHALLENGE_VIEW, "three views"),
        (challenge_state(level="9"), ids.BLOCK_SUGGESTED_LEVEL, "four levels"),
        (challenge_state(level="x"), ids.BLOCK_SUGGESTED_LEVEL, "four levels"),
    ],
)
def test_bad_challenges_are_refused_inside_the_modal(workspace, store, summary, state, block, says):
    ack = workspace.submit("UB1", open_modal(workspace, "UB1", summary), state)
    assert says in ack["errors"][block]
    with store.connect() as db:
        assert storage.challenges_for(db, summary.id) == []


def test_forged_metadata_and_outsider_submission_are_refused(workspace, store, summary):
    view = open_modal(workspace, "UB1", summary)
    ack = workspace.submit("UB1", view, challenge_state(), private_metadata='{"c": "x"}')
    assert "out of date" in ack["errors"][ids.BLOCK_CHALLENGE_AREA]
    ack = workspace.submit("UX1", view, challenge_state())
    assert (
        "Only members of Hillmead's trio partner schools" in ack["errors"][ids.BLOCK_CHALLENGE_AREA]
    )
    with store.connect() as db:
        assert storage.challenges_for(db, summary.id) == []


def test_a_refused_post_gives_the_text_back(workspace, slack, store, summary):
    view = open_modal(workspace, "UB1", summary)
    slack.fail("chat.postMessage", "is_archived")
    assert workspace.submit("UB1", view, challenge_state(comment="Keep this text")) == {}
    note = workspace.posts("UB1")[-1]["text"]
    assert "is saved and counted on Hillmead's summary" in note
    assert "I couldn't post it in the thread (is_archived)" in note
    assert "Keep this text" in note
    with store.connect() as db:  # the challenge itself is kept, waiting for no post
        [kept] = storage.challenges_for(db, summary.id)
    assert (kept.text, kept.ts) == ("Keep this text", None)


def test_the_modal_shows_the_evidence_and_key_actions_being_challenged(workspace, summary):
    workspace.command("UA1", "area itt")
    workspace.click("UA1", workspace.last_post(), ids.ACTION_CHANGE_JUDGEMENT)
    long_evidence = "School Direct in 6 schools; 11 trainees. " * 60
    actions = (
        "- Recruit ITT leads in every school\n- Shared mentor QA\n3. Join an HEI <partnership>"
    )
    values = judgement_values(2, long_evidence, key_actions=actions)
    assert workspace.submit("UA1", workspace.last_view(), values) == {}
    view = open_modal(workspace, "UB1", summary)
    shown = [b["text"]["text"] for b in view["blocks"] if b["type"] == "section"]
    itt = next(t for t in shown if t.startswith("*3 ITT — Expanding (2)*"))
    assert "*Evidence:* School Direct in 6 schools; 11 trainees." in itt
    evidence = itt.split("*Evidence:* ")[1].split("\n")[0]
    assert evidence.endswith("…")
    assert len(evidence) == 700
    assert itt.endswith(
        "*Key actions:*\n• Recruit ITT leads in every school\n• Shared mentor QA\n"
        "• Join an HEI &lt;partnership&gt;"
    )
    assert any(t.startswith("*1 Leadership — Secure (3)*\n*Evidence:* ev") for t in shown)


def test_the_evidence_is_shown_only_to_those_the_policy_lets_read_it(workspace, summary):
    opened = len(workspace.slack.called("views.open"))
    for outsider in ("UX1", "UA1"):  # outside the trio; the reviewed school itself
        workspace.click(outsider, (TRIO, summary.summary_ts), ids.ACTION_OPEN_CHALLENGE)
    assert len(workspace.slack.called("views.open")) == opened  # no form, so no evidence
    assert "Evidence:" in json.dumps(open_modal(workspace, "UC1", summary))  # a partner: shown
