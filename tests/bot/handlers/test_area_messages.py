"""An area's message as people meet it: one line once recorded, its descriptors on request,
and one live copy however often the area is shown again."""

from __future__ import annotations

import copy
import json

import pytest

import storage
from bot import ids
from core import cycles
from storage import messages
from tests.bot.conftest import judgement_values, setup_values
from tests.bot.handlers.test_judgements import judge, level_button
from tests.bot.trio_setup import form_trio


@pytest.fixture
def hillmead(workspace):
    """Hillmead (UA1, UA2) in its own channel #hill, in a trio with Oakfield (UB1);
    Faraway (UX1) is outside it."""
    form_trio(workspace, [("UA1", "Hillmead", ("UA2",)), ("UB1", "Oakfield")])
    workspace.command("UA1", "setup")
    workspace.submit(
        "UA1",
        workspace.last_view(),
        setup_values("Hillmead", members=("UA2",), own_channel="CHILL"),
    )
    workspace.command("UX1", "setup")
    workspace.submit("UX1", workspace.last_view(), setup_values("Faraway"))
    return workspace


def blocks_of(ws, message):
    return ws.slack.messages[message]["blocks"]


def shown(ws, message) -> str:
    return json.dumps(blocks_of(ws, message), ensure_ascii=False)


def buttons(ws, message) -> list[str]:
    return [
        e["action_id"]
        for b in blocks_of(ws, message)
        if b["type"] == "actions"
        for e in b["elements"]
    ]


def areas_in(ws, channel="CHILL", area="Initial Teacher Training"):
    """The area's messages in the channel, oldest first."""
    return [
        key
        for key in ws.slack.posted
        if key[0] == channel and key in ws.slack.messages and area in shown(ws, key)
    ]


def test_a_recorded_area_becomes_one_line(hillmead):
    ws = hillmead
    ws.command("UA1", "area itt")
    message = ws.last_post()
    assert len(blocks_of(ws, message)) > 10  # the whole page, to judge it
    judge(ws, "UA1", 3, message=message, sources=(0, 1))
    assert [b["type"] for b in blocks_of(ws, message)] == ["section", "actions"]
    assert blocks_of(ws, message)[0]["text"]["text"] == (
        "*3 · Initial Teacher Training:* ✅ *Secure (3)* — recorded by <@UA1> · "
        "evidence 2 of 11 sources"
    )
    assert buttons(ws, message) == [ids.ACTION_CHANGE_JUDGEMENT, ids.ACTION_SHOW_DESCRIPTORS]
    # Change opens the form as before, filled in.
    ws.click("UA2", message, ids.ACTION_CHANGE_JUDGEMENT)
    assert ws.last_view()["callback_id"] == ids.VIEW_JUDGEMENT


def test_show_and_hide_descriptors_in_place(hillmead, slack):
    ws = hillmead
    ws.command("UA1", "area itt")
    message = ws.last_post()
    judge(ws, "UA1", 3, evidence="Strong SD partnership", message=message)
    posts = len(ws.posts())

    ws.click("UB1", message, ids.ACTION_SHOW_DESCRIPTORS)  # a trio partner may see it all
    text = shown(ws, message)
    assert "Sustainable (4)" in text  # every level's descriptors
    assert "Questions to support judgement" in text
    assert "Evidence: Strong SD partnership" in text
    assert buttons(ws, message) == [ids.ACTION_CHANGE_JUDGEMENT, ids.ACTION_HIDE_DESCRIPTORS]

    ws.click("UA2", message, ids.ACTION_HIDE_DESCRIPTORS)
    assert [b["type"] for b in blocks_of(ws, message)] == ["section", "actions"]
    assert buttons(ws, message) == [ids.ACTION_CHANGE_JUDGEMENT, ids.ACTION_SHOW_DESCRIPTORS]
    assert len(ws.posts()) == posts  # updated in place, nothing posted
    updates = [c for c in slack.called("chat.update") if c["ts"] == message[1]]
    assert len(updates) == 3  # recorded, shown, hidden


def test_descriptors_stay_shown_after_a_change(hillmead):
    ws = hillmead
    ws.command("UA1", "area itt")
    message = ws.last_post()
    judge(ws, "UA1", 3, message=message)
    ws.click("UA1", message, ids.ACTION_SHOW_DESCRIPTORS)
    ws.click("UA1", message, ids.ACTION_CHANGE_JUDGEMENT)
    ws.submit("UA1", ws.last_view(), judgement_values(2, "Fewer trainees than we thought"))
    assert "Evidence: Fewer trainees than we thought" in shown(ws, message)
    assert ids.ACTION_HIDE_DESCRIPTORS in buttons(ws, message)


