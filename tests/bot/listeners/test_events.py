from __future__ import annotations

import json

import pytest

from tests.bot.conftest import event_body


def test_home_tab_is_published_for_the_home_tab_only(workspace, slack):
    workspace.dispatch(
        event_body({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "messages"})
    )
    assert slack.called("views.publish") == []
    workspace.dispatch(
        event_body({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"})
    )
    published = slack.called("views.publish")
    assert published[0]["user_id"] == "U1"
    view = published[0]["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert view["type"] == "home"


def test_a_dm_gets_a_polite_pointer_to_the_commands(workspace, slack):
    workspace.dispatch(
        event_body(
            {
                "type": "message",
                "channel": "D1",
                "channel_type": "im",
                "user": "U1",
                "text": "hello?",
                "ts": "1700000000.000100",
            }
        )
    )
    reply = workspace.posts()[-1]
    assert reply["channel"] == "D1"
    assert "/peer-review start" in reply["text"]


def test_a_mention_is_answered_in_its_thread(workspace):
    workspace.dispatch(
        event_body(
            {
                "type": "app_mention",
                "channel": "C1",
                "user": "U1",
                "text": "<@UBOT> hi",
                "ts": "1700000000.000200",
                "thread_ts": "1700000000.000001",
            }
        )
    )
    reply = workspace.posts()[-1]
    assert (reply["channel"], reply["thread_ts"]) == ("C1", "1700000000.000001")


@pytest.mark.parametrize(
    "inner",
    [
        {
            "type": "message",
            "subtype": "bot_message",
            "bot_id": "B9",
            "channel": "D1",
            "channel_type": "im",
            "text": "beep",
            "ts": "1.1",
        },
        {
            "type": "message",
            "channel": "C1",
            "channel_type": "channel",
            "user": "U1",
            "text": "chat",
            "ts": "1.2",
        },
        {
            "type": "message",
            "subtype": "message_changed",
            "channel": "D1",
            "channel_type": "im",
            "ts": "1.3",
            "message": {"text": "x"},
        },
    ],
)
def test_other_messages_are_left_alone(workspace, inner):
    workspace.dispatch(event_body(inner))
    assert workspace.posts() == []
