"""Review rounds end to end: a lead opens one from ``/peer-review alliance round``, schools
are told the dates and start a new cycle, a lead nudges, the round's reminders arrive."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
import time_machine

import storage
from bot import ids
from bot.reminders import check
from tests.bot.workspace import find_element
from tests.core.round_setup import alliance_of

OPENED_AT = datetime(2026, 11, 25, 10, tzinfo=UTC)  # a Wednesday
WEEK_BEFORE = datetime(2026, 12, 9, 10, tzinfo=UTC)  # self-evaluation due Wednesday 16 Dec


def dates(self_due="2026-12-16", challenge_due="2026-12-30", outcomes_due="2027-01-20"):
    """The round form's state, as Slack sends it."""
    picked = {
        ids.BLOCK_SELF_DUE: (ids.ACTION_SELF_DUE, self_due),
        ids.BLOCK_CHALLENGE_DUE: (ids.ACTION_CHALLENGE_DUE, challenge_due),
        ids.BLOCK_OUTCOMES_DUE: (ids.ACTION_OUTCOMES_DUE, outcomes_due),
    }
    return {
        block: {action: {"type": "datepicker", "selected_date": day}}
        for block, (action, day) in picked.items()
    }


@pytest.fixture
def east(workspace, summary, store):
    """Hillmead (UA1, UA2; judged, summary posted), Oakfield (UB1) and Riverside (UC1) in
    East Midlands TSA, led by ULEAD; Faraway (UX1) in North Alliance, led by UNORTH."""
    with store.connect() as db:
        schools = {n: storage.find_school(db, n) for n in ("Hillmead", "Oakfield", "Riverside")}
        made = alliance_of(
            db,
            [
                (schools["Hillmead"], "UA1"),
                (schools["Oakfield"], "UB1"),
                (schools["Riverside"], "UC1"),
            ],
        )
        alliance_of(db, [(storage.find_school(db, "Faraway"), "UX1")], "North Alliance", "UNORTH")
    return made, schools


def open_round(workspace, user="ULEAD"):
    with time_machine.travel(OPENED_AT, tick=False):
        assert workspace.command(user, "alliance round") == {}
        return workspace.submit(user, workspace.last_view(), dates())


def test_a_lead_opens_a_round_and_every_school_is_told_and_starts_a_cycle(
    workspace, east, store, slack
):
    _, schools = east
    with time_machine.travel(OPENED_AT, tick=False):
        assert workspace.command("ULEAD", "alliance round") == {}
        form = workspace.last_view()
        initial = [b["element"]["initial_date"] for b in form["blocks"] if b["type"] == "input"]
        assert initial == ["2026-12-16", "2026-12-30", "2027-01-20"]  # 3, 5 and 8 weeks on
        ack = workspace.submit("ULEAD", form, dates())
    assert ack["response_action"] == "update"
    said = ack["view"]["blocks"][0]["text"]["text"]
    assert said.startswith("Review round 1 of *East Midlands TSA* is open.")
    assert "3 schools started a new review cycle and were told." in said
    with store.connect() as db:
        cycle = storage.current_cycle(db, schools["Hillmead"].id)
    assert cycle.number == 2  # cycle 1 (judged) is kept for comparison
    # No school has a channel of its own: each member hears by DM, with the dates.
    for person in ("UA1", "UA2", "UB1", "UC1"):
        [news] = [p for p in workspace.posts(person) if "opened review round" in p["text"]]
        assert (
            "*East Midlands TSA* opened review round 1. Self-evaluation due *Wednesday 16 "
            "December*, challenge by *Wednesday 30 December*, outcomes by *Wednesday 20 "
            "January*." in news["text"]
        )
    assert not [p for p in workspace.posts("UX1") if "opened review round" in p["text"]]
    # The Home tab shows where the school is against the dates.
    homes = [c for c in slack.called("views.publish") if c["user_id"] == "UA1"]
    assert "Round 1 of East Midlands TSA · you're at self-evaluation · due Wednesday 16" in (
        json.dumps(homes[-1]["view"], ensure_ascii=False)
    )
    # The news's button starts the new cycle's walk.
    dm = next(k for k in reversed(slack.posted) if k[0] == "DA1")
    workspace.click("UA1", dm, ids.ACTION_START_REVIEW)
    area = workspace.slack.messages[workspace.last_area()]["blocks"]
    assert json.loads(find_element(area, f"{ids.ACTION_CHOOSE_LEVEL}_1")["value"])["c"] == cycle.id


def test_a_date_out_of_order_is_shown_under_its_field(workspace, east, store):
    made, _ = east
    with time_machine.travel(OPENED_AT, tick=False):
        workspace.command("ULEAD", "alliance round")
        ack = workspace.submit("ULEAD", workspace.last_view(), dates(challenge_due="2026-12-01"))
        assert ack == {
            "response_action": "errors",
            "errors": {
                ids.BLOCK_CHALLENGE_DUE: "Peer challenge comes after self-evaluation: choose "
                "Wednesday 16 December or later."
            },
        }
        missing = workspace.submit("ULEAD", workspace.last_view(), dates(self_due=None))
        assert missing["errors"] == {ids.BLOCK_SELF_DUE: "Choose the date self-evaluation is due."}
    with store.connect() as db:
        assert storage.rounds.rounds_of(db, made.id) == []


