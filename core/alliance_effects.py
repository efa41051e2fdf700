"""The Slack effects of alliances, written to the outbox in the change's transaction, as
:mod:`core.effects` describes: news of alliances and their invitations, review rounds and
their reminders, outcomes agreed between partners, external challengers and the alliance
export. Payloads hold references, rendered when delivered."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from core.effects import _put, school_lane, user_lane

ROUND_OPENED = "round_opened"
ROUND_REMINDER = "round_reminder"

AGREEMENT_NEWS = "agreement_news"


def agreement_news(db: Database, school_id: int, cycle_id: int, user_id: str, *, at: str) -> None:
    """Tell a member of the reviewed school, by DM, that a partner agreed its proposed
    outcomes or proposed a change (the answer given `at`; not sent once it has moved on)."""
    payload = {"cycle": cycle_id, "user": user_id, "school": school_id, "at": at}
    once = f"agreement:{cycle_id}:{at}:{user_id}"
    _put(db, AGREEMENT_NEWS, payload, lane=user_lane(user_id), by=None, once=once)


ALLIANCE_EXPORT = "alliance_export"


def alliance_export(db: Database, user_id: str, alliance_id: int, format: str = "both") -> None:
    """Build the alliance's round as a workbook and CSV (`format` "both"), or one of them
    ("xlsx", "csv"), as the lead may see it, and send it to the lead."""
    payload = {"user": user_id, "alliance": alliance_id, "format": format}
    _put(db, ALLIANCE_EXPORT, payload, lane=user_lane(user_id), by=user_id)


ALLIANCE_INVITATION = "alliance_invitation"
ALLIANCE_NEWS = "alliance_news"


def alliance_invitation(db: Database, invitation_id: int, user_id: str, *, by: str) -> None:
    """Ask a member of a school invited to an alliance, by DM, to accept or decline (once)."""
    once = f"alliance_invitation:{invitation_id}:{user_id}"
    payload = {"invitation": invitation_id, "user": user_id}
    _put(db, ALLIANCE_INVITATION, payload, lane=user_lane(user_id), by=by, once=once)


def alliance_news(db: Database, user_id: str, what: str, **refs: Any) -> None:
    """Tell a lead what changed in their alliance (`what`, see core.alliances; `refs`: the
    ids of the alliance, school or invitation it is about, and who did it)."""
    _put(
        db, ALLIANCE_NEWS, {"user": user_id, "what": what, **refs}, lane=user_lane(user_id), by=None
    )


def round_opened(db: Database, round_id: int, school_id: int, *, to: str, by: str) -> None:
    """Tell a school (`to`: its channel, or one member by DM) that a review round opened,
    with its dates (once)."""
    payload = {"round": round_id, "school": school_id, "to": to}
    once = f"round:{round_id}:{school_id}:{to}"
    _put(db, ROUND_OPENED, payload, lane=school_lane(school_id), by=by, once=once)


def round_reminder(db: Database, round_id: int, user_id: str, *, by: str | None = None) -> None:
    """A DM listing everything the person is due for in the round (`by`: the lead who
    nudged them, if one did)."""
    payload = {"round": round_id, "user": user_id, "by": by}
    _put(db, ROUND_REMINDER, payload, lane=user_lane(user_id), by=by)


EXTERNAL = "external"


def external(
    db: Database, school_id: int, user_id: str, person: str, what: str, *, by: str
) -> None:
    """Tell `user_id` (the challenger, or a member of the school) that `person` was asked to
    challenge the school's review as an external challenger (`what` "invited"), or to stop
    ("removed")."""
    payload = {"school": school_id, "user": user_id, "person": person, "what": what, "by": by}
    _put(db, EXTERNAL, payload, lane=user_lane(user_id), by=by)
