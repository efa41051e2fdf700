"""External challengers end to end: `/peer-review external`, the DM with its Challenge
button, challenging in the thread and with the form, and what they may not see."""

from __future__ import annotations

import json

import pytest

import storage
from bot import ids
from storage import alliances
from tests.bot.conftest import TRIO, challenge_state, find_element
from tests.bot.trio_setup import school_id, thread_reply

SAM = "<@UEXT|Sam Lee>"  # as Slack sends a mention picked in a command


def dm_with_button(ws, user):
    """(channel, ts) of the latest DM to `user` with a Challenge button."""
    for channel, ts in reversed(ws.slack.posted):
        blocks = ws.slack.messages[(channel, ts)]["blocks"]
        if channel == "D" + user[1:] and ids.ACTION_OPEN_CHALLENGE in json.dumps(blocks):
            find_element(blocks, ids.ACTION_OPEN_CHALLENGE)
            return channel, ts
    raise AssertionError(f"no DM with a Challenge button to {user}")


def reply(ws, user, text, ts, thread_ts):
    """`user` replies in the summary's thread."""
    thread_reply(ws, user, text, ts, thread_ts, f"Ev{ts}")


def stored(store, cycle):
    with store.connect() as db:
        return storage.challenges_for(db, cycle.id)


def text_of(answer):
    return json.dumps(answer, ensure_ascii=False)


def lead_north(ws, *schools):
    """ULEAD leads the North alliance, which `schools` have joined."""
    with ws.bot.services.store.connect() as db:
        north = alliances.create_alliance(db, "North", "ULEAD")
        for name in schools:
            invitation = alliances.invite_to_alliance(db, north.id, school_id(ws, name), "ULEAD")
            alliances.answer_alliance_invitation(db, invitation.id, "accepted", "UA1")


def test_a_member_asks_and_the_challenger_gets_a_dm_with_a_challenge_button(
    workspace, slack, summary
):
    answer = workspace.command("UA1", f"external {SAM}")
    assert "I've asked <@UEXT> to challenge Hillmead's self-evaluation" in text_of(answer)
    dm = workspace.posts("UEXT")[-1]
    assert dm["text"].startswith("<@UA1> of Hillmead asked you to challenge Hillmead's")
    body = json.dumps(dm["blocks"], ensure_ascii=False)
    assert "You can see what its trio partners see, for Hillmead only" in body
    assert f"archives/{TRIO}/p" in body  # the summary's link
    assert "ask Hillmead to add you to it to follow the thread" in body
    assert "button below works anyway" in body
    # The other member is told; the one who asked has the answer.
    assert "<@UA1> of Hillmead asked <@UEXT> to challenge" in workspace.posts("UA2")[-1]["text"]
    assert not [p for p in workspace.posts("UA1") if "asked <@UEXT>" in (p["text"] or "")]
    assert {"UEXT", "UA2"} <= {c["user_id"] for c in slack.called("views.publish")}
    listed = workspace.command("UA2", "external")
    assert "Hillmead's external challengers:* <@UEXT>" in text_of(listed)


def test_the_external_challenges_by_the_button_and_is_named_as_one(
    workspace, slack, store, summary
):
    workspace.command("UA1", f"external {SAM}")
    workspace.click("UEXT", dm_with_button(workspace, "UEXT"), ids.ACTION_OPEN_CHALLENGE)
    view = workspace.last_view()
    assert view["callback_id"] == ids.VIEW_CHALLENGE
    assert workspace.submit("UEXT", view, challenge_state()) == {}
    post = workspace.posts(TRIO)[-1]
    assert post["thread_ts"] == summary.summary_ts
    assert post["blocks"][0]["text"]["text"].startswith(
        "Challenge from <@UEXT> (external challenger) on *ITT*"
    )
    [challenge] = stored(store, summary)
    assert (challenge.author_id, challenge.kind, challenge.author_school_id) == (
        "UEXT",
        "challenge",
        None,
    )
    update = [c for c in slack.called("chat.update") if c["ts"] == summary.summary_ts][-1]
    shown = json.dumps(update["blocks"], ensure_ascii=False)
    assert "💬 1 challenge, 1 open" in shown
    assert "Peer challenged by <@UEXT> (external challenger)" in shown


def test_the_externals_thread_reply_is_a_challenge_and_counts(workspace, slack, store, summary):
    workspace.command("UA1", f"external {SAM}")
    reply(
        workspace, "UEXT", "CPD: how is impact measured at 12 months?", "3000.1", summary.summary_ts
    )
    reply(workspace, "UB1", "ITT: only six SD schools", "3000.2", summary.summary_ts)
    assert [(c.author_id, c.area_id, c.kind) for c in stored(store, summary)] == [
        ("UEXT", "cpd", "challenge"),
        ("UB1", "itt", "challenge"),
    ]
    update = [c for c in slack.called("chat.update") if c["ts"] == summary.summary_ts][-1]
    shown = json.dumps(update["blocks"], ensure_ascii=False)
    assert "Peer challenged by <@UEXT> (external challenger), <@UB1" in shown
    note = [e for e in slack.ephemeral if e["user"] == "UEXT"][-1]
    assert "Filed under *CPD* as a challenge to Hillmead's" in note["text"]


