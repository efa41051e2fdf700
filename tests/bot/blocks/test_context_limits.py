"""Context lines (small grey text) stay within Slack's limit whatever people typed: a line
cut before it is escaped may grow past it (``<`` becomes ``&lt;``)."""

from __future__ import annotations

from dataclasses import replace

from bot import limits
from bot.blocks.area import build_area_message
from bot.blocks.kit import context
from tests.bot.blocks.conftest import CYCLE, area_view, check, judgement


def test_the_limit_checker_sees_a_context_line_too_long():
    line = {"type": "context", "elements": [{"type": "mrkdwn", "text": "x" * 3001}]}
    assert limits.problems({"blocks": [line], "text": "x"}, kind="message")
    assert not limits.problems({"blocks": [context("x" * 3001)], "text": "x"}, kind="message")


def test_a_context_line_is_cut_whole_entities_and_all():
    text = context("&lt;" * 1000)["elements"][0]["text"]
    assert len(text) <= limits.CONTEXT_TEXT
    assert text.endswith("…")
    assert "&l…" not in text  # never half an escape
    assert "&lt…" not in text


def test_last_cycles_key_actions_full_of_angle_brackets_still_post(framework):
    area = framework.area("itt")
    hostile = "\n".join(f"- {'<&>' * 50}" for _ in range(5))
    before = replace(judgement(area, level=2), key_actions=hostile)
    message = build_area_message(
        framework, area_view(area, last=(replace(CYCLE, number=2), before))
    )
    check(message, "message")
