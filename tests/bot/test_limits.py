from __future__ import annotations

import pytest

from bot import limits
from bot.blocks.kit import divider, mrkdwn, plain


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [("abc", 5, "abc"), ("abcdef", 5, "abcd…"), ("", 3, "")],
)
def test_fit(text, limit, expected):
    assert limits.fit(text, limit) == expected


def test_limit_checker_catches_breaches():
    too_many = {"blocks": [divider()] * 51, "text": "x"}
    assert limits.problems(too_many, kind="message")
    long_title = {"type": "modal", "title": plain("x" * 25), "blocks": []}
    assert limits.problems(long_title, kind="modal")
    long_section = {"blocks": [{"type": "section", "text": mrkdwn("x" * 3001)}]}
    assert limits.problems(long_section, kind="message")
    dup = {"blocks": [{"type": "divider", "block_id": "a"}, {"type": "divider", "block_id": "a"}]}
    assert limits.problems(dup, kind="message")
    boxes = {
        "blocks": [
            {
                "type": "input",
                "label": plain("l"),
                "element": {
                    "type": "checkboxes",
                    "action_id": "x",
                    "options": [{"text": plain("o"), "value": str(n)} for n in range(11)],
                },
            }
        ]
    }
    assert limits.problems(boxes, kind="modal")
