"""People as Slack describes them: the name to show in files, and Slack telling the bot a
person's profile changed (``user_change``)."""

from __future__ import annotations

from typing import Any

from bot.services import Services
from core import people


def name_in(user: Any) -> str | None:
    """The name a person goes by, from a Slack user object: the profile's real name, else
    the display name, else the account name; None for anything that isn't one."""
    if not isinstance(user, dict):
        return None
    profile = user.get("profile") if isinstance(user.get("profile"), dict) else {}
    for name in (
        profile.get("real_name"),
        user.get("real_name"),
        profile.get("display_name"),
        user.get("name"),
    ):
        if isinstance(name, str) and name.strip():
            return " ".join(name.split())[:200]
    return None


def user_changed(services: Services, event: dict[str, Any]) -> None:
    """Keep the name of someone the bot works with up to date (others are not kept)."""
    user = event.get("user")
    name = name_in(user)
    if name is None or not isinstance(user.get("id"), str):
        return
    with services.store.connect() as db:
        people.renamed(db, user["id"], name)
