"""Channels chosen with care: setup says who else can read a channel before it is saved."""

from __future__ import annotations

import json

import storage
from bot import ids
from tests.bot.conftest import setup_values


def pick(ws, user, name, *, trio=None, own=None):
    """Open setup and pick channels, as Slack reports a pick (the inputs dispatch actions);
    the form as the bot redrew it."""
    ws.command(user, "setup")
    view = ws.last_view()
    state = setup_values(name, channel=trio, own_channel=own)
    block, action, channel = (
        (ids.BLOCK_TRIO_CHANNEL, ids.ACTION_TRIO_CHANNEL, trio)
        if trio
        else (ids.BLOCK_SCHOOL_CHANNEL, ids.ACTION_SCHOOL_CHANNEL, own)
    )
    ws.act(
        user,
        {
            "type": "conversations_select",
            "action_id": action,
            "block_id": block,
            "selected_conversation": channel,
        },
        container={"type": "view", "view_id": "VSETUP"},
        view={
            "id": "VSETUP",
            "hash": "h1",
            "type": "modal",
            "callback_id": ids.VIEW_SETUP,
            "private_metadata": view["private_metadata"],
            "blocks": view["blocks"],
            "state": {"values": state},
        },
    )
    updated = ws.slack.called("views.update")[-1]
    assert updated["view_id"] == "VSETUP"
    return json.loads(updated["view"]) if isinstance(updated["view"], str) else updated["view"]


def ticked(values, block, channel):
    return {
        **values,
        f"{ids.BLOCK_CHANNEL_CONFIRM}_{block}": {
            ids.ACTION_CHANNEL_CONFIRM: {
                "type": "checkboxes",
                "selected_options": [{"value": channel}],
            }
        },
    }


def school(ws, name):
    with ws.bot.services.store.connect() as db:
        return storage.find_school(db, name)


def test_a_public_channel_is_named_as_public_and_needs_a_tick(workspace, slack):
    slack.channels["CGENERAL"] = {"name": "general", "is_private": False, "members": ["UA1"]}
    form = pick(workspace, "UA1", "Hillmead", trio="CGENERAL")
    shown = json.dumps(form)
    assert "#general is public: everyone in the workspace can read your summary" in shown
    assert f"{ids.BLOCK_CHANNEL_CONFIRM}_{ids.BLOCK_TRIO_CHANNEL}" in shown
    values = setup_values("Hillmead", channel="CGENERAL")
    ack = workspace.submit("UA1", form, values)
    said = ack["errors"][ids.BLOCK_TRIO_CHANNEL]
    assert said.startswith("#general is public")
    assert "Tick “Post there anyway”" in said
    assert school(workspace, "Hillmead") is None  # nothing saved
    ack = workspace.submit("UA1", form, ticked(values, ids.BLOCK_TRIO_CHANNEL, "CGENERAL"))
    assert ack == {}
    assert storage_trio(workspace, "Hillmead") == "CGENERAL"


def storage_trio(ws, name):
    with ws.bot.services.store.connect() as db:
        return storage.trio_of(db, storage.find_school(db, name).id).channel_id


def test_a_private_channel_with_people_outside_the_trio_is_said_so(workspace, slack):
    slack.channels["CPRIV"] = {
        "name": "heads",
        "is_private": True,
        "members": ["UA1", "UQ1", "UQ2"],
    }
    form = pick(workspace, "UA1", "Hillmead", trio="CPRIV")
    assert "2 people in #heads are not in your school or its trio partners" in json.dumps(form)
    ack = workspace.submit("UA1", form, setup_values("Hillmead", channel="CPRIV"))
    assert "2 people in #heads" in ack["errors"][ids.BLOCK_TRIO_CHANNEL]


def test_a_private_channel_of_the_trio_alone_needs_nothing_more(workspace, slack):
    slack.channels["CTRIO"] = {"name": "trio-north", "is_private": True, "members": ["UA1", "UBOT"]}
    form = pick(workspace, "UA1", "Hillmead", trio="CTRIO")
    assert ids.BLOCK_CHANNEL_CONFIRM not in json.dumps(form)  # the bot itself is not counted
    assert workspace.submit("UA1", form, setup_values("Hillmead", channel="CTRIO")) == {}
    assert storage_trio(workspace, "Hillmead") == "CTRIO"


