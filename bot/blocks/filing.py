"""The note a reply's author gets, privately in the summary's thread: where the bot filed
it, and a menu to file it elsewhere (another area, the review in general, or not a
challenge at all)."""

from __future__ import annotations

from typing import Any

from bot import ids
from bot.blocks.kit import Block, encode, escape, plain, section
from bot.limits import OPTION_TEXT
from core.challenges import GENERAL, NOT_A_CHALLENGE, Filing
from rubric.models import Framework
from storage.challenges import MAX_THREAD_CHARS
from storage.records import Cycle, School


def where_filed(framework: Framework, filing: Filing) -> str:
    """“Filed under ITT as a challenge to Hillmead's Expanding (2).” (mrkdwn)"""
    school = escape(filing.reviewed.name)
    if filing.set_aside:
        return (
            "Set aside: this reply is not counted as a challenge. "
            "File it under an area below if that was a mistake."
        )
    if filing.area is None and filing.challenge.area_id is not None:
        return (
            "Filed under an area that is no longer in the framework. Choose where it belongs below."
        )
    if filing.challenge.kind == "response":
        where = f"under *{escape(filing.area.short_name)}*" if filing.area else "as general"
        return f"Filed {where} as {school}'s response."
    if filing.area is None:
        return f"Filed as a general challenge to {school}'s review (no one area)."
    name = escape(filing.area.short_name)
    if filing.judged is None:
        return f"Filed under *{name}*, challenging {school}'s {name} (not yet judged)."
    return (
        f"Filed under *{name}* as a challenge to {school}'s {framework.level_text(filing.judged)}."
    )


def _option(text: str, challenge_id: int, choice: str) -> dict[str, Any]:
    return {"text": plain(text, OPTION_TEXT), "value": encode({"a": choice, "k": challenge_id})}


def filed_note(framework: Framework, filing: Filing) -> dict[str, Any]:
    """The note, with the menu showing where the reply is filed now (nothing chosen when
    that is an area the framework no longer has)."""
    choices = [(a.id, f"{a.number} {a.short_name}") for a in framework.areas]
    choices.append((GENERAL, "General (no one area)"))
    if filing.challenge.kind == "challenge":
        choices.append((NOT_A_CHALLENGE, "Not a challenge"))
    options = {choice: _option(text, filing.challenge.id, choice) for choice, text in choices}
    current = filing.challenge.area_id or GENERAL
    current = NOT_A_CHALLENGE if filing.set_aside else current
    text = where_filed(framework, filing)
    menu: Block = {
        "type": "static_select",
        "action_id": ids.ACTION_REFILE,
        "placeholder": plain("File it elsewhere"),
        "options": list(options.values()),
    }
    if current in options:
        menu["initial_option"] = options[current]
    return {
        "text": text,
        "blocks": [section(f"💬 {text}", accessory=menu)],
    }


def too_long_note(chars: int) -> dict[str, Any]:
    """A reply longer than a Slack message holds: not filed; how to have it filed."""
    text = (
        f"Your reply is {chars:,} characters long, more than I can file "
        f"({MAX_THREAD_CHARS:,} at most, as in any Slack message), so it isn't counted as a "
        "challenge yet. It stays in the thread as you wrote it: edit it to shorten it, or "
        "split it into two replies, and I'll file it."
    )
    return {"text": text, "blocks": [section(text)]}


def closed_note(
    school: School, closed: Cycle, current: Cycle | None, *, member: bool = False
) -> dict[str, Any]:
    """A reply in the thread of a cycle closed since: not filed, and where it goes now (a
    partner's challenge; a member's response)."""
    name, what = escape(school.name), "response" if member else "challenge"
    text = (
        f"{name}'s review cycle {closed.number} is closed, so I haven't filed your reply as a "
        f"{what}; it stays here in the thread as you wrote it."
    )
    if current is not None and current.id != closed.id:
        where = (
            "in the thread of its summary"
            if current.summary_ts
            else "in the thread of its summary, once all its areas are judged"
        )
        act = "respond to challenges" if member else "challenge it"
        text += f" {name} is on cycle {current.number} now: {act} {where}."
    return {"text": text, "blocks": [section(text)]}
