"""Asking for the alliance's round as a workbook and CSV: only its leads may (the alliance
policy); the files are built when the outbox delivers them, from the data as it is then."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlite_utils import Database

import storage
from core import alliance_effects
from core.alliance_policy import AllianceAction, check_alliance, led_by
from core.errors import Refusal, gone
from storage import alliances
from storage.alliances import Alliance

Format = Literal["both", "xlsx", "csv"]  # the workbook and the CSV, or one of them

NO_ALLIANCE = "That alliance no longer exists, so there is nothing to export."
NOT_A_LEAD = (
    "You don't lead an alliance, so there is no round to export. Anyone can start one with "
    "`/peer-review alliance setup`."
)


@dataclass(frozen=True)
class AllianceExportRequest:
    alliance: Alliance
    format: Format


def request_alliance_export(
    db: Database,
    user_id: str,
    alliance_id: int | None = None,
    *,
    named: str = "",
    format: Format = "both",
) -> AllianceExportRequest:
    """The alliance's round, sent to its lead by DM (refused to anyone else): alliance
    `alliance_id` (a button's), or else the one the lead means by `named`
    (:func:`alliance_to_export`, a command's)."""
    with storage.transaction(db):
        if alliance_id is None:
            alliance = alliance_to_export(db, user_id, named)
        else:
            with gone(NO_ALLIANCE):
                alliance = alliances.get_alliance(db, alliance_id)
        check_alliance(db, user_id, AllianceAction.EXPORT, alliance)
        alliance_effects.alliance_export(db, user_id, alliance.id, format)
    return AllianceExportRequest(alliance=alliance, format=format)


def alliance_to_export(db: Database, user_id: str, named: str = "") -> Alliance:
    """The alliance a lead means: the one they lead, or, leading several, the one `named`
    (forgivingly: any part of its name). Refused, saying which, when it is not clear."""
    mine = led_by(db, user_id)
    if not mine:
        raise Refusal(NOT_A_LEAD)
    wanted = " ".join(named.split()).casefold()
    if wanted:
        found = [a for a in mine if wanted in a.name.casefold()]
        if len(found) == 1:
            return found[0]
        exact = [a for a in found if a.name.casefold() == wanted]
        if exact:
            return exact[0]
    elif len(mine) == 1:
        return mine[0]
    names = ", ".join(a.name for a in mine)
    raise Refusal(
        f"Which alliance? You lead {names}: add its name, for example "
        f"`/peer-review alliance export {mine[0].name}`."
    )


def still_leads(db: Database, user_id: str, alliance_id: int) -> Alliance | None:
    """The alliance, if the person still leads it when the files are built (None if not,
    or if it is gone)."""
    try:
        alliance = alliances.get_alliance(db, alliance_id)
        check_alliance(db, user_id, AllianceAction.EXPORT, alliance)
    except (Refusal, storage.NotFoundError):
        return None
    return alliance
