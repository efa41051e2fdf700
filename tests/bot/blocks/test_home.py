from __future__ import annotations

from dataclasses import replace

from bot.blocks.home import build_home
from tests.bot.blocks.conftest import (
    AREAS,
    CYCLE,
    SCHOOL,
    challenges_on,
    check,
    judgement,
    standing_with,
)


def test_home_within_limits_with_the_longest_content(framework):
    levels = dict(zip(AREAS, [1, 2, 3, 4, 1], strict=True))
    now = {a: judgement(framework.area(a), level=n) for a, n in levels.items()}
    before = {a: judgement(framework.area(a), level=4) for a in AREAS}
    found = standing_with(
        framework,
        now,
        previous=CYCLE,
        previous_judgements=before,
        comments=challenges_on(AREAS, each=999, text="x"),
    )
    assert found.shift is not None
    assert found.open_challenges == 999 * 6
    check(build_home(framework, school=SCHOOL, standing=found), "home")
    check(build_home(framework), "home")
    check(build_home(framework, school=SCHOOL), "home")


def test_priorities_list_their_key_actions(framework):
    written = "1. Recruit ITT leads\n- Shared mentor QA"
    itt = replace(judgement(framework.area("itt"), level=2), key_actions=written)
    home = build_home(framework, school=SCHOOL, standing=standing_with(framework, {"itt": itt}))
    priorities = next(b for b in home["blocks"] if b.get("block_id") == "priorities")
    assert priorities["text"]["text"] == (
        "*Priorities* (lowest first)\n1. ITT — Expanding (2)\n"
        "      • Recruit ITT leads\n      • Shared mentor QA"
    )
