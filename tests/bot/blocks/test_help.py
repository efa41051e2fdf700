from __future__ import annotations

import json

import pytest

from bot.blocks.help import build_help
from tests.bot.blocks.conftest import check


@pytest.mark.parametrize("bad", [None, "nonsense `with` ticks"])
def test_help_within_limits(bad):
    message = build_help(bad)
    check(message, "message")
    assert "/peer-review setup" in message["text"]


def test_a_how_to_answer_does_not_suggest_the_question_just_asked(framework):
    from bot.blocks.help import build_how_to

    answer = json.dumps(build_how_to(framework, "change"), ensure_ascii=False)
    assert "To change your evidence" in answer
    assert "how do I change my evidence?" not in answer
    assert "“how do I challenge?” or “what do the levels mean?”" in answer
