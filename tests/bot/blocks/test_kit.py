from __future__ import annotations

from bot.blocks.kit import chunks, when


def test_chunks_never_exceed_the_limit_and_lose_nothing():
    text = "\n".join("word " * n for n in range(200))
    parts = chunks(text, 300)
    assert all(len(p) <= 300 for p in parts)
    assert "".join(parts).replace("\n", "").replace(" ", "") == text.replace("\n", "").replace(
        " ", ""
    )


def test_a_date_is_shown_in_each_readers_time_zone_with_the_uk_date_as_fallback():
    # 23:30 UTC on 1 July is already 2 July in the UK (British Summer Time).
    assert when("2026-07-01T23:30:00+00:00") == "<!date^1782948600^{date_short}|2 Jul 2026>"
