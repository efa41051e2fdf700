"""Trios by consent: a school is invited, and sees and shows nothing until a member accepts."""

from __future__ import annotations

import json

import pytest

import storage
from bot import ids
from tests.bot.conftest import TRIO, event_body, judgement_values
from tests.bot.trio_setup import invitation_to, school_id, set_up, summary_posts


def home_of(ws, user):
    ws.dispatch(
        event_body(
            {"type": "app_home_opened", "user": user, "channel": "D1", "tab": "home"},
            f"EvHome{user}{len(ws.slack.calls)}",
        )
    )
    view = [c for c in ws.slack.called("views.publish") if c["user_id"] == user][-1]["view"]
    return json.loads(view) if isinstance(view, str) else view


def home_button(view, action_id):
    for block in view["blocks"]:
        for element in [*block.get("elements", []), block.get("accessory") or {}]:
            if element.get("action_id") == action_id:
                return element
    raise AssertionError(f"no {action_id} on the Home tab")


def press_on_home(ws, user, action_id, value):
    ws.act(user, {"type": "button", "action_id": action_id, "value": value}, response_url=None)


def partners(ws, name):
    with ws.bot.services.store.connect() as db:
        return [s.name for s in storage.partners_of(db, school_id(ws, name))]


def full_evidence_refusal(ws, user):
    """What `user` is told on asking for Hillmead's full evidence (None: the form opened)."""
    summary = next(
        key
        for key in ws.slack.posted
        if key[0] == TRIO and ids.ACTION_FULL_EVIDENCE in str(ws.slack.messages[key]["blocks"])
    )
    opened = len(ws.slack.called("views.open"))
    ws.click(user, summary, ids.ACTION_FULL_EVIDENCE)
    if len(ws.slack.called("views.open")) > opened:
        return None
    return ws.ephemeral_replies()[-1]


@pytest.fixture
def invited(workspace):
    """Hillmead (UA1, UA2) has judged all five areas and posted its summary in the trio
    channel, then invited Oakfield (UB1, UB2); Oakfield hasn't answered. Faraway (UX1) is
    another school."""
    set_up(workspace, "UA1", "Hillmead", members=("UA2",), channel=TRIO)
    workspace.command("UA1", "start")
    for level in (3, 3, 2, 4, 2):
        workspace.click("UA1", workspace.last_post(), f"{ids.ACTION_CHOOSE_LEVEL}_{level}")
        workspace.submit("UA1", workspace.last_view(), judgement_values(level, "Secret evidence"))
    set_up(workspace, "UB1", "Oakfield", members=("UB2",))
    set_up(workspace, "UX1", "Faraway")
    oakfield = school_id(workspace, "Oakfield")
    ack = set_up(workspace, "UA1", "Hillmead", members=("UA2",), channel=TRIO, partners=(oakfield,))
    assert ack == {}
    return workspace


def test_every_member_of_the_invited_school_is_asked_by_dm(invited):
    for user in ("UB1", "UB2"):
        channel, ts = invitation_to(invited, user)
        text = invited.slack.messages[(channel, ts)]["text"]
        assert (
            text
            == f"Hillmead invites Oakfield to join its peer review trio, which meets in <#{TRIO}>."
        )
    assert "Invited: Oakfield" in invited.posts("UA1")[-1]["text"]  # the setup notice


def test_until_a_member_accepts_neither_school_sees_the_other(invited):
    assert partners(invited, "Hillmead") == []
    assert "Only members of Hillmead, its trio partners" in full_evidence_refusal(invited, "UB1")
    asked = invited.command("UB1", "ratings Hillmead")
    assert asked["text"].startswith("Sorry, you can't see Hillmead's ratings")
    asked = invited.command("UA1", "ratings Oakfield")
    assert asked["text"].startswith("Sorry, you can't see Oakfield's ratings")
    # Oakfield completing its review posts nothing to Hillmead's trio channel.
    before = len(invited.posts(TRIO))
    invited.command("UB1", "start")
    for level in (2, 2, 2, 2, 2):
        invited.click("UB1", invited.last_post(), f"{ids.ACTION_CHOOSE_LEVEL}_{level}")
        invited.submit("UB1", invited.last_view(), judgement_values(level, "Ours"))
    assert len(invited.posts(TRIO)) == before


