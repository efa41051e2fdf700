from __future__ import annotations

from dataclasses import replace

from bot.blocks.ratings import build_ratings
from tests.bot.blocks.conftest import check, judgement, standing_with


def test_an_areas_key_actions_are_a_list(framework):
    itt = framework.area("itt")
    written = replace(
        judgement(itt, level=2, text="School Direct in 6 schools"),
        key_actions="1. ITT — Expanding (2): - Recruit ITT leads\n- Shared mentor QA",
    )
    answer = build_ratings(framework, standing_with(framework, {"itt": written}), area=itt)
    check(answer, "message")
    text = answer["blocks"][1]["text"]["text"]
    assert text.splitlines()[-3:] == [
        "*Key actions:*",
        "• ITT — Expanding (2): - Recruit ITT leads",
        "• Shared mentor QA",
    ]


def test_the_longest_answer_about_an_area_keeps_to_slacks_limits(framework, area):
    many = "\n".join(f"- {'&<>' * 100}" for _ in range(40))
    written = replace(judgement(area), key_actions=many)
    answer = build_ratings(framework, standing_with(framework, {area.id: written}), area=area)
    check(answer, "message")
    shown = "\n".join(b["text"]["text"] for b in answer["blocks"])
    assert shown.endswith("_and 35 more key actions_")
