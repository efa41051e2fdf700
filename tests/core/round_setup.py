"""An alliance of one trio for the review round tests: East Midlands TSA, led by ULEAD."""

from __future__ import annotations

from datetime import date

import storage
from core import rounds
from storage.alliances import answer_alliance_invitation, create_alliance, invite_to_alliance

TODAY = date(2026, 11, 25)  # a Wednesday
SELF_DUE, CHALLENGE_DUE, OUTCOMES_DUE = date(2026, 12, 16), date(2026, 12, 30), date(2027, 1, 20)


def alliance_of(db, schools, name="East Midlands TSA", lead="ULEAD"):
    """An alliance led by `lead` that each of `schools` (school, member) has joined."""
    made = create_alliance(db, name, lead)
    for school, member in schools:
        invited = invite_to_alliance(db, made.id, school.id, lead)
        answer_alliance_invitation(db, invited.id, "accepted", member)
    return made


def east(db, trio):
    """Hillmead (UA, UA2; its own channel CHILL; cycle 1 judged, summary in C100) and its
    partner Oakfield (UB; no review yet) in East Midlands TSA."""
    hill, oak, _ = trio
    hill = storage.update_school(db, hill.id, channel_id="CHILL")
    return alliance_of(db, [(hill, "UA"), (oak, "UB")]), hill, oak


def open_round(db, framework, alliance, *, by="ULEAD", today=TODAY):
    return rounds.open_round(
        db, framework, by, alliance.id, SELF_DUE, CHALLENGE_DUE, OUTCOMES_DUE, today
    )
