"""Setting up a school: the setup modal and its submission."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from slack_bolt import Ack

from bot import ids
from bot.blocks.setup import build_setup_modal, school_options
from bot.handlers.base import Click, Submission
from bot.mrkdwn import is_channel_id, is_user_id
from bot.payloads import SetupMeta, chosen_ids, state_value, text_value
from bot.services import Services
from core import schools
from core.channels import Readers
from core.errors import Refusal

NEED_A_CHANNEL = (
    "Schools are invited to a trio channel: choose one above, or remove them here to save "
    "without a trio."
)
FIELDS = {
    "name": ids.BLOCK_SCHOOL_NAME,
    "members": ids.BLOCK_MEMBERS,
    "channel": ids.BLOCK_TRIO_CHANNEL,
    "partners": ids.BLOCK_PARTNERS,
    "own_channel": ids.BLOCK_SCHOOL_CHANNEL,
}


def open_setup_from_button(click: Click) -> None:
    """The Home tab's "Set up your school" button."""
    open_setup(
        click.ack, click.services, click.user_id, click.body["trigger_id"], click.response_url
    )


def open_setup(
    ack: Ack, services: Services, user_id: str, trigger_id: str, response_url: str | None
) -> None:
    view = setup_view(services, user_id)
    ack()
    services.modals.open(trigger_id, view, user_id=user_id, response_url=response_url)


def setup_view(
    services: Services, user_id: str, warnings: Mapping[str, Readers] | None = None
) -> dict[str, Any]:
    """The setup form as the person's school stands (`warnings`: see build_setup_modal)."""
    with services.store.connect() as db:
        form = schools.setup_form(db, user_id)
    return build_setup_modal(
        school=form.school,
        members=form.members,
        trio_channel=form.trio_channel,
        others_exist=form.others_exist,
        partners=form.partners,
        warnings=warnings,
    )


def _selected(sub: Submission, block_id: str, action_id: str, key: str) -> object:
    return state_value(sub.view, block_id, action_id).get(key)


def _bad_ids(form: schools.Setup) -> dict[str, str]:
    """Members and channels must be Slack's ids: the bot mentions them (bot.mrkdwn)."""
    errors = {}
    if not all(is_user_id(m) for m in form.members):
        errors[ids.BLOCK_MEMBERS] = "Choose members from the list."
    for block_id, chosen in (
        (ids.BLOCK_TRIO_CHANNEL, form.trio_channel),
        (ids.BLOCK_SCHOOL_CHANNEL, form.own_channel),
    ):
        if chosen is not None and not is_channel_id(chosen):
            errors[block_id] = "Choose a channel from the list."
    return errors


def _confirmed(sub: Submission) -> frozenset[str]:
    """The channels the person ticked "post there anyway" for, after the form's warning."""
    ticked: set[str] = set()
    for block in (ids.BLOCK_TRIO_CHANNEL, ids.BLOCK_SCHOOL_CHANNEL):
        state = state_value(
            sub.view, f"{ids.BLOCK_CHANNEL_CONFIRM}_{block}", ids.ACTION_CHANNEL_CONFIRM
        )
        options = state.get("selected_options")
        for option in options if isinstance(options, list) else []:
            if isinstance(option, dict) and isinstance(option.get("value"), str):
                ticked.add(option["value"])
    return frozenset(ticked)


def handle_setup(sub: Submission) -> None:
    meta = sub.metadata(SetupMeta, ids.BLOCK_SCHOOL_NAME)
    if meta is None:
        return
    view = sub.view
    members = _selected(sub, ids.BLOCK_MEMBERS, ids.ACTION_MEMBERS, "selected_users") or []
    channel = _selected(
        sub, ids.BLOCK_TRIO_CHANNEL, ids.ACTION_TRIO_CHANNEL, "selected_conversation"
    )
    own = _selected(
        sub, ids.BLOCK_SCHOOL_CHANNEL, ids.ACTION_SCHOOL_CHANNEL, "selected_conversation"
    )
    options = _selected(sub, ids.BLOCK_PARTNERS, ids.ACTION_PARTNERS, "selected_options") or []
    partner_ids = chosen_ids(options)
    if partner_ids is None:  # not the values the picker offered: forged or broken
        sub.refuse({ids.BLOCK_PARTNERS: "Choose partners from the list."})
        return
    form = schools.Setup(
        school_id=meta.s,
        name=text_value(view, ids.BLOCK_SCHOOL_NAME, ids.ACTION_SCHOOL_NAME).strip(),
        members=[m for m in members if isinstance(m, str)] if isinstance(members, list) else [],
        trio_channel=channel if isinstance(channel, str) and channel else None,
        partner_ids=partner_ids,
        own_channel=own if isinstance(own, str) and own else None,
        confirmed=_confirmed(sub),
    )
    errors = _bad_ids(form)
    if errors:
        sub.refuse(errors)
        return
    try:
        with sub.services.unit() as db:
            schools.save_setup(db, sub.user_id, form)
    except Refusal as refusal:
        errors = {FIELDS.get(refusal.field or "", ids.BLOCK_SCHOOL_NAME): str(refusal)}
        if refusal.field == "channel" and form.partner_ids and not form.trio_channel:
            errors[ids.BLOCK_PARTNERS] = NEED_A_CHANNEL
        sub.refuse(errors)
        return
    sub.ack()


def partner_options(ack: Ack, body: dict[str, Any], services: Services) -> None:
    """The partner picker's options load: schools whose name contains what was typed."""
    typed = body.get("value")
    with services.store.connect() as db:
        found = schools.partner_candidates(
            db, body["user"]["id"], typed if isinstance(typed, str) else ""
        )
    ack(options=school_options(found))
