"""Asking once before a new review cycle starts: a form naming what is left open."""

from __future__ import annotations

from typing import Any

from bot import ids
from bot.blocks.kit import Block, encode, escape, modal_title, plain, said_modal, section
from bot.blocks.notices import kept_out_text
from bot.mrkdwn import mention
from core.cycles import NewCycle, NewCycleQuestion
from core.wording import plural
from rubric.models import Framework


def build_new_cycle_modal(framework: Framework, question: NewCycleQuestion) -> dict[str, Any]:
    """The one confirmation: "Start cycle N+1?", with the areas not judged and the
    challenges still open in the cycle it closes, and what becomes of them."""
    cycle, school = question.cycle, question.school
    now, next_ = cycle.number, cycle.number + 1
    blocks: list[Block] = [
        section(
            f"Close review cycle {now} for *{escape(school.name)}* and start cycle {next_}? "
            f"Cycle {now}'s judgements and challenges are kept but can no longer be changed, "
            "and the new walk shows them beside each area so you can track the shift."
        )
    ]
    if question.unjudged:
        count = len(question.unjudged)
        names = ", ".join(f"{a.number} {escape(a.short_name)}" for a in question.unjudged)
        blocks.append(
            section(
                f"⚠️ *{plural(count, 'area')} not judged* in cycle {now}: {names}. Cycle {now} "
                f"will close without {'it' if count == 1 else 'them'}, so it will have no "
                f"overall rating; cycle {next_} asks for every area again."
            )
        )
    if question.open_challenges:
        count = len(question.open_challenges)
        listed = "\n".join(
            f"• {escape(framework.area(c.area_id).short_name) if c.area_id else 'General'}"
            f" — {mention(c.author_id)}"
            for c in question.open_challenges[:10]
        )
        more = count - min(count, 10)
        listed += f"\n• and {more} more" if more else ""
        blocks.append(
            section(
                f"⚠️ *{plural(count, 'challenge')} still open* (not yet answered):\n{listed}\n"
                f"{'It stays' if count == 1 else 'They stay'} in cycle {now}'s summary thread "
                f"and its record, unanswered; cycle {next_} starts without "
                f"{'it' if count == 1 else 'them'}. To answer first, reply in the thread or "
                "record agreed outcomes on the summary."
            )
        )
    return {
        "type": "modal",
        "callback_id": ids.VIEW_NEW_CYCLE,
        "title": modal_title(f"Start cycle {next_}?"),
        "submit": plain(f"Start cycle {next_}"),
        "close": plain("Not yet"),
        "private_metadata": encode({"c": cycle.id}),
        "blocks": blocks,
    }


def new_cycle_started(framework: Framework, done: NewCycle) -> dict[str, Any]:
    """The form, once the new cycle has started: Area 1 is on its way, or waits for the
    bot to be invited into the school's channel."""
    first = framework.areas[0]
    follows = (
        f"Area {first.number} is on its way."
        if done.kept_out is None or done.school.channel_id is None
        else kept_out_text(framework, first, done.school.channel_id, done.kept_out)
    )
    return _said(
        f"Cycle {done.started.number} started",
        f"Review cycle {done.started.number} started for *{escape(done.school.name)}*; "
        f"cycle {done.closed.number} is kept for comparison. {follows}",
    )


def new_cycle_refused(reason: str) -> dict[str, Any]:
    """The form, when the cycle could not be started (`reason`: the refusal, plain)."""
    return _said("No new cycle", escape(reason))


def _said(title: str, text: str) -> dict[str, Any]:
    return said_modal(ids.VIEW_NEW_CYCLE, title, text)
