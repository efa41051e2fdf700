"""What the school's previous cycle left for this one: its judgement of an area, and the key
actions it set, which the judgement form asks about."""

from __future__ import annotations

import re

from sqlite_utils import Database

import storage
from storage.records import Cycle, Judgement


def previous_judgement(db: Database, cycle: Cycle, area_id: str) -> tuple[Cycle, Judgement] | None:
    """The same area's judgement in the school's previous cycle, if there was one."""
    before = storage.previous_cycle(db, cycle)
    if before is None:
        return None
    judgement = storage.judgements_for(db, before.id).get(area_id)
    return (before, judgement) if judgement else None


def action_lines(key_actions: str, most: int = 10) -> list[str]:
    """Key actions written one per line (bullets and numbers dropped), at most `most`."""
    lines = [
        re.sub(r"^\s*(?:[-*•]|\d+[.)])\s*", "", line).strip() for line in key_actions.splitlines()
    ]
    return [line for line in lines if line][:most]


def last_actions(db: Database, cycle: Cycle, area_id: str) -> list[str]:
    """Last cycle's key actions for the area, one per line (empty in a first cycle)."""
    found = previous_judgement(db, cycle, area_id)
    return action_lines(found[1].key_actions) if found else []
