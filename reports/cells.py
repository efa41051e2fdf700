"""Text people typed, made safe for a CSV cell: the one rule, used by the CSV only.

A CSV has no cell types, so a spreadsheet app opening it reads text that starts like a formula
as one. The workbook needs no such rule: it writes text as string cells, which never run.
"""

from __future__ import annotations

from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe(value: Any) -> Any:
    """Text that starts like a formula is prefixed with ' so it stays text (OWASP)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
