"""The access policy for an alliance as a whole: who may see and run its review.

A person stands to an alliance as one of its *leads*, a *member* of one of its schools, or
an *outsider* (:class:`Role`). :data:`ALLIANCE_RULES` says which roles may take each
:class:`AllianceAction`; what anyone may do to one school stays :mod:`core.policy`'s
question. Only leads see the alliance's progress: a member of an alliance school sees its
own school's round (dates, where it stands) through the school's own relations, and nobody
outside the alliance sees anything of it.
"""

from __future__ import annotations

from enum import StrEnum

from sqlite_utils import Database

import storage
from core.errors import Refusal
from storage import alliances
from storage.alliances import Alliance


class Role(StrEnum):
    LEAD = "lead"
    MEMBER = "member of one of its schools"
    OUTSIDER = "outsider"


class AllianceAction(StrEnum):
    SEE = "see the alliance's progress"
    INVITE_SCHOOLS = "invite schools to the alliance"
    ADD_LEADS = "add leads to the alliance"
    OPEN_ROUND = "open a review round"
    NUDGE = "nudge schools about the round"
    EXPORT = "export the alliance's round"


ALLIANCE_RULES: dict[AllianceAction, frozenset[Role]] = {
    action: frozenset({Role.LEAD}) for action in AllianceAction
}

_WHY_NOT = "Only the leads of {alliance} can {action}."


def role(db: Database, user_id: str, alliance: Alliance) -> Role:
    if user_id in alliances.leads_of(db, alliance.id):
        return Role.LEAD
    schools = set(alliances.schools_in(db, alliance.id))
    if any(school.id in schools for school in storage.schools_of(db, user_id)):
        return Role.MEMBER
    return Role.OUTSIDER


def alliance_refusal(found: Role, action: AllianceAction, alliance_name: str) -> str | None:
    """Why a person in role `found` may not take `action` (None when they may)."""
    if found in ALLIANCE_RULES[action]:
        return None
    return _WHY_NOT.format(alliance=alliance_name, action=action.value)


def check_alliance(db: Database, user_id: str, action: AllianceAction, alliance: Alliance) -> Role:
    """The person's role in the alliance, or :class:`Refusal` when they may not act."""
    found = role(db, user_id, alliance)
    why = alliance_refusal(found, action, alliance.name)
    if why is not None:
        raise Refusal(why)
    return found


def led_by(db: Database, user_id: str) -> list[Alliance]:
    """The alliances the person leads (the ones whose progress they may see)."""
    return alliances.alliances_led_by(db, user_id)
