"""Review rounds as people see them: the form that opens one, the news of it, the reminders
that follow its dates, a school's place in it on the Home tab, and a lead's nudge."""

from __future__ import annotations

from typing import Any

from bot import ids
from bot.blocks import kit
from bot.blocks.kit import Block, build_notice, button, context, escape, said_modal, section
from bot.mrkdwn import channel_link, mention
from core.clock import day_text
from core.round_reminders import Item, RoundReminder
from core.rounds import Announcement, Nudged, Opened, RoundPlace, RoundQuestion
from core.stages import Stage
from core.wording import plural

# The form's fields: the core's name for each date -> (block, action, label).
DATE_FIELDS = {
    "self_due": (ids.BLOCK_SELF_DUE, ids.ACTION_SELF_DUE, "Self-evaluation due"),
    "challenge_due": (ids.BLOCK_CHALLENGE_DUE, ids.ACTION_CHALLENGE_DUE, "Peer challenge due"),
    "outcomes_due": (ids.BLOCK_OUTCOMES_DUE, ids.ACTION_OUTCOMES_DUE, "Agreed outcomes due"),
}
HINTS = {
    "self_due": "Each school judges all five areas by then.",
    "challenge_due": "Trio partners challenge each summary by then.",
    "outcomes_due": "Each school records its outcomes, and a partner agrees them, by then.",
}


def _dates(self_due: str, challenge_due: str, outcomes_due: str) -> str:
    return (
        f"Self-evaluation due *{day_text(self_due)}*, challenge by *{day_text(challenge_due)}*, "
        f"outcomes by *{day_text(outcomes_due)}*."
    )


# -- opening a round ----------------------------------------------------------------------


def round_modal(question: RoundQuestion) -> dict[str, Any]:
    """Three dates, offered 3, 5 and 8 weeks ahead; opening starts a cycle at every school."""
    name, number = escape(question.alliance.name), question.number
    blocks: list[Block] = [
        section(
            f"Open review round {number} for *{name}*. Each of its "
            f"{plural(question.schools, 'school')} starts a new review cycle and is told these "
            "dates; reminders follow them."
        )
    ]
    for field, (block_id, action_id, label) in DATE_FIELDS.items():
        blocks.append(
            {
                "type": "input",
                "block_id": block_id,
                "label": kit.plain(label),
                "hint": kit.plain(HINTS[field]),
                "element": {
                    "type": "datepicker",
                    "action_id": action_id,
                    "initial_date": question.defaults[field].isoformat(),
                },
            }
        )
    return {
        "type": "modal",
        "callback_id": ids.VIEW_ROUND,
        "title": kit.modal_title(f"Open round {number}"),
        "submit": kit.plain("Open the round"),
        "close": kit.plain("Cancel"),
        "private_metadata": kit.encode({"a": question.alliance.id}),
        "blocks": blocks,
    }


def round_opened_view(opened: Opened) -> dict[str, Any]:
    """The form, once the round is open."""
    found = opened.round
    kept = len(opened.schools) - opened.started
    note = f" ({plural(kept, 'school')} had not started theirs and kept it.)" if kept else ""
    return said_modal(
        ids.VIEW_ROUND,
        f"Round {found.number} is open",
        f"Review round {found.number} of *{escape(opened.alliance.name)}* is open. "
        f"{_dates(found.self_due, found.challenge_due, found.outcomes_due)} "
        f"{plural(len(opened.schools), 'school')} started a new review cycle and "
        f"{'was' if len(opened.schools) == 1 else 'were'} told.{note}",
    )


def round_refused(reason: str) -> dict[str, Any]:
    return said_modal(ids.VIEW_ROUND, "No round opened", escape(reason))


def round_news(news: Announcement) -> dict[str, Any]:
    """What a school is told: the round, its dates, and a button to begin."""
    found, school = news.round, escape(news.school.name)
    text = (
        f"*{escape(news.alliance.name)}* opened review round {found.number}. "
        f"{_dates(found.self_due, found.challenge_due, found.outcomes_due)} "
        f"{school} reviews in cycle {news.cycle.number}."
    )
    return {
        "text": text,
        "blocks": [
            section(text),
            {
                "type": "actions",
                "block_id": "round_news",
                "elements": [
                    button("Start the self-evaluation", ids.ACTION_START_REVIEW, style="primary")
                ],
            },
        ],
    }


# -- reminders and nudges -----------------------------------------------------------------


def _item_text(item: Item, found: RoundReminder) -> str:
    name = escape(item.school.name)
    past = item.due < found.today.isoformat()
    when = f"was due {day_text(item.due)}" if past else f"due {day_text(item.due)}"
    if item.stage is Stage.CHALLENGE:
        where = f" in {channel_link(item.summary_channel)}" if item.summary_channel else ""
        return f"{name}'s summary{where} is waiting for your challenge; {when}"
    if item.stage is Stage.AGREEING:
        return f"{name}'s outcomes are waiting for your agreement; {when}"
    if item.stage is Stage.OUTCOMES:
        return f"Record {name}'s agreed outcomes; {when}"
    return f"Finish {name}'s self-evaluation ({item.judged} of {found.areas} areas judged); {when}"


def round_reminder(found: RoundReminder, by: str | None = None) -> dict[str, Any]:
    """One DM listing everything the person is due for in the round."""
    who = f"{mention(by)} asked me to remind you: " if by else "A reminder: "
    lines = [
        f"{who}in *{escape(found.alliance.name)}*'s review round {found.round.number}, "
        f"{'this is' if len(found.items) == 1 else 'these are'} waiting for you."
    ]
    lines += [f"• {_item_text(item, found)}" for item in found.items]
    lines.append("(Round reminders come at most once a week.)")
    return build_notice("\n".join(lines))


_TO_DO = {
    Stage.NOT_STARTED: "to start the self-evaluation",
    Stage.SELF_EVALUATION: "to finish the self-evaluation",
    Stage.CHALLENGE: "to challenge {school}'s summary",
    Stage.OUTCOMES: "to record the agreed outcomes",
    Stage.AGREEING: "to agree {school}'s outcomes",
}


def nudged(done: Nudged) -> dict[str, Any]:
    """ "Nudged Hillmead: reminded @A and @B to finish the self-evaluation"."""
    name = escape(done.school.name)
    people = [mention(p) for p in done.people]
    listed = people[0] if len(people) == 1 else f"{', '.join(people[:-1])} and {people[-1]}"
    return build_notice(
        f"Nudged {name}: reminded {listed} {_TO_DO[done.stage].format(school=name)}."
    )


# -- the school's Home tab ----------------------------------------------------------------


def round_line(found: RoundPlace) -> Block:
    """Round 2 of East Midlands TSA · you're at peer challenge · due Friday 14 March (in 5
    days)."""
    parts = [f"Round {found.number} of {escape(found.alliance)}"]
    if found.stage is Stage.DONE:
        parts.append("outcomes agreed")
    else:
        parts.append(f"you're at {found.stage.value}")
    left = found.days_left
    if found.due is not None and left is not None:
        if left < 0:
            parts.append(f"overdue since {day_text(found.due)}")
        elif left == 0:
            parts.append(f"due today, {day_text(found.due)}")
        else:
            parts.append(f"due {day_text(found.due)} (in {plural(left, 'day')})")
    return {**context(" · ".join(parts)), "block_id": "round"}
