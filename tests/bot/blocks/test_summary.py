from __future__ import annotations

from dataclasses import replace

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
    assert by_id["priorities"]["text"]["text"].splitlines()[1] == "1. ITT — Expanding (2): do itt"
    assert "overall Expanding (2), mean 2.8" in message["text"]
    assert "CPD Sustainable (4)" in message["text"]


def test_summary_before_all_areas_are_judged(framework):
    message = build_summary(framework, standing_with(framework, {}))
    check(message, "message")
    assert "not yet rated" in message["text"]
