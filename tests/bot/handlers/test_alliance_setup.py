"""Alliances end to end: a lead creates one and invites schools; a school joins when one of
its members accepts; it chooses what its leads see; nobody else can answer for it."""

from __future__ import annotations

import json

import pytest

from bot import ids
from core.policy import Relation, relation
from storage import alliances, get_school
from tests.bot.alliance_setup import (
    alliance_form,
    alliance_invitation_to,
    alliance_values,
    form_alliance,
    search_schools,
)
from tests.bot.handlers.test_trios import home_button, home_of, press_on_home
from tests.bot.trio_setup import school_id, set_up

NOT_SHARED = (
    "Hillmead is in the *East Midlands TSA* alliance · its leads see levels and progress, "
    "not evidence."
)


def lead_relation(ws, school, lead="ULEAD"):
    with ws.bot.services.store.connect() as db:
        return relation(db, lead, get_school(db, school_id(ws, school)))


def alliance_of(ws, school):
    with ws.bot.services.store.connect() as db:
        found = alliances.alliance_of(db, school_id(ws, school))
    return found.name if found else None


@pytest.fixture
def schools(workspace):
    """Hillmead (UA1, UA2), Oakfield (UB1) and Faraway (UX1) are set up; ULEAD has no school."""
    set_up(workspace, "UA1", "Hillmead", members=("UA2",))
    set_up(workspace, "UB1", "Oakfield")
    set_up(workspace, "UX1", "Faraway")
    return workspace


@pytest.fixture
def invited(schools):
    """ULEAD has created East Midlands TSA and invited Hillmead and Oakfield."""
    ack = alliance_form(schools, "ULEAD", "East Midlands TSA", schools=("Hillmead", "Oakfield"))
    assert ack["response_action"] == "update"
    return schools


def test_the_form_creates_an_alliance_for_someone_who_leads_none(schools):
    schools.command("ULEAD", "alliance setup")
    view = schools.last_view()
    assert view["title"]["text"] == "Create an alliance"
    assert [b.get("block_id") for b in view["blocks"]][:3] == [
        ids.BLOCK_ALLIANCE_NAME,
        ids.BLOCK_ALLIANCE_SCHOOLS,
        ids.BLOCK_ALLIANCE_LEADS,
    ]
    assert search_schools(schools, "ULEAD", "mead") == [
        ("Hillmead", str(school_id(schools, "Hillmead")))
    ]
    ack = schools.submit(
        "ULEAD",
        view,
        alliance_values(
            "East Midlands TSA", schools=[school_id(schools, "Hillmead")], leads=["UCO"]
        ),
    )
    saved = json.dumps(ack["view"])
    assert "You created the *East Midlands TSA* alliance and lead it." in saved
    assert "Invited Hillmead: each joins when one of its members accepts" in saved
    assert "Co-leads added: <@UCO>." in saved
    assert "made you a lead of the East Midlands TSA alliance" in schools.posts("UCO")[-1]["text"]
    # The lead's next form invites to the alliance they lead.
    schools.command("ULEAD", "alliance invite")
    again = schools.last_view()
    assert again["title"]["text"] == "Invite schools"
    assert "Asked, not yet answered: Hillmead." in json.dumps(again)


def test_two_schools_invited_one_accepts_one_declines_and_the_lead_is_told(invited):
    for user in ("UA1", "UA2", "UB1"):
        channel, ts = alliance_invitation_to(invited, user)
        text = invited.slack.messages[(channel, ts)]["text"]
        assert text.startswith("<@ULEAD> invites ")
        assert text.endswith(" to join the East Midlands TSA alliance.")
    assert lead_relation(invited, "Hillmead") is Relation.OUTSIDER
    invited.click("UA2", alliance_invitation_to(invited, "UA2"), ids.ACTION_ACCEPT_ALLIANCE)
    assert (
        "✅ You accepted: Hillmead is in the East Midlands TSA alliance now"
        in (invited.ephemeral_replies()[-1])
    )
    invited.click("UB1", alliance_invitation_to(invited, "UB1"), ids.ACTION_DECLINE_ALLIANCE)
    assert (
        "You declined the invitation to the East Midlands TSA alliance"
        in (invited.ephemeral_replies()[-1])
    )
    told = [p["text"] for p in invited.posts("ULEAD")]
    assert "Hillmead accepted your invitation and is in East Midlands TSA now." in told
    assert "Oakfield declined your invitation to join East Midlands TSA." in told
    assert (alliance_of(invited, "Hillmead"), alliance_of(invited, "Oakfield")) == (
        "East Midlands TSA",
        None,
    )
    assert lead_relation(invited, "Hillmead") is Relation.LEAD
    # A second click on an answered invitation says so.
    invited.click("UA1", alliance_invitation_to(invited, "UA1"), ids.ACTION_ACCEPT_ALLIANCE)
    assert "This invitation was accepted already." in invited.ephemeral_replies()[-1]


