"""Key actions as the list a person wrote: one "• item" line each, in mrkdwn."""

from __future__ import annotations

from bot.blocks.kit import escape
from bot.limits import fit
from core.wording import action_items, plural


def action_lines(text: str, *, most: int | None = None, chars: int | None = None) -> list[str]:
    """ "• item" lines (escaped) of the key actions in `text`: at most `most` of them, each cut
    to `chars`, and a last line saying how many more there are."""
    items = action_items(text)
    shown = items if most is None else items[:most]
    lines = [f"• {escape(fit(item, chars) if chars else item)}" for item in shown]
    if len(items) > len(shown):
        lines.append(f"_and {plural(len(items) - len(shown), 'more key action')}_")
    return lines


def action_list(text: str, *, most: int | None = None, chars: int | None = None) -> str:
    """The key actions as mrkdwn lines (see :func:`action_lines`)."""
    return "\n".join(action_lines(text, most=most, chars=chars))