def test_someone_outside_the_trio_may_not_show_the_descriptors(hillmead):
    ws = hillmead
    ws.command("UA1", "area itt")
    message = ws.last_post()
    judge(ws, "UA1", 3, message=message)
    before = blocks_of(ws, message)
    ws.click("UX1", message, ids.ACTION_SHOW_DESCRIPTORS)
    assert "Only members of Hillmead, its trio partners" in ws.ephemeral_replies()[-1]
    assert blocks_of(ws, message) == before
    ws.click("UA1", message, ids.ACTION_SHOW_DESCRIPTORS)  # a member may
    assert blocks_of(ws, message) != before


def test_presenting_an_area_again_leaves_one_live_copy(hillmead):
    ws = hillmead
    ws.command("UA1", "start")
    first = ws.last_post()
    ws.command("UA1", "start")  # again, as people do when they lose their place
    ws.command("UA2", "area 1")
    copies = areas_in(ws, area="Area 1 of 5 · Leadership")
    assert len(copies) == 3
    *old, live = copies
    assert old[0] == first
    for message in old:
        assert buttons(ws, message) == []
        assert ws.slack.messages[message]["text"] == (
            "Area 1 of 5 · Leadership for Hillmead was shown again: use the copy further down "
            "in this conversation. This one is out of date."
        )
    assert len(buttons(ws, live)) == 4  # a button per level
    judge(ws, "UA1", 2, message=live)
    assert "✅ *Expanding (2)*" in shown(ws, live)


def test_an_area_shown_again_elsewhere_says_where(hillmead):
    ws = hillmead
    ws.command("UA1", "area itt")
    in_channel = ws.last_post()
    ws.command("UA1", "setup")  # the school stops using its channel: areas come by DM
    ws.submit("UA1", ws.last_view(), setup_values("Hillmead", members=("UA2",)))
    ws.command("UA1", "area itt")
    assert ws.last_post()[0] == "DA1"
    assert ws.slack.messages[in_channel]["text"].endswith(
        "use the copy sent to <@UA1> by direct message. This one is out of date."
    )


def test_a_judgement_made_on_an_old_copy_shows_on_the_live_one(hillmead, store):
    """An old copy the bot could not tidy (its update failed) still works; using it tidies
    it, and the judgement shows where people look now."""
    ws = hillmead
    ws.command("UA1", "area itt")
    old = ws.last_post()
    ws.slack.fail("chat.update", "internal_error", times=6)  # the tidying fails for good
    ws.command("UA1", "area itt")
    live = areas_in(ws)[-1]
    assert live != old
    assert len(buttons(ws, old)) == 4  # still live-looking
    judge(ws, "UA1", 4, message=old)
    assert buttons(ws, old) == []
    assert "out of date" in ws.slack.messages[old]["text"]
    assert "✅ *Sustainable (4)*" in shown(ws, live)
    with store.connect() as db:
        cycle = storage.current_cycle(db, storage.find_school(db, "Hillmead").id)
        assert storage.scores_for(db, cycle.id) == {"itt": 4}


def test_an_old_copy_someone_deleted_is_left_alone(hillmead, slack):
    ws = hillmead
    ws.command("UA1", "area itt")
    told = len(ws.posts("UA1"))
    slack.fail("chat.update", "message_not_found")
    ws.command("UA1", "area itt")
    assert slack.called("chat.update", ok_only=False)[-1]["ts"] == areas_in(ws)[0][1]
    assert len(ws.posts("UA1")) == told  # nobody is told about a message that is gone
    assert len(areas_in(ws)) == 2


def test_an_area_of_a_closed_cycle_is_answered_politely(hillmead, framework):
    ws = hillmead
    ws.command("UA1", "start")
    message = ws.last_post()
    for level in (2, 2, 2, 2, 2):
        judge(ws, "UA1", level)
    with ws.bot.services.unit() as db:
        cycle = storage.current_cycle(db, storage.find_school(db, "Hillmead").id)
        cycles.start_next(db, framework, "UA1", cycle.id)
    ws.click("UA1", message, ids.ACTION_CHANGE_JUDGEMENT)
    closed = "Review cycle 1 of Hillmead is closed, so its judgements are kept as they were."
    assert closed in ws.ephemeral_replies()[-1]


def test_choosing_a_level_on_an_area_not_yet_judged_still_works(hillmead):
    ws = hillmead
    ws.command("UA1", "area itt")
    ws.click("UA1", ws.last_post(), level_button(3))
    assert ws.last_view()["callback_id"] == ids.VIEW_JUDGEMENT


