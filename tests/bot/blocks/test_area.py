from __future__ import annotations

import json

import pytest

from bot import ids
from bot.blocks.area import build_area_message
from bot.blocks.kit import escape
from tests.bot.blocks.conftest import area_view, check, judgement


@pytest.mark.parametrize("judged", [False, True])
def test_area_message_within_limits(framework, area, judged):
    message = build_area_message(
        framework, area_view(area, judgement=judgement(area) if judged else None)
    )
    check(message, "message")
    text = json.dumps(message)
    for level in framework.levels:
        assert framework.level_text(level) in text
    assert message["blocks"][0]["text"]["text"] == (f"Area {area.number} of 5 · {area.title}")
    assert "3 of 5 areas judged" in text
    for statement in [*area.questions, *area.evidence_sources]:
        assert escape(statement) in text


def test_area_message_offers_one_button_per_level(framework):
    area = framework.area("infrastructure")
    message = build_area_message(framework, area_view(area, judged_count=1))
    actions = next(b for b in message["blocks"] if b["type"] == "actions")
    values = [json.loads(e["value"]) for e in actions["elements"]]
    assert values == [{"c": 7, "a": "infrastructure", "l": n} for n in (1, 2, 3, 4)]
    assert [e["text"]["text"] for e in actions["elements"]] == [
        "Emerging (1)",
        "Expanding (2)",
        "Secure (3)",
        "Sustainable (4)",
    ]
    assert message["text"].startswith("Area 2 of 5 · Infrastructure: choose")


def test_judged_area_message_shows_level_and_change_button(framework):
    area = framework.area("itt")
    j = judgement(area, level=3, text="Strong SD partnership")
    message = build_area_message(framework, area_view(area, judgement=j))
    judged = next(b for b in message["blocks"] if b.get("block_id") == "judged")
    assert "*Secure (3)* — recorded by <@U1> on <!date^" in judged["text"]["text"]
    assert "{date_short}|24 Nov 2026>" in judged["text"]["text"]  # the reader's zone; UK
    assert judged["accessory"]["action_id"] == ids.ACTION_CHANGE_JUDGEMENT
    assert not any(b["type"] == "actions" for b in message["blocks"])
