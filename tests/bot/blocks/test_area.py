from __future__ import annotations

import json
from dataclasses import replace

import pytest

from bot import ids
from bot.blocks.area import build_area_message
from bot.blocks.kit import escape
from tests.bot.blocks.conftest import CYCLE, area_view, check, judgement


def buttons(message):
    return [
        e["action_id"] for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]
    ]


@pytest.mark.parametrize("expanded", [False, True])
def test_the_whole_area_within_limits(framework, area, expanded):
    """Unjudged, or recorded with its descriptors shown: the workbook's whole page."""
    j = judgement(area) if expanded else None
    message = build_area_message(framework, area_view(area, judgement=j, expanded=expanded))
    check(message, "message")
    text = json.dumps(message)
    for level in framework.levels:
        assert framework.level_text(level) in text
    assert message["blocks"][0]["text"]["text"] == (f"Area {area.number} of 5 · {area.title}")
    assert "3 of 5 areas judged" in text
    for statement in [*area.questions, *area.evidence_sources]:
        assert escape(statement) in text


def test_a_recorded_area_within_limits(framework, area):
    message = build_area_message(framework, area_view(area, judgement=judgement(area)))
    check(message, "message")
    moved = area_view(area, judgement=judgement(area), moved_to=("C" * 11, "1.2"))
    check(build_area_message(framework, moved), "message")


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


def test_a_recorded_area_is_one_line_with_change_and_show_descriptors(framework):
    area = framework.area("itt")
    j = replace(judgement(area, level=3, text="Strong SD partnership"), evidence_sources=("a", "b"))
    message = build_area_message(framework, area_view(area, judgement=j))
    assert [b["type"] for b in message["blocks"]] == ["section", "actions"]
    assert message["blocks"][0]["text"]["text"] == (
        "*3 · Initial Teacher Training:* ✅ *Secure (3)* — recorded by <@U1> · "
        "evidence 2 of 11 sources"
    )
    assert buttons(message) == [ids.ACTION_CHANGE_JUDGEMENT, ids.ACTION_SHOW_DESCRIPTORS]
    values = {e["value"] for e in message["blocks"][1]["elements"]}
    assert values == {json.dumps({"a": "itt", "c": CYCLE.id}, separators=(",", ":"))}
    assert "Strong SD" not in json.dumps(message)  # the evidence is behind Show descriptors
    assert message["text"] == (
        f"Area 3 of 5 · Initial Teacher Training: Secure (3) recorded for {'S' * 80}"
    )


def test_one_source_of_one_is_singular(framework):
    area = framework.area("itt").model_copy(
        update={"evidence_sources": ("Recruitment targets met.",)}
    )
    j = replace(judgement(area, level=2), evidence_sources=())
    line = build_area_message(framework, area_view(area, judgement=j))["blocks"][0]
    assert line["text"]["text"].endswith("· evidence 0 of 1 source")


def test_descriptors_shown_keep_the_judgement_with_change_and_hide(framework):
    area = framework.area("itt")
    j = judgement(area, level=3, text="Strong SD partnership")
    message = build_area_message(framework, area_view(area, judgement=j, expanded=True))
    judged = next(b for b in message["blocks"] if b.get("block_id") == "judged")
    assert judged["text"]["text"].startswith("✅ *Secure (3)* — recorded by <@U1> on <!date^")
    assert "{date_short}|24 Nov 2026>" in judged["text"]["text"]  # the reader's zone; UK
    assert "Evidence: Strong SD partnership" in json.dumps(message)
    assert buttons(message) == [ids.ACTION_CHANGE_JUDGEMENT, ids.ACTION_HIDE_DESCRIPTORS]


@pytest.mark.parametrize(
    ("live", "here", "says"),
    [
        ("CHILL", "CHILL", "use the copy further down in this conversation"),
        ("CHILL", "DA1", "use the copy in <#CHILL>"),
        ("DA1", "CHILL", "use the copy sent by direct message"),
    ],
)
def test_an_older_copy_says_where_the_live_one_is_without_buttons(framework, live, here, says):
    area = framework.area("cpd")
    for j in (None, judgement(area)):
        view = area_view(area, judgement=j, moved_to=(live, "2.0"), message=(here, "1.0"))
        message = build_area_message(framework, view)
        assert buttons(message) == []
        assert [b["type"] for b in message["blocks"]] == ["context"]
        assert says in message["text"]
        assert message["text"].startswith("Area 4 of 5 · Continuing Professional Development for")
        assert message["text"].endswith("This one is out of date.")


def test_last_cycles_key_actions_are_a_list(framework):
    area = framework.area("itt")
    before = replace(
        judgement(area, level=2),
        key_actions="1. Recruit ITT leads\n2. Shared mentor QA\n- <b>Audit</b>",
    )
    message = build_area_message(
        framework, area_view(area, last=(replace(CYCLE, number=11), before))
    )
    last = next(b for b in message["blocks"] if "Last cycle" in json.dumps(b))
    assert last["elements"][0]["text"] == (
        "*Last cycle (11): Expanding (2)*\nKey actions:\n"
        "• Recruit ITT leads\n• Shared mentor QA\n• &lt;b&gt;Audit&lt;/b&gt;"
    )


def test_descriptors_shown_mark_the_schools_level_and_list_its_key_actions(framework):
    area = framework.area("itt")
    j = replace(judgement(area, level=3), key_actions="- Recruit ITT leads\n- Shared mentor QA")
    message = build_area_message(framework, area_view(area, judgement=j, expanded=True))
    levels = {
        b["block_id"]: b["text"]["text"]
        for b in message["blocks"]
        if "level_" in b.get("block_id", "")
    }
    assert levels["level_3"].startswith("✅ *Secure (3)* — _")
    assert "best fit_" in levels["level_3"]
    assert not any(t.startswith("✅") for k, t in levels.items() if k != "level_3")
    assert "Key actions:\n• Recruit ITT leads\n• Shared mentor QA" in json.dumps(
        message, ensure_ascii=False
    ).replace("\\n", "\n")
    check(message, "message")
