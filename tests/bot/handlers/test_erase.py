"""Erasing a school from Slack: members only, after typing its name again."""

from __future__ import annotations

import json

import storage
from bot import ids
from tests.bot.trio_setup import school_id


def open_erase(ws, user, school):
    value = json.dumps({"s": school})
    ws.act(
        user,
        {"type": "button", "action_id": ids.ACTION_OPEN_ERASE, "value": value},
        response_url=None,
    )


def typed(name):
    return {
        ids.BLOCK_ERASE_NAME: {ids.ACTION_ERASE_NAME: {"type": "plain_text_input", "value": name}}
    }


def schools(ws):
    with ws.bot.services.store.connect() as db:
        return [s.name for s in storage.list_schools(db)]


def test_the_home_tab_offers_members_the_erase_form(workspace, summary):
    hill = school_id(workspace, "Hillmead")
    open_erase(workspace, "UA2", hill)
    view = workspace.last_view()
    assert view["callback_id"] == ids.VIEW_ERASE
    assert "This erases Hillmead for good." in json.dumps(view)
    assert "Oakfield, Riverside stay, with their own data" in json.dumps(view)


def test_a_member_erases_after_typing_the_name(workspace, summary):
    hill = school_id(workspace, "Hillmead")
    open_erase(workspace, "UA1", hill)
    view = workspace.last_view()
    ack = workspace.submit("UA1", view, typed("Hilmead"))
    assert "type the school's name as it is: Hillmead" in ack["errors"][ids.BLOCK_ERASE_NAME]
    assert "Hillmead" in schools(workspace)  # positive control: a wrong name erased nothing
    published = len(workspace.slack.called("views.publish"))
    ack = workspace.submit("UA1", view, typed("  hillmead "))
    assert ack["response_action"] == "update"
    assert "Hillmead's data is erased" in json.dumps(ack["view"])
    assert schools(workspace) == ["Faraway", "Oakfield", "Riverside"]
    with workspace.bot.services.store.connect() as db:
        assert storage.schools_of(db, "UA2") == []
        assert [s.name for s in storage.partners_of(db, school_id(workspace, "Oakfield"))] == [
            "Riverside"
        ]
    told = {c["user_id"] for c in workspace.slack.called("views.publish")[published:]}
    assert {"UA1", "UA2", "UB1", "UC1"} <= told  # their Home tabs no longer show Hillmead


def test_a_partner_cannot_open_or_submit_the_form(workspace, summary):
    hill = school_id(workspace, "Hillmead")
    opened = len(workspace.slack.called("views.open"))
    open_erase(workspace, "UB1", hill)
    assert len(workspace.slack.called("views.open")) == opened
    assert "Only members of Hillmead can erase it" in workspace.posts("UB1")[-1]["text"]
    open_erase(workspace, "UA1", hill)  # a member's form, submitted by a partner (forged)
    ack = workspace.submit("UB1", workspace.last_view(), typed("Hillmead"))
    assert "Only members of Hillmead can erase it" in ack["errors"][ids.BLOCK_ERASE_NAME]
    assert "Hillmead" in schools(workspace)


def test_forged_or_stale_forms_are_refused(workspace, summary):
    hill = school_id(workspace, "Hillmead")
    open_erase(workspace, "UA1", hill)
    view = workspace.last_view()
    for metadata in ("nonsense", json.dumps({"s": "1"}), json.dumps({"s": 99999})):
        ack = workspace.submit("UA1", view, typed("Hillmead"), private_metadata=metadata)
        said = ack["errors"][ids.BLOCK_ERASE_NAME]
        assert "out of date" in said or "no longer exists" in said
    assert "Hillmead" in schools(workspace)