def test_accepting_joins_the_trio_and_tells_everyone(invited):
    assert full_evidence_refusal(invited, "UB1") is not None  # positive control: refused first
    invited.click("UB2", invitation_to(invited, "UB2"), ids.ACTION_ACCEPT_INVITATION)
    assert partners(invited, "Hillmead") == ["Oakfield"]
    assert (
        "✅ You accepted: Oakfield is in the trio with Hillmead" in invited.ephemeral_replies()[-1]
    )
    assert invited.posts(TRIO)[-1]["text"] == "Oakfield has joined this trio (accepted by <@UB2>)."
    told = [p["text"] for p in invited.posts("UA1")]
    assert any("Oakfield accepted your invitation" in t for t in told)
    assert full_evidence_refusal(invited, "UB1") is None
    assert "Trio*: <#" in json.dumps(home_of(invited, "UA2"))
    # The other member's invitation can no longer be answered.
    invited.click("UB1", invitation_to(invited, "UB1"), ids.ACTION_ACCEPT_INVITATION)
    assert "accepted already" in invited.ephemeral_replies()[-1]


def test_declining_keeps_the_schools_apart_and_tells_the_inviter(invited):
    invited.click("UB1", invitation_to(invited, "UB1"), ids.ACTION_DECLINE_INVITATION)
    assert "You declined Hillmead's invitation" in invited.ephemeral_replies()[-1]
    assert partners(invited, "Hillmead") == []
    assert "Oakfield declined your invitation" in invited.posts("UA1")[-1]["text"]
    invited.click("UB2", invitation_to(invited, "UB2"), ids.ACTION_ACCEPT_INVITATION)
    assert "declined already" in invited.ephemeral_replies()[-1]
    assert partners(invited, "Hillmead") == []


def test_the_inviter_can_withdraw_an_invitation_from_the_home_tab(invited):
    home = home_of(invited, "UA2")
    withdraw = home_button(home, ids.ACTION_WITHDRAW_INVITATION)
    assert "waiting for one of its members to accept" in json.dumps(home)
    assert "invites your school" in json.dumps(home_of(invited, "UB1"))
    press_on_home(invited, "UA2", ids.ACTION_WITHDRAW_INVITATION, withdraw["value"])
    assert "invites your school" not in json.dumps(home_of(invited, "UB1"))
    invited.click("UB1", invitation_to(invited, "UB1"), ids.ACTION_ACCEPT_INVITATION)
    assert "Hillmead withdrew this invitation" in invited.ephemeral_replies()[-1]
    assert partners(invited, "Hillmead") == []


def test_the_invitation_can_be_accepted_on_the_home_tab(invited):
    accept = home_button(home_of(invited, "UB1"), ids.ACTION_ACCEPT_INVITATION)
    press_on_home(invited, "UB1", ids.ACTION_ACCEPT_INVITATION, accept["value"])
    assert partners(invited, "Oakfield") == ["Hillmead"]


@pytest.mark.parametrize(
    ("user", "action_id", "says"),
    [
        ("UX1", ids.ACTION_ACCEPT_INVITATION, "Only members of Oakfield can accept or decline"),
        ("UA1", ids.ACTION_ACCEPT_INVITATION, "Only members of Oakfield can accept or decline"),
        ("UX1", ids.ACTION_DECLINE_INVITATION, "Only members of Oakfield can accept or decline"),
        ("UB1", ids.ACTION_WITHDRAW_INVITATION, "Only members of Hillmead can withdraw"),
        ("UZ9", ids.ACTION_WITHDRAW_INVITATION, "Only members of Hillmead can withdraw"),
    ],
)
def test_only_the_right_school_may_answer_or_withdraw(invited, user, action_id, says):
    value = home_button(home_of(invited, "UB1"), ids.ACTION_ACCEPT_INVITATION)["value"]
    press_on_home(invited, user, action_id, value)
    assert says in invited.posts(user)[-1]["text"]  # told by DM: the Home tab has no reply
    assert partners(invited, "Hillmead") == []
    with invited.bot.services.store.connect() as db:
        assert len(storage.invitations_to(db, school_id(invited, "Oakfield"))) == 1


