"""The radar chart: the same PNG however many outbox threads draw at once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from bot.chart import radar_png

PNG = b"\x89PNG\r\n\x1a\n"


def test_charts_drawn_by_several_threads_at_once_are_each_whole(framework):
    shapes = [[("Cycle 1", dict.fromkeys(framework.area_ids, level))] for level in (1, 2, 3, 4)]
    alone = [radar_png(framework, cycles, "Hillmead") for cycles in shapes]
    with ThreadPoolExecutor(4) as pool:
        drawn = pool.map(lambda cycles: radar_png(framework, cycles, "Hillmead"), shapes * 2)
        together = list(drawn)
    assert all(png.startswith(PNG) for png in together)
    assert together == alone * 2
    assert len(set(alone)) == 4  # positive control: different shapes, different pictures
