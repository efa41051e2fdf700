"""The Home tab's list of other schools' reviews waiting for the person: summaries to
challenge, proposed outcomes to agree, each with a link to the summary and a button."""

from __future__ import annotations

from collections.abc import Sequence

from bot import ids
from bot.blocks.kit import Block, button, context, divider, escape, section
from bot.mrkdwn import is_channel_id
from core.clock import uk_long_date
from core.reviewing import Waiting
from core.wording import plural

MOST_SHOWN = 10  # the Home tab holds 100 blocks; the rest are counted


def summary_link(channel: str | None, ts: str | None) -> str:
    """A link that opens the summary's channel in Slack (mrkdwn), or "" without one."""
    if not (is_channel_id(channel) and ts and ts.replace(".", "").isdigit()):
        return ""
    return (
        f"<https://slack.com/app_redirect?channel={channel}&amp;message_ts={ts}|Open the summary>"
    )


def _line(item: Waiting) -> str:
    school = f"*{escape(item.school.name)}*"
    if item.what == "challenge":
        line = f"{school}'s summary is waiting for your challenge"
    else:
        line = f"{school} proposed its outcomes: they are waiting for your school to agree"
    if item.due:
        line += f"; due {uk_long_date(item.due)}"
    link = summary_link(item.channel, item.ts)
    return f"{line}\n{link}" if link else line


def _button(item: Waiting) -> Block:
    if item.what == "challenge":
        return button("Challenge", ids.ACTION_OPEN_CHALLENGE, {"c": item.cycle_id})
    return button("Review outcomes", ids.ACTION_OPEN_AGREEMENT, {"c": item.cycle_id})


def waiting_blocks(waiting: Sequence[Waiting]) -> list[Block]:
    """ "Waiting for you": a section per review (at most MOST_SHOWN), or nothing."""
    if not waiting:
        return []
    blocks: list[Block] = [divider(), section("*Waiting for you*", block_id="waiting")]
    for item in waiting[:MOST_SHOWN]:
        blocks.append(
            section(_line(item), block_id=f"waiting_{item.cycle_id}", accessory=_button(item))
        )
    more = len(waiting) - MOST_SHOWN
    if more > 0:
        blocks.append(
            context(f"… and {plural(more, 'more review')} after these: the first are shown.")
        )
    return blocks