def test_the_external_sees_hillmead_only(workspace, summary):
    workspace.command("UA1", f"external {SAM}")
    assert "Hillmead" in text_of(workspace.command("UEXT", "ratings Hillmead"))
    for other in ("Oakfield", "Faraway"):
        refused = text_of(workspace.command("UEXT", f"ratings {other}"))
        assert f"Sorry, you can't see {other}'s ratings" in refused
    opened = len(workspace.slack.called("views.open"))
    workspace.click("UEXT", dm_with_button(workspace, "UEXT"), ids.ACTION_OPEN_CHALLENGE, "{}")
    assert len(workspace.slack.called("views.open")) == opened  # a forged value opens nothing
    assert "out of date" in workspace.ephemeral_replies()[-1]


def test_removing_them_ends_their_access(workspace, slack, store, summary):
    workspace.command("UA1", f"external {SAM}")
    button = dm_with_button(workspace, "UEXT")
    assert "Hillmead" in text_of(workspace.command("UEXT", "ratings Hillmead"))  # before
    answer = workspace.command("UA2", f"external remove {SAM}")
    assert "<@UEXT> is no longer an external challenger of Hillmead" in text_of(answer)
    assert "asked you to stop challenging Hillmead's review" in workspace.posts("UEXT")[-1]["text"]
    refused = text_of(workspace.command("UEXT", "ratings Hillmead"))
    assert "Sorry, you can't see Hillmead's ratings" in refused
    opened = len(slack.called("views.open"))
    workspace.click("UEXT", button, ids.ACTION_OPEN_CHALLENGE)
    assert len(slack.called("views.open")) == opened
    assert "Only members of Hillmead's trio partner schools" in workspace.ephemeral_replies()[-1]
    reply(workspace, "UEXT", "ITT: one more thing", "3000.3", summary.summary_ts)
    assert stored(store, summary) == []


def test_a_lead_asks_for_a_school_of_their_alliance(workspace, store, summary):
    lead_north(workspace, "Hillmead")
    answer = workspace.command("ULEAD", f"external {SAM} for hillmead")
    assert "I've asked <@UEXT>" in text_of(answer)
    assert "remove @person for Hillmead" in text_of(answer)
    dm = workspace.posts("UEXT")[-1]
    assert dm["text"].startswith("<@ULEAD>, a lead of North, asked you to challenge Hillmead's")
    refused = text_of(workspace.command("ULEAD", f"external {SAM} for Oakfield"))
    assert "Only members of Oakfield and the leads of its alliance" in refused
    assert "Say which school" in text_of(workspace.command("ULEAD", f"external {SAM}"))
    listed = workspace.command("ULEAD", "external for Hillmead")
    assert "Hillmead's external challengers:* <@UEXT>" in text_of(listed)


@pytest.mark.parametrize(
    ("user", "text", "says"),
    [
        ("UX1", f"external {SAM} for Hillmead", "Only members of Hillmead and the leads of"),
        ("UB1", f"external {SAM} for Hillmead", "Only members of Hillmead and the leads of"),
        ("UNOBODY", f"external {SAM}", "Say which school"),
        ("UA1", "external <@UA2|Jo>", "<@UA2> is already a member of Hillmead"),
        (
            "UA1",
            "external <@UB1>",
            "<@UB1> is already a member of Oakfield, Hillmead's trio partner",
        ),
        ("UA1", "external <@UBOT|peer-review>", "That's me, the bot"),
        ("UA1", "external @sam", "type @ and choose them from the list"),
        ("UA1", "external remove", "`/peer-review external @person` asks someone"),
        ("UA1", f"external {SAM} {SAM}", "`/peer-review external @person` asks someone"),
        ("UA1", f"external {SAM} for Nowhere", "I can't find a school called “Nowhere”"),
        ("UA1", f"external remove {SAM}", "<@UEXT> isn't an external challenger of Hillmead"),
    ],
)
def test_what_cannot_be_done_is_said_and_nothing_changes(
    workspace, store, summary, user, text, says
):
    assert says in text_of(workspace.command(user, text))
    with store.connect() as db:
        assert storage.externals.externals_of(db, school_id(workspace, "Hillmead")) == []
    assert workspace.posts("UEXT") == []


def test_asking_twice_is_said_kindly_and_sends_nothing_more(workspace, summary):
    workspace.command("UA1", f"external {SAM}")
    again = text_of(workspace.command("UA2", f"external {SAM}"))
    assert "<@UEXT> is already an external challenger of Hillmead" in again
    assert len(workspace.posts("UEXT")) == 1


def test_when_the_dm_cannot_reach_them_whoever_asked_is_told(workspace, slack, summary):
    slack.fail("chat.postMessage", "channel_not_found", times=2)  # the challenger's, UA2's
    answer = workspace.command("UA1", f"external {SAM}")
    assert "I've asked <@UEXT>" in text_of(answer)
    note = workspace.posts("UA1")[-1]["text"]
    assert "I couldn't send <@UEXT> the message explaining their part" in note
    assert "They are asked all the same" in note
