"""``peer-review rubric show``'s words: the framework's areas, or one area in full, as lines
of plain text a terminal `width` wide. A part of the ``peer-review`` command (:mod:`bot.cli`)."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the framework's models load pydantic: only for the commands that need them
    from rubric.models import Area, Framework


def overview(framework: Framework) -> Iterable[str]:
    yield framework.title
    yield f"{framework.source} (version {framework.version})"
    yield ""
    yield "Scale: " + ", ".join(framework.level_text(n) for n in framework.levels)
    yield f"Overall rating rule: {framework.diagnostic.overall_rule}"
    yield ""
    for area in framework.areas:
        yield f"  {area.number}  {area.id:<16} {area.title}"
    yield ""
    yield "Show one area with: peer-review rubric show AREA (e.g. 3, itt, cpd)"


def _bullets(items: Iterable[str], width: int) -> Iterable[str]:
    for item in items:
        yield from textwrap.wrap(item, width, initial_indent="  • ", subsequent_indent="    ")


def area_lines(framework: Framework, area: Area, width: int) -> Iterable[str]:
    yield area.heading
    yield "═" * min(len(area.heading), width)
    for level in framework.levels:
        yield ""
        yield f"{framework.level_text(level)}"
        yield from _bullets(area.levels[level], width)
    yield ""
    yield f"Questions to support judgement: {area.question_stem}"
    yield from _bullets(area.questions, width)
    yield ""
    yield "Possible sources of evidence"
    yield from _bullets(area.evidence_sources, width)
