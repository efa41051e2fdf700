"""The access policy: may this person do this to that school? One table, one place.

A person stands to a school in one of three ways (:class:`Relation`): a *member* of it, a
member of one of its trio *partner* schools, or an *outsider*. :data:`RULES` says which
relations may take each :class:`Action`; :func:`refusal` says why not, in words a school
leader understands. Handlers never decide permissions: they ask :func:`check`.
"""

from __future__ import annotations

from enum import StrEnum

from sqlite_utils import Database

import storage
from core.errors import Refusal
from storage.records import School


class Relation(StrEnum):
    MEMBER = "member"
    PARTNER = "partner"
    OUTSIDER = "outsider"


class Action(StrEnum):
    EDIT_SCHOOL = "edit the school's setup"
    JUDGE = "record or change a judgement"
    SEE_EVIDENCE = "see the full evidence"
    CHALLENGE = "challenge a judgement"
    RESPOND = "respond to a challenge"
    RECORD_OUTCOMES = "record agreed outcomes"
    SEE_RATINGS = "see the ratings"
    EXPORT = "export the diagnostic"
    START_CYCLE = "start a new review cycle"
    SET_REMINDERS = "turn reminders on or off"
    RECEIVE_REMINDERS = "receive reminders"
    INVITE = "invite schools to its trio"
    ANSWER_INVITATION = "accept or decline an invitation to a trio"
    WITHDRAW_INVITATION = "withdraw an invitation to its trio"
    LEAVE_TRIO = "leave its trio"
    ERASE = "erase the school and all its data"
    REFILE = "re-file a reply in its summary's thread"


M, P = Relation.MEMBER, Relation.PARTNER

RULES: dict[Action, frozenset[Relation]] = {
    Action.EDIT_SCHOOL: frozenset({M}),
    Action.JUDGE: frozenset({M}),
    Action.SEE_EVIDENCE: frozenset({M, P}),
    Action.CHALLENGE: frozenset({P}),
    Action.RESPOND: frozenset({M}),
    Action.RECORD_OUTCOMES: frozenset({M}),
    Action.SEE_RATINGS: frozenset({M, P}),
    Action.EXPORT: frozenset({M}),
    Action.START_CYCLE: frozenset({M}),
    Action.SET_REMINDERS: frozenset({M}),
    Action.RECEIVE_REMINDERS: frozenset({M}),
    Action.INVITE: frozenset({M}),
    Action.ANSWER_INVITATION: frozenset({M}),
    Action.WITHDRAW_INVITATION: frozenset({M}),
    Action.LEAVE_TRIO: frozenset({M}),
    Action.ERASE: frozenset({M}),
    Action.REFILE: frozenset({M, P}),  # and only its author: check_author
}

JOIN = "Ask one of its members to add you with `/peer-review setup`."

_ONLY_MEMBERS = {
    Action.EDIT_SCHOOL: "Only members of {school} can change its setup.",
    Action.JUDGE: "Only members of {school} can record or change its judgements. " + JOIN,
    Action.RESPOND: "Only members of {school} can respond to challenges of its judgements.",
    Action.RECORD_OUTCOMES: "Only members of {school} can record its agreed outcomes. " + JOIN,
    Action.EXPORT: "Only members of {school} can export its diagnostic. " + JOIN,
    Action.START_CYCLE: "Only members of {school} can start a new review cycle. " + JOIN,
    Action.SET_REMINDERS: "Only members of {school} can turn its reminders on or off.",
    Action.RECEIVE_REMINDERS: "Only members of {school} receive its reminders.",
    Action.INVITE: "Only members of {school} can invite schools to its trio.",
    Action.ANSWER_INVITATION: "Only members of {school} can accept or decline its invitations.",
    Action.WITHDRAW_INVITATION: "Only members of {school} can withdraw its invitations.",
    Action.LEAVE_TRIO: "Only members of {school} can take it out of its trio.",
    Action.ERASE: "Only members of {school} can erase it and everything recorded about it.",
}
_MEMBERS_AND_PARTNERS = {
    Action.REFILE: "Only the person who wrote a reply in {school}'s summary thread can re-file it.",
    Action.SEE_EVIDENCE: "Only members of {school} and its trio partners can see its evidence.",
    Action.SEE_RATINGS: (
        "Sorry, you can't see {school}'s ratings: only its members and its trio partners can."
    ),
}
_OWN_SCHOOL = (
    "You can't challenge {school}'s own judgements — reply in the summary's thread to "
    "respond to a challenge, or record agreed outcomes."
)
_NOT_A_PARTNER = "Only members of {school}'s trio partner schools can challenge its judgements."


