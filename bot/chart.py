"""The "shape": a radar chart of the area levels, as PNG bytes (matplotlib, Agg backend).

Charts are drawn by the outbox, which runs in a process of its own (bot.outbox.process), so
drawing never holds up an ack. matplotlib is imported only when a chart is drawn, and one
chart is drawn at a time: matplotlib's state is not safe to share between threads.
"""

from __future__ import annotations

import io
import math
import threading
from collections.abc import Mapping, Sequence

from rubric.models import Framework


def radar_png(
    framework: Framework,
    cycles: Sequence[tuple[str, Mapping[str, int]]],
    title: str,
) -> bytes:
    """A radar of one or more cycles: ``[("Cycle 1 · 24 Nov 2026", {area_id: level}), …]``."""
    with _drawing:
        return _radar(framework, cycles, title)


_drawing = threading.Lock()


def _radar(
    framework: Framework,
    cycles: Sequence[tuple[str, Mapping[str, int]]],
    title: str,
) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    labels = [area.short_name for area in framework.areas]
    angles = [2 * math.pi * i / len(labels) for i in range(len(labels))]
    top = max(framework.levels)
    figure = Figure(figsize=(6, 6), dpi=100)
    axes = figure.add_subplot(projection="polar")
    axes.set_theta_offset(math.pi / 2)
    axes.set_theta_direction(-1)
    axes.set_xticks(angles, labels)
    axes.set_ylim(0, top)
    axes.set_yticks(
        list(framework.levels), [framework.label(n) for n in framework.levels], fontsize=7
    )
    for index, (name, scores) in enumerate(cycles):
        values = [scores.get(area.id, 0) for area in framework.areas]
        current = index == len(cycles) - 1  # the newest is drawn boldest, on top
        axes.plot(
            [*angles, angles[0]],
            [*values, values[0]],
            label=name,
            linewidth=2.5 if current else 1.5,
            linestyle="-" if current else "--",
        )
        axes.fill([*angles, angles[0]], [*values, values[0]], alpha=0.2 if current else 0.05)
    axes.set_title(title, pad=20)
    if cycles:
        axes.legend(loc="upper right", bbox_to_anchor=(1.25, 1.1), fontsize=8)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight")
    return buffer.getvalue()