def test_a_channel_slack_will_not_describe_is_saved_unwarned(workspace, slack):
    slack.fail("conversations.info", "channel_not_found")
    form = pick(workspace, "UA1", "Hillmead", trio="CHIDDEN")
    assert ids.BLOCK_CHANNEL_CONFIRM not in json.dumps(form)
    assert workspace.submit("UA1", form, setup_values("Hillmead", channel="CHIDDEN")) == {}


def test_the_schools_own_channel_is_checked_too_and_joined(workspace, slack):
    slack.channels["CPUB"] = {"name": "hillmead", "is_private": False, "members": []}
    form = pick(workspace, "UA1", "Hillmead", own="CPUB")
    values = setup_values("Hillmead", own_channel="CPUB")
    ack = workspace.submit("UA1", form, values)
    assert ack["errors"][ids.BLOCK_SCHOOL_CHANNEL].startswith("#hillmead is public")
    ack = workspace.submit("UA1", form, ticked(values, ids.BLOCK_SCHOOL_CHANNEL, "CPUB"))
    assert ack == {}
    assert school(workspace, "Hillmead").channel_id == "CPUB"
    assert [c["channel"] for c in slack.called("conversations.join")] == ["CPUB"]


def test_an_unchanged_channel_is_not_asked_about_again(workspace, slack):
    slack.channels["CGENERAL"] = {"name": "general", "is_private": False, "members": []}
    form = pick(workspace, "UA1", "Hillmead", trio="CGENERAL")
    values = setup_values("Hillmead", channel="CGENERAL")
    workspace.submit("UA1", form, ticked(values, ids.BLOCK_TRIO_CHANNEL, "CGENERAL"))
    workspace.command("UA1", "setup")
    assert workspace.submit("UA1", workspace.last_view(), values) == {}


def test_a_channel_saved_before_the_form_could_check_it_is_warned_about_after(workspace, slack):
    slack.channels["CGENERAL"] = {"name": "general", "is_private": False, "members": ["UQ1"]}
    workspace.command("UA1", "setup")  # saved at once, without the pick being checked
    assert (
        workspace.submit("UA1", workspace.last_view(), setup_values("Hillmead", channel="CGENERAL"))
        == {}
    )
    told = [p["text"] for p in workspace.posts("UA1")]
    assert any(
        t.startswith(
            "You chose <#CGENERAL> for your school's summaries and evidence. #general is public"
        )
        for t in told
    )


def test_a_private_channel_saved_unchecked_brings_no_warning(workspace, slack):
    slack.channels["CTRIO"] = {"name": "trio", "is_private": True, "members": ["UA1"]}
    workspace.command("UA1", "setup")
    workspace.submit("UA1", workspace.last_view(), setup_values("Hillmead", channel="CTRIO"))
    assert slack.called("conversations.info")  # positive control: it did ask
    assert not any("You chose" in p["text"] for p in workspace.posts("UA1"))


def test_an_invited_school_is_told_when_the_trio_channel_is_public(workspace, slack):
    from tests.bot.trio_setup import invitation_to, school_id, set_up

    slack.channels["CGENERAL"] = {"name": "general", "is_private": False, "members": []}
    form = pick(workspace, "UA1", "Hillmead", trio="CGENERAL")
    values = ticked(
        setup_values("Hillmead", channel="CGENERAL"), ids.BLOCK_TRIO_CHANNEL, "CGENERAL"
    )
    assert workspace.submit("UA1", form, values) == {}
    set_up(workspace, "UB1", "Oakfield")
    oakfield = school_id(workspace, "Oakfield")
    set_up(workspace, "UA1", "Hillmead", channel="CGENERAL", partners=(oakfield,))
    dm = workspace.slack.messages[invitation_to(workspace, "UB1")]
    assert (
        "#general is public: everyone in the workspace can read what is posted there"
        in json.dumps(dm["blocks"])
    )
