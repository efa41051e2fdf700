"""``/peer-review`` and its subcommands, and the Home tab's Start button.

Each subcommand is parse → one core call → Block Kit → ack. The answer is the ack itself
(Slack shows it privately); what follows in Slack (an area message, the summary, a file)
is in the outbox, delivered after the ack.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.blocks import notices
from bot.blocks.area import area_label
from bot.blocks.help import build_help
from bot.blocks.kit import build_notice, escape
from bot.blocks.ratings import build_answer
from bot.handlers.alliance import alliance_command
from bot.handlers.base import Click, refusal_notice
from bot.handlers.cycles import open_new_cycle
from bot.handlers.exports import export
from bot.handlers.externals import external_command
from bot.handlers.reminders import closed, reminders_switch
from bot.handlers.setup import open_setup
from bot.mrkdwn import channel_link, unescape
from bot.payloads import split_command
from bot.services import Services
from core import questions, review
from core.errors import Refusal


def handle_command(
    ack: Ack, command: dict[str, Any], services: Services, bot_user_id: str | None = None
) -> None:
    text = unescape(str(command.get("text") or ""))  # Slack sends &, <, > escaped
    verb, rest = split_command(text)
    user_id = command["user_id"]
    response_url = command.get("response_url") or None
    if verb in ("", "help"):
        ack(**build_help())
    elif verb == "setup":
        open_setup(ack, services, user_id, command["trigger_id"], response_url)
    elif verb in ("start", "resume", "continue"):
        ack(**start(services, user_id, response_url, typed_in=command.get("channel_id")))
    elif verb in ("new-cycle", "newcycle", "new"):
        open_new_cycle(ack, services, user_id, command["trigger_id"], response_url)
    elif verb == "reminders":
        ack(**reminders_switch(services, user_id, rest))
    elif verb == "closed":
        ack(**closed(services, user_id, rest))
    elif verb == "export":
        ack(**export(services, user_id, rest, str(command.get("channel_id") or "")))
    elif verb == "ratings":
        with services.store.connect() as db:
            answer = questions.ratings(db, services.framework, user_id, rest or None)
        ack(**build_answer(services.framework, answer))
    elif verb == "area":
        ack(**open_area(services, user_id, rest, response_url))
    elif verb == "alliance":
        alliance_command(ack, command, services, rest)
    elif verb == "external":
        ack(**external_command(services, user_id, rest, bot_user_id))
    else:
        ack(**build_help(not_understood=text.strip()))


def start(
    services: Services, user_id: str, response_url: str | None, *, typed_in: str | None = None
) -> dict[str, Any]:
    """Begin the school's review, or carry on at the first area without a judgement
    (`typed_in`: the channel the command was typed in, if any)."""
    framework = services.framework
    try:
        with services.unit() as db:
            walk = review.start(db, framework, user_id, response_url=response_url)
    except Refusal as refusal:
        return refusal_notice(refusal)
    name = escape(walk.school.name)
    if walk.area is None:
        return build_notice(
            f"All {len(framework.areas)} areas are judged for {name} (review cycle "
            f"{walk.cycle.number}); I'll make sure the summary is in your trio channel. "
            "Change an area with `/peer-review area 3` (any area number or name)."
        )
    if walk.kept_out is not None:  # nothing is posted there until the bot is invited
        return notices.not_in_channel(framework, walk.area, walk.where, walk.kept_out)
    label = area_label(walk.area, framework)
    if walk.where == typed_in:
        return build_notice(f"Opening {label} for {name} here, in a moment.")
    where = "our DM" if walk.where == user_id else channel_link(walk.where)
    return build_notice(f"Opening {label} for {name} in {where}.")


def start_from_home(click: Click) -> None:
    """The Home tab's "Start or continue": there is no response_url, so reply by DM."""
    click.ack()
    click.reply(start(click.services, click.user_id, None))


def open_area(
    services: Services, user_id: str, text: str, response_url: str | None
) -> dict[str, Any]:
    """``/peer-review area 3`` (or itt, or the title): present one area again."""
    framework = services.framework
    area = framework.find_area(text) if text else None
    if area is None:
        names = ", ".join(f"{a.number} {a.short_name}" for a in framework.areas)
        asked = f"“{escape(text[:80])}”" if text else "nothing"
        return build_notice(
            f"I don't know the area {asked}. Try `/peer-review area 3` or one of: {names}."
        )
    try:
        with services.unit() as db:
            walk = review.open_area(db, framework, user_id, area, response_url=response_url)
    except Refusal as refusal:
        return refusal_notice(refusal)
    if walk.kept_out is not None:
        return notices.not_in_channel(framework, area, walk.where, walk.kept_out)
    return build_notice(f"Opening {area_label(area, framework)}.")