def test_the_home_tab_shows_the_invitation_then_the_alliance(invited):
    home = home_of(invited, "UB1")
    assert "*East Midlands TSA* (no schools yet) invites Oakfield to join" in json.dumps(home)
    accept = home_button(home, ids.ACTION_ACCEPT_ALLIANCE)
    press_on_home(invited, "UB1", ids.ACTION_ACCEPT_ALLIANCE, accept["value"])
    assert alliance_of(invited, "Oakfield") == "East Midlands TSA"
    home = json.dumps(home_of(invited, "UB1"), ensure_ascii=False)
    assert "Oakfield is in the *East Midlands TSA* alliance" in home
    assert "invites Oakfield" not in home
    assert "Alliance" not in json.dumps(home_of(invited, "UX1"))  # no alliance: as before


def test_sharing_evidence_from_the_home_tab_changes_what_the_leads_see(invited):
    invited.click("UA1", alliance_invitation_to(invited, "UA1"), ids.ACTION_ACCEPT_ALLIANCE)
    home = home_of(invited, "UA1")
    assert NOT_SHARED in json.dumps(home, ensure_ascii=False)
    share = home_button(home, ids.ACTION_SHARE_EVIDENCE)
    assert share["text"]["text"] == "Share our evidence with the leads"
    press_on_home(invited, "UA2", ids.ACTION_SHARE_EVIDENCE, share["value"])
    assert lead_relation(invited, "Hillmead") is Relation.LEAD_SHARED
    stop = home_button(home_of(invited, "UA1"), ids.ACTION_SHARE_EVIDENCE)
    assert stop["text"]["text"] == "Stop sharing our evidence"
    assert "its leads see levels, progress and evidence" in json.dumps(home_of(invited, "UA2"))
    said = invited.command("UA1", "alliance share off")["text"]
    assert said == (
        "Hillmead no longer shares its evidence with the leads of East Midlands TSA: they see "
        "its levels and progress only."
    )
    assert lead_relation(invited, "Hillmead") is Relation.LEAD
    assert "share on" in invited.command("UA1", "alliance share maybe")["text"]  # usage


@pytest.mark.parametrize(
    ("user", "action_id", "says"),
    [
        ("UX1", ids.ACTION_ACCEPT_ALLIANCE, "Only members of Hillmead can accept or decline"),
        ("ULEAD", ids.ACTION_ACCEPT_ALLIANCE, "Only members of Hillmead can accept or decline"),
        ("UB1", ids.ACTION_DECLINE_ALLIANCE, "Only members of Hillmead can accept or decline"),
    ],
)
def test_a_forged_answer_for_another_school_is_refused(invited, user, action_id, says):
    value = home_button(home_of(invited, "UA1"), ids.ACTION_ACCEPT_ALLIANCE)["value"]
    press_on_home(invited, user, action_id, value)
    assert says in invited.posts(user)[-1]["text"]  # told by DM: the Home tab has no reply
    assert alliance_of(invited, "Hillmead") is None
    press_on_home(invited, "UA1", ids.ACTION_ACCEPT_ALLIANCE, value)  # positive control
    assert alliance_of(invited, "Hillmead") == "East Midlands TSA"


@pytest.mark.parametrize("value", ['{"s": 1, "on": "yes"}', '{"s": 0, "on": true}', "x"])
def test_forged_share_buttons_are_refused(invited, value):
    press_on_home(invited, "UA1", ids.ACTION_SHARE_EVIDENCE, value)
    assert "out of date" in invited.posts("UA1")[-1]["text"]


def test_sharing_another_schools_evidence_is_refused(invited):
    invited.click("UA1", alliance_invitation_to(invited, "UA1"), ids.ACTION_ACCEPT_ALLIANCE)
    value = home_button(home_of(invited, "UA1"), ids.ACTION_SHARE_EVIDENCE)["value"]
    for user in ("UB1", "ULEAD"):
        press_on_home(invited, user, ids.ACTION_SHARE_EVIDENCE, value)
        said = invited.posts(user)[-1]["text"]
        assert said == "Only members of Hillmead can choose what its alliance's leads see."
    assert lead_relation(invited, "Hillmead") is Relation.LEAD


