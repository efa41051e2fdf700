"""What the bot says about closed days (reminders are never sent on them)."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.blocks.kit import build_notice, escape
from core.closures import EXAMPLE, Closures
from core.wording import plural
from storage import ClosedDays


def days_text(days: ClosedDays) -> str:
    first, last = date.fromisoformat(days.first_day), date.fromisoformat(days.last_day)
    if first == last:
        return f"{first:%a %-d %b %Y}"
    return f"{first:%a %-d %b %Y} to {last:%a %-d %b %Y}"


def closures_notice(found: Closures) -> dict[str, Any]:
    name = escape(found.school.name)
    lines = []
    if found.added:
        lines.append(f"Noted: {name} is closed {days_text(found.added)}. No reminders then.")
    elif found.cleared:
        lines.append(f"Cleared {plural(found.cleared, 'upcoming closure')} for {name}.")
    if found.upcoming:
        lines.append(f"Closed days to come for {name}:")
        lines += [f"• {days_text(d)}" for d in found.upcoming[:20]]
        if len(found.upcoming) > 20:
            lines.append(f"…and {plural(len(found.upcoming) - 20, 'more closure')}.")
    elif not found.cleared:
        lines.append(f"No closed days are marked for {name}.")
    lines.append(f"Mark more with {EXAMPLE}; clear them with `/peer-review closed clear`.")
    return build_notice("\n".join(lines))
