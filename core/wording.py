"""Small rules for the words people read, shared by Slack messages and the files."""

from __future__ import annotations

import re

_BULLET = re.compile(r"^\s*(?:[-*•·–]|\d{1,2}[.)])\s+")


def plural(count: int, word: str, many: str | None = None) -> str:
    """`1 member`, `2 members`, `0 challenges`; `many` for irregular words (`1 reply`...)."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def action_items(text: str) -> list[str]:
    """Key actions as the list a person meant: one item per line, their bullets or numbers
    taken off ("- Recruit…", "1) Audit…", "• Train…"); a single paragraph is one item."""
    items = []
    for line in text.splitlines():
        item = _BULLET.sub("", line, count=1).strip()
        if item:
            items.append(item)
    return items