@pytest.mark.parametrize("value", ['{"i": 99999}', '{"i": "1"}', "not json", '{"i": 1, "x": 2}'])
def test_forged_invitation_buttons_are_refused(invited, value):
    press_on_home(invited, "UB1", ids.ACTION_ACCEPT_INVITATION, value)
    said = invited.posts("UB1")[-1]["text"]
    assert "no longer exists" in said or "out of date" in said
    assert partners(invited, "Oakfield") == []


def test_a_school_leaves_its_trio_and_the_others_are_told(invited):
    invited.click("UB1", invitation_to(invited, "UB1"), ids.ACTION_ACCEPT_INVITATION)
    leave = home_button(home_of(invited, "UB1"), ids.ACTION_LEAVE_TRIO)
    assert leave["confirm"]["confirm"]["text"] == "Leave"
    press_on_home(invited, "UX1", ids.ACTION_LEAVE_TRIO, leave["value"])  # not theirs
    assert (
        "Only members of Oakfield can take it out of its trio" in invited.posts("UX1")[-1]["text"]
    )
    assert partners(invited, "Hillmead") == ["Oakfield"]
    press_on_home(invited, "UB2", ids.ACTION_LEAVE_TRIO, leave["value"])
    assert partners(invited, "Hillmead") == []
    assert invited.posts(TRIO)[-1]["text"].startswith("Oakfield has left this trio (<@UB2>)")
    assert "Only members of Hillmead, its trio partners" in full_evidence_refusal(invited, "UB1")


def test_partners_in_the_trio_cannot_be_dropped_by_one_school(invited):
    invited.click("UB1", invitation_to(invited, "UB1"), ids.ACTION_ACCEPT_INVITATION)
    ack = set_up(invited, "UA1", "Hillmead", members=("UA2",), channel=TRIO, partners=())
    assert "Oakfield is in your trio already" in ack["errors"][ids.BLOCK_PARTNERS]
    ack = set_up(invited, "UA1", "Hillmead", members=("UA2",), channel="COTHER")
    assert "one school can't move it" in ack["errors"][ids.BLOCK_TRIO_CHANNEL]
    assert partners(invited, "Hillmead") == ["Oakfield"]


def test_a_school_in_another_trio_must_leave_it_before_joining(invited):
    set_up(invited, "UC1", "Riverside", channel="CRIVER")
    set_up(invited, "UX1", "Faraway", channel="CFAR", partners=(school_id(invited, "Riverside"),))
    invited.click("UC1", invitation_to(invited, "UC1"), ids.ACTION_ACCEPT_INVITATION)
    assert partners(invited, "Faraway") == ["Riverside"]
    riverside = school_id(invited, "Riverside")
    ack = set_up(
        invited,
        "UA1",
        "Hillmead",
        members=("UA2",),
        channel=TRIO,
        partners=(school_id(invited, "Oakfield"), riverside),
    )
    assert "Riverside is already in a trio with other schools" in ack["errors"][ids.BLOCK_PARTNERS]


def test_partners_need_a_trio_channel(workspace):
    set_up(workspace, "UB1", "Oakfield")
    ack = set_up(workspace, "UA1", "Hillmead", partners=(school_id(workspace, "Oakfield"),))
    assert "Choose a trio channel first" in ack["errors"][ids.BLOCK_TRIO_CHANNEL]
    assert summary_posts(workspace) == []


def test_nothing_more_of_a_school_that_left_reaches_the_trio_channel(invited):
    invited.click("UB1", invitation_to(invited, "UB1"), ids.ACTION_ACCEPT_INVITATION)
    leave = home_button(home_of(invited, "UA1"), ids.ACTION_LEAVE_TRIO)
    press_on_home(invited, "UA1", ids.ACTION_LEAVE_TRIO, leave["value"])  # Hillmead leaves
    uploads = len(invited.slack.called("files.completeUploadExternal"))
    updates = len(invited.slack.called("chat.update"))
    invited.command("UA1", "area 2")
    invited.click("UA1", invited.last_post(), ids.ACTION_CHANGE_JUDGEMENT)
    assert invited.submit("UA1", invited.last_view(), judgement_values(4, "Changed")) == {}
    assert len(invited.slack.called("files.completeUploadExternal")) == uploads
    assert [c for c in invited.slack.called("chat.update")[updates:] if c["channel"] == TRIO] == []


