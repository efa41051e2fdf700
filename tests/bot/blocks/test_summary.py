from __future__ import annotations

from dataclasses import replace

import pytest

from bot import ids
from bot.blocks.summary import build_summary
from tests.bot.blocks.conftest import (
    AREAS,
    challenges_on,
    check,
    history_by,
    judgement,
    standing_with,
)


def test_summary_within_limits_with_maximum_length_answers(framework):
    judgements = {a.id: judgement(a) for a in framework.areas}
    found = standing_with(
        framework,
        judgements,
        history=history_by(judgements, [f"U{n}" for n in range(20)]),
        comments=challenges_on(AREAS),
    )
    assert len(found.completed_by) == 20
    assert len(found.challenged_by) == 18
    check(build_summary(framework, found), "message")


def test_summary_content(framework):
    levels = dict(zip(AREAS, [3, 3, 2, 4, 2], strict=True))
    judgements = {
        a: replace(
            judgement(framework.area(a), level=n, text=f"ev {a}"),
            key_actions=f"do {a}",
            evidence_sources=(),
        )
        for a, n in levels.items()
    }
    message = build_summary(framework, standing_with(framework, judgements))
    by_id = {b.get("block_id"): b for b in message["blocks"]}
    assert by_id["overall"]["text"]["text"].startswith("*Overall: Expanding (2)* — mean 2.8")
    assert by_id["shape"]["text"]["text"].splitlines()[2] == "`■■□□` ITT — Expanding (2)"
    assert by_id["priorities"]["text"]["text"].splitlines()[1:3] == [
        "1. ITT — Expanding (2)",
        "2. S2SS — Expanding (2)",
    ]  # their key actions are listed under each area
    assert "overall Expanding (2), mean 2.8" in message["text"]
    assert "CPD Sustainable (4)" in message["text"]


def test_summary_before_all_areas_are_judged(framework):
    message = build_summary(framework, standing_with(framework, {}))
    check(message, "message")
    assert "not yet rated" in message["text"]


def test_each_area_stays_within_a_screen_however_much_was_written(framework, area):
    """The first line of the evidence, three key actions, the coverage: the rest is one
    click away, behind Full evidence."""
    long = replace(
        judgement(area),
        evidence="\n".join(["Our evidence " * 30] * 20),
        key_actions="\n".join(f"- Key action {n} " + "x" * 200 for n in range(1, 11)),
    )
    message = build_summary(framework, standing_with(framework, {area.id: long}))
    check(message, "message")
    shown = next(b for b in message["blocks"] if b.get("block_id") == f"area_{area.id}")
    text = shown["text"]["text"]
    assert len(text) < 800
    assert len(text.splitlines()) == 8
    evidence = text.splitlines()[1]
    assert evidence.startswith("*Evidence:* Our evidence Our evidence")
    assert evidence.endswith("…")
    assert len(evidence) <= len("*Evidence:* ") + 120
    assert text.splitlines()[2:7] == [
        "*Key actions:*",
        "• Key action 1 " + "x" * 86 + "…",
        "• Key action 2 " + "x" * 86 + "…",
        "• Key action 3 " + "x" * 86 + "…",
        "_and 7 more key actions_",
    ]
    assert shown["accessory"]["action_id"] == ids.ACTION_FULL_EVIDENCE


def test_an_area_in_the_summary_as_it_was_written(framework):
    itt = framework.area("itt")
    written = replace(
        judgement(itt, level=2, text="School Direct in 6 schools\nand 11 trainees"),
        key_actions="1. Recruit ITT leads\n2) Shared mentor QA",
        evidence_sources=itt.evidence_sources[:2],
        evidence_links=("https://x.org/plan",),
    )
    message = build_summary(framework, standing_with(framework, {"itt": written}))
    shown = next(b for b in message["blocks"] if b.get("block_id") == "area_itt")
    assert shown["text"]["text"].splitlines() == [
        "*3 · Initial Teacher Training* — *Expanding (2)*",
        "*Evidence:* School Direct in 6 schools …",
        "*Key actions:*",
        "• Recruit ITT leads",
        "• Shared mentor QA",
        "_Evidence sources: 2 of 11 · 1 link_",
    ]


@pytest.mark.parametrize(
    ("total", "open_", "unresolved", "says"),
    [
        (1, 1, 1, "💬 1 challenge, 1 open"),
        (3, 1, 2, "💬 3 challenges, 1 open"),
        (1, 0, 1, "💬 1 challenge, answered"),
        (2, 0, 1, "💬 2 challenges, none open"),
        (1, 0, 0, "💬 1 challenge, resolved"),
        (2, 0, 0, "💬 2 challenges, all resolved"),
    ],
)
def test_challenge_counts_say_where_the_challenges_stand(total, open_, unresolved, says):
    from bot.blocks.summary import challenge_text
    from core.lifecycle import ChallengeCounts

    assert challenge_text(ChallengeCounts(total, open_, unresolved)) == says
