"""Thread replies under a summary become challenges or responses; nothing else is stored."""

from __future__ import annotations

import copy
import itertools
import json
from pathlib import Path

import pytest

import storage
from tests.bot.conftest import TRIO
from tests.conftest import shared

SAMPLES = Path(__file__).resolve().parents[4] / "shared" / "slack-samples" / "events"
_ids = itertools.count(1)


def real(name: str) -> dict:
    return json.loads(shared(SAMPLES / name).read_text(encoding="utf-8"))


@pytest.fixture
def say(workspace, summary):
    """Reply in the summary's thread: say(user, text, ts, **event fields)."""

    def say_(user, text, ts, **extra):
        return reply(workspace, user, text, ts, thread_ts=summary.summary_ts, **extra)

    return say_


def reply(workspace, user, text, ts, *, thread_ts, event_id=None, **extra):
    """A real captured message event, made into a reply in the summary's thread."""
    body = real("zulip_message_with_normal_text.json")
    body["event_id"] = event_id or f"Ev{next(_ids)}"
    body["event"].update(
        {
            "user": user,
            "text": text,
            "ts": ts,
            "event_ts": ts,
            "channel": TRIO,
            "thread_ts": thread_ts,
            **extra,
        }
    )
    body["event"].pop("blocks", None)
    workspace.dispatch(body)
    return body


def changed(workspace, subtype: str, **fields) -> None:
    """A message_changed or message_deleted event in the trio channel (real envelope)."""
    body = real("zulip_message_with_normal_text.json")
    body["event_id"] = f"Ev{next(_ids)}"
    body["event"] = {
        "type": "message",
        "subtype": subtype,
        "channel": TRIO,
        "channel_type": "channel",
        "ts": "2000.9",
        "event_ts": "2000.9",
        **fields,
    }
    workspace.dispatch(body)


def stored(store, cycle, **kw):
    with store.connect() as db:
        return storage.challenges_for(db, cycle.id, **kw)


def test_a_partners_reply_is_a_challenge_on_the_area_it_names(
    workspace, say, slack, store, summary
):
    say("UB1", "ITT: the SD numbers look thin for Expanding", "2000.1")
    [comment] = stored(store, summary)
    assert (comment.kind, comment.area_id, comment.author_id, comment.status) == (
        "challenge",
        "itt",
        "UB1",
        "open",
    )
    with store.connect() as db:
        assert comment.author_school_id == storage.find_school(db, "Oakfield").id
    reaction = slack.called("reactions.add")[-1]
    assert (reaction["channel"], reaction["timestamp"]) == (TRIO, "2000.1")
    update = [c for c in slack.called("chat.update") if c["ts"] == summary.summary_ts][-1]
    assert "💬 1 challenge, 1 open" in json.dumps(update["blocks"], ensure_ascii=False)
    # Acknowledged quietly: no new message in the channel.
    assert all(p.get("thread_ts") != summary.summary_ts for p in workspace.posts(TRIO))


def test_the_schools_own_reply_is_a_response_and_answers_the_challenge(
    workspace, say, store, summary
):
    say("UB1", "Area 3 seems generous", "2000.1")
    say("UA1", "On area 3: our SD data shows 11 trainees", "2000.2")
    comments = stored(store, summary)
    assert [(c.kind, c.area_id, c.status) for c in comments] == [
        ("challenge", "itt", "answered"),
        ("response", "itt", "open"),
    ]


def test_general_and_ambiguous_comments(workspace, say, store, summary):
    say("UC1", "Really clear summary, thank you", "2000.1")
    say("UC1", "ITT and CPD both look high", "2000.2")
    assert [c.area_id for c in stored(store, summary)] == [None, None]


def test_someone_outside_the_trio_is_not_stored(workspace, say, slack, store, summary):
    say("UZ9", "ITT is great", "2000.1")
    assert stored(store, summary, include_deleted=True) == []
    assert slack.called("reactions.add") == []


