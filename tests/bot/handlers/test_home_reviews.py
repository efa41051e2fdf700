"""A reviewer's Home tab lists the summaries waiting for their challenge and the outcomes
waiting for their agreement, with a link to the summary and a button each. (The workspace
fixture checks every Home tab published against Slack's limits.)"""

from __future__ import annotations

import json

from bot import ids
from bot.blocks.home_reviews import MOST_SHOWN, waiting_blocks
from bot.limits import problems
from core.reviewing import Waiting
from storage import externals
from storage.records import School
from tests.bot.conftest import TRIO, challenge_state
from tests.bot.handlers.test_agreements import agreement_state, open_agreement, propose
from tests.bot.handlers.test_home import open_home


def waiting(view) -> list[dict]:
    return [b for b in view["blocks"] if b.get("block_id", "").startswith("waiting_")]


def test_a_partner_sees_the_summary_waiting_for_their_challenge_then_the_outcomes(
    workspace, summary
):
    [item] = waiting(open_home(workspace, "UB1"))
    text = item["text"]["text"]
    assert "*Hillmead*'s summary is waiting for your challenge" in text
    link = f"https://slack.com/app_redirect?channel={TRIO}&amp;message_ts={summary.summary_ts}"
    assert f"<{link}|Open the summary>" in text
    button = item["accessory"]
    assert (button["action_id"], json.loads(button["value"])) == (
        ids.ACTION_OPEN_CHALLENGE,
        {"c": summary.id},
    )
    assert waiting(open_home(workspace, "UA1")) == []  # not for the school itself
    assert waiting(open_home(workspace, "UX1")) == []  # nor for anyone outside the trio
    workspace.click("UB1", (TRIO, summary.summary_ts), ids.ACTION_OPEN_CHALLENGE)
    assert workspace.submit("UB1", workspace.last_view(), challenge_state()) == {}
    assert waiting(open_home(workspace, "UB1")) == []  # challenged: Hillmead is next
    propose(workspace, summary)
    [item] = waiting(open_home(workspace, "UB1"))
    assert "they are waiting for your school to agree" in item["text"]["text"]
    assert item["accessory"]["action_id"] == ids.ACTION_OPEN_AGREEMENT
    # The Home tabs were refreshed when the outcomes were proposed, without being opened.
    published = workspace.slack.called("views.publish")
    assert any(p["user_id"] == "UC1" and ids.ACTION_OPEN_AGREEMENT in str(p) for p in published)
    view = open_agreement(workspace, "UB1", summary)
    assert workspace.submit("UB1", view, agreement_state("agree")) == {}
    assert waiting(open_home(workspace, "UB1")) == []
    assert waiting(open_home(workspace, "UC1")) == []


def test_an_external_challenger_with_no_school_sees_the_list(workspace, store, summary):
    assert waiting(open_home(workspace, "USIP")) == []  # the positive control follows
    with store.connect() as db:
        externals.add_external(db, summary.school_id, "USIP", invited_by="UA1")
    view = open_home(workspace, "USIP")
    [item] = waiting(view)
    assert "*Hillmead*'s summary is waiting for your challenge" in item["text"]["text"]
    assert item["accessory"]["action_id"] == ids.ACTION_OPEN_CHALLENGE
    text = json.dumps(view)
    assert "Waiting for you" in text
    assert "Set up your school" in text  # still offered, below the list


def test_a_long_list_is_cut_within_the_home_tabs_limits():
    items = [
        Waiting(School(n, f"School {n} " + "&<" * 60, "U1", "t"), n, "challenge", None, TRIO, "1.2")
        for n in range(1, 40)
    ]
    blocks = waiting_blocks(items)
    assert len([b for b in blocks if b.get("block_id", "").startswith("waiting_")]) == MOST_SHOWN
    assert "and 29 more reviews" in json.dumps(blocks)
    assert problems({"type": "home", "blocks": blocks}, kind="home") == []
