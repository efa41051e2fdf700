"""The "shape" on the governors' page: a radar of the area levels drawn as vectors.

One spoke per area, a ring per level, one polygon per cycle: the current cycle solid, bold
and filled, earlier ones dashed and lighter beneath it, and a legend under the chart naming
each cycle in its colour and line. Like the chart in Slack (bot/chart.py), but drawn with
fpdf2's lines so it stays sharp when printed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from reports.paper import INK, MUTED, RULE, Paper
from rubric.models import Framework

# The current cycle first, then the one before it, then the one before that.
COLOURS = ((23, 74, 124), (222, 125, 44), (110, 140, 110))
LABEL = 7.4  # pt
RADIUS = 22.0  # mm, at most
GAP = 2.2  # mm between a spoke's end and its label


def draw_radar(
    paper: Paper,
    framework: Framework,
    cycles: Sequence[tuple[str, Mapping[str, int]]],
    *,
    top: float,
    left: float,
    right: float,
    radius: float = RADIUS,
) -> float:
    """The radar of `cycles` (oldest first: ``[("Cycle 1 · started 3 Mar 2025", {area:
    level})]``) from `top`, between `left` and `right` with its labels (smaller if long
    labels need the room); the legend under it. Returns the y below the legend."""
    areas, highest = framework.areas, max(framework.levels)
    angles = [math.pi / 2 - 2 * math.pi * i / len(areas) for i in range(len(areas))]
    paper.use(LABEL, colour=INK)
    widths = [paper.get_string_width(paper.one_line(a.short_name, right - left)) for a in areas]
    on_left = max([w for w, a in zip(widths, angles, strict=True) if math.cos(a) < -0.2] or [0])
    on_right = max([w for w, a in zip(widths, angles, strict=True) if math.cos(a) > 0.2] or [0])
    radius = min(radius, (right - left - on_left - on_right) / 2 - GAP)
    cx = (
        left + on_left + GAP + radius + (right - left - on_left - on_right - 2 * (radius + GAP)) / 2
    )
    cy = top + radius + 5

    def at(angle: float, r: float) -> tuple[float, float]:
        return cx + r * math.cos(angle), cy - r * math.sin(angle)

    paper.set_draw_color(*RULE)
    paper.set_line_width(0.2)
    for level in framework.levels:
        r = radius * level / highest
        paper.ellipse(cx - r, cy - r, 2 * r, 2 * r)
    paper.use(LABEL, colour=INK)
    for angle, area in zip(angles, areas, strict=True):
        paper.set_draw_color(*RULE)
        paper.line(cx, cy, *at(angle, radius))
        _label(paper, area.short_name, at(angle, radius + GAP), angle, left, right)

    for index, (_, scores) in enumerate(cycles):  # oldest first: the current lies on top
        current = index == len(cycles) - 1
        colour = COLOURS[min(len(cycles) - 1 - index, len(COLOURS) - 1)]
        points = [
            at(angle, radius * scores.get(area.id, 0) / highest)
            for angle, area in zip(angles, areas, strict=True)
        ]
        _polygon(paper, points, colour, current=current)
    below = _legend(paper, [name for name, _ in cycles], left, right, cy + radius + 7)
    low, high = min(framework.levels), max(framework.levels)
    rings = (
        f"A ring per level, from {framework.level_text(low)} nearest the centre "
        f"to {framework.level_text(high)} outermost."
    )
    paper.use(6.8, colour=MUTED)
    for n, line in enumerate(paper.fitted(rings, right - left, 2)):
        paper.set_xy(left, below + n * 3)
        paper.cell(right - left, 3, line)
    return below + 6


def _polygon(
    paper: Paper, points: list[tuple[float, float]], colour: tuple[int, int, int], *, current: bool
) -> None:
    paper.set_draw_color(*colour)
    paper.set_fill_color(*colour)
    paper.set_line_width(0.7 if current else 0.4)
    with paper.local_context(fill_opacity=0.18 if current else 0.06):
        paper.polygon(points, style="F")
    if not current:
        paper.set_dash_pattern(dash=1.4, gap=1.0)
    paper.polygon(points, style="D")
    paper.set_dash_pattern()


def _label(
    paper: Paper,
    text: str,
    point: tuple[float, float],
    angle: float,
    left: float,
    right: float,
) -> None:
    """An area's name beyond the end of its spoke, on the side the spoke points to."""
    x, y = point
    cos, sin = math.cos(angle), math.sin(angle)
    if abs(cos) < 0.2:  # straight up or down: centred
        width = 2 * min(x - left, right - x)
        line = paper.one_line(text, width)
        x -= paper.get_string_width(line) / 2
    elif cos > 0:
        line = paper.one_line(text, right - x)
    else:
        line = paper.one_line(text, x - left)
        x -= paper.get_string_width(line)
    y += -1.6 if sin > 0.2 else (1.6 if sin < -0.2 else 0)
    paper.set_xy(x, y - 1.5)
    paper.cell(paper.get_string_width(line) + 0.1, 3, line)


def _legend(paper: Paper, names: list[str], left: float, right: float, y: float) -> float:
    """A line in each cycle's colour and style, and its name; the current cycle first."""
    for row, index in enumerate(reversed(range(len(names)))):
        current = index == len(names) - 1
        colour = COLOURS[min(row, len(COLOURS) - 1)]
        middle = y + row * 4
        paper.set_draw_color(*colour)
        paper.set_line_width(0.7 if current else 0.4)
        if not current:
            paper.set_dash_pattern(dash=1.4, gap=1.0)
        paper.line(left, middle, left + 7, middle)
        paper.set_dash_pattern()
        paper.use(LABEL, bold=current, colour=INK)
        paper.set_xy(left + 9, middle - 1.6)
        paper.cell(right - left - 9, 3.2, paper.one_line(names[index], right - left - 9))
    return y + len(names) * 4
