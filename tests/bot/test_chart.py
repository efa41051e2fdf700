"""The radar chart: each cycle's shape, a title and a legend, whichever thread draws it."""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor

from bot.chart import COLOURS, SIZE, radar_png

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


def pixels(png):
    from PIL import Image

    return Image.open(io.BytesIO(png)).convert("RGB")


def near(image, point, colour, reach=6, tolerance=40):
    x0, y0 = point
    return any(
        all(abs(a - b) < tolerance for a, b in zip(image.getpixel((x, y)), colour, strict=True))
        for x in range(x0 - reach, x0 + reach)
        for y in range(y0 - reach, y0 + reach)
    )


def test_the_shape_shows_each_cycle_its_title_and_a_legend(framework):
    older, newest = COLOURS[0], COLOURS[1]
    cycles = [
        ("Cycle 1", dict.fromkeys(framework.area_ids, 2)),
        ("Cycle 2", dict.fromkeys(framework.area_ids, 4)),
    ]
    image = pixels(radar_png(framework, cycles, "Hillmead · cycle 2"))
    assert image.size == (SIZE, SIZE)
    centre_x, centre_y, radius = SIZE // 2, int(SIZE * 0.55), SIZE * 0.3
    top_of = {2: int(centre_y - radius * 2 / 4), 4: int(centre_y - radius)}
    assert near(image, (centre_x, top_of[4]), newest)  # Leadership at Sustainable, on top
    assert near(image, (centre_x, top_of[2]), older, tolerance=60)  # beneath, tinted
    assert not near(image, (centre_x, top_of[2]), (214, 39, 40), tolerance=60)  # no third
    legend = image.crop((SIZE // 2, 20, SIZE, 90))  # top right, below the title
    assert {older, newest} <= {colour for _, colour in legend.getcolors(SIZE * SIZE)}
    band = image.crop((0, 0, SIZE, 50))
    assert band != pixels(radar_png(framework, cycles, "Another school")).crop((0, 0, SIZE, 50))


def test_a_first_cycle_alone_and_a_long_title_still_fit(framework):
    png = radar_png(framework, [("Cycle 1", {"leadership": 3})], "A" * 300)
    assert png.startswith(PNG)
    assert pixels(png).size == (SIZE, SIZE)
    assert radar_png(framework, [], "No cycles yet").startswith(PNG)
