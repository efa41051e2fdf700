"""What waits for a person as a reviewer of other schools: summaries to challenge and
proposed outcomes to agree (their Home tab's list).

For every school the person may challenge (:func:`core.policy.schools_allowing`: the
schools of their trio, and the schools they challenge as an external challenger), its
current review as :func:`core.stages.progress` sees it: a posted summary waiting for their
challenge (they, or their school, are among those next), or outcomes proposed and waiting
for their school to agree them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from sqlite_utils import Database

import storage
from core import standing
from core.policy import Action, may, schools_allowing
from core.stages import Progress, Stage, progress
from rubric.models import Framework
from storage.records import School

Waits = Literal["challenge", "agree"]


@dataclass(frozen=True)
class Waiting:
    """One school's review waiting for the person: to challenge its summary, or to agree
    its proposed outcomes."""

    school: School
    cycle_id: int
    what: Waits
    due: str | None  # the round's date for it (ISO date), if the review is in a round
    channel: str | None  # where its summary is
    ts: str | None


def waiting_for(db: Database, framework: Framework, user_id: str, today: date) -> list[Waiting]:
    """Every review waiting for the person, challenges first, each by its due date."""
    mine = {school.id for school in storage.schools_of(db, user_id)}
    found: list[Waiting] = []
    for school in schools_allowing(db, user_id, Action.CHALLENGE):
        cycle = storage.current_cycle(db, school.id)  # never a closed one
        if cycle is None or cycle.summary_ts is None:
            continue  # nothing to challenge or agree before its summary is posted
        current = standing.of_cycle(db, framework, cycle, school=school)
        where = progress(db, current, school, today)
        what = _waits(db, user_id, mine, where)
        if what is not None:
            found.append(
                Waiting(school, cycle.id, what, where.due, cycle.summary_channel, cycle.summary_ts)
            )
    return sorted(found, key=lambda w: (w.what != "challenge", w.due or "9999", w.school.name))


def _waits(db: Database, user_id: str, mine: set[int], where: Progress) -> Waits | None:
    ours = bool(mine & set(where.next_schools))
    if where.stage is Stage.CHALLENGE and where.summary_posted:
        return "challenge" if ours or user_id in where.next_people else None
    if where.stage is Stage.AGREEING and ours:
        return "agree" if may(db, user_id, Action.AGREE_OUTCOMES, where.school) else None
    return None