def allowed(relation: Relation, action: Action) -> bool:
    return relation in RULES[action]


def refusal(relation: Relation, action: Action, school_name: str) -> str | None:
    """Why `relation` may not take `action` on the school (None when it may)."""
    if allowed(relation, action):
        return None
    if action is Action.CHALLENGE:
        template = _OWN_SCHOOL if relation is Relation.MEMBER else _NOT_A_PARTNER
    else:
        template = _ONLY_MEMBERS.get(action) or _MEMBERS_AND_PARTNERS[action]
    if relation is Relation.PARTNER:  # a partner reviews the school; they don't join it
        template = template.replace(" " + JOIN, "")
    return template.format(school=school_name)


def check_author(user_id: str, author_id: str) -> None:
    """A reply in a thread is re-filed by the person who wrote it, nobody else."""
    if user_id != author_id:
        raise Refusal("Only the person who wrote a reply can re-file it.")


def relation(db: Database, user_id: str, school: School) -> Relation:
    """How the person stands to the school."""
    if storage.is_member(db, school.id, user_id):
        return Relation.MEMBER
    row = db.execute(
        "SELECT 1 FROM trio_schools mine JOIN trio_schools theirs"
        " ON theirs.trio_id = mine.trio_id AND theirs.school_id != mine.school_id"
        " JOIN members m ON m.school_id = theirs.school_id"
        " WHERE mine.school_id = ? AND m.user_id = ? LIMIT 1",
        [school.id, user_id],
    ).fetchone()
    return Relation.PARTNER if row else Relation.OUTSIDER


def check(db: Database, user_id: str, action: Action, school: School) -> Relation:
    """The person's relation to the school, or :class:`Refusal` when they may not act."""
    found = relation(db, user_id, school)
    why = refusal(found, action, school.name)
    if why is not None:
        raise Refusal(why)
    return found


def may(db: Database, user_id: str, action: Action, school: School) -> bool:
    return allowed(relation(db, user_id, school), action)


def acting_for(db: Database, user_id: str, school: School) -> School | None:
    """The school the person acts for toward `school`: `school` itself for a member, their
    own school in its trio for a partner, None for an outsider."""
    if storage.is_member(db, school.id, user_id):
        return school
    return next(
        (p for p in storage.partners_of(db, school.id) if storage.is_member(db, p.id, user_id)),
        None,
    )


def schools_allowing(db: Database, user_id: str, action: Action) -> list[School]:
    """Every school on which the person may take `action` (their own, then partners)."""
    found: dict[int, School] = {}
    for school in storage.schools_of(db, user_id):
        if allowed(Relation.MEMBER, action):
            found[school.id] = school
        if allowed(Relation.PARTNER, action):
            for partner in storage.partners_of(db, school.id):
                found.setdefault(partner.id, partner)
    return list(found.values())


def who_may_see(db: Database, school: School) -> list[str]:
    """Everyone the bot shows the school's levels and evidence to: its members and the
    members of its trio partners (the relations allowed to SEE_EVIDENCE)."""
    people = storage.members_of(db, school.id)
    for partner in storage.partners_of(db, school.id):
        people += storage.members_of(db, partner.id)
    return list(dict.fromkeys(people))


def shown_to_all_readers(db: Database, school: School, channel: str, *, direct: bool) -> bool:
    """May everyone who can read `channel` see the school's levels and evidence? Yes in a
    direct message with the bot, in the school's own channel and in its trio's channel;
    anywhere else (a public channel, another school's channel) its answers go to the asker
    alone."""
    if direct or channel == school.channel_id:
        return True
    trio = storage.trio_of(db, school.id)
    return trio is not None and trio.channel_id == channel
