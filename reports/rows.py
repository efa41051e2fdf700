"""How tall a workbook row must be for its wrapped text to show in full.

Neither Excel nor LibreOffice makes a row taller for wrapped text when a file is opened:
a row keeps its default height of one line, and LibreOffice draws the rest of the text over
the rows below. So the workbook sets each row's height from its text, wrapped as a word
processor would at the column's width, erring on the tall side: a column's width counts
characters of the default font's "0", and LibreOffice, without Calibri, uses a wider font.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

LINE = 15.0  # points: one line of 11-point text, as both apps space it
TALLEST = 409.0  # points: the tallest row Excel allows
DEFAULT_WIDTH = 8.43  # characters: a column whose width is not set
CHARACTERS_PER_WIDTH = 0.8  # of a proportional font's text, in one unit of column width
BOLD = 0.9  # bold text is wider


def column_widths(spans: Mapping[tuple[int, int], float]) -> dict[int, float]:
    """Each column's width, from ``{(first, last): width}`` as ``set_column`` takes it."""
    return {c: width for (first, last), width in spans.items() for c in range(first, last + 1)}


def row_height(
    values: Sequence[Any], widths: Mapping[int, float], *, bold: bool = False
) -> float | None:
    """The height (points) a row of `values` needs for its text to wrap in full in columns
    of `widths`, at most TALLEST; None when one line is enough."""
    lines = max(
        (
            lines_of(value, widths.get(column, DEFAULT_WIDTH), bold=bold)
            for column, value in enumerate(values)
            if isinstance(value, str)
        ),
        default=1,
    )
    return min(lines * LINE, TALLEST) if lines > 1 else None


def lines_of(text: str, width: float, *, bold: bool = False) -> int:
    """The lines `text` takes when wrapped at words in a column `width` wide (its own line
    breaks kept; a word longer than a line is broken)."""
    room = max(1.0, width * CHARACTERS_PER_WIDTH * (BOLD if bold else 1.0))
    total = 0
    for paragraph in text.split("\n"):
        lines, used = 1, 0.0
        for word in paragraph.split():
            size = _size(word)
            if used and used + 1 + size > room:  # to the next line
                lines, used = lines + 1, 0.0
            if size > room:  # broken over lines of its own
                extra = math.ceil(size / room) - 1
                lines, used = lines + extra, size - extra * room
            else:
                used += (1 if used else 0) + size
        total += lines
    return total


def _size(word: str) -> float:
    """A word's width in characters: a wide (East Asian) character or an emoji counts two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in word)
