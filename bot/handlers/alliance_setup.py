"""Setting up an alliance: ``/peer-review alliance setup`` (or ``invite``) opens the form;
its submission creates the alliance or invites schools and co-leads; the school picker's
options load. ``share on|off`` and ``leave`` are a member school's choices."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot import ids
from bot.blocks.alliance_school import Shared, left, sharing
from bot.blocks.alliance_setup import build_alliance_saved, build_alliance_setup
from bot.blocks.kit import build_notice
from bot.blocks.setup import school_options
from bot.handlers.base import Click, Submission, refusal_notice
from bot.mrkdwn import is_user_id
from bot.payloads import AllianceMeta, chosen_ids, state_value, text_value
from bot.services import Services
from core import alliance_views, alliances
from core.errors import Refusal

FIELDS = {
    "name": ids.BLOCK_ALLIANCE_NAME,
    "schools": ids.BLOCK_ALLIANCE_SCHOOLS,
    "leads": ids.BLOCK_ALLIANCE_LEADS,
}
SHARE_USAGE = (
    "`/peer-review alliance share on` lets your alliance's leads read your school's evidence "
    "too; `/peer-review alliance share off` keeps it to levels and progress."
)


def setup_command(ack: Ack, command: dict[str, Any], services: Services, rest: str) -> None:
    """``/peer-review alliance setup`` and ``invite``: the alliance form."""
    _open(ack, services, command["user_id"], command["trigger_id"], command.get("response_url"))


def open_from_button(click: Click) -> None:
    """A Home tab's "Invite schools" (or "Create an alliance") button."""
    _open(click.ack, click.services, click.user_id, click.body["trigger_id"], click.response_url)


def _open(
    ack: Ack, services: Services, user_id: str, trigger_id: str, response_url: str | None
) -> None:
    with services.store.connect() as db:
        view = build_alliance_setup(alliance_views.setup_form(db, user_id))
    ack()
    services.modals.open(trigger_id, view, user_id=user_id, response_url=response_url or None)


def submit_setup(sub: Submission) -> None:
    meta = sub.metadata(AllianceMeta, ids.BLOCK_ALLIANCE_SCHOOLS)
    if meta is None:
        return
    chosen = state_value(sub.view, ids.BLOCK_ALLIANCE_SCHOOLS, ids.ACTION_ALLIANCE_SCHOOLS)
    school_ids = chosen_ids(chosen.get("selected_options") or [])
    if school_ids is None:  # not the values the picker offered: forged or broken
        sub.refuse({ids.BLOCK_ALLIANCE_SCHOOLS: "Choose schools from the list."})
        return
    picked = state_value(sub.view, ids.BLOCK_ALLIANCE_LEADS, ids.ACTION_ALLIANCE_LEADS)
    leads = picked.get("selected_users") or []
    if not isinstance(leads, list) or not all(is_user_id(lead) for lead in leads):
        sub.refuse({ids.BLOCK_ALLIANCE_LEADS: "Choose co-leads from the list."})
        return
    name = text_value(sub.view, ids.BLOCK_ALLIANCE_NAME, ids.ACTION_ALLIANCE_NAME)
    try:
        with sub.services.unit() as db:
            saved = alliances.save_setup(db, sub.user_id, meta.a, name, school_ids, leads)
    except Refusal as refusal:
        default = ids.BLOCK_ALLIANCE_NAME if meta.a is None else ids.BLOCK_ALLIANCE_SCHOOLS
        sub.refuse({FIELDS.get(refusal.field or "", default): str(refusal)})
        return
    view = build_alliance_saved(saved.alliance, saved.invited, saved.leads, created=saved.created)
    sub.ack(response_action="update", view=view)


def school_search(ack: Ack, body: dict[str, Any], services: Services) -> None:
    """The school picker's options load: schools whose name contains what was typed."""
    typed = body.get("value")
    with services.store.connect() as db:
        found = alliance_views.school_candidates(db, typed if isinstance(typed, str) else "")
    ack(options=school_options(found))


# -- a member school's choices ------------------------------------------------------------


def share_command(ack: Ack, command: dict[str, Any], services: Services, rest: str) -> None:
    """``/peer-review alliance share on|off``."""
    word = rest.strip().lower()
    if word not in ("on", "off"):
        ack(**build_notice(SHARE_USAGE))
        return
    user_id = command["user_id"]
    try:
        with services.unit() as db:
            school, alliance = alliances.set_sharing(db, user_id, None, word == "on")
    except Refusal as refusal:
        ack(**refusal_notice(refusal))
        return
    ack(**sharing(Shared(school, alliance, word == "on")))


def leave_command(ack: Ack, command: dict[str, Any], services: Services, rest: str) -> None:
    """``/peer-review alliance leave``: take the person's school out of its alliance."""
    user_id = command["user_id"]
    try:
        with services.unit() as db:
            school, alliance = alliances.leave(db, user_id, None)
    except Refusal as refusal:
        ack(**refusal_notice(refusal))
        return
    ack(**left(school, alliance))


SUBCOMMANDS = {
    "setup": setup_command,
    "invite": setup_command,
    "share": share_command,
    "leave": leave_command,
}
