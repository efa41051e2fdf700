"""Setting up a school: its name, members, channel, trio channel and partners; reminders."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlite_utils import Database

import storage
from core import channels, effects, people, trios
from core.errors import Refusal, gone, refusing
from core.policy import Action, check
from core.review import school_acted_on
from storage.records import School


@dataclass(frozen=True)
class SetupForm:
    school: School | None  # None: the person has no school yet and will create one
    members: list[str]
    trio_channel: str | None
    others_exist: bool  # are there schools to invite (found by name as the person types)
    partners: list[School]


def setup_form(db: Database, user_id: str) -> SetupForm:
    schools = storage.schools_of(db, user_id)
    school = schools[0] if schools else None
    trio = storage.trio_of(db, school.id) if school else None
    return SetupForm(
        school=school,
        members=storage.members_of(db, school.id) if school else [],
        trio_channel=trio.channel_id if trio else None,
        others_exist=storage.other_schools_exist(db, school.id if school else None),
        partners=_named(db, school) if school else [],
    )


def partner_candidates(db: Database, user_id: str, typed: str, most: int = 100) -> list[School]:
    """Schools whose name contains what the person typed, to invite: not their own."""
    mine = storage.schools_of(db, user_id)
    return storage.search_schools(db, typed, most=most, excluding=mine[0].id if mine else None)


def _named(db: Database, school: School) -> list[School]:
    """The partners the form shows chosen: in the trio, or invited and not yet answered."""
    trio = storage.trio_of(db, school.id)
    if trio is None:
        return []
    waiting = [
        storage.get_school(db, i.school_id) for i in storage.invitations_from_trio(db, trio.id)
    ]
    return [*storage.partners_of(db, school.id), *waiting]


@dataclass(frozen=True)
class Setup:
    """What the person submitted in the setup form."""

    school_id: int | None  # the school the form was opened for (None: a new school)
    name: str
    members: Sequence[str] = ()
    trio_channel: str | None = None
    partner_ids: Sequence[int] = ()
    own_channel: str | None = None
    confirmed: frozenset[str] = frozenset()  # channels they said to post in, warned who reads


def save_setup(db: Database, user_id: str, form: Setup) -> School:
    """Create or edit the school, its members, channel and trio, in one transaction.

    Refusals name the form field they are about: "name", "members", "channel" or
    "partners". The bot joins the trio channel and tells the person what was set up.
    """
    with storage.transaction(db):
        school = _school(db, user_id, form)
        before = storage.trio_of(db, school.id)
        _with_care(db, user_id, form, own=school.channel_id, trio=before and before.channel_id)
        with refusing("name"):
            school = storage.update_school(
                db, school.id, name=form.name, channel_id=form.own_channel or ""
            )
        wanted = set(form.members) | {user_id}
        with refusing("members"):
            for member in wanted:
                storage.add_member(db, school.id, member, added_by=user_id)
            removed = [m for m in storage.members_of(db, school.id) if m not in wanted]
            for member in removed:
                storage.remove_member(db, school.id, member, removed_by=user_id)
        if removed:
            people.forget_unreferenced(db)
        people.learn(db, sorted(wanted))
        if form.partner_ids and not form.trio_channel:
            chosen = [trios.school_or_none(db, i) for i in form.partner_ids]
            named = trios.names([s for s in chosen if s]) or "the schools you invite"
            raise Refusal(
                f"Choose a trio channel first: it is where {named} and your school will meet. "
                "Nothing was saved yet.",
                field="channel",
            )
        if form.trio_channel:
            trios.arrange(db, school, user_id, form.trio_channel, form.partner_ids)
            effects.join(db, school.id, form.trio_channel, by=user_id)
        if form.own_channel and form.own_channel != form.trio_channel:
            effects.join(db, school.id, form.own_channel, by=user_id)
        effects.notice(db, user_id, "setup_saved", school=school.id)
    return school


def _with_care(
    db: Database, user_id: str, form: Setup, *, own: str | None, trio: str | None
) -> None:
    """A newly chosen channel that others can read is saved only once the person confirms."""
    for field, chosen, current in (
        ("channel", form.trio_channel, trio),
        ("own_channel", form.own_channel, own),
    ):
        if not chosen or chosen == current or chosen in form.confirmed:
            continue
        readers = channels.needs_confirming(db, user_id, chosen)
        if readers is not None:
            raise Refusal(
                f"{readers.warning} Tick “{channels.CONFIRM}” to use it all the same, or "
                "choose a private channel.",
                field=field,
            )


def _school(db: Database, user_id: str, form: Setup) -> School:
    if form.school_id is None:
        mine = storage.schools_of(db, user_id)
        if mine:  # a second setup from an old form: edit the school they belong to
            return mine[0]
        try:
            return storage.create_school(db, form.name, user_id)
        except storage.ConflictError:
            raise Refusal(
                f"There is already a school called “{form.name}”. Ask one of its members to "
                "add you, or choose a different name.",
                field="name",
            ) from None
        except storage.InvalidError as error:
            raise Refusal(str(error), field="name") from None
    with gone("That school no longer exists.", field="name"):
        school = storage.get_school(db, form.school_id)
    try:
        check(db, user_id, Action.EDIT_SCHOOL, school)
    except Refusal as refusal:
        raise Refusal(str(refusal), field="name") from None
    return school


def set_reminders(db: Database, user_id: str, on: bool | None) -> School:
    """Turn the school's reminders on or off (None: just say which)."""
    with storage.transaction(db):
        school = school_acted_on(db, user_id, Action.SET_REMINDERS)
        if on is not None:
            school = storage.set_reminders(db, school.id, on)
    return school