def test_a_school_in_another_alliance_is_refused_by_name_in_the_form(invited):
    invited.click("UA1", alliance_invitation_to(invited, "UA1"), ids.ACTION_ACCEPT_ALLIANCE)
    ack = alliance_form(invited, "UWEST", "West", schools=("Faraway", "Hillmead"))
    assert ack["errors"][ids.BLOCK_ALLIANCE_SCHOOLS].startswith(
        "Hillmead is already in another alliance"
    )
    assert alliance_form(invited, "UWEST", "West")["response_action"] == "update"  # no school


def test_the_form_refuses_a_taken_name_and_forged_choices(invited):
    ack = alliance_form(invited, "UOTHER", "east midlands tsa")
    assert ack["errors"][ids.BLOCK_ALLIANCE_NAME].startswith(
        "There is already an alliance called East Midlands TSA."
    )
    invited.command("UOTHER", "alliance setup")
    view = invited.last_view()
    forged = alliance_values("Mine", schools=[1])
    forged[ids.BLOCK_ALLIANCE_SCHOOLS][ids.ACTION_ALLIANCE_SCHOOLS]["selected_options"] = [
        {"value": "-1"}
    ]
    ack = invited.submit("UOTHER", view, forged)
    assert ack["errors"] == {ids.BLOCK_ALLIANCE_SCHOOLS: "Choose schools from the list."}
    ack = invited.submit("UOTHER", view, alliance_values("Mine", leads=["not a user"]))
    assert ack["errors"] == {ids.BLOCK_ALLIANCE_LEADS: "Choose co-leads from the list."}
    # A form for an alliance they do not lead (its id put in the form by hand).
    east = json.dumps({"a": 1})
    ack = invited.submit(
        "UOTHER", view, alliance_values(schools=[school_id(invited, "Faraway")]), east
    )
    assert ack["errors"][ids.BLOCK_ALLIANCE_SCHOOLS] == (
        "Only the leads of East Midlands TSA can invite schools to the alliance."
    )
    with invited.bot.services.store.connect() as db:
        assert alliances.invitations_waiting(db, school_id(invited, "Faraway")) == []


def test_a_school_leaves_and_every_lead_is_told(invited):
    form_alliance(invited, "UWEST", "West", ["Faraway"])
    invited.click("UA1", alliance_invitation_to(invited, "UA1"), ids.ACTION_ACCEPT_ALLIANCE)
    alliance_form(invited, "ULEAD", leads=["UCO"])
    said = invited.command("UX1", "alliance leave")["text"]
    assert said.startswith("Faraway has left the West alliance")
    said = invited.command("UA2", "alliance leave")["text"]
    assert said.startswith("Hillmead has left the East Midlands TSA alliance")
    for lead in ("ULEAD", "UCO"):
        assert invited.posts(lead)[-1]["text"].startswith(
            "Hillmead has left East Midlands TSA (<@UA2>)."
        )
    assert lead_relation(invited, "Hillmead") is Relation.OUTSIDER
    said = invited.command("UA2", "alliance leave")["text"]
    assert said == "Hillmead isn't in an alliance, so there is nothing to leave."
    said = invited.command("UNOBODY", "alliance leave")["text"]
    assert said.startswith("You're not a member of any school yet.")


def test_an_alliance_named_as_one_is_not_called_an_alliance_twice(schools):
    form_alliance(schools, "ULEAD", "Peak Alliance", ["Hillmead"])
    home = json.dumps(home_of(schools, "UA1"), ensure_ascii=False)
    assert "Hillmead is in the *Peak Alliance* · its leads see" in home


def test_a_member_slack_will_not_message_leaves_the_invitation_on_the_home_tab(schools):
    schools.slack.fail("chat.postMessage", "user_disabled")  # the invitation to Oakfield's UB1
    ack = alliance_form(schools, "ULEAD", "East Midlands TSA", schools=("Oakfield",))
    assert ack["response_action"] == "update"
    told = schools.posts("ULEAD")[-1]["text"]
    assert told == (
        "I couldn't send one of Oakfield's members your invitation to East Midlands TSA "
        "(user_disabled). It is still waiting on their Home tab in this app."
    )
    accept = home_button(home_of(schools, "UB1"), ids.ACTION_ACCEPT_ALLIANCE)
    press_on_home(schools, "UB1", ids.ACTION_ACCEPT_ALLIANCE, accept["value"])
    assert alliance_of(schools, "Oakfield") == "East Midlands TSA"
