"""Setting up a school: the setup modal and its submission."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlite_utils import Database

import storage
from bot import blocks, ids
from bot.handlers.modals import SLOW_FORM, Click, Submission
from bot.payloads import SetupMeta, state_value, text_value
from rubric.models import Framework
from storage.records import School
from storage.store import Store

log = logging.getLogger("peer-review")


def open_setup_from_button(click: Click, *, store: Store, framework: Framework) -> None:
    """The Home tab's "Set up your school" button."""
    with store.connect() as db:
        open_setup(click.client, db, click.body["trigger_id"], click.user_id)


def open_setup(client: WebClient, db: Database, trigger_id: str, user_id: str) -> None:
    schools = storage.schools_of(db, user_id)
    school = schools[0] if schools else None
    trio = storage.trio_of(db, school.id) if school else None
    others = [s for s in storage.list_schools(db) if school is None or s.id != school.id]
    view = blocks.build_setup_modal(
        school=school,
        members=storage.members_of(db, school.id) if school else [],
        trio_channel=trio.channel_id if trio else None,
        other_schools=others,
        partners=storage.partners_of(db, school.id) if school else [],
    )
    try:
        client.views_open(trigger_id=trigger_id, view=view)
    except SlackApiError as error:
        log.warning("setup modal not opened: %s", error.response.get("error"))
        client.chat_postMessage(channel=user_id, **blocks.build_notice(SLOW_FORM))


def handle_setup(sub: Submission, *, store: Store, framework: Framework) -> None:
    ack, view, client, user_id = sub.ack, sub.view, sub.client, sub.user_id
    meta = sub.metadata(SetupMeta, ids.BLOCK_SCHOOL_NAME)
    if meta is None:
        return
    name = text_value(view, ids.BLOCK_SCHOOL_NAME, ids.ACTION_SCHOOL_NAME).strip()
    members = state_value(view, ids.BLOCK_MEMBERS, ids.ACTION_MEMBERS).get("selected_users")
    members = [m for m in (members or []) if isinstance(m, str)]
    channel = state_value(view, ids.BLOCK_TRIO_CHANNEL, ids.ACTION_TRIO_CHANNEL).get(
        "selected_conversation"
    )
    own_channel = state_value(view, ids.BLOCK_SCHOOL_CHANNEL, ids.ACTION_SCHOOL_CHANNEL).get(
        "selected_conversation"
    )
    partner_options = (
        state_value(view, ids.BLOCK_PARTNERS, ids.ACTION_PARTNERS).get("selected_options") or []
    )
    try:
        partner_ids = [int(o["value"]) for o in partner_options]
    except (KeyError, TypeError, ValueError):
        ack(response_action="errors", errors={ids.BLOCK_PARTNERS: "Choose partners from the list."})
        return
    with store.connect() as db:
        try:
            with storage.transaction(db):
                school = _save(db, meta, user_id, name, members, channel, partner_ids)
                school = storage.update_school(db, school.id, channel_id=own_channel or "")
        except _FieldError as error:
            ack(response_action="errors", errors={error.block_id: str(error)})
            return
        ack()
        trio = storage.trio_of(db, school.id)
        partners = [s.name for s in storage.partners_of(db, school.id)]
        count = len(storage.members_of(db, school.id))
    lines = [f"*{blocks.escape(school.name)}* is set up with {count} member(s)."]
    if trio:
        lines.append(
            f"Trio channel: <#{trio.channel_id}>"
            + (
                f" with {', '.join(blocks.escape(p) for p in partners)}."
                if partners
                else ". Partners join by choosing the same channel in their setup."
            )
        )
        _join(client, trio.channel_id)
    lines.append("Next: `/peer-review start` to begin your self-evaluation.")
    client.chat_postMessage(channel=user_id, **blocks.build_notice("\n".join(lines)))


class _FieldError(Exception):
    def __init__(self, block_id: str, message: str):
        super().__init__(message)
        self.block_id = block_id


def _save(
    db: Database,
    meta: SetupMeta,
    user_id: str,
    name: str,
    members: list[str],
    channel: str | None,
    partner_ids: list[int],
) -> School:
    mine = storage.schools_of(db, user_id)
    if meta.s is None:
        if mine:  # a second setup from an old modal: edit the school they belong to
            school = mine[0]
        else:
            try:
                school = storage.create_school(db, name, user_id)
            except storage.ConflictError:
                raise _FieldError(
                    ids.BLOCK_SCHOOL_NAME,
                    f"There is already a school called “{name}”. Ask one of its members to "
                    "add you, or choose a different name.",
                ) from None
            except storage.InvalidError as error:
                raise _FieldError(ids.BLOCK_SCHOOL_NAME, str(error)) from None
    else:
        try:
            school = storage.get_school(db, meta.s)
        except storage.NotFoundError:
            raise _FieldError(ids.BLOCK_SCHOOL_NAME, "That school no longer exists.") from None
        if not storage.is_member(db, school.id, user_id):
            raise _FieldError(
                ids.BLOCK_SCHOOL_NAME, f"Only members of {school.name} can change its setup."
            )
    try:
        school = storage.update_school(db, school.id, name=name)
    except (storage.ConflictError, storage.InvalidError) as error:
        raise _FieldError(ids.BLOCK_SCHOOL_NAME, str(error)) from None
    wanted = set(members) | {user_id}
    for member in wanted:
        storage.add_member(db, school.id, member, added_by=user_id)
    for member in storage.members_of(db, school.id):
        if member not in wanted:
            storage.remove_member(db, school.id, member)
    if channel:
        _save_trio(db, school, channel, partner_ids, user_id)
    return school


def _save_trio(
    db: Database,
    school: School,
    channel: str,
    partner_ids: list[int],
    user_id: str,
) -> None:
    current = storage.trio_of(db, school.id)
    if current is not None and current.channel_id != channel:
        storage.leave_trio(db, school.id, user_id)  # moving to another channel
    existing = storage.trio_for_channel(db, channel)
    ids_ = list(
        dict.fromkeys([*(existing.school_ids if existing else ()), school.id, *partner_ids])
    )
    if len(ids_) > storage.schools.TRIO_SIZE:
        names = ", ".join(storage.get_school(db, i).name for i in existing.school_ids)
        raise _FieldError(
            ids.BLOCK_TRIO_CHANNEL
            if existing and len(existing.school_ids) >= 3
            else ids.BLOCK_PARTNERS,
            f"A trio has three schools; that would make {len(ids_)} ({names} and yours). "
            "Choose another channel or fewer partners.",
        )
    try:
        storage.set_trio(db, channel, ids_, user_id)
    except (storage.ConflictError, storage.NotFoundError) as error:
        raise _FieldError(ids.BLOCK_PARTNERS, str(error)) from None


def _join(client: WebClient, channel: str) -> None:
    """Join a public trio channel so the summary can be posted; private ones need /invite."""
    try:
        client.conversations_join(channel=channel)
    except SlackApiError as error:
        log.info("could not join %s: %s", channel, error.response.get("error"))
