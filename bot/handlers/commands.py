"""``/peer-review`` and its subcommands, and the Home tab's Start button."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

import storage
from bot import blocks, walk
from bot.handlers import cycles, exports, ratings
from bot.handlers.modals import Click
from bot.handlers.setup import open_setup
from bot.payloads import split_command
from rubric.models import Framework
from storage.store import Store

Reply = Callable[..., Any]


def start_from_home(click: Click, *, store: Store, framework: Framework) -> None:
    """The Home tab's "Start or continue": there is no response_url, so reply by DM."""

    def to_dm(**message: Any) -> None:
        click.client.chat_postMessage(channel=click.user_id, **message)

    start(to_dm, click.client, click.user_id, store=store, framework=framework)


def replies(ack: Ack, respond: Respond) -> Reply:
    """The first reply acknowledges the command; any later one goes to its response_url."""
    acked = False

    def reply(**message: Any) -> None:
        nonlocal acked
        if acked:
            respond(**message)
        else:
            acked = True
            ack(**message)

    return reply


def handle_command(
    ack: Ack,
    command: dict[str, Any],
    client: WebClient,
    respond: Respond,
    *,
    store: Store,
    framework: Framework,
) -> None:
    verb, rest = split_command(command.get("text"))
    user_id = command["user_id"]
    if verb in ("", "help"):
        ack(**blocks.build_help())
    elif verb == "setup":
        ack()
        with store.connect() as db:
            open_setup(client, db, command["trigger_id"], user_id)
    elif verb in ("start", "resume", "continue"):
        start(replies(ack, respond), client, user_id, store=store, framework=framework)
    elif verb in ("new-cycle", "newcycle", "new"):
        ack(**cycles.ask_new_cycle(user_id, store=store))
    elif verb == "reminders":
        ack(**reminders_switch(user_id, rest, store=store))
    elif verb == "export":
        exports.export(
            replies(ack, respond), client, user_id, rest, store=store, framework=framework
        )
    elif verb == "ratings":
        with store.connect() as db:
            question = f"ratings for {rest}" if rest else "ratings"
            ack(**ratings.answer(db, framework, user_id, question))
    elif verb == "area":
        open_area(ack, respond, client, user_id, rest, store=store, framework=framework)
    else:
        ack(**blocks.build_help(not_understood=command.get("text", "").strip()))


def start(
    reply: Reply, client: WebClient, user_id: str, *, store: Store, framework: Framework
) -> None:
    """Begin the school's review, or resume at the first area without a judgement."""
    with store.connect() as db:
        found = _school_and_cycle(db, user_id, framework, reply)
        if found is None:
            return
        school, cycle = found
        area = walk.next_area(db, framework, cycle)
        if area is None:
            reply(
                **blocks.build_notice(
                    f"All {len(framework.areas)} areas are judged for {school.name} "
                    f"(review cycle {cycle.number}). Change one with `/peer-review area 3` "
                    "(any area number or name)."
                )
            )
            reply(**blocks.build_notice(walk.publish_summary(client, db, framework, cycle)))
            return
        where = f"<#{school.channel_id}>" if school.channel_id else "our DM"
        reply(
            **blocks.build_notice(
                f"Opening {blocks.area_label(area, framework)} for {school.name} in {where}."
            )
        )
        _present(reply, client, db, framework, cycle, area, user_id)


def open_area(
    ack: Ack,
    respond: Respond,
    client: WebClient,
    user_id: str,
    text: str,
    *,
    store: Store,
    framework: Framework,
) -> None:
    """``/peer-review area 3`` (or itt, or the title): reopen one area."""
    area = framework.find_area(text) if text else None
    if area is None:
        names = ", ".join(f"{a.number} {a.short_name}" for a in framework.areas)
        asked = f"“{blocks.escape(text[:80])}”" if text else "nothing"
        ack(
            **blocks.build_notice(
                f"I don't know the area {asked}. Try `/peer-review area 3` or one of: {names}."
            )
        )
        return
    with store.connect() as db:
        found = _school_and_cycle(db, user_id, framework, ack)
        if found is None:
            return
        _, cycle = found
        reply = replies(ack, respond)
        reply(**blocks.build_notice(f"Opening {blocks.area_label(area, framework)}."))
        _present(reply, client, db, framework, cycle, area, user_id)


def _school_and_cycle(
    db: Any, user_id: str, framework: Framework, reply: Reply
) -> tuple[Any, Any] | None:
    """The user's school and current cycle, or None after telling them why not."""
    try:
        return walk.school_and_cycle(db, user_id, framework)
    except walk.Refusal as refusal:
        reply(**blocks.build_notice(str(refusal)))
        return None


def _present(
    reply: Reply,
    client: WebClient,
    db: Any,
    framework: Framework,
    cycle: Any,
    area: Any,
    user_id: str,
) -> None:
    try:
        walk.present_area(client, db, framework, cycle, area, user_id)
    except walk.Refusal as refusal:
        reply(**blocks.build_notice(str(refusal)))


def reminders_switch(user_id: str, rest: str, *, store: Store) -> dict[str, Any]:
    """``/peer-review reminders on|off``: a member turns the school's reminders on or off."""
    choice = rest.strip().lower()
    with store.connect() as db:
        try:
            school = walk.school_of(db, user_id)
        except walk.Refusal as refusal:
            return blocks.build_notice(str(refusal))
        if choice not in ("on", "off"):
            state = "on" if school.reminders_enabled else "off"
            return blocks.build_notice(
                f"Reminders for {blocks.escape(school.name)} are {state}. Use "
                "`/peer-review reminders on` or `/peer-review reminders off`."
            )
        storage.set_reminders(db, school.id, choice == "on")
    return blocks.build_notice(
        f"Reminders for {blocks.escape(school.name)} are now {choice}."
        + (" I'll DM whoever started a review if it stalls for a week." if choice == "on" else "")
    )