def test_only_a_lead_opens_the_round_even_with_a_forged_alliance(workspace, east, store):
    made, _ = east
    opened = len(workspace.slack.called("views.open"))
    assert "You don't lead an alliance" in workspace.command("UA1", "alliance round")["text"]
    assert len(workspace.slack.called("views.open")) == opened
    with time_machine.travel(OPENED_AT, tick=False):
        workspace.command("UNORTH", "alliance round")
        north_form = workspace.last_view()
        assert "North Alliance" in north_form["blocks"][0]["text"]["text"]
        forged = json.dumps({"a": made.id})
        ack = workspace.submit("UNORTH", north_form, dates(), private_metadata=forged)
    assert ack["response_action"] == "update"
    assert ack["view"]["blocks"][0]["text"]["text"] == (
        "Only the leads of East Midlands TSA can open a review round."
    )
    workspace.act(
        "UNORTH",
        {"type": "button", "action_id": ids.ACTION_OPEN_ROUND, "value": json.dumps({"a": made.id})},
    )
    assert workspace.ephemeral_replies()[-1] == (
        "Only the leads of East Midlands TSA can open a review round."
    )
    with store.connect() as db:
        assert storage.rounds.rounds_of(db, made.id) == []
    assert open_round(workspace)["response_action"] == "update"  # the positive control
    with store.connect() as db:
        assert len(storage.rounds.rounds_of(db, made.id)) == 1


def test_a_lead_nudges_a_school_and_nobody_else_can(workspace, east):
    _, schools = east
    open_round(workspace)
    refused = workspace.command("UB1", "alliance nudge Hillmead")["text"]
    assert refused == "Only the leads of Hillmead's alliance can nudge it about the review round."
    assert not [p for p in workspace.posts("UA1") if "asked me to remind you" in p["text"]]
    with time_machine.travel(WEEK_BEFORE, tick=False):
        said = workspace.command("ULEAD", "alliance nudge Hillmead")["text"]
    assert said == "Nudged Hillmead: reminded <@UA1> and <@UA2> to finish the self-evaluation."
    [dm] = [p for p in workspace.posts("UA2") if "asked me to remind you" in p["text"]]
    assert (
        "Finish Hillmead's self-evaluation (0 of 5 areas judged); due Wednesday 16 December"
        in (dm["text"])
    )
    # The Nudge button on the lead's view, and the same button forged by a partner.
    value = json.dumps({"s": schools["Oakfield"].id})
    with time_machine.travel(WEEK_BEFORE, tick=False):
        workspace.act("UC1", {"type": "button", "action_id": ids.ACTION_NUDGE, "value": value})
        assert workspace.ephemeral_replies()[-1].startswith("Only the leads of Oakfield's")
        workspace.act("ULEAD", {"type": "button", "action_id": ids.ACTION_NUDGE, "value": value})
    assert workspace.ephemeral_replies()[-1] == (
        "Nudged Oakfield: reminded <@UB1> to finish the self-evaluation."
    )
    assert "Name the school" in workspace.command("ULEAD", "alliance nudge")["text"]
    assert (
        "I don't know a school called “Nowhere”"
        in (workspace.command("ULEAD", "alliance nudge Nowhere")["text"])
    )


def test_the_rounds_reminder_arrives_by_dm_with_its_due_date(workspace, east):
    open_round(workspace)
    with time_machine.travel(WEEK_BEFORE, tick=False):
        assert check(workspace.bot.services) == 4  # UA1, UA2, UB1, UC1: all self-evaluating
        workspace.bot.worker.drain()
        assert check(workspace.bot.services) == 0  # at most one a week
    [dm] = [p for p in workspace.posts("UB1") if p["text"].startswith("A reminder: ")]
    assert dm["text"] == (
        "A reminder: in *East Midlands TSA*'s review round 1, this is waiting for you.\n"
        "• Finish Oakfield's self-evaluation (0 of 5 areas judged); due Wednesday 16 December\n"
        "(Round reminders come at most once a week.)"
    )


def test_a_school_is_told_in_its_channel_or_by_dm_when_the_bot_is_kept_out(
    workspace, summary, store, slack
):
    with store.connect() as db:
        hill = storage.find_school(db, "Hillmead")
        storage.update_school(db, hill.id, channel_id="CHILL")
        alliance_of(db, [(hill, "UA1")])
    slack.fail("chat.postMessage", "not_in_channel")
    open_round(workspace)
    refused = [c for c in slack.calls if c.method == "chat.postMessage" and not c.ok]
    assert [c.args["channel"] for c in refused] == ["CHILL"]
    for person in ("UA1", "UA2"):
        assert [p for p in workspace.posts(person) if "opened review round 1" in p["text"]]
    # The next round: the bot is known to be kept out, so the members hear by DM at once.
    with time_machine.travel(OPENED_AT, tick=False):
        workspace.command("ULEAD", "alliance round")
        workspace.submit("ULEAD", workspace.last_view(), dates())
    assert not [c for c in slack.calls if c.method == "chat.postMessage" and not c.ok][1:]
    assert len([p for p in workspace.posts("UA1") if "opened review round 2" in p["text"]]) == 1
    assert not [p for p in workspace.posts("CHILL") if "opened review round 2" in p["text"]]


def test_the_lead_hears_when_a_nudge_could_not_be_sent(workspace, east):
    open_round(workspace)
    workspace.slack.fail("chat.postMessage", "user_disabled")
    with time_machine.travel(WEEK_BEFORE, tick=False):
        said = workspace.command("ULEAD", "alliance nudge Oakfield")["text"]
    assert said == "Nudged Oakfield: reminded <@UB1> to finish the self-evaluation."
    [told] = [p for p in workspace.posts("ULEAD") if p["text"].startswith("I couldn't send")]
    assert told["text"] == (
        "I couldn't send <@UB1> your reminder (user_disabled). Try again later."
    )
