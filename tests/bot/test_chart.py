"""The radar chart, drawn in a process of its own so it never holds up an ack."""

from __future__ import annotations

from bot.chart import ChartDrawer, radar_png

PNG = b"\x89PNG\r\n\x1a\n"


def test_a_chart_drawn_in_its_own_process_is_the_same_png(framework):
    cycles = [("Cycle 1", dict.fromkeys(framework.area_ids, 2))]
    drawer = ChartDrawer(separate=True)
    try:
        drawn = drawer.draw(framework, cycles, "Hillmead · cycle 1")
    finally:
        drawer.shutdown()
    assert drawn.startswith(PNG)
    assert drawn == radar_png(framework, cycles, "Hillmead · cycle 1")
