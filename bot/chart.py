"""The "shape": a radar chart of the area levels, as PNG bytes, drawn with Pillow.

One spoke per area, a ring per level (labelled Emerging … Sustainable), one polygon per
cycle: the newest solid, bold and filled, earlier ones dashed and faint beneath it, so the
shift between cycles shows; a title above and a legend naming each cycle.

Drawn at twice the size and scaled down, for smooth edges: about 15 ms and a few MB, where
matplotlib took 80 ms, 60 MB and half a second to import. The outbox draws it in its own
process (bot.outbox.process), so drawing never holds up an ack.
"""

from __future__ import annotations

import io
import itertools
import math
import threading
from collections.abc import Mapping, Sequence
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from rubric.models import Framework

SIZE = 640  # pixels square
SCALE = 2  # drawn at SCALE × SIZE, then scaled down
COLOURS = ((31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189))
INK, GRID, PAPER = (34, 34, 34), (200, 200, 200), (255, 255, 255)
COMPRESSION = 3  # zlib level: 6 makes the file 10% smaller and takes twice as long
MAX_TITLE = 70  # characters; a longer title is shortened with an ellipsis


def radar_png(
    framework: Framework,
    cycles: Sequence[tuple[str, Mapping[str, int]]],
    title: str,
) -> bytes:
    """A radar of one or more cycles: ``[("Cycle 1 · 24 Nov 2026", {area_id: level}), …]``."""
    with _drawing:  # a font is not safe to share between threads
        return _radar(framework, cycles, title)


_drawing = threading.Lock()


def _radar(
    framework: Framework, cycles: Sequence[tuple[str, Mapping[str, int]]], title: str
) -> bytes:
    s = SCALE
    image = Image.new("RGB", (SIZE * s, SIZE * s), PAPER)
    draw = ImageDraw.Draw(image, "RGBA")  # RGBA fills are blended onto the paper
    centre, radius = (SIZE * s / 2, SIZE * s * 0.55), SIZE * s * 0.3
    areas, top = framework.areas, max(framework.levels)
    angles = [math.pi / 2 - 2 * math.pi * i / len(areas) for i in range(len(areas))]

    def at(angle: float, r: float) -> tuple[float, float]:
        return centre[0] + r * math.cos(angle), centre[1] - r * math.sin(angle)

    for level in framework.levels:  # the rings
        r = radius * level / top
        draw.ellipse(
            (centre[0] - r, centre[1] - r, centre[0] + r, centre[1] + r), outline=GRID, width=s
        )
    for angle, area in zip(angles, areas, strict=True):  # the spokes and the area names
        draw.line([centre, at(angle, radius)], fill=GRID, width=s)
        x, y = at(angle, radius + 14 * s)
        horizontal = "m" if abs(math.cos(angle)) < 0.2 else ("l" if math.cos(angle) > 0 else "r")
        vertical = "m" if abs(math.sin(angle)) < 0.2 else ("s" if math.sin(angle) > 0 else "t")
        draw.text(
            (x, y), area.short_name, fill=INK, font=_font(14 * s), anchor=horizontal + vertical
        )

    for index, (_, scores) in enumerate(cycles):  # oldest first: the newest lies on top
        newest, colour = index == len(cycles) - 1, COLOURS[index % len(COLOURS)]
        points = [
            at(a, radius * scores.get(area.id, 0) / top)
            for a, area in zip(angles, areas, strict=True)
        ]
        draw.polygon(points, fill=(*colour, 56 if newest else 16))
        _outline(
            draw, [*points, points[0]], colour, width=(5 if newest else 3) * s, dashed=not newest
        )

    draw.text((SIZE * s / 2, 28 * s), _shorten(title), fill=INK, font=_font(20 * s), anchor="mt")
    _legend(draw, [name for name, _ in cycles])
    buffer = io.BytesIO()
    image.reduce(SCALE).save(buffer, format="PNG", compress_level=COMPRESSION)
    return buffer.getvalue()


def _legend(draw: ImageDraw.ImageDraw, names: list[str]) -> None:
    """Top right: a line in each cycle's colour and style, and its name."""
    s, font = SCALE, _font(12 * SCALE)
    if not names:
        return
    width = max(draw.textlength(name, font=font) for name in names) + 44 * s
    left, y = SIZE * s - width - 12 * s, 64 * s
    draw.rectangle(
        (left - 8 * s, y - 8 * s, SIZE * s - 12 * s, y + 20 * s * len(names)),
        fill=PAPER, outline=GRID, width=s,
    )  # fmt: skip
    for index, name in enumerate(names):
        newest, colour = index == len(names) - 1, COLOURS[index % len(COLOURS)]
        middle = y + 20 * s * index + 6 * s
        _outline(
            draw, [(left, middle), (left + 28 * s, middle)], colour,
            width=(5 if newest else 3) * s, dashed=not newest,
        )  # fmt: skip
        draw.text((left + 36 * s, middle), name, fill=INK, font=font, anchor="lm")


def _outline(
    draw: ImageDraw.ImageDraw,
    points: list[tuple[float, float]],
    colour: tuple[int, int, int],
    *,
    width: int,
    dashed: bool,
) -> None:
    if not dashed:
        draw.line(points, fill=colour, width=width, joint="curve")
        return
    dash = 9 * SCALE
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        length, dx, dy = math.hypot(x1 - x0, y1 - y0), x1 - x0, y1 - y0
        for start in range(0, int(length), 2 * dash):
            a, b = start / length, min(length, start + dash) / length
            draw.line([(x0 + dx * a, y0 + dy * a), (x0 + dx * b, y0 + dy * b)], colour, width)


def _shorten(title: str) -> str:
    return title if len(title) <= MAX_TITLE else title[: MAX_TITLE - 1].rstrip() + "…"


@cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Pillow's own scalable font (Aileron), so no font need be installed."""
    return ImageFont.load_default(size)