def test_an_edit_keeps_the_old_text(workspace, say, store, summary):
    say("UB1", "CPD: first thought", "2000.1")
    edited = {"user": "UB1", "text": "CPD: second thought", "ts": "2000.1"}
    changed(workspace, "message_changed", message={**edited, "thread_ts": summary.summary_ts})
    [comment] = stored(store, summary)
    assert comment.text == "CPD: second thought"
    with store.connect() as db:
        assert storage.edits_of(db, comment.id) == ["CPD: first thought"]


def test_a_reply_is_stored_as_typed_not_as_slack_escapes_it(workspace, say, store, summary):
    say("UB1", "CPD: Q&amp;A &lt;3 times&gt; <@UC1>", "2000.1")
    assert [c.text for c in stored(store, summary)] == ["CPD: Q&A <3 times> <@UC1>"]
    edit = {"user": "UB1", "text": "CPD: &lt;4&gt;", "ts": "2000.1", "thread_ts": "x"}
    changed(workspace, "message_changed", message=edit)
    assert [c.text for c in stored(store, summary)] == ["CPD: <4>"]


def test_a_delete_is_marked_not_erased(workspace, say, store, summary):
    say("UB1", "CPD: to be deleted", "2000.1")
    changed(workspace, "message_deleted", deleted_ts="2000.1")
    assert stored(store, summary) == []
    [kept] = stored(store, summary, include_deleted=True)
    assert kept.text == "CPD: to be deleted"
    assert kept.deleted_at is not None


def test_bot_messages_are_ignored(workspace, say, store, summary):
    body = real("zulip_message_from_slack_integration_bot.json")
    body["event"].update(
        {
            "channel": TRIO,
            "thread_ts": summary.summary_ts,
            "ts": "2000.1",
            "channel_type": "channel",
        }
    )
    workspace.dispatch(body)
    say(
        "UB1",
        "ITT from a workflow",
        "2000.2",
        bot_id="B0WORKFLOW",
    )
    assert stored(store, summary, include_deleted=True) == []


def test_a_broadcast_reply_counts(workspace, say, store, summary):
    say(
        "UB1",
        "S2SS: only one SLE?",
        "2000.1",
        subtype="thread_broadcast",
    )
    assert [c.area_id for c in stored(store, summary)] == ["s2ss"]


def test_a_retried_or_duplicated_delivery_is_stored_once(workspace, say, slack, store, summary):
    body = say("UB1", "ITT: really?", "2000.1", event_id="EvSame")
    workspace.dispatch(copy.deepcopy(body))  # Slack's retry: same event_id
    say("UB1", "ITT: really?", "2000.1")  # new id
    assert len(stored(store, summary)) == 1
    assert len(slack.called("reactions.add")) == 1


def test_other_messages_are_not_challenges(workspace, say, store, summary):
    reply(workspace, "UB1", "ITT in another thread", "2000.1", thread_ts="1999.5")
    reply(workspace, "UB1", "ITT at the top level", "2000.2", thread_ts=None)
    say("UB1", "<@UBOT> ratings for Hillmead?", "2000.3")
    assert stored(store, summary, include_deleted=True) == []


def test_an_edited_question_to_the_bot_is_not_filed(workspace, say, slack, store, summary):
    say("UB1", "<@UBOT> how do I challgne ITT?", "2000.1")
    asked = {"user": "UB1", "ts": "2000.1", "thread_ts": summary.summary_ts}
    changed(
        workspace, "message_changed", message={**asked, "text": "<@UBOT> how do I challenge ITT?"}
    )
    unfurled = {"text": "<@UBOT> see <https://example.org/itt>", "attachments": [{"id": 1}]}
    changed(workspace, "message_changed", message={**asked, **unfurled})  # Slack unfurls a link
    changed(workspace, "message_changed", message={**asked, "text": "how do I challenge ITT?"})
    assert stored(store, summary, include_deleted=True) == []
    assert slack.called("reactions.add") == []
    say("UB1", "ITT: the SD numbers look thin", "2000.2")  # the positive control
    assert [c.ts for c in stored(store, summary)] == ["2000.2"]
