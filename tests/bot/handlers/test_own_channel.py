"""The school's own channel: the bot joins it before posting there, or, when Slack keeps it
out (a private channel, one it can't see, an archived one), says exactly how to invite it
before anything is posted, and carries on once it is invited."""

from __future__ import annotations

import pytest

import storage
from bot import ids
from tests.bot.conftest import TRIO, event_body, setup_values
from tests.bot.trio_setup import school_id

OWN = "CHILL00001"
PRIVATE = "method_not_supported_for_channel_type"


def set_up_with_own_channel(workspace, channel=TRIO):
    workspace.command("UA1", "setup")
    ack = workspace.submit(
        "UA1", workspace.last_view(), setup_values("Hillmead", channel=channel, own_channel=OWN)
    )
    assert ack == {}


def calls(slack):
    return [(c.method, c.args.get("channel")) for c in slack.calls]


def let_in(workspace, channel=OWN, inviter="UA1"):
    """Slack tells the bot it was added to `channel` (member_joined_channel)."""
    workspace.dispatch(
        event_body(
            {
                "type": "member_joined_channel",
                "user": "UBOT",
                "channel": channel,
                "channel_type": "G",
                "inviter": inviter,
            },
            event_id=f"Ev-join-{channel}",
        )
    )


def test_the_bot_joins_a_public_school_channel_before_posting_there(workspace, slack):
    set_up_with_own_channel(workspace)
    answer = workspace.command("UA1", "start")
    assert answer["text"].startswith("Opening Area 1")
    made = calls(slack)
    joined = made.index(("conversations.join", OWN))
    posted = made.index(("chat.postMessage", OWN))
    assert joined < posted


@pytest.mark.parametrize("code", [PRIVATE, "channel_not_found", "not_in_channel"])
def test_kept_out_the_person_is_told_how_to_invite_it_and_start_waits(workspace, slack, code):
    slack.fail("conversations.join", code)
    set_up_with_own_channel(workspace, channel=None)
    [told] = [p for p in workspace.posts("UA1") if "/invite @peer-review" in p["text"]]
    assert f"type `/invite @peer-review` in <#{OWN}>" in told["text"]
    assert "I won't post anything there until then" in told["text"]
    answer = workspace.command("UA1", "start")
    assert answer["text"].startswith(f"I'm not in <#{OWN}> yet, so I haven't posted Area 1")
    assert f"Type `/invite @peer-review` in <#{OWN}>" in answer["text"]
    assert workspace.posts(OWN) == []  # nothing posted there, no "couldn't post" either
    assert not [p for p in workspace.posts("UA1") if "couldn't post" in p["text"]]
    assert not [p for p in workspace.posts("UA1") if "summary is ready" in p["text"]]
    # Invited: the area that waited is posted there, once.
    let_in(workspace)
    [area] = workspace.posts(OWN)
    assert "Leadership" in str(area["blocks"])
    assert workspace.command("UA1", "start")["text"].startswith("Opening Area 1")


def test_a_private_channel_the_bot_was_invited_to_already_is_used_at_once(workspace, slack):
    slack.fail("conversations.join", PRIVATE)
    slack.channels[OWN] = {"name": "hillmead", "is_private": True, "members": ["UA1", "UBOT"]}
    original = slack._conversations_info

    def info(args):  # Slack says whether the bot is a member of the channel
        found = original(args)
        found["channel"]["is_member"] = "UBOT" in slack.channels.get(args["channel"], {}).get(
            "members", []
        )
        return found

    slack._conversations_info = info
    set_up_with_own_channel(workspace, channel=None)
    assert not [p for p in workspace.posts("UA1") if "/invite" in p["text"]]
    assert workspace.command("UA1", "start")["text"].startswith("Opening Area 1")
    assert len(workspace.posts(OWN)) == 1


def test_an_archived_channel_asks_for_another_one(workspace, slack):
    slack.fail("conversations.join", "is_archived")
    set_up_with_own_channel(workspace, channel=None)
    assert any("is archived, so I can't post there" in p["text"] for p in workspace.posts("UA1"))
    answer = workspace.command("UA1", "start")
    assert "is archived, so I haven't posted Area 1 of 5 · Leadership there" in answer["text"]
    assert "Choose another channel" in answer["text"]
    assert workspace.posts(OWN) == []


def test_someone_else_joining_the_channel_changes_nothing(workspace, slack, store):
    slack.fail("conversations.join", PRIVATE)
    set_up_with_own_channel(workspace, channel=None)
    workspace.command("UA1", "start")
    workspace.dispatch(
        event_body(
            {"type": "member_joined_channel", "user": "UA9", "channel": OWN, "channel_type": "G"},
            event_id="Ev-someone",
        )
    )
    assert workspace.posts(OWN) == []
    let_in(workspace)  # the positive control: the bot itself
    assert len(workspace.posts(OWN)) == 1
    with store.connect() as db:
        assert storage.current_cycle(db, school_id(workspace, "Hillmead")) is not None


def test_partners_without_a_trio_channel_are_refused_in_the_form(workspace, store):
    workspace.command("UB1", "setup")
    workspace.submit("UB1", workspace.last_view(), setup_values("Oakfield"))
    oakfield = school_id(workspace, "Oakfield")
    workspace.command("UA1", "setup")
    ack = workspace.submit(
        "UA1", workspace.last_view(), setup_values("Hillmead", partners=(oakfield,))
    )
    assert ack["response_action"] == "errors"
    assert ack["errors"][ids.BLOCK_TRIO_CHANNEL].startswith("Choose a trio channel first")
    assert "where Oakfield and your school will meet" in ack["errors"][ids.BLOCK_TRIO_CHANNEL]
    assert "choose one above, or remove them" in ack["errors"][ids.BLOCK_PARTNERS]
    with store.connect() as db:
        assert storage.find_school(db, "Hillmead") is None  # nothing half-saved
        assert storage.invitations_to(db, oakfield) == []


@pytest.mark.parametrize(("inviter", "told"), [("UZ9", "UA1"), ("UA1", "UA1")])
def test_if_the_area_then_fails_a_member_is_told_not_an_outsider_who_invited(
    workspace, slack, inviter, told
):
    slack.fail("conversations.join", PRIVATE)
    set_up_with_own_channel(workspace, channel=None)
    workspace.command("UA1", "start")
    slack.fail("chat.postMessage", "is_archived")  # the area can't be posted after all
    let_in(workspace, inviter=inviter)
    assert [p for p in workspace.posts(told) if "couldn't post Area 1" in p["text"]]
    assert not [p for p in workspace.posts("UZ9") if "couldn't" in p["text"]]


def test_start_typed_in_the_schools_own_channel_says_here_not_its_name(workspace, slack):
    set_up_with_own_channel(workspace)
    elsewhere = workspace.command("UA1", "start")["text"]  # typed in #general
    assert elsewhere == f"Opening Area 1 of 5 · Leadership for Hillmead in <#{OWN}>."
    here = workspace.command("UA1", "start", channel=OWN)["text"]
    assert here == "Opening Area 1 of 5 · Leadership for Hillmead here, in a moment."