def test_an_area_sent_to_another_members_dm_says_whose_it_is(workspace):
    form_trio(workspace, [("UA1", "Hillmead", ("UA2",)), ("UB1", "Oakfield")])  # no own channel
    workspace.command("UA1", "area itt")
    mine = workspace.last_post()
    workspace.command("UA2", "area 3")
    assert (mine[0], workspace.last_post()[0]) == ("DA1", "DA2")
    assert workspace.slack.messages[mine]["text"] == (
        "Area 3 of 5 · Initial Teacher Training for Hillmead was shown again: use the copy sent "
        "to <@UA2> by direct message, or type `/peer-review area 3` to have it here. This one "
        "is out of date."
    )


def forged_show(ws, user, message, cycle_id, area="cpd"):
    """Show descriptors with a value naming `area`, sent from a message that is not its."""
    value = json.dumps({"c": cycle_id, "a": area})
    action = {"type": "button", "action_id": ids.ACTION_SHOW_DESCRIPTORS, "value": value}
    channel, ts = message
    container = {"type": "message", "channel_id": channel, "message_ts": ts}
    return ws.act(user, action, container=container, channel={"id": channel})


def test_a_forged_value_cannot_make_another_message_an_areas_copy(hillmead, store):
    ws = hillmead
    ws.command("UA1", "area itt")
    judge(ws, "UA1", 3, message=ws.last_post())
    with store.connect() as db:
        cycle = storage.current_cycle(db, storage.find_school(db, "Hillmead").id)
    news = [key for key in ws.slack.posted if key[0] == "CTRIO00001"][-1]  # not an area's
    before = copy.deepcopy(ws.slack.messages[news])
    ws.command("UB1", "start")  # Oakfield works in DMs: its own area, in the partner's DM
    in_a_partners_dm = ws.last_post()
    assert in_a_partners_dm[0] == "DB1"
    for message in (news, in_a_partners_dm):  # a partner may see the evidence, not move it
        kept = copy.deepcopy(ws.slack.messages[message])
        forged_show(ws, "UB1", message, cycle.id)
        assert ws.ephemeral_replies()[-1].startswith("This button or form is out of date")
        assert ws.slack.messages[message] == kept
    assert ws.slack.messages[news] == before
    with store.connect() as db:
        assert messages.area_message(db, cycle.id, "cpd") is None
        # The positive control: a copy in the school's own channel the bot kept no record of.
        itt = messages.area_message(db, cycle.id, "itt")
        db.execute("DELETE FROM area_messages WHERE area_id = 'itt'")
        db.conn.commit()
    ws.click("UA2", (itt.channel_id, itt.ts), ids.ACTION_SHOW_DESCRIPTORS)
    assert "Questions to support judgement" in shown(ws, (itt.channel_id, itt.ts))
    with store.connect() as db:
        assert messages.area_message(db, cycle.id, "itt").expanded


def test_a_forged_form_does_not_change_a_message_that_is_not_the_areas(hillmead):
    ws = hillmead
    ws.command("UA1", "area itt")
    live = ws.last_post()
    ws.click("UA1", live, level_button(3))
    view = ws.last_view()
    meta = json.loads(view["private_metadata"])
    news = [key for key in ws.slack.posted if key[0] == "CTRIO00001"][-1]
    kept = copy.deepcopy(ws.slack.messages[news])
    forged = json.dumps({**meta, "ch": news[0], "ts": news[1]})
    assert ws.submit("UA1", view, judgement_values(3, "ev"), private_metadata=forged) == {}
    assert ws.slack.messages[news] == kept
    assert "✅ *Secure (3)*" in shown(ws, live)  # the area's own copy shows it


def test_a_forged_value_cannot_take_over_another_areas_live_copy(hillmead, store):
    """ITT's live message in the school's own channel, clicked with a value naming CPD:
    refused, and ITT's line stays ITT's."""
    ws = hillmead
    ws.command("UA1", "area itt")
    judge(ws, "UA1", 3, message=ws.last_post())
    with store.connect() as db:
        cycle = storage.current_cycle(db, storage.find_school(db, "Hillmead").id)
        itt = messages.area_message(db, cycle.id, "itt")
    ws.command("UA1", "area cpd")
    judge(ws, "UA1", 2, message=ws.last_post())
    message = (itt.channel_id, itt.ts)
    kept = copy.deepcopy(ws.slack.messages[message])
    forged_show(ws, "UA2", message, cycle.id, area="cpd")
    assert ws.ephemeral_replies()[-1].startswith("This button or form is out of date")
    assert ws.slack.messages[message] == kept
    with store.connect() as db:
        cpd = messages.area_message(db, cycle.id, "cpd")
        assert (cpd.channel_id, cpd.ts) != message  # CPD's copy is still its own
        assert messages.area_at(db, *message).area_id == "itt"
