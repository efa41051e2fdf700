"""The lead's view end to end: the lead's Home tab and ``/peer-review alliance`` show every
school of the alliance, page by page; members of its schools and outsiders are refused in
the alliance policy's words, and a forged page button changes nothing."""

from __future__ import annotations

import json

import pytest

import storage
from bot import ids
from storage import alliances
from tests.bot.handlers.test_home import open_home
from tests.bot.workspace import _as_dict

REFUSED_TEXT = "Only the leads of East can see the alliance's progress."


@pytest.fixture
def east(workspace, store, summary):
    """East, led by ULEAD (in no school): Hillmead, Oakfield and Riverside (the trio of
    `summary`, Hillmead judged and posted) and 18 schools in no trio: two pages."""
    with store.connect() as db:
        made = alliances.create_alliance(db, "East", "ULEAD")
        joining = [(storage.find_school(db, n), u) for n, u in
                   (("Hillmead", "UA1"), ("Oakfield", "UB1"), ("Riverside", "UC1"))]  # fmt: skip
        joining += [
            (storage.create_school(db, f"Loose {n:02d}", f"UL{n}"), f"UL{n}") for n in range(18)
        ]
        for school, by in joining:
            asked = alliances.invite_to_alliance(db, made.id, school.id, "ULEAD")
            alliances.answer_alliance_invitation(db, asked.id, "accepted", by)
    return made


def texts(blocks) -> str:
    return json.dumps(blocks, ensure_ascii=False)


def test_the_lead_sees_the_alliance_on_their_home_tab_and_can_turn_its_pages(workspace, east):
    home = open_home(workspace, "ULEAD")
    shown = texts(home)
    assert home["blocks"][0]["text"]["text"] == "Alliance · East"
    assert "*21 schools* · 20 not started · 1 in peer challenge" in shown
    assert "*Hillmead* · cycle 1 · overall" in shown
    assert "Loose 16" not in shown
    assert "You're not in a school yourself" in shown  # in place of "Set up your school"
    pager = next(b for b in home["blocks"] if b.get("block_id") == "alliance_pages")
    turn = pager["elements"][0]
    workspace.act(
        "ULEAD",
        {"type": "button", "action_id": turn["action_id"], "value": turn["value"]},
        container={"type": "view", "view_id": "VHOME"},
        view={"id": "VHOME", "type": "home"},
    )
    second = texts(_as_dict(workspace.slack.called("views.publish")[-1]["view"]))
    assert "Loose 16" in second
    assert "*Hillmead*" not in second


def test_the_command_answers_privately_and_its_page_buttons_replace_the_message(workspace, east):
    answer = workspace.command("ULEAD", "alliance")
    assert answer["blocks"][0]["text"]["text"] == "Alliance · East"
    assert "Hillmead" in texts(answer)
    assert "Loose 16" not in texts(answer)
    pager = next(b for b in answer["blocks"] if b.get("block_id") == "alliance_pages")
    turn = pager["elements"][0]
    workspace.act(
        "ULEAD", {"type": "button", "action_id": turn["action_id"], "value": turn["value"]}
    )
    replaced = workspace.slack.called("response_url")[-1]
    assert replaced["replace_original"] is True
    assert "Loose 16" in texts(replaced["blocks"])
    assert "Hillmead" not in texts(replaced["blocks"])
    assert texts(workspace.command("ULEAD", "alliance east")) == texts(answer)  # by its name


def test_members_of_its_schools_and_outsiders_are_refused_in_the_policys_words(workspace, east):
    assert workspace.command("UA1", "alliance")["text"] == REFUSED_TEXT  # Hillmead's member
    assert workspace.command("UX1", "alliance East")["text"] == REFUSED_TEXT  # Faraway's
    told = workspace.command("UX1", "alliance")["text"]  # in no alliance: how to start one
    assert told.startswith("You don't lead an alliance.")
    assert "alliance setup" in told
    assert "Alliance · East" not in texts(open_home(workspace, "UA1"))
    assert texts(open_home(workspace, "ULEAD")).count("Alliance · East") == 1  # the control


def test_a_forged_page_button_is_refused_and_shows_nothing(workspace, east, store):
    with store.connect() as db:
        other = alliances.create_alliance(db, "North", "UNORTH")
    before = len(workspace.slack.called("views.publish"))
    value = json.dumps({"a": other.id, "p": 1})
    page = {"type": "button", "action_id": f"{ids.ACTION_ALLIANCE_PAGE}_1"}
    workspace.act("ULEAD", {**page, "value": value})  # an alliance ULEAD does not lead
    assert (
        workspace.ephemeral_replies()[-1]
        == "Only the leads of North can see the alliance's progress."
    )
    workspace.act("ULEAD", {**page, "value": json.dumps({"a": east.id, "p": -1})})
    assert "out of date" in workspace.ephemeral_replies()[-1]
    on_home = {
        "container": {"type": "view", "view_id": "VHOME"},
        "view": {"id": "VHOME", "type": "home"},
        "response_url": None,  # Slack gives none on a Home tab: the answer goes by DM
    }
    workspace.act("UA1", {**page, "value": json.dumps({"a": east.id, "p": 1})}, **on_home)
    assert workspace.slack.called("chat.postMessage")[-1]["text"] == REFUSED_TEXT  # by DM
    assert len(workspace.slack.called("views.publish")) == before


def test_a_lead_who_is_also_a_member_sees_both_on_the_home_tab(workspace, east, store):
    with store.connect() as db:
        alliances.add_lead(db, east.id, "UA2", added_by="ULEAD")  # Hillmead's second member
    home = open_home(workspace, "UA2")
    shown = texts(home)
    assert home["blocks"][0]["text"]["text"] == "Peer review · Hillmead"
    assert "Alliance · East" in shown
    assert "Erase" in shown
