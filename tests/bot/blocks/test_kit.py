from __future__ import annotations

from bot.blocks.kit import chunks


def test_chunks_never_exceed_the_limit_and_lose_nothing():
    text = "\n".join("word " * n for n in range(200))
    parts = chunks(text, 300)
    assert all(len(p) <= 300 for p in parts)
    assert "".join(parts).replace("\n", "").replace(" ", "") == text.replace("\n", "").replace(
        " ", ""
    )