def test_a_school_that_has_finished_its_review_posts_its_summary_on_joining(workspace):
    set_up(workspace, "UA1", "Hillmead", channel=TRIO)
    set_up(workspace, "UB1", "Oakfield")
    workspace.command("UB1", "start")
    for level in (2, 2, 3, 3, 2):
        workspace.click("UB1", workspace.last_post(), f"{ids.ACTION_CHOOSE_LEVEL}_{level}")
        workspace.submit("UB1", workspace.last_view(), judgement_values(level, "Ours"))
    assert summary_posts(workspace) == []  # positive control: nowhere to post before
    set_up(workspace, "UA1", "Hillmead", channel=TRIO, partners=(school_id(workspace, "Oakfield"),))
    workspace.click("UB1", invitation_to(workspace, "UB1"), ids.ACTION_ACCEPT_INVITATION)
    assert [p["text"].split(":")[0] for p in summary_posts(workspace)] == [
        "Oakfield peer review summary (cycle 1)"
    ]


def test_partners_hear_of_an_invitation_and_only_the_inviter_can_withdraw_it(invited):
    invited.click("UB1", invitation_to(invited, "UB1"), ids.ACTION_ACCEPT_INVITATION)
    set_up(invited, "UC1", "Riverside")
    oak, river = school_id(invited, "Oakfield"), school_id(invited, "Riverside")
    hill = school_id(invited, "Hillmead")
    set_up(invited, "UB1", "Oakfield", members=("UB2",), channel=TRIO, partners=(hill, river))
    assert invited.posts(TRIO)[-1]["text"].startswith("<@UB1> has invited Riverside to this trio.")
    hillmead_home = json.dumps(home_of(invited, "UA1"))
    assert "Oakfield invited *Riverside*" in hillmead_home
    assert ids.ACTION_WITHDRAW_INVITATION not in hillmead_home
    assert ids.ACTION_WITHDRAW_INVITATION in json.dumps(home_of(invited, "UB1"))
    assert oak != river


def test_long_names_keep_the_home_tab_within_slacks_limits(workspace):
    names = [
        f"{letter} " + "&Academy of Excellence in Teaching and Learning " * 2 for letter in "ABC"
    ]
    names = [n[:80].strip() for n in names]
    set_up(workspace, "UA1", names[0], channel=TRIO)
    set_up(workspace, "UB1", names[1])
    set_up(workspace, "UC1", names[2])
    ids_ = tuple(school_id(workspace, n) for n in names[1:])
    set_up(workspace, "UA1", names[0], channel=TRIO, partners=ids_)
    workspace.click("UB1", invitation_to(workspace, "UB1"), ids.ACTION_ACCEPT_INVITATION)
    view = home_of(workspace, "UB1")  # the workspace fixture checks every view it published
    assert home_button(view, ids.ACTION_LEAVE_TRIO)["confirm"]["title"]["text"] == "Leave the trio?"


def test_the_third_school_to_accept_is_told_both_schools_it_joins(invited):
    invited.click("UB1", invitation_to(invited, "UB1"), ids.ACTION_ACCEPT_INVITATION)
    set_up(invited, "UC1", "Riverside")
    hill, river = school_id(invited, "Hillmead"), school_id(invited, "Riverside")
    set_up(invited, "UB1", "Oakfield", members=("UB2",), channel=TRIO, partners=(hill, river))
    invited.click("UC1", invitation_to(invited, "UC1"), ids.ACTION_ACCEPT_INVITATION)
    said = invited.ephemeral_replies()[-1]
    assert "Riverside is in the trio with " in said
    assert "Hillmead" in said
    assert "Oakfield" in said
