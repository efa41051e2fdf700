"""The summary in the trio channel: a few lines an area, everything behind Full evidence."""

from __future__ import annotations

import json

from bot import ids
from tests.bot.conftest import TRIO
from tests.bot.handlers.test_judgements import judge, trio  # noqa: F401 - a fixture
from tests.bot.trio_setup import set_up

EVIDENCE = "\n".join(f"Paragraph {n}: " + "what we found in our schools. " * 12 for n in range(8))
ACTIONS = "\n".join(f"{n}. Action number {n} for the coming year" for n in range(1, 7))


def summary_message(ws) -> tuple[str, str]:
    return next(
        key
        for key in ws.slack.posted
        if key[0] == TRIO and ids.ACTION_FULL_EVIDENCE in json.dumps(ws.slack.messages[key])
    )


def area_block(ws, message, area_id):
    blocks = ws.slack.messages[message]["blocks"]
    return next(b for b in blocks if b.get("block_id") == f"area_{area_id}")


def test_each_area_is_short_and_its_full_evidence_a_click_away(trio, slack):  # noqa: F811
    set_up(trio, "UX1", "Faraway", channel="CFAR")
    trio.command("UA1", "start")
    for level in (3, 3, 2, 4, 2):
        judge(trio, "UA1", level, evidence=EVIDENCE, key_actions=ACTIONS, sources=(0, 1))
    summary = summary_message(trio)
    itt = area_block(trio, summary, "itt")["text"]["text"].splitlines()
    assert itt == [
        "*3 · Initial Teacher Training* — *Expanding (2)*",
        "*Evidence:* Paragraph 0: what we found in our schools. what we found in our schools. "
        "what we found in our schools. what we found in…",
        "*Key actions:*",
        "• Action number 1 for the coming year",
        "• Action number 2 for the coming year",
        "• Action number 3 for the coming year",
        "_and 3 more key actions_",
        "_Evidence sources: 2 of 11_",
    ]
    # A partner opens everything that was written.
    trio.click("UB1", summary, ids.ACTION_FULL_EVIDENCE)
    view = trio.last_view()
    assert view["callback_id"] == ids.VIEW_FULL_EVIDENCE
    shown = "\n".join(b["text"]["text"] for b in view["blocks"] if b["type"] == "section")
    assert "Paragraph 7: what we found" in shown
    assert "• Action number 6 for the coming year" in shown
    # Someone outside the trio is told why not, and no form opens.
    opened = len(slack.called("views.open"))
    trio.click("UX1", summary, ids.ACTION_FULL_EVIDENCE)
    assert len(slack.called("views.open")) == opened
    assert trio.ephemeral_replies()[-1] == (
        "Only members of Hillmead, its trio partners and its external challengers can see "
        "its evidence."
    )


def test_the_priorities_name_the_areas_in_order(trio):  # noqa: F811
    trio.command("UA1", "start")
    for level in (3, 3, 2, 4, 1):
        judge(trio, "UA1", level, key_actions=ACTIONS)
    blocks = trio.slack.messages[summary_message(trio)]["blocks"]
    priorities = next(b for b in blocks if b.get("block_id") == "priorities")
    assert priorities["text"]["text"].splitlines() == [
        "*Priorities* (lowest first)",
        "1. S2SS — Emerging (1)",
        "2. ITT — Expanding (2)",
        "3. Leadership — Secure (3)",
        "4. Infrastructure — Secure (3)",
        "5. CPD — Sustainable (4)",
    ]
