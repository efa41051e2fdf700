"""The "shape": a radar chart of the area levels, as PNG bytes (matplotlib, Agg backend).

matplotlib is imported only when a chart is drawn, so the bot starts quickly and listeners
that never draw never pay for it.
"""

from __future__ import annotations

import io
import math
import multiprocessing
import threading
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor

from rubric.models import Framework


def radar_png(
    framework: Framework,
    cycles: Sequence[tuple[str, Mapping[str, int]]],
    title: str,
) -> bytes:
    """A radar of one or more cycles: ``[("Cycle 1 · 24 Nov 2026", {area_id: level}), …]``."""
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


class ChartDrawer:
    """Draws radar charts in a process of their own, kept warm between charts.

    Drawing is about 90 ms of CPU in matplotlib; in the serving process it would hold
    Python's lock while acks wait. `separate=False` draws in the calling thread (tests).
    """

    def __init__(self, *, separate: bool = True):
        self.separate = separate
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def draw(
        self, framework: Framework, cycles: Sequence[tuple[str, Mapping[str, int]]], title: str
    ) -> bytes:
        if not self.separate:
            return radar_png(framework, cycles, title)
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
        cycles = [(name, dict(scores)) for name, scores in cycles]
        return self._pool.submit(radar_png, framework, cycles, title).result(timeout=120)

    def shutdown(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
