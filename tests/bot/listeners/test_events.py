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


def waiting(store) -> int:
    from storage import outbox

    with store.connect() as db:
        return outbox.waiting(db)


@pytest.fixture
def effects_waiting(workspace, store, school_a, slack):
    """Hillmead has started its review; what follows is waiting in the outbox."""
    workspace.deliver = False
    workspace.command("UA1", "start")
    workspace.command("UA1", "area 2")
    assert waiting(store) >= 2
    slack.clear()
    return workspace


UNINSTALLED = {"type": "app_uninstalled"}
BOT_TOKEN_REVOKED = {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["UBOT"]}}


@pytest.mark.parametrize("inner", [UNINSTALLED, BOT_TOKEN_REVOKED])
def test_uninstalled_or_revoked_the_bot_sends_nothing_more(
    effects_waiting, store, slack, caplog, inner
):
    with caplog.at_level("INFO", logger="peer-review"):
        effects_waiting.dispatch(event_body(inner, event_id="EvGone"))
        effects_waiting.dispatch(event_body(inner, event_id="EvGone"))  # Slack's retry
    assert waiting(store) == 0
    assert effects_waiting.bot.worker.drain() == 0
    assert slack.calls == []
    said = [r for r in caplog.records if r.levelname == "WARNING"]
    assert len(said) == 1
    assert said[0].getMessage().startswith(f"Slack says {inner['type']} in workspace T1: ")


def test_revoking_only_user_tokens_changes_nothing(effects_waiting, store, slack):
    before = waiting(store)
    effects_waiting.dispatch(
        event_body({"type": "tokens_revoked", "tokens": {"oauth": ["UA1"], "bot": []}})
    )
    assert waiting(store) == before
    assert effects_waiting.bot.worker.drain() == before  # the control: they are delivered
    assert slack.calls != []
