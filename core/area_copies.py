"""Which messages may be an area's copy: where a click on an area's buttons can come from.

A button's value names the cycle and area; the message it was clicked on is Slack's. A
forged value could name another area, or another school's, on a message that is not its
copy: the click would then make that message show the other area. Only the area's live
copy, or a message where the bot sends that school's areas and that holds no other area or
summary, is taken as one.
"""

from __future__ import annotations

from sqlite_utils import Database

import storage
from core.policy import Action, may
from rubric.models import Area
from storage import messages
from storage.records import Cycle, School


def is_a_copy(
    db: Database, school: School, cycle: Cycle, area: Area, message: tuple[str, str], user_id: str
) -> bool:
    """Could the message a person acted on be a copy of the area the bot sent? The live copy
    is; any other only where the bot sends areas (the school's own channel, or the DM of the
    person if they may judge: a DM's buttons are clicked only by the one it is with), and
    only if the bot has not recorded it as another area's copy or a summary."""
    live = messages.area_message(db, cycle.id, area.id)
    if live is not None and (live.channel_id, live.ts) == message:
        return True
    held = messages.area_at(db, *message)
    if held is not None and (held.cycle_id, held.area_id) != (cycle.id, area.id):
        return False  # another area's live copy
    if storage.cycle_for_summary(db, *message) is not None:
        return False
    channel = message[0]
    if channel == school.channel_id:
        return True
    return channel.startswith("D") and may(db, user_id, Action.JUDGE, school)
