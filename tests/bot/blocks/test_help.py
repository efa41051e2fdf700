from __future__ import annotations

import pytest

from bot.blocks.help import build_help
from tests.bot.blocks.conftest import check


@pytest.mark.parametrize("bad", [None, "nonsense `with` ticks"])
def test_help_within_limits(bad):
    message = build_help(bad)
    check(message, "message")
    assert "/peer-review setup" in message["text"]
