"""``/peer-review reminders on|off`` and ``/peer-review closed …``: when the school hears
from the bot about a stalled review."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.blocks.kit import build_notice, escape
from bot.blocks.reminders import closures_notice
from bot.handlers.base import refusal_notice
from bot.services import Services
from core import closures, schools
from core.errors import Refusal
from core.wording import plural


def reminders_switch(services: Services, user_id: str, rest: str) -> dict[str, Any]:
    """A member turns the school's reminders on or off (or asks which)."""
    choice = rest.strip().lower()
    on = {"on": True, "off": False}.get(choice)
    try:
        with services.unit() as db:
            school = schools.set_reminders(db, user_id, on)
    except Refusal as refusal:
        return refusal_notice(refusal)
    name, rule = escape(school.name), services.reminders
    when = (
        f" I'll DM whoever started a review if nothing is recorded for {plural(rule.days, 'day')}"
        f", on {rule.hours.describe()}, and never on days "
        "you mark as closed (`/peer-review closed`)."
    )
    if on is None:
        state = "on" if school.reminders_enabled else "off"
        return build_notice(
            f"Reminders for {name} are {state}."
            + (when if school.reminders_enabled else "")
            + " Use `/peer-review reminders on` or `/peer-review reminders off`."
        )
    return build_notice(f"Reminders for {name} are now {choice}." + (when if on else ""))


def closed(services: Services, user_id: str, rest: str) -> dict[str, Any]:
    """``closed`` lists the days to come; ``closed DAYS`` marks them; ``closed clear``."""
    today = services.reminders.hours.today(datetime.now(UTC))
    typed = rest.strip()
    try:
        with services.unit() as db:
            if not typed:
                found = closures.closed_days(db, user_id, today)
            elif typed.lower() in ("clear", "none", "open"):
                found = closures.clear_closed_days(db, user_id, today)
            else:
                found = closures.mark_closed(db, user_id, typed, today)
    except Refusal as refusal:
        return refusal_notice(refusal)
    return closures_notice(found)
